"""The database goes away: pages answer a friendly 503 quickly, probes tell it, and pages
come back by themselves once the database is back."""

import pytest
from django.core.cache import cache
from django.test import Client

from cong.news.tests.factories import ArticlePageFactory
from cong.operations.tests.helpers import database_down

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(small_network):
    return ArticlePageFactory(
        parent=small_network["sections"]["hanoi"]["news"],
        title="Hà Nội khai trương tuyến phố đi bộ",
        slug="pho-di-bo",
        portal=small_network["portals"]["hanoi"],
    )


def client():
    # Errors outside views go through handler500 like in production, not back to the test.
    return Client(raise_request_exception=False)


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Cổng thông tin tạm thời gián đoạn" in html
    assert "The portal is briefly unavailable" in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_pages_answer_503_while_the_database_is_down_and_recover(article):
    url = article.url
    assert client().get(url).status_code == 200

    cache.clear()  # nothing from the site lookup cache: the first query is in middleware
    with database_down():
        assert_unavailable_page(client().get(url))
        assert_unavailable_page(client().get("/ha-noi/"))
        assert_unavailable_page(client().get("/tim-kiem/?q=ph%E1%BB%91"))

    response = client().get(url)
    assert response.status_code == 200
    assert "Hà Nội khai trương tuyến phố đi bộ" in response.content.decode()


def test_a_view_that_loses_the_database_gets_503_from_the_middleware(article):
    url = article.url
    assert client().get(url).status_code == 200  # site lookup now cached
    with database_down():
        response = Client().get(url)  # raises if the error escaped as a 500
    assert_unavailable_page(response)
    assert client().get(url).status_code == 200


def test_probes_during_the_outage(article):
    with database_down():
        health = client().get("/healthz")
        ready = client().get("/readyz")
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    assert ready.status_code == 503
    checks = ready.json()["checks"]
    assert checks["database"]["status"] == "fail"
    assert "OperationalError" in checks["database"]["detail"]["error"]
    assert checks["cache"]["status"] == "ok"
    assert client().get("/readyz").status_code == 200


def test_other_errors_stay_500(article, monkeypatch):
    from cong.news.models import ArticlePage

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(ArticlePage, "get_context", broken)
    response = client().get(article.url)
    assert response.status_code == 500
    assert "Retry-After" not in response
