"""The handling unit's screens: a question's page (assign, answer, approve, publish) and a
comment's moderation. Everything here is limited to the user's own portals."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cong.core.text import clean_text

from .models import Comment, CommentStatus, Question, QuestionStatus
from .permissions import can_approve, handled_portals, handlers_of
from .privacy import redact
from .tasks import notify_question


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["answer", "public_title", "public_body"]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 10}),
            "public_body": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "public_body": gettext_lazy(
                "What is published: check that no name, address, phone or ID number remains."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        for name in self.Meta.fields:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = clean_text(cleaned[name])
        return cleaned


def _question_for(request, pk):
    # A forged or foreign id is simply not found: other units' queues do not exist here.
    question = (
        Question.objects.filter(pk=pk, portal__in=handled_portals(request.user))
        .select_related("portal", "topic", "assignee")
        .first()
    )
    if question is None:
        raise Http404
    return question


def question_handle(request, pk):
    question = _question_for(request, pk)
    approver = can_approve(request.user, question.portal_id)
    names = [question.asker_name]
    initial = {
        "public_title": question.public_title or redact(question.title, names),
        "public_body": question.public_body or redact(question.body, names),
    }
    answer_form = AnswerForm(instance=question, initial=initial)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "assign":
            error = _assign(request, question)
        elif action == "submit":
            answer_form = AnswerForm(request.POST, instance=question)
            error = _submit(request, question, answer_form)
        elif action in ("approve", "return", "close"):
            if not approver:
                raise PermissionDenied
            error = _decide(request, question, action)
        else:
            error = _("Unknown action.")
        if error is None:
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(request.path)
        messages.error(request, error)
    return render(
        request,
        "citizens/admin/question_handle.html",
        {
            "question": question,
            "answer_form": answer_form,
            "handlers": handlers_of(question.portal_id),
            "can_approve": approver,
            "statuses": QuestionStatus,
            "attachment_url": reverse("citizens_question:attachment", args=[question.pk])
            if question.attachment
            else "",
            "index_url": reverse("citizens_question:index"),
        },
    )


def _assign(request, question):
    if question.status not in (QuestionStatus.RECEIVED, QuestionStatus.ASSIGNED):
        return _("This question can no longer be reassigned.")
    assignee = handlers_of(question.portal_id).filter(pk=request.POST.get("assignee")).first()
    if assignee is None:
        return _("Choose someone from this unit.")
    question.assignee = assignee
    question.status = QuestionStatus.ASSIGNED
    question.save(update_fields=["assignee", "status", "updated_at", "search_text"])
    return None


def _submit(request, question, form):
    if question.status not in (QuestionStatus.RECEIVED, QuestionStatus.ASSIGNED):
        return _("This question is not waiting for an answer.")
    if not form.is_valid():
        return _("Please fill in the answer and the text to publish.")
    question = form.save(commit=False)
    question.answered_by = request.user
    question.assignee = question.assignee or request.user
    question.status = QuestionStatus.PENDING_APPROVAL
    question.save()
    return None


@transaction.atomic
def _decide(request, question, action):
    if action == "close":
        if question.is_finished:
            return _("This question is already finished.")
        question.status = QuestionStatus.CLOSED
        question.finished_at = timezone.now()
        question.save()
        return None
    if question.status != QuestionStatus.PENDING_APPROVAL:
        return _("This question is not awaiting approval.")
    if action == "return":
        question.status = QuestionStatus.ASSIGNED
        question.save()
        return None
    now = timezone.now()
    question.approved_by = request.user
    question.answered_at = now
    question.finished_at = now
    if question.consent_to_publish:
        question.status = QuestionStatus.PUBLISHED
        question.published_at = now
    else:
        question.status = QuestionStatus.ANSWERED
    question.save()
    notify_question.enqueue(question.pk, "answered")
    return None


def question_attachment(request, pk):
    question = _question_for(request, pk)
    if not question.attachment:
        raise Http404
    response = FileResponse(
        question.attachment.open("rb"),
        as_attachment=True,
        filename=question.attachment_name or question.attachment.name.rsplit("/", 1)[-1],
        content_type=question.attachment_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def comment_moderate(request, pk):
    comment = (
        Comment.objects.filter(pk=pk, portal__in=handled_portals(request.user))
        .select_related("consultation", "portal")
        .first()
    )
    if comment is None:
        raise Http404
    if request.method == "POST":
        decision = {"approve": CommentStatus.APPROVED, "reject": CommentStatus.REJECTED}.get(
            request.POST.get("action")
        )
        if decision is None:
            messages.error(request, _("Unknown action."))
        else:
            comment.status = decision
            comment.moderated_by = request.user
            comment.moderated_at = timezone.now()
            comment.save(update_fields=["status", "moderated_by", "moderated_at"])
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(reverse("citizens_comment:index"))
    return render(
        request,
        "citizens/admin/comment_moderate.html",
        {"comment": comment, "index_url": reverse("citizens_comment:index")},
    )
