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
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from router.domain.opening_hours import OpeningHours, closes_at, is_open, next_opening

# When nobody has answered in this enhet lately: the time a free veileder takes to pick a chat up.
DEFAULT_FIRST_ANSWER_MINUTES = 5
# How long a veileder is busy with one chat, for the wait behind a full queue (NAV's chat handling time).
HANDLING_MINUTES = 15
# Estimates are said in steps of five minutes: "about 7 minutes" claims more precision than there is.
ROUND_TO_MINUTES = 5
# Nobody online and the office closes within this: nobody will likely log on and answer before it closes, so the
# bruker hears the closing time and the next opening, not only "they see it when they log on" (probe 70, Friday 14:55).
CLOSING_SOON = timedelta(minutes=30)


@dataclass(frozen=True)
class LiveQueue:
    """The enhet right now, as seen from one waiting conversation."""

    online: int  # veiledere online who may take this conversation
    free_slots: int  # their open chat places (capacity minus open chats)
    ahead: int  # conversations before this one in the queue order
    recent_first_answer_minutes: float | None = None  # median wait to a first answer lately, if any


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


def answered_at_once(queue: LiveQueue) -> bool:
    """A free place waits for this conversation (nobody ahead takes it first): assignment gives it at once."""
    return queue.online > 0 and queue.free_slots > queue.ahead


def estimate_minutes(queue: LiveQueue) -> int | None:
    """Minutes to a first answer: the recent pick-up time, plus a round of chats for each full round ahead."""
    if queue.online <= 0:
        return None
    pick_up = queue.recent_first_answer_minutes or DEFAULT_FIRST_ANSWER_MINUTES
    behind = max(0, queue.ahead + 1 - queue.free_slots)  # 0: a free place is waiting for this conversation
    rounds = math.ceil(behind / queue.online)
    minutes = pick_up + rounds * HANDLING_MINUTES
    return max(ROUND_TO_MINUTES, math.ceil(minutes / ROUND_TO_MINUTES) * ROUND_TO_MINUTES)


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
