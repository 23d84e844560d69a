"""Many articles for scale tests: the corpus recombined so texts differ, spread over the network.

Article n (0-based) has import key "scale:<n>": a run skips the numbers already present, so an
interrupted run resumes and a re-run adds nothing. Work goes section by section (sorted by
path), so each batch touches few parents and each section's slugs are read once. Each batch is
one transaction: on PostgreSQL rows are streamed with COPY (`cong.core.bulk_copy`), elsewhere
they go through `bulk_add_children`. The corpus is cleaned and its paragraphs rendered to
StreamField JSON once, so an article costs a string join, not a rich-text conversion.
"""

import json
import os
from collections import defaultdict
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import connection
from django.utils.text import slugify

from cong.core.bulk import bulk_add_children
from cong.core.bulk_copy import PageCopyWriter, existing_children
from cong.core.deferred_indexes import indexes_deferred, restore_deferred_indexes
from cong.core.text import fold, unique_slug
from cong.news.models import ArticlePage, DirectiveScope

from .article import PARAGRAPH, SUBHEADING, ParsedArticle, paragraph_html
from .jsonl import read_jsonl
from .placement import Placement, Section, Spread

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

    @classmethod
    def of(cls, article: ParsedArticle) -> "_Source":
        words = tuple(article.title.split())
        return cls(
            title=article.title,
            words=words,
            word_slugs=tuple(slugify(fold(word)).strip("-") for word in words),
            sapo=article.sapo,
            slug=article.slug,
            paragraphs=tuple(_block_head(PARAGRAPH, paragraph_html(p)) for p in article.paragraphs),
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

    def variant(self, n: int) -> Variant:
        """Article n: the corpus as is for the first pass, then recombined titles and
        paragraphs (rotated, one borrowed from another article, sometimes a subheading)."""
        size = len(self.articles)
        base = self.articles[n % size]
        cycle = n // size
        blocks = base.paragraphs
        title, slug = base.title, base.slug
        if cycle:
            other = self.articles[(n * 7919 + cycle * 104729) % size]
            head, tail = max(1, len(base.words) // 2), len(other.words) // 2
            title = " ".join(base.words[:head] + other.words[tail:])[:255]
            # slugify_vi(title), from the words' slugs computed once
            words = (w for w in base.word_slugs[:head] + other.word_slugs[tail:] if w)
            slug = "-".join(words)[:80].strip("-") or "trang"
            shift = cycle % len(blocks)
            blocks = blocks[shift:] + blocks[:shift]
            blocks = (*blocks, other.paragraphs[cycle % len(other.paragraphs)])
            if n % 4 == 0 and len(blocks) >= 3:
                subheading = " ".join(other.words[:10]).rstrip(".,;:…")
                middle = len(blocks) // 2
                head = _block_head(SUBHEADING, subheading)
                blocks = (*blocks[:middle], head, *blocks[middle:])
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


def plan(total: int, spread: Spread, present: bytearray) -> dict[Section, list[int]]:
    by_section: dict[Section, list[int]] = defaultdict(list)
    for n in range(total):
        if not present[n]:
            by_section[spread.place(f"{KEY_PREFIX}:{n}").section].append(n)
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
) -> int:
    """Create the missing articles among 0..total-1; returns how many were created.
    `defer_indexes`: None decides by size (PostgreSQL, ≥ DEFER_INDEXES_FROM new articles)."""
    by_section = plan(total, spread, numbers_present(total))
    missing = sum(len(numbers) for numbers in by_section.values())
    on_start(missing)
    postgres = connection.vendor == "postgresql"
    if defer_indexes is None:
        defer_indexes = missing >= DEFER_INDEXES_FROM
    if postgres and defer_indexes:
        deferred = indexes_deferred([ArticlePage], progress=on_index)
    else:
        restore_deferred_indexes(progress=on_index)  # left over by a killed run, if any
        deferred = nullcontext()
    with deferred:
        return _generate(by_section, corpus, spread, batch_size, tick)


def _generate(by_section, corpus, spread, batch_size, tick) -> int:
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
        for n in by_section[section]:
            placement = spread.place(f"{KEY_PREFIX}:{n}")
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
