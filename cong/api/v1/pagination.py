"""Keyset (cursor) pagination: stable under inserts, constant cost at any depth."""

import base64
import binascii
import json
from datetime import datetime

from django.db.models import Q
from django.utils.dateparse import parse_datetime

from cong.api.v1.problems import ApiProblem

MAX_LIMIT = 100


def encode_cursor(values: list) -> str:
    raw = json.dumps(
        [v.isoformat() if isinstance(v, datetime) else v for v in values], separators=(",", ":")
    )
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, types: tuple[type, ...]) -> list:
    """The values a cursor carries, checked against the expected `types`."""
    invalid = ApiProblem(
        422,
        "The cursor is not valid; use the next_cursor of a previous page.",
        slug="validation",
        errors=[{"loc": ["query", "cursor"], "msg": "invalid cursor", "type": "value_error"}],
    )
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise invalid from None
    if not isinstance(values, list) or len(values) != len(types):
        raise invalid
    decoded = []
    for value, expected in zip(values, types, strict=True):
        if expected is datetime:
            value = parse_datetime(value) if isinstance(value, str) else None
            if value is None or value.tzinfo is None:
                raise invalid
        elif expected is int:
            if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 2**62:
                raise invalid
        elif not isinstance(value, expected):
            raise invalid
        decoded.append(value)
    return decoded


def keyset_page(queryset, *, order: list[tuple[str, bool, type]], cursor, limit: int):
    """One page of `queryset` ordered by `order` [(field, descending, type), …] (the last
    field unique), starting after `cursor`. Returns (items, next_cursor)."""
    queryset = queryset.order_by(*[("-" if desc else "") + field for field, desc, _ in order])
    if cursor:
        values = decode_cursor(cursor, tuple(t for _, _, t in order))
        condition = Q()
        for i, (field, desc, _) in enumerate(order):
            step = Q(**{f"{field}__{'lt' if desc else 'gt'}": values[i]})
            for j, (prior_field, _, _) in enumerate(order[:i]):
                step &= Q(**{prior_field: values[j]})
            condition |= step
        queryset = queryset.filter(condition)
    items = list(queryset[: limit + 1])
    next_cursor = None
    if len(items) > limit:
        items = items[:limit]
        last = items[-1]
        next_cursor = encode_cursor([getattr(last, field) for field, _, _ in order])
    return items, next_cursor
