"""Public side of Hỏi đáp: list, ask, follow by code, a published answer."""

from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _

from .. import abuse
from ..forms import QuestionForm
from ..models import Question, QuestionStatus
from ..privacy import normalise_code
from ..tasks import notify_question
from .common import rate_limited, refused, render_page


def _published_here(page):
    portal = page.owning_portal
    return (
        Question.objects.published()
        .filter(portal__path__startswith=portal.path)
        .select_related("topic", "portal")
    )


def question_list(request, page):
    questions = _published_here(page).order_by("-published_at")
    paginator = Paginator(questions, 20)
    current = paginator.get_page(request.GET.get("trang"))
    return render_page(request, page, "citizens/question_index_page.html", {"questions": current})


def ask(request, page):
    portal = page.owning_portal
    if request.method == "POST":
        try:
            abuse.check_ip(request, "question")
        except abuse.RateLimited:
            return rate_limited(request, page)
        form = QuestionForm(request.POST, request.FILES, portal=portal)
        if form.is_valid():
            data = form.cleaned_data
            try:
                abuse.check_addresses("question", [data["email"], data["phone"]])
            except abuse.RateLimited:
                return rate_limited(request, page)
            if abuse.is_duplicate("question", data["body"]):
                form.add_error(None, _("This question has already been received."))
            else:
                question = _create_question(form)
                notify_question.enqueue(question.pk, "received")
                return HttpResponseRedirect(f"{question.follow_url()}&moi=1")
        elif form.is_bot:
            return refused(request, _("Your submission could not be accepted."), page)
        form.refresh_stamp()
    else:
        form = QuestionForm(portal=portal)
    return render_page(request, page, "citizens/question_ask.html", {"form": form})


@transaction.atomic
def _create_question(form):
    from ..attachments import stored_name

    data = form.cleaned_data
    question = Question(
        portal=form.handling_portal(),
        topic=data.get("topic"),
        title=data["title"],
        body=data["body"],
        asker_name=data["name"],
        asker_email=data["email"].lower(),
        asker_phone=data["phone"],
        consent_to_publish=data["consent"],
    )
    uploaded = data.get("attachment")
    if uploaded:
        question.attachment.save(stored_name(form.attachment_kind), uploaded, save=False)
        question.attachment_name = (uploaded.name or "")[-255:]
        question.attachment_type = form.attachment_type
    question.save()
    return question


def follow(request, page):
    code = normalise_code(request.GET.get("ma", ""))
    question = None
    if code:
        try:
            abuse.check_ip(request, "follow")
        except abuse.RateLimited:
            return rate_limited(request, page)
        question = Question.objects.filter(code=code).select_related("portal", "topic").first()
    return render_page(
        request,
        page,
        "citizens/question_follow.html",
        {
            "code": code,
            "question": question,
            "just_sent": request.GET.get("moi") == "1" and question is not None,
            "statuses": QuestionStatus,
        },
        status=404 if code and question is None else 200,
    )


def question_detail(request, page, question_id):
    question = _published_here(page).filter(pk=question_id).first()
    if question is None:
        raise Http404
    return render_page(request, page, "citizens/question_detail.html", {"question": question})
