"""Loading an administrative hierarchy into `Unit` rows, idempotently.

A hierarchy (`Hierarchy`) is a list of `UnitSpec`, parents before children, whatever its source:
the `vietnam-provinces` package (`vn2025_hierarchy`) or a JSON file
(`cong.network.hierarchy_file`). `sync_units` makes the database match it and reports what
changed. Units are never deleted: one that is no longer in the source is retired (`valid_to`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cong.core import frames
from cong.core.text import clean_text, fold
from cong.network.models import Unit

VN2025_SCHEME = "vn-2025"
VN2025_VALID_FROM = datetime.date(2025, 7, 1)
NATIONAL_CODE = "VN"

# Vietnamese names of the levels, used in the generated "Giới thiệu" text.
VN2025_LEVEL_NAMES = {0: "trung ương", 1: "cấp tỉnh", 2: "cấp xã"}

# vietnam-provinces division types → the type we store.
_VN2025_TYPES = {
    "tỉnh": "tỉnh",
    "thành phố trung ương": "thành phố",
    "xã": "xã",
    "phường": "phường",
    "đặc khu": "đặc khu",
}

# Article 94 of the 2013 Constitution.
_GOVERNMENT_DESCRIPTION = (
    "Chính phủ là cơ quan hành chính nhà nước cao nhất của nước Cộng hòa xã hội chủ nghĩa "
    "Việt Nam, thực hiện quyền hành pháp, là cơ quan chấp hành của Quốc hội."
)


@dataclass(frozen=True)
class UnitSpec:
    """One unit as a source describes it. `level` is its depth below the root (0)."""

    code: str
    name: str
    unit_type: str
    level: int
    parent_code: str | None = None
    name_en: str = ""
    slug: str = ""
    description: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None


@dataclass
class Hierarchy:
    scheme: str
    units: list[UnitSpec]
    title: str = ""
    level_names: dict[int, str] = field(default_factory=dict)
    # Levels whose portal slug leaves out the unit type ('Thành phố Hà Nội' → 'ha-noi').
    slug_drops_type: frozenset[int] = frozenset({1})

    def spec_by_code(self) -> dict[str, UnitSpec]:
        return {spec.code: spec for spec in self.units}


@dataclass
class UnitChanges:
    scheme: str
    created: list[Unit] = field(default_factory=list)
    renamed: list[tuple[Unit, str]] = field(default_factory=list)  # (unit, old name)
    reparented: list[tuple[Unit, str]] = field(default_factory=list)  # (unit, old parent)
    updated: list[tuple[Unit, list[str]]] = field(default_factory=list)  # (unit, fields)
    retired: list[Unit] = field(default_factory=list)
    restored: list[Unit] = field(default_factory=list)
    total: int = 0

    @property
    def changed(self) -> bool:
        return any(
            (
                self.created,
                self.renamed,
                self.reparented,
                self.updated,
                self.retired,
                self.restored,
            )
        )


def vn2025_hierarchy() -> Hierarchy:
    """The 2025 two-level local government (34 provinces, 3,321 communes) under the Government,
    from the `vietnam-provinces` package."""
    from vietnam_provinces import Province, Ward

    def valid(**kwargs) -> UnitSpec:
        return UnitSpec(valid_from=VN2025_VALID_FROM, **kwargs)

    units = [
        valid(
            code=NATIONAL_CODE,
            name="Chính phủ",
            name_en="Government of Viet Nam",
            unit_type="Chính phủ",
            level=0,
            description=_GOVERNMENT_DESCRIPTION,
        )
    ]
    for province in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        unit_type = _VN2025_TYPES[province.division_type.value]
        name = clean_text(province.name)
        if unit_type == "tỉnh" and not name.lower().startswith("tỉnh "):
            # The package drops "Tỉnh" but keeps "Thành phố"; store full official names.
            name = f"Tỉnh {name}"
        units.append(
            valid(
                code=f"{int(province.code):02d}",
                name=name,
                unit_type=unit_type,
                level=1,
                parent_code=NATIONAL_CODE,
            )
        )
    for ward in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        units.append(
            valid(
                code=f"{int(ward.code):05d}",
                name=clean_text(ward.name),
                unit_type=_VN2025_TYPES[ward.division_type.value],
                level=2,
                parent_code=f"{int(ward.province_code):02d}",
            )
        )
    return Hierarchy(
        scheme=VN2025_SCHEME,
        units=units,
        title="Đơn vị hành chính từ 01/07/2025 (vietnam-provinces)",
        level_names=VN2025_LEVEL_NAMES,
    )


_COMPARED_FIELDS = ("unit_type", "level", "name_en", "valid_from")


def sync_units(
    hierarchy: Hierarchy, today: datetime.date | None = None, progress=None
) -> UnitChanges:
    """Make the scheme's units match `hierarchy`, in one transaction. `progress`, if given, is
    called with the number of units handled since the last call."""
    today = today or timezone.localdate()
    changes = UnitChanges(scheme=hierarchy.scheme, total=len(hierarchy.units))
    existing = {u.code: u for u in Unit.objects.filter(scheme=hierarchy.scheme)}
    by_code: dict[str, Unit] = dict(existing)
    parent_codes = {u.pk: u.code for u in existing.values()}
    by_level: dict[int, list[UnitSpec]] = defaultdict(list)
    for spec in hierarchy.units:
        by_level[spec.level].append(spec)

    to_update: dict[str, tuple[Unit, set[str]]] = {}

    def mark(unit: Unit, *fields: str) -> None:
        to_update.setdefault(unit.code, (unit, set()))[1].update(fields)

    with transaction.atomic():
        frames.bump()  # units written in bulk send no signals
        for level in sorted(by_level):
            new_units = []
            for spec in by_level[level]:
                parent = by_code[spec.parent_code] if spec.parent_code else None
                unit = existing.get(spec.code)
                if unit is None:
                    unit = _new_unit(hierarchy.scheme, spec, parent)
                    new_units.append(unit)
                    continue
                _compare(unit, spec, parent, parent_codes, changes, mark)
            Unit.objects.bulk_create(new_units, batch_size=500)
            for unit in new_units:
                by_code[unit.code] = unit
            changes.created.extend(new_units)
            if progress:
                progress(len(by_level[level]))

        wanted = {spec.code for spec in hierarchy.units}
        for code, unit in existing.items():
            if code not in wanted and (unit.valid_to is None or unit.valid_to > today):
                unit.valid_to = max(today, unit.valid_from or today)
                mark(unit, "valid_to")
                changes.retired.append(unit)

        now = timezone.now()
        for unit, fields in to_update.values():
            unit.updated_at = now
            Unit.objects.filter(pk=unit.pk).update(
                updated_at=now, **{name: getattr(unit, name) for name in fields}
            )
    return changes


def _new_unit(scheme: str, spec: UnitSpec, parent: Unit | None) -> Unit:
    return Unit(
        scheme=scheme,
        code=spec.code,
        name=spec.name,
        name_ascii=fold(spec.name).lower(),
        name_en=spec.name_en,
        unit_type=spec.unit_type,
        level=spec.level,
        parent=parent,
        valid_from=spec.valid_from,
        valid_to=spec.valid_to,
    )


def _compare(unit: Unit, spec: UnitSpec, parent, parent_codes, changes: UnitChanges, mark):
    if unit.name != spec.name:
        changes.renamed.append((unit, unit.name))
        unit.name = spec.name
        unit.name_ascii = fold(spec.name).lower()
        mark(unit, "name", "name_ascii")
    parent_id = parent.pk if parent else None
    if unit.parent_id != parent_id:
        changes.reparented.append((unit, parent_codes.get(unit.parent_id, "")))
        unit.parent = parent
        mark(unit, "parent_id")
    if unit.valid_to != spec.valid_to:
        if spec.valid_to is None:
            changes.restored.append(unit)
        else:
            changes.updated.append((unit, ["valid_to"]))
        unit.valid_to = spec.valid_to
        mark(unit, "valid_to")
    different = [name for name in _COMPARED_FIELDS if getattr(unit, name) != getattr(spec, name)]
    if different:
        for name in different:
            setattr(unit, name, getattr(spec, name))
        mark(unit, *different)
        changes.updated.append((unit, different))
