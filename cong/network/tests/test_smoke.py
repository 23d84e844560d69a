from cong.news.tests.factories import ArticlePageFactory


def test_article_under_a_commune_belongs_to_that_portal(small_network):
    news = small_network["sections"]["badinh"]["news"]
    article = ArticlePageFactory(parent=news, title="Phường Ba Đình ra quân")
    article.refresh_from_db()
    assert article.portal_id == small_network["portals"]["badinh"].pk
    assert article.url_path.endswith("/ha-noi/phuong-ba-dinh/tin-tuc/" + article.slug + "/")


def test_article_page_is_served_by_path(client, small_network):
    news = small_network["sections"]["badinh"]["news"]
    article = ArticlePageFactory(parent=news, title="Phường Ba Đình ra quân", slug="ra-quan")
    response = client.get("/ha-noi/phuong-ba-dinh/tin-tuc/ra-quan/")
    assert response.status_code == 200
    assert "Phường Ba Đình ra quân" in response.content.decode()
    assert article.title in response.content.decode()
