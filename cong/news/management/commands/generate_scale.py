"""manage.py generate_scale [--articles N]: the full network and N articles for scale tests.

Articles are the shared corpus recombined (see cong/news/importers/scale.py), spread over the
portals and years like `import_articles --spread`. Resumable and idempotent: article n has
import key "scale:<n>", so a re-run creates only what is missing. See docs/importers.md.
"""

import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from cong.news.importers.placement import NetworkSections, Spread
from cong.news.importers.scale import Corpus, generate

CORPUS_NAME = "vietnews-20k.jsonl.gz"


def corpus_path(data: str | None) -> Path:
    path = Path(data) if data else Path(settings.SHARED_DATA_DIR)
    return path / CORPUS_NAME if path.is_dir() else path


class Command(BaseCommand):
    help = "Build the full network and N articles spread over it (scale tests, benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1_000_000)
        parser.add_argument(
            "--data", help=f"Corpus file or folder holding {CORPUS_NAME} (default: shared data)."
        )
        parser.add_argument("--directive-ratio", type=float, default=0.03)
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument(
            "--network", metavar="FILE.json", help="Seed this hierarchy instead of the 2025 one."
        )
        parser.add_argument(
            "--skip-network", action="store_true", help="Use the network already in the database."
        )
        parser.add_argument(
            "--defer-indexes",
            choices=("auto", "yes", "no"),
            default="auto",
            help="(PostgreSQL) Drop secondary indexes and foreign keys during the load and "
            "rebuild them after; auto: from 50,000 new articles on.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="(PostgreSQL) Connections building articles inside the server at once; "
            "0 sends every row from Python with COPY instead (slower).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        total = options["articles"]
        if total < 0:
            raise CommandError("--articles must be 0 or more.")
        if options["workers"] < 0:
            raise CommandError("--workers must be 0 or more.")
        path = corpus_path(options["data"])
        if not path.is_file():
            raise CommandError(
                f"Corpus not found: {path}. Give --data PATH (the VietNews JSON-lines file or "
                f"its folder)."
            )
        if not options["skip_network"]:
            seed_args = ["--from", options["network"]] if options["network"] else []
            call_command(
                "seed_network", *seed_args, stdout=self.stdout, verbosity=options["verbosity"]
            )
        corpus = Corpus.load(path)
        try:
            spread = Spread(NetworkSections.load(), options["directive_ratio"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

        started = time.monotonic()
        phases: dict[str, float] = {}
        with tqdm(
            total=None,
            file=sys.stderr,
            unit=" articles",
            desc="articles",
            disable=options["no_progress"],
        ) as bar:
            created = generate(
                total,
                corpus,
                spread,
                batch_size=options["batch_size"],
                defer_indexes={"auto": None, "yes": True, "no": False}[options["defer_indexes"]],
                tick=bar.update,
                on_start=lambda missing: setattr(bar, "total", missing),
                on_index=lambda name: bar.set_postfix_str(f"rebuilt {name}"),
                workers=options["workers"],
                phases=phases,
            )
        seconds = time.monotonic() - started
        if created and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh planner statistics for the new rows and the network seeded before them
                # (with the portals' stale, the home listings' plans go wrong).
                cursor.execute("ANALYZE")
        rate = created / seconds if seconds else 0
        self.stdout.write(
            f"Corpus: {len(corpus)} articles from {path}. "
            f"Created {created} articles ({total - created} already present) "
            f"in {seconds:.1f} s: {rate:,.0f} articles/s (indexes and keys included)."
        )
        if created:
            self.stdout.write(
                "Time by phase: " + ", ".join(f"{name} {s:.1f} s" for name, s in phases.items())
            )
        if created:
            self.stdout.write(
                "The search index was not updated (bulk writes): run `manage.py update_index` "
                "if you need search over these articles."
            )
