"""Four role groups per portal, with page permissions on the portal's subtree.

Groups are created in bulk (the national network has 3,356 portals: 13,424 groups and about
60,000 permission rows), so seeding never goes through one `Group.save()` per portal.
"""

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

from cong.editorial.models import PortalRole, Role

# What each role may do on its portal's pages. Editors cannot publish: only an approver (or the
# final step of the workflow, which an approver performs) puts a page live.
ROLE_PAGE_PERMISSIONS = {
    Role.AUTHOR: ["add"],
    Role.EDITOR: ["add", "change", "lock", "unlock"],
    Role.APPROVER: ["add", "change", "publish", "lock", "unlock"],
    Role.ADMIN: ["add", "change", "publish", "bulk_delete", "lock", "unlock"],
}

# Group names are data shown to administrators, kept in Vietnamese whatever the UI language.
ROLE_GROUP_LABEL = {
    Role.AUTHOR: "Phóng viên",
    Role.EDITOR: "Biên tập",
    Role.APPROVER: "Lãnh đạo duyệt",
    Role.ADMIN: "Quản trị cổng",
}

# Who may act on a workflow step that asks for a role (on the page's own portal).
ROLES_REVIEWING = {
    Role.EDITOR: {Role.EDITOR, Role.APPROVER, Role.ADMIN},
    Role.APPROVER: {Role.APPROVER, Role.ADMIN},
}

# Roles that may speak for a portal to other portals (push down, propose up, accept, decline).
DECIDING_ROLES = {Role.EDITOR, Role.APPROVER, Role.ADMIN}


def group_name(portal, role: str) -> str:
    return f"{ROLE_GROUP_LABEL[Role(role)]} · {portal.title[:100]} · {portal.pk}"


def _page_permissions() -> dict[str, Permission]:
    codenames = {
        f"{action}_page" for actions in ROLE_PAGE_PERMISSIONS.values() for action in actions
    }
    return {
        perm.codename.removesuffix("_page"): perm
        for perm in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        )
    }


def create_portal_roles(portal_ids: Iterable[int], batch_size: int = 2000) -> int:
    """Create the four role groups of each portal that lacks them. Idempotent; returns the
    number of groups created."""
    from cong.network.models import PortalPage

    portal_ids = list(portal_ids)
    if not portal_ids:
        return 0
    page_perms = _page_permissions()
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    created = 0
    for start in range(0, len(portal_ids), batch_size):
        chunk = portal_ids[start : start + batch_size]
        existing = set(
            PortalRole.objects.filter(portal_id__in=chunk).values_list("portal_id", "role")
        )
        portals = PortalPage.objects.filter(pk__in=chunk).only("pk", "title")
        wanted = [(p, role) for p in portals for role in Role if (p.pk, role.value) not in existing]
        if not wanted:
            continue
        with transaction.atomic():
            names = {group_name(p, role): (p, role) for p, role in wanted}
            Group.objects.bulk_create([Group(name=n) for n in names], ignore_conflicts=True)
            groups = dict(Group.objects.filter(name__in=names).values_list("name", "pk"))
            PortalRole.objects.bulk_create(
                [
                    PortalRole(group_id=groups[n], portal_id=p.pk, role=role)
                    for n, (p, role) in names.items()
                ],
                ignore_conflicts=True,
            )
            GroupPagePermission.objects.bulk_create(
                [
                    GroupPagePermission(
                        group_id=groups[n], page_id=p.pk, permission=page_perms[action]
                    )
                    for n, (p, role) in names.items()
                    for action in ROLE_PAGE_PERMISSIONS[role]
                ],
                ignore_conflicts=True,
            )
            Group.permissions.through.objects.bulk_create(
                [
                    Group.permissions.through(group_id=gid, permission_id=access_admin.pk)
                    for gid in groups.values()
                ],
                ignore_conflicts=True,
            )
        created += len(names)
    return created


