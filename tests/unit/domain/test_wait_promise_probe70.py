"""Probe 70 at closing time (Friday 14:55): the promise says what happens, not a comfortable guess either way."""

from __future__ import annotations

from datetime import datetime, time

from router.domain.opening_hours import OSLO, OpeningHours
from router.domain.wait_promise import CLOSING_SOON, LiveQueue, WaitKind, WaitPromise, wait_promise

HOURS = OpeningHours.default()  # weekdays 09-15


def oslo(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=OSLO)


FRIDAY_CLOSES = oslo(2026, 12, 4, 15)
MONDAY_OPENS = oslo(2026, 12, 7, 9)


def test_nobody_online_minutes_before_closing_says_it_closes_and_when_it_opens() -> None:
    """Defect 4: "they see it when they log on" at 14:55 on a Friday, not a word of 15:00 or Monday."""
    nobody = LiveQueue(online=0, free_slots=0, ahead=0)
    promise = wait_promise(HOURS, nobody, oslo(2026, 12, 4, 14, 55))
    assert promise == WaitPromise(WaitKind.NOBODY_BEFORE_CLOSING, closes=FRIDAY_CLOSES, opens=MONDAY_OPENS)
    assert not promise.answers_soon
    assert wait_promise(HOURS, nobody, FRIDAY_CLOSES - CLOSING_SOON).kind is WaitKind.NOBODY_BEFORE_CLOSING
    # Hours before closing, someone may still log on: "nobody online, no promise" as before.
    assert wait_promise(HOURS, nobody, oslo(2026, 12, 4, 11, 30)).kind is WaitKind.NOBODY_ONLINE
    # Open around the clock: 23:59 to 00:00 is no closing.
    around_the_clock = OpeningHours({day: ((time(0, 0), time(23, 59)),) for day in range(7)},
                                    closed_on_public_holidays=False)
    assert wait_promise(around_the_clock, nobody, oslo(2026, 12, 4, 23, 50)).kind is WaitKind.NOBODY_ONLINE


def test_a_free_place_with_nobody_ahead_is_answered_now_even_a_minute_before_closing() -> None:
    """Defect 5: Kari online and free at 14:56 was "maybe nobody answers before closing, Monday", then took the chat
    in the same second. A free place waiting is assignment at once: no minutes, no closing."""
    free = LiveQueue(online=1, free_slots=1, ahead=0)
    for minute in (56, 59):
        promise = wait_promise(HOURS, free, oslo(2026, 12, 4, 14, minute))
        assert promise.kind is WaitKind.NOW and promise.minutes is None and promise.answers_soon
    assert wait_promise(HOURS, free, oslo(2026, 12, 7, 10)).kind is WaitKind.NOW, "nor 'about 5 minutes' at 10:00"
    # With a queue ahead of the free places, the wait is real, and it runs past closing.
    behind = wait_promise(HOURS, LiveQueue(online=1, free_slots=1, ahead=1), oslo(2026, 12, 4, 14, 56))
    assert behind.kind is WaitKind.PAST_CLOSING and behind.opens == MONDAY_OPENS
