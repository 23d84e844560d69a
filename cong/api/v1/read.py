"""Read endpoints: units, portals, articles, topics, search (public, CORS-enabled)."""

from datetime import datetime
from typing import Annotated, Literal

from django.db.models import Q
from django.http import Http404
from ninja import Query, Router
from pydantic import Field

from cong.api import queries, serialize
from cong.api.v1.pagination import decode_cursor, encode_cursor, keyset_page
from cong.api.v1.params import Code, Cursor, Level, Limit, PageId, Slug, Text, aware
from cong.api.v1.problems import Problem
from cong.api.v1.schemas import (
    ArticleDetail,
    ArticlePageList,
    DocumentDetail,
    DocumentPage,
    PortalDetail,
    PortalPageList,
    SearchResults,
    TopicOut,
    TopicPage,
    UnitOut,
    UnitPage,
)
from cong.network.models import PortalPage, Unit
from cong.news.models import ArticlePage, Topic

router = Router()

ERRORS = {304: None, 404: Problem, 422: Problem, 429: Problem}
LIST_ERRORS = {304: None, 422: Problem, 429: Problem}
ARTICLE_ORDER = [("published_at", True, datetime), ("id", True, int)]
BY_ID = [("id", False, int)]


def _page(items, next_cursor):
    return {"items": items, "next_cursor": next_cursor}


def _portal_or_404(portal_id: int) -> PortalPage:
    portal = PortalPage.objects.live().select_related("unit").filter(pk=portal_id).first()
    if portal is None:
        raise Http404(f"No portal {portal_id}.")
    return portal


# Fields lists never show; deferring them (the body above all) keeps list rows light.
LIST_DEFERRED = ["body", "byline", "source", "import_key", "search_description", "seo_title"]


def _article_rows(request, queryset, cursor, limit):
    queryset = (
        queryset.select_related("portal__unit").prefetch_related("topics").defer(*LIST_DEFERRED)
    )
    items, next_cursor = keyset_page(queryset, order=ARTICLE_ORDER, cursor=cursor, limit=limit)
    return _page(serialize.articles_data(request, items), next_cursor)


# --- units -----------------------------------------------------------------------------------


@router.get("/units", response={200: UnitPage, **LIST_ERRORS}, tags=["units"])
def list_units(
    request,
    scheme: Code = "vn-2025",
    level: Level | None = None,
    parent: Code | None = Query(None, description="official code of the parent unit"),
    unit_type: Text | None = None,
    q: Text | None = Query(None, description="part of the name"),
    current: bool | None = Query(None, description="only units valid today"),
    limit: Limit = 50,
    cursor: Cursor | None = None,
):
    """Administrative units as the State defines them (official codes, levels, validity)."""
    units = Unit.objects.filter(scheme=scheme).select_related("parent", "successor")
    if level is not None:
        units = units.filter(level=level)
    if parent:
        units = units.filter(parent__scheme=scheme, parent__code=parent)
    if unit_type:
        units = units.filter(unit_type=unit_type)
    if q:
        units = units.filter(name__icontains=q)
    if current:
        units = units.current()
    items, next_cursor = keyset_page(units, order=BY_ID, cursor=cursor, limit=limit)
    portal_ids = dict(PortalPage.objects.filter(unit__in=items).values_list("unit_id", "pk"))
    return _page([serialize.unit_data(u, portal_ids) for u in items], next_cursor)


@router.get("/units/{scheme}/{code}", response={200: UnitOut, **ERRORS}, tags=["units"])
def get_unit(request, scheme: Code, code: Code):
    unit = Unit.objects.select_related("parent", "successor").filter(scheme=scheme, code=code)
    unit = unit.first()
    if unit is None:
        raise Http404(f"No unit {scheme}/{code}.")
    portal_ids = dict(PortalPage.objects.filter(unit=unit).values_list("unit_id", "pk"))
    return serialize.unit_data(unit, portal_ids)


# --- portals ---------------------------------------------------------------------------------


