"""The veileder is told when the bruker's page is gone (every socket closed, none back within the grace period),
and when it is back; a reload, a page on another router or a bot chat says nothing."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from router.adapters.language_layer import NorwegianOnlyLanguage
from router.app import Overrides, create_app
from router.config import Settings
from router.services import bruker_presence
from router.web import ws as ws_module
from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation
from tests.fakes import FakeBot
from tests.integration.web.test_who_ended_and_left import taken_conversation

GRACE_S = 0.3


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, bruker_gone_after_s=GRACE_S)


@pytest.fixture(autouse=True)
def quick_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ws_module, "PRESENCE_PROBE_WAIT_S", 0.1, raising=False)


async def bruker_socket(client: TestClient, conversation_id: str, auth: dict[str, str]) -> Any:
    socket = await client.ws_connect(f"/api/conversations/{conversation_id}/ws")
    await socket.send_json({"type": "auth", "token": auth["Authorization"].removeprefix("Bearer ")})
    assert (await socket.receive_json(timeout=5))["type"] == "ready"
    return socket


async def staff_socket(client: TestClient) -> Any:
    socket = await client.ws_connect("/api/staff/ws")
    assert (await socket.receive_json(timeout=5))["type"] == "ready"
    return socket


async def presence_frames(socket: Any, wait_s: float) -> list[dict[str, Any]]:
    frames = []
    with contextlib.suppress(TimeoutError):
        while True:
            frame = await socket.receive_json(timeout=wait_s)
            if frame.get("type") == "bruker_presence":
                frames.append(frame)
    return frames


async def presence_history(client: TestClient, conversation_id: str) -> list[str]:
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    return [e["text"] for e in detail["events"] if e["kind"] in (bruker_presence.LEFT, bruker_presence.BACK)]


async def test_a_closed_tab_is_told_to_the_veileder_and_so_is_the_return(client: TestClient) -> None:
    """A user probe: the veileder was never told that the bruker's page was gone, and kept writing to nobody."""
    conversation_id, auth, _ = await taken_conversation(client)
    page = await bruker_socket(client, conversation_id, auth)
    console = await staff_socket(client)
    await page.close()
    [gone] = await presence_frames(console, GRACE_S + 1.0)
    assert (gone["conversation_id"], gone["present"]) == (conversation_id, False)
    assert gone["event"]["text"] == "Brukeren har lukket chatten eller mistet forbindelsen"
    assert await presence_history(client, conversation_id) == ["Brukeren har lukket chatten eller mistet forbindelsen"]

    page = await bruker_socket(client, conversation_id, auth)
    [back] = await presence_frames(console, 0.5)
    assert (back["present"], back["event"]["text"]) == (True, "Brukeren er tilbake i chatten")
    await page.close()
    await console.close()
    await asyncio.sleep(GRACE_S + 0.5)  # gone again: said again
    assert await presence_history(client, conversation_id) == [
        "Brukeren har lukket chatten eller mistet forbindelsen", "Brukeren er tilbake i chatten",
        "Brukeren har lukket chatten eller mistet forbindelsen"]


async def test_a_reload_within_the_grace_period_says_nothing(client: TestClient) -> None:
    conversation_id, auth, _ = await taken_conversation(client)
    page = await bruker_socket(client, conversation_id, auth)
    await page.close()
    await asyncio.sleep(GRACE_S / 3)
    page = await bruker_socket(client, conversation_id, auth)
    await asyncio.sleep(GRACE_S + 0.4)
    assert await presence_history(client, conversation_id) == []
    await page.close()


async def test_a_page_open_on_another_router_says_nothing(client: TestClient) -> None:
    """The reload reached another router, before or after this one's page closed: it answers the probe, or its
    opening is heard, through the event bus."""
    conversation_id, auth, _ = await taken_conversation(client)
    deps = client.app[DEPS]
    other = ws_module.WsHub(deps)  # a second router's hub on the same bus
    other_runs = asyncio.create_task(other.run())
    other._users[conversation_id] = {object()}  # type: ignore[assignment]  # a page open there
    try:
        await asyncio.sleep(0)
        page = await bruker_socket(client, conversation_id, auth)
        await page.close()
        await asyncio.sleep(GRACE_S + 0.4)
        assert await presence_history(client, conversation_id) == []
    finally:
        other_runs.cancel()


async def test_nothing_is_said_about_a_bruker_the_bot_has(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client)
    page = await bruker_socket(client, conversation_id, auth)
    await page.close()
    await asyncio.sleep(GRACE_S + 0.4)
    async with client.app[DEPS].uow() as uow:
        kinds = [record.kind for record in await uow.history.list(conversation_id)]
    assert bruker_presence.LEFT not in kinds


