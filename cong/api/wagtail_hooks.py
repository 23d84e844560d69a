"""Admin for interconnection: API tokens (issued and revoked here; plaintext shown once),
webhook subscribers of our directive streams, and the streams we follow."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from cong.api.models import ApiToken, StreamSubscription, WebhookSubscription
from cong.network.models import PortalPage


class ApiTokenForm(forms.ModelForm):
    portal = forms.ModelChoiceField(
        queryset=PortalPage.objects.select_related("unit").order_by("path"), label=_("Portal")
    )

    class Meta:
        model = ApiToken
        fields = ["name", "portal", "role"]


class TokenIndexView(generic.IndexView):
    def get_queryset(self):
        return super().get_queryset().select_related("portal")

    @property
    def columns(self):
        return [
            TitleColumn("prefix", label=_("Token"), get_url=self.get_edit_url),
            Column("name", label=_("Name")),
            Column("portal", label=_("Portal")),
            Column("role", label=_("Role"), accessor="get_role_display"),
            Column("created_at", label=_("Created")),
            Column("last_used_at", label=_("Last used")),
            Column("revoked_at", label=_("Revoked")),
        ]


class TokenCreateView(generic.CreateView):
    def form_valid(self, form):
        self.object, plaintext = ApiToken.issue(
            name=form.cleaned_data["name"],
            portal=form.cleaned_data["portal"],
            role=form.cleaned_data["role"],
            created_by=self.request.user,
        )
        log(self.object, "wagtail.create", user=self.request.user)
        context = self.get_context_data(token=plaintext)
        context["page_title"] = context["header_title"] = _("API token created")
        # Wagtail's own "copy it now" page for its API tokens fits ours as is.
        return TemplateResponse(self.request, "api/token_created.html", context)


class TokenRevokeView(generic.DeleteView):
    """Revoking keeps the row, for the audit trail."""

    page_title = _("Revoke")

    @property
    def confirmation_message(self):
        return _("Revoke this API token? Systems using it will be refused at once.")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        self.object.revoke()
        log(self.object, "wagtail.delete", user=request.user)
        messages.success(request, _("API token '%(name)s' revoked.") % {"name": self.object.name})
        return redirect(self.get_success_url())


class ApiTokenViewSet(ModelViewSet):
    model = ApiToken
    icon = "key"
    menu_label = _("API tokens")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["name", "portal", "role"]
    list_filter = ["role", "portal"]
    index_view_class = TokenIndexView
    add_view_class = TokenCreateView
    delete_view_class = TokenRevokeView

    def get_form_class(self, for_update=False):
        if for_update:
            return forms.modelform_factory(ApiToken, fields=["name"])
        return ApiTokenForm


class WebhookSubscriptionViewSet(ModelViewSet):
    model = WebhookSubscription
    icon = "link-external"
    menu_label = _("Webhook subscribers")
    form_fields = ["name", "portal", "target_url", "secret", "active"]
    list_display = ["name", "portal", "target_url", "active"]
    copy_view_enabled = False
    add_to_reference_index = False


class StreamSubscriptionViewSet(ModelViewSet):
    model = StreamSubscription
    icon = "download"
    menu_label = _("Followed streams")
    form_fields = ["name", "source_url", "source_portal", "local_portal", "secret", "active"]
    list_display = ["name", "source_url", "source_portal", "local_portal", "cursor", "active"]
    copy_view_enabled = False
    add_to_reference_index = False


class InterconnectionGroup(ViewSetGroup):
    menu_label = _("Interconnection")
    menu_icon = "link"
    menu_order = 650
    items = [ApiTokenViewSet, WebhookSubscriptionViewSet, StreamSubscriptionViewSet]


@hooks.register("register_admin_viewset")
def register_interconnection():
    return InterconnectionGroup()
