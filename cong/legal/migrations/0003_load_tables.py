from django.db import migrations


def load(apps, schema_editor):
    from cong.legal.seeding import load_tables

    load_tables(apps)


class Migration(migrations.Migration):
    dependencies = [("legal", "0002_registry")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
