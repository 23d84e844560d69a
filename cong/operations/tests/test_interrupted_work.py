"""The worker killed (SIGKILL) in the middle of an import or a reindex: running it again
finishes the work with nothing lost and nothing duplicated."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from cong.news.importers.article import ParsedArticle
from cong.news.importers.jsonl import read_jsonl
from cong.news.models import ArticlePage
from cong.news.tests.test_generate_scale import small_corpus

BASE_DIR = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db(transaction=True)


class Target:
    """The test database as another process sees it: PostgreSQL directly (the test is
    transactional), SQLite through a file copy of the in-memory test database."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        settings = connection.settings_dict
        if connection.vendor == "postgresql":
            auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
            self.url = (
                f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
                f"/{settings['NAME']}"
            )
            self.file = None
        else:
            self.file = tmp_path / "copy.sqlite3"
            copy = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(copy)
            copy.close()
            self.url = f"sqlite:///{self.file}"

    def env(self):
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "DJANGO_SETTINGS_MODULE": "cong.settings.dev",
            "CONG_VAR_DIR": str(self.tmp_path / "var"),
        }

    def scalar(self, sql: str):
        if self.file is None:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchone()[0]
        db = sqlite3.connect(self.file, timeout=30)
        try:
            return db.execute(sql).fetchone()[0]
        finally:
            db.close()

    def manage(self, *args) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args) -> str:
        process = self.manage(*args)
        out, err = process.communicate(timeout=900)
        assert process.returncode == 0, err[-3000:]
        return out

    def kill_when(self, process: subprocess.Popen, sql: str, at_least: int) -> int:
        """SIGKILL the process once `sql` counts at least `at_least`; returns the count."""
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and process.poll() is None:
            count = self.scalar(sql)
            if count >= at_least:
                process.send_signal(signal.SIGKILL)
                process.wait()
                return count
            time.sleep(0.05)
        raise AssertionError(
            f"the process ended before it could be killed: {process.stderr.read()}"
        )


ARTICLES = "SELECT count(*) FROM news_articlepage WHERE import_key LIKE 'vietnews:%'"
DISTINCT = "SELECT count(DISTINCT import_key) FROM news_articlepage"


def test_import_killed_midway_then_rerun(wagtail_base, small_network, tmp_path):
    corpus = small_corpus(tmp_path, 600)
    expected = len({a.import_key for _, a in read_jsonl(corpus) if isinstance(a, ParsedArticle)})
    target = Target(tmp_path)
    args = ["import_articles", str(corpus), "--format", "jsonl", "--spread", "--batch-size", "20"]
    process = target.manage(*args, "--no-progress", "--no-index")
    killed_at = target.kill_when(process, ARTICLES, 60)
    assert 0 < killed_at < expected
    present = target.scalar(ARTICLES)  # whole batches only: each is one transaction

    out = target.run(*args, "--no-progress", "--no-index")
    assert f"Skipped (already present): {present}" in out
    assert f"Imported: {expected - present}" in out
    assert target.scalar(ARTICLES) == expected
    assert target.scalar(DISTINCT) == target.scalar("SELECT count(*) FROM news_articlepage")
    assert "No problems found" in target.run("fixtree")
    # Each section's numchild matches its children.
    assert (
        target.scalar(
            "SELECT count(*) FROM wagtailcore_page p WHERE p.numchild <> (SELECT count(*) FROM "
            "wagtailcore_page c WHERE c.path LIKE p.path || '____' AND c.depth = p.depth + 1)"
        )
        == 0
    )
    # A third run adds nothing.
    assert "Imported: 0" in target.run(*args, "--no-progress", "--no-index")


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="the PostgreSQL search index lives in the database; tantivy's in the test process",
)
def test_reindex_killed_midway_then_rerun(wagtail_base, small_network, tmp_path):
    corpus = small_corpus(tmp_path, 600)
    call_command(
        "import_articles",
        str(corpus),
        "--format",
        "jsonl",
        "--spread",
        "--no-progress",
        "--no-index",
        stdout=StringIO(),
    )
    target = Target(tmp_path)
    target.run(
        "reindex", "--full", "--model", "news.articlepage", "--batch-size", "1", "--no-progress"
    )
    entries = (
        "SELECT count(*) FROM wagtailsearch_indexentry e JOIN django_content_type t "
        "ON t.id = e.content_type_id WHERE t.model = 'articlepage'"
    )
    full = target.scalar(entries)
    assert full == ArticlePage.objects.live().count()

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM wagtailsearch_indexentry")
    process = target.manage(
        "reindex", "--full", "--model", "news.articlepage", "--batch-size", "5", "--no-progress"
    )
    killed_at = target.kill_when(process, entries, 50)
    assert 0 < killed_at < full
    target.run("reindex", "--model", "news.articlepage", "--batch-size", "5", "--no-progress")
    assert target.scalar(entries) == full
    assert (
        target.scalar(
            "SELECT count(*) FROM (SELECT content_type_id, object_id FROM wagtailsearch_indexentry "
            "GROUP BY 1, 2 HAVING count(*) > 1) d"
        )
        == 0
    )
