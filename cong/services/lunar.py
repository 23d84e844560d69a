"""The Vietnamese lunar calendar, by Hồ Ngọc Đức's algorithm (astronomical new moons and solar
terms computed for the UTC+7 meridian). China uses UTC+8, so a new moon close to midnight can
fall on different days: Tết 2007 was 17 February in Vietnam and 18 February in China, Tết 1985
21 January in Vietnam and 20 February in China.

Source: Hồ Ngọc Đức, "Thuật toán tính âm lịch" (informatik.uni-leipzig.de/~duc/amlich/).
"""

import math
from datetime import date

TIME_ZONE = 7.0


def _jd_from_date(day: date) -> int:
    return day.toordinal() + 1721425


def _date_from_jd(jd: int) -> date:
    return date.fromordinal(jd - 1721425)


def _new_moon(k: int) -> float:
    """Julian day (UT) of the k-th new moon after 1900-01-01 13:52 UT."""
    T = k / 1236.85
    T2, T3 = T * T, T * T * T
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr)
    M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3
    Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3
    F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3
    C1 = (0.1734 - 0.000393 * T) * math.sin(M * dr) + 0.0021 * math.sin(2 * dr * M)
    C1 = C1 - 0.4068 * math.sin(Mpr * dr) + 0.0161 * math.sin(dr * 2 * Mpr)
    C1 = C1 - 0.0004 * math.sin(dr * 3 * Mpr)
    C1 = C1 + 0.0104 * math.sin(dr * 2 * F) - 0.0051 * math.sin(dr * (M + Mpr))
    C1 = C1 - 0.0074 * math.sin(dr * (M - Mpr)) + 0.0004 * math.sin(dr * (2 * F + M))
    C1 = C1 - 0.0004 * math.sin(dr * (2 * F - M)) - 0.0006 * math.sin(dr * (2 * F + Mpr))
    C1 = C1 + 0.0010 * math.sin(dr * (2 * F - Mpr)) + 0.0005 * math.sin(dr * (2 * Mpr + M))
    if T < -11:
        deltat = 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
    else:
        deltat = -0.000278 + 0.000265 * T + 0.000262 * T2
    return jd1 + C1 - deltat


def _sun_longitude(jdn: float) -> float:
    """The sun's longitude in radians at Julian day `jdn` (UT)."""
    T = (jdn - 2451545.0) / 36525
    T2 = T * T
    dr = math.pi / 180
    M = 357.52910 + 35999.05030 * T - 0.0001559 * T2 - 0.00000048 * T * T2
    L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2
    DL = (1.914600 - 0.004817 * T - 0.000014 * T2) * math.sin(dr * M)
    DL += (0.019993 - 0.000101 * T) * math.sin(dr * 2 * M) + 0.000290 * math.sin(dr * 3 * M)
    L = (L0 + DL) * dr
    return L - math.pi * 2 * math.floor(L / (math.pi * 2))


def _new_moon_day(k: int) -> int:
    return math.floor(_new_moon(k) + 0.5 + TIME_ZONE / 24)


def _sun_sector(jdn: int) -> int:
    """Which of the 12 major solar terms (0..11) the local day `jdn` falls in."""
    return math.floor(_sun_longitude(jdn - 0.5 - TIME_ZONE / 24) / math.pi * 6)


def _lunar_month_11(year: int) -> int:
    off = _jd_from_date(date(year, 12, 31)) - 2415021
    k = math.floor(off / 29.530588853)
    nm = _new_moon_day(k)
    if _sun_sector(nm) >= 9:
        nm = _new_moon_day(k - 1)
    return nm


def _leap_month_offset(a11: int) -> int:
    k = math.floor((a11 - 2415021.076998695) / 29.530588853 + 0.5)
    i = 1
    arc = _sun_sector(_new_moon_day(k + i))
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i))
        if arc == last or i >= 14:
            break
    return i - 1


def lunar_to_solar(lunar_day: int, lunar_month: int, lunar_year: int, leap: bool = False) -> date:
    """The solar date of a lunar date (lunar_year is the year in which its Tết falls)."""
    if lunar_month < 11:
        a11 = _lunar_month_11(lunar_year - 1)
        b11 = _lunar_month_11(lunar_year)
    else:
        a11 = _lunar_month_11(lunar_year)
        b11 = _lunar_month_11(lunar_year + 1)
    k = math.floor(0.5 + (a11 - 2415021.076998695) / 29.530588853)
    off = lunar_month - 11
    if off < 0:
        off += 12
    if b11 - a11 > 365:
        leap_off = _leap_month_offset(a11)
        leap_month = leap_off - 2
        if leap_month < 0:
            leap_month += 12
        if leap and lunar_month != leap_month:
            raise ValueError("That lunar year has no such leap month.")
        if leap or off >= leap_off:
            off += 1
    elif leap:
        raise ValueError("That lunar year has no leap month.")
    month_start = _new_moon_day(k + off)
    return _date_from_jd(month_start + lunar_day - 1)


def tet(year: int) -> date:
    """The first day of the lunar year whose Tết falls in solar `year` (Vietnam, UTC+7)."""
    return lunar_to_solar(1, 1, year)
