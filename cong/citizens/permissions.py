"""Who handles which unit's queue. The one place to switch to cong.editorial's roles.

Until then the rule is Wagtail's own: a user handles a portal's queue when one of their groups
holds a page permission on exactly that portal page (a province's editors are not the commune's
handlers, even though their page permissions reach the commune's pages), and approves when that
permission is `publish_page`. Superusers handle every queue.
"""

from django.contrib.auth import get_user_model
from wagtail.models import GroupPagePermission

from cong.network.models import PortalPage


def _grants(user):
    return GroupPagePermission.objects.filter(group__user=user)


def handled_portals(user):
    """Portal pages whose citizen queues `user` works on."""
    if not (user and user.is_authenticated and user.is_active):
        return PortalPage.objects.none()
    if user.is_superuser:
        return PortalPage.objects.all()
    return PortalPage.objects.filter(pk__in=_grants(user).values("page_id"))


def handles_any(user) -> bool:
    """Asked several times per admin page (menu, sidebar, dashboard): answered once per user
    object, i.e. once per request."""
    if not (user and user.is_authenticated):
        return False
    if "_cong_handles_any" not in user.__dict__:
        user.__dict__["_cong_handles_any"] = handled_portals(user).exists()
    return user.__dict__["_cong_handles_any"]


def can_handle(user, portal_id: int) -> bool:
    return handled_portals(user).filter(pk=portal_id).exists()


def can_approve(user, portal_id: int) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return _grants(user).filter(page_id=portal_id, permission__codename="publish_page").exists()


def handlers_of(portal_id: int):
    """Users who may be assigned a question of this portal."""
    User = get_user_model()
    groups = GroupPagePermission.objects.filter(page_id=portal_id).values("group_id")
    return User.objects.filter(is_active=True, groups__in=groups).distinct().order_by("username")
