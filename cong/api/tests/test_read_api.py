import pytest

from cong.network.models import PortalPage
from cong.news.tests.factories import ArticlePageFactory


def _get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, (response.json() if "json" in response.get("Content-Type", "") else None)


def test_openapi_document_and_docs_page(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/articles" in schema["paths"]
    errors = schema["paths"]["/api/v1/articles"]["get"]["responses"]["422"]["content"]
    assert list(errors) == ["application/problem+json"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
    assert b"cdn.jsdelivr" not in docs.content


def test_articles_list_newest_first_with_cursor(client, api_network):
    seen = []
    url = "/api/v1/articles?limit=4"
    while url:
        response, data = _get(client, url)
        assert response.status_code == 200
        seen.extend(data["items"])
        url = (
            f"/api/v1/articles?limit=4&cursor={data['next_cursor']}"
            if data["next_cursor"]
            else None
        )
    assert len(seen) == 17
    assert len({a["id"] for a in seen}) == 17
    published = [a["published_at"] for a in seen]
    assert published == sorted(published, reverse=True)


def test_articles_filter_by_portal_subordinates_topic_and_directives(client, api_network):
    hanoi = api_network["portals"]["hanoi"]
    _, own = _get(client, f"/api/v1/articles?portal={hanoi.pk}&limit=100")
    assert {a["portal"]["id"] for a in own["items"]} == {hanoi.pk}
    assert len(own["items"]) == 4
    _, tree = _get(
        client, f"/api/v1/articles?portal={hanoi.pk}&include_subordinates=true&limit=100"
    )
    assert len(tree["items"]) == 4 + 6
    _, topic = _get(client, "/api/v1/articles?topic=y-te&limit=100")
    assert len(topic["items"]) == 5 and all(a["topics"] == ["y-te"] for a in topic["items"])
    _, directives = _get(client, "/api/v1/articles?directives=true")
    assert {a["title"] for a in directives["items"]} == {
        "Chỉ thị về phòng chống thiên tai",
        "Công điện gửi các phường",
    }


def test_directive_stream_includes_pushed_down(client, api_network):
    badinh = api_network["portals"]["badinh"]
    hue = api_network["portals"]["hue"]
    _, data = _get(client, f"/api/v1/portals/{badinh.pk}/directives")
    assert [a["title"] for a in data["items"]] == [
        "Công điện gửi các phường",
        "Chỉ thị về phòng chống thiên tai",
    ]
    _, data = _get(client, f"/api/v1/portals/{hue.pk}/directives")
    assert [a["title"] for a in data["items"]] == ["Chỉ thị về phòng chống thiên tai"]


def test_article_detail_has_body_and_json_ld(client, api_network):
    article = api_network["articles"]["hue-1"]
    response, data = _get(client, f"/api/v1/articles/{article.pk}")
    assert response.status_code == 200
    assert data["title"] == "Tin hue số 1"
    assert data["url"].endswith("/hue/tin-tuc/tin-hue-1/")
    assert data["json_ld"]["@context"] == "https://schema.org"
    assert "Tóm tắt" in response.content.decode()  # UTF-8, not \u escapes


def test_unknown_article_is_a_problem_document(client, api_network):
    response = client.get("/api/v1/articles/999999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_bad_cursor_and_bad_parameters_are_422(client, api_network):
    response = client.get("/api/v1/articles?cursor=bm90LWpzb24")
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["query", "cursor"]
    response = client.get("/api/v1/articles?limit=1000")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_units_and_portals(client, api_network):
    _, units = _get(client, "/api/v1/units?level=2")
    assert {u["code"] for u in units["items"]} == {"00004", "00070"}
    assert all(u["parent"]["code"] == "01" for u in units["items"])
    response, unit = _get(client, "/api/v1/units/vn-2025/01")
    assert unit["name"] == "Thành phố Hà Nội"
    assert unit["portal_id"] == api_network["portals"]["hanoi"].pk
    _, portals = _get(client, f"/api/v1/portals?parent={api_network['portals']['hanoi'].pk}")
    assert {p["slug"] for p in portals["items"]} == {"phuong-ba-dinh", "phuong-hoan-kiem"}
    _, detail = _get(client, f"/api/v1/portals/{api_network['portals']['hue'].pk}")
    assert {s["kind"] for s in detail["sections"]} == {"news", "directives"}
    assert detail["feeds"]["rss"].endswith(f"/feeds/portal/{detail['id']}/rss.xml")
    assert PortalPage.objects.count() == 5


def test_topics(client, api_network):
    _, data = _get(client, "/api/v1/topics")
    assert {t["slug"] for t in data["items"]} == {"kinh-te", "y-te"}
    response, topic = _get(client, "/api/v1/topics/kinh-te")
    assert topic["name"] == "Kinh tế"


def test_etag_and_if_none_match(client, api_network):
    first = client.get("/api/v1/articles")
    etag = first["ETag"]
    assert etag
    again = client.get("/api/v1/articles", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/api/v1/articles", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200


def test_cors_on_reads(client, api_network):
    response = client.get("/api/v1/topics", headers={"Origin": "https://example.org"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/topics",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_rate_limit_answers_429_with_retry_after(client, api_network, settings):
    settings.CONG_API_RATE_LIMIT = "3/min"
    statuses = [client.get("/api/v1/topics").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/topics")
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) >= 1


@pytest.mark.parametrize("query", ["thiên tai", "thien tai", "THIÊN TAI"])
def test_search_goes_through_the_search_backend(client, api_network, query):
    nation_directives = api_network["sections"]["nation"]["directives"]
    indexed = ArticlePageFactory(
        parent=nation_directives, title="Ứng phó thiên tai mùa mưa bão", slug="ung-pho"
    )
    response, data = _get(client, f"/api/v1/search?q={query}")
    assert response.status_code == 200
    assert indexed.pk in [a["id"] for a in data["items"]]
    _, elsewhere = _get(
        client, f"/api/v1/search?q={query}&portal={api_network['portals']['hue'].pk}"
    )
    assert indexed.pk not in [a["id"] for a in elsewhere["items"]]


def test_documents_list_filters_and_detail(client, documents):
    body = client.get("/api/v1/documents").json()
    assert [d["number"] for d in body["items"]] == [
        "12/2024/QĐ-UBND",
        "42/2022/NĐ-CP",
        "15/2020/NĐ-CP",
    ]
    page = client.get("/api/v1/documents?limit=2").json()
    rest = client.get(f"/api/v1/documents?limit=2&cursor={page['next_cursor']}").json()
    assert [d["number"] for d in rest["items"]] == ["15/2020/NĐ-CP"]
    assert rest["next_cursor"] is None
    central = client.get("/api/v1/documents?central=true").json()["items"]
    assert {d["number"] for d in central} == {"42/2022/NĐ-CP", "15/2020/NĐ-CP"}
    local = client.get("/api/v1/documents?unit=01").json()["items"]
    assert [d["unit"]["code"] for d in local] == ["01"]
    expired = client.get("/api/v1/documents?status=expired").json()["items"]
    assert [d["number"] for d in expired] == ["15/2020/NĐ-CP"]
    found = client.get("/api/v1/documents?q=dịch vụ công&year=2022").json()["items"]
    assert [d["number"] for d in found] == ["42/2022/NĐ-CP"]
    assert client.get("/api/v1/documents?status=gone").status_code == 422

    new = documents["new"]
    detail = client.get(f"/api/v1/documents/{new.pk}").json()
    assert detail["document_type"] == "Nghị định"
    assert detail["status"] == "in_force"
    assert detail["relations"] == [
        {
            "kind": "replaces",
            "direction": "outgoing",
            "document_id": documents["old"].pk,
            "number": "15/2020/NĐ-CP",
        }
    ]
    assert detail["json_ld"]["@type"] == "Legislation"
    assert detail["json_ld"]["legislationIdentifier"] == "42/2022/NĐ-CP"
    assert detail["json_ld"]["legislationLegalForce"] == "InForce"
    response = client.get("/api/v1/documents/999999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
