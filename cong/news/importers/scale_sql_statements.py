"""The SQL of the scale generator's PostgreSQL path (`scale_sql`): the work tables, the corpus
upload and the one `INSERT … SELECT` per chunk that builds titles and StreamField JSON from the
corpus inside the server and writes `wagtailcore_page` and `news_articlepage` together."""

from __future__ import annotations

import os

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page

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
NUMCHILD = """
UPDATE wagtailcore_page AS page SET numchild = page.numchild + added.count
FROM (SELECT section_id, count(*) AS count FROM {plan} WHERE chunk = %s GROUP BY section_id)
    AS added
WHERE page.id = added.section_id
"""


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


def chunk_statement(conn) -> tuple[str, dict]:
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


def create_work_tables(cursor) -> None:
    drop_work_tables(cursor)
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


def drop_work_tables(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {CORPUS_TABLE}, {PLAN_TABLE}")


def upload_corpus(cursor, corpus) -> None:
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
