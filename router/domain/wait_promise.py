"""What a waiting bruker may honestly be told about when a human answers, from the live state of the queue.

A promise of "about 30 minutes" is only true when someone who may take the conversation is online, the queue
ahead is short enough for them, and the office is still open when the wait is over. A free place with nobody
ahead is no wait at all: assignment gives it the conversation at once, and no minutes are promised (NOW; a probe's
bruker read "maybe nobody answers before closing, we answer Monday" at 14:56 and "Kari has taken over" in the same
second). Anything else is said as it is: nobody is online now (and, when the office closes within CLOSING_SOON, that
it closes and when it answers at the earliest), the office closes before the wait is over, or it is closed; then
the bruker is offered the phone (only while it answers: router/services/waiting.py), leaving the message, and the
emergency contacts (which say when the phone opens). Closed, but someone who may take the conversation is online
with a free place for it (working late): it is answered now, and that is what is said.

The minutes come from what the office takes (office_pace): how long its recently closed chats held a veileder's
place (the time 4 in 5 of them kept within), and how soon its veiledere wrote after being given one. Its places
free up one after another, about every handling time / places, so the wait is the queue ahead of this conversation
at that pace. Without enough recent chats to measure, the old, cautious rule stands: a fixed handling time per
veileder, one chat at a time (a probe's office answered in 3 minutes after being promised 80).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from statistics import median, quantiles

from router.domain.opening_hours import OpeningHours, closes_at, is_open, next_opening

# When nobody has answered in this enhet lately: the time a free veileder takes to pick a chat up.
DEFAULT_FIRST_ANSWER_MINUTES = 5
# How long a veileder is busy with one chat, for the wait behind a full queue (NAV's chat handling time).
HANDLING_MINUTES = 15
# Estimates are said in steps of five minutes: "about 7 minutes" claims more precision than there is; beyond an hour
# in steps of ten ("about 185 minutes" claimed more still). Always rounded up, never to a lower figure.
ROUND_TO_MINUTES = 5
ROUND_BEYOND_AN_HOUR = 10
# The office's own pace (office_pace): its last SAMPLE_CHATS chats closed within PACE_WINDOW, measured only from
# MIN_SAMPLES of them (fewer say too little, and early in a rush they are the quickest chats: the fixed rule above
# stands). The handling time is the one 4 in 5 of them kept within, not their median: "about N minutes" is read as a
# promise, and with the median about a third of the brukere of a busy office were answered later than promised (a
# simulated morning, tests/unit/services/test_wait_office_pace.py). Below HANDLING_FLOOR (brukere who had left,
# closed at once) it says nothing of the next real chat; above HANDLING_CEILING, chats left open and forgotten.
SAMPLE_CHATS = 30
PACE_WINDOW = timedelta(hours=3)
MIN_SAMPLES = 10
HANDLING_FLOOR_MINUTES = 3.0
HANDLING_CEILING_MINUTES = 60.0
# Nobody online and the office closes within this: nobody will likely log on and answer before it closes, so the
# bruker hears the closing time and the next opening, not only "they see it when they log on" (probe 70, Friday 14:55).
CLOSING_SOON = timedelta(minutes=30)


@dataclass(frozen=True)
class HandledChat:
    """One chat a veileder had and that is closed: when it was given, first answered, and closed."""

    assigned_at: datetime
    first_reply_at: datetime | None
    closed_at: datetime


@dataclass(frozen=True)
class OfficePace:
    """How fast an office works, measured: minutes a chat holds a veileder's place, and from being given a chat to
    the veileder's first words."""

    handling_minutes: float
    reply_minutes: float


def office_pace(chats: Sequence[HandledChat]) -> OfficePace | None:
    """The office's pace from its recently closed chats, or None when fewer than MIN_SAMPLES say it: the time 4 in 5
    of them held a place (within the floor and the ceiling), and the median time to the veileder's first words. A
    reply before the chat's last assignment (by the veileder who had it before a transfer) says nothing of this
    one; with no reply to measure, the default pick-up time."""
    if len(chats) < MIN_SAMPLES:
        return None
    handling = quantiles([(c.closed_at - c.assigned_at).total_seconds() / 60 for c in chats], n=5,
                         method="inclusive")[3]
    replies = [(c.first_reply_at - c.assigned_at).total_seconds() / 60 for c in chats
               if c.first_reply_at is not None and c.first_reply_at >= c.assigned_at]
    return OfficePace(handling_minutes=min(HANDLING_CEILING_MINUTES, max(HANDLING_FLOOR_MINUTES, handling)),
                      reply_minutes=median(replies) if replies else DEFAULT_FIRST_ANSWER_MINUTES)


