"""Carry out a purge: new tag generations in Django's cache, the front tier's files removed,
and the same URLs sent to Wagtail's frontend-cache purgers (CDN, Varnish, …) when configured.

Runs after the transaction commits, so a page rendered after the purge reads the new rows."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from wagtail.models import Site

from cong.caching import store
from cong.caching.invalidation import Purge

logger = logging.getLogger(__name__)
LANGUAGE_PREFIXES = ("", "/en")


def _site_roots() -> list[tuple[Site, str]]:
    return [(site, site.root_page.url_path) for site in Site.objects.select_related("root_page")]


def _relative(url_path: str, root_url_path: str) -> str | None:
    if not url_path.startswith(root_url_path):
        return None
    return url_path[len(root_url_path) - 1 :]


def _host_roots() -> dict[str, str]:
    """Each host directory of the front tier → the url_path of the site it serves."""
    from cong.network.sites import find_site

    roots = {}
    for host in store.host_dirs():
        site = find_site(host, 80)
        if site is not None:
            roots[host] = Site.objects.get(pk=site.pk).root_page.url_path
    return roots


def _request_paths(url_paths, root_url_path: str) -> list[str]:
    paths = []
    for url_path in url_paths:
        relative = _relative(url_path, root_url_path)
        if relative is not None:
            paths += [prefix + relative for prefix in LANGUAGE_PREFIXES]
    return paths


def delete_files(purge: Purge) -> int:
    removed = 0
    for host, root in _host_roots().items():
        removed += store.delete_files(
            host,
            _request_paths(purge.pages, root),
            _request_paths(purge.subtrees, root),
        )
    return removed


def frontend_urls(purge: Purge) -> list[str]:
    """The purge as full URLs on every configured Site (both languages)."""
    from cong.news.models import ArticlePage

    url_paths = set(purge.pages)
    for section in purge.subtrees:
        url_paths.add(section)
        url_paths |= {
            url + suffix
            for url in ArticlePage.objects.filter(url_path__startswith=section).values_list(
                "url_path", flat=True
            )
            for suffix in ("", "in/")
        }
    urls = []
    for site, root in _site_roots():
        urls += [site.root_url + path for path in _request_paths(sorted(url_paths), root)]
    return urls


def run(purge: Purge) -> None:
    if purge.everything:
        store.bump_tags({"global"})
        store.delete_all_files()
        if settings.WAGTAILFRONTENDCACHE:
            from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

            purge_urls_from_cache([site.root_url + "/" for site, _ in _site_roots()])
        return
    store.bump_tags(purge.tags)
    delete_files(purge)
    if settings.WAGTAILFRONTENDCACHE:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(frontend_urls(purge))
    logger.debug("purged %d tags, %d pages", len(purge.tags), len(purge.pages))


def active() -> bool:
    """Anything to purge? (The page cache on, or a CDN/proxy purger configured.)"""
    return bool(store.conf()["ENABLED"] or settings.WAGTAILFRONTENDCACHE)


def schedule(purge) -> None:
    """Purge once the current transaction commits (at once outside a transaction). `purge` is
    a Purge or a function computing it, called after the commit so it reads the new rows."""
    if active():
        transaction.on_commit(lambda: run(purge() if callable(purge) else purge))
