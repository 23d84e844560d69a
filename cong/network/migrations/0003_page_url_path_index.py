"""An index on Wagtail's page table by url_path, for routing a request down the network in one
query (cong.network.routing); Wagtail itself never looks pages up by url_path."""

from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS cong_page_url_path ON wagtailcore_page (url_path)"
DROP = "DROP INDEX IF EXISTS cong_page_url_path"


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0002_unit_name_ascii"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
