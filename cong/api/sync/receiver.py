"""The inbound side: apply directive events from another installation, by pull or webhook.

Every event carries a full snapshot and its sequence number, so applying is idempotent and
order-proof: an event older than the last one applied for the same directive is ignored."""

import json
import urllib.parse
import urllib.request
import uuid

from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from wagtail.models import Page

from cong.api.models import ReceivedDirective, StreamSubscription
from cong.api.writing import _html
from cong.core.text import clean_text, nfc, slugify_vi, unique_slug
from cong.network.models import Unit
from cong.news.models import ArticlePage, DirectiveIndexPage, DirectiveScope, Topic

PULL_TIMEOUT_SECONDS = 30


class SyncError(Exception):
    pass


def reaches(directive: dict, portal) -> bool:
    """Does the directive, as scoped at its origin, reach this installation's portal?"""
    scope = directive.get("directive_scope")
    if scope == DirectiveScope.ALL:
        return True
    if scope == DirectiveScope.LEVEL:
        return directive.get("directive_level") == portal.unit.level
    if scope == DirectiveScope.UNITS:
        codes = {u.get("code") for u in directive.get("directive_units", [])}
        return portal.unit.code in codes
    return False


def _body(blocks: list[dict]) -> list[dict]:
    body = []
    for block in blocks:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph" and isinstance(value, str):
            body.append({"type": "paragraph", "value": _html.to_database_format(nfc(value))})
        elif kind == "subheading" and isinstance(value, str):
            body.append({"type": "subheading", "value": clean_text(value)[:255]})
        elif kind == "quote" and isinstance(value, dict):
            body.append(
                {
                    "type": "quote",
                    "value": {
                        "quote": clean_text(value.get("text", "")),
                        "attribution": clean_text(value.get("attribution", "")),
                    },
                }
            )
        # Images stay at the origin: their files are not copied between installations.
    return body


def _directives_section(portal) -> Page:
    section = (
        DirectiveIndexPage.objects.filter(path__startswith=portal.path, depth=portal.depth + 1)
        .order_by("path")
        .first()
    )
    if section is None:
        raise SyncError(f"Portal {portal} has no directives section to receive into.")
    return section


def _upsert_copy(subscription: StreamSubscription, received, directive: dict) -> ArticlePage:
    page = received.page
    if page is None:
        section = _directives_section(subscription.local_portal)
        taken = set(
            Page.objects.filter(path__startswith=section.path, depth=section.depth + 1).values_list(
                "slug", flat=True
            )
        )
        slug = unique_slug(slugify_vi(directive.get("slug") or directive["title"]), taken)
        page = ArticlePage(live=False, slug=slug, title=clean_text(directive["title"])[:255])
        page.import_key = f"sync:{subscription.pk}:{directive['id']}"
        section.add_child(instance=page)
    origin = directive.get("origin", {})
    page.title = clean_text(directive["title"])[:255]
    page.sapo = clean_text(directive.get("sapo", ""))
    page.dateline = clean_text(directive.get("dateline", ""))[:255]
    page.byline = clean_text(directive.get("byline", ""))[:255]
    page.source = clean_text(directive.get("source") or origin.get("portal_title", ""))[:255]
    page.published_at = parse_datetime(directive["published_at"]) or page.published_at
    page.body = _body(directive.get("body", []))
    scope = directive.get("directive_scope", "")
    page.directive_scope = scope if scope in DirectiveScope.values else ""
    page.directive_level = directive.get("directive_level") if scope == "level" else None
    codes = [u.get("code") for u in directive.get("directive_units", [])]
    page.directive_units.set(Unit.objects.filter(code__in=codes) if scope == "units" else [])
    slugs = [t.get("slug") for t in directive.get("topics", [])]
    page.topics.set(Topic.objects.filter(slug__in=slugs))
    page.tags.set([clean_text(t)[:100] for t in directive.get("tags", []) if clean_text(t)])
    page.save_revision(log_action=True).publish()
    return page


def apply_event(subscription: StreamSubscription, event: dict) -> str:
    """Apply one event; returns 'applied' or 'ignored' (already seen or superseded)."""
    try:
        seq = int(event["seq"])
        directive = event["directive"]
        remote_id = uuid.UUID(str(directive["id"]))
        kind = event["kind"]
    except (KeyError, TypeError, ValueError) as exc:
        raise SyncError(f"Malformed event: {exc}") from exc
    portal = subscription.local_portal
    with transaction.atomic():
        try:
            received, _ = ReceivedDirective.objects.get_or_create(
                subscription=subscription, remote_id=remote_id
            )
        except IntegrityError:
            received = ReceivedDirective.objects.get(subscription=subscription, remote_id=remote_id)
        received = ReceivedDirective.objects.select_for_update().get(pk=received.pk)
        if received.last_seq >= seq:
            return "ignored"
        if kind != "withdrawn" and reaches(directive, portal):
            received.page = _upsert_copy(subscription, received, directive)
            received.remote_url = str(directive.get("url", ""))[:500]
            received.withdrawn = False
        else:
            page = received.page
            if page is not None:
                page.refresh_from_db()
                if page.live:
                    page.unpublish(log_action=True)
            received.withdrawn = True
        received.last_seq = seq
        received.save()
    return "applied"


def _fetch(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=PULL_TIMEOUT_SECONDS) as response:  # noqa: S310
        return json.loads(response.read().decode("utf-8"))


def pull(subscription: StreamSubscription, *, page_size: int = 100, max_pages: int = 1000) -> dict:
    """Catch up with the source from the stored cursor. Returns counts."""
    from django.utils import timezone

    counts = {"applied": 0, "ignored": 0}
    for _ in range(max_pages):
        query = urllib.parse.urlencode(
            {"portal": subscription.source_portal, "after": subscription.cursor, "limit": page_size}
        )
        url = f"{subscription.source_url.rstrip('/')}/api/v1/sync/directives?{query}"
        try:
            data = _fetch(url)
        except (OSError, ValueError) as exc:
            raise SyncError(f"Cannot read {url}: {exc}") from exc
        for event in data.get("items", []):
            counts[apply_event(subscription, event)] += 1
            subscription.cursor = max(subscription.cursor, int(event["seq"]))
        subscription.last_pulled_at = timezone.now()
        subscription.save(update_fields=["cursor", "last_pulled_at"])
        if not data.get("has_more"):
            break
    return counts
