"""Admin report: numbers articles cite that the registry does not have."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Page

from cong.legal.models import Citation

PAGE_SIZE = 50


def missing_rows(include_short: bool = False):
    """One row per cited number missing from the registry, most cited first."""
    citations = Citation.objects.filter(document__isnull=True)
    if include_short:
        grouped = citations.values("type_name", "number", "number_key")
    else:
        grouped = citations.exclude(number_key="").values("number_key")
    return grouped.annotate(
        citations=Count("id"),
        articles=Count("article", distinct=True),
        shown_number=Min("number"),
        shown_type=Max("type_name"),
        example_article=Min("article_id"),
    ).order_by("-articles", "-citations", "number_key")


@permission_required("legal.add_document", raise_exception=True)
def missing_documents_report(request):
    include_short = request.GET.get("short") == "1"
    page = Paginator(missing_rows(include_short), PAGE_SIZE).get_page(request.GET.get("p"))
    titles = dict(
        Page.objects.filter(pk__in=[row["example_article"] for row in page]).values_list(
            "pk", "title"
        )
    )
    rows = [{**row, "example_title": titles.get(row["example_article"], "")} for row in page]
    return render(
        request,
        "legal/admin/missing_documents.html",
        {
            "page_obj": page,
            "rows": rows,
            "include_short": include_short,
            "header_title": _("Cited but not in the registry"),
        },
    )
