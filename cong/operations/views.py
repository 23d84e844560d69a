"""Probes (/healthz, /readyz), metrics (/metrics) and the answers given when the database is
down. The probes are answered by `ProbeMiddleware`, ahead of anything that may need the
database (sessions, site lookup)."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.template import loader
from django.views import defaults

from cong.operations import checks, metrics
from cong.operations.conf import address_allowed, allowed_networks

logger = logging.getLogger("cong.operations")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


def healthz(request) -> HttpResponse:
    """The process is up and answering; touches nothing else."""
    return JsonResponse({"status": "ok"})


def readyz(request) -> HttpResponse:
    ready, results = checks.run_checks()
    response = JsonResponse({"status": "ok" if ready else "fail", "checks": results})
    response.status_code = 200 if ready else 503
    response["Cache-Control"] = "no-store"
    return response


def metrics_view(request) -> HttpResponse:
    if not address_allowed(request.META.get("REMOTE_ADDR", ""), allowed_networks()):
        return HttpResponseForbidden("metrics: address not allowed\n", content_type="text/plain")
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)


def database_unavailable(request, exc: BaseException | None = None) -> HttpResponse:
    """503 with Retry-After, rendered without the database (no context processors)."""
    metrics.DB_UNAVAILABLE.inc()
    logger.warning(
        "database unavailable: %s %s (%s)",
        request.method,
        request.path,
        f"{type(exc).__name__}: {exc}".strip() if exc else "-",
    )
    html = loader.render_to_string(
        "operations/unavailable.html", {"retry_after": RETRY_AFTER_SECONDS}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: a database outage that surfaced outside a view (middleware, site lookup)
    gets the 503 page; anything else Django's usual 500."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        return database_unavailable(request, exc)
    return defaults.server_error(request, template_name)
