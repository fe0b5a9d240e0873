"""BotTurn: the durable job of one bruker message's turn (language, translation, the bot), and its lease rules.

A turn is stored with its message, so an acknowledged message is never lost. A router takes a turn with a lease
that it renews while it works; a router that dies leaves the lease to run out, and another router (or the same one
restarted) takes the turn over. Turns of one conversation run one at a time, in the order of their messages,
whichever router takes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

# Longer than a slow turn between two renewals (renewed every LEASE / 3), short enough that a dead router's turns
# are taken over while the bruker still waits.
LEASE = timedelta(seconds=15)
# A turn that keeps failing (a bug, not an unavailable bot: that is answered) is given up after this many tries,
# and the bruker is told the bot cannot answer, with the way to a human.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class BotTurn:
    id: int
    conversation_id: str
    message_id: int
    payload: str | None
    attempts: int  # including this one

    @property
    def is_exhausted(self) -> bool:
        return self.attempts > MAX_ATTEMPTS
