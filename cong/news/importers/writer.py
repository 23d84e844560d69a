"""Batched, idempotent insertion of parsed articles into their sections.

Each batch is one transaction through `bulk_add_children`. Items already present (same
`import_key`) are skipped, so a re-run imports nothing twice and an interrupted run resumes.
If a batch fails in the database, its items are retried one by one so only the bad item is
lost, with its reason; nothing is half-written.
"""

from dataclasses import dataclass, field

import django.dispatch
from django.db import DatabaseError
from wagtail.search.backends import get_search_backends

from cong.core.bulk import bulk_add_children
from cong.core.text import unique_slug
from cong.news.models import ArticlePage, DirectiveScope

from .article import Failure, ParsedArticle
from .placement import Placement

# Sent after each committed batch (bulk inserts fire no page signals), so search and caches can
# catch up. sender=ArticlePage, page_ids=[...]
articles_imported = django.dispatch.Signal()

_KEY_QUERY_CHUNK = 900


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def fail(self, where: str, reason: str) -> None:
        self.failures.append(Failure(where, reason))

    def lines(self, max_failures: int = 50) -> list[str]:
        out = [
            f"Imported: {self.imported}",
            f"Skipped (already present): {self.skipped}",
            f"Failed: {len(self.failures)}",
        ]
        out += [f"  {failure}" for failure in self.failures[:max_failures]]
        if len(self.failures) > max_failures:
            out.append(f"  … and {len(self.failures) - max_failures} more")
        out += [f"Warning: {warning}" for warning in self.warnings]
        return out


@dataclass
class _Pending:
    article: ParsedArticle
    placement: Placement
    where: str
    slug: str = ""


class ArticleWriter:
    """Collects placed articles and writes them in batches. Call `flush()` at the end."""

    def __init__(self, report: ImportReport, batch_size: int = 2000, index: bool = True):
        self.report = report
        self.batch_size = batch_size
        self.index = index
        self._pending: list[_Pending] = []
        self._first_seen: dict[str, str] = {}
        self._taken_slugs: dict[int, set[str]] = {}

    def add(self, article: ParsedArticle, placement: Placement, where: str) -> None:
        first = self._first_seen.get(article.import_key)
        if first is not None:
            self.report.fail(where, f"same id as {first} ({article.import_key})")
            return
        self._first_seen[article.import_key] = where
        self._pending.append(_Pending(article, placement, where))
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        present = _existing_keys([p.article.import_key for p in pending])
        fresh = []
        for item in pending:
            if item.article.import_key in present:
                self.report.skipped += 1
            else:
                fresh.append(item)
        for item in fresh:
            section = item.placement.section
            item.slug = unique_slug(item.article.slug, self._slugs_of(section.page))
        try:
            self._write(fresh)
        except DatabaseError:
            for item in fresh:
                try:
                    self._write([item])
                except DatabaseError as exc:
                    self.report.fail(item.where, f"database refused it: {exc}")

    def _write(self, items: list[_Pending]) -> None:
        if not items:
            return
        pages = bulk_add_children(
            [
                (item.placement.section.page, build_page(item.article, item.placement, item.slug))
                for item in items
            ]
        )
        self.report.imported += len(pages)
        if self.index:
            self._add_to_search_index(pages)
        articles_imported.send(sender=ArticlePage, page_ids=[page.pk for page in pages])

    def _add_to_search_index(self, pages: list[ArticlePage]) -> None:
        try:
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(ArticlePage, pages)
        except Exception as exc:  # the articles are stored; only the index lags behind
            self.index = False
            self.report.warnings.append(
                f"search index not updated ({exc}); run `manage.py update_index`."
            )

    def _slugs_of(self, section_page) -> set[str]:
        taken = self._taken_slugs.get(section_page.pk)
        if taken is None:
            taken = set()
            if section_page.numchild:
                taken.update(section_page.get_children().values_list("slug", flat=True))
            self._taken_slugs[section_page.pk] = taken
        return taken


def _existing_keys(keys: list[str]) -> set[str]:
    present: set[str] = set()
    for start in range(0, len(keys), _KEY_QUERY_CHUNK):
        chunk = keys[start : start + _KEY_QUERY_CHUNK]
        present.update(
            ArticlePage.objects.filter(import_key__in=chunk).values_list("import_key", flat=True)
        )
    return present


def build_page(article: ParsedArticle, placement: Placement, slug: str) -> ArticlePage:
    published_at = article.published_at or placement.published_at
    return ArticlePage(
        title=article.title,
        slug=slug,
        live=True,
        sapo=article.sapo,
        dateline=article.dateline,
        body=article.body_data(),
        byline=article.byline,
        source=article.source,
        published_at=published_at,
        first_published_at=published_at,
        last_published_at=published_at,
        latest_revision_created_at=published_at,
        portal_id=placement.section.portal_id,
        import_key=article.import_key,
        directive_scope=DirectiveScope.ALL if placement.directive else DirectiveScope.NONE,
    )
