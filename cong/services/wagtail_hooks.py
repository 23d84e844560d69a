"""Admin: the catalogue, the holiday calendar and each unit's dossier queue."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import CalendarDay, Dossier, LifeEvent, Procedure, ServiceField
from .permissions import serves_any


class DossierPermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return action in ("view", "change") and serves_any(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            action in ("view", "change")
            and admin_views.visible_dossiers(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_permission_for(self, user, action):
        if action not in ("view", "change"):
            return Dossier.objects.none()
        return admin_views.visible_dossiers(user)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.instances_user_has_permission_for(user, "view")

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.none()


register_permission_policy(Dossier, DossierPermissionPolicy(Dossier))


class DossierIndexView(IndexView):
    def get_base_queryset(self):
        return (
            admin_views.visible_dossiers(self.request.user)
            .select_related("portal", "procedure")
            .order_by("due_date")
        )


class DossierViewSet(ModelViewSet):
    model = Dossier
    icon = "folder-open-inverse"
    menu_label = _("Dossiers")
    url_prefix = "services/dossiers"
    url_namespace = "services_dossier"
    index_view_class = DossierIndexView
    list_display = ["code", "procedure", "portal", "status", "due_date", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["code"]
    add_to_reference_index = False
    copy_view_enabled = False
    menu_order = 310

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("edit/<int:pk>/", admin_views.dossier_handle, name="edit"),
            path("file/<int:pk>/", admin_views.dossier_file, name="file"),
        ]


class ProcedureViewSet(SnippetViewSet):
    model = Procedure
    icon = "list-ul"
    menu_label = _("Procedures")
    list_display = ["name", "code", "field", "processing_days", "online_level"]
    list_filter = ["field", "online_level"]
    search_fields = ["name", "code"]


class ServiceFieldViewSet(SnippetViewSet):
    model = ServiceField
    icon = "tag"
    menu_label = _("Fields")


class LifeEventViewSet(SnippetViewSet):
    model = LifeEvent
    icon = "user"
    menu_label = _("Life events")


class CalendarDayViewSet(SnippetViewSet):
    model = CalendarDay
    icon = "date"
    menu_label = _("Holiday calendar")
    list_display = ["day", "kind", "name"]
    list_filter = ["kind"]
    ordering = ["-day"]


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = _("Public services catalogue")
    menu_icon = "list-ul"
    items = (ProcedureViewSet, ServiceFieldViewSet, LifeEventViewSet, CalendarDayViewSet)


@hooks.register("register_admin_viewset")
def register_dossier_viewset():
    return DossierViewSet()


register_snippet(CatalogueGroup)
