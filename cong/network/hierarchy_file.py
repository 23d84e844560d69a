"""Reading a hierarchy from a JSON file (format: docs/network.md).

The whole file is checked before anything is stored, so a malformed file stores nothing. Every
error names the item by its position ('units[0].children[2]') and, when known, its code.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import deque
from pathlib import Path

from cong.core.text import clean_text
from cong.network.seeding import Hierarchy, UnitSpec

FORMAT = "cong-hierarchy/1"
_SCHEME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,31}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOP_KEYS = {"format", "scheme", "title", "valid_from", "valid_to", "levels", "units"}
_LEVEL_KEYS = {"level", "name", "types", "slug_drops_type"}
_UNIT_KEYS = {
    "code",
    "name",
    "type",
    "name_en",
    "slug",
    "description",
    "valid_from",
    "valid_to",
    "parent",
    "children",
}
_MAX_LENGTHS = {"code": 32, "name": 255, "type": 64, "name_en": 255, "slug": 80}


class HierarchyFileError(ValueError):
    def __init__(self, message: str, position: str = ""):
        self.message = message
        self.position = position
        super().__init__(f"{position}: {message}" if position else message)


def load_hierarchy_file(path: str | Path) -> Hierarchy:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise HierarchyFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HierarchyFileError(f"not UTF-8 text (byte {exc.start})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise HierarchyFileError(
            f"invalid JSON: {exc.msg}", f"line {exc.lineno}, column {exc.colno}"
        ) from exc
    return parse_hierarchy(data)


def parse_hierarchy(data) -> Hierarchy:
    if not isinstance(data, dict):
        raise HierarchyFileError("the file must hold one JSON object", "top level")
    _no_unknown_keys(data, _TOP_KEYS, "top level")
    if "format" in data and data["format"] != FORMAT:
        raise HierarchyFileError(f'unsupported format {data["format"]!r}; expected "{FORMAT}"')
    scheme = data.get("scheme")
    if not isinstance(scheme, str) or not _SCHEME.match(scheme):
        raise HierarchyFileError(
            '"scheme" is required: lower-case letters, digits, ".", "_" or "-" '
            "(at most 32), e.g. vn-2015",
            "top level",
        )
    defaults = {
        "valid_from": _date(data, "valid_from", "top level"),
        "valid_to": _date(data, "valid_to", "top level"),
    }
    _check_dates(defaults["valid_from"], defaults["valid_to"], "top level")
    levels = _levels(data.get("levels"))
    units = data.get("units")
    if not isinstance(units, list) or not units:
        raise HierarchyFileError('"units" must be a non-empty list', "top level")

    items = []  # (position, item dict, parent code from nesting or None)
    _collect(units, "units", None, items)
    specs = _build(items, defaults, levels)
    drops = {n for n, lvl in enumerate(levels) if lvl.get("slug_drops_type", n == 1)}
    return Hierarchy(
        scheme=scheme,
        units=specs,
        title=clean_text(data.get("title") or ""),
        level_names={n: clean_text(lvl.get("name", "")) for n, lvl in enumerate(levels)},
        slug_drops_type=frozenset(drops) if levels else frozenset({1}),
    )


def _collect(entries, position, parent_code, items):
    if not isinstance(entries, list):
        raise HierarchyFileError('"children" must be a list', position)
    for index, item in enumerate(entries):
        where = f"{position}[{index}]"
        if not isinstance(item, dict):
            raise HierarchyFileError("each unit must be a JSON object", where)
        _no_unknown_keys(item, _UNIT_KEYS, _describe(where, item))
        if parent_code is not None and "parent" in item:
            raise HierarchyFileError(
                'a nested unit takes its parent from where it is; remove "parent"',
                _describe(where, item),
            )
        code = _text(item, "code", _describe(where, item), required=True)
        items.append((where, item, parent_code))
        if "children" in item:
            _collect(item["children"], f"{where}.children", code, items)


def _build(items, defaults, levels) -> list[UnitSpec]:
    positions: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    raw: dict[str, tuple[str, dict]] = {}
    for where, item, nested_parent in items:
        label = _describe(where, item)
        code = _text(item, "code", label, required=True)
        if code in positions:
            raise HierarchyFileError(f'code "{code}" is also used at {positions[code]}', label)
        positions[code] = where
        parent = nested_parent
        if "parent" in item:
            parent = _text(item, "parent", label, required=True)
        parents[code] = parent
        raw[code] = (label, item)

    for code, parent in parents.items():
        if parent is not None and parent not in parents:
            raise HierarchyFileError(f'unknown parent "{parent}"', raw[code][0])
    roots = [code for code, parent in parents.items() if parent is None]
    if len(roots) != 1:
        found = ", ".join(raw[c][0] for c in roots) or "none"
        raise HierarchyFileError(
            f"a hierarchy has exactly one top unit (level 0) without a parent; found: {found}"
        )

    children: dict[str, list[str]] = {code: [] for code in parents}
    for code, parent in parents.items():
        if parent is not None:
            children[parent].append(code)
    order, depth = [], {roots[0]: 0}
    queue = deque([roots[0]])
    while queue:
        code = queue.popleft()
        order.append(code)
        for child in children[code]:
            depth[child] = depth[code] + 1
            queue.append(child)
    if len(order) != len(parents):
        stuck = next(code for code in parents if code not in depth)
        raise HierarchyFileError(f"parent cycle: {_cycle(stuck, parents)}", raw[stuck][0])

    specs = []
    for code in order:
        label, item = raw[code]
        specs.append(_spec(code, item, label, parents[code], depth[code], defaults, levels))
    return specs


def _spec(code, item, label, parent, level, defaults, levels) -> UnitSpec:
    unit_type = _text(item, "type", label, required=True)
    if levels:
        if level >= len(levels):
            raise HierarchyFileError(
                f"level {level} is deeper than the {len(levels)} levels declared", label
            )
        allowed = levels[level].get("types") or []
        if allowed and unit_type.casefold() not in {t.casefold() for t in allowed}:
            raise HierarchyFileError(
                f'type "{unit_type}" is not one of the level-{level} types: {", ".join(allowed)}',
                label,
            )
    slug = _text(item, "slug", label)
    if slug and not _SLUG.match(slug):
        raise HierarchyFileError(
            f'slug "{slug}" must be lower-case ASCII words joined by "-"', label
        )
    valid_from = _date(item, "valid_from", label) or defaults["valid_from"]
    valid_to = _date(item, "valid_to", label) or defaults["valid_to"]
    _check_dates(valid_from, valid_to, label)
    return UnitSpec(
        code=code,
        name=_text(item, "name", label, required=True),
        unit_type=unit_type,
        level=level,
        parent_code=parent,
        name_en=_text(item, "name_en", label),
        slug=slug,
        description=clean_text(_text(item, "description", label, limit=False)),
        valid_from=valid_from,
        valid_to=valid_to,
    )


def _levels(value) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not value:
        raise HierarchyFileError('"levels" must be a non-empty list', "levels")
    for index, level in enumerate(value):
        where = f"levels[{index}]"
        if not isinstance(level, dict):
            raise HierarchyFileError("each level must be a JSON object", where)
        _no_unknown_keys(level, _LEVEL_KEYS, where)
        if level.get("level", index) != index:
            raise HierarchyFileError(f'"level" must be {index} (levels are listed top down)', where)
        types = level.get("types", [])
        if not isinstance(types, list) or not all(isinstance(t, str) and t for t in types):
            raise HierarchyFileError('"types" must be a list of names', where)
        if not isinstance(level.get("name", ""), str):
            raise HierarchyFileError('"name" must be text', where)
        if not isinstance(level.get("slug_drops_type", False), bool):
            raise HierarchyFileError('"slug_drops_type" must be true or false', where)
        level["types"] = [clean_text(t) for t in types]
    return value


def _text(item: dict, key: str, label: str, required=False, limit=True) -> str:
    value = item.get(key)
    if value is None:
        if required:
            raise HierarchyFileError(f'"{key}" is required', label)
        return ""
    if not isinstance(value, str):
        hint = ' (write codes as text, e.g. "01", to keep leading zeros)' if key == "code" else ""
        raise HierarchyFileError(f'"{key}" must be text, not {type(value).__name__}{hint}', label)
    value = clean_text(value) if key == "description" else clean_text(value).replace("\n", " ")
    if required and not value:
        raise HierarchyFileError(f'"{key}" must not be empty', label)
    if limit and len(value) > _MAX_LENGTHS.get(key, 255):
        raise HierarchyFileError(f'"{key}" is longer than {_MAX_LENGTHS[key]} characters', label)
    return value


def _date(item: dict, key: str, label: str) -> datetime.date | None:
    value = item.get(key)
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise HierarchyFileError(f'"{key}" must be a date like "2025-07-01"', label) from None


def _check_dates(valid_from, valid_to, label):
    if valid_from and valid_to and valid_to <= valid_from:
        raise HierarchyFileError('"valid_to" must be after "valid_from"', label)


def _no_unknown_keys(item: dict, allowed: set[str], label: str) -> None:
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise HierarchyFileError(
            f"unknown field(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(sorted(allowed))}",
            label,
        )


def _describe(where: str, item: dict) -> str:
    code = item.get("code")
    return f'{where} (code "{code}")' if isinstance(code, str) and code.strip() else where


def _cycle(start: str, parents: dict[str, str | None]) -> str:
    seen: list[str] = []
    code = start
    while code not in seen:
        seen.append(code)
        code = parents[code]
    loop = seen[seen.index(code) :] + [code]
    return " → ".join(f'"{c}"' for c in loop)
