"""Background work (django-tasks): every task re-reads the database and is safe to re-run."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import AlertItem, Question, Subscription, SubscriptionFrequency


@task()
def send_subscription_confirmation(subscription_id: int) -> int:
    from .notify import send_confirmation

    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None or subscription.is_confirmed:
        return 0
    return send_confirmation(subscription)


@task()
def send_alert_item(item_id: int) -> int:
    from .notify import send_alert

    with transaction.atomic():
        # Claim the item first: a second worker running the same task sends nothing.
        claimed = AlertItem.objects.filter(
            pk=item_id, sent_at__isnull=True, subscription__confirmed_at__isnull=False
        ).update(sent_at=timezone.now())
    if not claimed:
        return 0
    item = AlertItem.objects.select_related("subscription").get(pk=item_id)
    try:
        sent = send_alert(item.subscription, [item])
    except Exception:
        AlertItem.objects.filter(pk=item_id).update(sent_at=None)  # retry on the next run
        raise
    Subscription.objects.filter(pk=item.subscription_id).update(last_sent_at=timezone.now())
    return sent


@task()
def send_digests() -> int:
    """One e-mail per daily subscription with everything not yet sent. Returns e-mails sent."""
    from .notify import send_alert

    sent = 0
    pending = (
        Subscription.objects.filter(
            frequency=SubscriptionFrequency.DAILY,
            confirmed_at__isnull=False,
            items__sent_at__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
    for subscription in pending:
        now = timezone.now()
        with transaction.atomic():
            items = list(subscription.items.filter(sent_at__isnull=True).order_by("created_at"))
            claimed = AlertItem.objects.filter(
                pk__in=[i.pk for i in items], sent_at__isnull=True
            ).update(sent_at=now)
        if not claimed:
            continue
        try:
            sent += send_alert(subscription, items, digest=True)
        except Exception:
            AlertItem.objects.filter(pk__in=[i.pk for i in items]).update(sent_at=None)
            raise
        Subscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    return sent


@task()
def notify_question(question_id: int, event: str) -> int:
    from .notify import send_question_answered, send_question_received

    question = Question.objects.filter(pk=question_id).first()
    if question is None:
        return 0
    if event == "received":
        return send_question_received(question)
    sent = send_question_answered(question)
    Question.objects.filter(pk=question_id).update(notified_at=timezone.now())
    return sent
