"""Rasa's SQL tracker store with each conversation's tracker kept in memory between its turns.

Why: Rasa rebuilds a conversation's tracker from all its stored events at the start of every turn (retrieve), and
before saving it counts the stored events again to know which are new (``_additional_events``). py-spy of Rasa at
10 conversations a second put 28 % of the message handler's samples in the tracker store. With two Rasa processes
on two cores, Rasa's CPU is what limits the rate.

Why it is safe: the router keeps each conversation on one Rasa process (a stable hash of its id), so between two
turns of a conversation only this process writes its events. That is checked, not trusted. A kept tracker is used
only when the store holds exactly as many rows for the conversation as there were after this process's last save
(one count on Rasa's index of ``sender_id``), and when the tracker holds exactly the events it held then (a turn that
failed midway leaves events that were never stored). Anything else reads the store as Rasa does: another Rasa
answered in between (failover), retention deleted the conversation, or the tracker keeps a bounded history. Saving
writes the events after those already stored, which is what Rasa's own count finds. Rows are counted before the
events are read or written, so a write by another process in between makes the count too low, never too high: the
next turn then finds more rows than it counted and reads the store.

One difference from a tracker read back: after a new session begins, a kept tracker still holds the previous
session's events, as Rasa's own tracker does during the turn that starts the session. Rasa's policies and slots see
only what follows the latest SessionStarted (``applied_events`` starts again there, and SessionStarted resets the
slots), so the bot answers the same; the test compares what both see.

Memory is bounded: at most ``max_cached`` trackers per process, the least recently used going first.

Within one hold of the conversation's lock (``checked_once``, bot/turn_once.py) the store is counted once: the
turn reads the tracker to see whether the message was answered already, and Rasa's processor reads it again at
once. No turn of that conversation can write in between (every turn takes the lock), so the second count (0.15 ms
of Rasa's CPU a turn) would only repeat the first.

``io_in_threads: true`` (the scaled profile's endpoints file) runs the database calls in worker threads instead of
on Rasa's one event loop. Rasa's SQL store is ``async def`` around synchronous SQLAlchemy: on PostgreSQL every call
waits for the server while the loop holds every other conversation (py-spy --idle of a scaled Rasa at 12/s: a fifth
of its wall time in those waits). Rasa's own coroutines are run to completion in the thread: they never suspend
without an event broker (none is configured; with one, the calls stay on the loop). The kept trackers stay on the
loop; a thread reads only what the loop handed it for its conversation, whose turns Rasa's lock store runs one at a
time.

Named by both endpoints files (``type: bot.tracker_cache.CachedSQLTrackerStore``); runs in Rasa's interpreter. It
lives beside the model's own component (bot/components/) because Rasa falls back to a tracker store in memory, with
only a warning, when it cannot import the class an endpoints file names: wherever this cannot be imported, neither
can the model's component, and Rasa does not start quietly on a store of its own.
"""

import asyncio
import contextlib
import itertools
from collections import OrderedDict
from collections.abc import Callable, Coroutine, Generator, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

MAX_CACHED = 1000
T = TypeVar("T")


def _completed(coroutine: Coroutine[Any, Any, T]) -> T:
    """The result of a coroutine that never suspends (Rasa's SQL store's), run without an event loop."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    coroutine.close()
    raise RuntimeError("a tracker store call suspended in a worker thread")


@dataclass
class _Saved:
    tracker: DialogueStateTracker
    events: int  # len(tracker.events) when it was last saved or read
    rows: int  # the store's rows for this conversation then


class CachedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, max_cached: int = MAX_CACHED, io_in_threads: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: OrderedDict[str, _Saved] = OrderedDict()
        self._max_cached = max(1, int(max_cached))
        self._in_threads = bool(io_in_threads)
        # Per conversation, during its save: the events already stored (a kept tracker), and how many it wrote.
        self._stored_events: dict[str, int] = {}
        self._written: dict[str, int] = {}
        # Per conversation whose lock is held (checked_once): whether the kept tracker was checked in this hold.
        self._held: dict[str, bool] = {}
        table = self.SQLEvent.__table__
        self._count = sa.select(sa.func.count()).select_from(table).where(
            table.c.sender_id == sa.bindparam("sender_id"))

    def _threads(self) -> bool:
        return self._in_threads and self.event_broker is None

    async def _call(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(function, *args) if self._threads() else function(*args)

    async def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return await asyncio.to_thread(_completed, coroutine) if self._threads() else await coroutine

    def _rows(self, sender_id: str) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(self._count, {"sender_id": sender_id}).scalar_one())

    def _keep(self, tracker: DialogueStateTracker, rows: int) -> None:
        if tracker.events.maxlen is not None:
            return  # a bounded history drops old events: its length no longer tells what was stored
        self._saved[tracker.sender_id] = _Saved(tracker, len(tracker.events), rows)
        self._saved.move_to_end(tracker.sender_id)
        while len(self._saved) > self._max_cached:
            self._saved.popitem(last=False)

    @contextlib.contextmanager
    def checked_once(self, sender_id: str) -> Generator[None, None, None]:
        """While the caller holds the conversation's lock: a kept tracker checked against the store in this hold
        is not counted again."""
        self._held[sender_id] = False
        try:
            yield
        finally:
            self._held.pop(sender_id, None)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        saved = self._saved.pop(sender_id, None)
        unchanged = saved is not None and len(saved.tracker.events) == saved.events
        if unchanged and self._held.get(sender_id):
            self._keep(saved.tracker, saved.rows)
            return saved.tracker
        rows = await self._call(self._rows, sender_id)
        if unchanged and rows == saved.rows:
            tracker: DialogueStateTracker | None = saved.tracker
        else:
            tracker = await self._run(super().retrieve(sender_id))
        if tracker is not None:
            self._keep(tracker, rows)
            if sender_id in self._held:
                self._held[sender_id] = True
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        stored = self._stored_events.get(tracker.sender_id)
        if stored is not None:
            new = list(itertools.islice(tracker.events, stored, len(tracker.events)))
        else:
            new = list(super()._additional_events(session, tracker))
        self._written[tracker.sender_id] = len(new)
        return iter(new)

    async def save(self, tracker: DialogueStateTracker) -> None:
        sender_id = tracker.sender_id
        saved = self._saved.get(sender_id)
        kept = saved if saved is not None and saved.tracker is tracker else None
        rows = kept.rows if kept is not None else await self._call(self._rows, sender_id)
        if kept is not None:
            self._stored_events[sender_id] = kept.events
        try:
            await self._run(super().save(tracker))
        except BaseException:
            self._saved.pop(sender_id, None)
            self._written.pop(sender_id, None)
            raise
        finally:
            self._stored_events.pop(sender_id, None)
        self._keep(tracker, rows + self._written.pop(sender_id, 0))
