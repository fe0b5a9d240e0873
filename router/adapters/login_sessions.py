"""Login sessions and pending logins in this router's memory: the ident never touches a disk.

A restart logs everyone out (they log in again); in the scaled profile the identity provider's callback must come
back to the router that started the login (sticky sessions) until a shared store takes this port's place.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from router.ports.login import LoginSession, PendingLogin

PENDING_TTL = timedelta(minutes=10)
MAX_PENDING = 10_000


class InMemoryLoginSessions:
    def __init__(self) -> None:
        self._pending: dict[str, PendingLogin] = {}
        self._sessions: dict[str, LoginSession] = {}

    def start(self, pending: PendingLogin) -> None:
        cutoff = pending.started_at - PENDING_TTL
        self._pending = {s: p for s, p in self._pending.items() if p.started_at > cutoff}
        if len(self._pending) >= MAX_PENDING:
            self._pending.pop(next(iter(self._pending)))
        self._pending[pending.state] = pending

    def take_pending(self, state: str) -> PendingLogin | None:
        pending = self._pending.pop(state, None)
        return pending

    def add(self, session: LoginSession) -> None:
        for old in [s for s in self._sessions.values() if s.conversation_id == session.conversation_id]:
            self._sessions.pop(old.session_id, None)
        self._sessions[session.session_id] = session

    def get(self, session_id: str) -> LoginSession | None:
        return self._sessions.get(session_id)

    def for_conversation(self, conversation_id: str) -> LoginSession | None:
        return next((s for s in self._sessions.values() if s.conversation_id == conversation_id), None)

    def remove(self, session_id: str) -> LoginSession | None:
        return self._sessions.pop(session_id, None)

    def expired(self, now: datetime) -> list[LoginSession]:
        return [s for s in self._sessions.values() if s.expires_at <= now]
