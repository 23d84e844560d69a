"""Public side of Lấy ý kiến dự thảo: the draft, the comment form, the summary exports."""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from cong.core.text import slugify_vi

from .. import abuse, summary
from ..forms import CommentForm
from ..models import Comment, CommentStatus
from .common import rate_limited, refused, render_page


def consultation(request, page):
    form = None
    sent = request.GET.get("da-gui") == "1"
    if page.is_open:
        if request.method == "POST":
            try:
                abuse.check_ip(request, "comment")
            except abuse.RateLimited:
                return rate_limited(request, page)
            form = CommentForm(request.POST, consultation=page)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    abuse.check_addresses("comment", [data["email"], data["phone"]])
                except abuse.RateLimited:
                    return rate_limited(request, page)
                if abuse.is_duplicate(f"comment:{page.pk}", data["body"]):
                    form.add_error(None, _("This comment has already been received."))
                else:
                    _create_comment(page, data)
                    return HttpResponseRedirect(page.url + "?da-gui=1#gop-y")
            elif form.is_bot:
                return refused(request, _("Your submission could not be accepted."), page)
            form.refresh_stamp()
        else:
            form = CommentForm(consultation=page)
    elif request.method == "POST":
        return refused(request, _("This consultation is not open for comments."), page, 403)

    context = {
        "form": form,
        "sent": sent,
        "articles": list(page.articles.all()),
        "comments": summary.approved_comments(page),
    }
    if page.is_closed:
        context["summary_rows"] = summary.summary_rows(page)
    return render_page(request, page, "citizens/consultation_page.html", context)


def _create_comment(page, data):
    article = data.get("article")
    return Comment.objects.create(
        consultation=page,
        portal=page.owning_portal,
        article=article,
        article_label=str(article)[:320] if article else "",
        author_name=data["name"],
        organisation=data["organisation"],
        email=data["email"].lower(),
        phone=data["phone"],
        body=data["body"],
        status=CommentStatus.PENDING,
    )


def _closed_or_404(page):
    if not page.is_closed:
        raise Http404


def summary_csv(request, page):
    _closed_or_404(page)
    response = HttpResponse(summary.summary_csv(page), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify_vi(page.title)}.csv"'
    return response


def summary_pdf(request, page):
    _closed_or_404(page)
    response = HttpResponse(summary.summary_pdf(page), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify_vi(page.title)}.pdf"'
    return response
