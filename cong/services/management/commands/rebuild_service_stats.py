from django.core.management.base import BaseCommand

from cong.services.stats import rebuild


class Command(BaseCommand):
    help = "Recompute the monthly service statistics rollup from the dossiers."

    def handle(self, *args, **options):
        cells = rebuild()
        self.stdout.write(f"{cells} statistics cells rebuilt.")
