"""Links citations inside rich-text HTML, without touching tags or existing links.

Only text between tags is read and only text outside <a> elements is changed; each changed
text node is re-escaped from its unescaped text, so markup cannot be injected through it.
Only numbers present in the registry become links (to the article anchor when one is given).
"""

from __future__ import annotations

import html
import re

from django.utils import timezone
from django.utils.html import escape

from cong.legal.citations.finder import find_references
from cong.legal.citations.resolve import Resolver, scope_units_for
from cong.legal.registry import document_url

_SPLIT = re.compile(r"(<[^>]*>)")
_A_OPEN = re.compile(r"(?i)^<a[\s>]")
_A_CLOSE = re.compile(r"(?i)^</a\s*>")
_DIGIT = re.compile(r"\d")


def link_citations_in_html(markup: str, page=None, request=None) -> str:
    if not markup or not _DIGIT.search(markup):
        return markup
    pieces = _SPLIT.split(markup)
    inside_link = 0
    found = []  # (piece index, text, references)
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag
            if _A_OPEN.match(piece):
                inside_link += 1
            elif _A_CLOSE.match(piece):
                inside_link = max(0, inside_link - 1)
            continue
        if inside_link or not _DIGIT.search(piece):
            continue
        text = html.unescape(piece)
        references = find_references(text)
        if references:
            found.append((index, text, references))
    if not found:
        return markup
    scope = scope_units_for(page) if page is not None and getattr(page, "path", None) else []
    published = getattr(page, "published_at", None)
    on = timezone.localtime(published).date() if published else None
    resolver = Resolver()
    all_references = [r for _, _, refs in found for r in refs]
    ids = resolver.resolve(all_references, scope, on)
    documents = _documents(ids)
    url_cache: dict = {}
    position = 0
    for index, text, references in found:
        chunks, cursor = [], 0
        for reference in references:
            document = documents.get(ids[position])
            position += 1
            url = document_url(document, request, url_cache) if document else None
            if not url:
                continue
            if reference.article:
                url += f"#dieu-{reference.article}"
            chunks.append(escape(text[cursor : reference.start]))
            chunks.append(
                f'<a class="legal-citation" href="{escape(url)}" '
                f'title="{escape(_title(document))}">{escape(reference.span)}</a>'
            )
            cursor = reference.end
        if chunks:
            chunks.append(escape(text[cursor:]))
            pieces[index] = "".join(chunks)
    return "".join(pieces)


def _documents(ids) -> dict:
    from cong.legal.models import Document

    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = Document.objects.filter(pk__in=wanted).select_related("document_type")
    return {d.pk: d for d in rows}


def _title(document) -> str:
    abstract = document.abstract if len(document.abstract) <= 160 else document.abstract[:157] + "…"
    return f"{document}: {abstract}"
