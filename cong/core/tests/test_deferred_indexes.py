"""Secondary indexes and foreign keys set aside for a bulk load come back exactly (also after a
load that was killed: the definitions stay in the database until rebuilt)."""

import pytest
from django.db import connection

from cong.core.deferred_indexes import TABLE, defer_indexes, restore_deferred_indexes
from cong.news.models import ArticlePage

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only (COPY path)"),
]

TABLES = ("wagtailcore_page", "news_articlepage")


def schema():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1", [list(TABLES)]
        )
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s) ORDER BY 1",
            [list(TABLES)],
        )
        return indexes, cursor.fetchall()


def test_deferred_then_restored_exactly(wagtail_base, small_network):
    before = schema()
    dropped = defer_indexes([ArticlePage])
    assert dropped > 10
    indexes, constraints = schema()
    assert len(indexes) < len(before[0])
    assert not any("FOREIGN KEY" in definition for _, definition in constraints)
    # Primary keys and unique constraints stay: they guard paths and import keys.
    assert any("UNIQUE (path)" in definition for _, definition in constraints)
    assert any("UNIQUE (import_key)" in definition for _, definition in constraints)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        assert cursor.fetchone()[0] == dropped

    # As after a killed run: a later call finds the saved definitions and rebuilds them.
    assert restore_deferred_indexes() == dropped
    assert schema() == before
    assert restore_deferred_indexes() == 0
