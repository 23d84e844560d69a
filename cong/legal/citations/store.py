"""Storing citations: each article's references, re-found whenever it is linked again."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cong.legal.citations.finder import find_references
from cong.legal.citations.resolve import Resolver, scope_units_for
from cong.legal.citations.text import article_texts


def citations_for(page, resolver: Resolver | None = None, scope_units=None):
    """Unsaved Citation rows for `page` (title, sapo, body), resolved against the registry."""
    from cong.legal.models import Citation

    resolver = resolver or Resolver()
    scope_units = scope_units if scope_units is not None else scope_units_for(page)
    published = getattr(page, "published_at", None)
    on = timezone.localtime(published).date() if published else None
    rows = []
    for location, text in article_texts(page):
        references = find_references(text)
        for reference, document_id in zip(
            references, resolver.resolve(references, scope_units, on), strict=True
        ):
            rows.append(
                Citation(
                    article_id=page.pk,
                    document_id=document_id,
                    number=reference.number[:80],
                    number_key=reference.key[:100],
                    type_name=(reference.type or "")[:64],
                    seq=reference.seq[:16],
                    year=reference.year,
                    issuer=(reference.issuer or "")[:64],
                    kind=reference.kind or "",
                    article_number=(reference.article or "")[:8],
                    clause=(reference.clause or "")[:8],
                    point=(reference.point or "")[:4],
                    span=reference.span[:255],
                    location=location,
                    start=reference.start,
                )
            )
    return rows


def link_article(page, resolver: Resolver | None = None, scope_units=None) -> int:
    """Replace the stored citations of `page`; returns how many it has."""
    from cong.legal.models import Citation

    rows = citations_for(page, resolver, scope_units)
    with transaction.atomic():
        Citation.objects.filter(article_id=page.pk).delete()
        Citation.objects.bulk_create(rows)
    return len(rows)


def resolve_pending(document) -> int:
    """A document added to the registry takes over the citations that were waiting for it."""
    from cong.legal.models import Citation

    if not document.number_key:
        return 0
    return Citation.objects.filter(number_key=document.number_key, document__isnull=True).update(
        document=document
    )


def citing_articles(document, limit: int = 50):
    """Live articles that cite `document`, newest first."""
    from cong.legal.models import Citation
    from cong.news.models import ArticlePage

    cites = Citation.objects.filter(article_id=OuterRef("pk"), document=document)
    return list(ArticlePage.objects.live().filter(Exists(cites)).order_by("-published_at")[:limit])


def cited_documents(page):
    """Registry documents `page` cites, in order of first mention, with the first citation's
    article anchor."""
    from cong.legal.models import Citation, Document

    citations = Citation.objects.filter(article_id=page.pk, document__isnull=False).order_by(
        "location", "start"
    )
    order: dict[int, str] = {}
    location_rank = {"title": 0, "sapo": 1, "body": 2}
    for citation in sorted(citations, key=lambda c: (location_rank.get(c.location, 3), c.start)):
        order.setdefault(citation.document_id, citation.anchor)
    documents = Document.objects.filter(pk__in=order).select_related("document_type")
    by_id = {d.pk: d for d in documents}
    return [(by_id[pk], anchor) for pk, anchor in order.items() if pk in by_id]
