"""Posting the real article edit form."""

from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


def article_form_data(page, **overrides):
    """The edit form's fields for `page`, as a browser would post them."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "sapo": page.sapo,
        "dateline": page.dateline,
        "body": streamfield([]),
        "byline": page.byline,
        "source": page.source,
        "published_at": timezone.localtime(page.published_at).strftime("%Y-%m-%d %H:%M"),
        "tags": "",
        "related_links": inline_formset([]),
        "comments": inline_formset([]),
        "directive_scope": page.directive_scope,
        "directive_level": page.directive_level or "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "change_note": "",
    }
    # Lists are multiple-choice values (posted as repeated keys), not nested forms.
    lists = {key: value for key, value in overrides.items() if isinstance(value, list)}
    data.update({key: value for key, value in overrides.items() if key not in lists})
    return {**nested_form_data(data), **lists}
