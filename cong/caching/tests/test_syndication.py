"""Directives pushed down (all, one level, chosen units) and withdrawn; articles accepted from
below; the portal's own hostname; feeds and sitemaps alone."""

import pytest
from django.urls import reverse

from cong.caching.tests.helpers import feed_url, fetch, warm
from cong.caching.tests.test_invalidation import publish_edit
from cong.editorial import syndication
from cong.news.models import ArticlePage

pytestmark = pytest.mark.django_db


def directive_pages(net, key):
    return [
        net["portals"][key].url,
        net["sections"][key]["directives"].url,
        "/en" + net["sections"][key]["directives"].url,
        feed_url("directives", net["portals"][key].pk),
    ]


def test_push_down_to_all_then_withdraw(
    client, small_network, people, login, articles, django_capture_on_commit_callbacks
):
    net = small_network
    directive = articles["hanoi"]
    urls = directive_pages(net, "badinh") + directive_pages(net, "hoankiem")
    for url in urls:
        assert "Tin của hanoi" not in warm(client, url)
    hue_home = warm(client, net["portals"]["hue"].url)

    ArticlePage.objects.filter(pk=directive.pk).update(directive_scope="all")
    assert "Tin của hanoi" not in fetch(client, urls[0])[0]  # stale until purged
    ArticlePage.objects.filter(pk=directive.pk).update(directive_scope="")

    approver = login(people["province_approver"])
    with django_capture_on_commit_callbacks(execute=True):
        publish_edit(approver, directive, directive_scope="all")
    for url in urls:
        assert "Tin của hanoi" in fetch(client, url)[0], url
        assert fetch(client, url)[1] == "hit"
    assert fetch(client, net["portals"]["hue"].url) == (hue_home, "hit")

    # Withdrawn: the scope taken off (a new revision), then pushed to one unit only.
    directive.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        publish_edit(approver, directive, directive_scope="")
    for url in urls:
        text = fetch(client, url)[0]
        assert "Tin của hanoi" not in text, url


def test_push_down_to_one_level_and_to_chosen_units(
    client, small_network, people, login, articles, django_capture_on_commit_callbacks
):
    net = small_network
    directive = articles["hanoi"]
    badinh, hoankiem = directive_pages(net, "badinh"), directive_pages(net, "hoankiem")
    for url in badinh + hoankiem:
        warm(client, url)
    approver = login(people["province_approver"])
    with django_capture_on_commit_callbacks(execute=True):
        publish_edit(
            approver,
            directive,
            directive_scope="units",
            directive_units=[net["portals"]["hoankiem"].unit_id],
        )
    for url in hoankiem:
        assert "Tin của hanoi" in fetch(client, url)[0], url
    for url in badinh:
        assert fetch(client, url)[1] == "hit", url  # not reached: still cached

    directive.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        publish_edit(approver, directive, directive_scope="level", directive_level="2")
    for url in badinh + hoankiem:
        assert "Tin của hanoi" in fetch(client, url)[0], url

    directive.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = approver.post(reverse("wagtailadmin_pages:unpublish", args=[directive.pk]))
    assert response.status_code == 302
    for url in badinh + hoankiem:
        assert "Tin của hanoi" not in fetch(client, url)[0], url


def test_accepted_proposal_joins_the_province_home(
    client, small_network, people, articles, django_capture_on_commit_callbacks
):
    net = small_network
    article = articles["badinh"]
    province_home = net["portals"]["hanoi"].url
    home = warm(client, province_home)
    assert home.count("Tin của badinh") == 1  # in "news from below" only
    with django_capture_on_commit_callbacks(execute=True):
        proposal = syndication.propose(article, people["editor"])
    assert fetch(client, province_home) == (home, "hit")  # pending: nothing changes
    with django_capture_on_commit_callbacks(execute=True):
        syndication.accept(proposal, people["province_approver"])
    text, state = fetch(client, province_home)
    assert state == "miss" and text.count("Tin của badinh") == 2  # own news block too
    with django_capture_on_commit_callbacks(execute=True):
        syndication.withdraw(proposal, people["admin"])
    assert fetch(client, province_home)[0].count("Tin của badinh") == 1


