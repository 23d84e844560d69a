from django.core.management.base import BaseCommand

from cong.editorial.tasks import publish_due, start_scheduler


class Command(BaseCommand):
    help = (
        "Queue the minute tick that publishes scheduled articles and unpublishes expired ones "
        "(idempotent; the db_worker then keeps it going). --now runs what is due right away."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="also run what is due now, here")

    def handle(self, now=False, **options):
        if now:
            result = publish_due.call()
            self.stdout.write(f"Published {result['published']}, expired {result['expired']}.")
        if start_scheduler():
            self.stdout.write("Scheduler tick queued: run `manage.py db_worker` to process it.")
        else:
            self.stdout.write("Scheduler tick already queued (or the task backend cannot defer).")
