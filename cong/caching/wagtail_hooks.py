"""Tag the Wagtail pages the full-page cache may keep (see cong.caching.tagging)."""

from wagtail import hooks

from cong.caching.tagging import page_tags


@hooks.register("before_serve_page")
def tag_page_for_cache(page, request, serve_args, serve_kwargs):
    if getattr(page, "get_view_restrictions", None) and page.get_view_restrictions().exists():
        return None
    match = getattr(request, "routable_resolver_match", None)
    request.cong_cache_tags = page_tags(page, match.url_name if match else None)
    return None
