"""Search documents built from database rows instead of model instances, for bulk indexing.

`DocumentBuilder` reads every search field through modelsearch and Wagtail on a full model
instance; for a million articles that is most of the indexing time (instances, a lazy
StreamValue per body, Django's HTMLParser-based `strip_tags` per paragraph). A `RowPlan` reads
only the columns the search fields name (`values_list`), walks the StreamField JSON directly and
strips the editor's simple markup with regexes (all of a body's paragraphs at once), then fills
the very same lists `DocumentBuilder` fills, so the documents are identical. Whatever it does not recognise
(another block type, markup or entities the regex does not cover, a field that is not a plain
column) is handed to Wagtail's own code, for that value or for the whole model.
"""

import re
from html import unescape

from django.core.exceptions import FieldDoesNotExist
from django.db.models import ForeignKey, ManyToManyField
from django.utils.encoding import force_str
from modelsearch.index import AutocompleteField, FilterField, SearchField
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from .schema import document_data, filter_field_name, text_values, to_engine_value

# Tags the rich text editor writes. Elements whose content HTMLParser treats specially (script,
# style, textarea…), comments and declarations are not among them: text holding any of those
# is left to Wagtail.
_TAG_NAMES = (
    "a|abbr|b|blockquote|br|code|div|em|embed|h[1-6]|hr|i|li|ol|p|s|small|span|strong|sub|sup|u|ul"
)
_SPACE = r"[ \t\n\r\f]"
_ATTRIBUTE = (
    rf"""{_SPACE}+[A-Za-z_:][-A-Za-z0-9_:.]*(?:{_SPACE}*={_SPACE}*(?:"[^"<>\0]*"|'[^'<>\0]*'))?"""
)
# Tags after which get_text_for_indexing leaves a space, then every tag.
_SPACED_TAG = rf"</(?i:p|h[1-6]|li|blockquote)>|<(?i:br|hr){_SPACE}*/>"
_ANY_TAG = rf"<(?i:{_TAG_NAMES})(?:{_ATTRIBUTE})*{_SPACE}*/?>|</(?i:{_TAG_NAMES}){_SPACE}*>"
# Text and those tags only: every "<" opens a tag, and no tag holds another "<" (nor a NUL,
# which joins the paragraphs of a body so they are read in one go).
_SIMPLE_MARKUP = re.compile(rf"(?:[^<]++|{_SPACED_TAG}|{_ANY_TAG})*+")
_SPACED = re.compile(_SPACED_TAG)
_TAG = re.compile(_ANY_TAG)
# An "&" that HTMLParser would not pass through unchanged as "&name;", "&#n;" or "&#xh;".
_LOOSE_AMPERSAND = re.compile(r"&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);)")


def text_for_indexing(html: str) -> str:
    """`wagtail.rich_text.get_text_for_indexing`, without an HTML parser for simple markup.

    When every "<" opens one of the editor's tags and every "&" is a complete reference,
    HTMLParser (behind Django's `strip_tags`) sees exactly those tags and text, so removing
    the tags with a regex gives the same text. Anything else goes to Wagtail's function.
    """
    if "<" not in html:  # strip_tags returns such text unchanged
        return unescape(html.strip())
    if _SIMPLE_MARKUP.fullmatch(html) is None:
        return get_text_for_indexing(html)
    text = _TAG.sub("", _SPACED.sub(" ", html))
    if "&" in text and _LOOSE_AMPERSAND.search(text):
        return get_text_for_indexing(html)
    return unescape(text.strip())


def texts_for_indexing(htmls: list[str]) -> list[str]:
    """`text_for_indexing` of each, with a few regex passes over all of them together."""
    joined = "\0".join(htmls)
    if joined.count("\0") != len(htmls) - 1:
        return [text_for_indexing(html) for html in htmls]
    if "<" in joined:
        if _SIMPLE_MARKUP.fullmatch(joined) is None:
            return [text_for_indexing(html) for html in htmls]
        joined = _TAG.sub("", _SPACED.sub(" ", joined))
        if "&" in joined and _LOOSE_AMPERSAND.search(joined):
            return [text_for_indexing(html) for html in htmls]
    return [unescape(text.strip()) for text in joined.split("\0")]


