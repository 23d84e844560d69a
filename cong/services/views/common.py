from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


def render_page(request, page, template, context=None, status=200, private=False):
    """Render a sub-route with the page's context; `private` pages (a receipt, a draft, a
    dossier's status) are never stored by a cache, shared or not."""
    full = page.get_context(request)
    full.update(context or {})
    response = TemplateResponse(request, template, full, status=status)
    if private:
        add_never_cache_headers(response)
    return response


def too_many(request, page):
    message = _("Too many requests from your connection. Please try again later.")
    return render_page(request, page, "services/refused.html", {"message": message}, status=429)
