"""Importing documents from CSV or JSON lines.

Columns (JSON keys): number*, abstract*, type, issuer, co_issuers, unit, signer,
signer_position, issued_on, effective_on, expires_on, status, field, file, amends, replaces,
guides, implements. Dates are dd/mm/yyyy or yyyy-mm-dd; `type` is a name (Quyết định) or an
abbreviation (QĐ); `issuer` and `co_issuers` are abbreviations; `unit` an official unit code;
`file` a path relative to the input file; relation columns list numbers separated by ';'.

A row that fails is reported with its line and reason and changes nothing; good rows are
stored (updated when the registry already has the number, so a re-run is harmless).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from cong.core.text import clean_text, nfc
from cong.legal.files import validate_document_file
from cong.legal.models import (
    Agency,
    Document,
    DocumentFile,
    DocumentRelation,
    DocumentType,
    Field,
    RelationKind,
    Status,
)
from cong.legal.numbers import NumberError, parse_number
from cong.legal.vocabulary import code_key
from cong.search.legacy import read_vietnamese_text

STATUS_WORDS = {
    "còn hiệu lực": Status.IN_FORCE,
    "hết hiệu lực": Status.EXPIRED,
    "hết hiệu lực một phần": Status.PARTLY_EXPIRED,
    "chưa có hiệu lực": Status.NOT_YET,
    **{s.value: s for s in Status},
}


COMPUTED = ["number_key", "slug", "seq", "year", "kind", "search_text"]


class RowError(ValueError):
    pass


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    relations: int = 0


def read_rows(path: Path, encoding: str = "auto"):
    """(line number, dict) for each row of a CSV (with a header) or JSON-lines file; UTF-8 or
    an old Vietnamese encoding (`encoding`, guessed when "auto"), stored as NFC."""
    with io.StringIO(read_vietnamese_text(path, encoding), newline="") as handle:
        first = handle.read(1)
        handle.seek(0)
        if first in "{[" and path.suffix.lower() != ".csv":
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    yield number, RowError(_("invalid JSON (%(reason)s)") % {"reason": error.msg})
                    continue
                yield number, row if isinstance(row, dict) else RowError(_("not a JSON object"))
        else:
            reader = csv.DictReader(handle)
            for row in reader:
                yield reader.line_num, row


class DocumentImporter:
    def __init__(self, base_dir: Path, scheme: str = "vn-2025"):
        self.base_dir = base_dir
        self.scheme = scheme
        self.result = ImportResult()
        self.pending_relations: list[tuple[int, Document, str, str]] = []

    def import_row(self, line: int, row) -> None:
        if isinstance(row, Exception):
            self.result.errors.append(at_line(line, row))
            return
        try:
            with transaction.atomic():
                created = self._store(line, row)
        except (RowError, ValidationError, NumberError, DatabaseError, OSError) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else error
            self.result.errors.append(at_line(line, message))
            return
        if created:
            self.result.created += 1
        else:
            self.result.updated += 1

    def _store(self, line: int, row: dict) -> bool:
        row = {k.strip().lower(): nfc(str(v)).strip() for k, v in row.items() if k and v}
        number = row.get("number")
        if not number:
            raise RowError(_("the number is missing"))
        parsed = parse_number(number)
        if not row.get("abstract"):
            raise RowError(_("%(number)s: the abstract is missing") % {"number": parsed.text})
        unit = self._unit(row.get("unit"))
        issuer = self._agency(row.get("issuer") or (parsed.issuers[0] if parsed.issuers else ""))
        if unit is None and issuer is not None and issuer.unit_id:
            unit = issuer.unit
        document = Document(number=parsed.text, unit=unit)
        document.issued_on = parse_date(row.get("issued_on"), "issued_on")
        slug = document.compute_slug()
        existing = Document.objects.filter(unit=unit, slug=slug).first()
        created = existing is None
        if existing:
            document = existing
        document.abstract = clean_text(row["abstract"])
        document.document_type = self._type(row.get("type"), parsed)
        document.issuer = issuer
        document.signer = row.get("signer", "")
        document.signer_position = row.get("signer_position", "")
        document.issued_on = parse_date(row.get("issued_on"), "issued_on")
        document.effective_on = parse_date(row.get("effective_on"), "effective_on")
        document.expires_on = parse_date(row.get("expires_on"), "expires_on")
        document.status_override = self._status(row.get("status"))
        document.field = self._field(row.get("field"))
        document.full_clean(exclude=["document_type", "issuer", "unit", "field", *COMPUTED])
        document.save()
        co_issuers = [self._agency(a, required=True) for a in split(row.get("co_issuers"))]
        document.co_issuers.set(co_issuers)
        if row.get("file"):
            self._attach(document, row["file"])
        for kind in RelationKind:
            for target in split(row.get(kind.value)):
                self.pending_relations.append((line, document, kind.value, target))
        return created

    def link_relations(self) -> None:
        """Second pass, so a row may relate to a document further down the file."""
        for line, document, kind, target_number in self.pending_relations:
            try:
                key = parse_number(target_number).key
            except NumberError as error:
                self.result.errors.append(at_line(line, f"{relation_label(kind)}: {error}"))
                continue
            target = Document.objects.filter(number_key=key).first()
            if target is None:
                missing = _("%(number)s is not in the registry") % {"number": target_number}
                self.result.errors.append(at_line(line, f"{relation_label(kind)}: {missing}"))
                continue
            _relation, made = DocumentRelation.objects.get_or_create(
                source=document, kind=kind, target=target
            )
            self.result.relations += int(made)

    # -- column readers -----------------------------------------------------------------------

    def _unit(self, code: str | None):
        from cong.network.models import Unit

        if not code:
            return None
        unit = Unit.objects.filter(scheme=self.scheme, code=code).first()
        if unit is None:
            raise RowError(
                _("unknown unit code %(code)r in %(scheme)s")
                % {"code": code, "scheme": self.scheme}
            )
        return unit

    def _agency(self, abbreviation: str, required: bool = False):
        if not abbreviation:
            return None
        wanted = code_key(abbreviation)
        for agency in Agency.objects.all():
            keys = [agency.abbreviation, *[a.strip() for a in agency.aliases.split(",") if a]]
            if wanted in {code_key(k) for k in keys}:
                return agency
        stripped = wanted.rstrip("0123456789")
        if stripped != wanted:
            return self._agency(stripped, required)
        if required:
            raise RowError(_("unknown issuing body %(value)r") % {"value": abbreviation})
        return None

    def _type(self, value: str | None, parsed):
        if value:
            found = DocumentType.objects.filter(name__iexact=value).first()
            if found is None:
                found = next(
                    (t for t in DocumentType.objects.all() if code_key(t.code) == code_key(value)),
                    None,
                )
            if found is None:
                raise RowError(_("unknown document type %(value)r") % {"value": value})
            return found
        if parsed.type_name:
            return DocumentType.objects.filter(name=parsed.type_name).first()
        return None

    def _field(self, name: str | None):
        if not name:
            return None
        found, _created = Field.objects.get_or_create(name=name)
        return found

    def _status(self, value: str | None) -> str:
        if not value:
            return ""
        status = STATUS_WORDS.get(value.lower())
        if status is None:
            raise RowError(
                _("unknown status %(value)r (còn hiệu lực, hết hiệu lực, …)") % {"value": value}
            )
        return status

    def _attach(self, document: Document, relative: str) -> None:
        path = (self.base_dir / relative).resolve()
        if not path.is_file():
            raise RowError(_("file not found: %(path)s") % {"path": relative})
        with open(path, "rb") as handle:
            upload = File(handle, name=path.name)
            try:
                validate_document_file(upload)
            except ValidationError as error:
                raise RowError(f"{relative}: {' '.join(error.messages)}") from error
            if document.files.filter(title=path.name).exists():
                return
            DocumentFile(document=document, title=path.name, file=upload).save()


def at_line(line: int, message) -> str:
    return _("line %(line)s: %(message)s") % {"line": line, "message": message}


def relation_label(kind: str) -> str:
    return _("relation %(kind)s") % {"kind": RelationKind(kind).label}


def split(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").replace(",", ";").split(";") if item.strip()]


def parse_date(value: str | None, column: str) -> date | None:
    if not value:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise RowError(
        _("%(column)s: %(value)r is not a date (dd/mm/yyyy or yyyy-mm-dd)")
        % {"column": column, "value": value}
    )
