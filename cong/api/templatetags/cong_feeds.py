"""{% feed_links page %}: <link rel="alternate"> tags for feed autodiscovery."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


def feeds_for(page) -> list[dict]:
    from cong.news.models import DirectiveIndexPage, NewsIndexPage

    portal = getattr(page, "owning_portal", None)
    if portal is None:
        return []
    feeds = [
        (_("News – %(portal)s") % {"portal": portal.title}, "portal", portal.pk),
        (_("Directives – %(portal)s") % {"portal": portal.title}, "directives", portal.pk),
    ]
    if isinstance(page, NewsIndexPage | DirectiveIndexPage):
        feeds.insert(0, (f"{page.title} – {portal.title}", "section", page.pk))
    links = []
    for title, kind, key in feeds:
        for fmt, mime in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
            links.append(
                {
                    "title": title,
                    "type": mime,
                    "href": reverse(f"cong-feed-{kind}-{fmt}", args=[key]),
                }
            )
    return links


@register.inclusion_tag("api/feed_link_tags.html")
def feed_links(page):
    return {"links": feeds_for(page) if page else []}
