"""Snippets of the original, accented text with the query's syllables marked, however the
query was typed ("quoc hoi" marks "Quốc hội")."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cong.search.analysis import analyse, token_spans

WINDOW_TOKENS = 36


def query_terms(query: str) -> set[str]:
    return set(analyse(query).folded)


def snippet(text: str, query: str, window: int = WINDOW_TOKENS) -> SafeString:
    """The stretch of `text` holding the most query syllables, matches wrapped in <mark>."""
    from cong.core.text import nfc

    text = nfc(text or "")
    terms = query_terms(query)
    spans = token_spans(text)
    if not spans:
        return mark_safe("")
    hits = [i for i, (token, _, _) in enumerate(spans) if token in terms]
    best_start, best_count = 0, 0
    for i in hits:
        count = sum(1 for j in hits if i <= j < i + window)
        if count > best_count:
            best_start, best_count = max(0, i - 4), count
    chosen = spans[best_start : best_start + window]
    start_char = chosen[0][1] if best_start > 0 else 0
    end_char = chosen[-1][2]
    pieces, cursor = [], start_char
    for token, begin, end in chosen:
        if token in terms:
            pieces.append(escape(text[cursor:begin]))
            pieces.append(f"<mark>{escape(text[begin:end])}</mark>")
            cursor = end
    pieces.append(escape(text[cursor:end_char]))
    prefix = "… " if start_char > 0 else ""
    suffix = " …" if end_char < len(text.rstrip()) else ""
    return mark_safe(prefix + "".join(pieces).strip() + suffix)


def article_text(article) -> str:
    parts = [article.sapo or ""]
    body = getattr(article, "body", None)
    if body:
        for block in body:
            value = block.value
            if isinstance(value, str):
                parts.append(value)
            elif hasattr(value, "source"):
                parts.append(str(value.source))
            elif isinstance(value, dict):
                parts.extend(str(v) for v in value.values() if isinstance(v, str))
    from django.utils.html import strip_tags

    return strip_tags("\n".join(parts))
