"""Finding a portal from what an operator types on the command line."""

from django.core.exceptions import ObjectDoesNotExist
from wagtail.models import Site

from cong.network.models import PortalPage


class PortalNotFound(ObjectDoesNotExist):
    pass


def national_portal() -> PortalPage:
    portal = PortalPage.objects.filter(unit__level=0).order_by("depth", "path").first()
    if portal is None:
        raise PortalNotFound("No national portal yet: run `manage.py seed_network` first.")
    return portal


def find_portal(ref: str) -> PortalPage:
    """A portal by its path under the national host ('ha-noi/phuong-ba-dinh'), by its unit's
    official code ('01', '00004'), or the national portal for '', '/' or 'national'."""
    ref = (ref or "").strip().strip("/")
    if ref in ("", "national", "quoc-gia"):
        return national_portal()
    by_code = PortalPage.objects.filter(unit__code=ref).order_by("unit__scheme").first()
    if by_code:
        return by_code
    national = national_portal()
    site = Site.objects.filter(root_page=national).first()
    root_url_path = national.url_path if site else "/"
    found = PortalPage.objects.filter(url_path=f"{root_url_path}{ref}/").first()
    if found is None:
        # Also accept a bare slug when it is unique network-wide ('phuong-ba-dinh').
        candidates = list(PortalPage.objects.filter(slug=ref)[:2])
        if len(candidates) == 1:
            return candidates[0]
        hint = " (ambiguous: give the full path, e.g. ha-noi/…)" if candidates else ""
        raise PortalNotFound(f"No portal '{ref}'{hint}.")
    return found
