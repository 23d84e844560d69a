"""Văn bản: a portal's document registry, one page with a list and a detail per number."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cong.core.models import BasePage

PAGE_SIZE = 20


class DocumentIndexPage(RoutablePageMixin, BasePage):
    """Lists the documents issued by the portal's unit (the national portal: every central
    document) and shows each at …/van-ban/<number slug>/."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["network.PortalPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("documents section")

    def documents(self):
        from cong.legal.registry import documents_for_portal

        return documents_for_portal(self.owning_portal)

    @path("")
    def list_view(self, request):
        from cong.legal.forms import DocumentFilterForm
        from cong.legal.registry import apply_filters

        documents = self.documents()
        form = DocumentFilterForm(request.GET or None, documents=documents)
        filtered = apply_filters(documents, form.filters()).with_replacement()
        page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.render(
            request,
            context_overrides={
                "form": form,
                "documents_page": page,
                "query_string": query.urlencode(),
            },
        )

    @re_path(r"^(?P<slug>[a-z0-9][a-z0-9-]*)/$", name="document")
    def detail_view(self, request, slug):
        from cong.legal.numbers import key_from_slug

        documents = self.documents()
        document = documents.filter(slug=slug).first()
        if document is None:
            matches = list(documents.filter(number_key=key_from_slug(slug)).order_by("-issued_on"))
            if not matches:
                raise Http404
            return redirect(self.url + matches[0].slug + "/", permanent=True)
        return self.render(
            request,
            template="legal/document_detail.html",
            context_overrides={"document": document, **document_context(document)},
        )

    def get_cached_paths(self):
        return ["/"]


def document_context(document) -> dict:
    """What the detail page shows beside the record: relations, citing articles, the text."""
    from cong.legal.citations.store import citing_articles
    from cong.legal.text_anchors import anchored_paragraphs

    files = list(document.files.all())
    text = next((f.text for f in files if f.text), "")
    return {
        "files": files,
        "relations": document.relations_both_ways(),
        "citing_articles": citing_articles(document),
        "text_paragraphs": anchored_paragraphs(text),
    }
