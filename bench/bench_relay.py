"""The veileder relay's throughput beside a bare aiohttp WebSocket echo, measured in the same run.

    .venv/bin/python bench/bench_relay.py [--messages 2000] [--in-flight 16] [--conversations 3]

Relay: the real router (tests/browser/serve_router.py: the real app on SQLite, a stand-in bot, seeded staff) in its
own process. ``--conversations`` brukere open a chat, connect their WebSocket and ask for a human; one veileder
takes them all and sends ``--messages`` messages, keeping ``--in-flight`` unanswered, in two ways one after the
other: over the staff WebSocket, as the console sends them (reply frames, answered once stored), and through the
staff API (POST .../messages). Either way a message is stored first, then pushed; it counts when it arrives on its
bruker's socket.

Baseline: a bare aiohttp WebSocket echo server in its own process; the client keeps the same number of messages in
flight on as many sockets and counts the echoes. Both sides run on the same two cores, one after the other.

Prints messages/s for each and their ratio, and writes bench/out/relay.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import psutil
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import write_result  # noqa: E402
from tests.processes import free_port, stop  # noqa: E402

STAFF = [("veileder1", "passord-veileder1"), ("veileder2", "passord-veileder2"), ("nks1", "passord-nks1")]


def serve_echo(port: int) -> None:
    """The baseline's server process: every text frame straight back."""

    async def echo(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async for message in ws:
            if message.type == aiohttp.WSMsgType.TEXT:
                await ws.send_str(message.data)
        return ws

    app = web.Application()
    app.router.add_get("/ws", echo)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=lambda *_: None)


