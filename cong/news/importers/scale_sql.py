"""The scale generator's PostgreSQL path: the server builds the articles itself.

Python decides, per article number, where it goes (the same `Spread` as before), which corpus
articles it recombines, its unique slug and its tree path, and streams that plan with COPY into
an unlogged work table beside the corpus. Then one `INSERT … SELECT` per chunk builds the
titles and the StreamField JSON from the corpus inside PostgreSQL and writes `wagtailcore_page`
and `news_articlepage` together, with the parents' `numchild`, in one transaction: a chunk is
stored whole or not at all, so a killed run leaves a clean tree and resumes from the import
keys. Chunks run on two connections at once, each owning its own sections, so their
transactions never wait for each other.

The texts are those of `Corpus.variant(n)` (tests compare them); building them in the server
rather than sending ~5 KB of JSON per article from Python is what lifts the rate past 5,000/s
on two cores.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection, transaction
from wagtail.models import Page

from cong.core.bulk_copy import existing_children
from cong.core.text import unique_slug

from .scale_sql_statements import (
    CORPUS_TABLE,
    NUMCHILD,
    PLAN_TABLE,
    chunk_statement,
    create_work_tables,
    drop_work_tables,
    upload_corpus,
)


def _step_codes(count: int) -> list[str]:
    """Treebeard's step code for 0..count-1, computed once (a lookup per article)."""
    return [Page._get_path("", 1, step) for step in range(count)]


class _Chunks:
    """Chunk numbers by worker: each worker owns whole sections (no two transactions update
    the same parent's numchild), sections go to the worker with less work so far."""

    def __init__(self, workers: int, chunk_size: int):
        self.chunk_size = chunk_size
        self.load = [0] * workers
        self.open = [-1] * workers  # current chunk of each worker
        self.filled = [chunk_size] * workers
        self.by_worker: list[list[int]] = [[] for _ in range(workers)]
        self.sizes: dict[int, int] = {}
        self.next_chunk = 0

    def worker_for_section(self, size: int) -> int:
        worker = self.load.index(min(self.load))
        self.load[worker] += size
        return worker

    def take(self, worker: int) -> int:
        if self.filled[worker] >= self.chunk_size:
            self.open[worker] = self.next_chunk
            self.by_worker[worker].append(self.next_chunk)
            self.next_chunk += 1
            self.filled[worker] = 0
        self.filled[worker] += 1
        chunk = self.open[worker]
        self.sizes[chunk] = self.sizes.get(chunk, 0) + 1
        return chunk


def _upload_plan(cursor, by_section, corpus, chunks: _Chunks) -> int:
    sections = sorted(by_section, key=lambda s: s.page.path)
    children = existing_children([section.page for section in sections])
    longest = max((children[s.page.pk][1] + len(by_section[s]) for s in sections), default=1)
    codes = _step_codes(longest + 1)
    planned = 0
    sql = (
        f"COPY {PLAN_TABLE} (n, chunk, section_id, portal_id, base, other, cycle, path, depth, "
        "slug, url_path, published_at, directive) FROM STDIN"
    )
    with cursor.cursor.copy(sql) as copy:
        copy.set_types(
            [
                "int8",
                "int4",
                "int4",
                "int4",
                "int4",
                "int4",
                "int4",
                "text",
                "int4",
                "text",
                "text",
                "timestamptz",
                "bool",
            ]
        )
        for section in sections:
            numbers = by_section[section]
            worker = chunks.worker_for_section(len(numbers))
            parent = section.page
            taken, step = children[parent.pk]
            depth = parent.depth + 1
            for n, placement in numbers:
                base, other, cycle = corpus.sources_of(n)
                slug = unique_slug(corpus.slug_of(n, base, other, cycle), taken)
                copy.write_row(
                    (
                        n,
                        chunks.take(worker),
                        parent.pk,
                        section.portal_id,
                        base,
                        other,
                        cycle,
                        parent.path + codes[step],
                        depth,
                        slug,
                        f"{parent.url_path}{slug}/",
                        placement.published_at,
                        placement.directive,
                    )
                )
                step += 1
                planned += 1
    cursor.execute(f"CREATE INDEX ON {PLAN_TABLE} (chunk)")
    cursor.execute(f"ANALYZE {PLAN_TABLE}, {CORPUS_TABLE}")
    return planned


