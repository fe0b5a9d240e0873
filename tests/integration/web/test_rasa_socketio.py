"""The Rasa-compatible socket.io endpoint, driven by python-socketio's own client as a Rasa widget would."""

from __future__ import annotations

import asyncio
from typing import Any

import socketio
from aiohttp.test_utils import TestClient

from router.web.appkeys import DEPS
from tests.conftest import login, settle


async def connect(client: TestClient) -> tuple[socketio.AsyncClient, asyncio.Queue[tuple[str, Any]]]:
    sio = socketio.AsyncClient(reconnection=False)
    received: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
    sio.on("session_confirm", lambda data: received.put_nowait(("session_confirm", data)))
    sio.on("bot_uttered", lambda data: received.put_nowait(("bot_uttered", data)))
    await sio.connect(str(client.make_url("/")), socketio_path="socket.io", transports=["websocket"])
    return sio, received


async def next_event(received: asyncio.Queue[tuple[str, Any]], name: str, sender: str | None = None) -> Any:
    while True:
        event, data = await asyncio.wait_for(received.get(), 10)
        if event == name and (sender is None or data.get("sender") == sender):
            return data


async def test_session_handshake_and_bot_answer(client: TestClient) -> None:
    sio, received = await connect(client)
    session_id = "a1b2c3d4e5f6a7b8c9d0"
    await sio.emit("session_request", {"session_id": session_id})
    assert await next_event(received, "session_confirm") == session_id
    await sio.emit("user_uttered", {"message": "hei", "session_id": session_id})
    greeting = await next_event(received, "bot_uttered")
    assert greeting["text"].startswith("Hei! Jeg er NAVs chatrobot")
    answer = await next_event(received, "bot_uttered")
    assert answer["text"] == "Bot: hei"
    assert answer["quick_replies"][0]["payload"] == "/human_handoff"
    await sio.disconnect()


async def test_handoff_and_veileder_reply_reach_the_widget(client: TestClient) -> None:
    sio, received = await connect(client)
    await sio.emit("session_request", {"customData": {"kommune": "Asker"}})
    session_id = await next_event(received, "session_confirm")
    await sio.emit("user_uttered", {"message": "/human_handoff", "session_id": session_id})
    notice = await next_event(received, "bot_uttered", sender="system")
    assert notice["sender"] == "system" and "kø" in notice["text"]
    await settle(client)

    csrf = await login(client, "veileder1")
    queue = (await (await client.get("/api/staff/queue")).json())["conversations"]
    assert len(queue) == 1 and queue[0]["channel"] == "socketio"
    await client.post(f"/api/staff/conversations/{queue[0]['id']}/take", headers=csrf)
    await client.post(f"/api/staff/conversations/{queue[0]['id']}/messages", json={"text": "Hei fra NAV"},
                      headers=csrf)
    assert (await next_event(received, "bot_uttered", sender="veileder"))["text"] == "Hei fra NAV"
    await sio.disconnect()


async def test_reconnect_with_the_same_session_id_continues_the_conversation(client: TestClient) -> None:
    session_id = "persist-0123456789abcdef"
    first, received = await connect(client)
    await first.emit("session_request", {"session_id": session_id})
    await next_event(received, "session_confirm")
    await first.emit("user_uttered", {"message": "første", "session_id": session_id})
    assert (await next_event(received, "bot_uttered", sender="bot"))["text"].startswith("Hei!")
    assert (await next_event(received, "bot_uttered", sender="bot"))["text"] == "Bot: første"
    await first.disconnect()

    second, received = await connect(client)
    await second.emit("session_request", {"session_id": session_id})
    await next_event(received, "session_confirm")
    await second.emit("user_uttered", {"message": "andre", "session_id": session_id})
    assert (await next_event(received, "bot_uttered", sender="bot"))["text"] == "Bot: andre"
    await second.disconnect()
    async with client.app[DEPS].uow() as uow:
        continued = await uow.conversations.by_external_session(session_id)
    assert continued is not None and continued.state.value == "BOT", "the same conversation continued"
