from cong.news.tests.factories import ArticlePageFactory


def test_search_page_highlights_accented_original(client, small_network):
    ArticlePageFactory(
        parent=small_network["sections"]["nation"]["news"],
        title="Quốc hội thông qua Luật Đất đai",
        sapo="Chiều nay Quốc hội biểu quyết thông qua Luật Đất đai (sửa đổi).",
    )
    response = client.get("/tim-kiem/", {"q": "luat dat dai"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quốc hội thông qua Luật Đất đai" in html
    assert "<mark>Luật</mark> <mark>Đất</mark> <mark>đai</mark>" in html


def test_search_page_inside_a_portal_and_by_parameter(client, small_network):
    ArticlePageFactory(
        parent=small_network["sections"]["badinh"]["news"], title="Phường Ba Đình ra quân"
    )
    ArticlePageFactory(
        parent=small_network["sections"]["hue"]["news"], title="Huế ra quân làm sạch"
    )
    inside = client.get("/ha-noi/tim-kiem/", {"q": "ra quan"}).content.decode()
    assert "Phường Ba Đình ra quân" in inside and "Huế ra quân" not in inside
    only_portal = client.get("/ha-noi/tim-kiem/", {"q": "ra quan", "scope": "portal"})
    assert "Phường Ba Đình ra quân" not in only_portal.content.decode()
    by_param = client.get("/tim-kiem/", {"q": "ra quan", "portal": "hue"}).content.decode()
    assert "Huế ra quân" in by_param and "Phường Ba Đình" not in by_param
    assert client.get("/khong-co/tim-kiem/", {"q": "x"}).status_code == 404


def test_pagination(client, small_network):
    for n in range(13):
        ArticlePageFactory(parent=small_network["sections"]["hue"]["news"], title=f"Mùa lúa {n}")
    first = client.get("/tim-kiem/", {"q": "mua lua"})
    second = client.get("/tim-kiem/", {"q": "mua lua", "page": 2})
    assert first.context["results"].paginator.count == 13
    assert len(first.context["results"].object_list) == 10
    assert len(second.context["results"].object_list) == 3


def test_empty_and_nothing_found(client, small_network):
    assert client.get("/tim-kiem/").status_code == 200
    response = client.get("/tim-kiem/", {"q": "khong co gi ca"})
    assert response.status_code == 200 and response.context["results"].paginator.count == 0


def test_autocomplete_endpoint(client, small_network):
    article = ArticlePageFactory(
        parent=small_network["sections"]["nation"]["news"], title="Thủ tướng tiếp Đại sứ"
    )
    data = client.get("/tim-kiem/goi-y/", {"q": "thu tuo"}).json()
    assert data["results"][0]["id"] == article.pk
    assert data["results"][0]["title"] == "Thủ tướng tiếp Đại sứ"
    assert client.get("/tim-kiem/goi-y/", {"q": "t"}).json() == {"results": []}


def test_search_page_queries_do_not_grow_with_the_results(client, small_network):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(10):
        section = small_network["sections"]["hue" if n % 2 else "badinh"]["news"]
        ArticlePageFactory(parent=section, title=f"Mùa lúa {n}")
    ArticlePageFactory(parent=small_network["sections"]["hue"]["news"], title="Mùa xuân")
    client.get("/tim-kiem/", {"q": "mua"})  # caches filled on a first request
    queries = {}
    for text in ("mua xuan", "mua lua"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/tim-kiem/", {"q": text})
        queries[text] = len(captured)
        html = response.content.decode()
        assert "Huế" in html or "Ba Đình" in html  # each result shows its portal
    assert queries["mua lua"] == queries["mua xuan"]


def test_snippet_text_reads_the_stored_body(small_network, django_assert_num_queries):
    from cong.news.models import ArticlePage
    from cong.search.highlight import article_text, snippet

    article = ArticlePageFactory(
        parent=small_network["sections"]["nation"]["news"],
        title="Bộ NN & PTNT họp",
        sapo="Tóm tắt.",
    )
    ArticlePage.objects.filter(pk=article.pk).update(
        body=[
            {"type": "paragraph", "value": "<p>Bộ NN &amp; PTNT họp</p><p>về lúa</p>", "id": "a"},
            {
                "type": "image",
                "value": {"image": 999, "alt_text": "Ruộng", "caption": ""},
                "id": "b",
            },
            {"type": "quote", "value": {"quote": "Được mùa", "attribution": "Nông dân"}, "id": "c"},
        ]
    )
    stored = ArticlePage.objects.get(pk=article.pk)
    with django_assert_num_queries(0):  # the image block's image is not fetched
        text = article_text(stored)
    assert text.split() == "Tóm tắt. Bộ NN & PTNT họp về lúa Ruộng Được mùa Nông dân".split()
    assert "NN &amp; <mark>PTNT</mark>" in snippet(text, "ptnt")  # escaped once, not twice


def test_search_page_says_about_when_the_count_is_estimated(
    client, small_network, monkeypatch, settings
):
    from wagtail.search.backends import get_search_backend

    from cong.search.backends.tantivy import backend, tier

    # Estimated counts are the tantivy backend's: the page uses it on PostgreSQL too.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "cong.search.backends.tantivy", "INDEX_DIR": ":memory:"}
    }
    get_search_backend().reset_indexes()

    for n in range(12):
        ArticlePageFactory(parent=small_network["sections"]["hue"]["news"], title=f"Mùa lúa {n}")
    exact = client.get("/tim-kiem/", {"q": "lua"}).content.decode()
    assert "12 kết quả" in exact and "Khoảng" not in exact
    monkeypatch.setattr(tier, "ESTIMATE_FROM", 1)
    monkeypatch.setattr(backend, "ESTIMATE_FROM", 1)
    estimated = client.get("/tim-kiem/", {"q": "lua"})
    assert estimated.context["approximate"]
    assert "Khoảng 12 kết quả" in estimated.content.decode()
