"""The receipt, following a dossier by code + contact, and rating the service afterwards.
A wrong code and a wrong contact give the same answer: nothing tells which one was wrong."""

from django.utils.translation import gettext as _

from .. import limits, workflow
from ..forms import RatingForm, TrackForm
from ..models import Dossier
from .common import render_page, too_many
from .submit import RECEIPT_SESSION_KEY


def find(code: str, contact: str):
    if not code or not contact:
        return None
    dossier = Dossier.objects.select_related("procedure", "portal").filter(code=code).first()
    if dossier is None:
        return None
    if contact not in {dossier.email.lower(), dossier.phone} - {""}:
        return None
    return dossier


def receipt(request, page):
    codes = request.session.get(RECEIPT_SESSION_KEY, [])
    dossier = (
        Dossier.objects.select_related("procedure", "portal").filter(code=codes[-1]).first()
        if codes
        else None
    )
    return render_page(
        request,
        page,
        "services/receipt.html",
        {"dossier": dossier},
        status=200 if dossier else 404,
        private=True,
    )


def track(request, page):
    dossier, status = None, 200
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        try:
            limits.check(request, "track")
        except limits.RateLimited:
            return too_many(request, page)
        if form.is_valid():
            dossier = find(form.cleaned_data["code"], form.cleaned_data["contact"])
        if dossier is None:
            status = 404
    context = {
        "form": form,
        "dossier": dossier,
        "not_found": request.method == "POST" and dossier is None,
        "events": list(dossier.events.order_by("created_at", "pk")) if dossier else [],
        "rating_form": RatingForm(
            initial={"code": dossier.code, "contact": form.cleaned_data["contact"]}
        )
        if dossier and dossier.rated_at is None and not dossier.is_open
        else None,
    }
    return render_page(request, page, "services/track.html", context, status=status, private=True)


def rate(request, page):
    if request.method != "POST":
        return track(request, page)
    try:
        limits.check(request, "rate")
    except limits.RateLimited:
        return too_many(request, page)
    form = RatingForm(request.POST)
    dossier = None
    if form.is_valid():
        dossier = find(form.cleaned_data["code"], form.cleaned_data["contact"])
    if dossier is None:
        return render_page(
            request,
            page,
            "services/track.html",
            {"form": TrackForm(), "not_found": True},
            status=404,
        )
    accepted = workflow.rate(dossier, form.cleaned_data["score"], form.cleaned_data["comment"])
    message = (
        _("Thank you: your rating has been recorded.")
        if accepted
        else _("This dossier cannot be rated now, or was already rated.")
    )
    return render_page(
        request, page, "services/rated.html", {"message": message}, status=200 if accepted else 409
    )
