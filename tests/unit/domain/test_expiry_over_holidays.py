"""Probe 119 (#1): a chat in the queue or with a veileder expired on calendar time, so over a holiday it was closed
before the answer the bruker had been promised. The periods now count only the office's open hours
(router/domain/expiry.py); each case below was closed by the old rule (24 hours gone, 3 days idle, calendar time)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from router.domain.events import ConversationState
from router.domain.expiry import expires_at, expiry_reason
from router.domain.opening_hours import OSLO, OpeningHours

OFFICE = OpeningHours.default()  # weekdays 09-15, closed on public holidays (as the probe's Nav Grünerløkka)
RULE = {"gone_after": timedelta(hours=6), "idle_after": timedelta(hours=18), "hours": OFFICE}
QUEUED, ASSIGNED = ConversationState.QUEUED, ConversationState.ASSIGNED


def oslo(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


def test_a_gone_bruker_promised_monday_after_new_year_is_not_closed_on_sunday() -> None:
    wrote = oslo(2026, 12, 31, 14, 51)  # nyttårsaften; "En veileder svarer deg mandag 4. januar kl. 09:00"
    gone = oslo(2026, 12, 31, 14, 55)
    for now in (oslo(2027, 1, 3, 14, 55), oslo(2027, 1, 4, 9, 0), oslo(2027, 1, 4, 14, 49)):
        assert expiry_reason(QUEUED, last_activity=wrote, gone_since=gone, now=now, **RULE) is None, now
    end = expires_at(QUEUED, last_activity=wrote, gone_since=gone, **RULE)
    assert end == oslo(2027, 1, 4, 14, 55), "5 minutes on nyttårsaften, then Monday 09:00-14:55"
    assert "brukeren har gått" in (expiry_reason(QUEUED, last_activity=wrote, gone_since=gone, now=end, **RULE) or "")


@pytest.mark.parametrize(("last_activity", "promised", "expires"), [
    # 23.12 15:50, five nødhjelp chats told "svarer deg torsdag 24. desember kl. 09:00"; closed 28.12 09:30
    (oslo(2026, 12, 23, 15, 50), oslo(2026, 12, 24, 9), oslo(2026, 12, 29, 15)),
    # Wednesday before Easter 2027, promised Tuesday 30.3 (skjærtorsdag to 2. påskedag closed); closed Saturday 27.3
    (oslo(2027, 3, 24, 14, 50), oslo(2027, 3, 30, 9), oslo(2027, 4, 1, 14, 50)),
    # Friday 14.5.2027, promised Tuesday 18.5 (17. mai and 2. pinsedag on the Monday); closed Monday 17.5
    (oslo(2027, 5, 14, 14, 50), oslo(2027, 5, 18, 9), oslo(2027, 5, 20, 14, 50)),
])
def test_a_waiting_bruker_is_not_closed_before_the_office_has_been_open_the_whole_period(
        last_activity: datetime, promised: datetime, expires: datetime) -> None:
    assert expires_at(QUEUED, last_activity=last_activity, gone_since=None, **RULE) == expires
    for now in (promised, promised + timedelta(hours=6), expires - timedelta(minutes=1)):
        assert expiry_reason(QUEUED, last_activity=last_activity, gone_since=None, now=now, **RULE) is None, now
    assert expiry_reason(QUEUED, last_activity=last_activity, gone_since=None, now=expires, **RULE), \
        "a chat nobody acts on still expires"


def test_a_veileder_following_up_after_christmas_keeps_the_chat() -> None:
    answered = oslo(2026, 12, 23, 14, 30)  # "jeg følger opp etter jul"
    assert expiry_reason(ASSIGNED, last_activity=answered, gone_since=None, now=oslo(2026, 12, 28, 12), **RULE) \
        is None
    assert expiry_reason(ASSIGNED, last_activity=answered, gone_since=None, now=oslo(2026, 12, 29, 14, 29),
                         **RULE) is None
    assert expiry_reason(ASSIGNED, last_activity=answered, gone_since=None, now=oslo(2026, 12, 29, 14, 30), **RULE)


def test_the_clock_is_the_kontaktsenters_for_its_queue() -> None:
    """The hours passed in are the queue's enhet's: a kontaktsenter open on Saturdays counts Saturday."""
    kontaktsenter = OpeningHours.from_strings({d: "09:00-15:00" for d in range(6)})
    rule = {**RULE, "hours": kontaktsenter}
    friday = oslo(2026, 12, 4, 14)
    assert expires_at(QUEUED, last_activity=friday, gone_since=friday, **rule) == oslo(2026, 12, 5, 14)
    assert expires_at(QUEUED, last_activity=friday, gone_since=friday, **RULE) == oslo(2026, 12, 7, 14)
