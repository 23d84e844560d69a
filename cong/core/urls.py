"""Page URLs for long lists without a `{% pageurl %}` (and a URL reverse) per item."""

from collections.abc import Callable
from urllib.parse import quote

from django.urls import reverse
from wagtail.models import Page, Site


def page_url_builder(request) -> Callable[[str], str]:
    """A function url_path → the URL Wagtail's `pageurl` would give for that page: relative
    when the page is served by the current site, absolute (its own hostname) otherwise."""
    roots = (
        Page._get_site_root_paths(request) if request is not None else Site.get_site_root_paths()
    )
    current = Site.find_for_request(request) if request is not None else None
    current_id = current.pk if current else None
    prefix = reverse("wagtail_serve", args=("",))  # "/" or "/en/" under i18n_patterns

    def url_for(url_path: str) -> str:
        matches = [root for root in roots if url_path.startswith(root.root_path)]
        if not matches:
            return ""
        ours = [root for root in matches if root.site_id == current_id]
        root = (ours or matches)[0]
        path = prefix + quote(url_path[len(root.root_path) :])
        return path if root.site_id == current_id else root.root_url + path

    return url_for