class _Html(str):
    """Rich text source whose text is still to be extracted (all of a field's at once)."""


class _Unrecognised(Exception):
    """Raw StreamField data this module does not read exactly like Wagtail: use Wagtail."""


def _overrides(block, name: str, base) -> bool:
    return getattr(type(block), name) is not getattr(base, name)


def _compile_block(block):
    """A function raw JSON value → searchable strings, equal to
    `block.get_searchable_content(block.to_python(raw))`; None when the block type is unknown."""
    cls = type(block)
    if cls.get_searchable_content is blocks.Block.get_searchable_content:
        return lambda raw: []  # e.g. choosers: nothing to index, so no lookup either
    if isinstance(block, blocks.RichTextBlock):
        if any(_overrides(block, n, blocks.RichTextBlock) for n in _READ_METHODS):
            return None
        if not block.search_index:
            return lambda raw: []

        def rich_text(raw):
            if raw is None:
                raw = ""  # RichText(None).source
            elif not isinstance(raw, str):
                raise _Unrecognised
            return [_Html(raw)]

        return rich_text
    for base in (blocks.CharBlock, blocks.TextBlock):
        if isinstance(block, base):
            if any(_overrides(block, n, base) for n in _READ_METHODS) or _overrides(
                block, "to_python", blocks.Block
            ):
                return None
            if not block.search_index:
                return lambda raw: []
            return lambda raw: [force_str(raw)]
    if isinstance(block, blocks.StructBlock) and not isinstance(block, blocks.StaticBlock):
        if any(_overrides(block, n, blocks.StructBlock) for n in _READ_METHODS):
            return None
        if not block.search_index:
            return lambda raw: []
        children = []
        for name, child in block.child_blocks.items():
            extract = _compile_block(child)
            if extract is None:
                return None
            children.append((name, child, extract))

        def struct(raw):
            if not isinstance(raw, dict):
                raise _Unrecognised
            content = []
            for name, child, extract in children:
                if name in raw:
                    content.extend(extract(raw[name]))
                else:  # to_python fills in the child's default, already a native value
                    content.extend(child.get_searchable_content(child.get_default()))
            return content

        return struct
    if isinstance(block, blocks.StreamBlock):
        return _compile_stream(block)
    return None


# What decides a block's searchable content from its raw value.
_READ_METHODS = ("get_searchable_content", "to_python", "bulk_to_python", "normalize")


def _compile_stream(block):
    if any(_overrides(block, n, blocks.StreamBlock) for n in _READ_METHODS):
        return None
    if not block.search_index:
        return lambda raw: []
    children = {}
    for name, child in block.child_blocks.items():
        extract = _compile_block(child)
        if extract is None:
            return None
        children[name] = extract

    def stream(items):
        if not isinstance(items, list):
            raise _Unrecognised
        content = []
        for item in items:
            if not isinstance(item, dict):
                raise _Unrecognised
            extract = children.get(item.get("type"))
            if extract is None or "value" not in item:
                raise _Unrecognised
            content.extend(extract(item["value"]))
        return content

    return stream


def _stream_field_reader(field: StreamField):
    extract = _compile_stream(field.stream_block)

    def read(value):
        # `value` is the StreamValue the column converts to; it has not converted any block yet.
        if extract is not None and value.is_lazy:
            try:
                content = extract(list(value.raw_data))
            except _Unrecognised:
                return field.get_searchable_content(value)
            at = [i for i, text in enumerate(content) if type(text) is _Html]
            for i, text in zip(at, texts_for_indexing([content[i] for i in at]), strict=True):
                content[i] = text
            return content
        return field.get_searchable_content(value)

    return read


