"""Seed the holiday calendar for 2024–2030 (defaults computed per year, announced days for
2025 and 2026). The operator amends it in the admin; `seed_holidays` adds later years."""

from django.db import migrations


def seed(apps, schema_editor):
    from cong.services.holidays import days_for_year

    CalendarDay = apps.get_model("services", "CalendarDay")
    for year in range(2024, 2031):
        if CalendarDay.objects.filter(day__year=year).exists():
            continue
        CalendarDay.objects.bulk_create(
            [CalendarDay(day=d.day, kind=d.kind, name=d.name) for d in days_for_year(year)],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
