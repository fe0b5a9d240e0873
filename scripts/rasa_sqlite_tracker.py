"""Rasa's SQLite tracker store in WAL mode with synchronous=NORMAL, as the router's own store (router/adapters/db.py),
over connections kept open between turns.

Rasa opens its SQLite tracker with SQLite's defaults: a rollback journal and a sync to disk on every commit. Rasa
saves the tracker on every turn, and its one event loop waits for that sync: py-spy of Rasa at 16 conversations a
second put 7 % of its busy samples in the commit. In WAL mode with synchronous=NORMAL a commit is not synced; a
crash of Rasa loses nothing committed, a power loss may lose the last turns (the router keeps the transcript).

Kept open: SQLAlchemy 1.4 (Rasa's) gives a file-based SQLite engine no pool, so Rasa opened a new connection for
every retrieve and save and closed it after. In WAL mode the last connection to close checkpoints the log and
deletes it, and the next one sets WAL up again, each time under SQLite's locks; with two Rasa processes on one
file the other process waits in SQLite's busy handler, which sleeps on Rasa's only event-loop thread. py-spy
(--idle) of either Rasa at 16 conversations a second: 43 % of its wall time in the tracker store, most of it in
connect, the pragmas, commit and close, while the machine had a third of its CPU free. Pooled, each Rasa keeps a
few connections in WAL mode for its lifetime. Rasa uses the engine on its event-loop thread only.

The embedded profile only: PostgreSQL connections (the scaled profile) are left as they are.

Installed by scripts/rasa_run.py; runs in Rasa's interpreter.
"""

import sqlite3
from collections.abc import Callable
from typing import Any

import rasa.core.tracker_store as rasa_tracker_store
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import QueuePool

BUSY_TIMEOUT_MS = 30_000
# Rasa holds one tracker session at a time per turn step, and its steps interleave on one thread.
POOL_SIZE = 4


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # The router deletes trackers from the same file (retention): a writer waits for the other, not fails.
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _pooled(create_engine_kwargs: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    def with_a_pool(url: Any) -> dict[str, Any]:
        kwargs = create_engine_kwargs(url)
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            kwargs.update(poolclass=QueuePool, pool_size=POOL_SIZE, max_overflow=POOL_SIZE)
        return kwargs

    with_a_pool.pooled = True  # type: ignore[attr-defined]
    return with_a_pool


def install() -> None:
    if not event.contains(Engine, "connect", _pragmas):
        event.listen(Engine, "connect", _pragmas)
    if not getattr(rasa_tracker_store.create_engine_kwargs, "pooled", False):
        rasa_tracker_store.create_engine_kwargs = _pooled(rasa_tracker_store.create_engine_kwargs)