def _text_reader(field):
    """value from the column → what modelsearch's `field.get_value(obj)` returns."""
    if isinstance(field, StreamField):
        return _stream_field_reader(field)
    if isinstance(field, RichTextField):
        if type(field).get_searchable_content is not RichTextField.get_searchable_content:
            return None
        return lambda value: [text_for_indexing(force_str(value))]
    if hasattr(field, "get_searchable_content") or field.is_relation:
        return None
    return lambda value: value


class RowPlan:
    """How to index `model` from `values_list` rows; `RowPlan.for_model` gives None when a
    search field is anything but a plain column of the model (related fields, tags, methods)."""

    def __init__(self, model, columns, readers):
        self.model = model
        self.columns = columns  # the primary key first
        self._readers = readers

    @classmethod
    def for_model(cls, model, filter_fields: dict[str, str]) -> "RowPlan | None":
        if not _indexed_as_loaded(model):
            return None
        columns = [model._meta.pk.attname]
        readers = []
        for field in model.get_search_fields():
            if not isinstance(field, SearchField | AutocompleteField | FilterField):
                return None  # RelatedFields
            try:
                model_field = field.get_field(model)
            except FieldDoesNotExist:
                return None  # a method or property
            if not model_field.concrete or isinstance(model_field, ManyToManyField):
                return None
            if model_field.is_relation and not isinstance(model_field, ForeignKey):
                return None
            if model_field.attname not in columns:
                columns.append(model_field.attname)
            column = columns.index(model_field.attname)
            if isinstance(field, FilterField):
                if _has_searchable_content(model_field):
                    return None
                name = filter_field_name(model, (field,))
                kind = filter_fields.get(name)
                if kind is not None:
                    readers.append(("filter", column, (name, kind)))
                continue
            read = _text_reader(model_field)
            if read is None:
                return None
            if isinstance(field, AutocompleteField):
                readers.append(("autocomplete", column, read))
            elif field.field_name == "title":
                readers.append(("title", column, read))
            else:
                readers.append(("body", column, read))
        return cls(model, columns, readers)

    def rows(self, queryset):
        return queryset.values_list(*self.columns)

    def document_data(self, row, key: str, content_types: list[str]) -> dict:
        titles: list[str] = []
        bodies: list[str] = []
        autocomplete: list[str] = []
        filters: dict[str, list] = {}
        for role, column, how in self._readers:
            value = row[column]
            if role == "filter":
                name, kind = how
                values = value if isinstance(value, list | tuple) else [value]
                filters.setdefault(name, []).extend(to_engine_value(kind, v) for v in values)
            else:
                texts = text_values(how(value))
                if role == "title":
                    titles.extend(texts)
                elif role == "body":
                    bodies.extend(texts)
                else:
                    autocomplete.extend(texts)
        return document_data(row[0], key, content_types, titles, bodies, autocomplete, filters)


def _has_searchable_content(model_field) -> bool:
    """modelsearch's get_value passes such a field's value (or, for a foreign key, its
    target's) through get_searchable_content."""
    while model_field.is_relation:
        if hasattr(model_field, "get_searchable_content"):
            return True
        model_field = model_field.target_field
    return hasattr(model_field, "get_searchable_content")


def _indexed_as_loaded(model) -> bool:
    """The reindex indexes `obj.get_indexed_instance()`; rows stand for it only where that is
    the object itself (pages of the model's own content type; modelsearch's default)."""
    from modelsearch.index import Indexed

    if issubclass(model, Page):
        # Page.get_indexed_objects keeps the model's own content type, so `.specific` is self.
        return (
            model.get_indexed_instance is Page.get_indexed_instance
            and model.get_indexed_objects.__func__ is Page.get_indexed_objects.__func__
        )
    return model.get_indexed_instance is Indexed.get_indexed_instance
