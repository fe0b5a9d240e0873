"""The scaled profile as `make up-scaled` starts it (scripts/run_scaled.py): two routers and two Rasa processes with
the trained model (one action server each) on PostgreSQL and Redis, behind HAProxy. Everything goes through
HAProxy: a bruker talks to the real bot with messages landing on both routers, asks for a veileder, the staff user
the launcher created logs in to the console API, takes the conversation and answers, and the bruker reads the answer
on the WebSocket; a Rasa process killed mid-way hands its conversations to the other. The stored transcript holds
every message once, and Rasa's shared tracker every bot turn once."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import uuid
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from router.texts import fixed_text
from tests.e2e.conftest import MANY_BRUKERE_FROM_ONE_ADDRESS
from tests.e2e.test_full_path import Bruker, is_message, is_state
from tests.integration.scaled.conftest import _ensure_services
from tests.integration.web.test_login_flow import OLA
from tests.launcher import NotStarted, start_scaled, stop
from tests.oidc_provider import log_in_at_the_provider
from tests.postgres import pg_admin

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
LOCK_DB = 6
BOT_TEXTS = ["hei", "hvordan søker jeg om sosialhjelp?", "hva er meldekort?", "takk"]
HANDOFF_TEXT = "jeg vil snakke med en veileder"
BUSY_NB = fixed_text("bot_busy", "nb")  # "the bot is busy, your message is saved": not the answer
VEILEDER_TEXT = "Hei, dette er NAV Kontaktsenter. Hva gjelder det?"


@dataclass(frozen=True)
class Scaled:
    url: str
    router_ports: list[int]
    rasa_ports: list[int]
    data_dir: Path
    router_db: str
    rasa_db: str
    staff: tuple[str, str]


@pytest.fixture(scope="module")
def scaled(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scaled]:
    _ensure_services()
    data_dir = tmp_path_factory.mktemp("scaled")
    suffix = uuid.uuid4().hex[:10]
    router_db, rasa_db = f"navchat_e2e_{suffix}", f"navchat_rasa_e2e_{suffix}"
    try:
        # Many brukere from 127.0.0.1, as every e2e stack: since 2fafe40 the two routers count the limits together
        # in Redis, and the dead-Rasa test's 20-odd new chats a minute met the 429 (fresh-clone CI, 6 December).
        launched = start_scaled(data_dir, routers=2, rasa=2, router_db=router_db, rasa_db=rasa_db, lock_db=LOCK_DB,
                                env={"NAVCHAT_LOG_LEVEL": "INFO", **MANY_BRUKERE_FROM_ONE_ADDRESS})
    except NotStarted as error:
        pytest.fail(str(error))
    try:
        assert launched.staff, "the first start creates a staff user and prints its password"
        assert (data_dir / "secrets.env").stat().st_mode & 0o777 == 0o600
        yield Scaled(launched.url, list(launched.router_ports), list(launched.rasa_ports), data_dir, router_db,
                     rasa_db, launched.staff)
        assert stop(launched) == 0, "run_scaled.py stops every process on Ctrl-C"
    finally:
        stop(launched, timeout_s=5)
        for database in (router_db, rasa_db):
            asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


def answers(sent: dict[str, Any]):  # type: ignore[no-untyped-def]
    """A bot message answering ``sent`` (tied to it by reply_to)."""
    return lambda f: is_message("bot")(f) and f["message"].get("reply_to", sent["seq"]) == sent["seq"]


def _served(scaled: Scaled, router: int, path: str) -> int:
    log = (scaled.data_dir / "log" / f"router-{router}.log").read_text(errors="replace")
    return log.count(f'"POST {path} HTTP')


async def test_bruker_bot_veileder_through_haproxy(scaled: Scaled) -> None:
    started = time.monotonic()
    async with aiohttp.ClientSession() as http, \
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        bruker = Bruker(http, scaled.url)
        await bruker.open(kommune="Asker", page_locale="nb-NO")
        received: list[dict[str, Any]] = []
        for text in BOT_TEXTS:
            # By POST, as the widget sends without a socket: HAProxy spreads the requests over both routers (over the
            # socket every message would go to the router holding it; the handoff below goes that way).
            sent = await bruker.say(text, by_post=True)
            answer = await bruker.next_frame(answers(sent))
            assert "svarer ikke" not in answer["message"]["text"], f"a real bot answer to {text!r}: {answer}"
            received += [sent, answer["message"]]

        path = f"/api/conversations/{bruker.id}/messages"
        served = [_served(scaled, router, path) for router in (1, 2)]
        assert all(served) and sum(served) == len(BOT_TEXTS), f"both routers took the bruker's messages: {served}"

        await bruker.say(HANDOFF_TEXT)
        await bruker.next_frame(is_state("QUEUED"))

        username, password = scaled.staff
        async with console.post(f"{scaled.url}/api/staff/login",
                                json={"username": username, "password": password}) as response:
            assert response.status == 200, await response.text()
            csrf = {"X-CSRF-Token": (await response.json())["csrf_token"]}
        async with console.post(f"{scaled.url}/api/staff/presence", json={"presence": "online"},
                                headers=csrf) as response:
            assert response.status == 200, await response.text()
        base = f"{scaled.url}/api/staff/conversations/{bruker.id}"
        async with console.get(base) as response:
            conversation = (await response.json())["conversation"]
        if conversation["state"] == "QUEUED":
            async with console.post(f"{base}/take", headers=csrf) as response:
                assert response.status == 200, await response.text()
        else:
            # Waiting in a kontaktsenter queue, it came to the operator of 4100 as they went online.
            assert (conversation["state"], conversation["enhetsnummer"][:4]) == ("ASSIGNED", "NKS-"), conversation
        async with console.post(f"{base}/messages", json={"text": VEILEDER_TEXT}, headers=csrf) as response:
            assert response.status == 201, await response.text()
        reply = await bruker.next_frame(is_message("veileder"))
        assert reply["message"]["text"] == VEILEDER_TEXT

        async with http.get(f"{scaled.url}{path}", headers=bruker.auth) as response:
            stored = (await response.json())["messages"]
        seqs = [m["seq"] for m in stored]
        assert len(seqs) == len(set(seqs)), "every message stored once"
        assert {m["seq"] for m in received} <= set(seqs), "every message the bruker sent or read is stored"
        user_texts = [m["text"] for m in stored if m["sender"] == "user"]
        assert user_texts == [*BOT_TEXTS, HANDOFF_TEXT], "each bruker message once, in order"
        assert [m["text"] for m in stored if m["sender"] == "veileder"] == [VEILEDER_TEXT]
        assert sum(m["sender"] == "bot" for m in stored) >= len(BOT_TEXTS)
        position = {m["seq"]: n for n, m in enumerate(stored)}
        for message in stored:
            if message["sender"] == "bot" and message.get("reply_to") is not None:
                assert position[message["reply_to"]] < position[message["seq"]], "an answer after its question"
        await bruker.close()

    tracker = await pg_admin("SELECT data FROM events WHERE sender_id = $1 AND type_name = 'user'", bruker.id,
                           database=scaled.rasa_db)
    said = Counter(json.loads(row["data"])["text"] for row in tracker)
    assert all(said[text] == 1 for text in BOT_TEXTS), f"each bot turn once in Rasa's shared tracker: {said}"
    print(f"\n[scaled] bruker, bot, both routers, veileder through HAProxy: {time.monotonic() - started:.1f} s")


async def test_chat_sockets_from_one_address_reach_both_routers(scaled: Scaled) -> None:
    """Brukere behind one address (a NAT, a proxy, here 127.0.0.1): their chat sockets are balanced over the routers
    like their requests, not all held by one router; each socket works on the router it reached."""
    async with aiohttp.ClientSession() as http:
        opened = []
        for _ in range(4):  # the conversations first, then the sockets: round robin alternates over the sockets
            async with http.post(f"{scaled.url}/api/conversations", json={"kommune": "Asker"}) as response:
                opened.append(await response.json())
        sockets = []
        for conversation in opened:
            ws = await http.ws_connect(f"{scaled.url}/api/conversations/{conversation['id']}/ws")
            await ws.send_json({"type": "auth", "token": conversation["token"]})
            assert (await ws.receive_json(timeout=10))["type"] == "ready"
            sockets.append(ws)
        for ws in sockets:
            await ws.close()
    deadline = time.monotonic() + 5  # a socket's access line is written as its handler ends, after the close
    while True:
        logs = [(scaled.data_dir / "log" / f"router-{n}.log").read_text(errors="replace") for n in (1, 2)]
        held = [sum(f"GET /api/conversations/{c['id']}/ws HTTP" in log for c in opened) for log in logs]
        if sum(held) == len(opened) or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    assert all(held) and sum(held) == len(opened), f"chat sockets per router: {held}"


async def test_login_through_haproxy(scaled: Scaled) -> None:
    """The login started on one router and the provider's callback on whichever router HAProxy picks: the login
    is in the database, so the conversation is tied to the person either way."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser:
        bruker = Bruker(browser, scaled.url)
        await bruker.open(kommune="Asker")
        async with browser.post(f"{scaled.url}/api/conversations/{bruker.id}/login", headers=bruker.auth) as started:
            assert started.status == 200, await started.text()
            url = (await started.json())["url"]
        landed = await log_in_at_the_provider(browser, url, OLA)
        assert landed.status == 200 and landed.url.query.get("login") == "ok", landed.url
        async with browser.get(f"{scaled.url}/api/conversations/{bruker.id}/messages", headers=bruker.auth) as response:
            assert (await response.json())["conversation"]["logged_in"] is True
        await bruker.close()


