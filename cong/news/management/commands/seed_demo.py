"""manage.py seed_demo [--articles N] [--data PATH]: a network a newcomer can click through.

Seeds the network (`seed_network`), imports the seed article into the national portal, N
corpus articles spread over the network (some of them directives), a few more into Hà Nội and
two of its wards so national → province → commune always shows news, and creates the "admin"
superuser. Idempotent: a re-run adds nothing and leaves the admin password alone unless asked.
"""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from cong.citizens.demo import seed_citizens_demo
from cong.legal.seeding import DEMO_DOCUMENTS
from cong.network.lookup import PortalNotFound, find_portal, national_portal
from cong.news.importers.jsonl import count_lines
from cong.news.importers.runner import (
    DEFAULT_DIRECTIVE_RATIO,
    ImportSetupError,
    import_chinhphu_file,
    import_jsonl_file,
    portal_placer,
    spread_placer,
)
from cong.news.importers.writer import ImportReport
from cong.news.models import ArticlePage
from cong.services.demo import seed_services_demo

SEED_ARTICLE = "seed-article-chinhphu-2015-07-21.txt"
CORPUS = "vietnews-20k.jsonl.gz"
ADMIN_USERNAME = "admin"
# Portals that always get articles, taken from the end of the corpus: (path, count, directives).
SHOWCASE = [
    ("ha-noi", 12, 0.25),
    ("ha-noi/phuong-ba-dinh", 6, 0.0),
    ("ha-noi/phuong-hoan-kiem", 6, 0.0),
]


def data_paths(data: str | None) -> tuple[Path, Path]:
    """(corpus, seed article) from --data: a folder or the corpus file itself. The seed article
    is taken from beside the corpus, else from the shared data folder."""
    shared = Path(settings.SHARED_DATA_DIR)
    if data is None:
        return shared / CORPUS, shared / SEED_ARTICLE
    path = Path(data)
    corpus, folder = (path / CORPUS, path) if path.is_dir() else (path, path.parent)
    seed_article = folder / SEED_ARTICLE
    return corpus, seed_article if seed_article.is_file() else shared / SEED_ARTICLE


class Command(BaseCommand):
    help = "Seed the network, demo articles and an admin user (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=3000, help="Corpus articles (3000).")
        parser.add_argument(
            "--data", help=f"Folder holding {CORPUS} and {SEED_ARTICLE}, or the corpus file."
        )
        parser.add_argument(
            "--network", metavar="FILE.json", help="Seed this hierarchy instead of the 2025 one."
        )
        parser.add_argument(
            "--reset-admin-password",
            action="store_true",
            help="Give the existing admin user a new password (DEMO_ADMIN_PASSWORD or random).",
        )
        parser.add_argument("--no-index", action="store_true", help="Skip the search index.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        if options["articles"] < 0:
            raise CommandError("--articles must be 0 or more.")
        self.progress = not options["no_progress"]
        self.index = not options["no_index"]
        corpus, seed_article = data_paths(options["data"])
        self.seed_network(options["network"], options["verbosity"])
        self.stdout.write("Loading the demo legal documents into the registry…")
        call_command(
            "import_documents", str(DEMO_DOCUMENTS), stdout=self.stdout, stderr=self.stderr
        )
        report = ImportReport()
        self.import_seed_article(seed_article, report)
        if corpus.is_file():
            self.import_corpus(corpus, options["articles"], report)
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"The demo corpus was not found at {corpus}: no corpus articles were imported. "
                    f"Put {CORPUS} there (see ../shared/data/README.md) or give --data PATH, "
                    f"then run seed_demo again."
                )
            )
        for line in report.lines(max_failures=10):
            self.stdout.write(line)
        seed_citizens_demo(self.stdout)
        seed_services_demo(self.stdout)
        self.describe_network()
        self.ensure_admin(options["reset_admin_password"])

    def seed_network(self, hierarchy_file, verbosity):
        args = ["--from", hierarchy_file] if hierarchy_file else []
        self.stdout.write("Seeding the network…")
        call_command("seed_network", *args, stdout=self.stdout, verbosity=verbosity)

    def import_seed_article(self, path: Path, report: ImportReport):
        if not path.is_file():
            self.stdout.write(self.style.WARNING(f"Seed article not found at {path}: skipped."))
            return
        self.stdout.write(f"Importing the seed article {path.name} into the national portal…")
        try:
            import_chinhphu_file(
                path, national_portal(), report=report, progress=self.progress, index=self.index
            )
        except (ImportSetupError, PortalNotFound) as exc:
            raise CommandError(str(exc)) from exc

    def import_corpus(self, path: Path, count: int, report: ImportReport):
        self.stdout.write(f"Importing {count} articles from {path.name} over the network…")
        try:
            import_jsonl_file(
                path,
                spread_placer(DEFAULT_DIRECTIVE_RATIO),
                limit=count,
                report=report,
                progress=self.progress,
                index=self.index,
                label="spread",
            )
            self.import_showcase(path, count, report)
        except ImportSetupError as exc:
            raise CommandError(str(exc)) from exc

    def import_showcase(self, path: Path, spread_count: int, report: ImportReport):
        """A few articles for Hà Nội and two wards, from the end of the corpus (so they do not
        overlap the spread ones unless N is close to the corpus size)."""
        lines = count_lines(path)
        end = lines
        for ref, count, directive_ratio in SHOWCASE:
            try:
                portal = find_portal(ref)
            except PortalNotFound:
                self.stdout.write(f"No portal '{ref}' in this network: no showcase articles.")
                continue
            chosen = range(max(end - count, spread_count) + 1, end + 1)
            end -= count
            if not chosen:
                continue
            placer = portal_placer(portal, directive_ratio)
            import_jsonl_file(
                path,
                placer,
                only_lines=set(chosen),
                report=report,
                progress=False,
                index=self.index,
            )

    def describe_network(self):
        by_level = dict(
            ArticlePage.objects.values_list("portal__unit__level")
            .annotate(n=Count("pk"))
            .order_by()
        )
        directives = ArticlePage.objects.exclude(directive_scope="").count()
        self.stdout.write(
            f"Articles: {by_level.get(0, 0)} national, {by_level.get(1, 0)} in provinces, "
            f"{sum(n for level, n in by_level.items() if level and level >= 2)} in communes; "
            f"{directives} directives."
        )

    def ensure_admin(self, reset: bool):
        User = get_user_model()
        user = User.objects.filter(username=ADMIN_USERNAME).first()
        if user is not None and not reset:
            self.stdout.write(
                f"Admin user '{ADMIN_USERNAME}' already exists; its password is unchanged "
                f"(run seed_demo --reset-admin-password to set a new one)."
            )
            return
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        if user is None:
            User.objects.create_superuser(ADMIN_USERNAME, "admin@example.com", password)
            action = "created"
        else:
            user.set_password(password)
            user.is_active = user.is_staff = user.is_superuser = True
            user.save()
            action = "password reset"
        rule = "─" * 60
        self.stdout.write(
            "\n".join(
                [
                    rule,
                    f"  Admin user {action}:",
                    f"    username: {ADMIN_USERNAME}",
                    f"    password: {password}",
                    "  Sign in at /admin/ — keep this password, it is not shown again.",
                    rule,
                ]
            )
        )
