"""Proposals: send an article up, and decide on those sent to your portal."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cong.editorial import syndication
from cong.editorial.models import Proposal, ProposalStatus
from cong.news.models import ArticlePage


class ProposeForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note for the portal above"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


def proposals_index(request):
    inbox = (
        syndication.decidable_by(request.user)
        .select_related("article", "from_portal", "to_portal", "proposed_by")
        .order_by("status", "-created_at")[:200]
    )
    outbox = (
        syndication.sent_by(request.user)
        .select_related("article", "from_portal", "to_portal", "decided_by")
        .order_by("-created_at")[:200]
    )
    return TemplateResponse(
        request,
        "editorial/admin/proposals.html",
        {
            "inbox": inbox,
            "outbox": outbox,
            "decline_form": DeclineForm(),
            "pending": ProposalStatus.PENDING,
            "accepted": ProposalStatus.ACCEPTED,
        },
    )


def propose(request, page_id):
    article = get_object_or_404(ArticlePage, pk=page_id)
    origin, parent = syndication.origin_and_parent(article)
    if origin is None or parent is None:
        raise PermissionDenied
    from cong.editorial.roles import user_can_decide_for_portal

    if not user_can_decide_for_portal(request.user, origin):
        raise PermissionDenied
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            syndication.propose(article, request.user, form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Proposed to %(portal)s.") % {"portal": parent.title})
            return redirect("editorial_proposals")
    return TemplateResponse(
        request,
        "editorial/admin/propose.html",
        {"article": article, "origin": origin, "parent": parent, "form": form},
    )


def _proposal(request, proposal_id):
    return get_object_or_404(
        Proposal.objects.select_related("article", "from_portal", "to_portal"), pk=proposal_id
    )


@require_POST
def decide(request, proposal_id, decision):
    proposal = _proposal(request, proposal_id)
    try:
        if decision == "accept":
            syndication.accept(proposal, request.user)
            messages.success(request, _("Accepted: it now appears in your portal's listings."))
        elif decision == "decline":
            form = DeclineForm(request.POST)
            syndication.decline(proposal, request.user, form.data.get("reason", ""))
            messages.success(request, _("Declined."))
        elif decision == "withdraw":
            syndication.withdraw(proposal, request.user)
            messages.success(request, _("Withdrawn."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("editorial_proposals")
