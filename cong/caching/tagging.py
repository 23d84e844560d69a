"""Which tags a cached response depends on. Only what is listed here is ever cached: the
public page types below, feeds, sitemaps and robots.txt. Everything else (search, forms,
citizens' pages, the API, the admin) goes to Django every time.

Tag names (purged by `cong.caching.invalidation`):
- `global`: every entry (portal, section, site or menu changes);
- `home:<portal id>`: a portal's home; `news:<portal id>`: its news section listings;
  `below:<portal id>`: its "news of the portals below" listings; `directives:<portal id>`: its
  directives listings;
- `pushdown:<portal path>` and `pushdown:<portal path>:L<level>`: the directive blocks of every
  portal below that portal (of that level), so a directive pushed to 3,355 portals is one write;
- `article:<id>`: an article's page and print view; `related:<portal id>`: every article page
  of a portal (their "related articles" fallback lists the portal's latest);
- `page:<id>`: other content pages (about, contact);
- `feed:portal|directives|section|topic:<key>`, `sitemap:index`, `sitemap:portal:<id>`.
"""

from __future__ import annotations

from wagtail.models import Page


def pushdown_tags(portal_path: str, level: int) -> list[str]:
    """Tags of the directives that reach a portal from the portals above it."""
    steplen = Page.steplen
    tags = []
    for end in range(2 * steplen, len(portal_path), steplen):
        above = portal_path[:end]
        tags += [f"pushdown:{above}", f"pushdown:{above}:L{level}"]
    return tags


def page_tags(page, route_name: str | None) -> list[str] | None:
    """Tags of a served Wagtail page, or None when the page must not be cached."""
    from cong.network.models import AboutPage, ContactPage, PortalPage
    from cong.news.models import ArticlePage, DirectiveIndexPage, NewsIndexPage

    if isinstance(page, ArticlePage):
        tags = [f"article:{page.pk}"]
        if page.portal_id:
            tags.append(f"related:{page.portal_id}")
    elif isinstance(page, PortalPage):
        tags = [f"home:{page.pk}", *pushdown_tags(page.path, page.unit.level)]
    elif isinstance(page, NewsIndexPage):
        portal = page.owning_portal
        if portal is None:
            return None
        kind = "below" if route_name == "from_below" else "news"
        tags = [f"{kind}:{portal.pk}"]
    elif isinstance(page, DirectiveIndexPage):
        portal = page.owning_portal
        if portal is None:
            return None
        tags = [f"directives:{portal.pk}", *pushdown_tags(portal.path, portal.unit.level)]
    elif isinstance(page, AboutPage | ContactPage):
        tags = [f"page:{page.pk}"]
    else:
        return None
    return ["global", *tags]


def _portal_path_level(portal_id) -> tuple[str, int] | None:
    from cong.network.models import PortalPage

    row = PortalPage.objects.filter(pk=portal_id).values_list("path", "unit__level").first()
    return row


def view_tags(match) -> list[str] | None:
    """Tags of the feeds, sitemaps and robots.txt (by URL name), None for any other view."""
    if match is None or not match.url_name:
        return None
    name, kwargs = match.url_name, match.kwargs
    if name == "cong-robots":
        return ["global"]
    if name == "cong-sitemap-index":
        return ["global", "sitemap:index"]
    if name == "cong-sitemap-portal":
        return ["global", f"sitemap:portal:{kwargs['portal_id']}"]
    if not name.startswith("cong-feed-"):
        return None
    kind = name.split("-")[2]
    key = kwargs.get("key")
    tags = ["global", f"feed:{kind}:{key}"]
    if kind == "directives":
        row = _portal_path_level(key)
        if row is None:
            return None
        tags += pushdown_tags(*row)
    return tags
