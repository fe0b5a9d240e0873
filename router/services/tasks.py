"""Background work started by requests (bot turns, enrichment): tracked so shutdown and tests can wait for it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


class BackgroundTasks:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("task.failed", exc_info=task.exception())

    async def drain(self, timeout_s: float = 5.0) -> None:
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=timeout_s)
            for task in pending:
                task.cancel()


async def behind_started_requests() -> None:
    """Yield until the requests that tasks ready now are starting are on the wire.

    Two rounds of the event loop: one for a task spawned just before (a bot turn) to run up to the wait for its
    request's answer, one for the write that request queued. aiohttp writes a request's body in a task of its own
    (on Python 3.11, which has no eager tasks), behind whatever was ready when the request was made, so work that is
    not urgent (the acknowledgement of a bruker's message, the acute-need check during the bot's time) would
    otherwise go first and hold the request back: 0.4-0.7 ms of every bot turn here.
    """
    await asyncio.sleep(0)
    await asyncio.sleep(0)
