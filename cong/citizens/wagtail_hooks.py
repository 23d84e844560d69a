"""Admin queues for the handling unit: questions and comments, limited to the user's portals."""

from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from . import admin_views
from .models import Comment, Question
from .permissions import can_handle, handled_portals, handles_any

QUEUE_ACTIONS = ("view", "change")


class UnitQueuePermissionPolicy(BasePermissionPolicy):
    """View/change on the rows of the user's own portals; no add or delete from the admin
    (citizens submit; purge_personal_data removes)."""

    def user_has_permission(self, user, action):
        return action in QUEUE_ACTIONS and handles_any(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return action in QUEUE_ACTIONS and can_handle(user, instance.portal_id)

    def instances_user_has_permission_for(self, user, action):
        if action not in QUEUE_ACTIONS:
            return self.model.objects.none()
        return self.model.objects.filter(portal__in=handled_portals(user))

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(a in QUEUE_ACTIONS for a in actions):
            return self.model.objects.none()
        return self.instances_user_has_permission_for(user, "view")

    def users_with_any_permission(self, actions):
        return get_user_model().objects.none()


register_permission_policy(Question, UnitQueuePermissionPolicy(Question))
register_permission_policy(Comment, UnitQueuePermissionPolicy(Comment))


class QueueIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(portal__in=handled_portals(self.request.user))
            .select_related("portal")
        )


class QueueViewSet(ModelViewSet):
    """Listing only: rows are created by citizens and handled on our own screens."""

    index_view_class = QueueIndexView
    list_filter = ["status"]
    add_to_reference_index = False
    copy_view_enabled = False

    def queue_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]


class QuestionViewSet(QueueViewSet):
    model = Question
    icon = "help"
    menu_label = _("Citizen questions")
    url_prefix = "citizens/questions"
    url_namespace = "citizens_question"
    list_display = ["title", "code", "portal", "status", "assignee", "created_at"]
    search_fields = ["title", "code"]

    def get_urlpatterns(self):
        return [
            *self.queue_urlpatterns(),
            path("edit/<int:pk>/", admin_views.question_handle, name="edit"),
            path("attachment/<int:pk>/", admin_views.question_attachment, name="attachment"),
        ]


class CommentViewSet(QueueViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Comments on drafts")
    url_prefix = "citizens/comments"
    url_namespace = "citizens_comment"
    list_display = ["__str__", "consultation", "target_label", "status", "created_at"]
    search_fields = ["body"]

    def get_urlpatterns(self):
        return [
            *self.queue_urlpatterns(),
            path("edit/<int:pk>/", admin_views.comment_moderate, name="edit"),
        ]


class CitizensGroup(ModelViewSetGroup):
    menu_label = _("Citizens")
    menu_icon = "group"
    items = (QuestionViewSet, CommentViewSet)


@hooks.register("register_admin_viewset")
def register_citizens_viewsets():
    return CitizensGroup()
