"""The tantivy schema: fixed text fields plus one fast field per FilterField of every indexed
model, and the documents that fill them.

Text is analysed in Python (cong.search.analysis) and handed to tantivy as space-separated
tokens, so indexing, querying and highlighting share exactly one analysis, whatever the engine.
"""

import datetime
import hashlib
import json

import tantivy
from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    RelatedFields,
    SearchField,
    get_indexed_models,
)

from cong.search.analysis import analyse, edge_ngrams

KEY, PK, CONTENT_TYPES = "key", "pk", "ct"
TITLE, BODY, EXACT, BIGRAMS, AUTOCOMPLETE = "title", "body", "exact", "bi", "ac"

_INTEGER_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
}
_FLOAT_TYPES = {"FloatField", "DecimalField"}
_DATE_TYPES = {"DateTimeField", "DateField"}


def field_kind(internal_type: str) -> str:
    if internal_type == "BooleanField":
        return "bool"
    if internal_type in _INTEGER_TYPES:
        return "int"
    if internal_type in _FLOAT_TYPES:
        return "float"
    if internal_type in _DATE_TYPES:
        return "date"
    return "str"


def _label(model) -> str:
    return f"{model._meta.app_label}_{model._meta.model_name}"


def filter_field_name(model, path) -> str:
    """Engine field for a FilterField reached through `path` (RelatedFields…, FilterField)."""
    parts = []
    for item in path[:-1]:
        if not parts:
            parts.append(_label(item.get_definition_model(model)))
        parts.append(item.field_name)
        model = item.get_field(model).related_model
    last = path[-1]
    if not parts:
        parts.append(_label(last.get_definition_model(model)))
    parts.append(last.get_attname(model))
    return "f__" + "__".join(parts)


def _walk_filter_fields(model, fields, prefix=()):
    """(path, model owning the last field) for every FilterField, through RelatedFields."""
    for field in fields:
        if isinstance(field, FilterField):
            yield (*prefix, field), model
        elif isinstance(field, RelatedFields):
            related = field.get_field(model).related_model
            yield from _walk_filter_fields(related, field.fields, (*prefix, field))


def collect_filter_fields() -> dict[str, str]:
    """{engine field name: kind} over every indexed model."""
    found: dict[str, str] = {}
    for model in get_indexed_models():
        for path, owner in _walk_filter_fields(model, model.get_search_fields()):
            name = filter_field_name(model, path)
            found.setdefault(name, field_kind(path[-1].get_type(owner)))
    return dict(sorted(found.items()))


def build_schema(filter_fields: dict[str, str]) -> tuple[tantivy.Schema, str]:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field(KEY, stored=True, tokenizer_name="raw")
    builder.add_integer_field(PK, stored=True, indexed=True, fast=True)
    builder.add_text_field(CONTENT_TYPES, tokenizer_name="raw")
    builder.add_text_field(TITLE, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field(BODY, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field(EXACT, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field(BIGRAMS, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field(AUTOCOMPLETE, tokenizer_name="whitespace", index_option="basic")
    for name, kind in filter_fields.items():
        if kind == "bool":
            builder.add_boolean_field(name, indexed=True, fast=True)
        elif kind == "int":
            builder.add_integer_field(name, indexed=True, fast=True)
        elif kind == "float":
            builder.add_float_field(name, indexed=True, fast=True)
        elif kind == "date":
            builder.add_date_field(name, indexed=True, fast=True)
        else:
            builder.add_text_field(name, tokenizer_name="raw", fast=True)
    fingerprint = hashlib.sha1(
        json.dumps(["v1", filter_fields], sort_keys=True).encode()
    ).hexdigest()[:12]
    return builder.build(), fingerprint


def to_engine_value(kind: str, value):
    if value is None:
        return None
    if hasattr(value, "pk") and not isinstance(value, str | int | float):
        value = value.pk
    if kind == "bool":
        return bool(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "date":
        if isinstance(value, datetime.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(datetime.UTC).replace(tzinfo=None)
            return value
        if isinstance(value, datetime.date):
            return datetime.datetime(value.year, value.month, value.day)
        return value
    return force_str(value)


def text_values(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [text for item in value for text in text_values(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in text_values(item)]
    return [force_str(value)]


def _related_objects(field, obj):
    value = field.get_value(obj)
    if value is None:
        return []
    if isinstance(value, Manager):
        return list(value.all())
    if callable(value):
        value = value()
    return [value]


def document_data(pk, key, content_types, titles, bodies, autocomplete, filters) -> dict:
    """The engine fields of one document from the texts and filter values of its search fields
    (`DocumentBuilder` collects them from an instance, `rows.RowPlan` from a row)."""
    title_text = " ".join(titles)
    title = analyse(title_text)
    body = analyse("\n".join(bodies))
    autocomplete_text = " ".join(autocomplete)
    typed = title if autocomplete_text == title_text else analyse(autocomplete_text)
    data = {
        KEY: key,
        PK: int(pk),
        CONTENT_TYPES: content_types,
        TITLE: " ".join(title.folded),
        BODY: " ".join(body.folded),
        EXACT: _join_nonempty(" ".join(title.marked), " ".join(body.marked)),
        BIGRAMS: _join_nonempty(" ".join(title.bigrams), " ".join(body.bigrams)),
        AUTOCOMPLETE: " ".join(edge_ngrams(typed.folded)),
    }
    for name, values in filters.items():
        values = [v for v in values if v is not None]
        if values:
            data[name] = values if len(values) > 1 else values[0]
    return data


def _join_nonempty(first: str, second: str) -> str:
    """The join of two lists' tokens from each list's join (tokens are never empty)."""
    return f"{first} {second}" if first and second else first or second


class DocumentBuilder:
    def __init__(self, schema: tantivy.Schema, filter_fields: dict[str, str]):
        self.schema = schema
        self.filter_fields = filter_fields

    def build(self, obj, key: str, content_types: list[str]) -> tantivy.Document:
        return tantivy.Document.from_dict(self.data(obj, key, content_types), self.schema)

    def data(self, obj, key: str, content_types: list[str]) -> dict:
        model = type(obj)
        titles: list[str] = []
        bodies: list[str] = []
        autocomplete: list[str] = []
        filters: dict[str, list] = {}
        self._collect(
            model, obj, model.get_search_fields(), (), titles, bodies, autocomplete, filters
        )
        return document_data(obj.pk, key, content_types, titles, bodies, autocomplete, filters)

    def _collect(self, model, obj, fields, prefix, titles, bodies, autocomplete, filters):
        for field in fields:
            if isinstance(field, SearchField):
                texts = text_values(field.get_value(obj))
                (titles if field.field_name == "title" and not prefix else bodies).extend(texts)
            elif isinstance(field, AutocompleteField):
                autocomplete.extend(text_values(field.get_value(obj)))
            elif isinstance(field, FilterField):
                root_model = prefix[0][0] if prefix else model
                path = tuple(item for _, item in prefix) + (field,)
                name = filter_field_name(root_model, path)
                kind = self.filter_fields.get(name)
                if kind is not None:
                    value = field.get_value(obj)
                    values = value if isinstance(value, list | tuple) else [value]
                    filters.setdefault(name, []).extend(to_engine_value(kind, v) for v in values)
            elif isinstance(field, RelatedFields):
                related_prefix = (*prefix, (prefix[0][0] if prefix else model, field))
                related_model = field.get_field(model).related_model
                for sub_obj in _related_objects(field, obj):
                    self._collect(
                        related_model,
                        sub_obj,
                        field.fields,
                        related_prefix,
                        titles,
                        bodies,
                        autocomplete,
                        filters,
                    )
