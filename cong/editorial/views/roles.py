"""Role assignment for portal administrators: their portal and every portal below it."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from cong.editorial.models import PortalRole, Role
from cong.editorial.roles import administered_portals, grant_role, revoke_role
from cong.editorial.workflows import WORKFLOW_CHOICES, assign_workflow, workflow_kind
from cong.network.models import PortalPage


class GrantForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username or e-mail"), max_length=254)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        users = get_user_model().objects.filter(is_active=True)
        user = users.filter(username=value).first() or users.filter(email__iexact=value).first()
        if user is None:
            raise forms.ValidationError(_("No active user '%(name)s'.") % {"name": value})
        return user


class WorkflowForm(forms.Form):
    workflow = forms.ChoiceField(label=gettext_lazy("Approval process"), choices=WORKFLOW_CHOICES)


def _administered_portal(request, portal_id):
    portal = get_object_or_404(PortalPage.objects.select_related("unit"), pk=portal_id)
    if not administered_portals(request.user).filter(pk=portal.pk).exists():
        raise PermissionDenied
    return portal


def roles_index(request):
    portals = administered_portals(request.user).select_related("unit").order_by("path")
    if not request.user.is_superuser and not portals.exists():
        raise PermissionDenied
    query = (request.GET.get("q") or "").strip()
    if query:
        portals = portals.filter(title__icontains=query)
    page = Paginator(portals, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "editorial/admin/roles_index.html", {"portals": page, "query": query}
    )


def portal_roles(request, portal_id):
    portal = _administered_portal(request, portal_id)
    grant_form = GrantForm()
    workflow_form = WorkflowForm(initial={"workflow": workflow_kind(portal)})
    if request.method == "POST":
        if "workflow" in request.POST:
            workflow_form = WorkflowForm(request.POST)
            if workflow_form.is_valid():
                kind = workflow_form.cleaned_data["workflow"]
                assign_workflow([portal.pk], kind)
                log(
                    instance=portal,
                    action="cong.workflow.set",
                    user=request.user,
                    data={"workflow": kind},
                )
                messages.success(request, _("Approval process updated."))
                return redirect("editorial_portal_roles", portal.pk)
        else:
            grant_form = GrantForm(request.POST)
            if grant_form.is_valid():
                user, role = grant_form.cleaned_data["username"], grant_form.cleaned_data["role"]
                if grant_role(user, role, portal):
                    log(
                        instance=portal,
                        action="cong.role.grant",
                        user=request.user,
                        data={"username": user.get_username(), "role": role},
                    )
                messages.success(request, _("Role granted."))
                return redirect("editorial_portal_roles", portal.pk)
    roles = PortalRole.objects.filter(portal=portal).select_related("group")
    members = {row.role: list(row.group.user_set.order_by("username")) for row in roles}
    return TemplateResponse(
        request,
        "editorial/admin/portal_roles.html",
        {
            "portal": portal,
            "roles": [(value, label, members.get(value, [])) for value, label in Role.choices],
            "grant_form": grant_form,
            "workflow_form": workflow_form,
        },
    )


@require_POST
def revoke(request, portal_id):
    portal = _administered_portal(request, portal_id)
    user = get_object_or_404(get_user_model(), pk=request.POST.get("user"))
    role = request.POST.get("role")
    if role not in Role.values:
        raise PermissionDenied
    if revoke_role(user, role, portal):
        log(
            instance=portal,
            action="cong.role.revoke",
            user=request.user,
            data={"username": user.get_username(), "role": role},
        )
        messages.success(request, _("Role removed."))
    return redirect("editorial_portal_roles", portal.pk)