@router.get("/portals", response={200: PortalPageList, **ERRORS}, tags=["portals"])
def list_portals(
    request,
    level: Level | None = None,
    parent: PageId | None = Query(None, description="id of the parent portal"),
    unit: Code | None = Query(None, description="official unit code"),
    q: Text | None = None,
    limit: Limit = 50,
    cursor: Cursor | None = None,
):
    """Every portal of the network (national, provinces, communes), tree order by id."""
    portals = PortalPage.objects.live().select_related("unit")
    if level is not None:
        portals = portals.filter(unit__level=level)
    if parent:
        parent_portal = _portal_or_404(parent)
        portals = portals.child_of(parent_portal)
    if unit:
        portals = portals.filter(unit__code=unit)
    if q:
        portals = portals.filter(title__icontains=q)
    items, next_cursor = keyset_page(portals, order=BY_ID, cursor=cursor, limit=limit)
    return _page(serialize.portals_data(request, items), next_cursor)


@router.get("/portals/{portal_id}", response={200: PortalDetail, **ERRORS}, tags=["portals"])
def get_portal(request, portal_id: PageId):
    portal = _portal_or_404(portal_id)
    data = serialize.portals_data(request, [portal])[0]
    data["sections"] = serialize.sections_data(request, portal)
    return data


@router.get(
    "/portals/{portal_id}/directives",
    response={200: ArticlePageList, **ERRORS},
    tags=["portals", "articles"],
)
def portal_directives(request, portal_id: PageId, limit: Limit = 20, cursor: Cursor | None = None):
    """The portal's directive stream: its own directives and those its superiors pushed down."""
    portal = _portal_or_404(portal_id)
    return _article_rows(request, queries.directive_stream(portal), cursor, limit)


# --- articles --------------------------------------------------------------------------------


@router.get("/articles", response={200: ArticlePageList, **ERRORS}, tags=["articles"])
def list_articles(
    request,
    portal: PageId | None = None,
    include_subordinates: bool = Query(False, description="also the portals below `portal`"),
    section: PageId | None = Query(None, description="id of a news or directives section"),
    topic: Slug | None = None,
    tag: Text | None = None,
    directives: bool | None = Query(None, description="only (or no) pushed-down directives"),
    since: datetime | None = Query(None, description="published at or after"),
    until: datetime | None = Query(None, description="published before"),
    updated_since: datetime | None = Query(None, description="(re)published at or after"),
    limit: Limit = 20,
    cursor: Cursor | None = None,
):
    """Published articles, newest first."""
    articles = queries.published_articles()
    if portal:
        found = _portal_or_404(portal)
        if include_subordinates:
            articles = articles.filter(portal_id__in=queries.subordinate_portal_ids(found))
        else:
            articles = articles.filter(portal_id=found.pk)
    if section:
        from wagtail.models import Page

        section_page = Page.objects.filter(pk=section, live=True).first()
        if section_page is None:
            raise Http404(f"No section {section}.")
        articles = articles.filter(path__startswith=section_page.path, depth=section_page.depth + 1)
    if topic:
        articles = articles.filter(topics__slug=topic)
    if tag:
        articles = articles.filter(tags__name=tag)
    if directives is not None:
        articles = (
            articles.exclude(directive_scope="")
            if directives
            else articles.filter(directive_scope="")
        )
    if since := aware(since, "since"):
        articles = articles.filter(published_at__gte=since)
    if until := aware(until, "until"):
        articles = articles.filter(published_at__lt=until)
    if updated_since := aware(updated_since, "updated_since"):
        articles = articles.filter(last_published_at__gte=updated_since)
    return _article_rows(request, articles, cursor, limit)


