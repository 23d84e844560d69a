"""Snippets of the original, accented text with the query's syllables marked, however the
query was typed ("quoc hoi" marks "Quốc hội")."""

from bisect import bisect_left

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cong.search.analysis import analyse, folded_tokens, token_spans

WINDOW_TOKENS = 36


def query_terms(query: str) -> set[str]:
    return set(analyse(query).folded)


def snippet(text: str, query: str, window: int = WINDOW_TOKENS) -> SafeString:
    """The stretch of `text` holding the most query syllables, matches wrapped in <mark>."""
    from cong.core.text import nfc

    text = nfc(text or "")
    terms = query_terms(query)
    tokens = folded_tokens(text)
    if not tokens:
        return mark_safe("")
    hits = [i for i, token in enumerate(tokens) if token in terms]
    best_start, best_count = 0, 0
    for rank, i in enumerate(hits):  # hits in [i, i + window), the first densest window wins
        count = bisect_left(hits, i + window, rank) - rank
        if count > best_count:
            best_start, best_count = max(0, i - 4), count
    chosen = token_spans(text, best_start, best_start + window)
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
    """Sapo and body text of an article, read from the body's stored JSON: no block values
    are built (an image block would fetch its image) and the editor's markup is stripped
    with the indexer's regexes rather than an HTML parser."""
    from cong.search.backends.tantivy.rows import texts_for_indexing

    texts = [article.sapo or ""]
    body = getattr(article, "body", None)
    raw_blocks = getattr(body, "raw_data", None) or []
    for block in raw_blocks:
        value = block.get("value") if isinstance(block, dict) else None
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            texts.extend(v for v in value.values() if isinstance(v, str))
    return "\n".join(texts_for_indexing(texts))
