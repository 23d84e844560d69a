from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cong.services.importing import count_items, import_file


class Command(BaseCommand):
    help = "Import administrative procedures from a CSV or JSONL file (see docs/services.md)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"File not found: {path}")
        total = count_items(path)
        with tqdm(
            total=total, disable=options["no_progress"], unit="item", file=self.stderr
        ) as progress:
            report = import_file(path, progress=progress)
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}")
        self.stdout.write(
            f"{report.created} procedures imported, {report.skipped} already present, "
            f"{len(report.errors)} rejected."
        )
