"""Who acts on a dossier: the editorial roles of its handling portal (cong.editorial.roles).

Officers (Biên tập) take assigned dossiers through processing; leaders (Lãnh đạo duyệt) also
assign and reject. A portal administrator acts on its own portal and every portal below it.
A role on another portal — a neighbouring commune, or the province for a commune's dossier
without being its administrator — gives nothing."""

from django.db.models import Q

from cong.editorial.models import Role
from cong.editorial.roles import held_roles

OFFICER_ROLES = {Role.EDITOR, Role.APPROVER, Role.ADMIN}
LEADER_ROLES = {Role.APPROVER, Role.ADMIN}


def roles_on(user, portal_path: str) -> set[str]:
    """The roles that count for a dossier handled by the portal at `portal_path`."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    if user.is_superuser:
        return {Role.ADMIN}
    roles = set()
    for _pid, path, role in held_roles(user):
        if path == portal_path:
            roles.add(role)
        elif role == Role.ADMIN and portal_path.startswith(path):
            roles.add(Role.ADMIN)
    return roles


def can_act(user, portal_path: str, needed: set[str]) -> bool:
    return bool(roles_on(user, portal_path) & needed)


def dossier_scope(user) -> Q | None:
    """A filter on Dossier for the portals the user serves; None when they serve none."""
    if user.is_superuser:
        return Q()
    condition, any_role = Q(), False
    for _pid, path, role in held_roles(user):
        if role in OFFICER_ROLES:
            any_role = True
            if role == Role.ADMIN:
                condition |= Q(portal__path__startswith=path)
            else:
                condition |= Q(portal__path=path)
    return condition if any_role else None


def serves_any(user) -> bool:
    return user.is_authenticated and dossier_scope(user) is not None
