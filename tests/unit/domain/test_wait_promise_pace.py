"""The promised wait from the office's measured pace (router/domain/wait_promise.py office_pace, estimate_minutes):
probe 88's office was promised a median of 50 minutes and answered in 3."""

from __future__ import annotations

from datetime import datetime, timedelta

from router.domain.opening_hours import OSLO, OpeningHours
from router.domain.wait_promise import (
    DEFAULT_FIRST_ANSWER_MINUTES,
    HANDLING_CEILING_MINUTES,
    HANDLING_FLOOR_MINUTES,
    HANDLING_MINUTES,
    MIN_SAMPLES,
    HandledChat,
    LiveQueue,
    OfficePace,
    WaitKind,
    estimate_minutes,
    office_pace,
    said_minutes,
    wait_promise,
)

HOURS = OpeningHours.default()  # weekdays 09-15
MONDAY_10 = datetime(2026, 12, 7, 10, tzinfo=OSLO)


def handled(minutes: float, *, reply: float | None = 1.0) -> HandledChat:
    assigned = MONDAY_10 - timedelta(minutes=minutes)
    replied = assigned + timedelta(minutes=reply) if reply is not None else None
    return HandledChat(assigned_at=assigned, first_reply_at=replied, closed_at=MONDAY_10)


def test_too_few_chats_say_nothing_of_the_pace() -> None:
    assert office_pace([handled(4)] * (MIN_SAMPLES - 1)) is None
    assert office_pace([handled(4)] * MIN_SAMPLES) == OfficePace(handling_minutes=4, reply_minutes=1)


def test_the_handling_time_is_the_one_four_in_five_chats_kept_within_not_the_median() -> None:
    """A promise is read as one: the median would leave half the chats, and many brukere, above it."""
    pace = office_pace([handled(minutes) for minutes in range(5, 15)])  # 5..14 minutes
    assert pace is not None
    assert pace.handling_minutes == 12.2  # the 80th percentile (inclusive), the median is 9.5


def test_the_handling_time_has_a_floor_and_a_ceiling() -> None:
    """Chats closed at once (the bruker had left) promise nothing of the next; chats left open for hours neither."""
    quick = office_pace([handled(0.2)] * MIN_SAMPLES)
    forgotten = office_pace([handled(8 * 60)] * MIN_SAMPLES)
    assert quick is not None and quick.handling_minutes == HANDLING_FLOOR_MINUTES
    assert forgotten is not None and forgotten.handling_minutes == HANDLING_CEILING_MINUTES


def test_the_reply_time_is_the_median_after_the_last_assignment() -> None:
    chats = [handled(10, reply=r) for r in (0.5, 1, 1, 2, 30)] + [handled(10, reply=None)] * 3
    chats += [handled(10, reply=-5)] * 4  # answered by the veileder who had it before a transfer
    pace = office_pace(chats)
    assert pace is not None and pace.reply_minutes == 1
    silent = office_pace([handled(10, reply=None)] * MIN_SAMPLES)
    assert silent is not None and silent.reply_minutes == DEFAULT_FIRST_ANSWER_MINUTES


def test_a_measured_pace_frees_a_place_every_handling_time_per_place() -> None:
    """4 veiledere with 3 places each, all full, 17 ahead: 18 places to wait for. At 3 minutes a chat (the probe's
    staff) a place frees every quarter minute: about 5 minutes, where the fixed rule said 80."""
    full = LiveQueue(online=4, free_slots=0, ahead=17, places=12)
    assert estimate_minutes(full) == 5 + 5 * HANDLING_MINUTES == 80
    assert estimate_minutes(LiveQueue(online=4, free_slots=0, ahead=17, places=12,
                                      pace=OfficePace(handling_minutes=3, reply_minutes=0.5))) == 5  # 0.5 + 4.5
    # A real office's 15 minutes a chat: 18 × 15 / 12 + 1 = 23.5, "about 25".
    assert estimate_minutes(LiveQueue(online=4, free_slots=0, ahead=17, places=12,
                                      pace=OfficePace(handling_minutes=15, reply_minutes=1))) == 25
    # A slow office's 50 minutes a chat, 2 veiledere with 2 places: 3 × 50 / 4 + 1 = 38.5, more than the fixed 35.
    slow = LiveQueue(online=2, free_slots=0, ahead=2, places=4, pace=OfficePace(handling_minutes=50, reply_minutes=1))
    assert estimate_minutes(slow) == 40 > estimate_minutes(LiveQueue(online=2, free_slots=0, ahead=2)) == 35


def test_without_places_or_anyone_online_the_pace_changes_nothing() -> None:
    pace = OfficePace(handling_minutes=3, reply_minutes=0.5)
    assert estimate_minutes(LiveQueue(online=2, free_slots=1, ahead=4, pace=pace)) == 5 + 2 * HANDLING_MINUTES
    assert estimate_minutes(LiveQueue(online=0, free_slots=0, ahead=4, places=0, pace=pace)) is None


def test_minutes_are_said_rounded_up_in_fives_and_beyond_an_hour_in_tens() -> None:
    assert [said_minutes(m) for m in (0, 1.2, 5, 5.01, 35.000000001, 60)] == [5, 5, 5, 10, 35, 60]
    assert [said_minutes(m) for m in (60.5, 70, 80, 185)] == [70, 70, 80, 190]


def test_the_guarantees_hold_with_a_measured_pace() -> None:
    """A free place is answered now; nobody online is said so; a wait past closing is said as that."""
    pace = OfficePace(handling_minutes=20, reply_minutes=1)
    assert wait_promise(HOURS, LiveQueue(online=2, free_slots=1, ahead=0, places=6, pace=pace),
                        MONDAY_10).kind is WaitKind.NOW
    assert wait_promise(HOURS, LiveQueue(online=0, free_slots=0, ahead=3, pace=pace),
                        MONDAY_10).kind is WaitKind.NOBODY_ONLINE
    busy = LiveQueue(online=1, free_slots=0, ahead=5, places=3, pace=pace)  # 6 × 20 / 3 + 1 = 41: "about 45"
    soon = wait_promise(HOURS, busy, MONDAY_10)
    assert soon.kind is WaitKind.SOON and soon.minutes == 45
    assert wait_promise(HOURS, busy, MONDAY_10.replace(hour=14, minute=20)).kind is WaitKind.PAST_CLOSING
