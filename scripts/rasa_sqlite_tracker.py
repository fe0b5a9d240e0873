"""Rasa's SQLite tracker store in WAL mode with synchronous=NORMAL, as the router's own store (router/adapters/db.py).

Rasa opens its SQLite tracker with SQLite's defaults: a rollback journal and a sync to disk on every commit. Rasa
saves the tracker on every turn, and its one event loop waits for that sync: py-spy of Rasa at 16 conversations a
second put 7 % of its busy samples in the commit. In WAL mode with synchronous=NORMAL a commit is not synced; a
crash of Rasa loses nothing committed, a power loss may lose the last turns (the router keeps the transcript).
The embedded profile only: PostgreSQL connections (the scaled profile) are left as they are.

Installed by scripts/rasa_run.py; runs in Rasa's interpreter.
"""

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 30_000


def _pragmas(dbapi_connection: Any, _record: Any) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # The router deletes trackers from the same file (retention): a writer waits for the other, not fails.
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def install() -> None:
    if not event.contains(Engine, "connect", _pragmas):
        event.listen(Engine, "connect", _pragmas)
