"""Rasa's Redis lock store with every change to a conversation's lock made atomically across processes.

Why: Rasa's ``RedisLockStore`` changes a lock by reading it, changing it in Python and writing it back. Two Rasa
processes that issue a ticket for one conversation at the same moment both read "no lock", both issue ticket 0 and
both hold the lock: their turns of that conversation run at once (seen in CI: one message taken twice). Releasing a
ticket the same way can drop a ticket issued in between. Here each change runs in a Redis transaction that
watches the lock's key and starts again when another process changed it first (optimistic locking, WATCH/MULTI).

The scaled profile's endpoints file names it (``type: bot.redis_lock.AtomicRedisLockStore``) with the same settings
as Rasa's ``redis`` type. Runs in Rasa's interpreter; lives in bot/ beside bot/tracker_cache.py for the reason given
there.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
KEEP, SAVE, DELETE = "keep", "save", "delete"
Change = Callable[[TicketLock | None], tuple[str, TicketLock | None, T]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # as Rasa builds a lock store named by its class
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _change(self, conversation_id: str, change: Change[T]) -> T:
        """Read the lock, apply ``change`` and write the result, all or nothing; again if the lock moved."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    action, lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    pipe.multi()
                    if action == SAVE and lock is not None:
                        pipe.set(key, lock.dumps())
                    elif action == DELETE:
                        pipe.delete(key)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another process changed the lock between the read and the write

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[str, TicketLock | None, int]:
            lock = lock or TicketLock(conversation_id)
            return SAVE, lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:
            raise LockError(f"Could not issue a ticket for conversation '{conversation_id}'.") from error

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[str, TicketLock | None, None]:
            if lock is None:
                return KEEP, None, None
            lock.remove_expired_tickets()
            return SAVE, lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def release(lock: TicketLock | None) -> tuple[str, TicketLock | None, None]:
            if lock is None:
                return KEEP, None, None
            lock.remove_ticket_for(ticket_number)
            return SAVE, lock, None

        self._change(conversation_id, release)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Release the ticket, and delete the lock when nobody else holds a ticket: one step, so a ticket issued in
        between is never deleted with it."""

        def release_and_tidy(lock: TicketLock | None) -> tuple[str, TicketLock | None, None]:
            if lock is None:
                return KEEP, None, None
            lock.remove_ticket_for(ticket_number)
            return (SAVE, lock, None) if lock.is_someone_waiting() else (DELETE, None, None)

        self._change(conversation_id, release_and_tidy)