def test_feeds_are_purged(
    client, small_network, people, login, articles, django_capture_on_commit_callbacks
):
    net = small_network
    article = articles["badinh"]
    feeds = [
        feed_url("portal", net["portals"]["badinh"].pk),
        feed_url("portal", net["portals"]["badinh"].pk, atom=True),
        feed_url("section", net["sections"]["badinh"]["news"].pk),
    ]
    for url in feeds:
        assert "Tin của badinh" in warm(client, url)
    ArticlePage.objects.filter(pk=article.pk).update(title="Tin đã đính chính")
    assert "Tin đã đính chính" not in fetch(client, feeds[0])[0]  # stale until purged
    ArticlePage.objects.filter(pk=article.pk).update(title="Tin của badinh")

    with django_capture_on_commit_callbacks(execute=True):
        publish_edit(login(people["approver"]), article, title="Tin đã đính chính")
    for url in feeds:
        text, state = fetch(client, url)
        assert state == "miss" and "Tin đã đính chính" in text, url


def test_sitemaps_are_purged(
    client, small_network, people, login, articles, django_capture_on_commit_callbacks
):
    net = small_network
    article = articles["badinh"]
    sitemap = reverse("cong-sitemap-portal", args=[net["portals"]["badinh"].pk])
    assert f"/{article.slug}/" in warm(client, sitemap)
    warm(client, reverse("cong-sitemap-index"))

    with django_capture_on_commit_callbacks(execute=True):
        publish_edit(login(people["approver"]), article, slug="moi")
    text, state = fetch(client, sitemap)
    assert state == "miss" and "/moi/" in text and f"/{article.slug}/" not in text
    assert fetch(client, reverse("cong-sitemap-index"))[1] == "miss"  # its lastmod moves


def test_portal_hostname_is_purged_too(
    client, small_network, people, login, articles, page_cache, django_capture_on_commit_callbacks
):
    from cong.network.sites import set_portal_domain

    net = small_network
    with django_capture_on_commit_callbacks(execute=True):
        set_portal_domain(net["portals"]["hanoi"], "hanoi.example.vn")
    article = articles["badinh"]
    on_host = article.url_path.split("/ha-noi", 1)[1]  # /phuong-ba-dinh/tin-tuc/tin-badinh/
    host_urls = [on_host, "/", "/phuong-ba-dinh/"]
    for url in host_urls:
        assert "Tin của badinh" in warm(client, url, host="hanoi.example.vn")
    assert (page_cache / "hanoi.example.vn" / on_host.strip("/") / "index.html").exists()
    assert (page_cache / "hanoi.example.vn" / "index.html").exists()

    with django_capture_on_commit_callbacks(execute=True):
        publish_edit(login(people["approver"]), article, title="Tin đã đính chính")
    assert not (page_cache / "hanoi.example.vn" / on_host.strip("/") / "index.html").exists()
    for url in host_urls:
        text, state = fetch(client, url, host="hanoi.example.vn")
        assert state == "miss" and "Tin đã đính chính" in text, url


def test_a_renamed_unit_purges_the_pages_that_show_its_name(
    client, small_network, articles, django_capture_on_commit_callbacks
):
    from cong.network.models import Unit

    net = small_network
    article_url = articles["badinh"].url
    for url in (article_url, net["portals"]["badinh"].url):
        assert "Phường Ba Đình" in warm(client, url)

    unit = Unit.objects.get(pk=net["portals"]["badinh"].unit_id)
    unit.name = "Phường Ba Đình (mới)"
    with django_capture_on_commit_callbacks(execute=True):
        unit.save()

    for url in (article_url, net["portals"]["badinh"].url):
        text, state = fetch(client, url)
        assert state == "miss" and "Phường Ba Đình (mới)" in text, url
