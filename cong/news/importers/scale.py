"""Many articles for scale tests: the corpus recombined so texts differ, spread over the network.

Article n (0-based) has import key "scale:<n>": a run skips the numbers already present, so an
interrupted run resumes and a re-run adds nothing. On PostgreSQL the server builds the articles
from the corpus (`scale_sql`); elsewhere, or with `workers=0`, Python builds each row and writes
batches through `bulk_add_children` (or COPY on PostgreSQL), section by section. Either way the
corpus is cleaned and its paragraphs rendered to StreamField JSON once, so an article costs a
string join, not a rich-text conversion.
"""

import json
import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import connection
from django.utils.text import slugify

from cong.core.bulk import bulk_add_children
from cong.core.bulk_copy import PageCopyWriter, existing_children
from cong.core.deferred_indexes import defer_indexes as defer_indexes_of
from cong.core.deferred_indexes import restore_deferred_indexes
from cong.core.text import fold, unique_slug
from cong.news.models import ArticlePage, DirectiveScope

from .article import PARAGRAPH, SUBHEADING, ParsedArticle, paragraph_html
from .jsonl import read_jsonl
from .placement import Placement, Section, Spread
from .scale_sql import generate_in_database, timed

KEY_PREFIX = "scale"
# From this many new articles on, a PostgreSQL run sets secondary indexes aside and rebuilds
# them at the end (cong/core/deferred_indexes.py).
DEFER_INDEXES_FROM = 50_000
BYLINES = (
    "Trung Hiếu",
    "Thu Trang",
    "Hải Minh",
    "Đức Tuân",
    "Phương Liên",
    "Minh Anh",
    "Thanh Hà",
    "Quang Vinh",
    "Ngọc Mai",
    "Hoàng Long",
    "Bảo Ngân",
    "Văn Toàn",
)


def _block_head(kind: str, value: str) -> str:
    """A StreamField block's JSON up to its id: the id is added per article."""
    encoded = json.dumps(value, ensure_ascii=False)
    return f'{{"type": "{kind}", "value": {encoded}, "id": "'


