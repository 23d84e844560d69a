"""Response and request shapes of API v1 (these generate the OpenAPI document)."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class UnitRef(Schema):
    scheme: str
    code: str
    name: str


class UnitOut(Schema):
    id: int
    scheme: str
    code: str
    name: str
    name_en: str
    unit_type: str
    level: int
    parent: UnitRef | None
    valid_from: date | None
    valid_to: date | None
    is_current: bool
    successor: UnitRef | None
    portal_id: int | None


class FeedLinks(Schema):
    rss: str
    atom: str
    directives_rss: str
    directives_atom: str


class SectionOut(Schema):
    id: int
    title: str
    kind: str = Field(description="news, directives, documents, about, contact or other")
    url: str | None


class PortalOut(Schema):
    id: int
    title: str
    slug: str
    url: str | None
    unit: UnitRef
    level: int
    parent_portal_id: int | None
    tagline: str
    last_published_at: datetime | None
    feeds: FeedLinks
    sitemap: str


class PortalDetail(PortalOut):
    sections: list[SectionOut]


class PortalRef(Schema):
    id: int
    title: str
    unit_code: str


class TopicOut(Schema):
    id: int
    name: str
    slug: str
    feed: str


class ArticleOut(Schema):
    id: int
    uuid: str = Field(description="Stable identity across installations")
    title: str
    url: str | None
    portal: PortalRef
    section_id: int | None
    section_kind: str | None
    published_at: datetime
    updated_at: datetime | None
    sapo: str
    dateline: str
    topics: list[str]
    is_directive: bool
    directive_scope: str
    directive_level: int | None


class BodyBlock(Schema):
    type: str
    value: Any


class ArticleDetail(ArticleOut):
    body: list[BodyBlock]
    body_html: str
    byline: str
    source: str
    tags: list[str]
    directive_units: list[UnitRef]
    json_ld: dict[str, Any]


class DocumentFileOut(Schema):
    title: str
    url: str
    kind: str
    size: int


class DocumentOut(Schema):
    id: int
    number: str = Field(description="Số, ký hiệu, e.g. 42/2022/NĐ-CP")
    abstract: str = Field(description="Trích yếu")
    document_type: str | None
    issuer: str | None
    unit: UnitRef | None = Field(description="issuing unit; empty for central documents")
    signer: str
    signer_position: str
    issued_on: date | None
    effective_on: date | None
    expires_on: date | None
    status: str = Field(description="in_force, expired, partly_expired, not_yet or empty")
    url: str | None


class DocumentDetail(DocumentOut):
    field: str | None
    files: list[DocumentFileOut]
    relations: list[dict[str, Any]]
    json_ld: dict[str, Any]


class UnitPage(Schema):
    items: list[UnitOut]
    next_cursor: str | None


class PortalPageList(Schema):
    items: list[PortalOut]
    next_cursor: str | None


class ArticlePageList(Schema):
    items: list[ArticleOut]
    next_cursor: str | None


class TopicPage(Schema):
    items: list[TopicOut]
    next_cursor: str | None


class DocumentPage(Schema):
    items: list[DocumentOut]
    next_cursor: str | None


class SearchHit(ArticleOut):
    pass


class SearchResults(Schema):
    query: str
    items: list[SearchHit]
    next_cursor: str | None


# --- write API ---------------------------------------------------------------------------


class BlockIn(Schema):
    type: Literal["paragraph", "subheading", "quote"]
    value: str = Field(max_length=100_000, description="HTML for paragraphs, text otherwise")
    attribution: str = Field("", max_length=255, description="Quotes only")


class ArticleIn(Schema):
    title: str = Field(min_length=1, max_length=255)
    section: Literal["news", "directives"] = "news"
    sapo: str = Field("", max_length=5000)
    dateline: str = Field("", max_length=255)
    body: list[BlockIn] = Field(default_factory=list, max_length=500)
    byline: str = Field("", max_length=255)
    source: str = Field("", max_length=255)
    published_at: datetime | None = None
    topics: list[str] = Field(default_factory=list, max_length=50, description="topic slugs")
    tags: list[str] = Field(default_factory=list, max_length=50)
    directive_scope: Literal["", "all", "level", "units"] = ""
    directive_level: int | None = Field(None, ge=0, le=10)
    directive_units: list[str] = Field(
        default_factory=list, max_length=5000, description="official unit codes"
    )
    action: Literal["draft", "submit", "publish"] = Field(
        "draft",
        description="draft: save a revision; submit: start the portal's approval workflow; "
        "publish: publish now (publisher tokens only)",
    )


class WriteResult(Schema):
    external_id: str
    id: int
    status: Literal["draft", "in_moderation", "live", "withdrawn"]
    created: bool
    changed: bool
    url: str | None
    revision_id: int | None


# --- sync ------------------------------------------------------------------------------------


class DirectiveEventOut(Schema):
    seq: int
    kind: Literal["published", "updated", "withdrawn"]
    directive: dict[str, Any]
    created_at: datetime


class DirectiveEventPage(Schema):
    items: list[DirectiveEventOut]
    cursor: int = Field(description="Pass as `after` to get the events that follow")
    has_more: bool


class WebhookAck(Schema):
    status: Literal["applied", "ignored"]
    seq: int
