"""Vietnam's public holidays for public servants (Labour Code 2019, art. 112; five-day week):
the default rules computed for any year, and the days off / make-up days the Government
announced for 2025 and 2026. The calendar actually used is data (`CalendarDay`), seeded from
these and amendable by the operator; see docs/services.md for the sources."""

from dataclasses import dataclass
from datetime import date, timedelta

from .lunar import lunar_to_solar, tet

OFF, WORKING = "off", "working"


@dataclass(frozen=True)
class Day:
    day: date
    kind: str  # OFF or WORKING (a make-up Saturday, ngày làm bù)
    name: str


def _is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def _with_compensation(days: list[Day]) -> list[Day]:
    """A holiday on a weekend gives the next working day off (art. 111.3)."""
    taken = {d.day for d in days}
    extra = []
    for item in sorted(days, key=lambda d: d.day):
        if _is_weekend(item.day):
            candidate = item.day + timedelta(days=1)
            while _is_weekend(candidate) or candidate in taken:
                candidate += timedelta(days=1)
            taken.add(candidate)
            extra.append(Day(candidate, OFF, f"Nghỉ bù {item.name}"))
    return days + extra


def default_days(year: int) -> list[Day]:
    """The holidays the law gives in `year`, weekend holidays compensated on the next day."""
    new_year = tet(year)
    days = [Day(date(year, 1, 1), OFF, "Tết Dương lịch")]
    days.append(Day(new_year - timedelta(days=1), OFF, "Tết Nguyên đán (cuối năm)"))
    days += [
        Day(new_year + timedelta(days=i), OFF, f"Tết Nguyên đán (mùng {i + 1})") for i in range(4)
    ]
    days.append(Day(lunar_to_solar(10, 3, year), OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"))
    days.append(Day(date(year, 4, 30), OFF, "Ngày Chiến thắng 30/4"))
    days.append(Day(date(year, 5, 1), OFF, "Ngày Quốc tế Lao động"))
    days.append(Day(date(year, 9, 2), OFF, "Quốc khánh"))
    # Quốc khánh gives 2/9 plus the day before or after; the Government picks it each year.
    national_day = date(year, 9, 2)
    second = national_day - timedelta(days=1)
    if national_day.weekday() in (0, 5, 6) or second.weekday() >= 5:
        second = national_day + timedelta(days=1)
    days.append(Day(second, OFF, "Quốc khánh (ngày liền kề)"))
    return _with_compensation(days)


# Announced arrangements (swaps and make-up Saturdays), replacing the defaults for their year.
ANNOUNCED = {
    2025: [
        Day(date(2025, 1, 1), OFF, "Tết Dương lịch"),
        *[Day(date(2025, 1, d), OFF, "Tết Nguyên đán Ất Tỵ") for d in (27, 28, 29, 30, 31)],
        Day(date(2025, 4, 7), OFF, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
        Day(date(2025, 4, 26), WORKING, "Làm bù cho ngày 02/5/2025"),
        Day(date(2025, 4, 30), OFF, "Ngày Chiến thắng 30/4"),
        Day(date(2025, 5, 1), OFF, "Ngày Quốc tế Lao động"),
        Day(date(2025, 5, 2), OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)"),
        Day(date(2025, 9, 1), OFF, "Quốc khánh (ngày liền kề)"),
        Day(date(2025, 9, 2), OFF, "Quốc khánh"),
    ],
    2026: [
        Day(date(2026, 1, 1), OFF, "Tết Dương lịch"),
        Day(date(2026, 1, 2), OFF, "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)"),
        Day(date(2026, 1, 10), WORKING, "Làm bù cho ngày 02/01/2026"),
        *[Day(date(2026, 2, d), OFF, "Tết Nguyên đán Bính Ngọ") for d in (16, 17, 18, 19, 20)],
        Day(date(2026, 4, 27), OFF, "Nghỉ bù Giỗ Tổ Hùng Vương (26/4/2026, Chủ nhật)"),
        Day(date(2026, 4, 30), OFF, "Ngày Chiến thắng 30/4"),
        Day(date(2026, 5, 1), OFF, "Ngày Quốc tế Lao động"),
        Day(date(2026, 9, 1), OFF, "Quốc khánh (ngày liền kề)"),
        Day(date(2026, 9, 2), OFF, "Quốc khánh"),
    ],
}


def days_for_year(year: int) -> list[Day]:
    return list(ANNOUNCED.get(year) or default_days(year))
