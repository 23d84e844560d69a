"""Reading pages the way a visitor does, and telling a cached answer from a fresh one."""

from django.urls import reverse


def fetch(client, url, host="localhost"):
    response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode(), response.get("X-Cong-Cache")


def warm(client, url, host="localhost"):
    """Render `url` once, then check the second answer comes from the cache."""
    fetch(client, url, host)
    text, state = fetch(client, url, host)
    assert state == "hit", url
    return text


def section_url(sections, key, kind="news"):
    return sections[key][kind].url


def feed_url(kind, key, atom=False):
    return reverse(f"cong-feed-{kind}-{'atom' if atom else 'rss'}", args=[key])
