"""The days ahead on which all of NAV is closed though its week works then: the public holidays and NAV's own closed
days (julaften, nyttårsaften: reference/nav_dager.csv). The bot's payment answer says that money around them may
reach the account on another day than usual (actions/innsyn.py); it names no payment date, which only the vedtak and
«Utbetalinger» know."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from router.domain.opening_hours import OSLO, OpeningHours

# Three weeks: "når kommer pengene?" asked on 7 December may be about a payment in the Christmas days.
CLOSED_DAYS_AHEAD = 21


def closed_days_ahead(hours: OpeningHours, now: datetime, *, days: int = CLOSED_DAYS_AHEAD) -> tuple[date, ...]:
    """The days from today (in Oslo) through ``days`` days on which ``hours`` (NAV's phone: the routing port's
    nav_phone_hours()) is closed all day though its week is open then; a day only cut short is not closed."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = now.astimezone(OSLO).date()
    ahead = (today + timedelta(days=n) for n in range(days + 1))
    return tuple(day for day in ahead if hours.weekly.get(day.weekday()) and not hours.intervals_on(day))
