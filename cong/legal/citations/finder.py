"""Find references to legal documents in running text.

A reference is a document number, with what stands next to it:
  [điểm e khoản 2 Điều 5 (của)] [Nghị định (số)] 46/2016/NĐ-CP
It may be spaced the way word-segmented text spaces it ("số 12 / QĐ - UBND", "30/2 013 / NĐ -
CP"), be administrative (6085/QĐ-BYT), party (28-NQ/TW) or judicial (11/2018/HSST), or be a
short form after a type word ("Nghị định 167", "quyết định 09-2017", "Nghị định 96 năm 2014").

The finder scans forward from each digit run (the number's own grammar) and looks back for
the context ("số", a type word, a provision chain). Context decides the weak cases: a bare
"12/QĐ" or a short "Thông báo 5" only count next to a word that says a document is meant.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from cong.legal.numbers import (
    KIND_ADMINISTRATIVE,
    KIND_JUDICIAL,
    KIND_NORMATIVE,
    DocumentNumber,
    classify,
    number_key,
)
from cong.legal.vocabulary import ShortForm, TypeEntry, Vocabulary, get_vocabulary

# One-for-one substitutions, so offsets in the working copy are offsets in the text.
_WORKING = str.maketrans(
    {
        "Ð": "Đ",
        "ð": "đ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
    }
)

_DIGITS = re.compile(r"\d+")
_SEQ = re.compile(r"\d{1,5}")
_SEQ_DECIMAL = re.compile(r"\.\d{1,2}(?=\s?/)")
_YEAR = re.compile(r"\d(?: ?\d){3}(?!\d)")
_PART = re.compile(r"[A-ZĐ][A-Za-zĐđ&]{0,11}")
_PART_DIGITS = re.compile(r"\d{1,3}(?!\d)")
_PART_SPACED_DIGITS = re.compile(r" (\d{1,2})(?![\w])")
_DASH_SEP = re.compile(r" ?- ?")
_LOOSE_CODE = re.compile(r" ([A-ZĐ]{2,4}) ?- ?[A-ZĐ]")
_DOT_SEP = re.compile(r"\.(?=[A-ZĐ]{2})|\. (?=[A-ZĐ]{2,}[A-Za-zĐđ]* ?- ?[A-ZĐ])")
_LETTER_THEN_SPACED = re.compile(r" (?=[A-ZĐ]{2,}[^\w]|[A-ZĐ]{2,}$)")
_SLASH_SEP = re.compile(r" {0,2}/ {0,2}")
_SLASH_PART_SEP = re.compile(r" ?/ ?(?=[A-ZĐ]{2,}[A-Za-zĐđ&]*(?:[^\w/]|$))")
_SO_BEFORE = re.compile(r"(?<!\w)[sS][ốỐ] {0,2}:? {0,2}$")
_STANDARD_BEFORE = re.compile(r"(?:QCVN|TCVN)[\s\d.\-]*:\s?\d?\s?$")
_CODE_BEFORE = re.compile(r"(?<![\w])([A-ZĐ]{2,4})$")
_GLUED_WORD = re.compile(
    r"[A-ZĐ][a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]"
)
_WORD_LIKE = re.compile(r"^[A-ZĐ][a-zđ]+$")
_CLAUSE_BREAK = re.compile(r"[,;:()\"“”\[\]\n!?]|\.\s|\d")

_PROVISIONS = re.compile(
    r"(?i)(?<!\w)(?:"
    r"(?:điểm\s+(?P<point>[a-zđ])(?![\w])(?:\s*(?:,|và)\s*[a-zđ](?![\w]))*\s*,?\s*)?"
    r"(?:khoản\s+(?P<clause>\d{1,3})(?:\s*(?:,|và)\s*\d{1,3})*\s*,?\s*)?"
    r"(?:điều\s+(?P<article>\d{1,4}[a-z]?)(?:\s*(?:,|và)\s*\d{1,4}[a-z]?)*\s*,?\s*)?"
    r"|"
    r"(?:điều\s+(?P<article2>\d{1,4}[a-z]?)\s*,?\s*)(?:khoản\s+(?P<clause2>\d{1,3})\s*,?\s*)"
    r")(?:(?:của|tại|thuộc)\s+)?$"
)

# Words that make a number after a type word a count, an amount or a duration, not a number.
UNIT_WORDS = frozenset(
    "tỉ tỷ triệu nghìn ngàn trăm đồng usd ghế người lần% tuổi giờ phút giây km m ha tấn kg "
    "hộ căn chiếc cái con suất trang điểm% phần lượt vụ đơn ca học sinh".split()
)
_LUAT_NOT_PRECEDED_BY = frozenset("kỷ pháp quy định giới hiến luật thủ".split())
_LUAT_NOT_FOLLOWED_BY = frozenset("sư gia lệ chơi học".split())
_FIRST_YEAR, _LAST_YEAR = 1945, 2035
_MAX_WORDS_TO_SO = 10
_MAX_WORDS_TO_SO_SHORT = 2
_QUOTE_THEN_LOWER = re.compile(r"\s*[\"“”] [a-zđ]")
_DOCUMENT_FOLLOWERS = re.compile(
    r"(?:\s*$|\s*[,.;:?(]|\s(?:của|về|do|đã|nêu|được|là|có|không|như|chủ yếu|"
    r"triển khai|hướng dẫn|giải thích|quy định|ngày \d|và (?:số )?\d))"
)


@dataclass
class Reference:
    start: int
    end: int
    span: str
    number: str
    seq: str
    year: int | None
    type: str | None
    issuer: str | None
    type_word: str | None
    article: str | None
    clause: str | None
    point: str | None
    kind: str | None
    form: str = "normative"  # normative | administrative | party | short
    key: str = ""

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("form")
        data.pop("key")
        return data

    @property
    def is_short(self) -> bool:
        return self.form == "short"


@dataclass
class _Context:
    start: int  # where the reference's span starts (type word or number)
    type_entry: TypeEntry | None = None
    type_word: str | None = None
    adjacent: bool = False
    has_so: bool = False
    words_between: int = 0


@dataclass
class _Scan:
    seq_start: int
    seq: str
    end: int
    year: int | None = None
    parts: list[str] | None = None
    party: bool = False
    loose: bool = False


def find_references(text: str, vocabulary: Vocabulary | None = None) -> list[Reference]:
    """Every reference in `text` (NFC), in order, with character offsets into `text`."""
    return _Finder(text, vocabulary or get_vocabulary()).run()


class _Finder:
    def __init__(self, text: str, vocabulary: Vocabulary):
        self.original = text
        self.text = text.translate(_WORKING)
        self.lower = self.text.lower()
        self.vocabulary = vocabulary
        self.references: list[Reference] = []

    def run(self) -> list[Reference]:
        position = 0
        for match in _DIGITS.finditer(self.text):
            if match.start() < position:
                continue
            reference = self._reference_at(match.start())
            if reference:
                self.references.append(reference)
                position = reference.end
                position = self._continue_list(reference, position)
        return self.references

    # -- one candidate ------------------------------------------------------------------------

    def _reference_at(self, i: int) -> Reference | None:
        if not self._clean_left_edge(i):
            return None
        context = self._context_before(i)
        scan = self._scan_full(i, allow_split=context.adjacent)
        if scan and scan.parts:
            if not self._accept_full(scan, context):
                return None
            return self._full_reference(scan, context)
        if context.type_entry and (context.adjacent or context.has_so):
            return self._short_reference(i, context)
        return None

    def _clean_left_edge(self, i: int) -> bool:
        if i == 0:
            return True
        before = self.text[i - 1]
        if before.isalnum() or before in "-./,&_":
            return False
        if before == ":" and not _SO_BEFORE.search(self.text[max(0, i - 6) : i]):
            return False
        return not _STANDARD_BEFORE.search(self.text[max(0, i - 24) : i])

    def _accept_full(self, scan: _Scan, context: _Context) -> bool:
        if scan.party:
            return bool(self.vocabulary.type_for_code(scan.parts[0]))
        if scan.loose:
            return bool(context.type_entry or context.has_so)
        if scan.year:
            return True
        if context.type_entry or context.has_so:
            return True
        if len(scan.parts) >= 2:
            first = scan.parts[0]
            agency, _ = self.vocabulary.agency_for(first)
            return bool(self.vocabulary.type_for_code(first) or agency)
        return False

    # -- scanning the number itself -----------------------------------------------------------

    def _scan_full(self, i: int, allow_split: bool) -> _Scan | None:
        text = self.text
        seq_match = _SEQ.match(text, i)
        seq, k = seq_match.group(), seq_match.end()
        if allow_split and len(seq) <= 2 and text[k : k + 1] == " ":
            split = _SEQ.match(text, k + 1)
            if split and len(seq) + len(split.group()) <= 4:
                rest = self._scan_after_seq(split.end())
                if rest and rest.parts:
                    rest.seq, rest.seq_start = seq + split.group(), i
                    return rest
        decimal = _SEQ_DECIMAL.match(text, k)
        if decimal:
            seq, k = seq + decimal.group(), decimal.end()
        scan = self._scan_after_seq(k)
        if scan:
            scan.seq, scan.seq_start = seq, i
        return scan

    def _scan_after_seq(self, k: int) -> _Scan | None:
        text = self.text
        slash = _SLASH_SEP.match(text, k)
        if slash:
            j = slash.end()
            year, after_year = self._year_at(j)
            if year:
                symbol = self._symbol_after_year(after_year)
                if symbol:
                    return _Scan(0, "", symbol[1], year=year, parts=symbol[0])
                return _Scan(0, "", after_year, year=year)
            symbol = self._scan_symbol(j)
            if symbol:
                return _Scan(0, "", symbol[1], parts=symbol[0])
            return None
        loose = _LOOSE_CODE.match(text, k)
        if loose and self.vocabulary.type_for_code(loose.group(1)):
            # "Nghị quyết số 54 NQ - CP": the '/' lost in word segmentation.
            symbol = self._scan_symbol(k + 1)
            if symbol and len(symbol[0]) >= 2:
                return _Scan(0, "", symbol[1], parts=symbol[0], loose=True)
        dash = _DASH_SEP.match(text, k)
        if dash:
            j = dash.end()
            year, after_year = self._year_at(j)
            if year:
                symbol = self._symbol_after_year(after_year)
                if symbol:
                    return _Scan(0, "", symbol[1], year=year, parts=symbol[0])
                return _Scan(0, "", after_year, year=year) if len(text[k:j].strip()) == 1 else None
            code = _PART.match(text, j)
            if code and self.vocabulary.type_for_code(code.group()):
                slash2 = _SLASH_SEP.match(text, code.end())
                if slash2:
                    issuers = self._scan_symbol(slash2.end())
                    if issuers:
                        return _Scan(
                            0, "", issuers[1], parts=[code.group(), *issuers[0]], party=True
                        )
        return None

    def _symbol_after_year(self, k: int) -> tuple[list[str], int] | None:
        """The symbol after a year: '/NĐ-CP', or '-QĐ-UBND' when a type code follows the dash."""
        slash = _SLASH_SEP.match(self.text, k)
        if slash:
            return self._scan_symbol(slash.end())
        dash = _DASH_SEP.match(self.text, k)
        start = dash.end() if dash else k  # "79/2009-QĐ-UBND", "21/2017TT-BCT"
        code = _PART.match(self.text, start)
        if code and self.vocabulary.type_for_code(code.group()):
            if dash or _DASH_SEP.match(self.text, code.end()):
                return self._scan_symbol(start)
        return None

    def _year_at(self, j: int) -> tuple[int | None, int]:
        match = _YEAR.match(self.text, j)
        if not match or match.group().count(" ") > 1:
            return None, j
        year = int(match.group().replace(" ", ""))
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            return None, j
        return year, match.end()

    def _scan_symbol(self, k: int) -> tuple[list[str], int] | None:
        text, parts, end = self.text, [], k
        while True:
            match = _PART.match(text, k)
            if not match:
                break
            part, e = match.group(), match.end()
            if len(part) == 1 and _LETTER_THEN_SPACED.match(text, e):
                # "TT-B GD-ĐT": a word-segmenter split inside an abbreviation.
                rest = _PART.match(text, e + 1)
                part, e = part + rest.group(), rest.end()
            digits = _PART_DIGITS.match(text, e)
            if digits:
                part, e = part + digits.group(), digits.end()
            elif part.isupper() and len(part) <= 7:
                spaced = _PART_SPACED_DIGITS.match(text, e)
                if spaced and not self._unit_word_after(spaced.end()):
                    part, e = part + spaced.group(1), spaced.end()
            if e < len(text) and (text[e].isalnum() or text[e] == "_"):
                break
            if not self._plausible_part(part, e):
                break
            parts.append(part)
            end = e
            separator = _DASH_SEP.match(text, e) or _DOT_SEP.match(text, e)
            if not separator:
                # "58 / TTLT / BCT - BKHCN", "529/2016/TB-DXG/PKD": a '/' inside the symbol.
                separator = _SLASH_PART_SEP.match(text, e)
            if not separator:
                break
            k = separator.end()
        return (parts, end) if parts else None

    def _plausible_part(self, part: str, end: int) -> bool:
        letters = re.sub(r"\d+$", "", part)
        lowercase = sum(1 for c in letters if c.islower())
        if lowercase > 2:
            return False
        if _WORD_LIKE.match(letters) and not self.vocabulary.type_for_code(letters):
            agency, _ = self.vocabulary.agency_for(letters)
            return bool(agency)
        return True

    def _unit_word_after(self, k: int) -> bool:
        word = re.match(r" ?([^\W\d]+|%)", self.lower[k : k + 12])
        return bool(word and word.group(1) in UNIT_WORDS)

    # -- what stands before the number --------------------------------------------------------

    def _context_before(self, i: int) -> _Context:
        j = self._skip_spaces_back(i)
        context = _Context(start=i)
        so = _SO_BEFORE.search(self.text[max(0, j - 8) : j])
        if so:
            context.has_so = True
            j = self._skip_spaces_back(j - (len(so.group())))
        found = self._type_word_ending_at(j)
        if not found and context.has_so:
            found = self._type_code_ending_at(j)
        if found:
            context.type_entry, context.type_word, context.start = found
            context.adjacent = True
        elif context.has_so:
            distant = self._distant_type_word(j)
            if distant:
                context.type_entry, context.type_word, context.start = distant
                context.words_between = len(self.text[distant[2] + len(distant[1]) : j].split())
        return context

    def _skip_spaces_back(self, j: int) -> int:
        while j > 0 and self.text[j - 1] == " ":
            j -= 1
        return j

    def _type_word_ending_at(self, j: int) -> tuple[TypeEntry, str, int] | None:
        window = self.lower[max(0, j - 24) : j]
        for word in self.vocabulary.type_words:
            if not window.endswith(word):
                continue
            start = j - len(word)
            if start > 0 and self.lower[start - 1].isalnum():
                continue
            if not self._type_word_allowed(word, start, j):
                continue
            return self.vocabulary.type_for_word(word), self.original[start:j], start
        return None

    def _type_code_ending_at(self, j: int) -> tuple[TypeEntry, str, int] | None:
        """'QĐ số 5239/QĐ-BYT', 'HĐ số 010/…': an abbreviated type before "số"."""
        match = _CODE_BEFORE.search(self.text, max(0, j - 6), j)
        if not match:
            return None
        entry = self.vocabulary.type_for_code(match.group(1))
        if entry is None or match.group(1) != match.group(1).upper():
            return None
        return entry, self.original[match.start(1) : j], match.start(1)

    def _type_word_allowed(self, word: str, start: int, end: int) -> bool:
        if word == "luật":
            previous = self.lower[max(0, start - 8) : start].split()
            if previous and previous[-1] in _LUAT_NOT_PRECEDED_BY:
                return False
            following = self.lower[end : end + 6].split()
            if following and following[0] in _LUAT_NOT_FOLLOWED_BY:
                return False
        return True

    def _distant_type_word(self, j: int) -> tuple[TypeEntry, str, int] | None:
        """'Quyết định xử phạt vi phạm hành chính số …': the nearest type word, a few plain
        words before "số", in the same clause."""
        window_start = max(0, j - 100)
        window = self.lower[window_start:j]
        cut = 0
        for match in _CLAUSE_BREAK.finditer(window):
            cut = match.end()
        for k in range(len(window), cut, -1):
            if k < len(window) and not window[k].isspace():
                continue
            if len(window[k:].split()) > _MAX_WORDS_TO_SO:
                break
            found = self._type_word_ending_at(window_start + k)
            if found:
                return found
        return None

    def _provisions_before(self, start: int) -> tuple[int, dict]:
        window_start = max(0, start - 80)
        match = _PROVISIONS.search(self.text, window_start, start)
        if not match or match.end() != start or match.start() == match.end():
            return start, {}
        groups = match.groupdict()
        found = {
            "article": groups["article"] or groups["article2"],
            "clause": groups["clause"] or groups["clause2"],
            "point": groups["point"],
        }
        if not any(found.values()):
            return start, {}
        found = {k: (v.lower() if v else None) for k, v in found.items()}
        return match.start(), found

    # -- building references ------------------------------------------------------------------

    def _full_reference(self, scan: _Scan, context: _Context) -> Reference:
        number = classify(scan.seq, scan.year, scan.parts, self.vocabulary, party=scan.party)
        return self._make(scan.seq_start, scan.end, number, context)

    def _short_reference(self, i: int, context: _Context) -> Reference | None:
        entry = context.type_entry
        generic = self.vocabulary.is_generic_word(context.type_word)
        if entry.short_form == ShortForm.NEVER:
            return None
        if not context.has_so and (
            generic or entry.short_form == ShortForm.WITH_SO or not context.adjacent
        ):
            return None
        if context.words_between > _MAX_WORDS_TO_SO_SHORT:
            return None
        parsed = self._short_number_at(i)
        if not parsed:
            return None
        seq, year, end = parsed
        if (
            entry.short_form == ShortForm.IN_CONTEXT
            and not context.has_so
            and not self._document_context_after(end)
        ):
            return None
        number = DocumentNumber(seq=seq, year=year, type_name=entry.name, form="short")
        return self._make(i, end, number, context)

    def _document_context_after(self, k: int) -> bool:
        """After "Công văn 41", words that go on about a document, not a count of things."""
        if _QUOTE_THEN_LOWER.match(self.text, k):
            return True
        return bool(_DOCUMENT_FOLLOWERS.match(self.lower[k : k + 24]))

    def _short_number_at(self, i: int) -> tuple[str, int | None, int] | None:
        text = self.text
        seq_match = _SEQ.match(text, i)
        seq, k = seq_match.group(), seq_match.end()
        glued_word = _GLUED_WORD.match(text, k)  # "quyết định 367Trong khi…": lost space
        if k < len(text) and (text[k].isalnum() or text[k] == "%") and not glued_word:
            return None
        if re.match(r"[.,]\d", text[k : k + 2]):
            return None
        year_sep = re.match(r" ?([/-]) ?", text[k : k + 3])
        if year_sep:
            year, after = self._year_at(k + year_sep.end())
            if year and not re.match(r" ?/", text[after : after + 2]):
                if year_sep.group(1) == "-" and len(seq) > 3:
                    return None
                return seq, year, after
            return None
        named_year = re.match(r" năm (\d{4})(?!\d| ?[-–] ?\d)", text[k : k + 14])
        if named_year and _FIRST_YEAR <= int(named_year.group(1)) <= _LAST_YEAR:
            return seq, int(named_year.group(1)), k + named_year.end()
        if self._unit_word_after(k) or self.lower.startswith(" năm", k):
            return None
        return seq, None, k

    def _make(self, seq_start: int, end: int, number: DocumentNumber, context: _Context):
        start = context.start if context.type_entry else seq_start
        start, provisions = self._provisions_before(start)
        entry = context.type_entry
        if entry and self.vocabulary.is_generic_word(context.type_word):
            entry = None
        type_name = _resolve_type(entry, number, self.vocabulary)
        kind = number.kind
        if entry and entry.kind == KIND_JUDICIAL:
            kind = KIND_JUDICIAL
        if number.form == "short":
            kind = _short_kind(context.type_entry, number.year)
        return Reference(
            start=start,
            end=end,
            span=self.original[start:end],
            number=number.text,
            seq=re.sub(r"\s", "", number.seq),
            year=number.year,
            type=type_name,
            issuer=number.issuer,
            type_word=context.type_word,
            article=provisions.get("article"),
            clause=provisions.get("clause"),
            point=provisions.get("point"),
            kind=kind,
            form=number.form,
            key=number_key(number.text) if number.form != "short" else "",
        )

    # -- lists: "Nghị định 15, 30 và 46" ------------------------------------------------------

    def _continue_list(self, previous: Reference, position: int) -> int:
        if not previous.is_short:
            return position
        while True:
            match = re.match(r"(?:,| và| hoặc) {0,2}(?:số {0,2})?(\d{1,5})", self.text[position:])
            if not match:
                return position
            start = position + match.start(1)
            parsed = self._short_number_at(start)
            if not parsed or parsed[1] is not None:
                return position
            end = parsed[2]
            if self._type_word_starts_at(end) or self._unit_word_after(end):
                return position
            seq = parsed[0]
            self.references.append(
                Reference(
                    start=start,
                    end=end,
                    span=self.original[start:end],
                    number=seq,
                    seq=seq,
                    year=None,
                    type=previous.type,
                    issuer=None,
                    type_word=None,
                    article=None,
                    clause=None,
                    point=None,
                    kind=previous.kind,
                    form="short",
                )
            )
            position = end

    def _type_word_starts_at(self, k: int) -> bool:
        rest = self.lower[k : k + 26].lstrip()
        return any(rest.startswith(word) for word in self.vocabulary.type_words)


def _resolve_type(entry: TypeEntry | None, number: DocumentNumber, vocabulary) -> str | None:
    """The type word and the number's code usually agree; when they do not, the code wins
    over weak words (công văn, quy định, thông báo…) and when it is more specific (TTLT
    after "thông tư"), the word wins for court documents, party numbers and strong types."""
    coded = number.type_name if number.type_code else None
    if entry is None:
        return number.type_name
    if coded is None or coded == entry.name:
        if number.kind == KIND_JUDICIAL and entry.kind != KIND_JUDICIAL and not number.type_code:
            return number.type_name
        return entry.name
    if entry.kind == KIND_JUDICIAL or number.form == "party":
        return entry.name
    if coded.startswith(entry.name) or entry.kind == KIND_ADMINISTRATIVE:
        return coded
    return entry.name


def _short_kind(entry: TypeEntry | None, year: int | None) -> str | None:
    if entry is None:
        return None
    if entry.kind in (KIND_NORMATIVE, KIND_JUDICIAL, KIND_ADMINISTRATIVE):
        return entry.kind
    return KIND_NORMATIVE if year else None
