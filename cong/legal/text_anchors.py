"""A document's extracted text as paragraphs, with an anchor on each article ("Điều 5." →
id="dieu-5"), so citations of "Điều 5 Nghị định …" land on the article."""

import re

_ARTICLE_HEADING = re.compile(r"^\s*Điều\s+(\d{1,4}[a-z]?)\s*[.:]", re.IGNORECASE)
MAX_PARAGRAPHS = 3000


def anchored_paragraphs(text: str) -> list[tuple[str, str]]:
    """[(anchor id or '', paragraph)], an article's anchor given once, on its heading."""
    seen: set[str] = set()
    rows = []
    for line in (text or "").splitlines()[:MAX_PARAGRAPHS]:
        line = line.strip()
        if not line:
            continue
        anchor = ""
        match = _ARTICLE_HEADING.match(line)
        if match:
            candidate = f"dieu-{match.group(1).lower()}"
            if candidate not in seen:
                anchor = candidate
                seen.add(candidate)
        rows.append((anchor, line))
    return rows
