"""Units, portals and articles as plain data, batched so a page of results costs a fixed
number of queries. Shared by the API, the feeds and the sync payloads."""

from django.urls import reverse
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from cong.network.models import PortalPage, Unit

SECTION_KINDS = {
    "newsindexpage": "news",
    "directiveindexpage": "directives",
    "documentindexpage": "documents",
    "aboutpage": "about",
    "contactpage": "contact",
}


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def unit_ref(unit: Unit | None) -> dict | None:
    if unit is None:
        return None
    return {"scheme": unit.scheme, "code": unit.code, "name": unit.name}


def unit_data(unit: Unit, portal_ids: dict[int, int]) -> dict:
    return {
        "id": unit.pk,
        "scheme": unit.scheme,
        "code": unit.code,
        "name": unit.name,
        "name_en": unit.name_en,
        "unit_type": unit.unit_type,
        "level": unit.level,
        "parent": unit_ref(unit.parent),
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "is_current": unit.is_current,
        "successor": unit_ref(unit.successor),
        "portal_id": portal_ids.get(unit.pk),
    }


def feed_links(request, portal_id: int) -> dict:
    return {
        "rss": absolute(request, reverse("cong-feed-portal-rss", args=[portal_id])),
        "atom": absolute(request, reverse("cong-feed-portal-atom", args=[portal_id])),
        "directives_rss": absolute(request, reverse("cong-feed-directives-rss", args=[portal_id])),
        "directives_atom": absolute(
            request, reverse("cong-feed-directives-atom", args=[portal_id])
        ),
    }


def portals_data(request, portals: list[PortalPage]) -> list[dict]:
    parent_paths = {p.path[: -Page.steplen] for p in portals}
    parent_ids = dict(PortalPage.objects.filter(path__in=parent_paths).values_list("path", "pk"))
    return [
        {
            "id": p.pk,
            "title": p.title,
            "slug": p.slug,
            "url": p.get_full_url(request),
            "unit": unit_ref(p.unit),
            "level": p.unit.level,
            "parent_portal_id": parent_ids.get(p.path[: -Page.steplen]),
            "tagline": p.tagline,
            "last_published_at": p.last_published_at,
            "feeds": feed_links(request, p.pk),
            "sitemap": absolute(request, reverse("cong-sitemap-portal", args=[p.pk])),
        }
        for p in portals
    ]


def sections_data(request, portal: PortalPage) -> list[dict]:
    children = (
        Page.objects.filter(path__startswith=portal.path, depth=portal.depth + 1, live=True)
        .select_related("content_type")
        .order_by("path")
    )
    return [
        {
            "id": child.pk,
            "title": child.title,
            "kind": SECTION_KINDS.get(child.content_type.model, "other"),
            "url": child.get_full_url(request),
        }
        for child in children
        if child.content_type.model != "portalpage"
    ]


def _sections_by_path(articles) -> dict[str, tuple[int, str]]:
    paths = {a.path[: -Page.steplen] for a in articles}
    rows = Page.objects.filter(path__in=paths).values_list("path", "pk", "content_type__model")
    return {path: (pk, SECTION_KINDS.get(model, "other")) for path, pk, model in rows}


def articles_data(request, articles) -> list[dict]:
    """List rows; `articles` should come with select_related('portal__unit') and
    prefetch_related('topics')."""
    sections = _sections_by_path(articles)
    rows = []
    for a in articles:
        section_id, section_kind = sections.get(a.path[: -Page.steplen], (None, None))
        rows.append(
            {
                "id": a.pk,
                "uuid": str(a.translation_key),
                "title": a.title,
                "url": a.get_full_url(request),
                "portal": {
                    "id": a.portal_id,
                    "title": a.portal.title if a.portal else "",
                    "unit_code": a.portal.unit.code if a.portal else "",
                },
                "section_id": section_id,
                "section_kind": section_kind,
                "published_at": a.published_at,
                "updated_at": a.last_published_at,
                "sapo": a.sapo,
                "dateline": a.dateline,
                "topics": [t.slug for t in a.topics.all()],
                "is_directive": bool(a.directive_scope),
                "directive_scope": a.directive_scope,
                "directive_level": a.directive_level,
            }
        )
    return rows


