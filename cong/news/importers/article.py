"""What an importer reads, before it is placed and written: a validated article or a failure."""

import html
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from cong.core.text import slugify_vi

PARAGRAPH = "paragraph"
SUBHEADING = "subheading"

# Column sizes of ArticlePage / Page, checked before anything is written.
MAX_LENGTHS = {"title": 255, "dateline": 255, "byline": 255, "source": 255, "import_key": 255}


class InvalidArticle(ValueError):
    """An item that cannot be stored as it is; the message says why."""


@dataclass(frozen=True)
class Failure:
    """An input item that was not imported: where it was (e.g. 'line 17') and why."""

    where: str
    reason: str

    def __str__(self):
        return f"{self.where}: {self.reason}"


@dataclass
class ParsedArticle:
    title: str
    import_key: str
    sapo: str = ""
    dateline: str = ""
    blocks: list[tuple[str, str]] = field(default_factory=list)
    byline: str = ""
    source: str = ""
    published_at: datetime | None = None

    def validate(self) -> "ParsedArticle":
        if not self.title:
            raise InvalidArticle("empty title")
        for name, limit in MAX_LENGTHS.items():
            value = getattr(self, name)
            if len(value) > limit:
                raise InvalidArticle(f"{name} longer than {limit} characters ({len(value)})")
        for kind, text in self.blocks:
            if kind not in (PARAGRAPH, SUBHEADING) or not isinstance(text, str) or not text:
                raise InvalidArticle(f"bad body block {kind!r}")
        if self.published_at is not None and self.published_at.tzinfo is None:
            raise InvalidArticle("publication time without a time zone")
        return self

    @property
    def slug(self) -> str:
        return slugify_vi(self.title)

    @property
    def paragraphs(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == PARAGRAPH]

    @property
    def subheadings(self) -> list[str]:
        return [text for kind, text in self.blocks if kind == SUBHEADING]

    def body_data(self) -> list[dict]:
        """The StreamField's raw JSON: Wagtail keeps it lazy, so bulk writes skip block
        conversion. Paragraphs are rich text, i.e. HTML: the text is escaped."""
        return [
            {
                "type": kind,
                "value": paragraph_html(text) if kind == PARAGRAPH else text,
                "id": str(uuid.uuid4()),
            }
            for kind, text in self.blocks
        ]


def paragraph_html(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return "<p>" + escaped.replace("\n", "<br/>") + "</p>"
