"""Rate limits of the public services forms, on the cache like cong.citizens.abuse."""

import hashlib

from django.conf import settings

from cong.citizens.abuse import client_ip, count_attempt

DEFAULTS = {"track": (30, 600), "submit": (20, 3600), "rate": (20, 3600), "draft": (30, 3600)}


class RateLimited(Exception):
    pass


def check(request, scope: str):
    max_count, window = getattr(settings, "CONG_SERVICES_RATE_LIMITS", {}).get(
        scope, DEFAULTS[scope]
    )
    ident = client_ip(request)
    if not ident:
        return
    key = "cong:services:rl:" + hashlib.sha256(f"{scope}:{ident}".encode()).hexdigest()[:40]
    if count_attempt(key, window) > max_count:
        raise RateLimited(scope)
