"""Hồ sơ: a citizen's dossier for a procedure, its papers, its history, its draft."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cong.citizens.attachments import private_storage


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    PROCESSING = "processing", _("Processing")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    SUPPLEMENTED = "supplemented", _("Supplemented")
    RESULT_READY = "result_ready", _("Result ready")
    RETURNED = "returned", _("Result returned")
    REJECTED = "rejected", _("Rejected")


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.ASSIGNED,
    Status.PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.SUPPLEMENTED,
)


class Dossier(models.Model):
    code = models.CharField(_("dossier code"), max_length=32, unique=True, editable=False)
    procedure = models.ForeignKey(
        "services.Procedure", on_delete=models.PROTECT, related_name="dossiers"
    )
    portal = models.ForeignKey(
        "network.PortalPage",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("handling unit"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED
    )
    applicant_name = models.CharField(_("full name"), max_length=255)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    answers = models.JSONField(_("form answers"), default=dict, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    submitted_at = models.DateTimeField(_("received at"), default=timezone.now)
    due_date = models.DateField(_("due date"))
    resolved_at = models.DateTimeField(_("result ready at"), null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["portal", "status", "-submitted_at"], name="dossier_queue"),
        ]

    def __str__(self):
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def on_time(self) -> bool | None:
        if self.resolved_at is None:
            return None
        return timezone.localdate(self.resolved_at) <= self.due_date


class DossierFile(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="files")
    paper = models.ForeignKey(
        "services.ProcedurePaper", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class DossierEvent(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.dossier_id}: {self.to_status}"


class DossierDraft(models.Model):
    """A dossier being filled: found again by its secret token (the resume link)."""

    token = models.CharField(max_length=64, unique=True)
    procedure = models.ForeignKey("services.Procedure", on_delete=models.CASCADE)
    portal = models.ForeignKey("network.PortalPage", on_delete=models.CASCADE)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.procedure_id} draft"


class Counters(models.Model):
    received = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    processing_seconds = models.BigIntegerField(default=0)
    ratings = models.PositiveIntegerField(default=0)
    rating_total = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class ServiceStat(Counters):
    """Monthly rollup per handling portal and procedure, kept in step with every transition.
    `portal_path` copies the portal's tree path so a subtree sums without a join."""

    portal = models.ForeignKey("network.PortalPage", on_delete=models.CASCADE, related_name="+")
    portal_path = models.CharField(max_length=255)
    procedure = models.ForeignKey("services.Procedure", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["portal", "procedure", "month"], name="service_stat_cell"
            )
        ]
        indexes = [models.Index(fields=["portal_path", "month"], name="service_stat_subtree")]

    def __str__(self):
        return f"{self.portal_id}/{self.procedure_id}/{self.month:%Y-%m}"


class ServiceStatTree(Counters):
    """The same counts summed over each portal's subtree (the portal and every portal below
    it), kept in step in the same transaction: a province's or the nation's page reads a few
    hundred rows instead of summing the whole network's cells."""

    portal = models.ForeignKey("network.PortalPage", on_delete=models.CASCADE, related_name="+")
    portal_path = models.CharField(max_length=255)
    depth = models.PositiveSmallIntegerField()
    procedure = models.ForeignKey("services.Procedure", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["portal", "procedure", "month"], name="service_stat_tree_cell"
            )
        ]
        indexes = [
            models.Index(fields=["depth", "portal_path", "month"], name="service_stat_children")
        ]

    def __str__(self):
        return f"{self.portal_id}/{self.procedure_id}/{self.month:%Y-%m} (subtree)"
