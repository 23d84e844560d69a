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
