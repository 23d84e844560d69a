"""sitemap.xml (an index of per-portal sitemaps, paginated) and robots.txt.

Built by hand rather than with django.contrib.sitemaps: its index costs one COUNT per section
(3,356 portals → 3,356 queries) and it assumes every URL lives on the requesting host. Here the
index is one grouped query and each URL is the page's own canonical URL.
"""

import math
from xml.sax.saxutils import escape

from django.db.models import Count, Max
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from cong.api import queries
from cong.network.models import PortalPage

URLS_PER_SITEMAP = 10_000
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _lastmod(value) -> str:
    return value.isoformat(timespec="seconds") if value else ""


def _site_root(request) -> Page | None:
    site = Site.find_for_request(request)
    return site.root_page if site else None


def _headers(response):
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_GET
def sitemap_index(request):
    root = _site_root(request)
    portals = PortalPage.objects.live().order_by("path")
    if root is not None:
        portals = portals.filter(path__startswith=root.path)
    portal_rows = list(portals.values_list("pk", "last_published_at"))
    stats = {
        row["portal_id"]: row
        for row in queries.published_articles()
        .filter(portal_id__in=[pk for pk, _ in portal_rows])
        .order_by()
        .values("portal_id")
        .annotate(n=Count("pk"), last=Max("last_published_at"))
    }

    def lines():
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield f'<sitemapindex xmlns="{_NS}">\n'
        for pk, portal_published in portal_rows:
            row = stats.get(pk, {"n": 0, "last": None})
            lastmod = max(filter(None, [portal_published, row["last"]]), default=None)
            base = request.build_absolute_uri(reverse("cong-sitemap-portal", args=[pk]))
            for page_number in range(1, max(1, math.ceil(row["n"] / URLS_PER_SITEMAP)) + 1):
                loc = base if page_number == 1 else f"{base}?p={page_number}"
                entry = f"<sitemap><loc>{escape(loc)}</loc>"
                if lastmod:
                    entry += f"<lastmod>{_lastmod(lastmod)}</lastmod>"
                yield entry + "</sitemap>\n"
        yield "</sitemapindex>\n"

    return _headers(StreamingHttpResponse(lines(), content_type="application/xml; charset=utf-8"))


def _url(loc: str, lastmod) -> str:
    entry = f"<url><loc>{escape(loc)}</loc>"
    if lastmod:
        entry += f"<lastmod>{_lastmod(lastmod)}</lastmod>"
    return entry + "</url>\n"


@require_GET
def portal_sitemap(request, portal_id: int):
    portal = PortalPage.objects.live().filter(pk=portal_id).first()
    if portal is None:
        raise Http404("No such portal.")
    try:
        page_number = int(request.GET.get("p", "1"))
    except ValueError:
        raise Http404("No such sitemap page.") from None
    articles = queries.published_articles().filter(portal_id=portal.pk)
    total = articles.count()
    if page_number < 1 or (page_number > 1 and (page_number - 1) * URLS_PER_SITEMAP >= total):
        raise Http404("No such sitemap page.")
    start = (page_number - 1) * URLS_PER_SITEMAP
    rows = articles.order_by("-published_at", "-id").only(
        "id", "url_path", "last_published_at", "path", "depth"
    )[start : start + URLS_PER_SITEMAP]

    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<urlset xmlns="{_NS}">\n']
    if page_number == 1:
        parts.append(_url(portal.get_full_url(request), portal.last_published_at))
        sections = Page.objects.live().filter(path__startswith=portal.path, depth=portal.depth + 1)
        sections = sections.exclude(content_type__model="portalpage").order_by("path")
        for section in sections:
            parts.append(_url(section.get_full_url(request), section.last_published_at))
    for article in rows:
        url = article.get_full_url(request)
        if url:
            parts.append(_url(url, article.last_published_at))
    parts.append("</urlset>\n")
    response = HttpResponse("".join(parts), content_type="application/xml; charset=utf-8")
    return _headers(response)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /api/v1/sync/",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('cong-sitemap-index'))}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