def _block_ids(count: int) -> list[str]:
    """`count` random version-4 UUIDs as text (what Wagtail gives new blocks), ~1 µs each."""
    h = os.urandom(16 * count).hex()
    return [
        f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-4{h[i + 13 : i + 16]}-"
        f"{'89ab'[int(h[i + 16], 16) & 3]}{h[i + 17 : i + 20]}-{h[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


@dataclass(frozen=True)
class _Source:
    """A corpus article, prepared once: title, sapo, slug and each paragraph's block JSON."""

    title: str
    words: tuple[str, ...]
    word_slugs: tuple[str, ...]  # slugify_vi of each word ("" for punctuation)
    sapo: str
    slug: str
    paragraphs: tuple[str, ...]
    subheading_head: str  # what it gives as the subheading of a variation

    @classmethod
    def of(cls, article: ParsedArticle) -> "_Source":
        words = tuple(article.title.split())
        subheading = " ".join(words[:10]).rstrip(".,;:…")
        return cls(
            title=article.title,
            words=words,
            word_slugs=tuple(slugify(fold(word)).strip("-") for word in words),
            sapo=article.sapo,
            slug=article.slug,
            paragraphs=tuple(_block_head(PARAGRAPH, paragraph_html(p)) for p in article.paragraphs),
            subheading_head=_block_head(SUBHEADING, subheading),
        )


@dataclass(frozen=True)
class Variant:
    """Article n of the scale data set, ready to be written."""

    title: str
    slug: str
    import_key: str
    sapo: str
    byline: str
    body_json: str

    def values(self, placement: Placement, slug: str) -> dict:
        """Column values by attname (for `ArticlePage(**values)` or COPY)."""
        published_at: datetime = placement.published_at
        return {
            "title": self.title,
            "slug": slug,
            "live": True,
            "sapo": self.sapo,
            "body": self.body_json,
            "byline": self.byline,
            "published_at": published_at,
            "first_published_at": published_at,
            "last_published_at": published_at,
            "latest_revision_created_at": published_at,
            "portal_id": placement.section.portal_id,
            "import_key": self.import_key,
            "directive_scope": (
                DirectiveScope.ALL if placement.directive else DirectiveScope.NONE
            ).value,
        }


class Corpus:
    """Cleaned corpus articles, the raw material of variations."""

    def __init__(self, articles: list[ParsedArticle]):
        if not articles:
            raise ValueError("the corpus holds no usable article")
        self.articles = [_Source.of(article) for article in articles]

    @classmethod
    def load(cls, path: Path, limit: int | None = None) -> "Corpus":
        articles = []
        for number, result in read_jsonl(path):
            if limit and number > limit:
                break
            if isinstance(result, ParsedArticle) and result.paragraphs:
                articles.append(result)
        return cls(articles)

    def __len__(self):
        return len(self.articles)

    def sources_of(self, n: int) -> tuple[int, int | None, int]:
        """Article n's corpus article, the one it borrows from (None on the first pass), and
        its cycle (how many times the corpus has been gone through before it)."""
        size = len(self.articles)
        cycle = n // size
        other = (n * 7919 + cycle * 104729) % size if cycle else None
        return n % size, other, cycle

    def slug_of(self, n: int, base: int, other: int | None, cycle: int) -> str:
        """slugify_vi of article n's title, from the words' slugs computed once."""
        source = self.articles[base]
        if not cycle:
            return source.slug
        borrowed = self.articles[other]
        head, tail = max(1, len(source.words) // 2), len(borrowed.words) // 2
        words = (w for w in source.word_slugs[:head] + borrowed.word_slugs[tail:] if w)
        return "-".join(words)[:80].strip("-") or "trang"

    def variant(self, n: int) -> Variant:
        """Article n: the corpus as is for the first pass, then recombined titles and
        paragraphs (rotated, one borrowed from another article, sometimes a subheading).
        `scale_sql` builds the same texts inside PostgreSQL."""
        base_index, other_index, cycle = self.sources_of(n)
        base = self.articles[base_index]
        blocks = base.paragraphs
        title, slug = base.title, self.slug_of(n, base_index, other_index, cycle)
        if cycle:
            other = self.articles[other_index]
            head, tail = max(1, len(base.words) // 2), len(other.words) // 2
            title = " ".join(base.words[:head] + other.words[tail:])[:255]
            shift = cycle % len(blocks)
            blocks = blocks[shift:] + blocks[:shift]
            blocks = (*blocks, other.paragraphs[cycle % len(other.paragraphs)])
            if n % 4 == 0 and len(blocks) >= 3:
                middle = len(blocks) // 2
                blocks = (*blocks[:middle], other.subheading_head, *blocks[middle:])
        ids = _block_ids(len(blocks))
        body = ", ".join(f'{head}{id_}"}}' for head, id_ in zip(blocks, ids, strict=True))
        return Variant(
            title=title,
            slug=slug,
            import_key=f"{KEY_PREFIX}:{n}",
            sapo=base.sapo,
            byline=BYLINES[n % len(BYLINES)],
            body_json=f"[{body}]",
        )


def numbers_present(total: int) -> bytearray:
    """A flag per article number below `total` that is already stored."""
    present = bytearray(total)
    keys = ArticlePage.objects.filter(import_key__startswith=f"{KEY_PREFIX}:").values_list(
        "import_key", flat=True
    )
    for key in keys.iterator(chunk_size=20000):
        number = key[len(KEY_PREFIX) + 1 :]
        if number.isdigit() and int(number) < total:
            present[int(number)] = 1
    return present


def plan(
    total: int, spread: Spread, present: bytearray
) -> dict[Section, list[tuple[int, Placement]]]:
    """The missing article numbers with their placements, by section."""
    by_section: dict[Section, list[tuple[int, Placement]]] = defaultdict(list)
    for n in range(total):
        if not present[n]:
            placement = spread.place(f"{KEY_PREFIX}:{n}")
            by_section[placement.section].append((n, placement))
    return by_section


def generate(
    total: int,
    corpus: Corpus,
    spread: Spread,
    *,
    batch_size: int = 2000,
    defer_indexes: bool | None = None,
    tick: Callable[[int], object] = lambda n: None,
    on_start: Callable[[int], object] = lambda missing: None,
    on_index: Callable[[str], object] = lambda name: None,
    workers: int = 2,
    phases: dict[str, float] | None = None,
) -> int:
    """Create the missing articles among 0..total-1; returns how many were created.
    `defer_indexes`: None decides by size (PostgreSQL, ≥ DEFER_INDEXES_FROM new articles).
    `workers`: on PostgreSQL, how many connections build articles in the server at once
    (0: send rows from Python with COPY instead). `phases` receives seconds per phase."""
    phases = {} if phases is None else phases
    with timed(phases, "plan"):
        by_section = plan(total, spread, numbers_present(total))
    missing = sum(len(numbers) for numbers in by_section.values())
    on_start(missing)
    postgres = connection.vendor == "postgresql"
    if defer_indexes is None:
        defer_indexes = missing >= DEFER_INDEXES_FROM
    if not (postgres and defer_indexes):
        with timed(phases, "indexes"):
            restore_deferred_indexes(progress=on_index)  # left over by a killed run, if any
        return _write(by_section, corpus, postgres, workers, batch_size, tick, phases)
    with timed(phases, "indexes"):
        defer_indexes_of([ArticlePage])
    try:
        return _write(by_section, corpus, postgres, workers, batch_size, tick, phases)
    finally:
        with timed(phases, "indexes"):
            restore_deferred_indexes(progress=on_index)


def _write(by_section, corpus, postgres, workers, batch_size, tick, phases) -> int:
    if postgres and workers:
        return generate_in_database(
            by_section,
            corpus,
            key_prefix=KEY_PREFIX,
            bylines=BYLINES,
            workers=workers,
            chunk_size=max(batch_size, 1),
            tick=tick,
            phases=phases,
        )
    with timed(phases, "articles"):
        return _generate(by_section, corpus, batch_size, tick)


def _generate(by_section, corpus, batch_size, tick) -> int:
    sections = sorted(by_section, key=lambda s: s.page.path)
    children = existing_children([section.page for section in sections])
    if connection.vendor == "postgresql":
        writer = PageCopyWriter(ArticlePage)
        writer.know_next_steps({pk: step for pk, (_, step) in children.items()})
        write = writer.write
    else:
        write = _orm_writer
    created = 0
    pairs: list = []
    for section in sections:
        taken = children[section.page.pk][0]
        for n, placement in by_section[section]:
            article = corpus.variant(n)
            slug = unique_slug(article.slug, taken)
            pairs.append((section.page, article.values(placement, slug)))
            if len(pairs) >= batch_size:
                write(pairs)
                created += len(pairs)
                tick(len(pairs))
                pairs = []
    if pairs:
        write(pairs)
        created += len(pairs)
        tick(len(pairs))
    return created


def _orm_writer(pairs) -> None:
    pages = []
    for parent, values in pairs:
        page = ArticlePage(**{**values, "body": json.loads(values["body"])})
        pages.append((parent, page))
    bulk_add_children(pages, batch_size=1000)
