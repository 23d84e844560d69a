"""Tree queries the API, feeds and sitemaps share. Everything resolves portals to ids first
(3,356 rows at most) so article queries stay index scans on (portal, published_at)."""

from django.db.models import Q
from wagtail.models import Page

from cong.network.models import PortalPage
from cong.news.models import ArticlePage, DirectiveIndexPage, DirectiveScope


def subordinate_portal_ids(portal: PortalPage, include_self: bool = True) -> list[int]:
    ids = list(
        PortalPage.objects.filter(path__startswith=portal.path, depth__gt=portal.depth).values_list(
            "pk", flat=True
        )
    )
    return [portal.pk, *ids] if include_self else ids


def ancestor_portal_ids(portal: PortalPage) -> list[int]:
    paths = [portal.path[:i] for i in range(Page.steplen, len(portal.path), Page.steplen)]
    return list(PortalPage.objects.filter(path__in=paths).values_list("pk", flat=True))


def published_articles():
    return ArticlePage.objects.filter(live=True, portal__isnull=False)


def directives_pushed_to(portal: PortalPage) -> Q:
    """Directives issued by `portal`'s ancestors that reach it (scope all, its level, or its
    unit chosen), as a filter on ArticlePage."""
    ancestors = ancestor_portal_ids(portal)
    if not ancestors:
        return Q(pk__in=[])
    return Q(portal_id__in=ancestors) & (
        Q(directive_scope=DirectiveScope.ALL)
        | Q(directive_scope=DirectiveScope.LEVEL, directive_level=portal.unit.level)
        | Q(directive_scope=DirectiveScope.UNITS, directive_units=portal.unit_id)
    )


def own_directives(portal: PortalPage) -> Q:
    """Articles the portal issued as directives: in its directives section(s) or marked as
    pushed down."""
    section_paths = DirectiveIndexPage.objects.filter(
        path__startswith=portal.path, depth=portal.depth + 1
    ).values_list("path", flat=True)
    in_sections = Q(pk__in=[])
    for path in section_paths:
        in_sections |= Q(path__startswith=path)
    return Q(portal_id=portal.pk) & (in_sections | ~Q(directive_scope=DirectiveScope.NONE))


def directive_stream(portal: PortalPage):
    """A portal's directive stream: its own directives and those pushed down to it."""
    ids = published_articles().filter(own_directives(portal) | directives_pushed_to(portal))
    return published_articles().filter(pk__in=ids.values("pk"))
