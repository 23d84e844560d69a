"""E-mail the reviewers of a portal when a page reaches their step."""

from django.contrib.auth import get_user_model
from wagtail.admin.mail import BaseGroupApprovalTaskStateEmailNotifier

from cong.editorial.models import PortalRole, PortalRoleTask
from cong.editorial.roles import ROLES_REVIEWING, Role, portal_chain


class PortalTaskSubmissionEmailNotifier(BaseGroupApprovalTaskStateEmailNotifier):
    notification = "submitted"

    def can_handle(self, instance, **kwargs):
        return isinstance(instance, self.valid_classes) and isinstance(
            instance.task.specific, PortalRoleTask
        )

    def get_recipient_users(self, task_state, **kwargs):
        page = task_state.workflow_state.content_object
        chain = portal_chain([page.path])[page.path]
        users = get_user_model().objects.none()
        if chain:
            own = PortalRole.objects.filter(
                portal__path=chain[-1], role__in=ROLES_REVIEWING[task_state.task.specific.role]
            ).exclude(role=Role.ADMIN)
            users = (
                get_user_model()
                .objects.filter(is_active=True, groups__portal_role__in=own)
                .distinct()
            )
        triggering_user = kwargs.get("user")
        if triggering_user:
            users = users.exclude(pk=triggering_user.pk)
        return users


portal_task_submission_notifier = PortalTaskSubmissionEmailNotifier()
