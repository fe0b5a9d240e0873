"""When the system closes a chat that waits for a veileder or has one, and nobody acts on it: the rule, no I/O.

Only a chat still with the bot used to be closed for silence (retention.close_abandoned); one in the queue or with
a veileder stayed open for ever when nobody acted (probe 108: a kode 6 chat at 2103 whose bruker had gone), so its
deletion (the retention period counts from the close) never began. Now such a chat expires, closed by the retention
job with its own outcome (EXPIRED), and is then deleted as any other:

- the bruker's page has gone (router/domain/bruker_presence.py) and nobody wrote in the chat for ``gone_after``
  (a day by default: a veileder can still answer a logged-in bruker who comes back within it);
- or nobody wrote in it, and it was not moved, for ``idle_after`` (3 days: the queue over a long weekend), whether
  or not a page of the bruker is still open (a tab left open says nothing).

"Wrote or moved" is the conversation's last activity (``updated_at``): the bruker's message, the veileder's answer,
a take, a transfer. A chat a veileder is handling, answering within the period, never expires.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from router.domain.events import ConversationState

EXPIRED = "utlopt"
# The states that can expire (the bot's silent chats have their own rule, with a warning).
EXPIRING_STATES = (ConversationState.QUEUED, ConversationState.ASSIGNED)


def expiry_reason(state: ConversationState, *, last_activity: datetime, gone_since: datetime | None, now: datetime,
                  gone_after: timedelta, idle_after: timedelta) -> str | None:
    """Why the chat expires now (the history row's words, for staff), or None when it does not."""
    if state not in EXPIRING_STATES:
        return None
    if gone_since is not None and now - max(gone_since, last_activity) >= gone_after:
        return f"brukeren har gått, og ingen har skrevet på {_hours(gone_after)}"
    if now - last_activity >= idle_after:
        return f"ingen har skrevet i samtalen på {_hours(idle_after)}"
    return None


def oldest_activity_to_look_at(now: datetime, *, gone_after: timedelta, idle_after: timedelta) -> datetime:
    """Chats whose last activity is at or before this are the only ones that may expire now."""
    return now - min(gone_after, idle_after)


def _hours(period: timedelta) -> str:
    hours = period.total_seconds() / 3600
    if hours >= 48 and hours % 24 == 0:
        return f"{hours / 24:g} døgn"
    return f"{hours:g} timer"
