"""Settings of the full-page cache, read from the environment (see docs/caching.md).

Imported by `cong/settings/base.py`, so nothing here imports Django."""

import os
from pathlib import Path


def _int(environ, name: str, default: int) -> int:
    value = environ.get(name, "")
    return int(value) if value.strip() else default


def page_cache_settings(environ=os.environ, var_dir: Path | None = None) -> dict:
    """CONG_PAGE_CACHE=0 turns the cache off; the rest tunes it."""
    frontcache = environ.get("CONG_FRONTCACHE_DIR") or (
        str(Path(var_dir) / "frontcache") if var_dir else ""
    )
    return {
        "ENABLED": environ.get("CONG_PAGE_CACHE", "1") != "0",
        # Seconds an entry may live in Django's cache (purges remove it earlier).
        "TIMEOUT": _int(environ, "CONG_PAGE_CACHE_TIMEOUT", 24 * 3600),
        # Cache-Control for browsers (max-age) and CDNs (s-maxage).
        "MAX_AGE": _int(environ, "CONG_CACHE_MAX_AGE", 0),
        "S_MAXAGE": _int(environ, "CONG_CACHE_S_MAXAGE", 300),
        # Directory of pre-rendered pages that nginx serves without Python ("" = off).
        "FRONTCACHE_DIR": frontcache if environ.get("CONG_FRONTCACHE", "1") != "0" else "",
        # Host names the front tier writes files for, besides the Sites' own, the national
        # host name and CONG_BASE_URL's (a forged Host header must not fill the disk).
        "HOSTS": [h.strip().lower() for h in environ.get("CONG_FRONTCACHE_HOSTS", "").split(",")]
        if environ.get("CONG_FRONTCACHE_HOSTS")
        else [],
    }


def frontend_cache_backends(environ=os.environ) -> dict:
    """Wagtail's frontend-cache purgers (wagtail.contrib.frontend_cache) from the environment:
    CONG_FRONTEND_CACHE_PURGE_URL (an HTTP PURGE endpoint: Varnish, nginx cache_purge, …) and/or
    CONG_CLOUDFLARE_ZONE_ID + CONG_CLOUDFLARE_API_TOKEN, CONG_CLOUDFRONT_DISTRIBUTION_ID."""
    backends = {}
    if environ.get("CONG_FRONTEND_CACHE_PURGE_URL"):
        backends["http"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": environ["CONG_FRONTEND_CACHE_PURGE_URL"],
        }
    if environ.get("CONG_CLOUDFLARE_ZONE_ID") and environ.get("CONG_CLOUDFLARE_API_TOKEN"):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": environ["CONG_CLOUDFLARE_ZONE_ID"],
            "BEARER_TOKEN": environ["CONG_CLOUDFLARE_API_TOKEN"],
        }
    if environ.get("CONG_CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": environ["CONG_CLOUDFRONT_DISTRIBUTION_ID"],
        }
    return backends
