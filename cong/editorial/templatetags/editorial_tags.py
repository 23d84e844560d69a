from django import template

from cong.editorial.models import ChangeNote

register = template.Library()


@register.simple_tag
def published_change_notes(page):
    """Public change notes of a page, newest first (one query)."""
    if page is None or not getattr(page, "pk", None):
        return []
    return list(
        ChangeNote.objects.filter(page_id=page.pk, published_at__isnull=False)
        .only("note", "published_at")
        .order_by("-published_at", "-pk")
    )
