"""Resident memory of the router after start, beside a bare aiohttp process measured the same way.

    .venv/bin/python bench/bench_memory.py

Migrates a temporary SQLite database with `router.cli migrate` and starts `python -m router.app` on it, as
`make up` does (no translation model installed, Rasa not running: memory does not depend on it), waits until it
answers /health, then reads its resident memory (/proc VmRSS) after start, after one language-detection
request per script, after a queue notice in each supported language, with 200 bruker chats open at once (each socket offering compression as a browser does) and
after they closed, under chats coming and going with bot turns as in `make load` at 16 a second (a stand-in bot:
the highest sampled and after they ended), and after a bruker's first login (its libraries are imported then; the provider is configured
but down, so the login stops at the provider, after the import); then a bare aiohttp server (`web.run_app` of an
empty application). Also, in fresh interpreters: the router's detector warmed (its models are read from disk),
the lingua library with its models in memory (high and low accuracy) for comparison, and importing argostranslate
and stanza. Writes bench/out/memory.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from bench.results import write_result  # noqa: E402
from router.domain.language_policy import SUPPORTED_LANGUAGES  # noqa: E402
from tests.e2e.conftest import MANY_BRUKERE_FROM_ONE_ADDRESS, free_port  # noqa: E402

PYTHON = str(ROOT / ".venv/bin/python")
# Chats open at once in the browser-sockets step: about what `make load` holds at 16 new conversations a second
# (each lasts about 11 s there), and what NAV's busiest hour would hold with chats of eight minutes.
OPEN_CHATS = 200
# The chat-load step: new chats a second (make load's top rate), for how long, each chat's turns and how long it
# stays open (about 11 s in make load).
LOAD_RATE = 16
LOAD_SECONDS = 30
LOAD_TURNS = 3
LOAD_CHAT_SECONDS = 10.0
SAMPLES = ["hei jeg trenger hjelp med sosialhjelp", "how do I apply for help", "jak złożyć wniosek",
           "як подати заяву", "كيف أقدم طلب", "ሰላም እንዴት ነህ", "สวัสดีครับ"]


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory now (VmRSS), or its high-water mark since the process started (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def wait_http(url: str, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers (503 while Rasa is away is fine here)
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer in {timeout_s} s")


def router_rss(tmp: Path) -> dict[str, float]:
    port, bot_port = free_port(), free_port()
    env = {**os.environ, **MANY_BRUKERE_FROM_ONE_ADDRESS, "NAVCHAT_HOST": "127.0.0.1", "NAVCHAT_PORT": str(port),
           "NAVCHAT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'router.db'}",
           "NAVCHAT_LIMIT_MESSAGES_PER_CONVERSATION": "0",
           # Nothing answers there until the chat-load step starts its stand-in bot.
           "NAVCHAT_RASA_URL": f"http://127.0.0.1:{bot_port}", "NAVCHAT_ARGOS_PACKAGES_DIR": str(tmp / "argos"),
           "NAVCHAT_LIMIT_DETECTIONS_PER_ADDRESS": "0",
           # Login configured; nothing listens there (the first login is measured up to the provider).
           "NAVCHAT_OIDC_ISSUER": f"http://127.0.0.1:{free_port()}/idporten"}
    # As `make up` (scripts/run_all.py) does: the schema in a process of its own, then the router.
    subprocess.run([PYTHON, "-m", "router.cli", "migrate"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    process = subprocess.Popen([PYTHON, "-m", "router.app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_http(f"http://127.0.0.1:{port}/health")
        time.sleep(3)
        after_start = rss_mb(process.pid)
        for text in SAMPLES:
            post_json(f"http://127.0.0.1:{port}/api/language/detect", {"text": text})
        time.sleep(1)
        after_detecting = rss_mb(process.pid)
        queue_notices_in_every_language(port)
        time.sleep(1)
        after_languages = rss_mb(process.pid)
        with_open_chats = asyncio.run(open_browser_chats(port, OPEN_CHATS, process.pid))
        time.sleep(1)
        after_chats = rss_mb(process.pid)
        under_load, after_load = asyncio.run(chats_under_load(port, bot_port, process.pid))
        time.sleep(1)
        after_load = max(after_load, rss_mb(process.pid))
        first_login(port)
        time.sleep(1)
        return {"router_after_start_mb": after_start, "router_after_detecting_every_script_mb": after_detecting,
                "router_after_a_queue_notice_in_every_language_mb": after_languages,
                f"router_with_{OPEN_CHATS}_chats_open_mb": with_open_chats,
                f"router_after_{OPEN_CHATS}_chats_closed_mb": after_chats,
                "router_highest_under_chat_load_mb": under_load, "router_after_chat_load_mb": after_load,
                "router_after_first_login_mb": rss_mb(process.pid),
                "router_peak_since_start_mb": rss_mb(process.pid, "VmHWM")}
    finally:
        process.terminate()
        process.wait(timeout=30)


def queue_notices_in_every_language(port: int) -> None:
    """A bruker in each supported language asks for a veileder: the queue notice gives the place in the queue, and
    outside opening hours when the office opens, as that language writes numbers, days and times (Babel's CLDR
    data for each language: router/texts/formatting.py)."""
    url = f"http://127.0.0.1:{port}"
    for language in sorted(SUPPORTED_LANGUAGES):
        conversation = post_json(f"{url}/api/conversations", {"kommune": "Oslo", "page_locale": language})
        messages, auth = f"{url}/api/conversations/{conversation['id']}/messages", bearer(conversation)
        post_json(messages, {"client_msg_id": uuid.uuid4().hex, "text": "veileder", "payload": "/human_handoff"}, auth)
        deadline = time.monotonic() + 10
        while not any(m["sender"] == "system" for m in get_json(messages, auth)["messages"]):
            if time.monotonic() > deadline:
                raise SystemExit(f"no queue notice in {language} within 10 s")
            time.sleep(0.1)


def bearer(conversation: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {conversation['token']}"}


def post_json(url: str, body: dict[str, object], headers: dict[str, str] | None = None) -> dict[str, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def get_json(url: str, headers: dict[str, str]) -> dict[str, Any]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return json.loads(response.read())


async def open_browser_chats(port: int, count: int, pid: int) -> float:
    """Resident memory while ``count`` brukere have the chat open: each opens a conversation and its WebSocket,
    offering permessage-deflate as Chromium and Firefox do, and authenticates (the router answers with its ready
    frame)."""
    url = f"http://127.0.0.1:{port}"
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        sockets = []
        for _ in range(count):
            async with http.post(f"{url}/api/conversations", json={}) as response:
                conversation = await response.json()
            ws = await http.ws_connect(f"{url}/api/conversations/{conversation['id']}/ws", compress=15)
            await ws.send_json({"type": "auth", "token": conversation["token"]})
            await ws.receive_json(timeout=30)
            sockets.append(ws)
        await asyncio.sleep(1)
        held = rss_mb(pid)
        for ws in sockets:
            await ws.close()
    return held


async def chats_under_load(port: int, bot_port: int, pid: int) -> tuple[float, float]:
    """Resident memory while chats come and go as in `make load` at its top rate, with bot turns (a stand-in bot
    that answers after a fixed delay: bench_router_own), and after they all ended: the highest sampled and the
    last. The open sockets alone (open_browser_chats) miss what a chat in use holds; in 2026-12-06's runs the
    router grew by about 60 KB per chat open at once (aiohttp's request, parser and socket objects), and Python
    kept the grown heap after they closed (three waves in one process: the same figure after each, no leak)."""
    from bench.bench_router_own import stand_in_bot

    url = f"http://127.0.0.1:{port}"
    runner = await stand_in_bot(bot_port)
    highest = rss_mb(pid)

    async def chat(http: aiohttp.ClientSession) -> None:
        async with http.post(f"{url}/api/conversations", json={"kommune": "Oslo", "page_locale": "nb-NO"}) as r:
            conversation = await r.json()
        async with http.ws_connect(f"{url}/api/conversations/{conversation['id']}/ws", compress=15) as ws:
            await ws.send_json({"type": "auth", "token": conversation["token"]})
            await ws.receive_json(timeout=30)
            for text in SAMPLES[:LOAD_TURNS]:
                await ws.send_json({"type": "send", "client_msg_id": uuid.uuid4().hex, "text": text})
                while True:
                    frame = await ws.receive_json(timeout=30)
                    if frame["type"] == "message" and frame["message"]["sender"] == "bot":
                        break
                await asyncio.sleep(LOAD_CHAT_SECONDS / LOAD_TURNS)
        async with http.post(f"{url}/api/conversations/{conversation['id']}/close", headers=bearer(conversation)):
            pass

    try:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
            arrivals, tasks = random.Random(0), []
            started = next_at = time.monotonic()
            while time.monotonic() - started < LOAD_SECONDS:
                next_at += arrivals.expovariate(LOAD_RATE)
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))
                tasks.append(asyncio.create_task(chat(http)))
                highest = max(highest, rss_mb(pid))
            while not all(task.done() for task in tasks):
                await asyncio.sleep(0.5)
                highest = max(highest, rss_mb(pid))
            for task in tasks:
                task.result()  # a chat that failed fails the bench
    finally:
        await runner.cleanup()
    return highest, rss_mb(pid)


def first_login(port: int) -> None:
    """A bruker opens a chat and starts a login; the provider is down, so the router answers 503 after importing
    the login's libraries (router/adapters/login_libraries.py) and sealing the pending login."""
    conversation = post_json(f"http://127.0.0.1:{port}/api/conversations", {})
    login = urllib.request.Request(f"http://127.0.0.1:{port}/api/conversations/{conversation['id']}/login", data=b"",
                                   headers=bearer(conversation))
    try:
        urllib.request.urlopen(login, timeout=30).close()
    except urllib.error.HTTPError as error:
        if error.code != 503:
            raise


def bare_aiohttp_rss() -> float:
    port = free_port()
    process = subprocess.Popen([PYTHON, "-c", "from aiohttp import web; web.run_app(web.Application(), "
                                f"host='127.0.0.1', port={port}, print=None)"])
    try:
        wait_http(f"http://127.0.0.1:{port}/")
        time.sleep(1)
        return rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


_PIECE = """
import sys
sys.path.insert(0, {root!r})
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
{setup}
before = rss()
{work}
print(round(rss() - before, 1))
"""


def piece(setup: str, work: str) -> float:
    """Resident memory ``work`` adds in a fresh interpreter, after ``setup``."""
    out = subprocess.run([PYTHON, "-c", _PIECE.format(root=str(ROOT), setup=setup, work=work)], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


LINGUA_SETUP = """
import lingua
from router.adapters.language_detector import LATIN_LANGUAGES, SHARED_SCRIPT_LANGUAGES
def language(code):
    return lingua.Language.from_iso_code_639_1(getattr(lingua.IsoCode639_1, code.upper()))
def build(codes, low):
    b = lingua.LanguageDetectorBuilder.from_languages(*[language(c) for c in sorted(codes)])
    return (b.with_low_accuracy_mode() if low else b).build()
"""
LINGUA_WORK = """
for codes, text in ((LATIN_LANGUAGES, 'hei jeg trenger hjelp'), (SHARED_SCRIPT_LANGUAGES, 'привіт'),
                    (SHARED_SCRIPT_LANGUAGES, 'مرحبا')):
    build(codes, {low}).compute_language_confidence_values(text)
"""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result: dict[str, object] = router_rss(Path(tmp))
    result["bare_aiohttp_mb"] = bare_aiohttp_rss()
    # Each measured figure as a ratio to the bare process: the key run_all.py and the README read, its figure.
    over_bare = {
        "router_over_bare_after_start": "router_after_start_mb",
        "router_peak_over_bare": "router_peak_since_start_mb",
        "router_over_bare_after_a_queue_notice_in_every_language": "router_after_a_queue_notice_in_every_language_mb",
        "router_over_bare_after_detecting": "router_after_detecting_every_script_mb",
        f"router_over_bare_with_{OPEN_CHATS}_chats_open": f"router_with_{OPEN_CHATS}_chats_open_mb",
        "router_over_bare_after_first_login": "router_after_first_login_mb",
        "router_over_bare_highest_under_chat_load": "router_highest_under_chat_load_mb",
        "router_over_bare_after_chat_load": "router_after_chat_load_mb",
    }
    for ratio, measured in over_bare.items():
        result[ratio] = round(result[measured] / result["bare_aiohttp_mb"], 1)  # type: ignore[operator]
    result["pieces_mb"] = {
        "default detector, warmed (create_default_detector().warm_up())": piece(
            "from router.adapters.language_detector import create_default_detector",
            "create_default_detector().warm_up()"),
        "the lingua library in memory (not used by the router), high accuracy, 13 Latin + 5 shared-script "
        "languages": piece(LINGUA_SETUP, LINGUA_WORK.format(low=False)),
        "the lingua library in memory, low accuracy (trigrams only), same languages": piece(LINGUA_SETUP, LINGUA_WORK.format(low=True)),
        "import argostranslate (Stanza and torch deferred)": piece(
            "from router.adapters.translator import _Argos", "_Argos()"),
        "import stanza (torch), loaded only for a package with a stanza/ splitter": piece(
            "from router.adapters.translator import _Argos; _Argos()", "import stanza; stanza.Pipeline"),
    }
    write_result("memory", result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
