"""Portal homes, organisation and contact pages as a citizen sees them."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cong.network.tests.factories import AboutPageFactory, ContactPageFactory
from cong.news.tests.factories import ArticlePageFactory

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(response):
    return [json.loads(block) for block in JSON_LD.findall(response.content.decode())]


def graph_nodes(response, node_type):
    return [
        node
        for document in json_ld(response)
        for node in document.get("@graph", [document])
        if node.get("@type") == node_type
    ]


@pytest.fixture
def net(small_network):
    portals, sections = small_network["portals"], small_network["sections"]

    def publish(where, section, title, **fields):
        return ArticlePageFactory(parent=sections[where][section], title=title, **fields)

    ContactPageFactory(
        parent=portals["hanoi"],
        address="12 Lê Lai, Hoàn Kiếm, Hà Nội",
        phone="024 3825 3536",
        email="vanphong@hanoi.gov.vn",
    )
    small_network["publish"] = publish
    return small_network


def test_national_home_shows_its_news_directives_provinces_news_and_provinces(client, net):
    net["publish"]("nation", "news", "Thủ tướng họp Chính phủ thường kỳ")
    net["publish"]("nation", "directives", "Công điện về phòng chống bão", directive_scope="all")
    net["publish"]("hanoi", "news", "Hà Nội khánh thành cầu mới")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Thủ tướng họp Chính phủ thường kỳ" in html
    assert "Công điện về phòng chống bão" in html
    assert "Hà Nội khánh thành cầu mới" in html
    assert 'id="portals-below"' in html
    assert '<a href="/ha-noi/">Thành phố Hà Nội</a>' in html
    assert '<a href="/hue/">Thành phố Huế</a>' in html
    assert 'action="/tim-kiem/"' in html and 'name="q"' in html
    (organization,) = graph_nodes(response, "GovernmentOrganization")
    assert organization["name"] == "Chính phủ"
    assert organization["url"] == "http://localhost/"


def test_province_home_gathers_communes_news_and_lists_communes(client, net):
    net["publish"]("badinh", "news", "Ba Đình ra quân làm sạch phố")
    net["publish"]("hue", "news", "Tin của Huế")
    html = client.get("/ha-noi/").content.decode()
    assert "Ba Đình ra quân làm sạch phố" in html
    assert "Tin của Huế" not in html
    assert '<a href="/ha-noi/phuong-ba-dinh/">Phường Ba Đình</a>' in html
    # Breadcrumbs go down the network from the national portal.
    assert '<nav class="breadcrumbs"' in html and '<a href="/">' in html


def test_commune_home_shows_the_provinces_directive_credited_to_its_origin(client, net):
    net["publish"](
        "hanoi", "directives", "Hà Nội chỉ đạo chống ngập", slug="chong-ngap", directive_scope="all"
    )
    net["publish"]("hoankiem", "directives", "Chỉ đạo riêng Hoàn Kiếm", directive_scope="all")
    response = client.get("/ha-noi/phuong-ba-dinh/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/ha-noi/chi-dao-dieu-hanh/chong-ngap/">Hà Nội chỉ đạo chống ngập</a>' in html
    assert '<a href="/ha-noi/">Thành phố Hà Nội</a>' in html  # credit to the origin portal
    assert "Chỉ đạo riêng Hoàn Kiếm" not in html
    # Footer: the portal above and the national portal (Decree 42 links).
    assert "Cổng cấp trên" in html
    (organization,) = graph_nodes(response, "GovernmentOrganization")
    assert organization["identifier"] == "00004"
    breadcrumb = graph_nodes(response, "WebPage")[0]["breadcrumb"]["itemListElement"]
    assert [item["name"] for item in breadcrumb] == [
        "Cổng Thông tin điện tử Chính phủ",
        "Thành phố Hà Nội",
        "Phường Ba Đình",
    ]


def test_footer_shows_the_units_contact_details(client, net):
    html = client.get("/ha-noi/").content.decode()
    assert "12 Lê Lai, Hoàn Kiếm, Hà Nội" in html
    assert 'href="tel:02438253536"' in html
    assert 'href="mailto:vanphong@hanoi.gov.vn"' in html
    (organization,) = graph_nodes(client.get("/ha-noi/"), "GovernmentOrganization")
    assert organization["email"] == "vanphong@hanoi.gov.vn"
    assert organization["address"]["streetAddress"] == "12 Lê Lai, Hoàn Kiếm, Hà Nội"


def test_english_ui_under_en_prefix(client, net):
    net["publish"]("hanoi", "news", "Tin tiếng Việt vẫn giữ nguyên")
    response = client.get("/en/ha-noi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert ">News<" in html
    assert 'href="/en/ha-noi/tin-tuc/"' in html  # links stay in English
    assert 'hreflang="vi" aria-current' not in html
    assert '<a href="/ha-noi/" lang="vi" hreflang="vi">' in html  # switch back to Vietnamese
    assert "Tin tiếng Việt vẫn giữ nguyên" in html
    vietnamese = client.get("/ha-noi/").content.decode()
    assert "Bỏ qua, đến nội dung chính" in vietnamese
    assert ">Tin tức<" in vietnamese


def test_about_and_contact_pages(client, net):
    about = AboutPageFactory(
        parent=net["portals"]["hanoi"],
        functions="<p>Quản lý nhà nước trên địa bàn thành phố.</p>",
        body_en="<p>The city's People's Committee.</p>",
    )
    about.leaders.create(name="Nguyễn Văn B", position="Chủ tịch", email="chutich@hanoi.gov.vn")
    about.save()
    html = client.get("/ha-noi/gioi-thieu/").content.decode()
    assert "Quản lý nhà nước trên địa bàn thành phố." in html
    assert "Nguyễn Văn B" in html and "Chủ tịch" in html
    assert '<section lang="en"' in html
    contact = client.get("/ha-noi/lien-he/")
    assert contact.status_code == 200
    assert "024 3825 3536" in contact.content.decode()


def test_unknown_page_gets_a_friendly_404(client, net):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert 'action="/tim-kiem/"' in html


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (site roots, content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_homes_cost_the_same_queries_with_5_and_50_articles(client, net):
    def add(count, offset):
        for n in range(offset, offset + count):
            where = ("badinh", "hoankiem", "hanoi", "nation")[n % 4]
            section = "directives" if n % 3 == 0 else "news"
            net["publish"](where, section, f"Bài {n}", directive_scope="all" if n % 6 == 0 else "")

    urls = ["/", "/ha-noi/", "/ha-noi/phuong-ba-dinh/"]
    add(5, 0)
    with_5 = [count_queries(client, url) for url in urls]
    add(45, 5)
    with_50 = [count_queries(client, url) for url in urls]
    assert with_5 == with_50
    assert max(with_50) <= 20
