"""Articles, their print view and the news/directive listings as a citizen sees them."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cong.news.models import ArticleRelatedLink
from cong.news.tests.factories import ArticlePageFactory, TopicFactory

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def graph_nodes(html, node_type):
    documents = [json.loads(block) for block in JSON_LD.findall(html)]
    return [
        node
        for document in documents
        for node in document.get("@graph", [document])
        if node.get("@type") == node_type
    ]


@pytest.fixture
def article(small_network):
    news = small_network["sections"]["badinh"]["news"]
    page = ArticlePageFactory(
        parent=news,
        title="Phường Ba Đình ra quân làm sạch đường phố",
        slug="ra-quan",
        sapo="Sáng nay, hàng trăm người dân đã cùng tham gia.",
        dateline="Hà Nội",
        byline="Nguyễn Văn A",
        source="Báo Hà Nội Mới",
        published_at=datetime(2025, 7, 21, 7, 30, tzinfo=UTC),
        body=[
            ("paragraph", "<p>Đoạn mở đầu của bài viết.</p>"),
            ("subheading", "Kết quả ban đầu"),
            ("quote", {"quote": "Phố sạch là nhờ mọi người.", "attribution": "Tổ trưởng"}),
        ],
    )
    page.topics.add(TopicFactory(name="Môi trường"))
    page.tags.add("vệ sinh môi trường")
    page.save()
    return page


def test_article_page_shows_the_government_article_shape(client, article):
    response = client.get("/ha-noi/phuong-ba-dinh/tin-tuc/ra-quan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="article-title">Phường Ba Đình ra quân làm sạch đường phố</h1>' in html
    assert '<p class="sapo">Sáng nay, hàng trăm người dân đã cùng tham gia.</p>' in html
    assert '<span class="dateline">Hà Nội</span>' in html
    assert "21/07/2025 14:30" in html  # 07:30 UTC in Vietnam time
    assert "Nguyễn Văn A" in html and "Báo Hà Nội Mới" in html
    assert "<p>Đoạn mở đầu của bài viết.</p>" in html
    assert '<h2 class="article-subheading">Kết quả ban đầu</h2>' in html
    assert "Phố sạch là nhờ mọi người." in html
    assert "Môi trường" in html and "#vệ sinh môi trường" in html
    assert 'href="/ha-noi/phuong-ba-dinh/tin-tuc/ra-quan/in/"' in html
    assert 'href="#top"' in html
    assert '<meta property="og:type" content="article">' in html
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    for href in ("/", "/ha-noi/", "/ha-noi/phuong-ba-dinh/", "/ha-noi/phuong-ba-dinh/tin-tuc/"):
        assert f'<a href="{href}">' in crumbs
    assert ">Tin tức<" in crumbs


def test_article_json_ld_is_a_news_article_published_by_the_unit(client, article):
    html = client.get("/ha-noi/phuong-ba-dinh/tin-tuc/ra-quan/").content.decode()
    (news_article,) = graph_nodes(html, "NewsArticle")
    assert news_article["headline"] == "Phường Ba Đình ra quân làm sạch đường phố"
    assert news_article["datePublished"] == "2025-07-21T14:30:00+07:00"
    assert news_article["author"] == {"@type": "Person", "name": "Nguyễn Văn A"}
    assert news_article["publisher"]["@type"] == "GovernmentOrganization"
    assert news_article["publisher"]["name"] == "Phường Ba Đình"
    assert news_article["keywords"] == ["vệ sinh môi trường"]
    (web_page,) = graph_nodes(html, "WebPage")
    assert web_page["breadcrumb"]["itemListElement"][-1]["name"] == article.title


def test_article_print_view(client, article):
    response = client.get("/ha-noi/phuong-ba-dinh/tin-tuc/ra-quan/in/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert (
        '<link rel="canonical" href="http://localhost/ha-noi/phuong-ba-dinh/tin-tuc/ra-quan/">'
        in html
    )
    assert "Phường Ba Đình ra quân làm sạch đường phố" in html
    assert "<p>Đoạn mở đầu của bài viết.</p>" in html
    assert 'class="main-nav"' not in html
    assert 'media="print"' not in html  # the print stylesheet applies on screen too


def test_related_articles_prefer_the_editors_links(client, small_network, article):
    news = small_network["sections"]["badinh"]["news"]
    chosen = ArticlePageFactory(parent=news, title="Bài được biên tập viên chọn")
    ArticlePageFactory(parent=news, title="Bài mới nhất khác")
    html = client.get(article.url).content.decode()
    assert "Bài mới nhất khác" in html  # no links chosen: the portal's latest
    ArticleRelatedLink.objects.create(article=article, target=chosen)
    html = client.get(article.url).content.decode()
    related = re.search(r'<aside class="related".*?</aside>', html, re.S).group(0)
    assert "Bài được biên tập viên chọn" in related
    assert "Bài mới nhất khác" not in related


def test_news_index_paginates_and_rejects_bad_pages(client, small_network):
    news = small_network["sections"]["hanoi"]["news"]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for n in range(25):
        ArticlePageFactory(parent=news, title=f"Tin số {n:02d}", published_at=start + timedelta(n))
    first = client.get("/ha-noi/tin-tuc/").content.decode()
    assert "Tin số 24" in first and "Tin số 05" in first and "Tin số 04" not in first
    assert 'href="/ha-noi/tin-tuc/?page=2"' in first
    second = client.get("/ha-noi/tin-tuc/?page=2")
    assert second.status_code == 200
    assert "Tin số 04" in second.content.decode() and "Tin số 05" not in second.content.decode()
    for bad in ("3", "0", "abc"):
        assert client.get(f"/ha-noi/tin-tuc/?page={bad}").status_code == 404


def test_news_from_below_listing(client, small_network):
    ArticlePageFactory(parent=small_network["sections"]["badinh"]["news"], title="Tin phường")
    ArticlePageFactory(parent=small_network["sections"]["hanoi"]["news"], title="Tin thành phố")
    html = client.get("/ha-noi/tin-tuc/don-vi-truc-thuoc/").content.decode()
    assert "Tin phường" in html and "Tin thành phố" not in html
    assert '<a href="/ha-noi/phuong-ba-dinh/">Phường Ba Đình</a>' in html
    assert (
        '<link rel="canonical" href="http://localhost/ha-noi/tin-tuc/don-vi-truc-thuoc/">' in html
    )


def test_province_home_credits_an_accepted_commune_article(client, small_network):
    from cong.editorial.models import Proposal, ProposalStatus

    portals = small_network["portals"]
    article = ArticlePageFactory(
        parent=small_network["sections"]["badinh"]["news"], title="Phường làm sạch kênh"
    )
    Proposal.objects.create(
        article=article,
        from_portal=portals["badinh"],
        to_portal=portals["hanoi"],
        status=ProposalStatus.ACCEPTED,
    )
    html = client.get("/ha-noi/").content.decode()
    own_block = html[
        html.index('id="own-news"') : html.index("</section>", html.index('id="own-news"'))
    ]
    assert "Phường làm sạch kênh" in own_block
    assert '<a href="/ha-noi/phuong-ba-dinh/">Phường Ba Đình</a>' in own_block
    assert "Cấp trên" not in own_block


def test_directive_index_lists_own_and_pushed_down_directives(client, small_network):
    sections = small_network["sections"]
    ArticlePageFactory(
        parent=sections["nation"]["directives"], title="Công điện", directive_scope="all"
    )
    ArticlePageFactory(parent=sections["badinh"]["directives"], title="Kế hoạch của phường")
    ArticlePageFactory(parent=sections["hoankiem"]["directives"], title="Việc của Hoàn Kiếm")
    response = client.get("/ha-noi/phuong-ba-dinh/chi-dao-dieu-hanh/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Công điện" in html and "Kế hoạch của phường" in html
    assert "Việc của Hoàn Kiếm" not in html
    assert '<a href="/">Cổng Thông tin điện tử Chính phủ</a>' in html  # credited origin


def test_article_in_english_ui(client, article):
    html = client.get("/en/ha-noi/phuong-ba-dinh/tin-tuc/ra-quan/").content.decode()
    assert '<html lang="en">' in html
    assert "Print view" in html and "Back to top" in html
    assert "21/07/2025 14:30" in html
    assert (
        '<link rel="canonical" href="http://localhost/ha-noi/phuong-ba-dinh/tin-tuc/ra-quan/">'
        in html
    )


def test_listing_queries_do_not_grow_with_the_articles(client, small_network):
    sections = small_network["sections"]["hanoi"]

    def add(numbers):
        for n in numbers:
            if n % 2:
                ArticlePageFactory(parent=sections["news"], title=f"Tin {n}")
            else:
                ArticlePageFactory(parent=sections["directives"], title=f"Chỉ đạo {n}")

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/ha-noi/tin-tuc/", "/tin-tuc/don-vi-truc-thuoc/", "/ha-noi/chi-dao-dieu-hanh/"]
    add(range(5))
    with_5 = [count(url) for url in urls]
    add(range(5, 50))
    with_50 = [count(url) for url in urls]
    assert with_5 == with_50
