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


def worker_id(host: str, pid: int, nonce: str) -> str:
    """The id of one router process, as it holds a turn's lease: its host and process id first, so a router on the
    same host can tell that the holder has died (router/adapters/local_processes.py)."""
    return f"{host}:{pid}:{nonce}"


def worker_host_and_pid(worker: str) -> tuple[str, int] | None:
    """The host and process id in a worker id (``worker_id``); None when it is not one (an older form)."""
    parts = worker.rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1])


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


# No Rasa listening (stopped, restarting: router/services/bot_outage.py): the message is sent again after these
# pauses, then every ASK_AGAIN_EVERY_S, until the bot is back or the bruker's wait (bot_back_window_s) is over.
# Cheap: a refused connection costs Rasa nothing, and a Rasa restart takes about a minute.
FIRST_PAUSES_S = (2.0, 3.0)
ASK_AGAIN_EVERY_S = 5.0


def pause_before_asking_again(times_asked_again: int) -> float:
    """Seconds to wait before asking a Rasa that was not there, the ``times_asked_again``-th time after the first."""
    if times_asked_again < len(FIRST_PAUSES_S):
        return FIRST_PAUSES_S[times_asked_again]
    return ASK_AGAIN_EVERY_S
