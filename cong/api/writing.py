"""Creating and updating articles for agencies' systems: drafts, submission into the approval
workflow, publication; idempotent by the caller's own id."""

import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.models import Page

from cong.api.models import ApiToken, ExternalRecord
from cong.core.blocks import RICH_TEXT_FEATURES
from cong.core.text import clean_text, nfc, slugify_vi, unique_slug
from cong.network.models import Unit
from cong.news.models import ArticlePage, DirectiveIndexPage, NewsIndexPage, Topic

SECTION_TYPES = {"news": NewsIndexPage, "directives": DirectiveIndexPage}
_html = EditorHTMLConverter(features=RICH_TEXT_FEATURES)


@dataclass
class WriteOutcome:
    page: ArticlePage
    created: bool
    changed: bool


def payload_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def status_of(page: Page) -> str:
    if page.workflow_in_progress:
        return "in_moderation"
    if page.live:
        return "live"
    if page.first_published_at:
        return "withdrawn"
    return "draft"


def _section(portal, kind: str) -> Page:
    section = (
        SECTION_TYPES[kind]
        .objects.filter(path__startswith=portal.path, depth=portal.depth + 1)
        .order_by("path")
        .first()
    )
    if section is None:
        raise ValidationError({"section": f"The portal has no {kind} section."})
    return section


def _body(blocks) -> list[dict]:
    body = []
    for block in blocks:
        if block["type"] == "paragraph":
            body.append(
                {"type": "paragraph", "value": _html.to_database_format(nfc(block["value"]))}
            )
        elif block["type"] == "subheading":
            body.append({"type": "subheading", "value": clean_text(block["value"])[:255]})
        else:
            body.append(
                {
                    "type": "quote",
                    "value": {
                        "quote": clean_text(block["value"]),
                        "attribution": clean_text(block.get("attribution", "")),
                    },
                }
            )
    return body


def _topics(slugs: list[str]) -> list[Topic]:
    topics = {t.slug: t for t in Topic.objects.filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in topics]
    if missing:
        raise ValidationError({"topics": f"Unknown topics: {', '.join(missing)}."})
    return [topics[s] for s in dict.fromkeys(slugs)]


def _units(codes: list[str]) -> list[Unit]:
    units = {u.code: u for u in Unit.objects.current().filter(code__in=codes)}
    missing = [c for c in codes if c not in units]
    if missing:
        raise ValidationError({"directive_units": f"Unknown units: {', '.join(missing)}."})
    return list(units.values())


def _check_scope(data: dict) -> None:
    scope = data["directive_scope"]
    if scope == "level" and data["directive_level"] is None:
        raise ValidationError({"directive_level": "Give the level the directive is pushed to."})
    if scope == "units" and not data["directive_units"]:
        raise ValidationError({"directive_units": "Choose at least one unit."})


def _apply(page: ArticlePage, data: dict) -> None:
    page.title = clean_text(data["title"])
    page.sapo = clean_text(data["sapo"])
    page.dateline = clean_text(data["dateline"])
    page.byline = clean_text(data["byline"])
    page.source = clean_text(data["source"])
    page.body = _body(data["body"])
    if data["published_at"] is not None:
        published_at = data["published_at"]
        page.published_at = (
            timezone.make_aware(published_at) if timezone.is_naive(published_at) else published_at
        )
    page.directive_scope = data["directive_scope"]
    page.directive_level = data["directive_level"] if data["directive_scope"] == "level" else None
    page.topics.set(_topics(data["topics"]))
    page.directive_units.set(
        _units(data["directive_units"]) if data["directive_scope"] == "units" else []
    )
    page.tags.set([clean_text(t)[:100] for t in data["tags"] if clean_text(t)])


def upsert_article(token: ApiToken, external_id: str, data: dict) -> WriteOutcome:
    action = data["action"]
    if not token.allows(action):
        raise PermissionDenied(f"A {token.role} token may not {action}.")
    if not clean_text(data["title"]):
        raise ValidationError({"title": "The title is empty."})
    _check_scope(data)
    digest = payload_hash(data)
    user = token.created_by
    with transaction.atomic():
        record = (
            ExternalRecord.objects.select_for_update()
            .filter(portal=token.portal, kind="article", external_id=external_id)
            .first()
        )
        if record and record.payload_hash == digest and record.action == action:
            return WriteOutcome(page=record.page.specific, created=False, changed=False)
        section = _section(token.portal, data["section"])
        created = record is None
        if created:
            taken = set(
                Page.objects.filter(
                    path__startswith=section.path, depth=section.depth + 1
                ).values_list("slug", flat=True)
            )
            page = ArticlePage(live=False, slug=unique_slug(slugify_vi(data["title"]), taken))
            _apply(page, data)
            page.published_at = page.published_at or timezone.now()
            section.add_child(instance=page)
        else:
            page = record.page.specific
            if not page.path.startswith(token.portal.path):
                raise PermissionDenied("The article has moved out of this token's portal.")
            if page.get_parent().pk != section.pk:
                page.move(section, pos="last-child", user=user)
                page.refresh_from_db()
            _apply(page, data)
        revision = page.save_revision(user=user, log_action=True)
        if action == "publish":
            # The token's role is the authority here, granted when an administrator issued it.
            revision.publish(user=user, skip_permission_checks=True)
        elif action == "submit":
            workflow = page.get_workflow()
            if workflow is None:
                raise ValidationError(
                    {"action": "No approval workflow is configured for this portal's section."}
                )
            if not page.workflow_in_progress:
                workflow.start(page, user)
        if record is None:
            record = ExternalRecord(portal=token.portal, kind="article", external_id=external_id)
        record.page = page
        record.payload_hash = digest
        record.action = action
        record.save()
    page.refresh_from_db()
    return WriteOutcome(page=page, created=created, changed=True)


def withdraw_article(token: ApiToken, external_id: str) -> ArticlePage:
    if not token.allows("withdraw"):
        raise PermissionDenied(f"A {token.role} token may not withdraw articles.")
    record = ExternalRecord.objects.filter(
        portal=token.portal, kind="article", external_id=external_id
    ).first()
    if record is None:
        raise ExternalRecord.DoesNotExist(external_id)
    page = record.page.specific
    if page.live:
        UnpublishPageAction(page, user=token.created_by).execute(skip_permission_checks=True)
    record.action = "withdraw"
    record.payload_hash = ""
    record.save(update_fields=["action", "payload_hash", "updated_at"])
    page.refresh_from_db()
    return page


def find_article(token: ApiToken, external_id: str) -> ArticlePage | None:
    record = (
        ExternalRecord.objects.filter(portal=token.portal, kind="article", external_id=external_id)
        .select_related("page")
        .first()
    )
    return record.page.specific if record else None
