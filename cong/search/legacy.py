"""Legacy Vietnamese encodings still met in old documents: Windows-1258, TCVN3 (ABC), VNI.

Importers call `decode_legacy(data)` on bytes (or `convert_legacy(text, encoding)` on text that
was read as Windows-1252/Latin-1 by a tool that did not know better). The result is NFC.
"""

import codecs
import re
import unicodedata
from pathlib import Path

# TCVN3 (TCVN 5712:1993, "ABC" fonts such as .VnTime): one byte per letter, read as Latin-1.
# Upper-case marked letters are not in the 8-bit set (ABC fonts draw them with a capitals font);
# only the seven base capitals below exist.
_TCVN3 = {
    "µ": "à",
    "¸": "á",
    "¶": "ả",
    "·": "ã",
    "¹": "ạ",
    "¨": "ă",
    "»": "ằ",
    "¾": "ắ",
    "¼": "ẳ",
    "½": "ẵ",
    "Æ": "ặ",
    "©": "â",
    "Ç": "ầ",
    "Ê": "ấ",
    "È": "ẩ",
    "É": "ẫ",
    "Ë": "ậ",
    "®": "đ",
    "Ì": "è",
    "Ð": "é",
    "Î": "ẻ",
    "Ï": "ẽ",
    "Ñ": "ẹ",
    "ª": "ê",
    "Ò": "ề",
    "Õ": "ế",
    "Ó": "ể",
    "Ô": "ễ",
    "Ö": "ệ",
    "×": "ì",
    "Ý": "í",
    "Ø": "ỉ",
    "Ü": "ĩ",
    "Þ": "ị",
    "ß": "ò",
    "ã": "ó",
    "á": "ỏ",
    "â": "õ",
    "ä": "ọ",
    "«": "ô",
    "å": "ồ",
    "è": "ố",
    "æ": "ổ",
    "ç": "ỗ",
    "é": "ộ",
    "¬": "ơ",
    "ê": "ờ",
    "í": "ớ",
    "ë": "ở",
    "ì": "ỡ",
    "î": "ợ",
    "ï": "ù",
    "ó": "ú",
    "ñ": "ủ",
    "ò": "ũ",
    "ô": "ụ",
    "\u00ad": "ư",
    "õ": "ừ",
    "ø": "ứ",
    "ö": "ử",
    "÷": "ữ",
    "ù": "ự",
    "ú": "ỳ",
    "ý": "ý",
    "û": "ỷ",
    "ü": "ỹ",
    "þ": "ỵ",
    "¡": "Ă",
    "¢": "Â",
    "§": "Đ",
    "£": "Ê",
    "¤": "Ô",
    "¥": "Ơ",
    "¦": "Ư",
}
_TCVN3_TABLE = str.maketrans(_TCVN3)

# VNI (VNI-Windows fonts): a base letter followed by mark characters, read as Windows-1252.
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_MARKS = {
    "ù": _ACUTE,
    "ø": _GRAVE,
    "û": _HOOK,
    "õ": _TILDE,
    "ï": _DOT,
    "â": _CIRC,
    "á": _CIRC + _ACUTE,
    "à": _CIRC + _GRAVE,
    "å": _CIRC + _HOOK,
    "ã": _CIRC + _TILDE,
    "ä": _CIRC + _DOT,
    "ê": _BREVE,
    "é": _BREVE + _ACUTE,
    "è": _BREVE + _GRAVE,
    "ú": _BREVE + _HOOK,
    "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
}
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
_VNI_LETTERS = {
    "ô": "ơ",
    "Ô": "Ơ",
    "ö": "ư",
    "Ö": "Ư",
    "ñ": "đ",
    "Ñ": "Đ",
    "æ": "ỉ",
    "Æ": "Ỉ",
    "ó": "ĩ",
    "Ó": "Ĩ",
    "ò": "ị",
    "Ò": "Ị",
    "î": "ỵ",
    "Î": "Ỵ",
}
_VOWELS = set("aeiouyAEIOUYơƠưƯ")
# Marks that only make sense on some bases: circumflex on a/e/o, breve on a.
_CIRC_BASES, _BREVE_BASES = set("aeoAEO"), set("aA")

