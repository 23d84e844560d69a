from django import template
from django.utils.safestring import mark_safe

from cong.legal.citations.html import link_citations_in_html
from cong.legal.citations.store import cited_documents as _cited_documents
from cong.legal.registry import document_url

register = template.Library()


@register.filter(needs_autoescape=True)
def link_citations(value, page=None, autoescape=True):
    """Rich text with the registry documents it cites turned into links.
    Usage: {{ value|link_citations:page }}"""
    markup = str(value) if hasattr(value, "__html__") or not autoescape else None
    if markup is None:
        from django.utils.html import conditional_escape

        markup = str(conditional_escape(value))
    return mark_safe(link_citations_in_html(markup, page if page != "" else None))


@register.simple_tag(takes_context=True)
def cited_documents(context, page):
    """[{document, url}] for the registry documents `page` cites."""
    if page is None or not getattr(page, "pk", None):
        return []
    request = context.get("request")
    cache: dict = {}
    rows = []
    for document, anchor in _cited_documents(page):
        url = document_url(document, request, cache)
        rows.append({"document": document, "url": url + anchor if url else None})
    return rows
