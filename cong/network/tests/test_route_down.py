"""Routing below a portal by url_path (cong.network.routing) answers exactly as Wagtail's
per-level walk does, with fewer queries."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cong.network.routing import route_down
from cong.news.tests.factories import ArticlePageFactory


@pytest.fixture
def tree(small_network):
    portals, sections = small_network["portals"], small_network["sections"]
    article = ArticlePageFactory(parent=sections["badinh"]["news"], slug="tin-phuong")
    draft = ArticlePageFactory(parent=sections["badinh"]["news"], slug="ban-nhap", live=False)
    return {"nation": portals["nation"], "article": article, "draft": draft}


def stock_route(start, path):
    """Wagtail's own walk: one child, then its specific page, per path segment."""
    request = RequestFactory().get(path)
    components = [part for part in path.split("/") if part]
    if not components:
        return Page.route(start, request, [])
    child = start.get_children().get(slug=components[0])
    return child.specific.route(request, components[1:])


def outcome(function, *args):
    try:
        result = function(*args)
    except (Http404, Page.DoesNotExist):
        return "404"
    page, args, kwargs = result
    view = args[0].__name__ if args else None
    return (page.pk, type(page).__name__, view)


PATHS = [
    "/",
    "/ha-noi/",
    "/ha-noi/phuong-ba-dinh/",
    "/ha-noi/phuong-ba-dinh/tin-tuc/",
    "/ha-noi/phuong-ba-dinh/tin-tuc/don-vi-truc-thuoc/",
    "/ha-noi/phuong-ba-dinh/tin-tuc/tin-phuong/",
    "/ha-noi/phuong-ba-dinh/tin-tuc/tin-phuong/in/",
    "/ha-noi/phuong-ba-dinh/tin-tuc/tin-phuong/khong-co/",
    "/ha-noi/phuong-ba-dinh/tin-tuc/ban-nhap/",
    "/ha-noi/khong-co/",
    "/hue/phuong-ba-dinh/",
]


@pytest.mark.parametrize("path", PATHS)
def test_same_answer_as_wagtails_walk(tree, path):
    nation = tree["nation"]
    components = [part for part in path.split("/") if part]
    request = RequestFactory().get(path)
    assert outcome(route_down, nation, request, components) == outcome(stock_route, nation, path)


def test_an_article_answers_with_few_queries(tree):
    request = RequestFactory().get("/")
    components = ["ha-noi", "phuong-ba-dinh", "tin-tuc", "tin-phuong"]
    with CaptureQueriesContext(connection) as queries:
        page, _args, _kwargs = route_down(tree["nation"], request, components)
    assert page.pk == tree["article"].pk
    # One query for the path, the news section (routable) and its child the article.
    assert len(queries) <= 4, [q["sql"] for q in queries]


def test_stale_url_path_falls_back_to_the_walk(tree):
    """A page whose url_path no longer matches its place is still found by slug."""
    Page.objects.filter(pk=tree["article"].pk).update(url_path="/somewhere/else/")
    request = RequestFactory().get("/")
    components = ["ha-noi", "phuong-ba-dinh", "tin-tuc", "tin-phuong"]
    page, _args, _kwargs = route_down(tree["nation"], request, components)
    assert page.pk == tree["article"].pk


def test_the_served_pages_match(tree, client):
    assert client.get("/ha-noi/phuong-ba-dinh/tin-tuc/tin-phuong/").context["page"].pk == (
        tree["article"].pk
    )
    assert client.get("/ha-noi/phuong-ba-dinh/tin-tuc/ban-nhap/").status_code == 404