async def test_a_dead_rasa_hands_its_conversations_to_the_other(scaled: Scaled) -> None:
    """Each conversation has its own Rasa (a stable hash of its id); when that one is gone the turn goes to the
    other, which shares the tracker (PostgreSQL) and the locks (Redis). The launcher starts the dead one again.
    Turns on the first Rasa before the kill leave the routers kept-alive connections to it, which break after."""
    async with aiohttp.ClientSession() as http:

        async def on_first_rasa() -> Bruker:
            for _ in range(20):
                bruker = Bruker(http, scaled.url)
                await bruker.open(kommune="Asker")
                if zlib.crc32(bruker.id.encode()) % 2 == 0:  # its own Rasa is the first
                    return bruker
                await bruker.close()
            pytest.fail("no conversation hashed to the first Rasa in 20 tries")

        for _ in range(4):  # through HAProxy's round robin: both routers talk to the first Rasa
            before = await on_first_rasa()
            # The answer to this message, not the greeting: stored when the conversation opened on one router, it
            # can reach a socket on the other over Redis after the socket connected.
            await before.next_frame(answers(await before.say("hei")))
            await before.close()
        bruker = await on_first_rasa()
        pid = int((scaled.data_dir / "log" / "rasa-1.pid").read_text())
        os.killpg(pid, signal.SIGKILL)  # and at once the next turn: before the routers saw their connections close
        sent = await bruker.say("hvordan søker jeg om sosialhjelp?")
        # The bot's answer to it, or the router's notice that the bot is not answering (a system message): either
        # ends the wait, so a failed failover shows as what the bruker read, not as a timeout.
        answer = await bruker.next_frame(
            lambda f: f["type"] == "message" and f["message"]["sender"] in ("bot", "system")
            and f["message"].get("reply_to") == sent["seq"] and f["message"]["text"] != BUSY_NB)
        assert answer["message"]["sender"] == "bot", (answer, _log_lines(scaled, bruker.id))
        await bruker.close()
    router_logs = "".join((scaled.data_dir / "log" / f"router-{n}.log").read_text(errors="replace") for n in (1, 2))
    assert f"rasa.failover from=http://127.0.0.1:{scaled.rasa_ports[0]}" in router_logs
    import redis

    leftover = redis.Redis(host="127.0.0.1", port=6379, db=LOCK_DB).keys("navchat*")
    assert leftover == [], f"no Rasa lock left behind: {leftover}"


def _log_lines(scaled: Scaled, conversation_id: str) -> list[str]:
    """What every process logged about one conversation, and the routers' Rasa lines: why a turn failed."""
    return [f"{path.name}: {line}" for path in sorted((scaled.data_dir / "log").glob("*.log"))
            for line in path.read_text(errors="replace").splitlines()
            if conversation_id in line or "rasa." in line and path.name.startswith("router")]
