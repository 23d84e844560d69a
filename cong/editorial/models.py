"""Editorial records: who holds which role on which portal, the portal-aware approval step,
public change notes and proposals of articles from a portal to its parent."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState, get_default_page_content_type


class Role(models.TextChoices):
    AUTHOR = "author", _("Author")
    EDITOR = "editor", _("Editor")
    APPROVER = "approver", _("Approver")
    ADMIN = "admin", _("Portal administrator")


class PortalRoleQuerySet(models.QuerySet):
    def held_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(group__in=user.groups.all())


class PortalRole(models.Model):
    """One of the four groups every portal gets; its members hold that role on that portal."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="portal_role")
    portal = models.ForeignKey("network.PortalPage", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    objects = PortalRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("portal role")
        verbose_name_plural = _("portal roles")
        constraints = [
            models.UniqueConstraint(fields=["portal", "role"], name="portal_role_unique"),
        ]

    def __str__(self):
        return self.group.name


class PortalRoleTask(Task):
    """An approval step done by whoever holds `role` on the portal the page belongs to.

    One task serves the whole network: the reviewers are found from the page's own portal at
    review time, so 3,356 portals need no per-portal task or workflow rows.
    """

    role = models.CharField(
        _("role"),
        max_length=16,
        choices=[(Role.EDITOR, Role.EDITOR.label), (Role.APPROVER, Role.APPROVER.label)],
    )

    admin_form_fields = [*Task.admin_form_fields, "role"]

    class Meta:
        verbose_name = _("portal role approval")
        verbose_name_plural = _("portal role approvals")

    def _can_review(self, obj, user) -> bool:
        from cong.editorial.roles import user_reviews_page

        if user.is_superuser:
            return True
        cache = user.__dict__.setdefault("_portal_task_checks", {})
        key = (self.pk, obj.pk)
        if key not in cache:
            cache[key] = user_reviews_page(user, obj, self.role)
        return cache[key]

    def user_can_access_editor(self, obj, user):
        return self._can_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self._can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self._can_review(obj, user)

    def get_actions(self, obj, user):
        if self._can_review(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from cong.editorial.roles import ROLES_REVIEWING, pages_user_can_decide

        states = TaskState.objects.filter(task=self, status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        # In-progress reviews are few: resolve their pages in Python rather than casting the
        # text object_id inside SQL (it also holds snippet keys that are not integers).
        pending = list(
            states.filter(
                workflow_state__base_content_type=get_default_page_content_type()
            ).values_list("pk", "workflow_state__object_id")
        )
        if not pending:
            return TaskState.objects.none()
        pages = list(
            Page.objects.filter(pk__in=[int(oid) for _, oid in pending]).values_list("pk", "path")
        )
        allowed = pages_user_can_decide(user, pages, ROLES_REVIEWING[self.role])
        return TaskState.objects.filter(
            pk__in=[state_id for state_id, oid in pending if int(oid) in allowed]
        )

    @classmethod
    def get_description(cls):
        return _("Holders of the chosen role on the page's own portal approve this step")


class ChangeNote(models.Model):
    """A public note on a correction of a published article ("Cập nhật lúc …")."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="change_notes")
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("change note"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the revision carrying the note (or a later one) goes live: only then is it public.
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("change note")
        verbose_name_plural = _("change notes")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["page", "published_at"], name="changenote_page_pub")]

    def __str__(self):
        return self.note[:60]


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(models.Model):
    """An article proposed by a portal to its parent portal (đề xuất lên cấp trên)."""

    article = models.ForeignKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="proposals"
    )
    from_portal = models.ForeignKey(
        "network.PortalPage", on_delete=models.CASCADE, related_name="proposals_sent"
    )
    to_portal = models.ForeignKey(
        "network.PortalPage", on_delete=models.CASCADE, related_name="proposals_received"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    note = models.TextField(_("note"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "to_portal"], name="proposal_article_to_portal_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["to_portal", "status"], name="proposal_to_status"),
        ]

    def __str__(self):
        return f"{self.article} → {self.to_portal}"


class AuditScope(models.Model):
    """The portal a page log entry belongs to, kept beside the entry so the per-portal audit
    log still lists actions on pages deleted since (Wagtail keeps only the page id)."""

    entry = models.OneToOneField(
        "wagtailcore.PageLogEntry",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="audit_scope",
    )
    portal_path = models.CharField(max_length=255, db_index=True)
    portal_title = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("audit scope")

    def __str__(self):
        return f"{self.portal_title}: {self.entry_id}"