@router.get("/articles/{article_id}", response={200: ArticleDetail, **ERRORS}, tags=["articles"])
def get_article(request, article_id: PageId):
    article = (
        queries.published_articles()
        .select_related("portal__unit")
        .prefetch_related("topics", "tagged_items__tag", "directive_units")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        raise Http404(f"No published article {article_id}.")
    return serialize.article_detail(request, article)


# --- documents -------------------------------------------------------------------------------

DOCUMENT_ORDER = [("id", True, int)]
DocumentStatus = Literal["in_force", "expired", "partly_expired", "not_yet"]


@router.get("/documents", response={200: DocumentPage, **LIST_ERRORS}, tags=["documents"])
def list_documents(
    request,
    unit: Code | None = Query(None, description="official code of the issuing unit"),
    central: bool | None = Query(None, description="only central (or only local) documents"),
    document_type: Text | None = Query(None, description="type name, e.g. Nghị định"),
    issuer: Code | None = Query(None, description="issuer abbreviation, e.g. CP"),
    year: Annotated[int, Field(ge=1900, le=9998)] | None = None,
    status: DocumentStatus | None = None,
    q: Text | None = Query(None, description="part of the number or the abstract"),
    limit: Limit = 20,
    cursor: Cursor | None = None,
):
    """The legal document registry, newest entries first."""
    from cong.legal.models import Document

    documents = Document.objects.select_related("document_type", "issuer", "unit")
    if unit:
        documents = documents.filter(unit__code=unit)
    if central is not None:
        documents = documents.filter(unit__isnull=central)
    if document_type:
        documents = documents.filter(document_type__name=document_type)
    if issuer:
        documents = documents.filter(issuer__abbreviation=issuer)
    if year is not None:
        documents = documents.filter(year=year)
    if status:
        documents = documents.with_status(status)
    if q:
        documents = documents.filter(Q(number__icontains=q) | Q(abstract__icontains=q))
    items, next_cursor = keyset_page(documents, order=DOCUMENT_ORDER, cursor=cursor, limit=limit)
    return _page(serialize.documents_data(request, items), next_cursor)


@router.get(
    "/documents/{document_id}", response={200: DocumentDetail, **ERRORS}, tags=["documents"]
)
def get_document(request, document_id: PageId):
    from cong.legal.models import Document

    document = (
        Document.objects.select_related("document_type", "issuer", "unit", "field")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise Http404(f"No document {document_id}.")
    return serialize.document_detail(request, document)


# --- topics ----------------------------------------------------------------------------------


def _topic_data(request, topic):
    from django.urls import reverse

    return {
        "id": topic.pk,
        "name": topic.name,
        "slug": topic.slug,
        "feed": request.build_absolute_uri(reverse("cong-feed-topic-rss", args=[topic.slug])),
    }


@router.get("/topics", response={200: TopicPage, **LIST_ERRORS}, tags=["topics"])
def list_topics(request, q: Text | None = None, limit: Limit = 100, cursor: Cursor | None = None):
    topics = Topic.objects.all()
    if q:
        topics = topics.filter(name__icontains=q)
    items, next_cursor = keyset_page(topics, order=BY_ID, cursor=cursor, limit=limit)
    return _page([_topic_data(request, t) for t in items], next_cursor)


@router.get("/topics/{slug}", response={200: TopicOut, **ERRORS}, tags=["topics"])
def get_topic(request, slug: Slug):
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404(f"No topic {slug}.")
    return _topic_data(request, topic)


# --- search ----------------------------------------------------------------------------------

MAX_SEARCH_OFFSET = 1000


@router.get("/search", response={200: SearchResults, **ERRORS}, tags=["search"])
def search(
    request,
    q: Text,
    portal: PageId | None = None,
    include_subordinates: bool = True,
    limit: Limit = 20,
    cursor: Cursor | None = None,
):
    """Full-text search over published articles, through the configured search backend."""
    offset = decode_cursor(cursor, (int,))[0] if cursor else 0
    if not 0 <= offset <= MAX_SEARCH_OFFSET:
        offset = MAX_SEARCH_OFFSET
    articles = ArticlePage.objects.live()
    if portal:
        found = _portal_or_404(portal)
        ids = queries.subordinate_portal_ids(found) if include_subordinates else [found.pk]
        articles = articles.filter(portal_id__in=ids)
    results = articles.search(q)
    hits = list(results[offset : offset + limit + 1])
    next_cursor = None
    if len(hits) > limit and offset + limit < MAX_SEARCH_OFFSET:
        next_cursor = encode_cursor([offset + limit])
    hits = hits[:limit]
    ids = [h.pk for h in hits]
    by_id = {
        a.pk: a
        for a in ArticlePage.objects.filter(pk__in=ids)
        .select_related("portal__unit")
        .prefetch_related("topics")
    }
    ordered = [by_id[i] for i in ids if i in by_id and by_id[i].portal_id]
    return {
        "query": q,
        "items": serialize.articles_data(request, ordered),
        "next_cursor": next_cursor,
    }
