"""One hung Rasa does not take the routers out of the load balancer (probe 98).

A Rasa stopped with SIGSTOP (or swapping) still has its listening socket: the kernel accepts connections and
nothing ever answers. Every router's /health asked the first Rasa with the whole bot timeout before the next one,
HAProxy's check (no `timeout check`) gave up first, took both routers out, and every page, the veileder console
included, was a 503. Here: a socket that accepts and never answers, beside a Rasa that answers /status."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp import web

from router.app import create_app
from router.config import Settings


@pytest.fixture
def hung_rasa() -> Any:
    """Listening, never accepting: what a Rasa stopped with kill -STOP looks like from outside."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(64)
    yield f"http://127.0.0.1:{listening.getsockname()[1]}"
    listening.close()


@pytest.fixture
async def live_rasa(aiohttp_server: Callable[..., Any]) -> AsyncIterator[str]:
    async def status(request: web.Request) -> web.Response:
        return web.json_response({"model_file": "x.tar.gz"})

    app = web.Application()
    app.router.add_get("/status", status)
    server = await aiohttp_server(app)
    yield str(server.make_url("")).rstrip("/")


async def _timed_get(client: Any, path: str) -> tuple[float, int, dict[str, Any]]:
    started = time.monotonic()
    response = await asyncio.wait_for(client.get(path), 8)
    return time.monotonic() - started, response.status, await response.json()


async def test_a_hung_first_rasa_neither_slows_nor_fails_the_checks(
        settings: Settings, hung_rasa: str, live_rasa: str, aiohttp_client: Callable[..., Any]) -> None:
    # A long bot timeout, as in production: /health used to wait all of it for the first Rasa.
    slow = Settings(**{**settings.__dict__, "rasa_url": f"{hung_rasa},{live_rasa}", "bot_timeout_s": 30.0})
    client = await aiohttp_client(create_app(slow))

    took, status, body = await _timed_get(client, "/health/ready")
    assert status == 200 and body == {"status": "ready", "database": "up"} and took < 1.0, (took, body)
    took, status, body = await _timed_get(client, "/health/live")
    assert status == 200 and body == {"status": "live"} and took < 1.0

    took, status, body = await _timed_get(client, "/health")
    assert status == 200 and took < 3.5, (took, body)
    assert body["rasa"] == "up" and body["rasa_processes"] == ["down", "up"], body
    assert body["database"] == "up"


async def test_readiness_leaves_rasa_out_and_health_asks_the_processes_once_a_second(
        settings: Settings, hung_rasa: str, aiohttp_client: Callable[..., Any]) -> None:
    """Every Rasa hung: the router still serves (the bruker may ask for a veileder, the console works), so it stays
    ready; /health says Rasa is down within its part timeout, and callers at the same moment share one round."""
    hung = Settings(**{**settings.__dict__, "rasa_url": f"{hung_rasa},{hung_rasa}", "bot_timeout_s": 30.0})
    client = await aiohttp_client(create_app(hung))
    took, status, _ = await _timed_get(client, "/health/ready")
    assert status == 200 and took < 1.0
    started = time.monotonic()
    answers = await asyncio.gather(*(_timed_get(client, "/health") for _ in range(5)))
    assert time.monotonic() - started < 3.5
    assert all(body["rasa"] == "down" and body["rasa_processes"] == ["down", "down"] and body["status"] == "degraded"
               for _, _, body in answers)
    took, _, _ = await _timed_get(client, "/health")
    assert took < 0.5, "asked again within a second: the kept answer"


async def test_readiness_fails_without_the_database(settings: Settings, aiohttp_client: Callable[..., Any]) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    down = Settings(**{**settings.__dict__, "database_url": f"postgresql+asyncpg://x@127.0.0.1:{closed}/x",
                       "auto_migrate": False})
    client = await aiohttp_client(create_app(down))
    took, status, body = await _timed_get(client, "/health/ready")
    assert status == 503 and body == {"status": "not_ready", "database": "down"} and took < 3.0
    assert (await client.get("/health/live")).status == 200
