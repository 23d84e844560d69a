"""Finding a document by its number typed any way: "06/2013/QĐ-TTg", "06/2013/qd-ttg",
"06-2013-qd-ttg", "quyet dinh 06 2013", "QĐ 06/2013".

API (also for cong.search):
    normalise_number_query(text) -> list[NumberQuery]   # [] when the text is not a number
    find_documents_by_number(text, queryset=None) -> QuerySet[Document] | None
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q

from cong.core.text import fold, nfc
from cong.legal.numbers import NumberError, parse_number
from cong.legal.vocabulary import Vocabulary, code_key, get_vocabulary

_TOKEN = re.compile(r"[a-z&]+|\d+")
_FIRST_YEAR, _LAST_YEAR = 1945, 2035


@dataclass(frozen=True)
class NumberQuery:
    """One reading of a query as a document number. Fields left None match anything."""

    key: str | None = None  # the exact lookup key, when the text was a whole number
    seq: int | None = None
    year: int | None = None
    type_name: str | None = None
    issuer: str | None = None  # an abbreviation as it appears in numbers, e.g. TTg

    def as_q(self) -> Q:
        if self.key:
            return Q(number_key=self.key)
        condition = Q()
        if self.seq is not None:
            condition &= Q(seq=self.seq)
        if self.year is not None:
            condition &= Q(year=self.year)
        if self.type_name:
            condition &= Q(document_type__name=self.type_name)
        if self.issuer:
            issuer = fold(self.issuer).lower()
            condition &= Q(number_key__endswith=f"-{issuer}") | Q(
                number_key__contains=f"-{issuer}-"
            )
        return condition


def normalise_number_query(text: str, vocabulary: Vocabulary | None = None) -> list[NumberQuery]:
    """The readings of `text` as a document number, best first; [] if it holds no number."""
    vocabulary = vocabulary or get_vocabulary()
    text = nfc(text or "").strip()
    if not text or not re.search(r"\d", text):
        return []
    readings: list[NumberQuery] = []
    try:
        readings.append(NumberQuery(key=parse_number(text, vocabulary).key))
    except NumberError:
        pass
    tokens = _TOKEN.findall(fold(text).lower())
    type_name, tokens = _take_type(tokens, vocabulary)
    numbers = [t for t in tokens if t.isdigit()]
    words = [t for t in tokens if not t.isdigit()]
    if not numbers or len(numbers) > 2:
        return readings
    issuer = _issuer(words, vocabulary)
    if words and issuer is None and type_name is None:
        return readings  # words we cannot read as a type or an issuer: not a number query
    seq = int(numbers[0])
    year = int(numbers[1]) if len(numbers) == 2 and _is_year(numbers[1]) else None
    if len(numbers) == 2 and year is None:
        return readings
    readings.append(NumberQuery(seq=seq, year=year, type_name=type_name, issuer=issuer))
    if len(numbers) == 1 and _is_year(numbers[0]) and type_name:
        readings.append(NumberQuery(year=seq, type_name=type_name, issuer=issuer))
    return readings


def _take_type(tokens: list[str], vocabulary: Vocabulary) -> tuple[str | None, list[str]]:
    folded_words = sorted(
        ((fold(w).lower().split(), entry) for w, entry in vocabulary.type_by_word.items()),
        key=lambda item: -len(item[0]),
    )
    for words, entry in folded_words:
        n = len(words)
        for i in range(len(tokens) - n + 1):
            if tokens[i : i + n] == words and not vocabulary.is_generic_word(" ".join(words)):
                return entry.name, tokens[:i] + tokens[i + n :]
    for i, token in enumerate(tokens):
        entry = vocabulary.type_for_code(token) if not token.isdigit() else None
        if entry and entry.code:
            return entry.name, tokens[:i] + tokens[i + 1 :]
    return None, tokens


def _issuer(words: list[str], vocabulary: Vocabulary) -> str | None:
    for word in words:
        if word in {"so", "va", "cua", "nam"}:
            continue
        agency, spelled = vocabulary.agency_for(word)
        if agency:
            return spelled
    unknown = [w for w in words if w not in {"so", "va", "cua", "nam"}]
    if len(unknown) == 1 and 2 <= len(unknown[0]) <= 12:
        return code_key(unknown[0])
    return None


def _is_year(token: str) -> bool:
    return len(token) == 4 and _FIRST_YEAR <= int(token) <= _LAST_YEAR


def find_documents_by_number(text: str, queryset=None):
    """Documents whose number matches `text` however it was typed; None when `text` is not a
    number (the caller then searches the text instead)."""
    from cong.legal.models import Document

    readings = normalise_number_query(text)
    if not readings:
        return None
    queryset = queryset if queryset is not None else Document.objects.all()
    exact = [r for r in readings if r.key]
    if exact:
        found = queryset.filter(exact[0].as_q())
        if found.exists():
            return found
    condition = Q()
    for reading in readings:
        if not reading.key:
            condition |= reading.as_q()
    if not condition:
        return queryset.none()
    return queryset.filter(condition)
