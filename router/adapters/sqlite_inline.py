"""SQLite statements run on the event loop's own thread, not on aiosqlite's worker thread.

Why: aiosqlite runs each call (execute, fetch, commit) on a thread of its own and wakes the loop for the result.
A bot turn's statements take 0.1-0.3 ms in SQLite itself, but each such hop costs more than that, and a turn
makes about 16 statements and 66 calls (measured with an instant bot, one turn at a time: 15 ms p50 through
threads, 9-10 ms inline). Run inline, a statement simply runs, as it would in a synchronous program.

Why it cannot freeze the loop on a lock held by this process: a unit of work (router/adapters/store.py) takes
SQLite's write lock at its first write and keeps it to its commit, and between the two it awaits nothing but its
own statements, which now complete without giving the loop away; so no other coroutine of this process can run
while one holds the lock. The rule is also enforced here rather than trusted: a statement issued while another
connection of this process is inside a write transaction runs on a worker thread as aiosqlite would, so the loop
goes on and the holder can commit. Such a statement may take the lock on its thread, and its connection learns
that only when the answer is back on the loop; until then it counts as holding the lock too, or the next statement
would wait for it inline, on the loop its owner needs to commit (measured: the router stopped for the 30 s busy
timeout under load). A connection inside a write transaction holds the lock itself: its statements run inline.
A lock held by another process (a CLI command writing to the same file) is waited for inline, up to the busy
timeout: that pauses this router for as long as the other write takes.
"""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from collections.abc import Callable
from functools import partial
from typing import Any

import aiosqlite

__all__ = ["InlineConnection", "connect_inline", "statements_sent_to_threads"]

# The connections of this process inside a write transaction, kept up to date after each of their calls (a call is
# the only way in or out of one): a set to look at, not every open connection to ask, on each of a turn's calls.
_writing: set[InlineConnection] = set()
# The connections with a call on a worker thread: each may have taken the write lock there.
_on_threads: set[InlineConnection] = set()
_to_threads = 0


def statements_sent_to_threads() -> int:
    """How many calls found another connection of this process in a write transaction (for tests and benches)."""
    return _to_threads


class _RunNow:
    """Stands in for aiosqlite's queue to its worker thread: runs each call at once, on the caller's thread."""

    def __init__(self, owner: InlineConnection) -> None:
        self._owner = weakref.ref(owner)

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        global _to_threads
        future, function = item
        owner = self._owner()
        if future is not None and owner is not None and owner.another_holds_write_lock():
            _to_threads += 1
            # Waiting for that lock here would stop the loop that must let its holder commit.
            _on_threads.add(owner)
            running = asyncio.get_running_loop().run_in_executor(None, function)
            running.add_done_callback(partial(_copy_outcome, future, owner))
            return
        try:
            result = function()
        except BaseException as error:  # handed to the awaiting caller, like aiosqlite's worker does
            if future is not None and not future.done():
                future.set_exception(error)
            return
        finally:
            if owner is not None:
                owner.note_transaction_state()
        if future is not None and not future.done():
            future.set_result(result)


def _copy_outcome(target: asyncio.Future[Any], owner: InlineConnection, source: asyncio.Future[Any]) -> None:
    _on_threads.discard(owner)
    owner.note_transaction_state()
    if target.done():
        return
    if source.cancelled():
        target.cancel()
    elif (error := source.exception()) is not None:
        target.set_exception(error)
    else:
        target.set_result(source.result())


class InlineConnection(aiosqlite.Connection):
    """aiosqlite's connection with its calls run inline (see the module docstring); no worker thread is started."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int = 64) -> None:
        super().__init__(connector, iter_chunk_size)
        self._tx = _RunNow(self)  # type: ignore[assignment]

    def __await__(self) -> Any:
        return self._connect().__await__()

    def another_holds_write_lock(self) -> bool:
        """Whether another connection of this process holds the write lock, or may have taken it on a thread."""
        if self in _writing:
            return False  # this one holds it: no other can
        return bool(_writing) or len(_on_threads) > (self in _on_threads)

    def note_transaction_state(self) -> None:
        try:
            writing = self._connection is not None and self._connection.in_transaction
        except sqlite3.ProgrammingError:  # the call just made was close(): a closed connection holds no lock
            writing = False
        if writing:
            _writing.add(self)
        else:
            _writing.discard(self)

    def __del__(self) -> None:
        # aiosqlite warns and stops its thread here; there is no thread, and the sqlite3 object closes itself.
        return None


async def connect_inline(database: str, *, timeout_s: float) -> InlineConnection:
    """A connection for SQLAlchemy's ``async_creator``; check_same_thread is off for the worker-thread fallback."""
    return await InlineConnection(partial(sqlite3.connect, database, timeout=timeout_s, check_same_thread=False))
