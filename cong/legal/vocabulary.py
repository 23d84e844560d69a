"""The abbreviations and words the number parser and the citation finder know.

They are data, not code: ministries merge and rename. The tables ship as JSON in
cong/legal/data/, are loaded into DocumentType / Agency rows by a migration (editable in the
admin), and the parser reads whichever is current: the database when it is reachable, the JSON
files otherwise (pure unit tests, tools).
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cong.core.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"

_TRAILING_DIGITS = re.compile(r"^(.*?)(\d+)$")


def code_key(value: str) -> str:
    """Key an abbreviation compares by: no accents, no '&', upper case ('QĐ', 'qd' → 'QD')."""
    return fold(value).replace("&", "").replace(" ", "").upper()


class ShortForm:
    """When a bare number after a type word counts as a reference."""

    ALWAYS = "always"  # Nghị định 167
    IN_CONTEXT = "in_context"  # Công văn 41 của …, not "kế hoạch 5 năm"
    WITH_SO = "with_so"  # only "Thông báo số 12"
    NEVER = "never"


@dataclass(frozen=True)
class TypeEntry:
    name: str
    code: str = ""
    words: tuple[str, ...] = ()
    kind: str = "normative"
    short_form: str = "with_so"  # always | with_so | never
    joint: bool = False
    generic_words: tuple[str, ...] = ()
    code_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgencyEntry:
    abbreviation: str
    name: str
    central: bool = True


@dataclass
class Vocabulary:
    types: list[TypeEntry]
    agencies: list[AgencyEntry]
    judicial_case_types: frozenset[str] = frozenset()
    judicial_stages: frozenset[str] = frozenset()
    judicial_fused: frozenset[str] = frozenset()
    agency_aliases: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self.type_by_code = {code_key(t.code): t for t in self.types if t.code}
        for entry in self.types:
            for alias in entry.code_aliases:
                self.type_by_code.setdefault(code_key(alias), entry)
        self.type_by_name = {t.name.lower(): t for t in self.types}
        self.type_by_word: dict[str, TypeEntry] = {}
        for entry in self.types:
            for word in (entry.name, *entry.words, *entry.generic_words):
                self.type_by_word.setdefault(word.lower(), entry)
        self.generic_words = {w for t in self.types for w in t.generic_words}
        self.agency_by_key = {code_key(a.abbreviation): a for a in self.agencies}
        for alias, abbreviation in self.agency_aliases.items():
            agency = self.agency_by_key.get(code_key(abbreviation))
            if agency:
                self.agency_by_key.setdefault(code_key(alias), agency)
        # Longest first, so "thông tư liên tịch" wins over "thông tư".
        self.type_words = sorted(self.type_by_word, key=len, reverse=True)

    # -- look-ups -----------------------------------------------------------------------------

    def type_for_code(self, code: str) -> TypeEntry | None:
        return self.type_by_code.get(code_key(code))

    def type_for_word(self, word: str) -> TypeEntry | None:
        return self.type_by_word.get(" ".join(word.lower().split()))

    def is_generic_word(self, word: str) -> bool:
        """'văn bản': says a document is meant, not which type."""
        return " ".join(word.lower().split()) in self.generic_words

    def type_named(self, name: str) -> TypeEntry | None:
        return self.type_by_name.get(name.lower())

    def agency_for(self, part: str) -> tuple[AgencyEntry | None, str]:
        """The agency an issuer part names and its canonical spelling ('QH 14' → QH, 'QH14')."""
        compact = part.replace(" ", "")
        agency = self.agency_by_key.get(code_key(compact))
        if agency:
            return agency, agency.abbreviation
        match = _TRAILING_DIGITS.match(compact)
        if match and match.group(1):
            agency = self.agency_by_key.get(code_key(match.group(1)))
            if agency:
                return agency, agency.abbreviation + match.group(2)
        return None, compact

    def merge_split_agencies(self, parts: list[str]) -> list[str]:
        """'BGD', 'ĐT' → 'BGDĐT': some writers put a '-' inside a ministry's abbreviation."""
        merged, i = [], 0
        while i < len(parts):
            for width in (3, 2):
                group = parts[i : i + width]
                if len(group) == width and code_key("".join(group)) in self.agency_by_key:
                    if code_key(group[0]) not in self.agency_by_key:
                        merged.append("".join(group))
                        i += width
                        break
            else:
                merged.append(parts[i])
                i += 1
        return merged

    def split_fused(self, parts: list[str]) -> list[str]:
        """'QĐTTg' → 'QĐ', 'TTg': a type code glued to a known issuer."""
        out = []
        for part in parts:
            for size in (4, 3, 2):
                head, tail = part[:size], part[size:]
                if (
                    tail
                    and self.type_for_code(head)
                    and self.agency_for(tail)[0] is not None
                    and self.type_for_code(part) is None
                    and self.agency_for(part)[0] is None
                ):
                    out += [head, tail]
                    break
            else:
                out.append(part)
        return out

    def canonical_part(self, part: str) -> str:
        """Canonical spelling of one symbol part: a known type code or agency, else as written
        without spaces (upper-cased when it was typed all in lower case)."""
        compact = part.replace(" ", "")
        entry = self.type_for_code(compact)
        if entry:
            return entry.code if code_key(entry.code) == code_key(compact) else compact.upper()
        agency, spelled = self.agency_for(compact)
        if agency:
            return spelled
        return compact.upper() if compact == compact.lower() else compact

    def is_judicial_part(self, part: str) -> bool:
        """A stage code (ST, PT, GĐT…) or a fused case code (HSST, QĐPT…)."""
        key = code_key(part)
        return key in self.judicial_fused or key in self.judicial_stages

    def is_judicial_symbol(self, parts: list[str]) -> bool:
        """Court numbering: a fused case code anywhere, or a stage code that is not the
        document type itself (TT is a stage — tái thẩm — but first it means Thông tư)."""
        for index, part in enumerate(parts):
            key = code_key(part)
            if key in self.judicial_fused:
                return True
            if key in self.judicial_stages and (index > 0 or self.type_for_code(part) is None):
                return True
        return False

    def code_is_fused_judicial(self, part: str) -> bool:
        return code_key(part) in self.judicial_fused

    def is_judicial_case_type(self, part: str) -> bool:
        return code_key(part) in self.judicial_case_types

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_rows(cls, type_rows, agency_rows, judicial: dict) -> Vocabulary:
        types = [
            TypeEntry(
                name=row["name"],
                code=row.get("code", ""),
                words=tuple(w.lower() for w in row.get("words", [])),
                kind=row.get("kind", "normative"),
                short_form=row.get("short_form", "with_so"),
                joint=bool(row.get("joint", False)),
                generic_words=tuple(w.lower() for w in row.get("generic_words", [])),
                code_aliases=tuple(row.get("code_aliases", [])),
            )
            for row in type_rows
        ]
        agencies, aliases = [], {}
        for row in agency_rows:
            agencies.append(
                AgencyEntry(row["abbreviation"], row["name"], bool(row.get("central", True)))
            )
            for alias in row.get("aliases", []):
                aliases[alias] = row["abbreviation"]
        return cls(
            types=types,
            agencies=agencies,
            judicial_case_types=frozenset(code_key(c) for c in judicial.get("case_types", [])),
            judicial_stages=frozenset(code_key(c) for c in judicial.get("stages", [])),
            judicial_fused=frozenset(code_key(c) for c in judicial.get("fused", [])),
            agency_aliases=aliases,
        )

    @classmethod
    def from_files(cls, data_dir: Path = DATA_DIR) -> Vocabulary:
        return cls.from_rows(
            load_json("document_types.json", data_dir),
            load_json("agencies.json", data_dir),
            load_json("judicial_codes.json", data_dir),
        )

    @classmethod
    def from_database(cls) -> Vocabulary | None:
        """The tables as edited in the admin; None when they are empty or unreachable."""
        from django.db import DatabaseError

        from cong.legal.models import Agency, DocumentType

        try:
            type_rows = [t.as_vocabulary_row() for t in DocumentType.objects.all()]
            agency_rows = [a.as_vocabulary_row() for a in Agency.objects.all()]
        except DatabaseError:
            return None
        if not type_rows:
            return None
        return cls.from_rows(type_rows, agency_rows, load_json("judicial_codes.json"))


def load_json(name: str, data_dir: Path = DATA_DIR):
    with open(data_dir / name, encoding="utf-8") as handle:
        return json.load(handle)


_cache_lock = threading.Lock()
_cached: tuple[float, Vocabulary] | None = None
CACHE_SECONDS = 300


def get_vocabulary() -> Vocabulary:
    """The current vocabulary, from the database if it has one, cached for a few minutes
    (and dropped at once when a type or agency is saved in this process)."""
    global _cached
    now = time.monotonic()
    with _cache_lock:
        if _cached and now - _cached[0] < CACHE_SECONDS:
            return _cached[1]
    vocabulary = Vocabulary.from_database() or file_vocabulary()
    with _cache_lock:
        _cached = (now, vocabulary)
    return vocabulary


def clear_vocabulary_cache(**_kwargs) -> None:
    global _cached
    with _cache_lock:
        _cached = None


_file_vocabulary: Vocabulary | None = None


def file_vocabulary() -> Vocabulary:
    global _file_vocabulary
    if _file_vocabulary is None:
        _file_vocabulary = Vocabulary.from_files()
    return _file_vocabulary