def _run_chunks(chunk_numbers, sql, params, tick, sizes) -> None:
    """Each chunk in its own transaction; `sql` is the settings statements, then the chunk's."""
    *settings, chunk_sql = sql
    for chunk in chunk_numbers:
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in settings:
                cursor.execute(statement)
            cursor.execute(chunk_sql, {**params, "chunk": chunk})
            cursor.execute(NUMCHILD.format(plan=PLAN_TABLE), [chunk])
        tick(sizes[chunk])


def _chunk_settings() -> list[str]:
    """SET LOCAL statements for each chunk's transaction, decided once per run."""
    # Losing the last commits in a crash is harmless: the generator resumes.
    statements = ["SET LOCAL synchronous_commit = off"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    if row and row[0]:
        # Bodies are compressed as they are stored: lz4 is several times faster than the
        # default pglz (half the chunk's time), and reads decompress it just as well.
        statements.append("SET LOCAL default_toast_compression = lz4")
    return statements


def _worker(chunk_numbers, sql, params, tick, sizes, failures) -> None:
    try:
        _run_chunks(chunk_numbers, sql, params, tick, sizes)
    except BaseException as exc:  # handed to the main thread
        failures.append(exc)
    finally:
        connection.close()


def generate_in_database(
    by_section,
    corpus,
    *,
    key_prefix: str,
    bylines: tuple[str, ...],
    workers: int = 2,
    chunk_size: int = 10_000,
    tick: Callable[[int], object] = lambda n: None,
    phases: dict[str, float] | None = None,
) -> int:
    """Write the planned articles (`by_section`: section → [(article number, placement)]);
    returns how many.
    With `workers` > 1 the chunks run on that many extra connections: the plan must then be
    committed data (not inside a caller's transaction)."""
    phases = {} if phases is None else phases
    chunks = _Chunks(max(1, workers), chunk_size)
    with connection.cursor() as cursor:
        create_work_tables(cursor)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            with timed(phases, "corpus upload"):
                upload_corpus(cursor, corpus)
            with timed(phases, "plan upload"):
                planned = _upload_plan(cursor, by_section, corpus, chunks)
        chunk_sql, params = chunk_statement(connection)
        sql = (*_chunk_settings(), chunk_sql)
        params.update(
            sequence=_sequence_name(),
            key_prefix=f"{key_prefix}:",
            bylines=list(bylines),
            byline_count=len(bylines),
        )
        lists = [numbers for numbers in chunks.by_worker if numbers]
        with timed(phases, "articles"):
            _run_all(lists, sql, params, tick, chunks.sizes)
        return planned
    finally:
        with connection.cursor() as cursor:
            drop_work_tables(cursor)


def _run_all(lists, sql, params, tick, sizes) -> None:
    if len(lists) <= 1 or connection.in_atomic_block:
        _run_chunks([c for numbers in lists for c in numbers], sql, params, tick, sizes)
    else:
        locked_tick = _locked(tick)
        failures: list[BaseException] = []
        threads = [
            threading.Thread(
                target=_worker,
                args=(numbers, sql, params, locked_tick, sizes, failures),
                name=f"generate-scale-{i}",
            )
            for i, numbers in enumerate(lists)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]


@contextmanager
def timed(phases: dict[str, float], name: str):
    started = time.monotonic()
    try:
        yield
    finally:
        phases[name] = phases.get(name, 0.0) + time.monotonic() - started


def _sequence_name() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Page._meta.db_table])
        return cursor.fetchone()[0]


def _locked(tick):
    lock = threading.Lock()

    def locked_tick(count):
        with lock:
            tick(count)

    return locked_tick
