"""EventBus backends: in-process (embedded) and Redis pub/sub (several router processes)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

log = logging.getLogger(__name__)

CHANNEL = "navchat.events"


class InProcessEventBus:
    """Every subscriber gets its own queue; a slow subscriber drops its oldest events, never blocks publishers."""

    def __init__(self, max_backlog: int = 1000) -> None:
        self._subscribers: set[asyncio.Queue[dict[str, Any]]] = set()
        self._max_backlog = max_backlog

    async def publish(self, event: dict[str, Any]) -> None:
        self.deliver(event)

    def deliver(self, event: dict[str, Any]) -> None:
        for queue in list(self._subscribers):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(event)

    async def subscribe(self) -> AsyncIterator[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(self._max_backlog)
        self._subscribers.add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._subscribers.discard(queue)


class RedisEventBus:
    """Publishes to a Redis channel; one listener task per process feeds the local in-process bus."""

    def __init__(self, redis_url: str) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(redis_url)
        self._local = InProcessEventBus()
        self._listener: asyncio.Task[None] | None = None

    async def start(self) -> None:
        pubsub = self._redis.pubsub()
        await pubsub.subscribe(CHANNEL)
        self._listener = asyncio.create_task(self._listen(pubsub))

    async def _listen(self, pubsub: Any) -> None:
        async for item in pubsub.listen():
            if item.get("type") == "message":
                try:
                    self._local.deliver(json.loads(item["data"]))
                except (ValueError, TypeError):
                    log.warning("pubsub.bad_event")

    async def publish(self, event: dict[str, Any]) -> None:
        await self._redis.publish(CHANNEL, json.dumps(event, default=str))

    def subscribe(self) -> AsyncIterator[dict[str, Any]]:
        return self._local.subscribe()

    async def close(self) -> None:
        if self._listener:
            self._listener.cancel()
        await self._redis.aclose()
