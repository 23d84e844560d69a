from django.core.management.base import BaseCommand

from cong.citizens.tasks import send_digests


class Command(BaseCommand):
    help = "Send the daily e-mail digests (run once a day, e.g. from cron or a scheduler)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the task worker instead of sending now.",
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = send_digests.enqueue()
            self.stdout.write(f"Digest task queued ({result.id}).")
            return
        sent = send_digests.call()
        self.stdout.write(f"Digests sent: {sent}.")
