"""Routing a request down the network's page tree in two queries instead of two per level.

Wagtail's `Page.route` walks one path segment at a time: fetch the child by slug, then its
specific row, then ask it to route the rest. A commune's article sits six levels down, so that
walk costs eight queries before anything renders. Here every page on the path is fetched in
one query by `url_path` (which Wagtail keeps equal to the parent's `url_path` + slug), the walk
is done in memory, and only the page that answers is loaded as its specific type. Page types
with routing of their own (routable pages such as a news section's sub-routes) are handed the
rest of the path exactly as Wagtail would, so the result is the same as the stock walk.
"""

from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.url_routing import RouteResult


def _walks_like_page(cls) -> bool:
    """True when `cls.route` is the stock per-child walk (or this module's)."""
    return cls.route is Page.route or getattr(cls.route, "routes_by_url_path", False)


def _plain_routable(cls) -> bool:
    return issubclass(cls, RoutablePageMixin) and cls.route is RoutablePageMixin.route


def _own_route_matches(cls, live: bool, remaining: list[str]) -> bool:
    if not live:
        return False
    path = "/" + "".join(f"{part}/" for part in remaining)
    try:
        cls.get_resolver().resolve(path)
    except Http404:
        return False
    return True


def route_down(start, request, path_components: list[str]) -> RouteResult:
    """Route `path_components` below `start` (a specific page) the way Wagtail would."""
    if not path_components:
        if start.live:
            return RouteResult(start)
        raise Http404
    wanted = [
        start.url_path + "".join(f"{part}/" for part in path_components[: i + 1])
        for i in range(len(path_components))
    ]
    on_path = {
        page.url_path: page
        for page in Page.objects.filter(url_path__in=wanted).only(
            "id", "path", "depth", "url_path", "slug", "live", "content_type_id"
        )
    }
    current = start
    for index, _slug in enumerate(path_components):
        child = on_path.get(wanted[index])
        if child is None or not child.path.startswith(current.path):
            # Not where url_path says: let Wagtail's own walk decide (404 or a custom route).
            return Page.route(_specific(current), request, path_components[index:])
        current = child
        cls = child.specific_class or Page
        remaining = path_components[index + 1 :]
        if _walks_like_page(cls):
            continue
        if (
            _plain_routable(cls)
            and remaining
            and not _own_route_matches(cls, child.live, remaining)
        ):
            continue  # its sub-routes do not take this path: on to its child, as Wagtail does
        return _specific(child).route(request, remaining)
    if current.live:
        return RouteResult(_specific(current))
    raise Http404


def _specific(page):
    return page.specific if type(page) is Page else page
