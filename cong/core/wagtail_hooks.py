"""Serving a page: it takes what it shares with its portal from the portal's frame."""

from wagtail import hooks


@hooks.register("before_serve_page", order=-100)
def lend_portal_frame(page, request, serve_args, serve_kwargs):
    """Before anything reads them (the page cache's tagging, a home's listings, the chrome), a
    portal home gets its unit and an article its portal from the frame: no query for either."""
    if hasattr(page, "portal_frame"):
        page.portal_frame  # noqa: B018 (the frame lends them as it is read)
    return None
