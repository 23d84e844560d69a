"""Errors as RFC 9457 problem details (application/problem+json)."""

import math
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from cong.api.json import dumps

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://cong.gov.vn/problems/"


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str = ""
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


class ApiProblem(Exception):
    """Raise from a view to answer with a problem document."""

    def __init__(self, status: int, detail: str = "", *, slug: str = "", errors=None, headers=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.slug = slug
        self.errors = errors
        self.headers = headers or {}


def problem_response(
    request: HttpRequest | None,
    status: int,
    detail: str = "",
    *,
    slug: str = "",
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug if slug else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    response = HttpResponse(dumps(body), status=status, content_type=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for error in errors:
        item = {
            "loc": [str(part) for part in error.get("loc", [])],
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "invalid")),
        }
        cleaned.append(item)
    return cleaned


def register_problem_handlers(api) -> None:
    @api.exception_handler(ApiProblem)
    def _problem(request, exc: ApiProblem):
        return problem_response(
            request, exc.status, exc.detail, slug=exc.slug, errors=exc.errors, headers=exc.headers
        )

    @api.exception_handler(NinjaValidationError)
    def _validation(request, exc: NinjaValidationError):
        return problem_response(
            request,
            422,
            "The request is not valid.",
            slug="validation",
            errors=_field_errors(exc.errors),
        )

    @api.exception_handler(DjangoValidationError)
    def _django_validation(request, exc: DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = [
                {"loc": ["body", field], "msg": msg, "type": "invalid"}
                for field, messages in exc.message_dict.items()
                for msg in messages
            ]
        else:
            errors = [{"loc": ["body"], "msg": msg, "type": "invalid"} for msg in exc.messages]
        return problem_response(
            request, 422, "The request is not valid.", slug="validation", errors=errors
        )

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return problem_response(
            request,
            401,
            "A valid API token is required (Authorization: Bearer …).",
            slug="unauthenticated",
            headers={"WWW-Authenticate": 'Bearer realm="cong"'},
        )

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return problem_response(request, 403, str(exc) or "Not allowed.", slug="forbidden")

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem_response(request, 404, str(exc) or "Not found.", slug="not-found")

    @api.exception_handler(Throttled)
    def _throttled(request, exc: Throttled):
        wait = max(1, math.ceil(exc.wait or 1))
        return problem_response(
            request,
            429,
            "Too many requests; slow down.",
            slug="rate-limited",
            headers={"Retry-After": str(wait)},
        )

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        return problem_response(request, exc.status_code, str(exc))
