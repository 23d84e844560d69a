"""Admin integration: portal-scoped choosers, change notes, menus, dashboard, log actions."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from cong.core.text import clean_text
from cong.editorial import urls as editorial_urls
from cong.editorial.models import ChangeNote
from cong.editorial.panels import PortalPanel
from cong.editorial.roles import DECIDING_ROLES, Role, held_roles


@hooks.register("register_admin_urls")
def register_editorial_urls():
    return [path("editorial/", include(editorial_urls))]


@hooks.register("construct_page_chooser_queryset")
def limit_chooser_to_own_portals(pages, request):
    """Editors choose only among pages they could explore: their own portals."""
    user = request.user
    if user.is_superuser:
        return pages
    explorable = page_permission_policy.explorable_instances(user).values("pk")
    parent_id = (request.resolver_match.kwargs if request.resolver_match else {}).get(
        "parent_page_id"
    )
    if parent_id and not Page.objects.filter(pk=parent_id, pk__in=explorable).exists():
        raise PermissionDenied
    return pages.filter(pk__in=explorable)


def _save_change_note(request, page):
    note = clean_text(request.POST.get("change_note") or "")
    if not note:
        return
    fresh = (
        Page.objects.filter(pk=page.pk)
        .values(
            "first_published_at",
            "last_published_at",
            "live",
            "live_revision_id",
            "latest_revision_id",
        )
        .first()
    )
    revision = page.get_latest_revision()
    if fresh is None or revision is None or fresh["first_published_at"] is None:
        return
    if fresh["first_published_at"] >= revision.created_at:
        return  # the first publication is not a correction
    just_published = fresh["live"] and fresh["live_revision_id"] == revision.pk
    ChangeNote.objects.create(
        page_id=page.pk,
        revision=revision,
        note=note,
        user=request.user,
        published_at=fresh["last_published_at"] if just_published else None,
    )


@hooks.register("after_edit_page")
def record_change_note(request, page):
    _save_change_note(request, page)


@hooks.register("register_page_header_buttons")
def propose_button(page, user, view_name=None, next_url=None):
    from cong.news.models import ArticlePage

    if page.specific_class is not ArticlePage or not page.live or page.depth < 5:
        return
    held = {role for _pid, _path, role in held_roles(user)}
    if user.is_superuser or held & DECIDING_ROLES:
        yield ListingButton(
            _("Propose to the portal above"),
            reverse("editorial_propose", args=[page.pk]),
            icon_name="upload",
            priority=80,
        )


def _has_role(request, roles):
    return request.user.is_superuser or any(r in roles for _p, _pa, r in held_roles(request.user))


class RoleMenuItem(MenuItem):
    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = roles

    def is_shown(self, request):
        return _has_role(request, self.roles)


@hooks.register("register_admin_menu_item")
def editorial_menu():
    items = [
        RoleMenuItem(
            _("Proposals"),
            reverse("editorial_proposals"),
            icon_name="upload",
            order=100,
            roles=DECIDING_ROLES,
        ),
        RoleMenuItem(
            _("Roles and approval"),
            reverse("editorial_roles"),
            icon_name="group",
            order=200,
            roles={Role.ADMIN},
        ),
        RoleMenuItem(
            _("Audit log"),
            reverse("editorial_audit"),
            icon_name="history",
            order=300,
            roles={Role.ADMIN, Role.APPROVER},
        ),
    ]
    return SubmenuMenuItem(_("Network editorial"), Menu(items=items), icon_name="site", order=250)


@hooks.register("construct_homepage_panels")
def add_portal_panel(request, panels):
    panels.insert(0, PortalPanel())


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "cong.proposal.propose", _("Propose up"), _("Proposed to the portal above")
    )
    actions.register_action("cong.proposal.accepted", _("Accept proposal"), _("Proposal accepted"))
    actions.register_action("cong.proposal.declined", _("Decline proposal"), _("Proposal declined"))
    actions.register_action(
        "cong.proposal.withdrawn", _("Withdraw proposal"), _("Proposal withdrawn")
    )
    actions.register_action("cong.role.grant", _("Grant role"), _("Role granted"))
    actions.register_action("cong.role.revoke", _("Revoke role"), _("Role removed"))
    actions.register_action(
        "cong.workflow.set", _("Set approval process"), _("Approval process changed")
    )


def _own_pages(user):
    """Pages under the portals where the user holds a role (None for a superuser: all)."""
    from django.db.models import Q

    from cong.core.tree import subtree_q

    if user.is_superuser:
        return None
    subtree = Q(pk__in=[])
    for portal_path in {portal_path for _pid, portal_path, _role in held_roles(user)}:
        subtree |= Q(path=portal_path) | subtree_q(portal_path)
    return Page.objects.filter(subtree)


def _per_request(function):
    """The filter form asks for its choices several times while one explorer page renders."""

    def cached(request):
        from django.contrib.auth import get_user_model

        store = request.__dict__.setdefault("_cong_filter_choices", {})
        if function.__name__ not in store:
            store[function.__name__] = list(function(request).values_list("pk", flat=True))
        return get_user_model().objects.filter(pk__in=store[function.__name__])

    return cached


def _page_owners(request):
    from django.contrib.auth import get_user_model

    pages = _own_pages(request.user)
    pages = Page.objects.all() if pages is None else pages
    return get_user_model().objects.filter(pk__in=pages.order_by().values("owner_id").distinct())


def _page_editors(request):
    from django.contrib.auth import get_user_model
    from wagtail.models import PageLogEntry

    entries = PageLogEntry.objects.filter(action="wagtail.edit")
    pages = _own_pages(request.user)
    if pages is not None:
        entries = entries.filter(page_id__in=pages.values("pk"))
    return get_user_model().objects.filter(pk__in=entries.order_by().values("user_id").distinct())


def _scope_page_listing_filters():
    """The explorer's 'Owner' and 'Edited by' filters list the users of the editor's own
    portals, not every page owner in the network: no names leak across portals, and the
    choices no longer scan the whole page table (100,000+ articles)."""
    from wagtail.admin.views.pages.listing import PageFilterSet

    PageFilterSet.base_filters["owner"].queryset = _per_request(_page_owners)
    PageFilterSet.base_filters["edited_by"].queryset = _per_request(_page_editors)


_scope_page_listing_filters()


def _cheap_leaf_delete_check():
    """Editors may change but not publish, so for every row of the explorer Wagtail asks the
    database twice (move and delete buttons) whether the page has a live descendant. For a
    leaf page — every article — the answer is the page's own `live` flag, already loaded."""
    from wagtail.models import PagePermissionTester

    original = PagePermissionTester.can_delete
    if getattr(original, "_cong_leaf_shortcut", False):
        return

    def can_delete(self, ignore_bulk=False):
        page = self.page
        if (
            self.user.is_active
            and not self.user.is_superuser
            and not self.page_is_root
            and page.numchild == 0
            and "change" in self.permissions
            and "publish" not in self.permissions
        ):
            return not page.live
        return original(self, ignore_bulk=ignore_bulk)

    can_delete._cong_leaf_shortcut = True
    PagePermissionTester.can_delete = can_delete


_cheap_leaf_delete_check()