ENCODINGS = ("utf-8", "cp1258", "tcvn3", "vni")
# What importers accept for --encoding: "auto" reads UTF-8 and falls back to the legacy
# encoding the text reads most like.
IMPORT_ENCODINGS = ("auto", *ENCODINGS)


def tcvn3_to_unicode(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_TCVN3_TABLE))


def vni_to_unicode(text: str) -> str:
    out: list[str] = []
    for char in text:
        base = out[-1] if out else ""
        base_letter = base[:1]
        marks = _VNI_MARKS.get(char)
        if marks and base_letter in _VOWELS:
            if _CIRC in marks and base_letter not in _CIRC_BASES:
                marks = None
            elif _BREVE in marks and base_letter not in _BREVE_BASES:
                marks = None
        if marks and base_letter in _VOWELS:
            out[-1] = base + marks
        else:
            out.append(_VNI_LETTERS.get(char, char))
    return unicodedata.normalize("NFC", "".join(out))


def convert_legacy(text: str, encoding: str) -> str:
    """Text whose bytes were read as Latin-1/Windows-1252, re-read in `encoding`."""
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text)
    if encoding == "vni":
        return vni_to_unicode(text)
    if encoding == "cp1258":
        return unicodedata.normalize("NFC", text.encode("latin-1").decode("cp1258"))
    raise ValueError(f"Unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}.")


def add_encoding_argument(parser) -> None:
    """The importers' --encoding option."""
    parser.add_argument(
        "--encoding",
        choices=IMPORT_ENCODINGS,
        default="auto",
        help="Text encoding of the file: UTF-8, or an old Vietnamese one (Windows-1258, "
        "TCVN3/ABC, VNI); auto reads UTF-8 and otherwise guesses.",
    )


def read_vietnamese_text(path, encoding: str | None = None) -> str:
    """A text file as NFC text: UTF-8 (with or without a BOM) when it decodes, else the legacy
    encoding given, or guessed (Windows-1258, TCVN3, VNI). `encoding="utf-8"` refuses
    anything else with UnicodeDecodeError."""
    data = Path(path).read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return decode_legacy(data, None if encoding == "auto" else encoding)


def decode_legacy(data: bytes, encoding: str | None = None) -> str:
    """Decode bytes in a Vietnamese legacy encoding (guessed when not given) to NFC text."""
    if encoding in (None, "utf-8"):
        try:
            return unicodedata.normalize("NFC", data.decode("utf-8"))
        except UnicodeDecodeError:
            if encoding == "utf-8":
                raise
        encoding = guess_encoding(data)
    if encoding == "cp1258":
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    return convert_legacy(data.decode("latin-1"), encoding)


_TONE_MARKS = {_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT}
_SYLLABLE = re.compile(
    r"(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?"
    r"(iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uyê|uya|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe"
    r"|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|ưa|ưi|ưu|ươ|uy|yê|[aăâeêioôơuưy])"
    r"(ch|nh|ng|[cmnpt])?"
)


def _vietnamese_score(text: str) -> int:
    """Syllables that read as Vietnamese minus those that cannot (two tones, bad letters)."""
    score = 0
    for word in re.findall(r"[^\W\d_]+", text.lower()):
        if word.isascii():
            continue
        decomposed = unicodedata.normalize("NFD", word)
        tones = sum(1 for c in decomposed if c in _TONE_MARKS)
        bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
        score += 1 if tones <= 1 and _SYLLABLE.fullmatch(bare) else -1
    return score


def guess_encoding(data: bytes) -> str:
    """The legacy encoding under which `data` reads most like Vietnamese."""
    candidates = {
        "cp1258": unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")),
        "tcvn3": tcvn3_to_unicode(data.decode("latin-1")),
        "vni": vni_to_unicode(data.decode("cp1252", errors="replace")),
    }
    return max(candidates, key=lambda name: _vietnamese_score(candidates[name]))