async def test_a_rasa_widget_closed_with_a_veileder_is_told_too(client: TestClient) -> None:
    """The bruker of a Rasa widget on another site (socket.io) leaves the same way."""
    from tests.conftest import login
    from tests.integration.web.test_rasa_socketio import connect, next_event

    sio, received = await connect(client)
    await sio.emit("session_request", {"customData": {"kommune": "Asker"}})
    session_id = await next_event(received, "session_confirm")
    await sio.emit("user_uttered", {"message": "/human_handoff", "session_id": session_id})
    await next_event(received, "bot_uttered", text="kø")
    csrf = await login(client, "veileder1")
    [waiting] = (await (await client.get("/api/staff/queue")).json())["conversations"]
    assert (await client.post(f"/api/staff/conversations/{waiting['id']}/take", headers=csrf)).status == 200
    await asyncio.sleep(GRACE_S + 0.4)
    assert await presence_history(client, waiting["id"]) == [], "the widget is still open"
    await sio.disconnect()
    await asyncio.sleep(GRACE_S + 0.4)
    assert await presence_history(client, waiting["id"]) == ["Brukeren har lukket chatten eller mistet forbindelsen"]


async def test_a_tab_closed_soon_after_a_reload_is_told_too(client: TestClient) -> None:
    """The grace period counts from the last close: a reload, then the tab closed, is a bruker who has gone."""
    conversation_id, auth, _ = await taken_conversation(client)
    page = await bruker_socket(client, conversation_id, auth)
    await page.close()
    await asyncio.sleep(GRACE_S / 3)
    page = await bruker_socket(client, conversation_id, auth)  # the reload
    await asyncio.sleep(GRACE_S / 3)
    await page.close()  # and the tab closed
    await asyncio.sleep(GRACE_S + 0.5)
    assert await presence_history(client, conversation_id) == ["Brukeren har lukket chatten eller mistet forbindelsen"]


async def test_a_chat_taken_while_no_page_of_the_bruker_is_open_is_told_too(client: TestClient) -> None:
    """A probe: the bruker closed the tab while waiting (on a Saturday, told "Monday 09:00"); on Monday the
    veileder took the chat and was never told that nobody was there. Now it is recorded while the chat waits (the
    queue's card says so), and the veileder who takes it anyway reads it in the chat's history."""
    conversation_id, auth = await open_conversation(client)
    page = await bruker_socket(client, conversation_id, auth)
    assert (await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)).status == 200
    await page.close()  # gone while waiting
    await asyncio.sleep(GRACE_S + 0.3)
    csrf = await login(client, "veileder1")
    assert await presence_history(client, conversation_id) == ["Brukeren har lukket chatten eller mistet forbindelsen"]
    console = await staff_socket(client)
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    assert await presence_frames(console, GRACE_S + 0.5) == [], "said once, when it happened"
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert detail["conversation"]["bruker_gone"] is True
    assert await presence_history(client, conversation_id) == ["Brukeren har lukket chatten eller mistet forbindelsen"]
    page = await bruker_socket(client, conversation_id, auth)  # back after all
    assert [f["present"] for f in await presence_frames(console, 0.5)] == [True]
    await page.close()
    await console.close()


async def waiting_with_a_page(client: TestClient) -> tuple[str, dict[str, str], Any]:
    conversation_id, auth = await open_conversation(client)
    page = await bruker_socket(client, conversation_id, auth)
    assert (await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)).status == 200
    return conversation_id, auth, page


async def test_a_bruker_who_left_while_waiting_is_not_given_to_the_veileder_who_comes_online(
        client: TestClient) -> None:
    """Probe 71, defect 4: brukere closed their tabs while queued; minutes later veileder1 set "Tilgjengelig" and
    was given their dead chats, untagged, while live brukere waited. Now the queue's card says the bruker has gone
    (live, to every console that shows the queue), the live bruker is given out first, the dead chat to nobody,
    and when its bruker comes back it is given out at once."""
    csrf = await login(client, "veileder1")
    console = await staff_socket(client)
    dead, dead_auth, dead_page = await waiting_with_a_page(client)
    await dead_page.close()
    gone = [f for f in await presence_frames(console, GRACE_S + 1.0) if f["conversation_id"] == dead]
    assert [f["present"] for f in gone] == [False], "the queue's card is told at once"
    live, _, live_page = await waiting_with_a_page(client)
    queue = (await (await client.get("/api/staff/queue")).json())["conversations"]
    assert [(c["id"], c["bruker_gone"]) for c in queue] == [(live, False), (dead, True)], "the live bruker first"

    assert (await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)).status == 200
    mine = (await (await client.get("/api/staff/conversations/mine")).json())["conversations"]
    assert [c["id"] for c in mine] == [live], "a place left free rather than given to nobody"
    queue = (await (await client.get("/api/staff/queue")).json())["conversations"]
    assert [c["id"] for c in queue] == [dead], "kept, with its place"

    dead_page = await bruker_socket(client, dead, dead_auth)  # the bruker comes back
    await asyncio.sleep(0.3)
    mine = (await (await client.get("/api/staff/conversations/mine")).json())["conversations"]
    assert sorted(c["id"] for c in mine) == sorted([live, dead])
    assert [c["bruker_gone"] for c in mine] == [False, False]
    await dead_page.close()
    await live_page.close()
    await console.close()


