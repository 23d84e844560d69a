"""Import articles from a file into the network.

    manage.py import_articles FILE --format chinhphu-text [--portal REF]
    manage.py import_articles FILE --format jsonl [--portal REF | --spread] [--limit N]
                                   [--directive-ratio R]

REF is a portal path ('ha-noi/phuong-ba-dinh'), a unit code ('01') or 'national' (default).
See docs/importers.md.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cong.network.lookup import PortalNotFound, find_portal
from cong.news.importers.runner import (
    DEFAULT_DIRECTIVE_RATIO,
    ImportSetupError,
    import_chinhphu_file,
    import_jsonl_file,
    portal_placer,
    spread_placer,
)
from cong.search.legacy import add_encoding_argument

FORMATS = ("chinhphu-text", "jsonl")


def ratio(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError("the ratio must be between 0 and 1")
    return number


class Command(BaseCommand):
    help = "Import articles (chinhphu.vn text captures or JSON lines) into portals."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, required=True)
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--portal", default=None, help="Portal path, unit code or 'national'.")
        where.add_argument(
            "--spread", action="store_true", help="(jsonl) Spread articles over the whole network."
        )
        parser.add_argument("--limit", type=int, default=None, help="(jsonl) Read at most N lines.")
        parser.add_argument(
            "--directive-ratio",
            type=ratio,
            default=None,
            help=f"(jsonl) Share of articles that become directives "
            f"(default {DEFAULT_DIRECTIVE_RATIO} with --spread, 0 with --portal).",
        )
        parser.add_argument(
            "--key-prefix",
            default="vietnews",
            help="(jsonl) Prefix of import keys (default vietnews).",
        )
        parser.add_argument(
            "--source", default="", help="(chinhphu-text) Source when a sapo has no (Source) tag."
        )
        add_encoding_argument(parser)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--no-index", action="store_true", help="Leave the search index alone (rebuild later)."
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if options["format"] == "chinhphu-text" and options["spread"]:
            raise CommandError("--spread is for --format jsonl; give --portal for chinhphu-text.")
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        progress = not options["no_progress"]
        index = not options["no_index"]
        try:
            if options["format"] == "chinhphu-text":
                report = import_chinhphu_file(
                    path,
                    self._portal(options["portal"]),
                    default_source=options["source"],
                    progress=progress,
                    index=index,
                    encoding=options["encoding"],
                )
            else:
                report = import_jsonl_file(
                    path,
                    self._placer(options),
                    limit=options["limit"],
                    key_prefix=options["key_prefix"],
                    batch_size=options["batch_size"],
                    progress=progress,
                    index=index,
                    encoding=options["encoding"],
                )
        except ImportSetupError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.imported:
            self.stdout.write(self.style.SUCCESS(f"Done: {report.imported} new articles."))

    def _portal(self, ref):
        try:
            return find_portal(ref or "")
        except PortalNotFound as exc:
            raise CommandError(str(exc)) from exc

    def _placer(self, options):
        if options["spread"]:
            ratio_ = options["directive_ratio"]
            return spread_placer(DEFAULT_DIRECTIVE_RATIO if ratio_ is None else ratio_)
        return portal_placer(self._portal(options["portal"]), options["directive_ratio"] or 0.0)
