from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from cong.legal.importing import DocumentImporter, read_rows
from cong.search.legacy import add_encoding_argument


class Command(BaseCommand):
    help = (
        "Import legal documents from a CSV file (with a header) or JSON lines. Bad rows are "
        "reported and skipped; good rows are stored or updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--scheme", default="vn-2025", help="Hierarchy of the unit codes.")
        parser.add_argument("--max-errors", type=int, default=50, help="Errors listed in full.")
        add_encoding_argument(parser)

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file") % {"path": path})
        importer = DocumentImporter(path.parent, scheme=options["scheme"])
        try:
            rows = list(read_rows(path, options["encoding"]))
        except UnicodeDecodeError as error:
            raise CommandError(
                _("%(path)s is not UTF-8 (%(reason)s at byte %(at)s); give --encoding")
                % {"path": path, "reason": error.reason, "at": error.start}
            ) from error
        with tqdm(total=len(rows), unit="doc", disable=None) as progress:
            for line, row in rows:
                importer.import_row(line, row)
                progress.update(1)
        importer.link_relations()
        result = importer.result
        for error in result.errors[: options["max_errors"]]:
            self.stderr.write(error)
        if len(result.errors) > options["max_errors"]:
            more = len(result.errors) - options["max_errors"]
            self.stderr.write(_("… and %(count)s more errors") % {"count": more})
        self.stdout.write(
            _(
                "Created: %(created)s, updated: %(updated)s, relations: %(relations)s, failed: %(failed)s"
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "relations": result.relations,
                "failed": len(result.errors),
            }
        )