async def restarted_router(aiohttp_client: Callable[..., Any], settings: Settings, old: TestClient) -> TestClient:
    """The router stopped (a crash or a deploy: its pages gone, none of its checks run) and started again on the
    same database."""
    await old.close()
    app = create_app(settings, Overrides(bot=FakeBot(), clock=old.app[DEPS].clock, language=NorwegianOnlyLanguage()))
    return await aiohttp_client(app)


async def left_in_history(client: TestClient, conversation_id: str) -> list[str]:
    async with client.app[DEPS].uow() as uow:
        return [record.kind for record in await uow.history.list(conversation_id)
                if record.kind in (bruker_presence.LEFT, bruker_presence.BACK)]


async def test_a_bruker_who_left_while_the_router_was_down_is_told(
        client: TestClient, aiohttp_client: Callable[..., Any], settings: Settings) -> None:
    """A router that died during a bruker's grace period told nobody; nor did the one that started after it."""
    conversation_id, auth, _ = await taken_conversation(client)
    await bruker_socket(client, conversation_id, auth)  # open when the router goes down, and never back
    restarted = await restarted_router(aiohttp_client, settings, client)
    await asyncio.sleep(GRACE_S + 0.5)
    assert await left_in_history(restarted, conversation_id) == [bruker_presence.LEFT]


async def test_a_page_that_reconnects_after_a_restart_says_nothing(
        client: TestClient, aiohttp_client: Callable[..., Any], settings: Settings) -> None:
    conversation_id, auth, _ = await taken_conversation(client)
    await bruker_socket(client, conversation_id, auth)
    restarted = await restarted_router(aiohttp_client, settings, client)
    page = await bruker_socket(restarted, conversation_id, auth)  # the widget reconnects
    await asyncio.sleep(GRACE_S + 0.5)
    assert await left_in_history(restarted, conversation_id) == []
    await page.close()


async def poll(client: TestClient, conversation_id: str, auth: dict[str, str], times: int) -> None:
    """The widget with its socket down: it reads the chat every few seconds (here every GRACE_S / 3)."""
    for _ in range(times):
        assert (await client.get(f"/api/conversations/{conversation_id}/messages?after=0", headers=auth)).status == 200
        await asyncio.sleep(GRACE_S / 3)


async def test_a_bruker_whose_widget_polls_is_not_gone_and_one_who_stops_polling_is(client: TestClient) -> None:
    """A probe found it: a bruker whose socket fell back to polling (a proxy without WebSocket) and who wrote
    nothing was recorded as gone while waiting, a poll never said "here". Each poll is a page opened and closed."""
    conversation_id, auth, page = await waiting_with_a_page(client)
    await page.close()  # the socket drops; the widget polls from now on
    await poll(client, conversation_id, auth, times=9)  # three grace periods
    assert await left_in_history(client, conversation_id) == []
    await asyncio.sleep(GRACE_S + 0.4)  # the tab closed: no more polls
    assert await left_in_history(client, conversation_id) == [bruker_presence.LEFT]


async def test_a_gone_bruker_whose_widget_polls_again_is_back(client: TestClient) -> None:
    conversation_id, auth, page = await waiting_with_a_page(client)
    await page.close()
    await asyncio.sleep(GRACE_S + 0.4)
    assert await left_in_history(client, conversation_id) == [bruker_presence.LEFT]
    await poll(client, conversation_id, auth, times=4)
    assert await left_in_history(client, conversation_id) == [bruker_presence.LEFT, bruker_presence.BACK]


async def test_the_kontaktsenters_totals_say_how_many_waiting_have_left_and_the_longest_wait_of_those_there(
        client: TestClient, clock: Any) -> None:
    """Probe 158: "7 venter på veileder nå" and "lengste ventetid nå 9 min 44 s" were six closed tabs and one bruker
    waiting. Those gone are still counted (they may come back), and said apart; the longest wait is of those there."""
    dead, _, dead_page = await waiting_with_a_page(client)
    clock.advance(minutes=9)
    live, _, live_page = await waiting_with_a_page(client)
    clock.advance(minutes=1)
    await dead_page.close()
    await asyncio.sleep(GRACE_S + 0.5)
    await login(client, "nks1")
    totals = (await (await client.get("/api/staff/overview")).json())["totals"]
    assert (totals["waiting"], totals["waiting_gone"]) == (2, 1)
    assert (totals["oldest_wait_s"], totals["oldest_present_wait_s"]) == (600, 60)
    await live_page.close()
    assert dead != live