async def wait_until_up(url: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            try:
                async with http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as response:
                    if response.status < 500:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(0.3)
    raise RuntimeError(f"nothing answered at {url} within {timeout_s} s")


async def echo_throughput(url: str, messages: int, in_flight: int, sockets: int) -> float:
    async with aiohttp.ClientSession() as http:
        connections = [await http.ws_connect(f"{url}/ws") for _ in range(sockets)]
        per_socket = max(1, in_flight // sockets)
        remaining = [messages // sockets] * sockets

        async def drive(ws: aiohttp.ClientWebSocketResponse, count: int) -> None:
            window = min(per_socket, count)
            for n in range(window):
                await ws.send_str(json.dumps({"n": n, "text": "Hei, dette er NAV."}))
            sent, received = window, 0
            while received < count:
                message = await ws.receive()
                if message.type != aiohttp.WSMsgType.TEXT:
                    raise RuntimeError("the echo socket closed")
                received += 1
                if sent < count:
                    await ws.send_str(json.dumps({"n": sent, "text": "Hei, dette er NAV."}))
                    sent += 1

        started = time.perf_counter()
        await asyncio.gather(*(drive(ws, count) for ws, count in zip(connections, remaining, strict=True)))
        elapsed = time.perf_counter() - started
        for ws in connections:
            await ws.close()
    return sum(remaining) / elapsed


async def relay_throughput(url: str, messages: int, in_flight: int, conversations: int,
                           over_socket: bool) -> tuple[float, int]:
    """Messages/s from the veileder's send to the bruker's socket; also how many arrived more than once."""
    async with aiohttp.ClientSession() as bruker_http, aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as staff_http:
        chats = []
        for _ in range(conversations):
            async with bruker_http.post(f"{url}/api/conversations", json={"kommune": "0301"}) as r:
                data = await r.json()
            ws = await bruker_http.ws_connect(f"{url}/api/conversations/{data['id']}/ws")
            await ws.send_json({"type": "auth", "token": data["token"]})
            assert (await ws.receive_json())["type"] == "ready"
            auth = {"Authorization": f"Bearer {data['token']}"}
            async with bruker_http.post(f"{url}/api/conversations/{data['id']}/handoff", json={}, headers=auth) as r:
                r.raise_for_status()
                asked_place = (await r.json())["state"] == "BOT"
            if asked_place:  # Oslo is served per bydel: the router asks hers, and Grünerløkka (0315) has veiledere
                async with bruker_http.post(f"{url}/api/conversations/{data['id']}/messages",
                                            json={"text": "Grünerløkka", "client_msg_id": "place"}, headers=auth) as r:
                    assert r.status < 300, (r.status, await r.text())
            chats.append((data["id"], ws))
        csrf = await take_all(staff_http, url, [cid for cid, _ in chats])

        arrived: dict[str, list[str]] = {cid: [] for cid, _ in chats}
        expected = messages // conversations * conversations
        done = asyncio.Event()

        async def read(cid: str, ws: aiohttp.ClientWebSocketResponse) -> None:
            async for frame in ws:
                data = json.loads(frame.data)
                message = data.get("message") or {}
                if data.get("type") == "message" and message.get("sender") == "veileder" \
                        and message.get("text", "").startswith("relay "):
                    arrived[cid].append(message["text"])
                    if sum(len(texts) for texts in arrived.values()) >= expected:
                        done.set()

        readers = [asyncio.create_task(read(cid, ws)) for cid, ws in chats]
        started = time.perf_counter()
        if over_socket:
            await send_over_socket(staff_http, url, [cid for cid, _ in chats], expected, in_flight)
        else:
            await send_by_post(staff_http, url, [cid for cid, _ in chats], expected, in_flight, csrf)
        await asyncio.wait_for(done.wait(), 60)
        elapsed = time.perf_counter() - started
        for task in readers:
            task.cancel()
        for _, ws in chats:
            await ws.close()
    duplicates = sum(len(texts) - len(set(texts)) for texts in arrived.values())
    return expected / elapsed, duplicates


async def send_by_post(http: aiohttp.ClientSession, url: str, conversation_ids: list[str], count: int,
                       in_flight: int, csrf: dict[str, str]) -> None:
    gate = asyncio.Semaphore(in_flight)

    async def send(n: int) -> None:
        cid = conversation_ids[n % len(conversation_ids)]
        async with gate, http.post(f"{url}/api/staff/conversations/{cid}/messages",
                                   json={"text": f"relay {n}", "client_msg_id": f"p{n}"}, headers=csrf) as r:
            if r.status != 201:
                raise RuntimeError(f"the veileder's message was refused: {r.status} {await r.text()}")

    await asyncio.gather(*(send(n) for n in range(count)))


async def send_over_socket(http: aiohttp.ClientSession, url: str, conversation_ids: list[str], count: int,
                           in_flight: int) -> None:
    """As the console sends: reply frames on the staff socket, at most ``in_flight`` waiting for their answer."""
    ws = await http.ws_connect(f"{url}/api/staff/ws")
    assert (await ws.receive_json())["type"] == "ready"

    def frame(n: int) -> str:
        return json.dumps({"type": "reply", "conversation_id": conversation_ids[n % len(conversation_ids)],
                           "text": f"relay {n}", "client_msg_id": f"s{n}"})

    sent = min(in_flight, count)
    for n in range(sent):
        await ws.send_str(frame(n))
    answered = 0
    while answered < count:
        data = json.loads((await ws.receive()).data)
        if data.get("type") == "reply_error":
            raise RuntimeError(f"the veileder's message was refused: {data}")
        if data.get("type") != "reply_ack":
            continue  # state frames
        answered += 1
        if sent < count:
            await ws.send_str(frame(sent))
            sent += 1
    await ws.close()


async def take_all(http: aiohttp.ClientSession, url: str, conversation_ids: list[str]) -> dict[str, str]:
    """The first seeded staff user who may take every one of them (where the handoff lands depends on opening
    hours and presence); returns that user's CSRF header."""
    for username, password in STAFF:
        http.cookie_jar.clear()
        async with http.post(f"{url}/api/staff/login", json={"username": username, "password": password}) as r:
            r.raise_for_status()
            csrf = {"X-CSRF-Token": (await r.json())["csrf_token"]}
        statuses = []
        for cid in conversation_ids:
            async with http.post(f"{url}/api/staff/conversations/{cid}/take", headers=csrf) as r:
                statuses.append(r.status)
        if all(status == 200 for status in statuses):
            return csrf
    raise RuntimeError("no seeded staff user could take every conversation")


def start(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def relay_on_a_fresh_router(messages: int, in_flight: int, conversations: int,
                                  over_socket: bool) -> tuple[float, int, float]:
    """Messages/s, duplicates and the router's RSS afterwards; a router of its own (the veileder's capacity)."""
    router_port = free_port()
    with tempfile.TemporaryDirectory() as data:
        router = start([sys.executable, "-m", "tests.browser.serve_router", "--port", str(router_port),
                        "--database", f"{data}/router.db"])
        try:
            await wait_until_up(f"http://127.0.0.1:{router_port}/api/languages")
            rate, duplicates = await relay_throughput(f"http://127.0.0.1:{router_port}", messages, in_flight,
                                                      conversations, over_socket)
            return rate, duplicates, psutil.Process(router.pid).memory_info().rss / 1e6
        finally:
            stop(router)


async def run(messages: int, in_flight: int, conversations: int) -> dict[str, object]:
    echo_port = free_port()
    echo = start([sys.executable, str(Path(__file__)), "--serve-echo", str(echo_port)])
    try:
        await wait_until_up(f"http://127.0.0.1:{echo_port}/ws")
        echo_rate = await echo_throughput(f"http://127.0.0.1:{echo_port}", messages, in_flight, conversations)
    finally:
        stop(echo)
    relay_rate, duplicates, router_rss_mb = await relay_on_a_fresh_router(messages, in_flight, conversations, True)
    post_rate, post_duplicates, _ = await relay_on_a_fresh_router(messages, in_flight, conversations, False)
    return {
        "messages": messages, "in_flight": in_flight, "conversations": conversations,
        "bare_ws_echo_per_s": round(echo_rate, 1), "relay_per_s": round(relay_rate, 1),
        "relay_over_echo": round(relay_rate / echo_rate, 3), "relay_duplicates": duplicates,
        "relay_by_post_per_s": round(post_rate, 1), "relay_by_post_over_echo": round(post_rate / echo_rate, 4),
        "relay_by_post_duplicates": post_duplicates,
        "router_rss_mb": round(router_rss_mb, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--in-flight", type=int, default=16)
    parser.add_argument("--conversations", type=int, default=3)
    parser.add_argument("--serve-echo", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_echo:
        serve_echo(args.serve_echo)
        return
    result = asyncio.run(run(args.messages, args.in_flight, args.conversations))
    write_result("relay", result)
    print(f"bare aiohttp WebSocket echo: {result['bare_ws_echo_per_s']:,.0f} messages/s")
    print(f"veileder relay over the staff socket (stored, then pushed): {result['relay_per_s']:,.0f} messages/s "
          f"= {result['relay_over_echo']}x the echo; duplicates {result['relay_duplicates']}")
    print(f"veileder relay by POST: {result['relay_by_post_per_s']:,.0f} messages/s "
          f"= {result['relay_by_post_over_echo']}x the echo; duplicates {result['relay_by_post_duplicates']}")


if __name__ == "__main__":
    main()
