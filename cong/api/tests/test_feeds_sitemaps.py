from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
import xmlschema
from django.template import engines

from cong.api import sitemaps

XSD = Path(__file__).parent / "xsd"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _parse_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return response, feed


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_portal_feed(client, api_network, fmt):
    hue = api_network["portals"]["hue"]
    response, feed = _parse_feed(client, f"/feeds/portal/{hue.pk}/{fmt}.xml")
    assert response["Content-Type"].startswith(
        "application/rss+xml" if fmt == "rss" else "application/atom+xml"
    )
    assert feed.feed.title == "Thành phố Huế"
    assert [e.title for e in feed.entries] == ["Tin hue số 2", "Tin hue số 1", "Tin hue số 0"]
    entry = feed.entries[0]
    assert entry.link.endswith("/hue/tin-tuc/tin-hue-2/")
    assert entry.id.startswith("urn:uuid:")
    assert "đổi mới &amp; phát triển &lt;b&gt;" in response.content.decode()
    assert entry.summary.startswith("Tóm tắt tin hue 2")
    assert [t.term for t in entry.tags] == ["Kinh tế"]


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_directive_section_and_topic_feeds(client, api_network, fmt):
    badinh = api_network["portals"]["badinh"]
    _, feed = _parse_feed(client, f"/feeds/portal/{badinh.pk}/directives/{fmt}.xml")
    assert [e.title for e in feed.entries] == [
        "Công điện gửi các phường",
        "Chỉ thị về phòng chống thiên tai",
    ]
    section = api_network["sections"]["hanoi"]["news"]
    _, feed = _parse_feed(client, f"/feeds/section/{section.pk}/{fmt}.xml")
    assert len(feed.entries) == 3
    _, feed = _parse_feed(client, f"/feeds/topic/y-te/{fmt}.xml")
    assert len(feed.entries) == 5


def test_unknown_feed_is_404(client, api_network):
    assert client.get("/feeds/portal/999999/rss.xml").status_code == 404
    assert client.get("/feeds/topic/khong-co/atom.xml").status_code == 404
    news = api_network["articles"]["hue-0"]
    assert client.get(f"/feeds/section/{news.pk}/rss.xml").status_code == 404


def test_sitemap_index_and_portal_sitemaps_validate(client, api_network, monkeypatch):
    monkeypatch.setattr(sitemaps, "URLS_PER_SITEMAP", 2)
    index_schema = xmlschema.XMLSchema(XSD / "siteindex.xsd")
    urlset_schema = xmlschema.XMLSchema(XSD / "sitemap.xsd")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index_xml = b"".join(response.streaming_content)
    index_schema.validate(index_xml)
    locs = [loc.text for loc in ElementTree.fromstring(index_xml).iter(f"{NS}loc")]
    hue = api_network["portals"]["hue"]
    # 3 articles at 2 a file → two sitemaps for Huế; 5 portals in all.
    assert sum(f"/sitemaps/portal-{hue.pk}.xml" in loc for loc in locs) == 2
    assert len({loc.split("?")[0] for loc in locs}) == 5
    urls = []
    for loc in locs:
        path = loc.split("testserver", 1)[1]
        page = client.get(path)
        assert page.status_code == 200, path
        urlset_schema.validate(page.content)
        urls += [loc.text for loc in ElementTree.fromstring(page.content).iter(f"{NS}loc")]
    assert len(urls) == len(set(urls)) == 5 + 10 + 17  # portals, sections, articles
    assert all(url.startswith("http://") for url in urls)
    assert client.get(f"/sitemaps/portal-{hue.pk}.xml?p=3").status_code == 404
    assert client.get(f"/sitemaps/portal-{hue.pk}.xml?p=x").status_code == 404


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_feed_autodiscovery_links(rf, api_network):
    section = api_network["sections"]["hue"]["news"]
    template = engines["django"].from_string('{% include "api/feed_links.html" %}')
    html = template.render({"page": section.specific}, rf.get("/"))
    hue = api_network["portals"]["hue"]
    assert f'href="/feeds/section/{section.pk}/rss.xml"' in html
    assert f'href="/feeds/portal/{hue.pk}/atom.xml"' in html
    assert f'href="/feeds/portal/{hue.pk}/directives/rss.xml"' in html
    assert html.count('rel="alternate"') == 6


def test_public_pages_carry_feed_autodiscovery_links(client, api_network):
    section = api_network["sections"]["hue"]["news"]
    hue = api_network["portals"]["hue"]
    html = client.get(section.url).content.decode()
    assert (
        f'<link rel="alternate" type="application/rss+xml" title="Tin tức – Thành phố Huế" '
        f'href="/feeds/section/{section.pk}/rss.xml">' in html
    )
    assert f'href="/feeds/portal/{hue.pk}/directives/atom.xml"' in html
