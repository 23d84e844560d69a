"""Vietnamese text analysis shared by indexing, querying and highlighting.

NFC → one tone placement ("hoà" → "hòa", "thuỷ" → "thủy") → lowercase → syllable tokens.
Each token has a folded form (every mark removed, đ → d) used for matching and phrases, and
an exact form (marks kept) used only to rank exact-accent matches first. Adjacent folded
syllables also make bigrams ("quoc_hoi"), which reward documents where the query's syllables
stand together. Everything here is str.translate/regex work so indexing a million articles
stays cheap.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from itertools import compress, islice
from operator import ne

_TOKEN = re.compile(r"[^\W_]+")
_WORD = re.compile(r"\w+")  # the same tokens in text without "_", found faster

# Old (traditional) placement is the canonical form: it is what the Government portal prints.
# New placement puts the mark on the second vowel of an open "oa", "oe" or "uy" syllable (not
# after q: "quý"). The lookbehind comes after the first letter so the regex engine can skip
# ahead to the next o/u instead of trying every position.
_NEW_PLACEMENT = re.compile(r"([oOuU])(?<![qQ][oOuU])([àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ])(?!\w)")


def _move_tone(match: re.Match) -> str:
    first, second = match.group(1), match.group(2)
    decomposed = unicodedata.normalize("NFD", second)
    base, tone = decomposed[0], decomposed[1:]
    if first in "oO" and base not in "aeAE" or first in "uU" and base not in "yY":
        return match.group(0)
    return unicodedata.normalize("NFC", first + tone) + base


def _build_fold_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "D"}
    for start, end in [(0x00C0, 0x0250), (0x1E00, 0x1F00)]:
        for code in range(start, end):
            char = chr(code)
            base = "".join(
                c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn"
            )
            if base != char and base.isascii() and base:
                table[code] = base
    return table


_FOLD_TABLE = _build_fold_table()

# Folded form of each token seen: a syllable vocabulary is small, and a dict lookup is much
# cheaper than translating the text. Emptied when it grows past the bound.
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 300_000


def _fold_tokens(tokens: list[str]) -> list[str]:
    folded = list(map(_FOLDED.get, tokens))
    if None in folded:
        if len(_FOLDED) > _FOLDED_MAX:
            _FOLDED.clear()
        for token in set(tokens).difference(_FOLDED):
            _FOLDED[token] = token.translate(_FOLD_TABLE)
        folded = list(map(_FOLDED.get, tokens))
        if None in folded:  # another thread emptied the cache meanwhile
            folded = [token.translate(_FOLD_TABLE) for token in tokens]
    return folded


def normalise(text: str | None) -> str:
    """NFC with one tone placement; case kept (for display and snippets)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    return _NEW_PLACEMENT.sub(_move_tone, text)


def fold(text: str) -> str:
    """Remove every mark (đ → d) from NFC text; lowercases too."""
    return text.lower().translate(_FOLD_TABLE)


def has_marks(text: str) -> bool:
    """True when the text carries any Vietnamese mark (the user typed with diacritics)."""
    normalised = unicodedata.normalize("NFC", text)
    return normalised.lower().translate(_FOLD_TABLE) != normalised.lower()


@dataclass
class Analysed:
    folded: list[str] = field(default_factory=list)
    exact: list[str] = field(default_factory=list)

    @property
    def bigrams(self) -> list[str]:
        return list(map("_".join, zip(self.folded, self.folded[1:], strict=False)))

    @property
    def marked(self) -> list[str]:
        """Exact tokens that carry marks: the only ones worth an exact-accent boost."""
        return list(compress(self.exact, map(ne, self.exact, self.folded)))


def _tokens(lowered: str) -> list[str]:
    return (_TOKEN if "_" in lowered else _WORD).findall(lowered)


def analyse(text: str | None) -> Analysed:
    lowered = normalise(text).lower()
    exact = _tokens(lowered)
    # Folding maps letters to letters only, so folding token by token gives the tokens of the
    # folded text (tests check the table).
    return Analysed(folded=_fold_tokens(exact), exact=exact)


def folded_text(text: str | None) -> str:
    """Folded tokens joined by spaces: what the engine's whitespace tokenizer indexes."""
    return " ".join(analyse(text).folded)


def edge_ngrams(tokens: list[str], min_len: int = 1, max_len: int = 12) -> list[str]:
    grams = set()
    for token in tokens:
        for size in range(min_len, min(len(token), max_len) + 1):
            grams.add(token[:size])
    return sorted(grams)


def token_spans(text: str, start: int = 0, stop: int | None = None) -> list[tuple[str, int, int]]:
    """(folded token, start, end) of tokens number `start` to `stop` of `text` (NFC), to
    highlight the original wording."""
    return [
        (m.group(0).lower().translate(_FOLD_TABLE), m.start(), m.end())
        for m in islice(_TOKEN.finditer(text), start, stop)
    ]


def folded_tokens(text: str) -> list[str]:
    """The folded tokens of `token_spans(text)` without their positions, folded through the
    cache (a snippet looks for the query's syllables among all of a text's tokens)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # lowercasing changed the length: tokens may not line up
        return [token for token, _, _ in token_spans(text)]
    return _fold_tokens(_tokens(lowered))
