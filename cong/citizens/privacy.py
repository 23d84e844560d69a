"""Personal data (Decree 13/2023/NĐ-CP): question codes, redaction before publication."""

import re
import secrets

from django.utils.translation import gettext as _

from cong.core.text import clean_text, fold

# Crockford-style alphabet without look-alikes (no I, L, O, U): easy to read over the phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ0123456789"[:32]
CODE_LENGTH = 12  # 60 bits: not guessable, short enough to type

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# Phone numbers and ID numbers: 9+ digits, possibly split by spaces, dots or dashes.
_LONG_NUMBER = re.compile(r"(?<!\w)\+?\d(?:[\s.\-]?\d){8,}(?!\w)")


def new_question_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value: str) -> str:
    """What a person types ('hd7k-2m…', spaces, lowercase) → the stored form."""
    return re.sub(r"[^0-9A-Z]", "", (value or "").upper())[:32]


def normalise_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def redact(text: str, names: list[str] = ()) -> str:
    """Mask e-mail addresses, phone/ID numbers and the given names in `text`."""
    text = clean_text(text)
    text = _EMAIL.sub(_("[e-mail hidden]"), text)
    text = _LONG_NUMBER.sub(_("[number hidden]"), text)
    for name in names:
        name = clean_text(name)
        if len(name) >= 3:
            text = re.sub(re.escape(name), _("[name hidden]"), text, flags=re.IGNORECASE)
    return text


def search_key(text: str) -> str:
    """Accent-folded lowercase form used to match similar questions."""
    return " ".join(fold(clean_text(text)).lower().split())
