"""Article listings along the network tree.

A portal shows its own articles, the directives pushed down to it from the portals above, and
the latest news of the portals below. Each listing is one query on `ArticlePage` (plus a COUNT
when paginated), whatever the size of the network or of the archive:

- ancestors are the prefixes of the portal's materialised path, so they need no query;
- descendants are resolved to portal ids by a subquery on portal pages (≈3,356 rows), so
  articles are never scanned by path, only by their indexed `(portal, published_at)`.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from wagtail.images import get_image_model
from wagtail.models import Page

from cong.core import frames
from cong.core.tree import subtree_q
from cong.network.models import PortalPage
from cong.news.models import ArticlePage, DirectiveIndexPage, DirectiveScope

PER_PAGE = 20
HOME_OWN_NEWS = 8
HOME_DIRECTIVES = 6
HOME_BELOW_NEWS = 8
THUMBNAIL_FILTER = "fill-480x270"


def articles() -> QuerySet:
    """Live articles with what a listing shows (portal credit, thumbnail), newest first."""
    images = get_image_model().objects.prefetch_renditions(THUMBNAIL_FILTER)
    return (
        ArticlePage.objects.filter(live=True, expired=False)
        .select_related("portal")
        .prefetch_related(Prefetch("seo_image", queryset=images))
        .defer("body", "portal__intro")
        .order_by("-published_at", "-pk")
    )


class Card:
    """An article as a listing shows it (news/includes/article_card.html): one row with the
    card's columns, its portal from `frames.portal_links` (no join), its thumbnail with the
    rendition prefetched. Far cheaper than a page object for the dozens a home shows."""

    FIELDS = ("id", "title", "url_path", "published_at", "portal_id", "seo_image_id", "sapo")
    __slots__ = (*FIELDS, "portal", "seo_image")

    def __init__(self, row: dict, portal, seo_image):
        for name in self.FIELDS:
            setattr(self, name, row[name])
        self.portal = portal
        self.seo_image = seo_image

    @property
    def pk(self) -> int:
        return self.id

    @property
    def url(self) -> str:
        from cong.core.urls import page_url_builder

        return page_url_builder(None)(self.url_path)

    def __repr__(self) -> str:
        return f"<Card {self.id}: {self.title}>"


def cards(queryset) -> list[Card]:
    """The articles of `queryset` (sliced or not) as listing cards."""
    rows = list(queryset.select_related(None).prefetch_related(None).values(*Card.FIELDS))
    image_ids = {row["seo_image_id"] for row in rows if row["seo_image_id"]}
    images = {}
    if image_ids:
        found = get_image_model().objects.filter(pk__in=image_ids)
        images = {image.pk: image for image in found.prefetch_renditions(THUMBNAIL_FILTER)}
    links = frames.portal_links()
    return [Card(row, links.get(row["portal_id"]), images.get(row["seo_image_id"])) for row in rows]


def network_articles() -> QuerySet:
    """The latest articles across the whole network (the national home's 'all news')."""
    return articles()


def own_articles(portal: PortalPage) -> QuerySet:
    """Every live article that belongs to `portal` (news and directives alike), and those its
    editors accepted from the portals below (they stay credited to their own portal)."""
    from cong.editorial.syndication import accepted_article_ids

    # Resolved to a list first: an OR with a subquery would keep the planner off the
    # (portal, published_at) index.
    accepted = [row["article_id"] for row in accepted_article_ids(portal.pk)]
    mine = Q(portal_id=portal.pk)
    return articles().filter(mine | Q(pk__in=accepted) if accepted else mine)


def section_articles(section: Page) -> QuerySet:
    """Articles filed under one section page (e.g. a portal's 'Tin tức')."""
    portal_path = section.path[: -Page.steplen]
    portal_ids = PortalPage.objects.filter(path=portal_path).values("pk")
    return articles().filter(portal_id__in=portal_ids).filter(subtree_q(section.path))


def _directive_section_paths(portal: PortalPage) -> list[str]:
    """From the portal's children as the page chrome already loaded them (one query per
    portal object, shared with the header, footer and JSON-LD)."""
    from cong.core.chrome import portal_children

    directive_type = ContentType.objects.get_for_model(DirectiveIndexPage).pk
    return [
        child.path for child in portal_children(portal) if child.content_type_id == directive_type
    ]


def _under_any(paths: list[str]) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= subtree_q(path)
    return condition


def _own_directive_q(portal: PortalPage) -> Q:
    """The portal's own directives: pushed down to others, or filed under its directives
    section."""
    return Q(portal_id=portal.pk) & (
        ~Q(directive_scope=DirectiveScope.NONE) | _under_any(_directive_section_paths(portal))
    )


def _live_ancestor_portal_ids(portal: PortalPage) -> list[int]:
    """From the portal's frame (`cong.core.frames`): no query while the network is unchanged."""
    found = frames.frame(portal.pk)
    return found.live_ancestor_portal_ids if found else []


def _pushed_down_q(portal: PortalPage, above_ids: list[int]) -> Q:
    """Directives of the portals above `portal` whose scope reaches it."""
    if not above_ids:
        return Q(pk__in=[])
    through = ArticlePage.directive_units.through
    chosen = through.objects.filter(unit_id=portal.unit_id).values("articlepage_id")
    reaches = (
        Q(directive_scope=DirectiveScope.ALL)
        | Q(directive_scope=DirectiveScope.LEVEL, directive_level=portal.unit.level)
        | Q(directive_scope=DirectiveScope.UNITS, pk__in=chosen)
    )
    return Q(portal_id__in=above_ids) & reaches


def directives_for(portal: PortalPage) -> QuerySet:
    """The portal's 'Chỉ đạo điều hành': its own directives and those pushed down to it."""
    above_ids = _live_ancestor_portal_ids(portal)
    # The outer portal filter lets the planner start from the (portal, published_at) index.
    return (
        articles()
        .filter(portal_id__in=[portal.pk, *above_ids])
        .filter(_own_directive_q(portal) | _pushed_down_q(portal, above_ids))
    )


def latest_directives(portal: PortalPage, limit: int) -> list:
    """The newest `limit` of `directives_for(portal)`, as two index-ordered queries (own,
    pushed down) merged here: one query with the OR has to sort every candidate."""
    above_ids = _live_ancestor_portal_ids(portal)
    own = cards(articles().filter(_own_directive_q(portal))[:limit])
    pushed = (
        cards(articles().filter(_pushed_down_q(portal, above_ids))[:limit]) if above_ids else []
    )
    merged = sorted(own + pushed, key=lambda a: (a.published_at, a.pk), reverse=True)
    return merged[:limit]


def own_news(portal: PortalPage) -> QuerySet:
    """The portal's own articles that are not directives (its home's 'Tin tức' block)."""
    queryset = own_articles(portal).filter(directive_scope=DirectiveScope.NONE)
    for path in _directive_section_paths(portal):
        queryset = queryset.exclude(subtree_q(path))
    return queryset


# Above this many portals below, the ids go to PostgreSQL as a subquery, not a literal list.
LITERAL_IDS_MAX = 500


def descendant_portal_ids(portal: PortalPage):
    """Ids of the live portals anywhere below `portal`: a list from the portal's frame, or a
    subquery for the national portal's 3,355."""
    found = frames.frame(portal.pk)
    if found is not None and len(found.live_descendant_portal_ids) <= LITERAL_IDS_MAX:
        return found.live_descendant_portal_ids
    return PortalPage.objects.filter(subtree_q(portal.path), live=True).values("pk")


def news_from_below(portal: PortalPage) -> QuerySet:
    """The latest articles of every portal below `portal` (a province: its communes)."""
    return articles().filter(portal_id__in=descendant_portal_ids(portal))


def subordinate_portal_links(portal: PortalPage, request) -> list[tuple[str, str]]:
    """(title, url) of the live portals directly below `portal` in official code order, for
    the home's list of portals below (126 wards under Hà Nội), from the portal's frame."""
    from cong.core.urls import page_url_builder

    found = frames.frame(portal.pk)
    rows = found.subordinates if found else []
    url_for = page_url_builder(request)
    return [(title, url_for(url_path)) for _pk, title, url_path in rows]


def pushed_down_directives(portal: PortalPage) -> QuerySet:
    """Only the directives that reach `portal` from above."""
    return articles().filter(_pushed_down_q(portal, _live_ancestor_portal_ids(portal)))


def paginate(queryset: QuerySet, page_number, per_page: int = PER_PAGE) -> PaginatorPage:
    """One page of the articles of `queryset`, as cards. No number means the first page;
    anything else that is not a page of the listing (not a number, zero, past the end) is a
    404, so every listing URL that answers 200 shows distinct content."""
    paginator = Paginator(queryset, per_page)
    if page_number in (None, ""):
        page_number = 1
    try:
        page = paginator.page(page_number)
    except (PageNotAnInteger, EmptyPage) as error:
        raise Http404(str(error)) from error
    page.object_list = cards(page.object_list)
    return page


def home_listings(portal: PortalPage, request=None) -> dict:
    """The blocks of a portal's home page, each a short list."""
    if portal.depth == 2 and portal.unit.level == 0:
        # Every portal is below the national one: skip resolving 3,355 ids.
        below = network_articles().exclude(portal_id=portal.pk)
    else:
        below = news_from_below(portal)
    return {
        "own_news": cards(own_news(portal)[:HOME_OWN_NEWS]),
        "directives": latest_directives(portal, HOME_DIRECTIVES),
        "news_below": cards(below[:HOME_BELOW_NEWS]),
        "subordinate_portals": subordinate_portal_links(portal, request),
    }


def related_articles(article: ArticlePage, limit: int = 5) -> list:
    """The editor's related links that are live, or else the portal's latest other news."""
    from cong.news.models import ArticleRelatedLink

    links = (
        ArticleRelatedLink.objects.filter(article=article, target__live=True)
        .select_related("target")
        .order_by("sort_order")
    )
    related = [link.target for link in links[:limit]]
    if related or article.portal_id is None:
        return related
    return cards(articles().filter(portal_id=article.portal_id).exclude(pk=article.pk)[:limit])
