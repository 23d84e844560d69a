"""Secondary indexes and foreign keys set aside during a bulk load (PostgreSQL).

Keeping ~20 indexes and the deferred foreign-key checks up to date row by row costs ten times
the COPY itself; building each index once at the end costs seconds. `indexes_deferred(models)`
drops the non-unique indexes and the foreign keys of the models' tables (primary keys and
unique constraints stay: they guard the tree paths and the import keys) and puts them back on
exit, foreign keys validated against the loaded rows.

The definitions are saved in the table `cong_deferred_index` in the same transaction as the
drop, so a load killed halfway leaves them there: the next `indexes_deferred` (or
`restore_deferred_indexes()`) rebuilds them. While they are away, queries on these tables can
be slow: use it for building data sets, not on a serving database.
"""

from contextlib import contextmanager

from django.db import connections, transaction

TABLE = "cong_deferred_index"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (name text PRIMARY KEY, table_name text NOT NULL, "
    "kind text NOT NULL, definition text NOT NULL, saved_at timestamptz NOT NULL DEFAULT now())"
)
_INDEXES = """
    SELECT i.relname, pg_get_indexdef(i.oid)
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = %s::regclass AND NOT x.indisunique AND NOT x.indisprimary
    ORDER BY i.relname
"""
_FOREIGN_KEYS = """
    SELECT conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname
"""


def _tables(models) -> list[str]:
    tables = []
    for model in models:
        for m in [*reversed(model._meta.get_parent_list()), model]:
            if m._meta.db_table not in tables:
                tables.append(m._meta.db_table)
    return tables


def defer_indexes(models, using: str = "default") -> int:
    """Save and drop the tables' secondary indexes and foreign keys; returns how many."""
    connection = connections[using]
    quote = connection.ops.quote_name
    dropped = 0
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks block ALTER TABLE
        cursor.execute(_CREATE)
        for table in _tables(models):
            cursor.execute(_FOREIGN_KEYS, [table])
            for name, definition in cursor.fetchall():
                _save(cursor, name, table, "foreign key", definition)
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                dropped += 1
            cursor.execute(_INDEXES, [table])
            for name, definition in cursor.fetchall():
                _save(cursor, name, table, "index", definition)
                cursor.execute(f"DROP INDEX {quote(name)}")
                dropped += 1
    return dropped


def _save(cursor, name, table, kind, definition):
    cursor.execute(
        f"INSERT INTO {TABLE} (name, table_name, kind, definition) VALUES (%s, %s, %s, %s) "
        "ON CONFLICT (name) DO NOTHING",
        [name, table, kind, definition],
    )


def restore_deferred_indexes(using: str = "default", progress=None) -> int:
    """Rebuild whatever `defer_indexes` set aside (also after a killed run); returns how many.
    Each index or key is rebuilt and forgotten in its own transaction."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [TABLE])
        if cursor.fetchone()[0] is None:
            return 0
        # Indexes first: validating a foreign key is faster with them.
        cursor.execute(
            f"SELECT name, table_name, kind, definition FROM {TABLE} "
            "ORDER BY kind = 'foreign key', table_name, name"
        )
        pending = cursor.fetchall()
    for name, table, kind, definition in pending:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            if kind == "index":
                cursor.execute("SELECT to_regclass(%s)", [name])
                if cursor.fetchone()[0] is None:
                    cursor.execute(definition)
            else:
                cursor.execute(
                    "SELECT 1 FROM pg_constraint WHERE conrelid = %s::regclass AND conname = %s",
                    [table, name],
                )
                if cursor.fetchone() is None:
                    cursor.execute(
                        f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                    )
            cursor.execute(f"DELETE FROM {TABLE} WHERE name = %s", [name])
        if progress:
            progress(name)
    return len(pending)


@contextmanager
def indexes_deferred(models, using: str = "default", progress=None):
    """Drop the models' secondary indexes and foreign keys for the block, rebuild them after
    (also when the block raises). A no-op on other databases than PostgreSQL."""
    if connections[using].vendor != "postgresql":
        yield
        return
    defer_indexes(models, using)
    try:
        yield
    finally:
        restore_deferred_indexes(using, progress)
