"""One test per change that must purge: each serves the stale page first (the change is made
behind the cache's back, or the page is read just before it), then makes the change the way
editors and the worker do, and reads fresh pages through Django's test client."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cong.caching.tests.helpers import feed_url, fetch, warm
from cong.editorial.tests.helpers import article_form_data
from cong.news.models import ArticlePage
from cong.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def publish_edit(client, page, **fields):
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_form_data(page, **fields, **{"action-publish": "action-publish"}),
    )
    assert response.status_code == 302, response.content[:2000]


def pages_showing_commune_news(net, sitemap=False):
    portals, sections = net["portals"], net["sections"]
    return [
        portals["badinh"].url,
        sections["badinh"]["news"].url,
        portals["hanoi"].url,
        sections["hanoi"]["news"].url + "don-vi-truc-thuoc/",
        portals["nation"].url,
        sections["nation"]["news"].url + "don-vi-truc-thuoc/",
        "/en" + portals["badinh"].url,
        feed_url("portal", portals["badinh"].pk),
        feed_url("portal", portals["badinh"].pk, atom=True),
        feed_url("section", sections["badinh"]["news"].pk),
    ] + ([reverse("cong-sitemap-portal", args=[portals["badinh"].pk])] if sitemap else [])


def test_publish_reaches_every_listing_up_the_tree(
    client, small_network, django_capture_on_commit_callbacks
):
    net = small_network
    article = ArticlePageFactory(
        parent=net["sections"]["badinh"]["news"],
        title="Khai trương nhà văn hoá",
        slug="khai-truong-nha-van-hoa",
        live=False,
    )
    urls = pages_showing_commune_news(net, sitemap=True)
    for url in urls:
        assert "khai-truong-nha-van-hoa" not in warm(client, url)
    unrelated = warm(client, net["portals"]["hue"].url)

    # Made live behind the cache's back: the cached pages still miss it (stale).
    ArticlePage.objects.filter(pk=article.pk).update(live=True)
    for url in urls:
        text, state = fetch(client, url)
        assert state == "hit" and "khai-truong-nha-van-hoa" not in text, url
    ArticlePage.objects.filter(pk=article.pk).update(live=False)

    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    for url in urls:
        text, state = fetch(client, url)
        assert state == "miss" and "khai-truong-nha-van-hoa" in text, url
    # Exact: a portal that does not show it keeps its cached page.
    text, state = fetch(client, net["portals"]["hue"].url)
    assert state == "hit" and text == unrelated


def test_edit_refreshes_article_listings_and_feeds(
    client, small_network, people, login, articles, django_capture_on_commit_callbacks
):
    net = small_network
    article = articles["badinh"]
    urls = [article.url, article.url + "in/", "/en" + article.url, *pages_showing_commune_news(net)]
    for url in urls:
        assert "Tin của badinh" in warm(client, url)

    ArticlePage.objects.filter(pk=article.pk).update(title="Tiêu đề đã sửa")
    assert "Tiêu đề đã sửa" not in fetch(client, article.url)[0]  # stale
    ArticlePage.objects.filter(pk=article.pk).update(title="Tin của badinh")

    with django_capture_on_commit_callbacks(execute=True):
        publish_edit(login(people["approver"]), article, title="Tiêu đề đã sửa")
    for url in urls:
        text, _ = fetch(client, url)
        assert "Tiêu đề đã sửa" in text and "Tin của badinh" not in text, url


def test_unpublish_removes_it_everywhere(
    client, small_network, people, login, articles, django_capture_on_commit_callbacks
):
    net = small_network
    article = articles["badinh"]
    urls = pages_showing_commune_news(net)
    for url in urls:
        assert "Tin của badinh" in warm(client, url)
    assert "Tin của badinh" in warm(client, article.url)

    with django_capture_on_commit_callbacks(execute=True):
        response = login(people["approver"]).post(
            reverse("wagtailadmin_pages:unpublish", args=[article.pk])
        )
    assert response.status_code == 302
    for url in urls:
        assert "Tin của badinh" not in fetch(client, url)[0], url
    assert client.get(article.url).status_code == 404


def test_expiry_through_the_worker_purges(
    client, small_network, settings, django_capture_on_commit_callbacks
):
    from cong.editorial.tests.test_scheduling import DB_TASKS, run_worker

    settings.TASKS = DB_TASKS
    net = small_network
    start = timezone.now().replace(microsecond=0)
    expire = start + timedelta(minutes=10)
    with time_machine.travel(start, tick=False):
        article = ArticlePageFactory(
            parent=net["sections"]["badinh"]["news"], title="Thông báo tạm thời", live=False
        )
        article.expire_at = expire
        with django_capture_on_commit_callbacks(execute=True):
            article.save_revision().publish()
        urls = [article.url, *pages_showing_commune_news(net)]
        for url in urls:
            assert "Thông báo tạm thời" in warm(client, url)
    with time_machine.travel(expire + timedelta(seconds=5), tick=False):
        # Due but not yet run: the cache still serves it.
        assert fetch(client, net["portals"]["badinh"].url)[1] == "hit"
        with django_capture_on_commit_callbacks(execute=True):
            run_worker()
        article.refresh_from_db()
        assert article.expired
        for url in urls[1:]:
            assert "Thông báo tạm thời" not in fetch(client, url)[0], url
        assert client.get(article.url).status_code == 404


def test_related_articles_of_the_portal_and_linking_pages_are_refreshed(
    client, small_network, articles, page_cache, django_capture_on_commit_callbacks
):
    """Article pages list their portal's latest others: a new one reaches every page of its
    portal (files of its sections included), and nothing of another portal."""
    net = small_network
    sibling = articles["badinh"]
    elsewhere = articles["hue"]
    sibling_text = warm(client, sibling.url)
    elsewhere_text = warm(client, elsewhere.url)
    assert (page_cache / "localhost" / sibling.url.strip("/") / "index.html").exists()
    article = ArticlePageFactory(
        parent=net["sections"]["badinh"]["news"], title="Bài mới liên quan", live=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert not (page_cache / "localhost" / sibling.url.strip("/") / "index.html").exists()
    text, state = fetch(client, sibling.url)
    assert state == "miss" and "Bài mới liên quan" in text and text != sibling_text
    assert fetch(client, elsewhere.url) == (elsewhere_text, "hit")
