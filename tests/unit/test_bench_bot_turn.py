"""bench/bench_bot_turn.py: its own-time figure (each timed turn paired with its own Rasa call in the router's log) and its
pacing (Rasa's own turns pause as the router's do)."""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bench.bench_bot_turn import rasa_rest, router_own_ms


def test_each_turn_is_paired_with_the_rasa_call_of_the_same_conversation_and_number(tmp_path: Path) -> None:
    log = tmp_path / "router.log"
    log.write_text(
        "INFO bot.turn conversation=a rasa_ms=30.0 replies=1\n"
        "INFO bot.turn conversation=warmup rasa_ms=99.0 replies=1\n"
        "INFO bot.turn conversation=b rasa_ms=20.5 replies=2\n"
        "INFO bot.turn conversation=a rasa_ms=40.0 replies=1\n")
    timed = [("a", 0, 36.0), ("b", 0, 27.0), ("a", 1, 45.0), ("a", 2, 50.0)]  # a's third turn: no line, left out
    assert router_own_ms(timed, log) == pytest.approx([6.0, 6.5, 5.0])


async def test_rasas_own_turns_are_paced_like_the_routers(aiohttp_server: Any) -> None:
    """Back to back, Rasa answers faster than after the pause each router turn has: both get the pause."""
    arrivals: list[float] = []

    async def webhook(request: web.Request) -> web.Response:
        arrivals.append(time.perf_counter())
        return web.json_response([{"text": "svar"}])

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    server = await aiohttp_server(app)
    async with aiohttp.ClientSession() as http:
        samples = await rasa_rest(http, str(server.make_url("")).rstrip("/"), 3, idle_s=0.05)
    assert len(samples) == 3
    assert min(b - a for a, b in itertools.pairwise(arrivals)) >= 0.05
