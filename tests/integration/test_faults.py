"""Parts away: the database unreachable is a 503 with a reason and the phone number; Redis away is a degraded mode.

PostgreSQL and Redis are the real servers' client libraries pointed at a port where nothing listens, which is what
a stopped server looks like to the router.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from typing import Any

from router.adapters.pubsub import RedisEventBus
from router.app import Overrides, create_app
from router.config import Settings
from router.domain.contact import NAV_PHONE
from tests.fakes import FakeBot


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_an_unreachable_database_is_a_503_with_the_way_out(settings: Settings,
                                                                  aiohttp_client: Callable[..., Any]) -> None:
    down = Settings(**{**settings.__dict__, "database_url": f"postgresql+asyncpg://x@127.0.0.1:{closed_port()}/x",
                       "auto_migrate": False})
    client = await aiohttp_client(create_app(down, Overrides(bot=FakeBot())))
    response = await client.post("/api/conversations", json={"kommune": "Asker"})
    assert response.status == 503 and response.headers["Retry-After"]
    assert NAV_PHONE in (await response.json())["error"]
    health = await client.get("/health")
    assert health.status == 503 and (await health.json())["database"] == "down"


async def test_redis_away_delivers_locally_and_keeps_trying() -> None:
    bus = RedisEventBus(f"redis://127.0.0.1:{closed_port()}/0")
    await bus.start()
    received: list[dict[str, Any]] = []

    async def listen() -> None:
        async for event in bus.subscribe():
            received.append(event)
            return

    listener = asyncio.create_task(listen())
    await asyncio.sleep(0.05)
    await bus.publish({"type": "message", "conversation_id": "c"})  # no exception: this router's clients get it
    await asyncio.wait_for(listener, 5)
    assert received == [{"type": "message", "conversation_id": "c"}] and not bus.reachable
    await bus.close()


async def test_health_says_when_the_event_bus_is_away(settings: Settings, aiohttp_client: Callable[..., Any]) -> None:
    """Redis away (scaled profile): the routers do not hear each other; /health said 'ok' all the same."""
    away = Settings(**{**settings.__dict__, "redis_url": f"redis://127.0.0.1:{closed_port()}/0"})
    client = await aiohttp_client(create_app(away, Overrides(bot=FakeBot())))
    for _ in range(50):
        body = await (await client.get("/health")).json()
        if body["event_bus"] == "down":
            break
        await asyncio.sleep(0.1)
    assert body["event_bus"] == "down" and body["status"] == "degraded" and body["database"] == "up"
