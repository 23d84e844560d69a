"""What the cache must never keep or serve: signed-in visitors' pages, POSTs, pages holding a
CSRF form, the search page, query strings in the front tier, errors and the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cong.caching.middleware import HIT_HEADER
from cong.caching.tests.helpers import fetch, warm
from cong.citizens.tests.factories import QuestionIndexPageFactory

pytestmark = pytest.mark.django_db


def front_file(root, url, host="testserver"):
    return root / host / url.strip("/") / "index.html"


def test_anonymous_page_is_stored_for_nginx_with_cdn_headers(client, small_network, page_cache):
    url = small_network["portals"]["badinh"].url
    response = client.get(url)
    assert response[HIT_HEADER] == "miss"
    assert "public" in response["Cache-Control"] and "s-maxage=300" in response["Cache-Control"]
    assert "Accept-Language" not in response.get("Vary", "")
    assert front_file(page_cache, url).read_bytes() == response.content
    hit = client.get(url)
    assert hit[HIT_HEADER] == "hit" and hit.content == response.content
    assert hit["Cache-Control"] == response["Cache-Control"]


def test_signed_in_visitors_are_never_cached(client, small_network, page_cache):
    url = small_network["portals"]["badinh"].url
    user = get_user_model().objects.create_superuser("bt", "bt@example.vn", "x")
    editor = Client()
    editor.force_login(user)
    for _ in range(2):
        response = editor.get(url)
        assert response.status_code == 200 and HIT_HEADER not in response
        assert "private" in response["Cache-Control"]
    assert not front_file(page_cache, url).exists()
    # What the signed-in editor saw (the user bar) was not kept for anonymous visitors.
    assert fetch(client, url)[1] == "miss"


def test_post_is_never_answered_from_the_cache(client, small_network):
    url = small_network["portals"]["badinh"].url
    warm(client, url)
    response = client.post(url, {"x": "1"})
    assert HIT_HEADER not in response


def test_pages_with_a_csrf_form_and_the_search_page_are_not_cached(
    client, small_network, page_cache
):
    index = QuestionIndexPageFactory(parent=small_network["portals"]["badinh"])
    ask = index.url + "gui-cau-hoi/"
    for url in (ask, "/tim-kiem/?q=chinh+phu", "/tim-kiem/"):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200 and HIT_HEADER not in response, url
    assert b"csrfmiddlewaretoken" in client.get(ask).content
    assert not front_file(page_cache, ask).exists()


def test_errors_admin_and_query_strings(client, small_network, page_cache):
    assert HIT_HEADER not in client.get("/khong-co-trang-nay/")
    assert HIT_HEADER not in client.get("/khong-co-trang-nay/")
    assert HIT_HEADER not in client.get(reverse("wagtailadmin_login"))
    section = small_network["sections"]["badinh"]["news"].url
    warm(client, section + "?page=1")
    response = client.get(section + "?page=1")
    assert "s-maxage=0" in response["Cache-Control"]  # CDN purges cannot reach query strings
    assert not front_file(page_cache, section).exists()  # nginx never serves a query string
    assert client.get(section + "?page=9").status_code == 404
    assert HIT_HEADER not in client.get(section + "?page=9")


def test_session_cookie_bypasses_a_cached_page(client, small_network):
    url = small_network["portals"]["badinh"].url
    warm(client, url)
    client.cookies["sessionid"] = "anything"
    assert HIT_HEADER not in client.get(url)


def test_unknown_host_names_get_no_files(client, small_network, page_cache):
    url = small_network["portals"]["badinh"].url
    assert client.get(url, HTTP_HOST="forged.example").status_code == 200
    assert not (page_cache / "forged.example").exists()


def test_a_purge_by_another_process_empties_this_process_memory(client, small_network, page_cache):
    """The task worker (expiry) or another gunicorn worker purged: without Redis, this
    process learns it from the shared epoch file."""
    url = small_network["portals"]["badinh"].url
    warm(client, url)
    (page_cache / ".epoch").write_text("written-by-the-worker")
    assert fetch(client, url)[1] == "miss"
    assert fetch(client, url)[1] == "hit"
