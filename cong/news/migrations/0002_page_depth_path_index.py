"""An index on Wagtail's page table for "children of this page" ((depth, path) range).

Wagtail filters children by a path range plus depth; with the whole network in one tree the
range alone matches every descendant (tens of thousands of rows under a province), so listings
of sections and subordinate portals scanned them all. With (depth, path) the range is exact.
"""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS cong_page_depth_path ON wagtailcore_page (depth, path)"
DROP = "DROP INDEX IF EXISTS cong_page_depth_path"


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
