"""E-mail alerts: double opt-in subscriptions and the items waiting to be sent."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubscriptionKind(models.TextChoices):
    PORTAL = "portal", _("News of a portal")
    TOPIC = "topic", _("A topic")
    DIRECTIVES = "directives", _("Directives reaching a portal")
    DOCUMENT_TYPE = "doctype", _("A type of legal document")


class SubscriptionFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As soon as it is published")
    DAILY = "daily", _("Once a day (digest)")


DOCUMENT_TYPES = [
    ("luat", _("Law")),
    ("nghi-dinh", _("Decree")),
    ("nghi-quyet", _("Resolution")),
    ("quyet-dinh", _("Decision")),
    ("thong-tu", _("Circular")),
    ("chi-thi", _("Directive")),
    ("cong-van", _("Official letter")),
]


class Subscription(models.Model):
    email = models.EmailField(_("e-mail"))
    kind = models.CharField(_("subscribe to"), max_length=16, choices=SubscriptionKind.choices)
    portal = models.ForeignKey(
        "network.PortalPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("portal"),
    )
    topic = models.ForeignKey(
        "news.Topic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("topic"),
    )
    document_type = models.CharField(
        _("document type"), max_length=32, choices=DOCUMENT_TYPES, blank=True
    )
    # "portal:12", "topic:3", "doctype:nghi-dinh": one subscription per address and target.
    target_key = models.CharField(max_length=64, editable=False)
    frequency = models.CharField(
        _("how often"),
        max_length=16,
        choices=SubscriptionFrequency.choices,
        default=SubscriptionFrequency.IMMEDIATE,
    )
    language = models.CharField(max_length=8, default="vi")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail alert subscription")
        verbose_name_plural = _("e-mail alert subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["email", "target_key"], name="subscription_unique"),
        ]
        indexes = [models.Index(fields=["target_key", "confirmed_at"], name="subscription_target")]

    def __str__(self):
        return f"{self.email} → {self.describe()}"

    def save(self, *args, **kwargs):
        self.target_key = self.make_target_key(
            self.kind, self.portal_id, self.topic_id, self.document_type
        )
        super().save(*args, **kwargs)

    @staticmethod
    def make_target_key(kind, portal_id=None, topic_id=None, document_type="") -> str:
        if kind in (SubscriptionKind.PORTAL, SubscriptionKind.DIRECTIVES):
            return f"{kind}:{portal_id}"
        if kind == SubscriptionKind.TOPIC:
            return f"{kind}:{topic_id}"
        return f"{kind}:{document_type}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def describe(self) -> str:
        if self.kind == SubscriptionKind.PORTAL:
            return str(_("News of %(portal)s")) % {"portal": self.portal}
        if self.kind == SubscriptionKind.DIRECTIVES:
            return str(_("Directives reaching %(portal)s")) % {"portal": self.portal}
        if self.kind == SubscriptionKind.TOPIC:
            return str(_("Topic: %(topic)s")) % {"topic": self.topic}
        return str(_("Documents: %(type)s")) % {"type": self.get_document_type_display()}


class AlertItem(models.Model):
    """One published item for one subscription; unique, so re-publishing never re-sends."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(max_length=512)
    url = models.CharField(max_length=1024)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "url"], name="alert_item_unique"),
        ]
        indexes = [models.Index(fields=["sent_at", "subscription"], name="alert_item_pending")]

    def __str__(self):
        return self.title
