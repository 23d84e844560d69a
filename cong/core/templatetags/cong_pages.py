"""Template tags for the public pages: the portal chrome, menu labels, canonical URLs."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from cong.core import chrome as chrome_module

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_chrome(context):
    """The header/footer data of the page being rendered, built once per request."""
    request = context.get("request")
    page = context.get("page")
    cache_key = "_cong_chrome"
    if request is not None and getattr(request, cache_key, None) is not None:
        return getattr(request, cache_key)
    built = chrome_module.build_chrome(page, request)
    if request is not None:
        setattr(request, cache_key, built)
    return built


@register.simple_tag(takes_context=True)
def page_href(context, page):
    """What `{% pageurl page %}` gives, without reversing a URL per call: for listings that
    link dozens of articles and portals."""
    from cong.core.urls import page_url_builder

    request = context.get("request")
    builder = getattr(request, "_cong_page_url", None)
    if builder is None:
        builder = page_url_builder(request)
        if request is not None:
            request._cong_page_url = builder
    return builder(page.url_path)


@register.filter
def nav_label(page):
    return chrome_module.nav_label(page)


def _page_number(request) -> int:
    try:
        return int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        return 1


@register.simple_tag(takes_context=True)
def canonical_url(context, page=None, language=None, with_route=True):
    """The absolute URL of what is being shown, in the default language (or `language`):
    the page, plus the route below it (e.g. a listing's 'don-vi-truc-thuoc/'), plus `?page=N`
    beyond the first page."""
    request = context.get("request")
    page = page or context.get("page")
    if page is None or request is None:
        return ""
    here = page.get_url(request) or ""
    suffix = request.path[len(here) :] if here and request.path.startswith(here) else ""
    with translation.override(settings.LANGUAGE_CODE):
        base = page.get_full_url(request) or ""
    url = base + suffix if with_route else base
    if language and language != settings.LANGUAGE_CODE:
        url = translate_url(url, language)
    number = _page_number(request)
    if number > 1 and with_route and "listing" in context:
        url += "?" + urlencode({"page": number})
    return url


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The query string for page `number` of the current listing, keeping other parameters."""
    request = context["request"]
    params = request.GET.copy()
    if number == 1:
        params.pop("page", None)
    else:
        params["page"] = number
    encoded = params.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


@register.simple_tag
def page_numbers(listing):
    """Page numbers around the current one, with the paginator's ellipsis for the gaps."""
    return list(listing.paginator.get_elided_page_range(listing.number, on_each_side=2, on_ends=1))
