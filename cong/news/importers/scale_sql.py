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

import os
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from wagtail.models import Locale, Page

from cong.core.bulk_copy import existing_children
from cong.core.text import unique_slug
from cong.news.models import ArticlePage, DirectiveScope

CORPUS_TABLE = "cong_scale_work_corpus"
PLAN_TABLE = "cong_scale_work_plan"
_ID_PLACEHOLDER = "\x01"
_SEPARATOR = "\x1f"

# Columns the chunk statement computes; every other column gets its model default.
_PAGE_VALUES = {
    "id": "r.id",
    "path": "r.path",
    "depth": "r.depth",
    "numchild": "0",
    "translation_key": "gen_random_uuid()",
    "title": "r.title",
    "draft_title": "r.title",
    "slug": "r.slug",
    "url_path": "r.url_path",
    "live": "true",
    "has_unpublished_changes": "false",
    "first_published_at": "r.published_at",
    "last_published_at": "r.published_at",
    "latest_revision_created_at": "r.published_at",
}
_ARTICLE_VALUES = {
    "page_ptr_id": "r.id",
    "sapo": "b.sapo",
    "body": "({body})::jsonb",
    "byline": "r.byline",
    "published_at": "r.published_at",
    "portal_id": "r.portal_id",
    "import_key": "%(key_prefix)s || r.n",
    "directive_scope": f"CASE WHEN r.directive THEN '{DirectiveScope.ALL.value}' "
    f"ELSE '{DirectiveScope.NONE.value}' END",
}

# The title and the blocks of article n, as `Corpus.variant` builds them: cycle 0 is the corpus
# article as is; later cycles join the first half of its title to the second half of another's,
# rotate its paragraphs by the cycle, borrow one of the other's, and every fourth article gets a
# subheading in the middle. Blocks are stored whole, their ids ending in a suffix fixed per
# corpus block and starting with a placeholder (\x01, or \x02 for the borrowed paragraph) that
# becomes a random prefix per article: one gen_random_uuid() per article, not one per block.
_TITLE = """CASE WHEN p.cycle = 0 THEN b.title ELSE left(array_to_string(
    b.words[:greatest(1, cardinality(b.words) / 2)] || o.words[cardinality(o.words) / 2 + 1:],
    ' '), 255) END"""
_ROTATED = """CASE WHEN r.cycle = 0 THEN b.paragraphs ELSE
    b.paragraphs[mod(r.cycle, b.count) + 1:] || b.paragraphs[:mod(r.cycle, b.count)]
    || replace(o.paragraphs[mod(r.cycle, o.count) + 1], E'\\x01', E'\\x02') END"""
_BLOCKS = """CASE WHEN r.cycle > 0 AND mod(r.n, 4) = 0 AND cardinality(rot.blocks) >= 3 THEN
    rot.blocks[:cardinality(rot.blocks) / 2] || o.subheading
    || rot.blocks[cardinality(rot.blocks) / 2 + 1:] ELSE rot.blocks END"""
_BODY = """'[' || replace(replace(array_to_string({blocks}, ', '),
    E'\\x01', left(gen_random_uuid()::text, 23)),
    E'\\x02', left(gen_random_uuid()::text, 23)) || ']'"""

_CHUNK = """
WITH r AS MATERIALIZED (
    SELECT nextval(%(sequence)s::regclass) AS id, p.n, p.base, p.other, p.cycle, p.path,
        p.depth, p.slug, p.url_path, p.published_at, p.portal_id, p.directive,
        {title} AS title, (%(bylines)s::text[])[mod(p.n, %(byline_count)s) + 1] AS byline
    FROM {plan} p
    JOIN {corpus} b ON b.idx = p.base
    LEFT JOIN {corpus} o ON o.idx = p.other
    WHERE p.chunk = %(chunk)s
), pages AS (
    INSERT INTO wagtailcore_page ({page_columns}) SELECT {page_values} FROM r
)
INSERT INTO news_articlepage ({article_columns})
SELECT {article_values}
FROM r
JOIN {corpus} b ON b.idx = r.base
LEFT JOIN {corpus} o ON o.idx = r.other
CROSS JOIN LATERAL (SELECT {rotated} AS blocks) rot
"""
_NUMCHILD = """
UPDATE wagtailcore_page AS page SET numchild = page.numchild + added.count
FROM (SELECT section_id, count(*) AS count FROM {plan} WHERE chunk = %s GROUP BY section_id)
    AS added
WHERE page.id = added.section_id
"""


def _step_codes(count: int) -> list[str]:
    """Treebeard's step code for 0..count-1, computed once (a lookup per article)."""
    return [Page._get_path("", 1, step) for step in range(count)]


def _default_columns(table_fields, computed: dict[str, str], conn) -> tuple[list, list, dict]:
    """Column names, their SQL values and the parameters for one table: computed columns as
    given, the rest as the field's default cast to the column type."""
    columns, values, params = [], [], {}
    for field in table_fields:
        columns.append(conn.ops.quote_name(field.column))
        if field.attname in computed:
            values.append(computed[field.attname])
            continue
        if field.has_default() and callable(field.default):
            raise ValueError(f"no server-side value for {field.attname}'s callable default")
        name = f"default_{field.attname}"
        params[name] = field.get_db_prep_save(field.get_default(), conn)
        values.append(f"%({name})s::{field.db_type(conn)}")
    return columns, values, params


