"""Portal-to-portal sync: the directive stream to pull, and the webhook receiver."""

import json
from typing import Annotated

from django.http import Http404
from ninja import Query, Router
from pydantic import Field

from cong.api.models import DirectiveEvent, StreamSubscription
from cong.api.sync import receiver, webhooks
from cong.api.sync.events import event_data
from cong.api.v1.params import Code, Limit, PageId
from cong.api.v1.problems import ApiProblem, Problem
from cong.api.v1.schemas import DirectiveEventOut, DirectiveEventPage, WebhookAck
from cong.network.models import PortalPage

router = Router(tags=["sync"])
Seq = Annotated[int, Field(ge=0, le=2**62)]


@router.get(
    "/directives",
    response={200: DirectiveEventPage, 304: None, 404: Problem, 422: Problem, 429: Problem},
)
def directive_events(
    request,
    portal: Code = Query(..., description="official unit code of the issuing portal"),
    after: Seq = Query(0, description="the `cursor` of the previous page (0 from the start)"),
    limit: Limit = 100,
):
    """The portal's outbound directive stream, oldest first: each directive published, changed
    or withdrawn, with a full snapshot. Subscribers keep `cursor` and come back for more."""
    origin = PortalPage.objects.filter(unit__code=portal).order_by("depth").first()
    if origin is None:
        raise Http404(f"No portal with unit code {portal}.")
    events = list(
        DirectiveEvent.objects.filter(origin_portal=origin, pk__gt=after).order_by("pk")[
            : limit + 1
        ]
    )
    has_more = len(events) > limit
    events = events[:limit]
    return {
        "items": [event_data(e) for e in events],
        "cursor": events[-1].pk if events else after,
        "has_more": has_more,
    }


@router.post(
    "/webhooks/{subscription_id}",
    response={200: WebhookAck, 401: Problem, 404: Problem, 422: Problem, 429: Problem},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": DirectiveEventOut.model_json_schema()}},
        },
        "parameters": [
            {
                "name": webhooks.SIGNATURE_HEADER,
                "in": "header",
                "required": True,
                "schema": {"type": "string"},
                "description": "t=<unix time>,v1=<hex HMAC-SHA256(secret, '<t>.' + body)>",
            }
        ],
    },
)
def receive_webhook(request, subscription_id: PageId):
    """Receive one event of a followed directive stream (signed by the source)."""
    subscription = StreamSubscription.objects.filter(pk=subscription_id, active=True).first()
    if subscription is None:
        raise Http404("No such subscription.")
    header = request.headers.get(webhooks.SIGNATURE_HEADER, "")
    if not webhooks.verify(subscription.secret, request.body, header):
        raise ApiProblem(401, "Missing, wrong or stale signature.", slug="bad-signature")
    try:
        event = json.loads(request.body)
        status = receiver.apply_event(subscription, event)
    except (ValueError, receiver.SyncError) as exc:
        raise ApiProblem(422, str(exc), slug="bad-event") from exc
    return {"status": status, "seq": int(event["seq"])}