def body_blocks(article) -> list[dict]:
    """The body as portable blocks: rich text expanded to public HTML; images as their alt text,
    caption and rendition-free source URL (image ids mean nothing to another installation)."""
    blocks = []
    for block in article.body:
        if block.block_type == "paragraph":
            blocks.append({"type": "paragraph", "value": expand_db_html(block.value.source)})
        elif block.block_type == "quote":
            blocks.append(
                {
                    "type": "quote",
                    "value": {
                        "text": block.value.get("quote", ""),
                        "attribution": block.value.get("attribution", ""),
                    },
                }
            )
        elif block.block_type == "image":
            image = block.value.get("image")
            blocks.append(
                {
                    "type": "image",
                    "value": {
                        "alt_text": block.value.get("alt_text", ""),
                        "caption": block.value.get("caption", ""),
                        "src": image.file.url if image else None,
                    },
                }
            )
        else:
            blocks.append({"type": block.block_type, "value": str(block.value)})
    return blocks


def article_detail(request, article) -> dict:
    data = articles_data(request, [article])[0]
    data.update(
        {
            "body": body_blocks(article),
            "body_html": str(article.body),
            "byline": article.byline,
            "source": article.source,
            "tags": sorted(t.name for t in article.tags.all()),
            "directive_units": [unit_ref(u) for u in article.directive_units.all()],
            "json_ld": article.json_ld(),
        }
    )
    return data


def documents_data(request, documents) -> list[dict]:
    """Legal documents of the registry (select_related document_type, issuer, unit)."""
    from cong.legal.registry import document_url

    urls: dict = {}
    rows = []
    for document in documents:
        url = document_url(document, request, cache=urls)
        rows.append(
            {
                "id": document.pk,
                "number": document.number,
                "abstract": document.abstract,
                "document_type": document.document_type.name if document.document_type else None,
                "issuer": document.issuer.name if document.issuer else None,
                "unit": unit_ref(document.unit),
                "signer": document.signer,
                "signer_position": document.signer_position,
                "issued_on": document.issued_on,
                "effective_on": document.effective_on,
                "expires_on": document.expires_on,
                "status": str(document.status),
                "url": absolute(request, url) if url else None,
            }
        )
    return rows


def document_detail(request, document) -> dict:
    data = documents_data(request, [document])[0]
    relations = [
        {
            "kind": r.kind,
            "direction": "outgoing",
            "document_id": r.target_id,
            "number": r.target.number,
        }
        for r in document.relations.select_related("target")
    ] + [
        {
            "kind": r.kind,
            "direction": "incoming",
            "document_id": r.source_id,
            "number": r.source.number,
        }
        for r in document.incoming_relations.select_related("source")
    ]
    files = [
        {
            "title": f.title or f.file.name.rsplit("/", 1)[-1],
            "url": absolute(request, f.file.url),
            "kind": f.file_kind,
            "size": f.size,
        }
        for f in document.files.all()
        if f.file
    ]
    json_ld = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": document.abstract,
        "legislationIdentifier": document.number,
        "inLanguage": "vi",
    }
    if document.document_type:
        json_ld["legislationType"] = document.document_type.name
    if document.issued_on:
        json_ld["legislationDate"] = document.issued_on.isoformat()
    if document.effective_on:
        json_ld["legislationDateOfApplicability"] = document.effective_on.isoformat()
    if document.issuer:
        json_ld["legislationPassedBy"] = {
            "@type": "GovernmentOrganization",
            "name": document.issuer.name,
        }
    if data["url"]:
        json_ld["url"] = data["url"]
    if document.status:
        json_ld["legislationLegalForce"] = {
            "in_force": "InForce",
            "expired": "NotInForce",
            "partly_expired": "PartiallyInForce",
        }.get(str(document.status), "NotInForce")
    data.update(
        {
            "field": document.field.name if document.field else None,
            "files": files,
            "relations": relations,
            "json_ld": json_ld,
        }
    )
    return data