def grant_role(user, role: str, portal) -> bool:
    """Put `user` in `portal`'s group for `role`; False if they already held it."""
    create_portal_roles([portal.pk])
    group = PortalRole.objects.get(portal=portal, role=role).group
    if user.groups.filter(pk=group.pk).exists():
        return False
    user.groups.add(group)
    _forget(user)
    return True


def revoke_role(user, role: str, portal) -> bool:
    role_row = PortalRole.objects.filter(portal=portal, role=role).select_related("group").first()
    if role_row is None or not user.groups.filter(pk=role_row.group_id).exists():
        return False
    user.groups.remove(role_row.group)
    _forget(user)
    return True


def _forget(user):
    for attr in (
        "_cong_roles",
        "_portal_task_checks",
        "_page_permission_cache",
        "_cong_handles_any",
    ):
        user.__dict__.pop(attr, None)


def held_roles(user) -> list[tuple[int, str, str]]:
    """(portal id, portal path, role) for every role the user holds; cached on the user."""
    if not user.is_authenticated:
        return []
    if "_cong_roles" not in user.__dict__:
        user.__dict__["_cong_roles"] = list(
            PortalRole.objects.held_by(user).values_list("portal_id", "portal__path", "role")
        )
    return user.__dict__["_cong_roles"]


def portals_with_role(user, roles: Iterable[str]) -> list[int]:
    roles = set(roles)
    return [pid for pid, _path, role in held_roles(user) if role in roles]


def portal_chain(page_paths: Iterable[str]) -> dict[str, list[str]]:
    """For each page path, the paths of the portal pages at or above it, top down."""
    from cong.network.models import PortalPage

    page_paths = list(page_paths)
    step = Page.steplen
    ancestors = {p[:i] for p in page_paths for i in range(step, len(p) + 1, step)}
    portal_paths = set(PortalPage.objects.filter(path__in=ancestors).values_list("path", flat=True))
    return {
        p: [p[:i] for i in range(step, len(p) + 1, step) if p[:i] in portal_paths]
        for p in page_paths
    }


def pages_user_can_decide(user, pages: list[tuple[int, str]], roles: set[str]) -> set[int]:
    """Ids of `pages` ((pk, path) pairs) whose own portal the user serves in one of `roles`,
    or which lie under a portal the user administers."""
    if user.is_superuser:
        return {pk for pk, _ in pages}
    held = held_roles(user)
    own = {path for _pid, path, role in held if role in roles}
    administered = {path for _pid, path, role in held if role == Role.ADMIN}
    if not own and not administered or not pages:
        return set()
    chains = portal_chain(path for _pk, path in pages)
    allowed = set()
    for pk, path in pages:
        chain = chains[path]
        if chain and (chain[-1] in own or any(p in administered for p in chain)):
            allowed.add(pk)
    return allowed


def user_reviews_page(user, page, role: str) -> bool:
    return bool(pages_user_can_decide(user, [(page.pk, page.path)], ROLES_REVIEWING[Role(role)]))


def user_can_decide_for_portal(user, portal) -> bool:
    """May the user act in the portal's name (its editor, approver or administrator, or an
    administrator of a portal above it)?"""
    if user.is_superuser:
        return True
    for _pid, path, role in held_roles(user):
        if path == portal.path and role in DECIDING_ROLES:
            return True
        if role == Role.ADMIN and portal.path.startswith(path):
            return True
    return False


def administered_portals(user):
    """Portals the user administers, with every portal below them."""
    from django.db.models import Q

    from cong.network.models import PortalPage

    if user.is_superuser:
        return PortalPage.objects.all()
    paths = [path for _pid, path, role in held_roles(user) if role == Role.ADMIN]
    if not paths:
        return PortalPage.objects.none()
    subtree = Q()
    for path in paths:
        subtree |= Q(path__startswith=path)
    return PortalPage.objects.filter(subtree)
