"""Write endpoints for agencies' systems, authenticated by portal-scoped API tokens."""

from typing import Annotated

from django.http import Http404
from django.utils import timezone
from ninja import Router
from ninja.responses import Status
from ninja.security import HttpBearer
from pydantic import Field

from cong.api import writing
from cong.api.models import ApiToken, ExternalRecord
from cong.api.v1.params import aware
from cong.api.v1.problems import Problem
from cong.api.v1.schemas import ArticleIn, WriteResult

ExternalId = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._:~-]+$")]
LAST_USED_EVERY = 60


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        api_token = ApiToken.authenticate(token)
        if api_token is None:
            return None
        now = timezone.now()
        if (
            api_token.last_used_at is None
            or (now - api_token.last_used_at).total_seconds() > LAST_USED_EVERY
        ):
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token


router = Router(auth=TokenAuth(), tags=["write"])
WRITE_ERRORS = {401: Problem, 403: Problem, 404: Problem, 422: Problem, 429: Problem}


def _result(request, external_id, page, *, created, changed):
    revision = page.get_latest_revision()
    return {
        "external_id": external_id,
        "id": page.pk,
        "status": writing.status_of(page),
        "created": created,
        "changed": changed,
        "url": page.get_full_url(request) if page.live else None,
        "revision_id": revision.pk if revision else None,
    }


@router.put(
    "/external/articles/{external_id}",
    response={200: WriteResult, 201: WriteResult, **WRITE_ERRORS},
)
def put_article(request, external_id: ExternalId, payload: ArticleIn):
    """Create or update the article the calling system knows as `external_id`, in the token's
    portal. Repeating a request changes nothing. `action` decides what happens: a draft
    revision, submission into the portal's approval workflow, or publication."""
    data = payload.model_dump()
    data["published_at"] = aware(data["published_at"], "published_at", "body")
    outcome = writing.upsert_article(request.auth, external_id, data)
    status = 201 if outcome.created else 200
    return Status(
        status,
        _result(
            request, external_id, outcome.page, created=outcome.created, changed=outcome.changed
        ),
    )


@router.get("/external/articles/{external_id}", response={200: WriteResult, **WRITE_ERRORS})
def get_article_status(request, external_id: ExternalId):
    """Where the article stands: draft, in moderation, live or withdrawn."""
    page = writing.find_article(request.auth, external_id)
    if page is None:
        raise Http404(f"No article with external id {external_id} in this portal.")
    return _result(request, external_id, page, created=False, changed=False)


@router.post(
    "/external/articles/{external_id}/withdraw", response={200: WriteResult, **WRITE_ERRORS}
)
def withdraw_article(request, external_id: ExternalId):
    """Unpublish the article (publisher tokens). Withdrawing twice is harmless."""
    try:
        page = writing.withdraw_article(request.auth, external_id)
    except ExternalRecord.DoesNotExist:
        raise Http404(f"No article with external id {external_id} in this portal.") from None
    return _result(request, external_id, page, created=False, changed=True)
