"""Document numbers ("số, ký hiệu"): parsing, canonical form, lookup keys and slugs.

Forms (Decree 30/2020/NĐ-CP and the Law on Legal Documents):
- normative: sequence/year/TYPE-ISSUER — 06/2013/QĐ-TTg, 42/2022/NĐ-CP, 59/2020/QH14,
  39/2015/TTLT-BTC-BYT (joint: several issuers);
- administrative: sequence/TYPE-ISSUER or sequence/ISSUER-DEPARTMENT (a công văn) —
  6085/QĐ-BYT, 1234/VPCP-KGVX; numbering restarts every year, so the year comes from the date;
- party: sequence-TYPE/ISSUER — 28-NQ/TW;
- judicial: court numbers with a case-type/stage code — 11/2018/HSST, 29/2018/HS-ST.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from cong.core.text import fold, nfc
from cong.legal.vocabulary import Vocabulary, get_vocabulary

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_DASH_RE = re.compile(f"[{DASHES}]")
_SEQ_RE = re.compile(r"^\d{1,6}(?:\.\d{1,2})?[a-z]?$")
_PART_RE = re.compile(r"^[A-Za-zĐđ&]+\d{0,3}$")
FIRST_YEAR = 1945

KIND_NORMATIVE = "normative"
KIND_ADMINISTRATIVE = "administrative"
KIND_JUDICIAL = "judicial"


class NumberError(ValueError):
    """A document number that cannot be read; the message says what is wrong."""


@dataclass(frozen=True)
class DocumentNumber:
    seq: str
    year: int | None = None
    parts: tuple[str, ...] = ()
    type_code: str | None = None
    type_name: str | None = None
    issuers: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    form: str = "normative"  # normative | administrative | party | short
    kind: str | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        symbol = "-".join(self.parts)
        if self.form == "party":
            return f"{self.seq}-{self.parts[0]}/{'-'.join(self.parts[1:])}"
        pieces = [self.seq]
        if self.year:
            pieces.append(str(self.year))
        if symbol:
            pieces.append(symbol)
        return "/".join(pieces)

    def __str__(self):
        return self.text

    @property
    def seq_int(self) -> int:
        return int(re.match(r"\d+", self.seq).group())

    @property
    def issuer(self) -> str | None:
        return "-".join(self.issuers) or None

    @property
    def key(self) -> str:
        return number_key(self.text)

    @property
    def slug(self) -> str:
        return number_slug(self.text)


def number_slug(number: str) -> str:
    """URL form of a number: '06/2013/QĐ-TTg' → '06-2013-qd-ttg'."""
    text = fold(nfc(number)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text)
    return text.strip("-")


def number_key(number: str) -> str:
    """Lookup key: the slug without leading zeros in the sequence ('06/2013/QĐ-TTg' and
    '6/2013/qd-ttg' are the same document)."""
    return key_from_slug(number_slug(number))


def key_from_slug(slug: str) -> str:
    slug = slug.lower().strip("-")
    return re.sub(r"^0+(?=\d)", "", slug)


def classify(
    seq: str,
    year: int | None,
    raw_parts: list[str],
    vocabulary: Vocabulary,
    *,
    party: bool = False,
    strict: bool = False,
    original: str = "",
) -> DocumentNumber:
    """Turn the pieces of a number into a DocumentNumber: type, issuers, kind, canonical parts.

    With strict=True, raise NumberError for what a well-formed number cannot contain."""
    parts = vocabulary.split_fused(vocabulary.merge_split_agencies(raw_parts))
    parts = [vocabulary.canonical_part(p) for p in parts]
    judicial = vocabulary.is_judicial_symbol(parts)
    type_entry = vocabulary.type_for_code(parts[0]) if parts else None
    rest = parts[1:] if type_entry else parts
    type_code = type_entry.code if type_entry else None
    type_name = type_entry.name if type_entry else None
    issuers: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    if judicial:
        kind = KIND_JUDICIAL
        if type_entry is None:
            type_name = "Quyết định" if any(p.upper().startswith("QĐ") for p in parts) else "Bản án"
    else:
        if type_entry and type_entry.joint:
            issuers = tuple(rest)
        else:
            issuers, departments = tuple(rest[:1]), tuple(rest[1:])
        if year and not party:
            kind = KIND_NORMATIVE
        else:
            kind = KIND_ADMINISTRATIVE
        if not type_entry and not year and parts:
            type_name = "Công văn"
    form = "party" if party else ("normative" if year else "administrative")
    if strict:
        _check(original, seq, year, parts, type_entry, issuers, judicial, vocabulary, party)
    return DocumentNumber(
        seq=seq,
        year=year,
        parts=tuple(parts),
        type_code=type_code,
        type_name=type_name,
        issuers=issuers,
        departments=departments,
        form=form,
        kind=kind,
    )


def _check(original, seq, year, parts, type_entry, issuers, judicial, vocabulary, party):
    if not parts:
        raise NumberError(
            _("'%(number)s' has no symbol after the '/' (e.g. QĐ-TTg).") % {"number": original}
        )
    if judicial:
        return
    if type_entry and not issuers:
        raise NumberError(
            _(
                "'%(number)s': the symbol names the type (%(code)s) but not the issuing body, "
                "e.g. %(code)s-TTg."
            )
            % {"number": original, "code": type_entry.code}
        )
    if type_entry and type_entry.joint and len(issuers) < 2:
        raise NumberError(
            _(
                "'%(number)s': a joint document (%(code)s) is issued by at least two bodies, "
                "e.g. %(code)s-BTC-BYT."
            )
            % {"number": original, "code": type_entry.code}
        )
    if year and not type_entry and not party:
        agency, spelled = vocabulary.agency_for(parts[0])
        if agency is None or spelled == agency.abbreviation:
            raise NumberError(
                _(
                    "'%(number)s': '%(part)s' is not a known document type. A normative "
                    "number is sequence/year/TYPE-ISSUER (06/2013/QĐ-TTg) or, for laws and "
                    "resolutions of the National Assembly, sequence/year/QH14."
                )
                % {"number": original, "part": parts[0]}
            )


def normalise_spacing(text: str) -> str:
    """Spaces around separators and inside digit groups removed: '30/2 013 / NĐ - CP' →
    '30/2013/NĐ-CP', 'UBTVQH 14' → 'UBTVQH14'."""
    text = _DASH_RE.sub("-", nfc(text)).strip()
    text = re.sub(r"\s*([/\-])\s*", r"\1", text)
    text = re.sub(r"(?<=\d)\s+(?=\d)", "", text)
    text = re.sub(r"(?<=[A-Za-zĐđ])\s+(?=\d)", "", text)
    return text


def parse_number(text: str, vocabulary: Vocabulary | None = None) -> DocumentNumber:
    """Parse one document number as typed (any case, spaced or not); NumberError if malformed."""
    vocabulary = vocabulary or get_vocabulary()
    original = (text or "").strip()
    if not original:
        raise NumberError(_("The document number is empty."))
    compact = normalise_spacing(original)
    if " " in compact:
        raise NumberError(
            _("'%(number)s' contains a space where a '/' or '-' was expected.")
            % {"number": original}
        )
    party = re.match(r"^(\d+)-([A-Za-zĐđ]+)/(.+)$", compact)
    if party and vocabulary.type_for_code(party.group(2)):
        seq, parts, year = party.group(1), [party.group(2), *party.group(3).split("-")], None
        _check_parts(original, parts)
        return classify(seq, None, parts, vocabulary, party=True, strict=True, original=original)
    pieces = compact.split("/")
    if len(pieces) == 1:
        raise NumberError(
            _(
                "'%(number)s' has no '/': a number is sequence/year/symbol "
                "(06/2013/QĐ-TTg) or sequence/symbol (6085/QĐ-BYT)."
            )
            % {"number": original}
        )
    if len(pieces) > 3:
        raise NumberError(
            _("'%(number)s' has too many '/': at most sequence/year/symbol.") % {"number": original}
        )
    seq = pieces[0]
    if not seq:
        raise NumberError(
            _("'%(number)s' has no sequence number before the '/'.") % {"number": original}
        )
    if not _SEQ_RE.match(seq):
        raise NumberError(
            _("'%(number)s': the sequence number '%(seq)s' must be digits.")
            % {"number": original, "seq": seq}
        )
    if int(re.match(r"\d+", seq).group()) == 0:
        raise NumberError(
            _("'%(number)s': the sequence number cannot be 0.") % {"number": original}
        )
    year = None
    if len(pieces) == 3:
        year = _check_year(original, pieces[1])
    symbol = pieces[-1]
    if not symbol:
        raise NumberError(
            _("'%(number)s' has no symbol after the last '/' (e.g. QĐ-TTg).") % {"number": original}
        )
    if symbol.isdigit():
        if len(pieces) == 2 and len(symbol) == 4:
            raise NumberError(
                _(
                    "'%(number)s' has a year but no symbol: write sequence/year/symbol, "
                    "e.g. %(seq)s/%(year)s/NĐ-CP."
                )
                % {"number": original, "seq": seq, "year": symbol}
            )
        raise NumberError(
            _("'%(number)s': '%(symbol)s' is not a symbol (letters such as QĐ-TTg).")
            % {"number": original, "symbol": symbol}
        )
    parts = symbol.split("-")
    _check_parts(original, parts)
    return classify(seq, year, parts, vocabulary, strict=True, original=original)


def _check_year(original: str, value: str) -> int:
    latest = timezone.localdate().year + 1
    if not value.isdigit() or len(value) != 4 or not FIRST_YEAR <= int(value) <= latest:
        raise NumberError(
            _(
                "'%(number)s': '%(year)s' is not a year; expected four digits between "
                "%(first)s and %(last)s."
            )
            % {"number": original, "year": value, "first": FIRST_YEAR, "last": latest}
        )
    return int(value)


def _check_parts(original: str, parts: list[str]) -> None:
    for part in parts:
        if not part:
            raise NumberError(
                _(
                    "'%(number)s': the symbol has an empty part (two '-' in a row or a '-' at "
                    "an end)."
                )
                % {"number": original}
            )
        if not _PART_RE.match(part):
            bad = "".join(sorted({c for c in part if not (c.isalnum() or c == "&")})) or part
            raise NumberError(
                _(
                    "'%(number)s': '%(part)s' cannot be part of a symbol (%(bad)s); use "
                    "letters, then digits, separated by '-'."
                )
                % {"number": original, "part": part, "bad": bad}
            )


def try_parse_number(text: str, vocabulary: Vocabulary | None = None) -> DocumentNumber | None:
    try:
        return parse_number(text, vocabulary)
    except NumberError:
        return None
