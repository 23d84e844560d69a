"""Dossier codes and draft tokens: random, never sequential, checked only by exact match."""

import re
import secrets

# No 0/O, 1/I/L: a code read over the phone is not misheard.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_GROUPS = 3
_GROUP_LEN = 4


def new_dossier_code() -> str:
    """HS-XXXX-XXXX-XXXX: 12 random symbols of 31 (≈ 59 bits)."""
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(_GROUP_LEN)) for _ in range(_GROUPS)]
    return "HS-" + "-".join(groups)


def normalise_code(value: str) -> str:
    letters = re.sub(r"[^0-9A-Za-z]", "", value or "").upper()
    if letters.startswith("HS"):
        letters = letters[2:]
    if len(letters) != _GROUPS * _GROUP_LEN or any(c not in ALPHABET for c in letters):
        return ""
    return "HS-" + "-".join(letters[i : i + _GROUP_LEN] for i in range(0, len(letters), 4))


def new_draft_token() -> str:
    return secrets.token_urlsafe(24)
