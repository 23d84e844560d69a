"""Which registry document a reference means.

A full number is looked up by its key. The same administrative number recurs every year, and
local numbers (12/2020/QĐ-UBND) recur in every province, so among several matches we prefer
the documents of the citing article's own portal and the portals above it, then the latest
issued on or before the article's date. A short form ("Nghị định 167") links only when the
registry has exactly one document it can mean. Anything still ambiguous stays unlinked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from wagtail.models import Page

from cong.legal.citations.finder import Reference


@dataclass(frozen=True)
class Candidate:
    id: int
    unit_id: int | None
    issued_on: date | None
    year: int | None


_FIELDS = ("id", "unit_id", "issued_on", "year", "number_key", "document_type__name", "seq")


class Resolver:
    """Resolves references to document ids. `preload=True` reads the whole registry once
    (for linking thousands of articles); otherwise each call queries what it needs."""

    def __init__(self, preload: bool = False):
        self.by_key: dict[str, list[Candidate]] = defaultdict(list)
        self.by_short: dict[tuple[str, int], list[Candidate]] = defaultdict(list)
        self.preloaded = preload
        if preload:
            from cong.legal.models import Document

            self._add(Document.objects.values(*_FIELDS).iterator())

    def _add(self, rows) -> None:
        for row in rows:
            candidate = Candidate(row["id"], row["unit_id"], row["issued_on"], row["year"])
            if candidate in self.by_key[row["number_key"]]:
                continue
            self.by_key[row["number_key"]].append(candidate)
            if row["document_type__name"]:
                self.by_short[(row["document_type__name"], row["seq"])].append(candidate)

    def _load(self, references: list[Reference]) -> None:
        if self.preloaded:
            return
        from cong.legal.models import Document

        keys = {r.key for r in references if r.key and r.key not in self.by_key}
        shorts = {
            (r.type, int(r.seq))
            for r in references
            if r.is_short
            and r.type
            and r.seq.isdigit()
            and (r.type, int(r.seq)) not in self.by_short
        }
        condition = Q(number_key__in=keys) if keys else Q()
        for type_name, seq in shorts:
            condition |= Q(document_type__name=type_name, seq=seq)
        if not condition:
            return
        self._add(Document.objects.filter(condition).values(*_FIELDS))
        for key in keys:
            self.by_key.setdefault(key, [])
        for short in shorts:
            self.by_short.setdefault(short, [])

    def resolve(
        self,
        references: list[Reference],
        scope_units: list[int | None] | None = None,
        on: date | None = None,
    ) -> list[int | None]:
        """Document id (or None) for each reference, in order."""
        self._load(references)
        return [self._one(r, scope_units or [], on) for r in references]

    def _one(self, reference: Reference, scope_units, on) -> int | None:
        if reference.key:
            candidates = self.by_key.get(reference.key, [])
        elif reference.type and reference.seq.isdigit():
            candidates = self.by_short.get((reference.type, int(reference.seq)), [])
            if reference.year:
                candidates = [c for c in candidates if c.year == reference.year]
            if len(candidates) != 1:
                return None
        else:
            return None
        return choose(candidates, scope_units, on)


def choose(candidates: list[Candidate], scope_units, on: date | None) -> int | None:
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0].id
    for unit_id in [*scope_units, None]:
        local = [c for c in candidates if c.unit_id == unit_id]
        if local:
            candidates = local
            break
    if len(candidates) > 1 and on:
        before = [c for c in candidates if c.issued_on and c.issued_on <= on]
        if before:
            latest = max(c.issued_on for c in before)
            candidates = [c for c in before if c.issued_on == latest]
    return candidates[0].id if len(candidates) == 1 else None


def scope_units_for(page) -> list[int]:
    """Unit ids of the article's portal and the portals above it, nearest first."""
    from cong.network.models import PortalPage

    steplen = Page.steplen
    paths = [page.path[:i] for i in range(steplen, len(page.path), steplen)]
    portals = PortalPage.objects.filter(path__in=paths).order_by("-depth")
    return list(portals.values_list("unit_id", flat=True))
