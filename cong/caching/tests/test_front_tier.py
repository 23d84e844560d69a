"""The front tier with a real nginx: cached pages come from files without reaching Django,
everything else is proxied, and a purge removes exactly the files that showed the article.
Skipped only when nginx is not installed (CI installs it: scripts/ensure-browser.sh)."""

import pytest
import requests
from django.test import override_settings

from cong.caching.management.commands.frontcache_nginx_conf import render
from cong.caching.nginx_process import free_port, nginx_binary, start_nginx, stop_nginx
from cong.news.models import ArticlePage

pytestmark = [
    pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def front(live_server, page_cache, tmp_path, wagtail_base):
    port = free_port()
    upstream = live_server.url.split("//", 1)[1]
    conf = render(
        listen=f"127.0.0.1:{port}",
        upstream=upstream,
        frontcache=str(page_cache),
        standalone=True,
        var=str(tmp_path / "nginx"),
    )
    page_cache.mkdir(parents=True, exist_ok=True)
    (tmp_path / "nginx").mkdir()
    process = start_nginx(conf, tmp_path / "nginx", port)
    yield f"http://127.0.0.1:{port}"
    stop_nginx(process)


def get(url, **kwargs):
    response = requests.get(url, timeout=30, allow_redirects=False, **kwargs)
    return response, response.headers.get("X-Cong-Cache")


@override_settings(ALLOWED_HOSTS=["*"])
def test_nginx_serves_cached_pages_from_files_and_purges_exactly(front, small_network, articles):
    net = small_network
    article = articles["badinh"]
    home = net["portals"]["badinh"].url
    other = net["portals"]["hue"].url

    first, state = get(front + home)
    assert first.status_code == 200 and state == "miss"  # rendered by Django, file written
    second, state = get(front + home)
    assert state == "file" and second.content == first.content
    assert "s-maxage=300" in second.headers["Cache-Control"]
    assert second.headers["Content-Type"].startswith("text/html")
    assert get(front + other)[1] == "miss" and get(front + other)[1] == "file"
    get(front + article.url)
    assert get(front + article.url)[1] == "file"

    # Never from a file: query strings, signed-in visitors, POST, the admin.
    assert get(front + home + "?page=1")[1] in ("miss", "hit")
    assert get(front + home, cookies={"sessionid": "x"})[1] is None
    assert requests.post(front + home, timeout=30).headers.get("X-Cong-Cache") is None
    admin, state = get(front + "/admin/login/")
    assert admin.status_code == 200 and state is None

    # An edit published: its page, its portal's home and the homes above are fresh at once;
    # a portal that does not show it keeps its file.
    page = ArticlePage.objects.get(pk=article.pk)
    page.title = "Tin đã đính chính qua nginx"
    page.save_revision().publish()
    for url in (article.url, home, net["portals"]["hanoi"].url, net["portals"]["nation"].url):
        response, state = get(front + url)
        assert state == "miss" and "Tin đã đính chính qua nginx" in response.text, url
        assert get(front + url)[1] == "file", url
    assert get(front + other)[1] == "file"
