"""Bot turn latency: through the router (message → bot reply on the WebSocket) beside Rasa's own REST turn.

Starts the three processes with scripts/run_all.py (as `make up` does), then times, in the same run:
  - bare aiohttp: an echo handler on a bare aiohttp server (the floor of an HTTP round trip here),
  - rasa REST: POST /webhooks/rest/webhook straight to Rasa,
  - router turn: the message sent as the widget sends it while its socket is open (a ``send`` frame on the chat's
    WebSocket; ``BENCH_SEND=post`` sends POST /api/conversations/{id}/messages instead, as the widget does without a
    socket) and wait for the bot's reply pushed on the WebSocket.
Prints p50/p95 and the ratios, and writes bench/out/bot_turn.json. Also what the router itself adds to each turn,
free of Rasa's own variance (a turn's Rasa time swings from 20 to 60 ms by message and minute, which moves the
ratio of two medians by more than a few milliseconds of router work): the turn as the bruker's client saw it minus
the Rasa call as the router timed it (``bot.turn ... rasa_ms`` in its log). Both kinds of turn are paced alike: the
client pauses IDLE_AFTER_TURN_S after each (the router's for its remaining frames), so Rasa idles between turns in both.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import statistics
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

from bench.results import write_result  # noqa: E402
from tests.e2e.conftest import free_port  # noqa: E402
from tests.launcher import NotStarted, start_embedded, stop  # noqa: E402

TURNS = int(os.environ.get("BENCH_TURNS", "60"))
REPLY_TIMEOUT_S = 15.0
# After each turn through the router the client listens this long for the turn's further frames, so Rasa idles that
# long between two turns of a conversation; its own REST turns get the same pause. Back to back, Rasa's turn is about
# a fifth faster (caches still warm: 20.2 against 25.3 ms p50, 2026-12-02), which put the pacing into the ratio.
IDLE_AFTER_TURN_S = 0.3
SEND_BY_POST = os.environ.get("BENCH_SEND") == "post"
MESSAGES = ["hei", "hvordan søker jeg om sosialhjelp", "når kommer pengene", "takk for hjelpen",
            "hvilke vedlegg trenger jeg", "hvor er nav-kontoret mitt"]


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
        "n": len(ordered),
    }


async def bare_aiohttp(turns: int) -> list[float]:
    async def echo(request: web.Request) -> web.Response:
        return web.json_response([{"text": (await request.json())["message"]}])

    app = web.Application()
    app.router.add_post("/echo", echo)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    samples = []
    async with aiohttp.ClientSession() as http:
        for i in range(turns):
            started = time.perf_counter()
            async with http.post(f"http://127.0.0.1:{port}/echo", json={"message": MESSAGES[i % len(MESSAGES)]}) as r:
                await r.json()
            samples.append((time.perf_counter() - started) * 1000)
    await runner.cleanup()
    return samples


async def rasa_rest(http: aiohttp.ClientSession, rasa_url: str, turns: int,
                    idle_s: float = IDLE_AFTER_TURN_S) -> list[float]:
    """Rasa's own REST turn; a new sender every len(MESSAGES) turns and a pause after each, as the router's turns."""
    samples = []
    for i in range(turns):
        if i % len(MESSAGES) == 0:
            sender = f"bench-{uuid.uuid4().hex}"
        started = time.perf_counter()
        async with http.post(f"{rasa_url}/webhooks/rest/webhook",
                             json={"sender": sender, "message": MESSAGES[i % len(MESSAGES)]}) as r:
            await r.json()
        samples.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(idle_s)
    return samples


class RouterConversation:
    def __init__(self, http: aiohttp.ClientSession, url: str) -> None:
        self.http, self.url = http, url

    async def open(self) -> None:
        async with self.http.post(f"{self.url}/api/conversations", json={"page_locale": "nb-NO"}) as r:
            data = await r.json()
        self.id, self.auth = data["id"], {"Authorization": f"Bearer {data['token']}"}
        # compress=15: the permessage-deflate offer every browser makes (the router declines it).
        self.ws = await self.http.ws_connect(f"{self.url}/api/conversations/{self.id}/ws", compress=15)
        await self.ws.send_json({"type": "auth", "token": data["token"]})
        await self.ws.receive_json(timeout=10)

    async def turn(self, text: str) -> float | None:
        """Milliseconds from sending to the first bot reply on the WebSocket; None when none came in time."""
        started = time.perf_counter()
        body = {"client_msg_id": uuid.uuid4().hex, "text": text}
        if SEND_BY_POST:
            async with self.http.post(f"{self.url}/api/conversations/{self.id}/messages", json=body,
                                      headers=self.auth) as r:
                assert r.status == 201
        else:
            await self.ws.send_json({"type": "send", **body})
        try:
            while True:
                frame = await self.ws.receive_json(timeout=REPLY_TIMEOUT_S)
                if frame["type"] == "send_error":
                    raise RuntimeError(f"the router refused the message: {frame}")
                if frame["type"] == "message" and frame["message"]["sender"] in ("bot", "system"):
                    break
        except (TimeoutError, TypeError):
            return None
        elapsed = (time.perf_counter() - started) * 1000
        # Drain the rest of this turn's replies so the next turn starts clean.
        try:
            while True:
                await self.ws.receive_json(timeout=IDLE_AFTER_TURN_S)
        except (TimeoutError, TypeError):
            pass
        return elapsed

    async def close(self) -> None:
        await self.ws.close()


async def router_turns(http: aiohttp.ClientSession, url: str, turns: int,
                       timed: list[tuple[str, int, float]] | None = None) -> tuple[list[float], int]:
    """Turns through the router; each answered one also goes to ``timed`` as (conversation, its turn number, ms)."""
    samples, missing = [], 0
    conversation: RouterConversation | None = None
    for i in range(turns):
        if i % len(MESSAGES) == 0:
            if conversation:
                await conversation.close()
            conversation = RouterConversation(http, url)
            await conversation.open()
        assert conversation is not None
        elapsed = await conversation.turn(MESSAGES[i % len(MESSAGES)])
        if elapsed is None:
            missing += 1
        else:
            samples.append(elapsed)
            if timed is not None:
                timed.append((conversation.id, i % len(MESSAGES), elapsed))
    if conversation:
        await conversation.close()
    return samples, missing


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def descendants(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every process below ``pid``."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            found.append((child, cmdline))
            todo.append(child)
    return found


def memory(run_all_pid: int) -> dict[str, float]:
    """Resident memory of the three processes, beside an idle bare aiohttp server measured the same way."""
    figures: dict[str, float] = {}
    for pid, cmdline in descendants(run_all_pid):
        name = "router" if "router.app" in cmdline else (
            "actions" if "actions.server" in cmdline or "rasa_sdk" in cmdline else (
                "rasa" if "rasa_run.py" in cmdline or "rasa run" in cmdline else None))
        if name:
            figures[f"{name}_rss_mb"] = max(figures.get(f"{name}_rss_mb", 0.0), rss_mb(pid))
    bare = subprocess.Popen([str(ROOT / ".venv/bin/python"), "-c",
                             "from aiohttp import web; web.run_app(web.Application(), host='127.0.0.1', port=0, "
                             "print=None)"])
    time.sleep(3)
    figures["bare_aiohttp_rss_mb"] = rss_mb(bare.pid)
    bare.terminate()
    bare.wait()
    figures["router_over_bare_rss"] = round(figures.get("router_rss_mb", 0) / figures["bare_aiohttp_rss_mb"], 1)
    return figures


# One load generator on one address plays many brukere: the abuse limits would stop it.
NO_LIMITS = {"NAVCHAT_LIMIT_CONVERSATIONS_PER_ADDRESS": "0", "NAVCHAT_LIMIT_MESSAGES_PER_ADDRESS": "0",
             "NAVCHAT_LIMIT_MESSAGES_PER_CONVERSATION": "0", "NAVCHAT_LIMIT_WAITING_PER_ADDRESS": "0"}


_BOT_TURN_LOG = re.compile(r"bot\.turn conversation=(\S+) rasa_ms=([0-9.]+)")


def router_own_ms(timed: list[tuple[str, int, float]], router_log: Path) -> list[float]:
    """Each timed turn minus its Rasa call as the router logged it (the n-th bot.turn line of its conversation)."""
    rasa_ms: dict[str, list[float]] = {}
    for match in _BOT_TURN_LOG.finditer(router_log.read_text(errors="replace")):
        rasa_ms.setdefault(match[1], []).append(float(match[2]))
    return [elapsed - rasa_ms[conversation][number] for conversation, number, elapsed in timed
            if number < len(rasa_ms.get(conversation, []))]


async def measure(url: str, rasa_url: str, router_log: Path) -> dict[str, object]:
    print("measuring bare aiohttp", flush=True)
    bare = percentiles(await bare_aiohttp(TURNS))
    print("measuring Rasa REST and router turns, one conversation each in turn", flush=True)
    # Interleaved, a conversation of each at a time: this machine's speed drifts by a third within minutes (other
    # tenants), and a block of one after a block of the other would put that drift into the ratio.
    rasa_samples: list[float] = []
    router_samples: list[float] = []
    missing = 0
    timed: list[tuple[str, int, float]] = []
    async with aiohttp.ClientSession() as rasa_http, aiohttp.ClientSession() as router_http:
        await rasa_rest(rasa_http, rasa_url, len(MESSAGES))  # warm-up: TensorFlow's first predictions are slow
        await router_turns(router_http, url, len(MESSAGES))
        for _ in range(max(1, TURNS // len(MESSAGES))):
            rasa_samples += await rasa_rest(rasa_http, rasa_url, len(MESSAGES))
            samples, lost = await router_turns(router_http, url, len(MESSAGES), timed)
            router_samples += samples
            missing += lost
    rasa, router = percentiles(rasa_samples), percentiles(router_samples)
    own_samples = router_own_ms(timed, router_log)
    own = percentiles(own_samples) if own_samples else {"n": 0}  # n 0: the router logged no bot.turn line
    return {
        "turns": TURNS,
        "idle_after_turn_s": IDLE_AFTER_TURN_S,
        "router_send": "post" if SEND_BY_POST else "socket",
        "bare_aiohttp": bare,
        "rasa_rest": rasa,
        "router_turn": {**router, "no_reply_within_s": REPLY_TIMEOUT_S, "turns_without_reply": missing},
        "router_over_rasa_p50": round(router["p50_ms"] / rasa["p50_ms"], 2),
        "router_over_rasa_p95": round(router["p95_ms"] / rasa["p95_ms"], 2),
        "router_overhead_p50_ms": round(router["p50_ms"] - rasa["p50_ms"], 2),
        "router_own_per_turn": own,
        "rasa_over_bare_p50": round(rasa["p50_ms"] / bare["p50_ms"], 1),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        try:
            service = start_embedded(Path(tmp), env=NO_LIMITS, seed=False)
        except NotStarted as error:
            raise SystemExit(str(error)) from None
        try:
            result = asyncio.run(measure(service.url, service.rasa_urls[0], Path(tmp) / "log" / "router.log"))
            result["memory"] = memory(service.process.pid)
        finally:
            stop(service, timeout_s=30)
    write_result("bot_turn", result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