def _chunk_statement(conn) -> tuple[str, dict]:
    page_fields = Page._meta.local_concrete_fields
    article_fields = ArticlePage._meta.local_concrete_fields
    if [m for m in ArticlePage._meta.get_parent_list()] != [Page]:
        raise ValueError("ArticlePage must inherit from Page directly for the SQL generator")
    page_values = {
        **_PAGE_VALUES,
        "content_type_id": str(int(ContentType.objects.get_for_model(ArticlePage).pk)),
        "locale_id": str(int(Locale.get_default().pk)),
    }
    page_columns, page_sql, page_params = _default_columns(page_fields, page_values, conn)
    article_values = {
        **_ARTICLE_VALUES,
        "body": _ARTICLE_VALUES["body"].format(body=_BODY.format(blocks=_BLOCKS)),
    }
    article_columns, article_sql, article_params = _default_columns(
        article_fields, article_values, conn
    )
    sql = _CHUNK.format(
        title=_TITLE,
        rotated=_ROTATED,
        plan=PLAN_TABLE,
        corpus=CORPUS_TABLE,
        page_columns=", ".join(page_columns),
        page_values=", ".join(page_sql),
        article_columns=", ".join(article_columns),
        article_values=", ".join(article_sql),
    )
    return sql, {**page_params, **article_params}


def _create_work_tables(cursor) -> None:
    _drop_work_tables(cursor)
    cursor.execute(
        f"CREATE UNLOGGED TABLE {CORPUS_TABLE} (idx integer PRIMARY KEY, title text NOT NULL, "
        "words text[] NOT NULL, sapo text NOT NULL, paragraphs text[] NOT NULL, "
        "count integer NOT NULL, subheading text NOT NULL)"
    )
    # Read three times per article: stored uncompressed, each read is a copy, not a pglz run.
    cursor.execute(f"ALTER TABLE {CORPUS_TABLE} ALTER paragraphs SET STORAGE EXTERNAL")
    cursor.execute(
        f"CREATE UNLOGGED TABLE {PLAN_TABLE} (n bigint NOT NULL, chunk integer NOT NULL, "
        "section_id integer NOT NULL, portal_id integer NOT NULL, base integer NOT NULL, "
        "other integer, cycle integer NOT NULL, path text NOT NULL, depth integer NOT NULL, "
        "slug text NOT NULL, url_path text NOT NULL, published_at timestamptz NOT NULL, "
        "directive boolean NOT NULL)"
    )


def _drop_work_tables(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {CORPUS_TABLE}, {PLAN_TABLE}")


def _upload_corpus(cursor, corpus) -> None:
    """The corpus with whole blocks (see _BODY); lists go as text joined by \\x1f, which JSON
    text never holds raw, and become arrays in the server (psycopg's list dumper is Python)."""
    staging = f"{CORPUS_TABLE}_text"
    cursor.execute(
        f"CREATE TEMPORARY TABLE {staging} (idx integer, title text, words text, sapo text, "
        "paragraphs text, subheading text)"
    )
    sql = f"COPY {staging} (idx, title, words, sapo, paragraphs, subheading) FROM STDIN"
    with cursor.cursor.copy(sql) as copy:
        for idx, source in enumerate(corpus.articles):
            blocks = [head + _ID_PLACEHOLDER + _block_suffix() for head in source.paragraphs]
            copy.write_row(
                (
                    idx,
                    source.title,
                    _SEPARATOR.join(source.words),
                    source.sapo,
                    _SEPARATOR.join(blocks),
                    source.subheading_head + _ID_PLACEHOLDER + _block_suffix(),
                )
            )
    cursor.execute(
        f"INSERT INTO {CORPUS_TABLE} (idx, title, words, sapo, paragraphs, count, subheading) "
        "SELECT idx, title, string_to_array(words, %(sep)s), sapo, "
        "string_to_array(paragraphs, %(sep)s), cardinality(string_to_array(paragraphs, %(sep)s)),"
        f" subheading FROM {staging}",
        {"sep": _SEPARATOR},
    )
    cursor.execute(f"DROP TABLE {staging}")


def _block_suffix() -> str:
    """The last 12 hex digits of a block id, fixed per corpus block; closes the block."""
    return "-" + os.urandom(6).hex() + '"}'


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
            cursor.execute(_NUMCHILD.format(plan=PLAN_TABLE), [chunk])
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
        _create_work_tables(cursor)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            with timed(phases, "corpus upload"):
                _upload_corpus(cursor, corpus)
            with timed(phases, "plan upload"):
                planned = _upload_plan(cursor, by_section, corpus, chunks)
        chunk_sql, params = _chunk_statement(connection)
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
            _drop_work_tables(cursor)


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
