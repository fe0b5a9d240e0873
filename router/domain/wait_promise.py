"""What a waiting bruker may honestly be told about when a human answers, from the live state of the queue.

A promise of "about 30 minutes" is only true when someone who may take the conversation is online, the queue
ahead is short enough for them, and the office is still open when the wait is over. Anything else is said as it
is: nobody is online now, the office closes before the wait is over, or it is closed; then the bruker is offered
the phone (only while it answers: router/services/waiting.py), leaving the message, and the emergency contacts
(which say when the phone opens). Closed, but someone who may take the conversation is
online with a free place for it (working late): it is answered now, and that is what is said.
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


@dataclass(frozen=True)
class LiveQueue:
    """The enhet right now, as seen from one waiting conversation."""

    online: int  # veiledere online who may take this conversation
    free_slots: int  # their open chat places (capacity minus open chats)
    ahead: int  # conversations before this one in the queue order
    recent_first_answer_minutes: float | None = None  # median wait to a first answer lately, if any


class WaitKind(StrEnum):
    SOON = "soon"  # someone online, and the estimate ends before closing
    NOBODY_ONLINE = "nobody_online"  # open, but nobody who may take it is online
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
        return self.kind is WaitKind.SOON


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
        if queue.online > 0 and queue.free_slots > queue.ahead:
            return WaitPromise(WaitKind.SOON, minutes=estimate_minutes(queue), opens=next_opening(hours, now))
        return WaitPromise(WaitKind.CLOSED, opens=next_opening(hours, now))
    closing = closes_at(hours, now)
    assert closing is not None
    opens_after = next_opening(hours, closing)
    minutes = estimate_minutes(queue)
    if minutes is None:
        return WaitPromise(WaitKind.NOBODY_ONLINE, closes=closing, opens=opens_after)
    if now + timedelta(minutes=minutes) > closing:
        return WaitPromise(WaitKind.PAST_CLOSING, minutes=minutes, closes=closing, opens=opens_after)
    return WaitPromise(WaitKind.SOON, minutes=minutes, closes=closing, opens=opens_after)
