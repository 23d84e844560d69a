"""The plain-text capture format of chinhphu.vn articles.

    Hà Nội                                   ← place (optional)
    <title>
    (Chinhphu.vn) - <sapo>                   ← "(Source) -" tag optional
    21/07/2015 19:19                         ← Vietnam time; "Thứ Ba, 21/7/2015 7:19 PM" also read
    <subheading>
    .
    <paragraph>
    .
    <paragraph or subheading> …
    .
    <author>
    .
    Top                                      ← the page's "back to top" link text; ends the article

Every field, paragraph and subheading is one line. Blank lines and lines holding a single "."
(between body items) are separators only, so captures that lost either still read. Several
articles may follow each other in one file: each ends at its "Top" line or at a separator line
of three or more "=" or "-".

Subheadings are told from paragraphs by shape: a single short line (≤ 20 words, ≤ 160
characters) that starts with a capital or digit, does not end like a sentence (. , ; : … or a
closing quote; ? and ! only in lines of ≤ 12 words), is not a photo caption ("Ảnh: …") and is
followed by more body. The last body item is the author when it is short and unpunctuated.
"""

import re
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

from cong.core.text import nfc, slugify_vi

from .article import PARAGRAPH, SUBHEADING, Failure, InvalidArticle, ParsedArticle
from .cleaning import clean_line

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

_TIMESTAMP = re.compile(
    r"^(?:[^\d,]{1,20},\s*)?"  # "Thứ Ba, "
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\s*[-|,]?\s*"
    r"(?P<H>\d{1,2})[:hg](?P<M>\d{2})(?::(?P<S>\d{2}))?\s*"
    r"(?P<ampm>AM|PM|SA|CH)?\s*(?:\(?GMT\s*\+\s*7\)?)?$",
    re.IGNORECASE,
)
_SOURCE_TAG = re.compile(r"^\((?P<source>[^()\n]{2,40})\)\s*(?:[-–—:]\s*)?")
_SEPARATOR = re.compile(r"^(?:={3,}|-{3,})$")
_SENTENCE_END = (".", ",", ";", ":", "…", '"', "”", "’", "»", ")")
_CAPTION = re.compile(r"(?:^|\s)Ảnh\s*:", re.IGNORECASE)


def split_articles(text: str) -> Iterator[list[tuple[int, str]]]:
    """Numbered lines of each article in a file (1-based line numbers)."""
    text = nfc(text).lstrip("\ufeff")
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().replace("\u00a0", " ").strip()
        is_top = line.casefold() == "top"
        if is_top or _SEPARATOR.match(line):
            if any(content for _, content in current):
                yield current
            current = []
            continue
        current.append((number, line))
    if any(content for _, content in current):
        yield current


def _segments(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The content lines: every field, paragraph and subheading is one line."""
    return [(number, line) for number, line in lines if line and line != "."]


def parse_timestamp(text: str) -> datetime | None:
    match = _TIMESTAMP.match(text.strip())
    if not match:
        return None
    hour = int(match["H"])
    ampm = (match["ampm"] or "").upper()
    if ampm in ("PM", "CH") and hour < 12:
        hour += 12
    elif ampm in ("AM", "SA") and hour == 12:
        hour = 0
    try:
        return datetime(
            int(match["y"]),
            int(match["m"]),
            int(match["d"]),
            hour,
            int(match["M"]),
            int(match["S"] or 0),
            tzinfo=VIETNAM,
        )
    except ValueError as exc:
        raise InvalidArticle(f"impossible date {text.strip()!r} ({exc})") from exc


def _ends_sentence(line: str, words: int) -> bool:
    if line.endswith(_SENTENCE_END):
        return True
    return line.endswith(("?", "!")) and words > 12


def _is_subheading(text: str) -> bool:
    if len(text) > 160 or _CAPTION.search(text):
        return False
    words = len(text.split())
    first = text[0]
    return words <= 20 and (first.isupper() or first.isdigit()) and not _ends_sentence(text, words)


def _is_author(text: str) -> bool:
    if len(text) > 60 or len(text.split()) > 6:
        return False
    return not text[0].islower() and not text.endswith((".", ",", ";", ":", "?", "!"))


def _read_header(header: list[str]) -> tuple[str, str, str, str]:
    """(place, title, sapo, source) from the segments above the timestamp."""
    for index in range(len(header) - 1, 0, -1):
        match = _SOURCE_TAG.match(header[index])
        if match:
            before = header[:index]
            sapo = " ".join([header[index][match.end() :], *header[index + 1 :]])
            place = before[-2] if len(before) >= 2 else ""
            return place, before[-1], sapo, match["source"].strip()
    if len(header) >= 3:
        return header[0], header[1], " ".join(header[2:]), ""
    if len(header) == 2:
        first, second = header
        if second.endswith((".", "!", "?", "…")) and len(second) > len(first):
            return "", first, second, ""
        return first, second, "", ""
    return "", header[0] if header else "", "", ""


def parse_article(lines: list[tuple[int, str]], *, default_source: str = "") -> ParsedArticle:
    segments = _segments(lines)
    stamp_index, published_at = None, None
    for index, (_, text) in enumerate(segments[:8]):
        published_at = parse_timestamp(text)
        if published_at:
            stamp_index = index
            break
    if stamp_index is None:
        raise InvalidArticle("no publication time (dd/mm/yyyy hh:mm) near the top")

    header = [clean_line(text) for _, text in segments[:stamp_index]]
    place, title, sapo, source = _read_header([h for h in header if h])
    if not title:
        raise InvalidArticle("no title above the publication time")

    body = [text for _, text in segments[stamp_index + 1 :]]
    byline = ""
    if len(body) >= 2 and _is_author(clean_line(body[-1])):
        byline = clean_line(body.pop())

    blocks: list[tuple[str, str]] = []
    for index, raw in enumerate(body):
        text = clean_line(raw)
        if not text:
            continue
        is_last = index == len(body) - 1
        blocks.append((SUBHEADING if not is_last and _is_subheading(text) else PARAGRAPH, text))

    key = f"chinhphu:{published_at:%Y%m%d%H%M}:{slugify_vi(title, max_length=120)}"
    article = ParsedArticle(
        title=title,
        import_key=key,
        sapo=sapo,
        dateline=place,
        blocks=blocks,
        byline=byline,
        source=source or default_source,
        published_at=published_at,
    )
    return article.validate()


def parse_chinhphu_text(
    text: str, *, default_source: str = ""
) -> Iterator[ParsedArticle | Failure]:
    """Every article of a file, or a Failure saying which one and why."""
    for number, lines in enumerate(split_articles(text), start=1):
        first_line = next(line_number for line_number, line in lines if line)
        where = f"article {number} (line {first_line})"
        try:
            yield parse_article(lines, default_source=default_source)
        except InvalidArticle as exc:
            yield Failure(where, str(exc))
