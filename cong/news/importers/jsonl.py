"""JSON lines like the VietNews corpus: {"id", "title", "lead", "paragraphs"} per line.

Optional string fields "source", "byline", "dateline" and "published_at" (ISO 8601; Vietnam time
when it has no offset) are used when present. Gzip is detected by its magic bytes (or a .gz
suffix). An item without "id" is keyed by a hash of its text, so it is still imported once.
"""

import gzip
import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from cong.search.legacy import decode_legacy

from .article import PARAGRAPH, Failure, InvalidArticle, ParsedArticle
from .cleaning import clean_line, clean_segmented

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
GZIP_MAGIC = b"\x1f\x8b"
OPTIONAL_TEXT_FIELDS = ("source", "byline", "dateline")


def open_lines(path: Path):
    """Binary line iterator over a plain or gzip file."""
    path = Path(path)
    with path.open("rb") as probe:
        is_gzip = probe.read(2) == GZIP_MAGIC
    if is_gzip or path.suffix == ".gz":
        return gzip.open(path, "rb")
    return path.open("rb")


def count_lines(path: Path) -> int:
    with open_lines(path) as stream:
        return sum(1 for _ in stream)


def _text(item: dict, name: str, *, required: bool = False) -> str:
    value = item.get(name)
    if value is None:
        if required:
            raise InvalidArticle(f'missing "{name}"')
        return ""
    if not isinstance(value, str):
        raise InvalidArticle(f'"{name}" must be a string, not {type(value).__name__}')
    return value


def _published_at(item: dict) -> datetime | None:
    value = _text(item, "published_at")
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidArticle(f'"published_at" is not an ISO 8601 time: {value!r}') from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=VIETNAM)


def _key(item: dict, prefix: str, title: str, lead: str, paragraphs: list[str]) -> str:
    raw_id = item.get("id")
    if raw_id is None:
        digest = hashlib.sha1("\n".join([title, lead, *paragraphs]).encode()).hexdigest()
        return f"{prefix}:sha1-{digest}"
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
        raise InvalidArticle(f'"id" must be a string or an integer, not {type(raw_id).__name__}')
    raw_id = str(raw_id).strip()
    if not raw_id:
        raise InvalidArticle('empty "id"')
    return f"{prefix}:{raw_id}"


def parse_item(item, key_prefix: str) -> ParsedArticle:
    if not isinstance(item, dict):
        raise InvalidArticle(f"expected a JSON object, got {type(item).__name__}")
    title = clean_line(_text(item, "title", required=True))
    if not title:
        raise InvalidArticle('empty "title"')
    lead = clean_line(_text(item, "lead"))
    raw_paragraphs = item.get("paragraphs")
    if raw_paragraphs is None:
        raw_paragraphs = []
    if not isinstance(raw_paragraphs, list):
        raise InvalidArticle(f'"paragraphs" must be a list, not {type(raw_paragraphs).__name__}')
    paragraphs = []
    for index, paragraph in enumerate(raw_paragraphs):
        if not isinstance(paragraph, str):
            raise InvalidArticle(
                f'"paragraphs"[{index}] must be a string, not {type(paragraph).__name__}'
            )
        cleaned = clean_segmented(paragraph)
        if cleaned:
            paragraphs.append(cleaned)
    extra = {name: clean_line(_text(item, name)) for name in OPTIONAL_TEXT_FIELDS}
    article = ParsedArticle(
        title=title,
        import_key=_key(item, key_prefix, title, lead, paragraphs),
        sapo=lead,
        blocks=[(PARAGRAPH, p) for p in paragraphs],
        published_at=_published_at(item),
        **extra,
    )
    return article.validate()


def read_jsonl(
    path: Path, key_prefix: str = "vietnews", encoding: str = "auto"
) -> Iterator[tuple[int, ParsedArticle | Failure]]:
    """(line number, article or failure) for every line of the file. A line that is not
    UTF-8 is read in `encoding` (an old Vietnamese one: cp1258, tcvn3, vni; guessed line by
    line when "auto"; "utf-8" reports it as a failure)."""
    with open_lines(path) as stream:
        number = 0
        while True:
            try:
                raw = next(stream)
            except StopIteration:
                return
            except (OSError, EOFError) as exc:
                yield (
                    number + 1,
                    Failure(f"line {number + 1}", f"file is damaged or cut short ({exc})"),
                )
                return
            number += 1
            yield number, _parse_line(raw, number, key_prefix, encoding)


def _parse_line(
    raw: bytes, number: int, key_prefix: str, encoding: str = "auto"
) -> ParsedArticle | Failure:
    where = f"line {number}"
    try:
        line = decode_legacy(raw, None if encoding == "auto" else encoding).strip()
    except UnicodeDecodeError as exc:
        return Failure(where, f"not UTF-8 ({exc.reason} at byte {exc.start})")
    if not line:
        return Failure(where, "empty line")
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return Failure(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
    try:
        return parse_item(item, key_prefix)
    except InvalidArticle as exc:
        return Failure(where, str(exc))
