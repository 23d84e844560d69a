"""Reading procedures from CSV or JSONL: each item checked, written in its own transaction,
skipped when its code is already in the catalogue (a re-run imports nothing twice)."""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from cong.core.text import clean_text, slugify_vi
from cong.search.legacy import read_vietnamese_text

from .models import (
    FieldKind,
    FormFieldDefinition,
    LifeEvent,
    OnlineLevel,
    Procedure,
    ProcedureLevel,
    ProcedurePaper,
    ServiceField,
)


class BadItem(ValueError):
    pass


@dataclass
class Report:
    created: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _list(value, sep="|") -> list:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [part.strip() for part in str(value).split(sep) if part.strip()]


def read_items(path: Path):
    """(line number, dict) for each JSONL item; a line that is not JSON yields (n, BadItem).
    UTF-8, or an old Vietnamese encoding read as what it most looks like."""
    with io.StringIO(read_vietnamese_text(path)) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                yield number, BadItem(f"invalid JSON: {error.msg}")


def count_items(path: Path) -> int:
    lines = sum(1 for line in read_vietnamese_text(path).splitlines() if line.strip())
    return lines - 1 if path.suffix.lower() == ".csv" else lines


def _check(item: dict, known_levels: set[int] | None) -> dict:
    if not isinstance(item, dict):
        raise BadItem("not an object")
    clean = {
        k: clean_text(item.get(k)) if isinstance(item.get(k), str) else item.get(k) for k in item
    }
    for key in ("code", "name", "field", "handling_body"):
        if not clean.get(key):
            raise BadItem(f"missing {key}")
    try:
        days = int(clean.get("processing_days"))
    except (TypeError, ValueError):
        raise BadItem("processing_days must be a whole number of working days") from None
    if days < 0 or days > 365:
        raise BadItem("processing_days out of range")
    try:
        levels = sorted({int(level) for level in _list(clean.get("levels"), ";")})
    except (TypeError, ValueError):
        raise BadItem("levels must be unit levels (0 = central, 1, 2…)") from None
    if not levels:
        raise BadItem("missing levels")
    if known_levels and not set(levels) <= known_levels:
        raise BadItem(f"unknown levels {sorted(set(levels) - known_levels)}")
    online = clean.get("online_level") or OnlineLevel.FULL
    if online not in OnlineLevel.values:
        raise BadItem(f"online_level must be one of {', '.join(OnlineLevel.values)}")
    fields = clean.get("form_fields") or []
    for definition in fields:
        if definition.get("kind", "text") not in FieldKind.values or not definition.get("label"):
            raise BadItem("form field needs a label and a known kind")
    clean.update(processing_days=days, levels=levels, online_level=online, form_fields=fields)
    return clean


@transaction.atomic
def _write(item: dict, unit_lookup) -> Procedure:
    field_obj, _ = ServiceField.objects.get_or_create(
        name=item["field"], defaults={"slug": slugify_vi(item["field"])}
    )
    unit = None
    if item.get("unit"):
        unit = unit_lookup(item["unit"])
        if unit is None:
            raise BadItem(f"unknown unit {item['unit']}")
    procedure = Procedure(
        code=item["code"],
        name=item["name"],
        field=field_obj,
        handling_body=item["handling_body"],
        unit=unit,
        steps="\n".join(clean_text(s) for s in _list(item.get("steps"))),
        fees=clean_text(item.get("fees") or ""),
        processing_days=item["processing_days"],
        legal_basis="\n".join(clean_text(s) for s in _list(item.get("legal_basis"))),
        online_level=item["online_level"],
    )
    procedure.save()
    ProcedureLevel.objects.bulk_create(
        [
            ProcedureLevel(procedure=procedure, level=lv, sort_order=i)
            for i, lv in enumerate(item["levels"])
        ]
    )
    for i, paper in enumerate(_list(item.get("papers"))):
        paper = paper if isinstance(paper, dict) else {"name": paper}
        ProcedurePaper.objects.create(
            procedure=procedure,
            sort_order=i,
            name=clean_text(paper["name"]),
            copies=clean_text(paper.get("copies", "")),
            upload_required=bool(paper.get("upload_required", True)),
        )
    for i, definition in enumerate(item["form_fields"]):
        FormFieldDefinition.objects.create(
            procedure=procedure,
            sort_order=i,
            label=clean_text(definition["label"]),
            kind=definition.get("kind", "text"),
            required=bool(definition.get("required", True)),
            choices="\n".join(clean_text(c) for c in definition.get("choices", [])),
            help_text=clean_text(definition.get("help_text", "")),
        )
    events = []
    for name in _list(item.get("life_events"), ";"):
        event, _ = LifeEvent.objects.get_or_create(
            name=clean_text(name), defaults={"slug": slugify_vi(name)}
        )
        events.append(event)
    procedure.life_events.set(events)
    procedure.life_events.commit()
    return procedure


def import_file(path: Path, progress=None) -> Report:
    from cong.network.models import Unit

    known_levels = set(Unit.objects.values_list("level", flat=True).distinct())

    def unit_lookup(code):
        return Unit.objects.filter(code=code, valid_to__isnull=True).first()

    report = Report()
    existing = set(Procedure.objects.values_list("code", flat=True))
    for number, item in _numbered(path):
        if progress is not None:
            progress.update(1)
        try:
            if isinstance(item, BadItem):
                raise item
            clean = _check(item, known_levels)
            if clean["code"] in existing:
                report.skipped += 1
                continue
            _write(clean, unit_lookup)
        except BadItem as error:
            report.errors.append((number, str(error)))
            continue
        existing.add(clean["code"])
        report.created += 1
    return report


def _numbered(path: Path):
    if path.suffix.lower() != ".csv":
        yield from read_items(path)
        return
    with io.StringIO(read_vietnamese_text(path), newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            item = dict(row)
            for key in ("levels", "life_events"):
                item[key] = _list(item.get(key), ";")
            for key in ("steps", "papers", "legal_basis"):
                item[key] = _list(item.get(key))
            yield reader.line_num, item
