"""NFC normalisation that remembers where each character came from, so offsets found in the
normalised text can be given in the caller's own (possibly NFD) text."""

import unicodedata
from collections.abc import Callable


def nfc_with_offsets(raw: str) -> tuple[str, Callable[[int], int]]:
    if unicodedata.is_normalized("NFC", raw):
        return raw, lambda i: i
    pieces: list[str] = []
    origin: list[int] = []
    start = 0
    for i in range(1, len(raw) + 1):
        if i == len(raw) or unicodedata.combining(raw[i]) == 0:
            cluster = unicodedata.normalize("NFC", raw[start:i])
            pieces.append(cluster)
            origin.extend([start] * len(cluster))
            start = i
    origin.append(len(raw))
    text = "".join(pieces)
    return text, lambda i: origin[i]
