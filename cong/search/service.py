"""Public search: one function used by the search page, the autocomplete endpoint and
`manage.py search`. Scope and filters become queryset filters on indexed FilterFields, so the
same request runs unchanged on tantivy, PostgreSQL or OpenSearch."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from modelsearch.utils import parse_query_string
from wagtail.search.backends import get_search_backend

from cong.news.models import ArticlePage, DirectiveScope

SCOPES = ("portal", "subtree", "network")
KINDS = ("", "news", "directive", "document")


@dataclass
class SearchRequest:
    query: str
    portal: object | None = None  # a PortalPage; None = the whole network
    scope: str = "network"
    kind: str = ""
    level: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    topic_id: int | None = None
    backend: str = "default"
    extra: dict = field(default_factory=dict)


def _portal_ids(request: SearchRequest) -> list[int] | None:
    from cong.network.models import PortalPage

    portals = None
    if request.portal is not None and request.scope == "portal":
        portals = PortalPage.objects.filter(pk=request.portal.pk)
    elif request.portal is not None and request.scope == "subtree":
        portals = PortalPage.objects.filter(path__startswith=request.portal.path)
    if request.level is not None:
        portals = (portals if portals is not None else PortalPage.objects.all()).filter(
            unit__level=request.level
        )
    return None if portals is None else list(portals.values_list("pk", flat=True))


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def article_queryset(request: SearchRequest, now=None):
    """Published, current, public articles within the request's scope and filters."""
    now = now or timezone.now()
    queryset = (
        ArticlePage.objects.live().public().filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
    )
    portal_ids = _portal_ids(request)
    if portal_ids is not None:
        queryset = queryset.filter(portal__in=portal_ids)
    if request.kind == "news":
        queryset = queryset.filter(directive_scope=DirectiveScope.NONE)
    elif request.kind == "directive":
        queryset = queryset.exclude(directive_scope=DirectiveScope.NONE)
    if request.date_from:
        queryset = queryset.filter(published_at__gte=_day_start(request.date_from))
    if request.date_to:
        queryset = queryset.filter(
            published_at__lt=_day_start(request.date_to + datetime.timedelta(days=1))
        )
    if request.topic_id:
        through = ArticlePage.topics.through.objects.filter(topic_id=request.topic_id)
        queryset = queryset.filter(id__in=through.values("articlepage_id"))
    return queryset


def document_queryset(request: SearchRequest):
    from cong.legal.models import Document

    queryset = Document.objects.all()
    if request.portal is not None and request.scope in ("portal", "subtree"):
        from cong.network.models import PortalPage

        if request.scope == "portal":
            units = [request.portal.unit_id]
        else:
            units = list(
                PortalPage.objects.filter(path__startswith=request.portal.path).values_list(
                    "unit_id", flat=True
                )
            )
        queryset = queryset.filter(unit__in=units)
    return queryset


def search(request: SearchRequest):
    """Search results (lazy, sliceable) ordered by relevance; all query words must match, and
    when nothing matches that way any word may."""
    backend = get_search_backend(request.backend)
    _filters, query = parse_query_string(request.query, operator="and")
    queryset = (
        document_queryset(request) if request.kind == "document" else article_queryset(request)
    )
    results = backend.search(query, queryset, operator="and")
    if results.count() == 0 and len(request.query.split()) > 1:
        _filters, query = parse_query_string(request.query, operator="or")
        results = backend.search(query, queryset, operator="or")
    return results


def autocomplete(request: SearchRequest, limit: int = 8):
    backend = get_search_backend(request.backend)
    return list(backend.autocomplete(request.query, article_queryset(request))[:limit])


def documents_by_number(text: str, limit: int = 5):
    """Registry documents whose number matches the query however it was typed."""
    try:
        from cong.legal.lookup import find_documents_by_number
    except ImportError:  # the registry is optional
        return []
    found = find_documents_by_number(text)
    return list(found[:limit]) if found is not None else []
