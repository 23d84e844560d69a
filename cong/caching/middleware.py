"""Full-page cache for anonymous visitors, in front of sessions, locale and CSRF.

A request is eligible when it is a GET or HEAD without the session or messages cookie. A hit
is answered from Django's cache; a miss renders, and the response is stored when the view
tagged it (`cong.caching.tagging`) and it is a plain 200 that sets no cookie, carries no CSRF
token and does not vary on anything but the (absent) session. Pages without a query string
are also written to the front tier's files for nginx.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.utils.cache import patch_cache_control, patch_vary_headers

from cong.caching import store
from cong.caching.tagging import view_tags

logger = logging.getLogger(__name__)

HIT_HEADER = "X-Cong-Cache"
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Cache-Control",
    "X-Robots-Tag",
    "Access-Control-Allow-Origin",
    "Link",
    "X-Frame-Options",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "Cross-Origin-Opener-Policy",
    "Vary",
)
_NEVER_PREFIXES = ("/admin/", "/django-admin/", "/api/", "/documents/", "/cong-dan/", "/i18n/")


def bypass_cookies() -> list[str]:
    return [settings.SESSION_COOKIE_NAME, "messages"]


def eligible(request) -> bool:
    """May this request be answered from (and stored into) the cache?"""
    if not store.conf()["ENABLED"] or request.method not in ("GET", "HEAD"):
        return False
    if any(name in request.COOKIES for name in bypass_cookies()):
        return False
    return not request.path.startswith(_NEVER_PREFIXES)


def _varies_on_more_than_session(request, response) -> bool:
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if "cookie" not in vary:
        return False
    # Reading the (absent) session makes Django add "Vary: Cookie"; any other use of cookies
    # (a CSRF token, a language cookie) shows up as a Set-Cookie or a session write.
    session = getattr(request, "session", None)
    return session is None or session.modified or not session.is_empty()


def storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or request.method != "GET":
        return False
    if response.cookies or response.has_header("Set-Cookie"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or b"csrfmiddlewaretoken" in response.content:
        return False
    if _varies_on_more_than_session(request, response):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return "private" not in cache_control and "no-store" not in cache_control


def public_cache_control(request, response) -> None:
    conf = store.conf()
    s_maxage = 0 if request.META.get("QUERY_STRING") else conf["S_MAXAGE"]
    if "Cache-Control" in response:
        del response["Cache-Control"]
    patch_cache_control(response, public=True, max_age=conf["MAX_AGE"], s_maxage=s_maxage)


def _drop_accept_language(response) -> None:
    """The language comes from the path (/en/…), never from Accept-Language."""
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in vary if v.lower() != "accept-language"]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif response.has_header("Vary"):
        del response["Vary"]


def _materialised(streaming) -> HttpResponse:
    """A tagged streaming response (the sitemap index) as one body, so it can be stored."""
    response = HttpResponse(b"".join(streaming.streaming_content), status=streaming.status_code)
    for name, value in streaming.items():
        response[name] = value
    for cookie in streaming.cookies.values():
        response.cookies[cookie.key] = cookie
    return response


def _host(request) -> str:
    return split_domain_port(request.get_host())[0].lower()


class FullPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not eligible(request):
            response = self.get_response(request)
            if getattr(request, "cong_cache_tags", None) and request.method in ("GET", "HEAD"):
                # A page for a signed-in visitor: never in a shared cache.
                patch_cache_control(response, private=True, no_cache=True)
                patch_vary_headers(response, ("Cookie",))
            return response

        key = store.entry_key(request.get_host(), request.get_full_path())
        entry = store.load(key)
        if entry is not None:
            response = HttpResponse(entry["content"], status=200)
            for name, value in entry["headers"]:
                response[name] = value
            response[HIT_HEADER] = "hit"
            return response

        started_epoch = store.epoch()
        response = self.get_response(request)
        tags = getattr(request, "cong_cache_tags", None)
        if tags is None:
            tags = view_tags(getattr(request, "resolver_match", None))
        if not tags:
            return response
        if response.streaming and response.status_code == 200:
            response = _materialised(response)
        if not storable(request, response):
            return response

        public_cache_control(request, response)
        _drop_accept_language(response)
        headers = [(name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)]
        entry = {
            "content": response.content,
            "headers": headers,
            "tags": store.current_generations(tags),
        }
        store.save(key, entry, started_epoch)
        response[HIT_HEADER] = "miss"
        if not request.META.get("QUERY_STRING") and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            store.write_file(_host(request), request.path, response.content, started_epoch)
        return response
