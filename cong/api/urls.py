"""Mounted by cong/urls.py before the Wagtail catch-all."""

from django.urls import path

from cong.api import feeds, sitemaps
from cong.api.v1.api import api, docs_view
from cong.api.v1.http import wrap_urls

urlpatterns = [
    path("api/v1/", wrap_urls(api.urls)),
    path("api/docs/", docs_view, name="cong-api-docs"),
    path("robots.txt", sitemaps.robots_txt, name="cong-robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="cong-sitemap-index"),
    path(
        "sitemaps/portal-<int:portal_id>.xml", sitemaps.portal_sitemap, name="cong-sitemap-portal"
    ),
]

for kind, prefix in [
    ("portal", "portal/<int:key>"),
    ("directives", "portal/<int:key>/directives"),
    ("section", "section/<int:key>"),
    ("topic", "topic/<slug:key>"),
]:
    urlpatterns += [
        path(f"feeds/{prefix}/rss.xml", feeds.feed_view(kind), name=f"cong-feed-{kind}-rss"),
        path(
            f"feeds/{prefix}/atom.xml",
            feeds.feed_view(kind, atom=True),
            name=f"cong-feed-{kind}-atom",
        ),
    ]
