"""Which documents a portal's registry lists, how they are filtered, and where each one lives.

A portal lists the documents issued by its unit; the national portal also lists every
central document (unit empty). A document's canonical URL is on the registry of the portal it
belongs to: …/van-ban/<number slug>/.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from cong.core.text import fold
from cong.legal.lookup import find_documents_by_number

SORTS = {
    "newest": ("-issued_on", "-id"),
    "oldest": ("issued_on", "id"),
    "number": ("document_type__order", "year", "seq"),
    "effective": ("-effective_on", "-id"),
}
DEFAULT_SORT = "newest"


def is_national(portal) -> bool:
    return portal is not None and portal.unit.level == 0


def scope_q(portal) -> Q:
    """The documents listed on `portal`'s registry."""
    if portal is None:
        return Q(pk__in=[])
    if is_national(portal):
        return Q(unit__isnull=True) | Q(unit_id=portal.unit_id)
    return Q(unit_id=portal.unit_id)


def documents_for_portal(portal):
    from cong.legal.models import Document

    return Document.objects.filter(scope_q(portal)).select_related(
        "document_type", "issuer", "field"
    )


def text_search(queryset, query: str):
    """Every word of `query`, accents or not, in the number, abstract, signer or file text."""
    from cong.legal.models import DocumentFile

    for word in fold(query).lower().split():
        in_files = DocumentFile.objects.filter(document=OuterRef("pk"), text__icontains=word)
        queryset = queryset.filter(Q(search_text__contains=word) | Exists(in_files))
    return queryset


def search(queryset, query: str):
    """A number typed any way finds that document; anything else is a text search."""
    query = (query or "").strip()
    if not query:
        return queryset
    by_number = find_documents_by_number(query, queryset)
    if by_number is not None and by_number.exists():
        return by_number
    return text_search(queryset, query)


def apply_filters(queryset, data: dict):
    """Filter by the cleaned data of DocumentFilterForm, then sort."""
    from cong.legal.models import Document

    if data.get("q"):
        queryset = search(queryset, data["q"])
    if data.get("type"):
        queryset = queryset.filter(document_type=data["type"])
    if data.get("issuer"):
        joint = Document.co_issuers.through.objects.filter(
            document_id=OuterRef("pk"), agency=data["issuer"]
        )
        queryset = queryset.filter(Q(issuer=data["issuer"]) | Exists(joint))
    if data.get("year"):
        queryset = queryset.filter(year=data["year"])
    if data.get("field"):
        queryset = queryset.filter(field=data["field"])
    if data.get("status"):
        ids = Document.objects.with_status(data["status"]).values("pk")
        queryset = queryset.filter(pk__in=ids)
    sort = SORTS.get(data.get("sort") or DEFAULT_SORT, SORTS[DEFAULT_SORT])
    return queryset.order_by(*sort)


# -- where documents live -------------------------------------------------------------------


def registry_page_for_unit(unit_id):
    """The live DocumentIndexPage of the portal of `unit_id` (None: the national portal)."""
    from cong.legal.models import DocumentIndexPage
    from cong.network.models import PortalPage

    if unit_id is None:
        portal = PortalPage.objects.filter(unit__level=0).order_by("depth").first()
    else:
        portal = PortalPage.objects.filter(unit_id=unit_id).order_by("depth").first()
    if portal is None:
        return None
    return DocumentIndexPage.objects.child_of(portal).live().order_by("path").first()


def document_url(document, request=None, cache: dict | None = None) -> str | None:
    """URL of `document` on its registry page; `cache` (unit id → base URL) saves queries when
    many documents are linked at once."""
    key = document.unit_id
    if cache is not None and key in cache:
        base = cache[key]
    else:
        page = registry_page_for_unit(key)
        base = page.get_url(request) if page else None
        if cache is not None:
            cache[key] = base
    if not base:
        return None
    return f"{base}{document.slug}/"
