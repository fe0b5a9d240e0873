"""NAV's closed days ahead, for the bot's payment answer (router/domain/closed_days.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from router.domain.closed_days import closed_days_ahead
from router.domain.opening_hours import NAV_PHONE_HOURS, OSLO, NavDay

# NAV's phone as the reference data gives it: closed on julaften and nyttårsaften (reference/nav_dager.csv)
PHONE = NAV_PHONE_HOURS.with_nav_days((NavDay(month=12, day=24), NavDay(month=12, day=31)))


def test_in_december_the_christmas_days_that_fall_on_weekdays_are_ahead() -> None:
    """2026: julaften is a Thursday, 1. and 2. juledag Friday and Saturday, nyttårsaften Thursday, 1 January a
    Friday. A Saturday is no closed day of its own (the week is closed then anyway)."""
    assert closed_days_ahead(PHONE, datetime(2026, 12, 7, 10, 30, tzinfo=OSLO)) == (
        date(2026, 12, 24), date(2026, 12, 25))
    assert closed_days_ahead(PHONE, datetime(2026, 12, 23, 10, 30, tzinfo=OSLO)) == (
        date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31), date(2027, 1, 1))


def test_outside_the_holidays_nothing_is_ahead_and_a_day_cut_short_is_not_closed() -> None:
    assert closed_days_ahead(PHONE, datetime(2026, 11, 2, 10, tzinfo=OSLO)) == ()
    assert closed_days_ahead(PHONE, datetime(2027, 1, 4, 10, tzinfo=OSLO)) == ()
    short = NAV_PHONE_HOURS.with_nav_days((NavDay(month=12, day=24, hours=((time(9), time(12)),)),))
    assert date(2026, 12, 24) not in closed_days_ahead(short, datetime(2026, 12, 20, tzinfo=OSLO))


def test_today_counts_by_oslo_time_and_a_naive_time_is_refused() -> None:
    # 23:30 UTC on 23 December is already julaften in Oslo
    assert closed_days_ahead(PHONE, datetime(2026, 12, 23, 23, 30, tzinfo=UTC), days=0) == (date(2026, 12, 24),)
    with pytest.raises(ValueError):
        closed_days_ahead(PHONE, datetime(2026, 12, 7, 10, 30))
