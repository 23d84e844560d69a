from django.core.management.base import BaseCommand

from cong.services.workdays import seed_calendar


class Command(BaseCommand):
    help = "Add the default holidays of the given years to the calendar (years already there are kept)."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="+", type=int)

    def handle(self, *args, **options):
        added = seed_calendar(options["years"])
        self.stdout.write(f"{added} calendar days added.")
