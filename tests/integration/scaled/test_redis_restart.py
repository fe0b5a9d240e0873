"""Redis stopped and started again under two routers' event buses: degraded while it is away, whole again after.

A private redis-server on a free port (the machine's own Redis serves the other scaled tests).
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time
from typing import Any

import pytest

from router.adapters.pubsub import RedisEventBus
from tests.processes import free_port

pytestmark = pytest.mark.redis


def start_redis(port: int) -> subprocess.Popen[bytes]:
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed (the machine's Redis package provides it)"
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    process.kill()
    raise AssertionError("redis-server did not start")


async def next_event(queue: asyncio.Queue[dict[str, Any]], timeout_s: float = 5) -> dict[str, Any]:
    return await asyncio.wait_for(queue.get(), timeout_s)


async def test_events_cross_routers_again_after_redis_comes_back() -> None:
    port = free_port()
    redis = start_redis(port)
    a, b = RedisEventBus(f"redis://127.0.0.1:{port}/0"), RedisEventBus(f"redis://127.0.0.1:{port}/0")
    await a.start()
    await b.start()
    seen_by_a: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    seen_by_b: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def pump(bus: RedisEventBus, queue: asyncio.Queue[dict[str, Any]]) -> None:
        async for event in bus.subscribe():
            queue.put_nowait(event)

    pumps = [asyncio.create_task(pump(a, seen_by_a)), asyncio.create_task(pump(b, seen_by_b))]
    try:
        await asyncio.sleep(0.3)
        await a.publish({"n": 1})
        assert (await next_event(seen_by_b))["n"] == 1
        assert (await next_event(seen_by_a))["n"] == 1
        redis.terminate()
        redis.wait(timeout=10)
        await a.publish({"n": 2})  # Redis away: no error; this router's own clients still get it
        assert (await next_event(seen_by_a))["n"] == 2 and not a.reachable
        redis = start_redis(port)
        started = time.monotonic()
        while not (a.reachable and b.reachable):
            assert time.monotonic() - started < 30, "the listeners did not reconnect"
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.2)
        await a.publish({"n": 3})
        assert (await next_event(seen_by_b))["n"] == 3, "events cross routers again"
        print(f"\nredis restarted: both routers' listeners back after {time.monotonic() - started:.1f} s")
    finally:
        for task in pumps:
            task.cancel()
        await a.close()
        await b.close()
        redis.kill()
