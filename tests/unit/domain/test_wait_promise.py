"""Unit tests for router/domain/wait_promise.py: the wait said from the live queue, never a comfortable guess."""

from __future__ import annotations

from datetime import datetime

from router.domain.opening_hours import OSLO, OpeningHours
from router.domain.wait_promise import (
    HANDLING_MINUTES,
    LiveQueue,
    WaitKind,
    WaitPromise,
    estimate_minutes,
    wait_promise,
)

HOURS = OpeningHours.default()  # weekdays 09-15


def oslo(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=OSLO)


def test_a_free_place_means_the_recent_pick_up_time_in_steps_of_five() -> None:
    assert estimate_minutes(LiveQueue(online=2, free_slots=3, ahead=0)) == 5
    assert estimate_minutes(LiveQueue(online=2, free_slots=3, ahead=2, recent_first_answer_minutes=7.5)) == 10


def test_a_full_queue_adds_a_round_of_chats_per_veileder() -> None:
    # 4 ahead, 1 free place, 2 online: this conversation is 4th behind the free place -> 2 rounds
    assert estimate_minutes(LiveQueue(online=2, free_slots=1, ahead=4)) == 5 + 2 * HANDLING_MINUTES
    assert estimate_minutes(LiveQueue(online=0, free_slots=0, ahead=0)) is None


def test_nobody_online_is_said_as_it_is() -> None:
    promise = wait_promise(HOURS, LiveQueue(online=0, free_slots=0, ahead=0), oslo(2026, 11, 23, 10))
    assert promise == WaitPromise(WaitKind.NOBODY_ONLINE, closes=oslo(2026, 11, 23, 15), opens=oslo(2026, 11, 24, 9))
    assert not promise.answers_soon


def test_just_before_closing_the_wait_runs_past_closing() -> None:
    live = LiveQueue(online=1, free_slots=0, ahead=0)  # one round of chats: 20 minutes
    assert wait_promise(HOURS, live, oslo(2026, 11, 23, 14, 30)).kind is WaitKind.SOON  # 20 minutes fit
    friday = wait_promise(HOURS, live, oslo(2026, 11, 27, 14, 45))
    assert friday.kind is WaitKind.PAST_CLOSING and friday.opens == oslo(2026, 11, 30, 9)


def test_closed_says_when_it_opens() -> None:
    promise = wait_promise(HOURS, LiveQueue(online=0, free_slots=0, ahead=0), oslo(2026, 11, 27, 16))
    assert promise == WaitPromise(WaitKind.CLOSED, opens=oslo(2026, 11, 30, 9))
    full = wait_promise(HOURS, LiveQueue(online=1, free_slots=1, ahead=3), oslo(2026, 11, 27, 16))
    assert full.kind is WaitKind.CLOSED, "someone working late, but not for this one"
    never = wait_promise(OpeningHours({}), LiveQueue(online=0, free_slots=0, ahead=0), oslo(2026, 11, 27, 10))
    assert never.kind is WaitKind.CLOSED and never.opens is None


def test_closed_but_someone_working_late_with_room_answers_now_and_says_so() -> None:
    """Not "closed, we answer Monday" followed a second later by "Aisha has taken over"."""
    promise = wait_promise(HOURS, LiveQueue(online=3, free_slots=3, ahead=0), oslo(2026, 11, 27, 16))
    assert promise == WaitPromise(WaitKind.NOW, opens=oslo(2026, 11, 30, 9))
    assert promise.answers_soon
