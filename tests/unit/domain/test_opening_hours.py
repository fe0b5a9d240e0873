"""Unit tests for router/domain/opening_hours.py: Oslo time, weekends, helligdager, DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from router.domain.opening_hours import (
    NAV_PHONE_HOURS,
    OSLO,
    NavDay,
    OpeningHours,
    _easter,
    closes_at,
    is_open,
    nav_phone_opens,
    next_opening,
    norwegian_public_holidays,
    staffing,
)

HOURS = OpeningHours.default()


def oslo(y, mo, d, h, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=OSLO)


def test_open_on_a_weekday_within_hours_in_oslo_time() -> None:
    assert is_open(HOURS, oslo(2026, 11, 23, 9, 0))  # monday
    assert not is_open(HOURS, oslo(2026, 11, 23, 15, 0))  # closes at 15:00 sharp
    # 08:30 UTC is 09:30 in Oslo in winter
    assert is_open(HOURS, datetime(2026, 11, 23, 8, 30, tzinfo=UTC))


def test_weekend_opens_monday() -> None:
    assert next_opening(HOURS, oslo(2026, 11, 21, 12)) == oslo(2026, 11, 23, 9)


def test_staffing_says_whether_open_and_when_that_changes() -> None:
    assert staffing(HOURS, oslo(2026, 11, 23, 14, 59)) == (True, oslo(2026, 11, 23, 15))
    assert staffing(HOURS, oslo(2026, 11, 23, 15)) == (False, oslo(2026, 11, 24, 9))
    assert staffing(HOURS, oslo(2026, 11, 21, 21)) == (False, oslo(2026, 11, 23, 9)), "Saturday evening: Monday"


def test_open_now_returns_now() -> None:
    now = oslo(2026, 11, 23, 10, 15)
    assert next_opening(HOURS, now) == now


def test_public_holidays_are_closed() -> None:
    holidays = norwegian_public_holidays(2026)
    assert date(2026, 4, 5) in holidays  # 1. påskedag 2026
    assert date(2026, 4, 3) in holidays  # langfredag
    assert date(2026, 5, 14) in holidays  # Kristi himmelfartsdag
    assert date(2026, 5, 25) in holidays  # 2. pinsedag
    assert not is_open(HOURS, oslo(2026, 5, 18 - 1, 10))  # 17. mai (a sunday anyway)
    # Thursday 24 Dec 2026 is a workday; 25th/26th closed, so next opening is monday 28th
    assert next_opening(HOURS, oslo(2026, 12, 24, 16)) == oslo(2026, 12, 28, 9)


def test_dst_change_keeps_local_opening_time() -> None:
    # Sunday 29 March 2026 clocks go forward; monday opens 09:00 Oslo = 07:00 UTC
    opening = next_opening(HOURS, oslo(2026, 3, 28, 12))
    assert opening == oslo(2026, 3, 30, 9)
    assert opening.astimezone(UTC).hour == 7


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError):
        is_open(HOURS, datetime(2026, 11, 23, 10))


def test_custom_hours_with_two_intervals() -> None:
    hours = OpeningHours.from_strings({0: "08:00-11:00,12:00-15:30"})
    assert not is_open(hours, oslo(2026, 11, 23, 11, 30))
    assert next_opening(hours, oslo(2026, 11, 23, 11, 30)) == oslo(2026, 11, 23, 12)
    assert hours.as_strings()["mon"] == "08:00-11:00,12:00-15:30"
    assert hours.weekly[0][1] == (time(12), time(15, 30))


def _gauss_easter(year: int) -> date:
    """An independent oracle: Gauss's Easter rule with its two exceptions (Gregorian calendar)."""
    a, b, c = year % 19, year % 4, year % 7
    k = year // 100
    p, q = (13 + 8 * k) // 25, k // 4
    m, n = (15 - p + k - q) % 30, (4 + k - q) % 7
    d = (19 * a + m) % 30
    e = (2 * b + 4 * c + 6 * d + n) % 7
    if d == 29 and e == 6:
        return date(year, 4, 19)
    if d == 28 and e == 6 and (11 * m + 11) % 30 < 19:
        return date(year, 4, 18)
    day = 22 + d + e
    return date(year, 3, day) if day <= 31 else date(year, 4, day - 31)


