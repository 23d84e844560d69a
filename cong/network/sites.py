"""Wagtail Sites for the network: the national default site, portal hostnames, and a cached
hostname → Site lookup.

Wagtail 8 caches the list of site root paths (used to build URLs) but `Site.find_for_request`
still runs one query per request (cached only on the request object). `SiteCacheMiddleware`
answers it from the Django cache instead, keyed by hostname, port and the network's generation
(`cong.core.frames`), which moves in every process when a Site or a Site's root page changes.
"""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

_TIMEOUT = 600
_NO_SITE = "-"
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)
WELCOME_PAGE_SLUG = "home"


class PortalDomainError(ValueError):
    pass


# --- national default site ---------------------------------------------------------------


def ensure_default_site(national: Page) -> list[str]:
    """Point the default Site at the national portal and drop Wagtail's stock welcome page.
    Returns what changed, for the command's report."""
    messages = []
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname = settings.CONG_NATIONAL_HOSTNAME
        existing = Site.objects.filter(hostname=hostname, port=80).first()
        if existing:
            existing.is_default_site = True
            site = existing
        else:
            site = Site(hostname=hostname, port=80, is_default_site=True)
        site.root_page = national
        site.site_name = national.title
        site.save()
        messages.append(f"default site {site.hostname}:{site.port} → {national.title}")
    elif site.root_page_id != national.pk:
        site.root_page = national
        site.site_name = site.site_name or national.title
        site.save()
        messages.append(f"default site {site.hostname}:{site.port} now rooted at {national.title}")

    page_type = ContentType.objects.get_for_model(Page)
    site_roots = Site.objects.values_list("root_page_id", flat=True)
    welcome = Page.objects.filter(
        depth=2, slug=WELCOME_PAGE_SLUG, content_type=page_type, numchild=0
    ).exclude(pk__in=site_roots)
    for page in welcome:
        page.delete()
        messages.append(f'removed Wagtail\'s welcome page "{page.title}"')
    return messages


# --- portal hostnames ------------------------------------------------------------------------


def clean_hostname(value: str) -> str:
    hostname = (value or "").strip().lower().rstrip(".")
    if "://" in hostname or "/" in hostname or ":" in hostname or not _HOSTNAME.match(hostname):
        raise PortalDomainError(
            f"'{value}' is not a host name (give it bare, e.g. hanoi.gov.vn; the port goes in --port)"
        )
    return hostname


def set_portal_domain(portal: Page, hostname: str, port: int = 80) -> tuple[Site, bool]:
    """Serve `portal` at hostname:port. Returns the Site and whether it was created."""
    hostname = clean_hostname(hostname)
    site = Site.objects.filter(hostname=hostname, port=port).first()
    if site is None:
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=portal, site_name=portal.title
        )
        return site, True
    if site.is_default_site and site.root_page_id != portal.pk:
        raise PortalDomainError(
            f"{hostname}:{port} is the default (national) site; choose another host name"
        )
    site.root_page = portal
    site.site_name = portal.title
    site.save()
    return site, False


def remove_portal_domain(portal: Page, hostname: str, port: int = 80) -> None:
    hostname = clean_hostname(hostname)
    site = Site.objects.filter(hostname=hostname, port=port, root_page=portal).first()
    if site is None:
        raise PortalDomainError(f"{portal.title} is not served at {hostname}:{port}")
    if site.is_default_site:
        raise PortalDomainError(f"{hostname}:{port} is the default site; it cannot be removed")
    site.delete()


# --- cached Site.find_for_request ------------------------------------------------------------


def find_site(hostname: str, port) -> Site | None:
    """What `Site.find_for_request` would answer for hostname:port, from the cache."""
    from cong.core import frames

    digest = hashlib.sha1(f"{hostname}:{port}".encode()).hexdigest()
    # The network's generation moves, in every process, when a Site or a Site's root changes.
    key = f"cong:site:{frames.generation()}:{digest}"
    site = cache.get(key)
    if site is None:
        try:
            site = get_site_for_hostname(hostname, port)
            site.root_page = site.root_page.specific  # routing starts from the specific root
        except Site.DoesNotExist:
            site = _NO_SITE
        cache.set(key, site, _TIMEOUT)
    return None if isinstance(site, str) else site


class SiteCacheMiddleware:
    """Resolve the request's Wagtail Site from the cache before Wagtail asks the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            hostname = split_domain_port(request._get_raw_host())[0]
            request._wagtail_site = find_site(hostname, request.get_port())
        return self.get_response(request)
