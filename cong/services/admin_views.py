"""The handling unit's dossier screen: details, papers, history and the actions the user's role
on the handling portal allows. A dossier of another unit is simply not found."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cong.editorial.models import PortalRole

from . import workflow
from .models import Dossier, DossierFile
from .permissions import OFFICER_ROLES, dossier_scope


def visible_dossiers(user):
    scope = dossier_scope(user)
    if scope is None:
        return Dossier.objects.none()
    return Dossier.objects.filter(scope)


def _dossier_for(request, pk):
    dossier = (
        visible_dossiers(request.user)
        .filter(pk=pk)
        .select_related("portal", "procedure", "assignee")
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


def officers_of(portal):
    groups = PortalRole.objects.filter(portal=portal, role__in=OFFICER_ROLES).values("group_id")
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__in=groups)
        .distinct()
        .order_by("username")
    )


class ActionForm(forms.Form):
    note = forms.CharField(
        label=_("Note (sent to the citizen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, portal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officers_of(portal)


def dossier_handle(request, pk):
    dossier = _dossier_for(request, pk)
    form = ActionForm(request.POST or None, portal=dossier.portal)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in {t.name for t in workflow.available(request.user, dossier)}:
            raise PermissionDenied
        if form.is_valid():
            try:
                workflow.perform(
                    request.user,
                    dossier.pk,
                    action,
                    note=form.cleaned_data["note"],
                    assignee=form.cleaned_data["assignee"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Done."))
                return HttpResponseRedirect(reverse("services_dossier:edit", args=[dossier.pk]))
    return render(
        request,
        "services/admin/dossier.html",
        {
            "dossier": dossier,
            "form": form,
            "actions": workflow.available(request.user, dossier),
            "events": dossier.events.select_related("actor"),
            "files": dossier.files.select_related("paper"),
            "header_title": dossier.code,
        },
    )


def dossier_file(request, pk):
    record = DossierFile.objects.filter(pk=pk).select_related("dossier").first()
    if record is None or not visible_dossiers(request.user).filter(pk=record.dossier_id).exists():
        raise Http404
    return FileResponse(
        record.file.open("rb"),
        as_attachment=True,
        filename=record.original_name or "giay-to",
        content_type=record.content_type,
    )
