"""Interconnection records: API tokens for agencies' systems, the outbound directive stream with
its webhook deliveries, and the inbound side of portal-to-portal sync."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "cong_"
_TOKEN_SALT = "cong.api.token"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A bearer token for one agency system, limited to one portal and one role.

    Only an HMAC digest of the token is stored; the plaintext is shown once, at creation.
    """

    class Role(models.TextChoices):
        CONTRIBUTOR = "contributor", _("Contributor: save drafts")
        EDITOR = "editor", _("Editor: save drafts and submit for approval")
        PUBLISHER = "publisher", _("Publisher: also publish and withdraw")

    name = models.CharField(_("name"), max_length=255, help_text=_("Which system uses it."))
    portal = models.ForeignKey(
        "network.PortalPage",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("portal"),
    )
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.CONTRIBUTOR
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("token"), max_length=16, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_token(plaintext: str) -> str:
        return salted_hmac(_TOKEN_SALT, plaintext, algorithm="sha256").hexdigest()

    @classmethod
    def issue(cls, *, name, portal, role, created_by=None):
        """Create a token; returns (token, plaintext). The plaintext is not stored anywhere."""
        plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            name=name,
            portal=portal,
            role=role,
            created_by=created_by,
            key_hash=cls.hash_token(plaintext),
            prefix=plaintext[: len(TOKEN_PREFIX) + 6],
        )
        return token, plaintext

    @classmethod
    def authenticate(cls, plaintext: str):
        if not plaintext.startswith(TOKEN_PREFIX):
            return None
        return (
            cls.objects.active()
            .select_related("portal", "created_by")
            .filter(key_hash=cls.hash_token(plaintext))
            .first()
        )

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def allows(self, action: str) -> bool:
        granted = {
            self.Role.CONTRIBUTOR: {"draft"},
            self.Role.EDITOR: {"draft", "submit"},
            self.Role.PUBLISHER: {"draft", "submit", "publish", "withdraw"},
        }
        return action in granted.get(self.role, set())


class ExternalRecord(models.Model):
    """Maps an agency system's own identifier to the page the write API made for it."""

    portal = models.ForeignKey("network.PortalPage", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)
    external_id = models.CharField(max_length=200)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    payload_hash = models.CharField(max_length=64)
    action = models.CharField(max_length=16)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["portal", "kind", "external_id"], name="api_external_record_unique"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.external_id} → page {self.page_id}"


class DirectiveEvent(models.Model):
    """One change in a portal's outbound directive stream. The id is the stream cursor."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("published")
        UPDATED = "updated", _("updated")
        WITHDRAWN = "withdrawn", _("withdrawn")

    directive_key = models.UUIDField(db_index=True)
    origin_portal = models.ForeignKey(
        "network.PortalPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["origin_portal", "id"], name="api_event_portal_seq")]

    def __str__(self):
        return f"#{self.pk} {self.kind} {self.directive_key}"


class WebhookSubscription(models.Model):
    """Another installation that wants a portal's directive stream pushed to it."""

    name = models.CharField(_("name"), max_length=255)
    portal = models.ForeignKey(
        "network.PortalPage",
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("portal whose directives are sent"),
    )
    target_url = models.URLField(_("receiver URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"), max_length=128, help_text=_("Shared with the receiver.")
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self):
        return f"{self.name} → {self.target_url}"


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed (gave up)")

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(DirectiveEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="api_delivery_unique")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="api_delivery_due")]

    def __str__(self):
        return f"event {self.event_id} → {self.subscription_id}: {self.status}"


class StreamSubscription(models.Model):
    """This installation following another installation's directive stream."""

    name = models.CharField(_("name"), max_length=255)
    source_url = models.URLField(
        _("source installation"), help_text=_("Base URL, e.g. https://chinhphu.vn")
    )
    source_portal = models.CharField(
        _("source portal"),
        max_length=64,
        help_text=_("Official unit code of the portal whose directives are followed."),
    )
    local_portal = models.ForeignKey(
        "network.PortalPage",
        on_delete=models.CASCADE,
        related_name="stream_subscriptions",
        verbose_name=_("receiving portal"),
    )
    secret = models.CharField(_("signing secret"), max_length=128)
    cursor = models.BigIntegerField(default=0, help_text=_("Last event pulled."))
    active = models.BooleanField(_("active"), default=True)
    last_pulled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("stream subscription")
        verbose_name_plural = _("stream subscriptions")

    def __str__(self):
        return f"{self.name} ({self.source_url})"


class ReceivedDirective(models.Model):
    subscription = models.ForeignKey(
        StreamSubscription, on_delete=models.CASCADE, related_name="received"
    )
    remote_id = models.UUIDField()
    page = models.ForeignKey(
        "news.ArticlePage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    remote_url = models.URLField(max_length=500, blank=True)
    last_seq = models.BigIntegerField(default=0)
    withdrawn = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "remote_id"], name="api_received_unique"
            )
        ]

    def __str__(self):
        return f"{self.remote_id} (seq {self.last_seq})"
