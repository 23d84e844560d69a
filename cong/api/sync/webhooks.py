"""Signed webhook deliveries of the directive stream, retried with exponential backoff.

Signature: header `X-Cong-Signature: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`.
The receiver checks it with the shared secret and rejects stale timestamps (replays)."""

import hashlib
import hmac
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.utils import timezone

from cong.api.json import dumps
from cong.api.models import DirectiveEvent, WebhookDelivery, WebhookSubscription
from cong.api.sync.events import event_data

SIGNATURE_HEADER = "X-Cong-Signature"
TOLERANCE_SECONDS = 300
TIMEOUT_SECONDS = 10
BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 6 * 3600
MAX_ATTEMPTS = 15  # ≈ 2.5 days of retries before giving up (pull still catches up)


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(secret: str, body: bytes, header: str, now: float | None = None) -> bool:
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def backoff(attempts: int) -> timedelta:
    return timedelta(
        seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1), BACKOFF_CAP_SECONDS)
    )


def create_deliveries(event: DirectiveEvent) -> list[WebhookDelivery]:
    subscriptions = WebhookSubscription.objects.filter(
        active=True, portal_id=event.origin_portal_id
    )
    deliveries = []
    for subscription in subscriptions:
        delivery, _ = WebhookDelivery.objects.get_or_create(subscription=subscription, event=event)
        deliveries.append(delivery)
    return deliveries


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def attempt(delivery: WebhookDelivery) -> bool:
    """Try one delivery now; on failure schedule the next attempt. True when delivered.

    No transaction is held across the HTTP call (SQLite would stay write-locked for up to the
    timeout); two workers racing on one delivery at worst send it twice, which receivers ignore.
    """
    delivery = (
        WebhookDelivery.objects.select_related("subscription", "event")
        .filter(pk=delivery.pk)
        .first()
    )
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return bool(delivery) and delivery.status == WebhookDelivery.Status.DELIVERED
    body = dumps(event_data(delivery.event)).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Cong-Webhooks/1",
        SIGNATURE_HEADER: sign(delivery.subscription.secret, body),
        "X-Cong-Event": str(delivery.event_id),
        "X-Cong-Delivery": str(delivery.pk),
    }
    try:
        status = _post(delivery.subscription.target_url, body, headers)
        error = "" if 200 <= status < 300 else f"HTTP {status}"
    except (OSError, ValueError) as exc:  # refused, timeout, DNS, bad URL
        status, error = None, f"{type(exc).__name__}: {exc}"[:1000]
    now = timezone.now()
    attempts = delivery.attempts + 1
    changes = {"attempts": attempts, "last_status_code": status, "last_error": error}
    if not error:
        changes.update(status=WebhookDelivery.Status.DELIVERED, delivered_at=now)
    elif attempts >= MAX_ATTEMPTS:
        changes.update(status=WebhookDelivery.Status.FAILED)
    else:
        changes.update(next_attempt_at=now + backoff(attempts))
    WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.PENDING).update(
        **changes
    )
    return not error


def deliver_due(*, ignore_schedule: bool = False, now=None) -> dict[str, int]:
    """Attempt every pending delivery whose time has come (all pending ones with
    `ignore_schedule`), oldest event first. Returns counts."""
    now = now or timezone.now()
    pending = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
    if not ignore_schedule:
        pending = pending.filter(next_attempt_at__lte=now)
    counts = {"delivered": 0, "failed": 0}
    for delivery in pending.order_by("event_id", "pk"):
        counts["delivered" if attempt(delivery) else "failed"] += 1
    return counts
