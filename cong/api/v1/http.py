"""HTTP behaviour every API response shares: ETag / If-None-Match, HEAD, CORS on reads,
cache headers and the rate limit."""

import hashlib
import threading
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import URLPattern
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from ninja.throttling import BaseThrottle

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
_EXPOSED = "ETag, Link, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining"


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """'600/min' → (600, 60); None or '' → no limit."""
    if not rate:
        return None
    count, _, unit = rate.partition("/")
    return int(count), _PERIODS[unit.strip()]


class RateLimit(BaseThrottle):
    """Fixed-window limit per client: per token for authenticated calls, per address otherwise.
    Limits come from settings at request time (CONG_API_RATE_LIMIT, CONG_API_TOKEN_RATE_LIMIT)."""

    _local = threading.local()

    def allow_request(self, request) -> bool:
        token = getattr(request, "auth", None)
        if token is not None and hasattr(token, "pk"):
            rate = getattr(settings, "CONG_API_TOKEN_RATE_LIMIT", "3000/min")
            ident = f"t{token.pk}"
        else:
            rate = getattr(settings, "CONG_API_RATE_LIMIT", "600/min")
            ident = f"a{self.get_ident(request)}"
        parsed = parse_rate(rate)
        if parsed is None:
            return True
        limit, period = parsed
        now = time.time()
        key = f"cong-api-rate:{ident}:{int(now // period)}"
        if cache.add(key, 1, period + 1):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, period + 1)
                count = 1
        self._local.wait = period - (now % period)
        request._cong_rate = (limit, max(0, limit - count))
        return count <= limit

    def wait(self) -> float | None:
        return getattr(self._local, "wait", 1.0)


def _etag_for(response: HttpResponse) -> str:
    return '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'


def http_semantics(view):
    """Wrap one Ninja view with conditional GET, HEAD, CORS (reads only) and cache headers."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        method = request.method
        if method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, Accept, Accept-Language"
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        if method == "HEAD":
            request.method = "GET"
        response = view(request, *args, **kwargs)
        rate = getattr(request, "_cong_rate", None)
        if rate:
            response["X-RateLimit-Limit"], response["X-RateLimit-Remaining"] = map(str, rate)
        if request.method != "GET":
            response["Cache-Control"] = "no-store"
            return response
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = _EXPOSED
        if "Authorization" in request.headers:
            response["Cache-Control"] = "private, no-store"
        elif response.status_code == 200:
            response["Cache-Control"] = (
                f"public, max-age={getattr(settings, 'CONG_API_MAX_AGE', 60)}"
            )
        patch_vary_headers(response, ["Accept-Language"])
        if response.status_code == 200 and not response.streaming:
            etag = _etag_for(response)
            response["ETag"] = etag
            wanted = parse_etags(request.headers.get("If-None-Match", ""))
            if "*" in wanted or etag in wanted or f"W/{etag}" in wanted:
                not_modified = HttpResponseNotModified()
                for header in ("ETag", "Cache-Control", "Vary", "Access-Control-Allow-Origin"):
                    if header in response:
                        not_modified[header] = response[header]
                return not_modified
        if method == "HEAD":
            response.content = b""
        return response

    return wrapper


def wrap_urls(urls):
    """Apply `http_semantics` to every pattern of a Ninja `api.urls` triple."""
    patterns, app_name, namespace = urls
    wrapped = [
        URLPattern(p.pattern, http_semantics(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in patterns
    ]
    return wrapped, app_name, namespace
