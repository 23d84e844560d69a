"""What to purge when an article changes, and purging it.

A change is described by the article's state before and after it (`article_state`); the purge
covers both, so an article that moved, lost its directive scope or was unpublished disappears
from every page that showed it. `docs/public-pages.md` and `cong.news.queries` say which pages
show an article:

- its own page and print view, on every host that serves it, in both languages;
- its portal's home, news and directives listings (all their pages), feeds and sitemap;
- the home and "news of the portals below" listing of every portal above it;
- the home of a portal that accepted it (propose-up);
- for a directive, the home and directives listing (and directive feed) of every portal it
  reaches: all portals below, one level, or chosen units;
- the pages of articles that link to it, and when it is among its portal's latest, every
  article page of the portal (their "related articles" fallback);
- the topic feeds of its topics, and the sitemap index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Page

from cong.caching.tagging import pushdown_tags

RELATED_WINDOW = 6  # an article page shows its portal's 5 latest others (news.queries)


@dataclass
class Purge:
    tags: set[str] = field(default_factory=set)
    pages: set[str] = field(default_factory=set)  # Wagtail url_paths (with route suffixes)
    subtrees: set[str] = field(default_factory=set)  # url_paths whose files all go
    everything: bool = False

    def __or__(self, other: Purge) -> Purge:
        return Purge(
            self.tags | other.tags,
            self.pages | other.pages,
            self.subtrees | other.subtrees,
            self.everything or other.everything,
        )


def article_state(article_id) -> dict | None:
    """What decides where an article shows, read from the database (the live row)."""
    from cong.news.models import ArticlePage

    row = (
        ArticlePage.objects.filter(pk=article_id)
        .values(
            "pk",
            "live",
            "expired",
            "path",
            "url_path",
            "published_at",
            "portal_id",
            "directive_scope",
            "directive_level",
        )
        .first()
    )
    if row is None:
        return None
    row["unit_ids"] = list(
        ArticlePage.directive_units.through.objects.filter(articlepage_id=article_id).values_list(
            "unit_id", flat=True
        )
    )
    row["topic_slugs"] = list(
        ArticlePage.topics.through.objects.filter(articlepage_id=article_id).values_list(
            "topic__slug", flat=True
        )
    )
    return row


def _portals(q: Q):
    from cong.network.models import PortalPage

    return PortalPage.objects.filter(q).values("pk", "path", "url_path", "depth", "unit__level")


def _sections(portals, model) -> list[str]:
    """url_paths of the `model` sections (children) of `portals`."""
    portal_paths = {p["path"] for p in portals}
    if not portal_paths:
        return []
    depths = {len(path) // Page.steplen + 1 for path in portal_paths}
    if len(portal_paths) <= 40:
        condition = Q(pk__in=[])
        for path in portal_paths:
            condition |= Q(path__startswith=path, depth=len(path) // Page.steplen + 1)
        rows = model.objects.filter(condition).values_list("path", "url_path")
    else:
        rows = model.objects.filter(depth__in=depths).values_list("path", "url_path")
    return [url for path, url in rows if path[: -Page.steplen] in portal_paths]


def _reached_portals(state, portal) -> list[dict]:
    """The portals a directive reaches from `portal`, per its scope."""
    from cong.core.tree import subtree_q

    scope = state["directive_scope"]
    below = subtree_q(portal["path"]) & Q(depth__gt=portal["depth"])
    if scope == "all":
        return list(_portals(below))
    if scope == "level" and state["directive_level"] is not None:
        return list(_portals(below & Q(unit__level=state["directive_level"])))
    if scope == "units" and state["unit_ids"]:
        return list(_portals(below & Q(unit_id__in=state["unit_ids"])))
    return []


def _in_related_window(state, portal_id) -> bool:
    from cong.news.queries import articles

    if state["published_at"] is None:
        return False
    latest = list(
        articles()
        .filter(portal_id=portal_id)
        .values_list("published_at", flat=True)[RELATED_WINDOW - 1 : RELATED_WINDOW]
    )
    return not latest or state["published_at"] >= latest[0]


def _article_pages(url_path: str) -> set[str]:
    return {url_path, url_path + "in/"}


def purge_for_state(state: dict) -> Purge:
    from cong.editorial.models import Proposal, ProposalStatus
    from cong.news.models import ArticleRelatedLink, DirectiveIndexPage, NewsIndexPage

    purge = Purge(tags={f"article:{state['pk']}", "sitemap:index"})
    purge.pages |= _article_pages(state["url_path"])
    purge.tags |= {f"feed:topic:{slug}" for slug in state["topic_slugs"]}
    parent_path = state["path"][: -Page.steplen]
    section_id = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
    purge.tags.add(f"feed:section:{section_id}")

    linking = ArticleRelatedLink.objects.filter(target_id=state["pk"]).values_list(
        "article_id", "article__url_path"
    )
    for article_id, url_path in linking:
        purge.tags.add(f"article:{article_id}")
        purge.pages |= _article_pages(url_path)

    portal_id = state["portal_id"]
    portal = _portals(Q(pk=portal_id)).first() if portal_id else None
    if portal is None:
        return purge
    purge.tags |= {
        f"{kind}:{portal_id}" for kind in ("home", "news", "directives", "sitemap:portal")
    }
    purge.tags |= {f"feed:portal:{portal_id}", f"feed:directives:{portal_id}"}
    news_sections = _sections([portal], NewsIndexPage)
    directive_sections = _sections([portal], DirectiveIndexPage)
    purge.pages |= {portal["url_path"], *news_sections, *directive_sections}
    if _in_related_window(state, portal_id):
        purge.tags.add(f"related:{portal_id}")
        purge.subtrees |= {*news_sections, *directive_sections}

    above_paths = [
        portal["path"][:end] for end in range(2 * Page.steplen, len(portal["path"]), Page.steplen)
    ]
    above = list(_portals(Q(path__in=above_paths)))
    accepted_ids = Proposal.objects.filter(
        article_id=state["pk"], status=ProposalStatus.ACCEPTED
    ).values_list("to_portal_id", flat=True)
    accepted = list(_portals(Q(pk__in=list(accepted_ids))))
    for other in above:
        purge.tags |= {f"home:{other['pk']}", f"below:{other['pk']}"}
    for other in accepted:
        purge.tags.add(f"home:{other['pk']}")
    purge.pages |= {p["url_path"] for p in above + accepted}
    purge.pages |= {url + "don-vi-truc-thuoc/" for url in _sections(above, NewsIndexPage)}

    scope = state["directive_scope"]
    if scope:
        reached = _reached_portals(state, portal)
        if scope == "all":
            purge.tags.add(f"pushdown:{portal['path']}")
        elif scope == "level":
            purge.tags.add(f"pushdown:{portal['path']}:L{state['directive_level']}")
        else:
            for other in reached:
                purge.tags |= {
                    f"home:{other['pk']}",
                    f"directives:{other['pk']}",
                    f"feed:directives:{other['pk']}",
                }
        purge.pages |= {p["url_path"] for p in reached}
        purge.pages |= set(_sections(reached, DirectiveIndexPage))
    return purge


def article_purge(*states) -> Purge:
    purge = Purge()
    for state in states:
        if state is not None:
            purge = purge | purge_for_state(state)
    return purge


def portal_home_purge(portal_id) -> Purge:
    """A portal's home alone (an accepted or withdrawn proposal changes only that block)."""
    portal = _portals(Q(pk=portal_id)).first()
    if portal is None:
        return Purge()
    return Purge(tags={f"home:{portal_id}"}, pages={portal["url_path"]})


__all__ = ["Purge", "article_purge", "article_state", "portal_home_purge", "pushdown_tags"]