def test_easter_matches_an_independent_rule_and_known_dates() -> None:
    known = {2008: date(2008, 3, 23), 2011: date(2011, 4, 24), 2024: date(2024, 3, 31), 2025: date(2025, 4, 20),
             2026: date(2026, 4, 5), 2038: date(2038, 4, 25), 1981: date(1981, 4, 19), 1954: date(1954, 4, 18)}
    assert all(_gauss_easter(year) == day for year, day in known.items())
    for year in range(1900, 2300):
        assert _easter(year) == _gauss_easter(year), year


# Julaften and nyttårsaften are no helligdager, but NAV is closed (reference/nav_dager.csv, probe 119: a bruker at
# 23 Dec 15:50 was promised "torsdag 24. desember kl. 09:00").
NAV_DAYS = (NavDay(month=12, day=24, kilde="test"), NavDay(month=12, day=31, kilde="test"))
WITH_NAV_DAYS = HOURS.with_nav_days(NAV_DAYS)


def test_julaften_and_nyttarsaften_closed_when_the_nav_days_say_so() -> None:
    assert next_opening(WITH_NAV_DAYS, oslo(2026, 12, 23, 15, 50)) == oslo(2026, 12, 28, 9), "not julaften 09:00"
    assert not is_open(WITH_NAV_DAYS, oslo(2026, 12, 24, 10))
    assert not is_open(WITH_NAV_DAYS, oslo(2026, 12, 31, 14, 50))
    assert next_opening(WITH_NAV_DAYS, oslo(2026, 12, 31, 14, 50)) == oslo(2027, 1, 4, 9)
    # 30 December: open, closes 15:00 as always ("stenger 15:00"), and after that opens on Monday 4 January.
    assert closes_at(WITH_NAV_DAYS, oslo(2026, 12, 30, 14, 50)) == oslo(2026, 12, 30, 15)
    assert next_opening(WITH_NAV_DAYS, oslo(2026, 12, 30, 15)) == oslo(2027, 1, 4, 9)
    # Every year, whatever the weekday: 24 Dec 2027 is a Friday.
    assert next_opening(WITH_NAV_DAYS, oslo(2027, 12, 23, 15, 50)) == oslo(2027, 12, 27, 9)


def test_a_short_nav_day_cuts_each_enhets_own_hours() -> None:
    # A day counted from Easter (onsdag før skjærtorsdag = -4) open until 12:00 at most.
    short = NavDay(((time(0), time(12)),), from_easter=-4, kilde="test")
    wednesday = oslo(2026, 4, 1, 11)  # Easter Sunday 2026 is 5 April
    assert closes_at(HOURS.with_nav_days((short,)), wednesday) == oslo(2026, 4, 1, 12)
    late = OpeningHours.from_strings({2: "10:00-11:00,13:00-15:00"}, nav_days=(short,))
    assert late.intervals_on(date(2026, 4, 1)) == ((time(10), time(11)),)
    assert late.intervals_on(date(2026, 4, 8)) == ((time(10), time(11)), (time(13), time(15)))
    assert NavDay(month=2, day=29, kilde="test").date_in(2027) is None
    with pytest.raises(ValueError):
        NavDay(month=12, day=24, from_easter=-4)
    with pytest.raises(ValueError):
        NavDay(month=13, day=1)


def test_navs_phone_follows_the_nav_days() -> None:
    phone = NAV_PHONE_HOURS.with_nav_days(NAV_DAYS)
    assert nav_phone_opens(phone, oslo(2026, 12, 23, 15, 50)) == oslo(2026, 12, 28, 9)
    assert nav_phone_opens(phone, oslo(2026, 12, 24, 10)) == oslo(2026, 12, 28, 9)
    assert nav_phone_opens(phone, oslo(2026, 12, 23, 10)) is None
