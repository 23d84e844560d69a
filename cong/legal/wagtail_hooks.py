"""Admin: the registry and its tables under one menu, and the missing-documents report."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cong.legal.admin_views import missing_documents_report
from cong.legal.models import Agency, Document, DocumentType, Field


class DocumentViewSet(SnippetViewSet):
    model = Document
    icon = "doc-full"
    menu_label = _("Documents")
    list_display = ["number", "document_type", "issuer", "issued_on", "get_status_display"]
    list_filter = ["document_type", "year", "kind"]
    search_fields = ["number", "abstract", "search_text"]
    search_backend_name = None
    ordering = ["-issued_on", "-id"]


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "list-ul"
    menu_label = _("Document types")
    list_display = ["name", "code", "kind", "short_form", "order"]
    search_fields = ["name", "code", "words"]
    search_backend_name = None


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    menu_label = _("Issuing bodies")
    list_display = ["abbreviation", "name", "central", "unit"]
    list_filter = ["central"]
    search_fields = ["abbreviation", "name", "aliases"]
    search_backend_name = None


class FieldViewSet(SnippetViewSet):
    model = Field
    icon = "tag"
    menu_label = _("Fields")
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None


class LegalViewSetGroup(SnippetViewSetGroup):
    items = (DocumentViewSet, DocumentTypeViewSet, AgencyViewSet, FieldViewSet)
    menu_icon = "doc-full"
    menu_label = _("Legal documents")
    menu_name = "legal"
    menu_order = 250


register_snippet(LegalViewSetGroup)


@hooks.register("register_admin_urls")
def register_report_url():
    return [
        path(
            "reports/legal-missing/",
            missing_documents_report,
            name="legal_missing_documents",
        )
    ]


class MissingDocumentsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("legal.add_document")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MissingDocumentsMenuItem(
        _("Cited but not in the registry"),
        reverse("legal_missing_documents"),
        icon_name="doc-full",
        order=900,
    )
