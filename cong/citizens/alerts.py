"""E-mail alerts: subscribing (double opt-in), signed links, and matching published content
to subscriptions."""

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import conf
from .models import AlertItem, Subscription, SubscriptionFrequency, SubscriptionKind

_CONFIRM_SALT = "cong.citizens.alerts.confirm"
_UNSUBSCRIBE_SALT = "cong.citizens.alerts.unsubscribe"


class BadToken(Exception):
    pass


class ExpiredToken(BadToken):
    pass


def confirm_token(subscription) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=_CONFIRM_SALT)


def unsubscribe_token(subscription) -> str:
    # No expiry: an unsubscribe link in a years-old e-mail must still work.
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=_UNSUBSCRIBE_SALT)


def _load(token: str, salt: str, max_age=None) -> dict:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredToken from exc
    except signing.BadSignature as exc:
        raise BadToken from exc


def _subscription_for(data: dict):
    return Subscription.objects.filter(pk=data.get("s"), email=data.get("e")).first()


def subscribe(
    email, kind, portal=None, topic=None, document_type="", frequency=None, language="vi"
):
    """Create (or refresh) an unconfirmed subscription; returns (subscription, needs_confirm).
    An address already confirmed for the target only gets its frequency updated, silently."""
    email = email.strip().lower()
    key = Subscription.make_target_key(
        kind, getattr(portal, "pk", None), getattr(topic, "pk", None), document_type
    )
    frequency = frequency or SubscriptionFrequency.IMMEDIATE
    try:
        with transaction.atomic():
            subscription, created = Subscription.objects.get_or_create(
                email=email,
                target_key=key,
                defaults={
                    "kind": kind,
                    "portal": portal,
                    "topic": topic,
                    "document_type": document_type,
                    "frequency": frequency,
                    "language": language,
                },
            )
    except IntegrityError:
        subscription, created = Subscription.objects.get(email=email, target_key=key), False
    if not created and subscription.frequency != frequency:
        subscription.frequency = frequency
        subscription.save(update_fields=["frequency"])
    return subscription, not subscription.is_confirmed


def confirm(token: str):
    """Confirm by a signed link. Confirming twice is harmless; a forged or expired link raises."""
    data = _load(token, _CONFIRM_SALT, max_age=conf.confirm_max_age_seconds())
    subscription = _subscription_for(data)
    if subscription is None:
        raise BadToken("no such subscription")
    if subscription.confirmed_at is None:
        Subscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        subscription.refresh_from_db()
        return subscription, True
    return subscription, False


def unsubscribe(token: str):
    """Delete the subscription (its address is personal data). Returns it, or None when it
    was already gone; a forged link raises."""
    data = _load(token, _UNSUBSCRIBE_SALT)
    subscription = _subscription_for(data)
    if subscription is None:
        return None
    subscription.delete()
    return subscription


def article_target_keys(article) -> list[str]:
    """The subscription targets an ArticlePage reaches."""
    from cong.network.models import PortalPage
    from cong.news.models import DirectiveScope

    keys = []
    portal = article.portal or article.portal_from_tree()
    if portal is None:
        return keys
    if article.directive_scope:
        keys.append(Subscription.make_target_key(SubscriptionKind.DIRECTIVES, portal.pk))
        below = PortalPage.objects.filter(path__startswith=portal.path, depth__gt=portal.depth)
        if article.directive_scope == DirectiveScope.LEVEL:
            below = below.filter(unit__level=article.directive_level)
        elif article.directive_scope == DirectiveScope.UNITS:
            below = below.filter(unit__in=article.directive_units.all())
        # Only portals someone subscribed to matter: resolve the subscriptions first so a
        # directive to all 3,321 communes does not build 3,321 keys for nothing.
        subscribed = Subscription.objects.filter(
            kind=SubscriptionKind.DIRECTIVES, confirmed_at__isnull=False
        ).values("portal_id")
        keys += [
            Subscription.make_target_key(SubscriptionKind.DIRECTIVES, pk)
            for pk in below.filter(pk__in=subscribed).values_list("pk", flat=True)
        ]
    else:
        keys.append(Subscription.make_target_key(SubscriptionKind.PORTAL, portal.pk))
    keys += [
        Subscription.make_target_key(SubscriptionKind.TOPIC, topic_id=pk)
        for pk in article.topics.values_list("pk", flat=True)
    ]
    return keys


def queue_alerts(target_keys, title: str, url: str) -> list[int]:
    """Record one item per confirmed subscription; return the ids to send immediately.
    Items already recorded (a re-publish) are skipped, so nothing is sent twice."""
    immediate = []
    subscriptions = Subscription.objects.filter(
        target_key__in=target_keys, confirmed_at__isnull=False
    )
    already = set(
        AlertItem.objects.filter(subscription__in=subscriptions, url=url).values_list(
            "subscription_id", flat=True
        )
    )
    for subscription in subscriptions:
        if subscription.pk in already:
            continue
        try:
            with transaction.atomic():
                item = AlertItem.objects.create(
                    subscription=subscription, title=title[:512], url=url[:1024]
                )
        except IntegrityError:
            continue
        if subscription.frequency == SubscriptionFrequency.IMMEDIATE:
            immediate.append(item.pk)
    return immediate


def alert_document_published(title: str, url: str, document_type: str, portal=None):
    """For the legal registry: call when a document is published."""
    from .tasks import send_alert_item

    keys = [
        Subscription.make_target_key(SubscriptionKind.DOCUMENT_TYPE, document_type=document_type)
    ]
    if portal is not None:
        keys.append(Subscription.make_target_key(SubscriptionKind.PORTAL, portal.pk))
    for item_id in queue_alerts(keys, title, url):
        send_alert_item.enqueue(item_id)
