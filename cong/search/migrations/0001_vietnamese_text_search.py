"""PostgreSQL: the `unaccent` extension and a `vietnamese` text search configuration.

Words go through `unaccent` (which folds đ → d and every tone and vowel mark) and then
`simple` (lowercase, no stemming: Vietnamese syllables do not inflect). A no-op elsewhere.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vietnamese') THEN
            CREATE TEXT SEARCH CONFIGURATION vietnamese (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION vietnamese
                ALTER MAPPING FOR word, hword, hword_part, asciiword, asciihword, hword_asciipart
                WITH unaccent, simple;
        END IF;
    END
    $$
    """,
]
DROP = ["DROP TEXT SEARCH CONFIGURATION IF EXISTS vietnamese"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
