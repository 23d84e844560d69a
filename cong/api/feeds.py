"""RSS 2.0 and Atom feeds per portal, section, topic and directive stream."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Page

from cong.api import queries
from cong.network.models import PortalPage
from cong.news.models import DirectiveIndexPage, NewsIndexPage, Topic

FEED_SIZE = 50


@dataclass
class Entry:
    title: str
    url: str
    summary: str
    published: datetime
    updated: datetime | None
    guid: str
    author: str
    categories: list[str] = field(default_factory=list)


@dataclass
class Source:
    title: str
    link: str
    description: str
    entries: list[Entry]
    author: str


def _entries(request, articles) -> list[Entry]:
    articles = articles.select_related("portal").prefetch_related("topics")
    articles = articles.order_by("-published_at", "-id")[:FEED_SIZE]
    return [
        Entry(
            title=a.title,
            url=a.get_full_url(request),
            summary=a.sapo,
            published=a.published_at,
            updated=a.last_published_at,
            guid=f"urn:uuid:{a.translation_key}",
            author=a.byline or (a.portal.title if a.portal else ""),
            categories=[t.name for t in a.topics.all()],
        )
        for a in articles
    ]


def _portal(portal_id: int) -> PortalPage:
    portal = PortalPage.objects.live().select_related("unit").filter(pk=portal_id).first()
    if portal is None:
        raise Http404("No such portal.")
    return portal


class ArticleFeed(Feed):
    """RSS 2.0; `AtomArticleFeed` below is the same content as Atom."""

    feed_type = Rss201rev2Feed
    kind = "portal"

    def get_object(self, request, key):
        return getattr(self, f"_source_{self.kind}")(request, key)

    def _source_portal(self, request, portal_id):
        portal = _portal(portal_id)
        articles = queries.published_articles().filter(portal_id=portal.pk)
        return Source(
            title=portal.title,
            link=portal.get_full_url(request),
            description=_("Latest news from %(portal)s") % {"portal": portal.title},
            entries=_entries(request, articles),
            author=portal.title,
        )

    def _source_directives(self, request, portal_id):
        portal = _portal(portal_id)
        return Source(
            title=_("Directives – %(portal)s") % {"portal": portal.title},
            link=portal.get_full_url(request),
            description=_("Directives issued by or pushed down to %(portal)s")
            % {"portal": portal.title},
            entries=_entries(request, queries.directive_stream(portal)),
            author=portal.title,
        )

    def _source_section(self, request, section_id):
        section = (
            Page.objects.live()
            .type(NewsIndexPage, DirectiveIndexPage)
            .filter(pk=section_id)
            .first()
        )
        if section is None:
            raise Http404("No such section.")
        portal = section.specific.owning_portal
        articles = queries.published_articles().filter(
            path__startswith=section.path, depth=section.depth + 1
        )
        portal_title = portal.title if portal else ""
        return Source(
            title=f"{section.title} – {portal_title}" if portal_title else section.title,
            link=section.get_full_url(request),
            description=section.search_description or section.title,
            entries=_entries(request, articles),
            author=portal_title,
        )

    def _source_topic(self, request, slug):
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            raise Http404("No such topic.")
        articles = queries.published_articles().filter(topics=topic)
        return Source(
            title=topic.name,
            link=request.build_absolute_uri(reverse("cong-feed-topic-rss", args=[slug])),
            description=_("Articles on %(topic)s across the portal network")
            % {"topic": topic.name},
            entries=_entries(request, articles),
            author=str(_("Government portal network")),
        )

    def title(self, source):
        return source.title

    def link(self, source):
        return source.link

    def description(self, source):
        return source.description

    def subtitle(self, source):
        return source.description

    def author_name(self, source):
        return source.author

    def feed_copyright(self, source):
        return source.author

    def items(self, source):
        return source.entries

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.summary

    def item_link(self, entry):
        return entry.url

    def item_guid(self, entry):
        return entry.guid

    item_guid_is_permalink = False

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated or entry.published

    def item_author_name(self, entry):
        return entry.author

    def item_categories(self, entry):
        return entry.categories

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=300"
        response["Access-Control-Allow-Origin"] = "*"
        return response


def feed_view(kind: str, atom: bool = False):
    attrs = {"kind": kind}
    if atom:
        attrs["feed_type"] = Atom1Feed
    return type(f"{kind.title()}{'Atom' if atom else 'Rss'}Feed", (ArticleFeed,), attrs)()
