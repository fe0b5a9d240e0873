"""When the system closes a chat that waits for a veileder or has one, and nobody acts on it: the rule, no I/O.

Only a chat still with the bot used to be closed for silence (retention.close_abandoned); one in the queue or with
a veileder stayed open for ever when nobody acted (probe 108: a kode 6 chat at 2103 whose bruker had gone), so its
deletion (the retention period counts from the close) never began. Now such a chat expires, closed by the retention
job with its own outcome (EXPIRED), and is then deleted as any other:

- the bruker's page has gone (router/domain/bruker_presence.py) and nobody wrote in the chat for ``gone_after``
  (an office day by default: a veileder can still answer a logged-in bruker who comes back within it);
- or nobody wrote in it, and it was not moved, for ``idle_after`` (three office days), whether or not a page of the
  bruker is still open (a tab left open says nothing).

Both periods count only the responsible enhet's open hours (its OpeningHours; the kontaktsenter's for its queue):
the clock stops while the office is closed. A chat the bruker was told "a veileder answers you Monday 09:00" on
nyttårsaften, or one a veileder will follow up after Christmas, is not closed over the holiday before the office has
been open for the whole period (probe 119: on calendar time five nødhjelp chats promised 24.12 09:00 closed on 28.12
before anyone had seen them, and a gone bruker's chat promised Monday 4.1 closed on Sunday 3.1).

"Wrote or moved" is the conversation's last activity (``updated_at``): the bruker's message, the veileder's answer,
a take, a transfer. A chat a veileder is handling, answering within the period, never expires.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from router.domain.events import ConversationState
from router.domain.opening_hours import OpeningHours
from router.domain.queue import after_open_time

EXPIRED = "utlopt"
# The states that can expire (the bot's silent chats have their own rule, with a warning).
EXPIRING_STATES = (ConversationState.QUEUED, ConversationState.ASSIGNED)


def expires_at(state: ConversationState, *, last_activity: datetime, gone_since: datetime | None,
               gone_after: timedelta, idle_after: timedelta, hours: OpeningHours) -> datetime | None:
    """When the chat expires if nobody acts on it (and the bruker, gone or not, stays so); None when it cannot."""
    if state not in EXPIRING_STATES:
        return None
    idle = _after_open(last_activity, idle_after, hours)
    if gone_since is None:
        return idle
    return min(idle, _after_open(max(gone_since, last_activity), gone_after, hours))


def expiry_reason(state: ConversationState, *, last_activity: datetime, gone_since: datetime | None, now: datetime,
                  gone_after: timedelta, idle_after: timedelta, hours: OpeningHours) -> str | None:
    """Why the chat expires now (the history row's words, for staff), or None when it does not."""
    if state not in EXPIRING_STATES:
        return None
    if gone_since is not None and now >= _after_open(max(gone_since, last_activity), gone_after, hours):
        return f"brukeren har gått, og ingen har skrevet på {_hours(gone_after)} åpningstid"
    if now >= _after_open(last_activity, idle_after, hours):
        return f"ingen har skrevet i samtalen på {_hours(idle_after)} åpningstid"
    return None


def oldest_activity_to_look_at(now: datetime, *, gone_after: timedelta, idle_after: timedelta) -> datetime:
    """Chats whose last activity is at or before this are the only ones that may expire now (open time passes no
    faster than the calendar)."""
    return now - min(gone_after, idle_after)


def _after_open(start: datetime, period: timedelta, hours: OpeningHours) -> datetime:
    try:
        return after_open_time(start, period, hours)
    except ValueError:  # an enhet with no hours at all: calendar time, so its chats are still closed and deleted
        return start + period


def _hours(period: timedelta) -> str:
    hours = period.total_seconds() / 3600
    return f"{hours:g} times" if hours == 1 else f"{hours:g} timers"
