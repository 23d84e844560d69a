"""Text written in the old Vietnamese encodings, for tests of the importers that read them."""

import unicodedata

from cong.search import legacy

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: precomposed base letters (â, ơ, ư…) and the
    tone as a separate combining byte."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def to_tcvn3(text: str) -> bytes:
    """TCVN3 (ABC) bytes: lower-case marked letters only, as the 8-bit set has them."""
    table = {unicode: legacy_char for legacy_char, unicode in legacy._TCVN3.items()}
    return "".join(table.get(char, char) for char in text).encode("latin-1")
