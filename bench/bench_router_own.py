"""The router's own time per bot turn, free of Rasa's variance: a stand-in bot that answers every turn after the same
fixed delay (about Rasa's p50 here), reached straight (the baseline) and through the router, in the same run.

Rasa's own turn swings from 16 to 60 ms by message and minute, which moves bench_bot_turn's ratio by more than the
router's few milliseconds. Here the bot always takes BOT_DELAY_MS and costs no CPU: the router turn minus the
straight call is the router's own time (its two units of work, language detection, the bot request as an HTTP
client, the sockets, the hub), with the same figure from run to run, for comparing two versions of the router.
It is not the ratio against Rasa (bench_bot_turn measures that): the stand-in sleeps, so the machine idles while
the bot "works", where Rasa keeps a core busy. Also the router's CPU per turn, from /proc. Writes
bench/out/router_own.json.

Only the router is started (the schema in a process of its own, as `make up` does), on SQLite, with the stand-in
bot in this process; everything else of a turn is the router's real code.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_bot_turn import MESSAGES, NO_LIMITS, percentiles  # noqa: E402
from bench.bench_memory import wait_http  # noqa: E402
from bench.results import write_result  # noqa: E402
from tests.processes import free_port, stop  # noqa: E402

PYTHON = str(ROOT / ".venv/bin/python")
TURNS = int(os.environ.get("BENCH_TURNS", "240"))
BOT_DELAY_MS = float(os.environ.get("BENCH_BOT_DELAY_MS", "16"))
# Between turns the client pauses, as a bruker reads: the router idles as it does between real turns.
PAUSE_S = 0.1


async def stand_in_bot(port: int) -> web.AppRunner:
    """Rasa's REST webhook as the router calls it: one text answer after BOT_DELAY_MS."""

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(BOT_DELAY_MS / 1000)
        return web.json_response([{"recipient_id": body["sender"], "text": "Her er svaret på spørsmålet ditt."}])

    async def status(_: web.Request) -> web.Response:
        return web.json_response({"model_file": "stand-in"})

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_get("/status", status)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def straight(http: aiohttp.ClientSession, bot_url: str, count: int) -> list[float]:
    samples = []
    for turn in range(count):
        started = time.perf_counter()
        async with http.post(f"{bot_url}/webhooks/rest/webhook",
                             json={"sender": "bench", "message": MESSAGES[turn % len(MESSAGES)]}) as response:
            await response.json()
        samples.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(PAUSE_S)
    return samples


async def through_router(http: aiohttp.ClientSession, url: str, count: int) -> list[float]:
    """Conversations of len(MESSAGES) turns, each message a send frame on the chat's socket (compression offered,
    as browsers do), timed to the bot's answer on that socket."""
    samples: list[float] = []
    while len(samples) < count:
        async with http.post(f"{url}/api/conversations", json={"kommune": "Oslo", "page_locale": "nb-NO"}) as r:
            conversation = await r.json()
        async with http.ws_connect(f"{url}/api/conversations/{conversation['id']}/ws", compress=15) as ws:
            await ws.send_json({"type": "auth", "token": conversation["token"]})
            assert (await ws.receive_json(timeout=10))["type"] == "ready"
            for text in MESSAGES[:count - len(samples)]:
                started = time.perf_counter()
                await ws.send_json({"type": "send", "client_msg_id": uuid.uuid4().hex, "text": text})
                while True:
                    frame = await ws.receive_json(timeout=10)
                    if frame["type"] == "send_error":
                        raise SystemExit(f"the router refused a message: {frame}")
                    if frame["type"] == "message" and frame["message"]["sender"] == "bot":
                        break
                samples.append((time.perf_counter() - started) * 1000)
                await asyncio.sleep(PAUSE_S)
    return samples


def start_router(tmp: Path, port: int, bot_port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, **NO_LIMITS, "NAVCHAT_HOST": "127.0.0.1", "NAVCHAT_PORT": str(port),
           "NAVCHAT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'router.db'}",
           "NAVCHAT_RASA_URL": f"http://127.0.0.1:{bot_port}", "NAVCHAT_LIMIT_DETECTIONS_PER_ADDRESS": "0"}
    subprocess.run([PYTHON, "-m", "router.cli", "migrate"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return subprocess.Popen([PYTHON, "-m", "router.app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


async def measure(url: str, router_pid: int, bot_port: int) -> dict[str, object]:
    runner = await stand_in_bot(bot_port)
    try:
        await asyncio.to_thread(wait_http, f"{url}/health")
        async with aiohttp.ClientSession() as http:
            await through_router(http, url, len(MESSAGES))  # warm-up: the first turns load what they need
            baseline = percentiles(await straight(http, f"http://127.0.0.1:{bot_port}", TURNS))
            cpu_before = cpu_seconds(router_pid)
            turns = percentiles(await through_router(http, url, TURNS))
            cpu_per_turn_ms = (cpu_seconds(router_pid) - cpu_before) / TURNS * 1000
    finally:
        await runner.cleanup()
    return {
        "bot_delay_ms": BOT_DELAY_MS, "turns": TURNS,
        "straight_to_bot": baseline, "through_router": turns,
        "router_own_p50_ms": round(turns["p50_ms"] - baseline["p50_ms"], 2),
        "router_own_p95_ms": round(turns["p95_ms"] - baseline["p95_ms"], 2),
        "router_over_straight_p50": round(turns["p50_ms"] / baseline["p50_ms"], 3),
        "router_over_straight_p95": round(turns["p95_ms"] / baseline["p95_ms"], 3),
        # Includes opening the conversations (one in len(MESSAGES) turns), as a real turn mix does.
        "router_cpu_per_turn_ms": round(cpu_per_turn_ms, 2),
    }


def main() -> None:
    router_port, bot_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp:
        router = start_router(Path(tmp), router_port, bot_port)
        try:
            result = asyncio.run(measure(f"http://127.0.0.1:{router_port}", router.pid, bot_port))
        finally:
            stop(router, timeout_s=30)
    write_result("router_own", result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
