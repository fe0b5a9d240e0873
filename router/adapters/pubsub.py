"""EventBus backends: in-process (embedded) and Redis pub/sub (several router processes)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "navchat.events"


def channel_of(database: int) -> str:
    """The deployment's channel. Redis pub/sub ignores the database number (a publish on db 7 reaches subscribers
    on db 0), so two deployments sharing one Redis on different databases would read each other's conversations;
    the database number is part of the channel name to keep them apart."""
    return f"{CHANNEL_PREFIX}.db{database}"


class InProcessEventBus:
    """Every subscriber gets its own queue; a slow subscriber drops its oldest events, never blocks publishers."""

    reachable = True  # nothing outside this process to lose

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
    """Publishes to a Redis channel; one listener task per process feeds the local in-process bus.

    Redis away is a degraded mode, not an outage: a publish that fails is delivered to this process's own clients
    (the others read the stored messages when they reconnect), and the listener reconnects with a backoff.
    """

    RECONNECT_MAX_S = 10.0

    def __init__(self, redis_url: str) -> None:
        import redis.asyncio as redis

        self._redis = redis.from_url(redis_url)
        self.channel = channel_of(int(self._redis.connection_pool.connection_kwargs.get("db") or 0))
        self._local = InProcessEventBus()
        self._listener: asyncio.Task[None] | None = None
        self.reachable = True

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen_forever())

    async def _listen_forever(self) -> None:
        from redis.exceptions import RedisError

        backoff = 0.5
        while True:
            try:
                pubsub = self._redis.pubsub()
                await pubsub.subscribe(self.channel)
                self.reachable, backoff = True, 0.5
                async for item in pubsub.listen():
                    if item.get("type") == "message":
                        try:
                            self._local.deliver(json.loads(item["data"]))
                        except (ValueError, TypeError):
                            log.warning("pubsub.bad_event")
            except (RedisError, OSError) as error:
                self.reachable = False
                log.warning("pubsub.redis_unreachable reason=%s retry_s=%.1f", type(error).__name__, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.RECONNECT_MAX_S)

    async def publish(self, event: dict[str, Any]) -> None:
        from redis.exceptions import RedisError

        try:
            await self._redis.publish(self.channel, json.dumps(event, default=str))
        except (RedisError, OSError) as error:
            self.reachable = False
            log.warning("pubsub.publish_local_only reason=%s", type(error).__name__)
            self._local.deliver(json.loads(json.dumps(event, default=str)))

    def subscribe(self) -> AsyncIterator[dict[str, Any]]:
        return self._local.subscribe()

    async def close(self) -> None:
        if self._listener:
            self._listener.cancel()
        await self._redis.aclose()