@dataclass(frozen=True)
class LiveQueue:
    """The enhet right now, as seen from one waiting conversation."""

    online: int  # veiledere online who may take this conversation
    free_slots: int  # their open chat places (capacity minus open chats)
    ahead: int  # conversations before this one in the queue order
    recent_first_answer_minutes: float | None = None  # median wait to a first answer lately, if any
    places: int = 0  # their chat places in all (their capacities), full or not
    pace: OfficePace | None = None  # the office's measured pace (office_pace), if there is enough to measure


# The history kind noted when a notice tells the bruker when a veileder may answer at the earliest
# (waiting.note_answer_promised); its data {"at": iso} is that time, which the queue cards show staff (services/inbox.py).
ANSWER_PROMISED = "answer_promised"


class WaitKind(StrEnum):
    NOW = "now"  # a free place and nobody ahead: assigned at once, no minutes to promise
    SOON = "soon"  # someone online, and the estimate ends before closing
    NOBODY_ONLINE = "nobody_online"  # open, but nobody who may take it is online
    NOBODY_BEFORE_CLOSING = "nobody_before_closing"  # nobody online, and the office closes within CLOSING_SOON
    PAST_CLOSING = "past_closing"  # the estimate runs past closing time
    CLOSED = "closed"  # the enhet is closed now


@dataclass(frozen=True)
class WaitPromise:
    kind: WaitKind
    minutes: int | None = None
    closes: datetime | None = None
    opens: datetime | None = None  # the next opening after now (CLOSED) or after closing (the others)

    @property
    def answers_soon(self) -> bool:
        return self.kind in (WaitKind.NOW, WaitKind.SOON)

    @property
    def answer_promised_at(self) -> datetime | None:
        """The time the bruker is told a veileder may answer at the earliest ("En veileder kan svare deg tidligst
        mandag 4. januar kl. 09:00", "trolig får du svar tidligst ..."): the chat's next staffed hour, never said as
        the time she will be answered. None when the wait names no time (soon, nobody online)."""
        named = self.kind in (WaitKind.CLOSED, WaitKind.PAST_CLOSING, WaitKind.NOBODY_BEFORE_CLOSING)
        return self.opens if named else None


def answered_at_once(queue: LiveQueue) -> bool:
    """A free place waits for this conversation (nobody ahead takes it first): assignment gives it at once."""
    return queue.online > 0 and queue.free_slots > queue.ahead


def estimate_minutes(queue: LiveQueue) -> int | None:
    """Minutes to a first answer. Measured (``queue.pace``): a place frees about every handling time / places, so
    the places this conversation waits for, at that pace, and the veileder's time to write. Not measured: the recent
    pick-up time, plus a fixed handling time for each round of chats ahead, one chat per veileder at a time."""
    if queue.online <= 0:
        return None
    behind = max(0, queue.ahead + 1 - queue.free_slots)  # 0: a free place is waiting for this conversation
    if queue.pace is not None and queue.places > 0:
        minutes = queue.pace.reply_minutes + behind * queue.pace.handling_minutes / queue.places
    else:
        pick_up = queue.recent_first_answer_minutes or DEFAULT_FIRST_ANSWER_MINUTES
        minutes = pick_up + math.ceil(behind / queue.online) * HANDLING_MINUTES
    return said_minutes(minutes)


def said_minutes(minutes: float) -> int:
    """``minutes`` as said: rounded up to five minutes, beyond an hour to ten; never under five."""
    minutes = round(minutes, 6)  # 35.000000001 of float sums is 35, not "about 40"
    step = ROUND_TO_MINUTES if minutes <= 60 else ROUND_BEYOND_AN_HOUR
    return max(ROUND_TO_MINUTES, math.ceil(minutes / step) * step)


def wait_promise(hours: OpeningHours, queue: LiveQueue, now: datetime) -> WaitPromise:
    """What may be promised now (see the module docstring)."""
    if not is_open(hours, now):
        if answered_at_once(queue):
            return WaitPromise(WaitKind.NOW, opens=next_opening(hours, now))
        return WaitPromise(WaitKind.CLOSED, opens=next_opening(hours, now))
    closing = closes_at(hours, now)
    assert closing is not None
    opens_after = next_opening(hours, closing)
    if answered_at_once(queue):
        return WaitPromise(WaitKind.NOW, closes=closing, opens=opens_after)
    minutes = estimate_minutes(queue)
    if minutes is None:
        # An office open around the clock "closes" at 23:59 and opens at 00:00: that is no closing to speak of.
        closes_soon = closing - now <= CLOSING_SOON and opens_after is not None and opens_after - closing > CLOSING_SOON
        kind = WaitKind.NOBODY_BEFORE_CLOSING if closes_soon else WaitKind.NOBODY_ONLINE
        return WaitPromise(kind, closes=closing, opens=opens_after)
    if now + timedelta(minutes=minutes) > closing:
        return WaitPromise(WaitKind.PAST_CLOSING, minutes=minutes, closes=closing, opens=opens_after)
    return WaitPromise(WaitKind.SOON, minutes=minutes, closes=closing, opens=opens_after)
