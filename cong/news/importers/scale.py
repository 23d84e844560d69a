"""Many articles for scale tests: the corpus recombined so texts differ, spread over the network.

Article n (0-based) has import key "scale:<n>": a run skips the numbers already present, so an
interrupted run resumes and a re-run adds nothing. Work goes section by section (sorted by
path), so each bulk batch touches few parents and each section's slugs are read once.
"""

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from cong.core.bulk import bulk_add_children
from cong.core.text import unique_slug
from cong.news.models import ArticlePage

from .article import PARAGRAPH, SUBHEADING, ParsedArticle
from .jsonl import read_jsonl
from .placement import Section, Spread
from .writer import build_page

KEY_PREFIX = "scale"
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


class Corpus:
    """Cleaned corpus articles, the raw material of variations."""

    def __init__(self, articles: list[ParsedArticle]):
        if not articles:
            raise ValueError("the corpus holds no usable article")
        self.articles = articles

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

    def variant(self, n: int) -> ParsedArticle:
        """Article n: the corpus as is for the first pass, then recombined titles and
        paragraphs (rotated, one borrowed from another article, sometimes a subheading)."""
        size = len(self.articles)
        base = self.articles[n % size]
        cycle = n // size
        paragraphs = base.paragraphs
        title = base.title
        subheading = ""
        if cycle:
            other = self.articles[(n * 7919 + cycle * 104729) % size]
            title = _recombine(base.title, other.title)
            shift = cycle % len(paragraphs)
            paragraphs = paragraphs[shift:] + paragraphs[:shift]
            borrowed = other.paragraphs[cycle % len(other.paragraphs)]
            paragraphs = [*paragraphs, borrowed]
            if n % 4 == 0 and len(paragraphs) >= 3:
                subheading = " ".join(other.title.split()[:10]).rstrip(".,;:…")
        blocks = [(PARAGRAPH, text) for text in paragraphs]
        if subheading:
            blocks.insert(len(blocks) // 2, (SUBHEADING, subheading))
        return ParsedArticle(
            title=title[:255],
            import_key=f"{KEY_PREFIX}:{n}",
            sapo=base.sapo,
            blocks=blocks,
            byline=BYLINES[n % len(BYLINES)],
        )


def _recombine(first: str, second: str) -> str:
    head = first.split()
    tail = second.split()
    return " ".join(head[: max(1, len(head) // 2)] + tail[len(tail) // 2 :])


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
    tick: Callable[[int], object] = lambda n: None,
    on_start: Callable[[int], object] = lambda missing: None,
) -> int:
    """Create the missing articles among 0..total-1; returns how many were created."""
    by_section = plan(total, spread, numbers_present(total))
    on_start(sum(len(numbers) for numbers in by_section.values()))
    created = 0
    pairs: list = []
    for section in sorted(by_section, key=lambda s: s.page.path):
        taken = set()
        if section.page.numchild:
            taken.update(section.page.get_children().values_list("slug", flat=True))
        for n in by_section[section]:
            key = f"{KEY_PREFIX}:{n}"
            placement = spread.place(key)
            article = corpus.variant(n)
            slug = unique_slug(article.slug, taken)
            pairs.append((section.page, build_page(article, placement, slug)))
            if len(pairs) >= batch_size:
                created += _write(pairs, tick)
                pairs = []
    if pairs:
        created += _write(pairs, tick)
    return created


def _write(pairs, tick) -> int:
    bulk_add_children(pairs, batch_size=1000)
    tick(len(pairs))
    return len(pairs)
