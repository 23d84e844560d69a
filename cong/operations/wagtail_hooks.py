from wagtail import hooks


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    """Lets the request log name the page's portal (cong.operations.middleware)."""
    request.cong_page = page
