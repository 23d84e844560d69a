"""manage.py reindex [--full] [--model app.model …] [--batch-size N] [--backend NAME]"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.search.backends import get_search_backend

from cong.search.indexing import Reindexer, indexed_models


def refresh_planner_statistics():
    """After a bulk (re)index PostgreSQL's row estimates for the index table are stale, and
    stale estimates make it re-check every entry instead of using the GIN index."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE wagtailsearch_indexentry")


class Command(BaseCommand):
    help = (
        "Bring the search index up to date: new rows (also bulk-inserted ones), rows changed "
        "since the last run, removed rows. Resumable; --full rebuilds from nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Rebuild the whole index.")
        parser.add_argument("--model", action="append", help="Only this model (app.model).")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--backend", default="default")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        models = indexed_models(options["model"])
        if not models:
            raise CommandError(f"No indexed model matches {options['model']}.")
        backend = get_search_backend(options["backend"])

        def progress(iterable, **kwargs):
            return tqdm(iterable, file=sys.stderr, disable=options["no_progress"], **kwargs)

        reindexer = Reindexer(
            backend,
            backend_name=options["backend"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        started = time.monotonic()
        stats = reindexer.run(full=options["full"], models=models)
        if stats["added"] or stats["changed"] or stats["removed"]:
            refresh_planner_statistics()
        self.stdout.write(
            f"Indexed {stats['added']} new and {stats['changed']} changed objects, removed "
            f"{stats['removed']} stale entries in {time.monotonic() - started:.1f} s "
            f"({type(backend).__name__})."
        )
