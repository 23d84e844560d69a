"""Retry webhook deliveries of the directive stream that are due (run it every minute from
cron or a systemd timer; the task worker runs first attempts itself)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from cong.api.models import WebhookDelivery
from cong.api.sync.webhooks import attempt


class Command(BaseCommand):
    help = "Attempt pending webhook deliveries whose retry time has come."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="ignore the backoff schedule: retry every pending"
        )

    def handle(self, *args, **options):
        from django.utils import timezone

        pending = WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING)
        if not options["all"]:
            pending = pending.filter(next_attempt_at__lte=timezone.now())
        counts = {"delivered": 0, "failed": 0}
        for delivery in tqdm(list(pending.order_by("event_id", "pk")), file=self.stderr._out):
            counts["delivered" if attempt(delivery) else "failed"] += 1
        self.stdout.write(
            f"{counts['delivered']} delivered, {counts['failed']} failed (will be retried)."
        )
