"""The public search page (/tim-kiem/, /<portal path>/tim-kiem/) and title autocomplete."""

import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.models import Site

from cong.search import service
from cong.search.highlight import article_text, snippet

PER_PAGE = 10
MAX_QUERY = 200


def _portal_from_path(request, portal_path: str | None):
    from cong.network.models import PortalPage

    if portal_path:
        site = Site.find_for_request(request)
        root_path = site.root_page.url_path if site else "/"
        portal = PortalPage.objects.filter(url_path=f"{root_path}{portal_path.strip('/')}/").first()
        if portal is None:
            raise Http404("No such portal")
        return portal
    ref = request.GET.get("portal", "").strip()
    if not ref:
        return None
    portals = PortalPage.objects.all()
    portal = portals.filter(pk=int(ref)).first() if ref.isdigit() else None
    return portal or portals.filter(slug=ref).order_by("depth").first()


def _date(value: str):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str):
    return int(value) if value and value.isdigit() else None


def build_request(request, portal) -> service.SearchRequest:
    params = request.GET
    scope = params.get("scope") or ("subtree" if portal is not None else "network")
    kind = params.get("type", "")
    return service.SearchRequest(
        query=params.get("q", "").strip()[:MAX_QUERY],
        portal=portal,
        scope=scope if scope in service.SCOPES else "network",
        kind=kind if kind in service.KINDS else "",
        level=_int(params.get("level", "")),
        date_from=_date(params.get("from", "")),
        date_to=_date(params.get("to", "")),
        topic_id=_int(params.get("topic", "")),
    )


@require_GET
def search_view(request, portal_path=None):
    portal = _portal_from_path(request, portal_path)
    search_request = build_request(request, portal)
    results_page = None
    documents = []
    if search_request.query:
        results = service.search(search_request)
        paginator = Paginator(results, PER_PAGE)
        try:
            results_page = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger):
            results_page = paginator.page(1)
        items = list(results_page.object_list)
        _attach_portals(items)
        results_page.object_list = [_result(item, search_request.query, request) for item in items]
        documents = _documents(search_request.query, request)
    if portal is not None:
        _use_portal_chrome(request, portal)
    from cong.news.models import Topic

    context = {
        "search_query": search_request.query,
        "search": search_request,
        "portal": portal,
        "results": results_page,
        # A very common word's matches are estimated, not counted (tantivy at scale).
        "approximate": results_page is not None
        and getattr(results_page.paginator.object_list, "count_is_estimate", False),
        "documents": documents,
        "topics": Topic.objects.all()[:200],
        "levels": [(0, _("Central")), (1, _("Province")), (2, _("Commune"))],
        "scopes": [
            ("portal", _("This portal")),
            ("subtree", _("With its subordinate portals")),
            ("network", _("Whole network")),
        ],
        "kinds": [
            ("", _("All articles")),
            ("news", _("News")),
            ("directive", _("Directives")),
            ("document", _("Legal documents")),
        ],
    }
    return render(request, "search/search.html", context)


def _attach_portals(items):
    """The portals results are credited to, from the network's frames: no query."""
    from cong.core import frames

    links = frames.portal_links()
    for item in items:
        link = links.get(getattr(item, "portal_id", None))
        if link is not None:
            type(item)._meta.get_field("portal").set_cached_value(item, link)


def _result(item, query, request):
    from cong.legal.models import Document

    if isinstance(item, Document):
        from cong.legal.registry import document_url

        return {
            "title": str(item),
            "url": document_url(item, request) or "",
            "snippet": snippet(item.abstract or "", query),
            "date": item.issued_on,
            "portal": None,
        }
    return {
        "title": item.title,
        "url": item.get_url(request),
        "snippet": snippet(article_text(item), query),
        "date": item.published_at,
        "portal": item.portal,
    }


def _documents(query, request):
    found = service.documents_by_number(query)
    if not found:
        return []
    from cong.legal.registry import document_url

    cache: dict = {}
    return [{"title": str(d), "url": document_url(d, request, cache) or ""} for d in found]


def _use_portal_chrome(request, portal):
    try:
        from cong.core import chrome as chrome_module

        request._cong_chrome = chrome_module.build_chrome(portal, request)
    except (ImportError, AttributeError):  # the header falls back to the national portal
        pass


@require_GET
def autocomplete_view(request, portal_path=None):
    portal = _portal_from_path(request, portal_path)
    search_request = build_request(request, portal)
    if len(search_request.query) < 2:
        return JsonResponse({"results": []})
    items = service.autocomplete(search_request)
    return JsonResponse(
        {"results": [{"id": a.pk, "title": a.title, "url": a.get_url(request)} for a in items]},
        json_dumps_params={"ensure_ascii": False},
    )
