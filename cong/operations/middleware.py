"""Request observation (id, structured log line, metrics), probes and database outages.

Order in settings.MIDDLEWARE: `ObservabilityMiddleware` first (it sees every response, the
probes' and the cached pages' too), then `ProbeMiddleware` (answers /healthz, /readyz and
/metrics before sessions or the site lookup can touch the database), then
`DatabaseUnavailableMiddleware` (a view or template that loses the database → 503).
"""

import logging
import time

from django.db import connections

from cong.operations import metrics, views
from cong.operations.context import REQUEST_ID_HEADER, new_request_id, request_id

request_logger = logging.getLogger("cong.request")

PROBES = {"/healthz": views.healthz, "/readyz": views.readyz, "/metrics": views.metrics_view}
PROBE_VIEW_NAMES = {path: f"operations:{path.strip('/')}" for path in PROBES}


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class ObservabilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = new_request_id(request.headers.get(REQUEST_ID_HEADER))
        token = request_id.set(rid)
        request.request_id = rid
        counter = _QueryCounter()
        started = time.perf_counter()
        try:
            with connections["default"].execute_wrapper(counter):
                response = self.get_response(request)
            seconds = time.perf_counter() - started
            response[REQUEST_ID_HEADER] = rid
            view = _view_name(request)
            metrics.observe(request.method, view, response.status_code, seconds, counter.count)
            request_logger.info(
                "%s %s %s %.1f ms",
                request.method,
                request.path,
                response.status_code,
                seconds * 1000,
                extra={
                    "request_id": rid,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 2),
                    "db_queries": counter.count,
                    "view": view,
                    "portal": _portal(request),
                },
            )
            return response
        finally:
            request_id.reset(token)


def _view_name(request) -> str:
    if request.path in PROBE_VIEW_NAMES:
        return PROBE_VIEW_NAMES[request.path]
    match = getattr(request, "resolver_match", None)
    if match is None:
        # Answered before URL resolution: the page cache, a redirect, static files.
        return "unresolved"
    return match.view_name or match._func_path


def _portal(request) -> str | None:
    """The served page's portal (its URL path), when the page already knows it (no query)."""
    page = getattr(request, "cong_page", None)
    if page is None:
        return None
    portal = page.__dict__.get("owning_portal")
    return portal.url_path if portal is not None else None


class ProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path.rstrip("/") or "/")
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, views.DATABASE_ERRORS):
            return views.database_unavailable(request, exception)
        return None
