"""What a socket.io widget is known to have received, so that a reconnect replays exactly what it may have missed.

Rasa's socket.io protocol has no acknowledgements: a widget never says it got a ``bot_uttered``. A message written
to a half-dead connection (a phone changing networks) leaves the server without error, and the server learns that
the connection is dead only when engine.io's ping goes unanswered, up to ping interval + ping timeout later. So a
message counts as received only when proven:

- a pong that answers a ping sent after the message (one ordered stream: the client read the message first); or
- the connection closed cleanly (the widget closed it, or the page went away), not by a ping timeout or an error.

A reconnect replays from the first message not proven received. A widget that did get such a message (its socket
was alive but had not answered a ping yet) may show it twice; that is the price of never losing a veileder's words.

Pure bookkeeping: the socket.io server feeds it events (``sent``, ``answered``, ``closed``, ``replayed``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# engine.io's reasons for a disconnect that prove the client was alive to the end (python-engineio's reason names)
CLEAN_CLOSES = frozenset({"client disconnect", "server disconnect", "transport close"})


@dataclass
class _Sent:
    conversation_id: str
    seq: int
    at: float  # when it was written to the socket (engine.io's clock: time.time())


@dataclass
class DeliveryLedger:
    # conversation id -> the highest seq proven received (present once this router has delivered to it)
    _received: dict[str, int] = field(default_factory=dict)
    # socket id -> what was written to it and not yet proven received, oldest first
    _unproven: dict[str, list[_Sent]] = field(default_factory=dict)
    # conversation id -> the lowest seq written to a socket that died before proving it
    _lost: dict[str, int] = field(default_factory=dict)

    def sent(self, sid: str, conversation_id: str, seq: int, at: float) -> None:
        self._received.setdefault(conversation_id, 0)
        self._unproven.setdefault(sid, []).append(_Sent(conversation_id, seq, at))

    def delivered(self, conversation_id: str, seq: int) -> None:
        """Known received by other means (the greeting, sent before the socket could miss anything)."""
        self._received[conversation_id] = max(seq, self._received.get(conversation_id, 0))

    def answered(self, sid: str, ping_sent_at: float) -> None:
        """A pong to a ping sent at ``ping_sent_at``: everything written before that ping was received."""
        pending = self._unproven.get(sid)
        if not pending:
            return
        still = [sent for sent in pending if sent.at >= ping_sent_at]
        for sent in pending:
            if sent.at < ping_sent_at:
                self.delivered(sent.conversation_id, sent.seq)
        self._unproven[sid] = still

    def closed(self, sid: str, reason: str) -> None:
        for sent in self._unproven.pop(sid, []):
            if reason in CLEAN_CLOSES:
                self.delivered(sent.conversation_id, sent.seq)
            else:
                self._lost[sent.conversation_id] = min(sent.seq, self._lost.get(sent.conversation_id, sent.seq))

    def replay_after(self, conversation_id: str) -> int | None:
        """The seq after which a continued session is replayed; None when this router never delivered to it (another
        router did, or the widget reads the history itself)."""
        if conversation_id not in self._received:
            return None
        first_unproven = [self._lost.get(conversation_id, self._received[conversation_id] + 1)]
        first_unproven += [sent.seq for pending in self._unproven.values() for sent in pending
                           if sent.conversation_id == conversation_id]
        return min(self._received[conversation_id], min(first_unproven) - 1)

    def replayed(self, conversation_id: str) -> None:
        """A continued session got everything after ``replay_after``: what older sockets had unproven is
        superseded (the new socket's own writes are tracked from now)."""
        self._lost.pop(conversation_id, None)
        for sid, pending in self._unproven.items():
            self._unproven[sid] = [sent for sent in pending if sent.conversation_id != conversation_id]

    def forget(self, conversation_id: str) -> None:
        """The conversation is closed or gone from this router: nothing more is replayed for it."""
        self._received.pop(conversation_id, None)
        self._lost.pop(conversation_id, None)
        for sid, pending in self._unproven.items():
            self._unproven[sid] = [sent for sent in pending if sent.conversation_id != conversation_id]


def report_pongs(engineio_socket: Any, answered: Callable[[float], None]) -> None:
    """Call ``answered(ping_sent_at)`` on each pong of one python-engineio socket.

    python-engineio has no pong event: on a PONG packet its socket calls ``schedule_ping()`` while ``last_ping`` still
    holds when the answered ping went out. The socket's own method is wrapped on this instance only.
    """
    schedule_ping = engineio_socket.schedule_ping

    def on_pong() -> None:
        if engineio_socket.last_ping:
            answered(engineio_socket.last_ping)
        schedule_ping()

    engineio_socket.schedule_ping = on_pong
