"""Working-day arithmetic: Monday–Friday, minus days off, plus make-up working days, from the
`CalendarDay` table; a year with no row in the table uses the computed defaults."""

from datetime import date, timedelta

from .holidays import OFF, WORKING, days_for_year


class WorkingCalendar:
    def __init__(self):
        self._years: dict[int, dict[date, str]] = {}

    def _exceptions(self, year: int) -> dict[date, str]:
        if year not in self._years:
            from .models import CalendarDay

            rows = dict(CalendarDay.objects.filter(day__year=year).values_list("day", "kind"))
            if not rows:
                rows = {d.day: d.kind for d in days_for_year(year)}
            self._years[year] = rows
        return self._years[year]

    def is_working_day(self, day: date) -> bool:
        kind = self._exceptions(day.year).get(day)
        if kind == OFF:
            return False
        if kind == WORKING:
            return True
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (the day of receipt does not count)."""
        current = start
        remaining = days
        while remaining > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_working_day(current)
        return count


def add_working_days(start: date, days: int) -> date:
    return WorkingCalendar().add_working_days(start, days)


def seed_calendar(years) -> int:
    """Write the default and announced days of `years` that the table lacks; returns rows added.
    A year already holding rows is left as the operator made it."""
    from .models import CalendarDay

    added = 0
    for year in years:
        if CalendarDay.objects.filter(day__year=year).exists():
            continue
        rows = [CalendarDay(day=d.day, kind=d.kind, name=d.name) for d in days_for_year(year)]
        CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)
        added += len(rows)
    return added
