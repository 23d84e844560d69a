"""The outbound directive stream: every publish, change or withdrawal of a pushed-down directive
becomes one DirectiveEvent (its id is the cursor) with a self-contained snapshot."""

from django.conf import settings
from django.db import transaction

from cong.api.models import DirectiveEvent
from cong.api.serialize import body_blocks


def installation_url() -> str:
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")


def directive_payload(page) -> dict:
    portal = page.portal
    unit = portal.unit if portal else None
    return {
        "id": str(page.translation_key),
        "origin": {
            "installation": installation_url(),
            "portal_id": portal.pk if portal else None,
            "portal_title": portal.title if portal else "",
            "unit": {"scheme": unit.scheme, "code": unit.code, "name": unit.name} if unit else None,
        },
        "url": page.full_url,
        "title": page.title,
        "slug": page.slug,
        "sapo": page.sapo,
        "dateline": page.dateline,
        "byline": page.byline,
        "source": page.source,
        "published_at": page.published_at.isoformat(),
        "body": body_blocks(page),
        "topics": [{"slug": t.slug, "name": t.name} for t in page.topics.all()],
        "tags": sorted(t.name for t in page.tags.all()),
        "directive_scope": page.directive_scope,
        "directive_level": page.directive_level,
        "directive_units": [
            {"scheme": u.scheme, "code": u.code} for u in page.directive_units.all()
        ],
    }


def withdrawn_payload(page, last_payload: dict) -> dict:
    return {"id": str(page.translation_key), "origin": last_payload.get("origin", {})}


def record_change(page, *, gone: bool = False) -> DirectiveEvent | None:
    """Record what happened to `page` in the stream, if it concerns the stream: a directive
    appearing or changing, or one that was in the stream leaving it (unpublished, deleted or no
    longer pushed down)."""
    from cong.news.models import ArticlePage

    page = page.specific
    if not isinstance(page, ArticlePage):
        return None
    last = DirectiveEvent.objects.filter(directive_key=page.translation_key).order_by("-id").first()
    in_stream = last is not None and last.kind != DirectiveEvent.Kind.WITHDRAWN
    is_directive = not gone and page.live and bool(page.directive_scope) and page.portal_id
    if is_directive:
        kind = DirectiveEvent.Kind.UPDATED if in_stream else DirectiveEvent.Kind.PUBLISHED
        payload = directive_payload(page)
        portal_id = page.portal_id
    elif in_stream:
        kind = DirectiveEvent.Kind.WITHDRAWN
        payload = withdrawn_payload(page, last.payload)
        portal_id = last.origin_portal_id
    else:
        return None
    event = DirectiveEvent.objects.create(
        directive_key=page.translation_key,
        origin_portal_id=portal_id,
        kind=kind,
        payload=payload,
    )
    from cong.api.sync.tasks import fan_out_event

    transaction.on_commit(lambda: fan_out_event.enqueue(event.pk))
    return event


def event_data(event: DirectiveEvent) -> dict:
    return {
        "seq": event.pk,
        "kind": event.kind,
        "directive": event.payload,
        "created_at": event.created_at,
    }
