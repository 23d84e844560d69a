from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def render_page(request, page, template, context=None, status=200):
    """Render a sub-route of a Wagtail page with the page's own context (title, breadcrumbs)."""
    full = page.get_context(request)
    full.update(context or {})
    return TemplateResponse(request, template, full, status=status)


def rate_limited(request, page=None):
    context = {
        "message": _(
            "Too many submissions from your connection or address. Please try again later."
        )
    }
    if page is not None:
        return render_page(request, page, "citizens/refused.html", context, status=429)
    return TemplateResponse(request, "citizens/refused.html", context, status=429)


def refused(request, message, page=None, status=400):
    context = {"message": message}
    if page is not None:
        return render_page(request, page, "citizens/refused.html", context, status=status)
    return TemplateResponse(request, "citizens/refused.html", context, status=status)
