"""Catch up with followed directive streams by pulling from their cursor."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cong.api.models import StreamSubscription
from cong.api.sync.receiver import SyncError, pull


class Command(BaseCommand):
    help = "Pull new, changed and withdrawn directives from the installations we follow."

    def add_arguments(self, parser):
        parser.add_argument("--subscription", type=int, help="only this subscription id")

    def handle(self, *args, **options):
        subscriptions = StreamSubscription.objects.filter(active=True).select_related(
            "local_portal__unit"
        )
        if options["subscription"]:
            subscriptions = subscriptions.filter(pk=options["subscription"])
            if not subscriptions:
                raise CommandError(f"No active subscription {options['subscription']}.")
        totals = {"applied": 0, "ignored": 0}
        errors = []
        for subscription in tqdm(list(subscriptions), file=self.stderr._out):
            try:
                counts = pull(subscription)
            except SyncError as exc:
                errors.append(f"{subscription}: {exc}")
                continue
            for key in totals:
                totals[key] += counts[key]
        self.stdout.write(f"{totals['applied']} events applied, {totals['ignored']} already seen.")
        if errors:
            raise CommandError("\n".join(errors))
