"""Safe clean-up of the spacing the VietNews word segmenter left behind.

Only spacing that is never right in Vietnamese typography is touched: spaces before closing
punctuation and after opening brackets, and spaces just inside straight double quotes when the
quotes pair up. Spaced separators in numbers and document references ("12 / QĐ - UBND", "0,14 5g")
are left as they are: joining them is guesswork (a dash may be a real dash) and the citation
parser reads the spaced forms.
"""

import re

from cong.core.text import clean_text

_SPACE_BEFORE_CLOSING = re.compile(r"(?<=\S)[ ]+([,;!?%)\]}»”’])")
# '.' and ':' only when they end a word: " ." before a digit may be a decimal or a number.
_SPACE_BEFORE_STOP = re.compile(r"(?<=[^\s.])[ ]+([.:])(?=\s|$|[\"”’)])")
_SPACE_AFTER_OPENING = re.compile(r"([(\[{«“‘])[ ]+")
_STRAIGHT_QUOTE = '"'


def _tighten_straight_quotes(text: str) -> str:
    """'nhóm " bay, lắc " trong' → 'nhóm "bay, lắc" trong', only when quotes come in pairs."""
    if text.count(_STRAIGHT_QUOTE) % 2:
        return text
    parts = text.split(_STRAIGHT_QUOTE)
    # parts[1], parts[3], … are the quoted pieces.
    for i in range(1, len(parts), 2):
        parts[i] = parts[i].strip(" ")
    return _STRAIGHT_QUOTE.join(parts)


def clean_segmented(text: str | None) -> str:
    """NFC, collapsed whitespace and the spacing fixes above. Idempotent."""
    text = clean_text(text)
    if not text:
        return ""
    text = _tighten_straight_quotes(text)
    text = _SPACE_AFTER_OPENING.sub(r"\1", text)
    text = _SPACE_BEFORE_CLOSING.sub(r"\1", text)
    text = _SPACE_BEFORE_STOP.sub(r"\1", text)
    return text


def clean_line(text: str | None) -> str:
    """`clean_segmented` for one-line fields (titles, sapo, bylines): line breaks become spaces."""
    return clean_segmented(" ".join(clean_text(text).splitlines()))
