"""Working days across Tết, Giỗ Tổ and make-up Saturdays, from the calendar table."""

from datetime import date

import pytest

from cong.services.holidays import OFF, WORKING, default_days
from cong.services.lunar import lunar_to_solar, tet
from cong.services.models import CalendarDay
from cong.services.workdays import WorkingCalendar, add_working_days, seed_calendar

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "year, vietnam",
    [
        (1985, date(1985, 1, 21)),  # China: 20 February 1985
        (2007, date(2007, 2, 17)),  # China: 18 February 2007
        (2024, date(2024, 2, 10)),
        (2025, date(2025, 1, 29)),
        (2026, date(2026, 2, 17)),
    ],
)
def test_tet_is_computed_for_vietnam_time(year, vietnam):
    assert tet(year) == vietnam


def test_hung_kings_day_is_the_tenth_of_the_third_lunar_month():
    assert lunar_to_solar(10, 3, 2025) == date(2025, 4, 7)
    assert lunar_to_solar(10, 3, 2026) == date(2026, 4, 26)


def test_tet_2025_nine_days_off():
    calendar = WorkingCalendar()
    for day in range(25, 32):
        assert not calendar.is_working_day(date(2025, 1, day))
    assert not calendar.is_working_day(date(2025, 2, 1))
    assert not calendar.is_working_day(date(2025, 2, 2))
    assert calendar.is_working_day(date(2025, 2, 3))
    # Friday 24 January + 1 working day = Monday 3 February.
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    # 10 working days from Monday 20 January: 21–24 January, then 3–10 February.
    assert add_working_days(date(2025, 1, 20), 10) == date(2025, 2, 10)


def test_make_up_saturday_and_swapped_day_2025():
    calendar = WorkingCalendar()
    assert calendar.is_working_day(date(2025, 4, 26))  # Saturday worked for Friday 2 May
    assert not calendar.is_working_day(date(2025, 5, 2))
    assert add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)
    assert add_working_days(date(2025, 4, 4), 1) == date(2025, 4, 8)  # Giỗ Tổ Monday 7/4
    assert add_working_days(date(2025, 8, 29), 1) == date(2025, 9, 3)  # 1–2 September


def test_2026_tet_make_up_and_compensated_hung_kings():
    calendar = WorkingCalendar()
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert calendar.is_working_day(date(2026, 1, 10))  # make-up Saturday
    assert not calendar.is_working_day(date(2026, 1, 2))
    assert not calendar.is_working_day(date(2026, 4, 27))  # Giỗ Tổ fell on Sunday 26/4
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 27)) == 5


def test_2007_uses_vietnamese_tet_not_chinese():
    """No row for 2007: the computed defaults apply, from Vietnam's lunar calendar."""
    assert not CalendarDay.objects.filter(day__year=2007).exists()
    calendar = WorkingCalendar()
    assert not calendar.is_working_day(date(2007, 2, 16))  # last day of the year in Vietnam
    assert not calendar.is_working_day(date(2007, 2, 20))  # mùng 4 in Vietnam
    assert not calendar.is_working_day(date(2007, 2, 21))  # compensates Saturday 17 (mùng 1)
    assert calendar.is_working_day(date(2007, 2, 15))
    assert add_working_days(date(2007, 2, 15), 1) == date(2007, 2, 23)


def test_default_rules_compensate_weekend_holidays():
    days = {d.day: d for d in default_days(2027)}
    assert days[date(2027, 5, 1)].kind == OFF  # a Saturday
    assert date(2027, 5, 3) in days  # compensated on Monday


def test_operator_amends_the_calendar():
    assert add_working_days(date(2025, 5, 30), 1) == date(2025, 6, 2)
    CalendarDay.objects.create(day=date(2025, 6, 2), kind=OFF, name="Nghỉ đột xuất")
    assert add_working_days(date(2025, 5, 30), 1) == date(2025, 6, 3)
    CalendarDay.objects.create(day=date(2025, 5, 31), kind=WORKING, name="Làm bù")
    assert add_working_days(date(2025, 5, 30), 1) == date(2025, 5, 31)


def test_seed_calendar_keeps_an_amended_year():
    CalendarDay.objects.filter(day__year=2031).delete()
    assert seed_calendar([2031]) > 0
    CalendarDay.objects.filter(day=date(2031, 1, 1)).delete()
    assert seed_calendar([2031]) == 0
    assert WorkingCalendar().is_working_day(date(2031, 1, 1))
