"""Background work of the sync: fan-out of new events and the periodic retry of deliveries."""

from django_tasks import task

from cong.api.models import DirectiveEvent


@task()
def fan_out_event(event_id: int) -> int:
    """Create this event's deliveries and try each once; failures wait for `deliver_webhooks`."""
    from cong.api.sync.webhooks import attempt, create_deliveries

    event = DirectiveEvent.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    delivered = 0
    for delivery in create_deliveries(event):
        delivered += attempt(delivery)
    return delivered


@task()
def deliver_due_webhooks() -> dict:
    from cong.api.sync.webhooks import deliver_due

    return deliver_due()
