"""One read made for every reader: at most once per ``max_age_s``, and only once at a time (single flight).

The kontaktsenter page refreshes every 5 s per open page, and /metrics is scraped beside it; each read of the
window's history costs about half a second of router CPU at a national day's volume (bench/bench_overview_pages.py).
Ten pages open must not cost ten reads: they share one, made at most once per ``max_age_s``, and readers arriving
while it is being made wait for that one instead of starting their own. What each reader may see is decided after,
per reader, from the shared read (services/queue_overview.py).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Generic, TypeVar

T = TypeVar("T")


class SharedRead(Generic[T]):
    """The last read and when it was made, on the router's clock (the clock port: a test's fixed clock moved on, or
    NAVCHAT_CLOCK_START's) and on the monotonic clock (a fixed clock that never moves). It is served while it is
    younger than ``max_age_s`` on both; ``max_age_s`` 0 makes a new read each time (concurrent readers still share
    one). A reader who changed something (changed_by) is served only a read begun after the change: a team lead who
    moved a chat sees it moved at once, the others within ``max_age_s``."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._value: T | None = None
        self._made: tuple[datetime, float] | None = None  # (the router's now, monotonic seconds) at its start
        self._pending: asyncio.Future[T] | None = None
        self._pending_began = 0.0
        # When each reader last changed something (monotonic), while it matters (max 1 entry per reader).
        self._changes: dict[object, float] = {}
        self.reads = 0  # reads made (tests, the bench)

    def changed_by(self, reader: object) -> None:
        """``reader`` changed what the read shows: their next read is begun after this."""
        self._changes[reader] = self._monotonic()

    async def get(self, make: Callable[[], Awaitable[T]], now: datetime, max_age_s: float,
                  reader: object = None) -> T:
        changed = self._changes.get(reader, -math.inf) if reader is not None else -math.inf
        if self._value is not None and self._made is not None:
            made_at, made_mono = self._made
            if (0 <= (now - made_at).total_seconds() < max_age_s and self._monotonic() - made_mono < max_age_s
                    and made_mono > changed):
                return self._value
        while True:
            if self._pending is None:
                self._pending_began = self._monotonic()
                self._pending = asyncio.ensure_future(self._make(make, now, self._pending_began))
            began = self._pending_began
            # Shielded: a reader that goes away (its request cancelled) does not cancel the read others wait for.
            value = await asyncio.shield(self._pending)
            if began >= changed:
                self._changes.pop(reader, None)
                return value

    async def _make(self, make: Callable[[], Awaitable[T]], now: datetime, began: float) -> T:
        try:
            value = await make()
            self.reads += 1
            self._value, self._made = value, (now, began)
            return value
        finally:
            self._pending = None
