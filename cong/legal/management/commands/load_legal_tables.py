from django.core.management.base import BaseCommand

from cong.legal.seeding import load_tables


class Command(BaseCommand):
    help = "Load the document types, issuing bodies and fields shipped in cong/legal/data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite", action="store_true", help="Also overwrite rows edited in the admin."
        )

    def handle(self, *args, **options):
        counts = load_tables(overwrite=options["overwrite"])
        self.stdout.write(
            f"Types: {counts['types']}, issuing bodies: {counts['agencies']}, "
            f"fields: {counts['fields']} (created or updated)."
        )
