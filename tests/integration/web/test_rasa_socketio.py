"""The Rasa-compatible socket.io endpoint, driven by python-socketio's own client as a Rasa widget would."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import aiohttp
import pytest
import socketio
from aiohttp.test_utils import TestClient

from router.app import Overrides, create_app
from router.config import Settings
from router.services import relay
from router.services.conversations import session_key
from router.texts import fixed_text
from router.web.appkeys import DEPS
from router.web.socketio_endpoint import SOCKET_IO
from tests.conftest import login, settle
from tests.fakes import FakeBot
from tests.socketio_widget import widget_socket


async def connect(client: TestClient) -> tuple[socketio.AsyncClient, asyncio.Queue[tuple[str, Any]]]:
    return await widget_socket(str(client.make_url("/")))


async def next_event(received: asyncio.Queue[tuple[str, Any]], name: str, text: str | None = None) -> Any:
    """The next ``name`` event (whose text contains ``text``, when given)."""
    while True:
        event, data = await asyncio.wait_for(received.get(), 10)
        if event == name and (text is None or text in data.get("text", "")):
            return data


async def no_more_bot_messages(received: asyncio.Queue[tuple[str, Any]]) -> None:
    """Nothing more to show within half a second: a message already shown is not sent twice."""
    with pytest.raises(asyncio.TimeoutError):
        event, data = await asyncio.wait_for(received.get(), 0.5)
        while event != "bot_uttered":
            event, data = await asyncio.wait_for(received.get(), 0.5)
        raise AssertionError(f"delivered twice: {data}")


async def test_session_handshake_and_bot_answer(client: TestClient) -> None:
    sio, received = await connect(client)
    # A widget's own (or stored) id without the session token is not reused: the server issues one.
    await sio.emit("session_request", {"session_id": "a1b2c3d4e5f6a7b8c9d0"})
    session_id = await next_event(received, "session_confirm")
    assert session_id != "a1b2c3d4e5f6a7b8c9d0" and len(session_id) >= 32
    assert (await next_event(received, "session_token"))["session_id"] == session_id
    await sio.emit("user_uttered", {"message": "hei", "session_id": session_id})
    greeting = await next_event(received, "bot_uttered")
    assert greeting["text"].startswith("Hei! Jeg er NAVs chatrobot")
    answer = await next_event(received, "bot_uttered")
    assert answer["text"] == "Bot: hei"
    assert answer["quick_replies"][0]["payload"] == "/human_handoff"
    assert set(answer) == {"text", "quick_replies"}, "exactly the keys Rasa 3.6's socket.io output sends"
    assert set(answer["quick_replies"][0]) == {"content_type", "title", "payload"}
    await sio.disconnect()


async def test_a_message_after_the_chat_ended_is_answered_as_a_bot_message_the_widget_shows(
        client: TestClient) -> None:
    sio, received = await connect(client)
    await sio.emit("session_request", {})
    session_id = await next_event(received, "session_confirm")
    token = (await next_event(received, "session_token"))["session_token"]
    await next_event(received, "bot_uttered")  # the greeting
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.by_external_session(session_key(session_id))
    assert conversation is not None
    closed = await client.post(f"/api/conversations/{conversation.id}/close",
                               headers={"Authorization": f"Bearer {token}"})
    assert closed.status == 200
    await sio.emit("user_uttered", {"message": "er det noen der?", "session_id": session_id})
    told = await next_event(received, "bot_uttered", fixed_text("widget_not_sent_closed_reload", "nb"))
    assert set(told) == {"text"} and "Last inn siden på nytt" in told["text"]
    await sio.disconnect()
    # What it promises holds: the page reloaded asks for the same session, and a new conversation opens.
    sio, received = await connect(client)
    await sio.emit("session_request", {"session_id": session_id})
    new_session = await next_event(received, "session_confirm")
    await next_event(received, "session_token")
    await next_event(received, "bot_uttered")  # the greeting of the new chat
    async with client.app[DEPS].uow() as uow:
        reopened = await uow.conversations.by_external_session(session_key(new_session))
    assert reopened is not None and reopened.id != conversation.id
    await sio.disconnect()


async def test_what_a_widget_cannot_show_as_an_error_it_gets_as_a_bot_message(client: TestClient) -> None:
    """rasa-webchat shows bot_uttered only: a too long message is answered in words; a phone number wrapped in
    bidi isolates and a Windows line end are taken (and masked), not refused."""
    sio, received = await connect(client)
    await sio.emit("session_request", {})
    session_id = await next_event(received, "session_confirm")
    await next_event(received, "session_token")
    await next_event(received, "bot_uttered")  # the greeting
    await sio.emit("user_uttered", {"message": "hjelp " * 400, "session_id": session_id})
    told = await next_event(received, "bot_uttered", fixed_text("too_long", "nb"))
    assert set(told) == {"text"}
    await sio.emit("user_uttered", {"message": "ring meg på \u202a+47 912 34 567\u202c\r\ntakk", "session_id": session_id})
    # Told once that the number was hidden (services/receive.py), then the bot's answer.
    assert (await next_event(received, "bot_uttered"))["text"] == fixed_text("contact_detail_hidden", "nb")
    assert (await next_event(received, "bot_uttered"))["text"] == "Bot: ring meg på [tel]\ntakk"
    await sio.disconnect()


async def test_a_widgets_start_payload_does_not_greet_twice(client: TestClient) -> None:
    sio, received = await connect(client)
    await sio.emit("session_request", {"session_id": None})
    session_id = await next_event(received, "session_confirm")
    assert (await next_event(received, "bot_uttered"))["text"].startswith("Hei!")
    await sio.emit("user_uttered", {"message": "/get_started", "session_id": session_id})  # rasa-webchat initPayload
    await sio.emit("user_uttered", {"message": "hei", "session_id": session_id})
    assert (await next_event(received, "bot_uttered")) == {
        "text": "Bot: hei", "quick_replies": [{"content_type": "text", "title": "Snakk med en veileder",
                                               "payload": "/human_handoff"}]}
    assert [text for _, text in client.app[DEPS].bot.received] == ["hei"], "the start payload never reached the bot"
    await sio.disconnect()


async def test_handoff_and_veileder_reply_reach_the_widget(client: TestClient) -> None:
    sio, received = await connect(client)
    await sio.emit("session_request", {"customData": {"kommune": "Asker"}})
    session_id = await next_event(received, "session_confirm")
    await sio.emit("user_uttered", {"message": "/human_handoff", "session_id": session_id})
    notice = await next_event(received, "bot_uttered", text="kø")
    assert set(notice) == {"text", "quick_replies"}, "exactly Rasa's keys"
    # The way back to the bot, as a payload a Rasa widget sends as a button (not as typed words).
    assert [q["payload"] for q in notice["quick_replies"]] == ["/back_to_bot"]
    await settle(client)

    csrf = await login(client, "veileder1")
    queue = (await (await client.get("/api/staff/queue")).json())["conversations"]
    assert len(queue) == 1 and queue[0]["channel"] == "socketio"
    await client.post(f"/api/staff/conversations/{queue[0]['id']}/take", headers=csrf)
    await client.post(f"/api/staff/conversations/{queue[0]['id']}/messages", json={"text": "Hei fra NAV"},
                      headers=csrf)
    assert (await next_event(received, "bot_uttered", text="Hei fra NAV")) == {"text": "Hei fra NAV"}
    await sio.disconnect()


async def test_reconnect_with_the_session_token_continues_the_conversation(client: TestClient) -> None:
    first, received = await connect(client)
    await first.emit("session_request", {"session_id": None})
    session_id = await next_event(received, "session_confirm")
    proof = await next_event(received, "session_token")
    assert proof["session_id"] == session_id and proof["session_token"]
    await first.emit("user_uttered", {"message": "første", "session_id": session_id})
    assert (await next_event(received, "bot_uttered"))["text"].startswith("Hei!")
    assert (await next_event(received, "bot_uttered", text="Bot:"))["text"] == "Bot: første"
    await first.disconnect()

    second, received = await connect(client)
    await second.emit("session_request", {"session_id": session_id, "session_token": proof["session_token"]})
    assert await next_event(received, "session_confirm") == session_id
    renewed = await next_event(received, "session_token")
    assert renewed["session_token"] != proof["session_token"], "a reconnect gets a new token"
    await second.emit("user_uttered", {"message": "andre", "session_id": session_id})
    assert (await next_event(received, "bot_uttered", text="Bot:"))["text"] == "Bot: andre"
    await second.disconnect()
    async with client.app[DEPS].uow() as uow:
        continued = await uow.conversations.by_external_session(session_key(session_id))
    assert continued is not None and continued.state.value == "BOT", "the same conversation continued"

    # The old token no longer opens it.
    third, received = await connect(client)
    await third.emit("session_request", {"session_id": session_id, "session_token": proof["session_token"]})
    assert await next_event(received, "session_confirm") != session_id
    await third.disconnect()


async def test_a_guessed_or_stale_claim_gets_a_new_conversation(client: TestClient) -> None:
    """An id the server never issued (a guess, a widget's own), or the right id with a token that is not the
    conversation's, opens a new conversation: the owner's messages are never shown to it."""
    owner, received = await connect(client)
    await owner.emit("session_request", {})
    session_id = await next_event(received, "session_confirm")
    await next_event(received, "session_token")
    await owner.emit("user_uttered", {"message": "hemmelig", "session_id": session_id})
    await next_event(received, "bot_uttered")

    other, other_received = await connect(client)
    guessed = session_id[:-4] + ("AAAA" if not session_id.endswith("AAAA") else "BBBB")
    for attempt in ({"session_id": guessed}, {"session_id": session_id, "session_token": "wrong-token"},
                    {"session_id": session_id, "session_token": 12}):
        await other.emit("session_request", attempt)
        event, data = await asyncio.wait_for(other_received.get(), 10)
        while event not in ("session_confirm", "error"):
            event, data = await asyncio.wait_for(other_received.get(), 10)
        assert data != session_id
    # The new conversation's greeting only, never the owner's messages.
    await other.emit("user_uttered", {"message": "hei", "session_id": session_id})
    event, data = await asyncio.wait_for(other_received.get(), 10)
    while event != "error" and not (event == "bot_uttered" and data.get("text") == "Bot: hei"):
        assert "hemmelig" not in str(data)
        event, data = await asyncio.wait_for(other_received.get(), 10)
    assert event == "error" and "session_id" in data["error"], "a session_id that is not the socket's is refused"
    await owner.disconnect()
    await other.disconnect()


async def test_rasa_webchat_reconnecting_with_its_stored_id_stays_with_the_veileder(client: TestClient) -> None:
    """rasa-webchat 1.0.1 stores the session id and, after a network drop, sends ``session_request {session_id}``
    only (no token). Probe 107 s6: the bruker, handed to a veileder, got a new conversation with the bot after a
    5 s drop, her next message went to the bot and the veileder's never reached her. Now the session goes on: no
    new greeting, what the veileder wrote during the drop replayed, her message to the veileder, the veileder's
    next to her, and the veileder's console never told she left."""
    deps = client.app[DEPS]
    first, received = await connect(client)
    await first.emit("session_request", {"session_id": None, "customData": {"kommune": "Asker"}})
    session_id = await next_event(received, "session_confirm")
    await next_event(received, "bot_uttered")  # the greeting
    await first.emit("user_uttered", {"message": "/human_handoff", "session_id": session_id})
    await next_event(received, "bot_uttered", text="kø")
    await settle(client)
    csrf = await login(client, "veileder1")
    conversation_id = (await (await client.get("/api/staff/queue")).json())["conversations"][0]["id"]
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    await client.post(f"/api/staff/conversations/{conversation_id}/messages", json={"text": "S1 Hei, jeg heter Kari"},
                      headers=csrf)
    await next_event(received, "bot_uttered", text="S1")
    await first.disconnect()  # the drop
    await client.post(f"/api/staff/conversations/{conversation_id}/messages", json={"text": "S2 Er du der?"},
                      headers=csrf)
    await settle(client)

    second, received = await connect(client)  # back: the widget's socket.io client reconnects by itself
    await second.emit("session_request", {"session_id": session_id})
    assert await next_event(received, "session_confirm") == session_id, "the same session, not a new one"
    assert (await next_event(received, "bot_uttered")) == {"text": "S2 Er du der?"}, "what she missed, first"
    await second.emit("user_uttered", {"message": "U1 Ja, jeg er her.", "session_id": session_id})
    await settle(client)
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert [m["text"] for m in detail["messages"] if m["sender"] == "user"][-1] == "U1 Ja, jeg er her."
    assert detail["conversation"]["state"] == "ASSIGNED", detail.keys()
    assert [text for _, text in deps.bot.received] == [], "nothing reached the bot"
    await client.post(f"/api/staff/conversations/{conversation_id}/messages", json={"text": "S3 Fint"},
                      headers=csrf)
    assert (await next_event(received, "bot_uttered", text="S3")) == {"text": "S3 Fint"}
    async with deps.uow() as uow:
        assert len(await uow.conversations.queued()) == 0
        history = [record.kind for record in await uow.history.list(conversation_id)]
    assert "bruker_left" not in history
    await second.disconnect()


async def test_the_store_keeps_no_session_id_that_would_continue_a_chat(client: TestClient) -> None:
    """The session id alone continues a chat: the store keeps only its hash (as of a bearer token), and what it
    keeps opens nothing when sent as an id."""
    sio, received = await connect(client)
    await sio.emit("session_request", {})
    session_id = await next_event(received, "session_confirm")
    await next_event(received, "bot_uttered")  # the greeting
    async with client.app[DEPS].uow() as uow:
        assert await uow.conversations.by_external_session(session_id) is None
        stored = await uow.conversations.by_external_session(session_key(session_id))
    assert stored is not None and stored.external_session_id not in (None, session_id)
    other, other_received = await connect(client)
    await other.emit("session_request", {"session_id": stored.external_session_id})
    assert await next_event(other_received, "session_confirm") not in (session_id, stored.external_session_id)
    await sio.disconnect()
    await other.disconnect()


async def test_a_second_socket_of_the_same_session_does_not_lock_out_the_first(client: TestClient) -> None:
    """rasa-webchat's default storage is the browser's localStorage: two tabs share one session id. The second
    tab's reconnect gives the conversation a new token; the first tab still sends (it proves itself again)."""
    first, received = await connect(client)
    await first.emit("session_request", {})
    session_id = await next_event(received, "session_confirm")
    await next_event(received, "bot_uttered")  # the greeting
    second, second_received = await connect(client)
    await second.emit("session_request", {"session_id": session_id})
    assert await next_event(second_received, "session_confirm") == session_id
    await first.emit("user_uttered", {"message": "fra første fane", "session_id": session_id})
    assert (await next_event(received, "bot_uttered", text="Bot:"))["text"] == "Bot: fra første fane"
    await second.emit("user_uttered", {"message": "fra andre fane", "session_id": session_id})
    assert (await next_event(second_received, "bot_uttered", text="Bot: fra andre"))["text"] == "Bot: fra andre fane"
    await first.disconnect()
    await second.disconnect()


async def test_low_entropy_session_ids_are_never_looked_up(client: TestClient) -> None:
    from router.web.input_guard import session_id_is_unguessable

    for weak in ("a" * 40, "0123456789abcdef" * 3, "abcdefghijklmnopqrstuvwxyzABCDEF", "short-id-123"):
        assert not session_id_is_unguessable(weak), weak
    import secrets

    assert all(session_id_is_unguessable(secrets.token_urlsafe(32)) for _ in range(200))


async def test_malformed_events_get_an_error_event(client: TestClient) -> None:
    sio, received = await connect(client)
    await sio.emit("user_uttered", {"message": "før økten"})
    assert "session_request" in (await next_event(received, "error"))["error"]
    for bad in ("text", 12, ["a"], {"session_id": 5}, {"customData": "x"}, {"customData": {"k": "\ud800"}}):
        await sio.emit("session_request", bad)
        assert (await next_event(received, "error"))["event"] == "session_request"
    await sio.emit("session_request", {})
    session_id = await next_event(received, "session_confirm")
    # The widget's own start right after the greeting is taken silently (one greeting); every later event is checked.
    await sio.emit("user_uttered", {"session_id": session_id})
    for bad in (None, "hei", {"message": None}, {"message": 5}, {"message": "a\x01b"}, {"message": "\u200b \u200b"},
                {"message": "x\x00"}, {"message": "\ud800"}, {"message": "hei", "message_id": {"a": 1}},
                {"message": "hei", "session_id": "someone-else"}):
        await sio.emit("user_uttered", bad)
        error = await next_event(received, "error")
        assert error["event"] == "user_uttered" and error["error"], bad
    await sio.emit("no_such_event", {"a": 1})
    assert "unknown event" in (await next_event(received, "error"))["error"]
    await sio.emit("user_uttered", {"message": "fortsatt her", "session_id": session_id})
    assert (await next_event(received, "bot_uttered", text="Bot:"))["text"] == "Bot: fortsatt her"
    await sio.disconnect()


async def test_what_was_said_while_the_widget_was_away_is_delivered_when_it_comes_back(client: TestClient) -> None:
    first, received = await connect(client)
    await first.emit("session_request", {"session_id": None})
    session_id = await next_event(received, "session_confirm")
    proof = await next_event(received, "session_token")
    await first.emit("user_uttered", {"message": "hei", "session_id": session_id})
    assert (await next_event(received, "bot_uttered"))["text"].startswith("Hei!")  # the greeting
    assert (await next_event(received, "bot_uttered", text="Bot:"))["text"] == "Bot: hei"
    await first.disconnect()
    await asyncio.sleep(0.1)
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.by_external_session(session_key(session_id))
    assert conversation is not None
    await relay.post_system_message(client.app[DEPS], conversation.id, "back_to_bot")  # said while away
    await settle(client)

    second, received = await connect(client)
    await second.emit("session_request", {"session_id": session_id, "session_token": proof["session_token"]})
    assert await next_event(received, "session_confirm") == session_id
    replayed = await next_event(received, "bot_uttered")
    assert replayed == {"text": fixed_text("back_to_bot", None)}
    await no_more_bot_messages(received)
    await second.disconnect()


class DeafWidget:
    """A widget whose connection dies unnoticed (a phone changing networks): engine.io spoken by hand over a
    WebSocket. It answers pings while its session opens, then reads and answers nothing; the WebSocket stays open,
    so the server still writes to it without error."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws

    @classmethod
    async def open_session(cls, client: TestClient) -> tuple[DeafWidget, str, str]:
        ws = await client.session.ws_connect(client.make_url("/socket.io/?EIO=4&transport=websocket"))
        widget = cls(ws)
        assert (await widget._packet()).startswith("0{"), "engine.io open"
        await ws.send_str("40")
        assert (await widget._packet()).startswith("40"), "socket.io connect"
        await ws.send_str('42["session_request",{}]')
        events: dict[str, Any] = {}
        while "bot_uttered" not in events:  # session_confirm, session_token, the greeting
            name, data = json.loads((await widget._packet()).removeprefix("42"))
            events[name] = data
        with contextlib.suppress(asyncio.TimeoutError):  # alive a while: the greeting is proven received
            await asyncio.wait_for(widget._packet(), 3 * client.app[SOCKET_IO].server.eio.ping_interval)
        return widget, events["session_confirm"], events["session_token"]["session_token"]

    async def _packet(self) -> str:
        while True:
            text = (await asyncio.wait_for(self.ws.receive(), 10)).data
            if text == "2":  # engine.io ping: answered while alive
                await self.ws.send_str("3")
                continue
            return str(text)


async def post_while_away(client: TestClient, session_id: str) -> None:
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.by_external_session(session_key(session_id))
    assert conversation is not None
    await relay.post_system_message(client.app[DEPS], conversation.id, "back_to_bot")
    await settle(client)


async def reconnect_and_read_the_missed_message(client: TestClient, session_id: str, token: str) -> None:
    widget, received = await connect(client)
    await widget.emit("session_request", {"session_id": session_id, "session_token": token})
    assert await next_event(received, "session_confirm") == session_id
    assert await next_event(received, "bot_uttered") == {"text": fixed_text("back_to_bot", None)}
    with contextlib.suppress(TimeoutError):  # what is tested is done; a slow goodbye must not hang the test
        await asyncio.wait_for(widget.disconnect(), 10)


async def test_a_message_written_to_a_connection_that_died_unnoticed_is_replayed_on_reconnect(
        client: TestClient) -> None:
    engineio = client.app[SOCKET_IO].server.eio
    engineio.ping_interval, engineio.ping_timeout = 0.2, 60  # pinged often; not yet found dead during the test
    deaf, session_id, token = await DeafWidget.open_session(client)
    await post_while_away(client, session_id)  # written to the dead connection without error
    await asyncio.sleep(0.8)  # several pings go unanswered: time alone proves nothing

    await reconnect_and_read_the_missed_message(client, session_id, token)
    await deaf.ws.close()


async def test_what_a_connection_that_timed_out_never_proved_received_is_replayed(client: TestClient) -> None:
    # Once, in a full run on a loaded machine, this hung until pytest's timeout with no line of its own in the
    # traceback: bounded here, a hang fails with the line it waited on.
    await asyncio.wait_for(_timed_out_connection_replayed(client), 60)


async def _timed_out_connection_replayed(client: TestClient) -> None:
    engineio = client.app[SOCKET_IO].server.eio
    engineio.ping_interval, engineio.ping_timeout = 0.2, 0.3
    deaf, session_id, token = await DeafWidget.open_session(client)
    await post_while_away(client, session_id)
    for _ in range(50):  # the server finds the connection dead (ping timeout) and closes it
        await asyncio.sleep(0.1)
        if not any(True for _ in client.app[SOCKET_IO].server.manager.get_participants("/", session_id)):
            break
    else:
        raise AssertionError("the dead connection was never closed by the ping timeout")
    # The reconnecting widget is alive: on a loaded machine a 0.3 s ping timeout dropped it too, and its disconnect
    # then hung until pytest's timeout (seen once in a full run).
    engineio.ping_interval, engineio.ping_timeout = 25, 20

    await reconnect_and_read_the_missed_message(client, session_id, token)
    await deaf.ws.close()


async def test_what_a_live_connection_proved_received_by_a_pong_is_not_replayed(client: TestClient) -> None:
    """A second connection of the same session (a reconnect before the first one is closed): what the first one
    answered a later ping for is not sent again."""
    client.app[SOCKET_IO].server.eio.ping_interval = 0.2
    first, received = await connect(client)
    await first.emit("session_request", {})
    session_id = await next_event(received, "session_confirm")
    token = (await next_event(received, "session_token"))["session_token"]
    await next_event(received, "bot_uttered")  # the greeting
    await post_while_away(client, session_id)
    assert await next_event(received, "bot_uttered") == {"text": fixed_text("back_to_bot", None)}
    await asyncio.sleep(0.6)  # a ping sent after it is answered

    second, received_again = await connect(client)
    await second.emit("session_request", {"session_id": session_id, "session_token": token})
    assert await next_event(received_again, "session_confirm") == session_id
    await no_more_bot_messages(received_again)
    await first.disconnect()
    await second.disconnect()


def test_bot_uttered_is_what_rasas_own_socketio_channel_emits() -> None:
    """Rasa 3.6 SocketIOOutput: a text split at blank lines; the buttons on the last part, [] on the others."""
    from router.web.rasa_socketio import bot_uttered

    assert bot_uttered({"text": "Første.\n\nAndre.", "buttons": []}) == [{"text": "Første."}, {"text": "Andre."}]
    button = {"title": "Ja", "payload": "/affirm"}
    assert bot_uttered({"text": " Spørsmål?\n\nVelg: ", "buttons": [button]}) == [
        {"text": "Spørsmål?", "quick_replies": []},
        {"text": "Velg:", "quick_replies": [{"content_type": "text", "title": "Ja", "payload": "/affirm"}]},
    ]
    translated = {"text": "Hello", "machine_translated": True, "machine_translated_label": "machine translated"}
    assert bot_uttered(translated) == [{"text": "Hello\n(machine translated)"}]


@pytest.mark.parametrize("start", [{"message": "/get_started"}, {"message": "/greet"}, {"message": "/start"},
                                   {"message": '/get_started{"language": "nb"}'}, {"message": "/session_start"},
                                   {"message": None}, {"message": ""}, {}])
async def test_one_greeting_whatever_the_widgets_first_payload(client: TestClient, start: dict[str, Any]) -> None:
    sio, received = await connect(client)
    await sio.emit("session_request", {"session_id": None})
    session_id = await next_event(received, "session_confirm")
    assert (await next_event(received, "bot_uttered"))["text"].startswith("Hei!")
    await sio.emit("user_uttered", {**start, "session_id": session_id, "customData": {}})
    await sio.emit("user_uttered", {"message": "hei", "session_id": session_id})
    assert (await next_event(received, "bot_uttered"))["text"] == "Bot: hei", "no second greeting, no error"
    assert [text for _, text in client.app[DEPS].bot.received] == ["hei"], "the start never reached the bot"
    await sio.disconnect()


async def test_the_language_button_opens_the_picker_and_never_reaches_the_bot(client: TestClient) -> None:
    sio, received = await connect(client)
    await sio.emit("session_request", {})
    session_id = await next_event(received, "session_confirm")
    await next_event(received, "bot_uttered")  # the greeting
    # What a widget sends when the bruker clicks the router's "choose language" quick reply: its payload.
    await sio.emit("user_uttered", {"message": relay.LANGUAGE_PICKER, "session_id": session_id})
    picker = await next_event(received, "bot_uttered")
    assert set(picker) == {"text", "quick_replies"}
    choices = {reply["payload"]: reply["title"] for reply in picker["quick_replies"]}
    assert choices["router:language:nb"] == "Norsk bokmål" and choices["router:language:en"] == "English (engelsk)"
    await sio.emit("user_uttered", {"message": "router:language:en", "session_id": session_id})
    await sio.emit("user_uttered", {"message": "hello", "session_id": session_id})
    assert (await next_event(received, "bot_uttered", text="Bot:"))["text"] == "Bot: hello"
    assert [text for _, text in client.app[DEPS].bot.received] == ["hello"], "the picker is the router's own"
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.by_external_session(session_key(session_id))
        assert conversation is not None
        messages = await uow.messages.list(conversation.id)
    assert (conversation.language, conversation.language_source) == ("en", "explicit")
    assert [m.original_text for m in messages if m.sender == "user"] == ["hello"], "no picker text stored"
    await sio.emit("user_uttered", {"message": "router:language:xx", "session_id": session_id})
    assert "not supported" in (await next_event(received, "error"))["error"]
    await sio.disconnect()


async def test_without_login_the_login_button_stays_a_button_and_its_payload_never_reaches_the_bot(
        client: TestClient) -> None:
    sio, received = await connect(client)
    await sio.emit("session_request", {})
    session_id = await next_event(received, "session_confirm")
    await sio.emit("user_uttered", {"message": "Har dere fått søknaden min?", "session_id": session_id})
    offer = await next_event(received, "bot_uttered", text="Logg inn")
    assert offer["quick_replies"] == [{"content_type": "text", "title": "Logg inn", "payload": "router:login"}]
    await sio.emit("user_uttered", {"message": "router:login", "session_id": session_id})
    assert (await next_event(received, "bot_uttered"))["text"] == fixed_text("widget_login_failed", "nb")
    # The notice comes in the conversation's language.
    await sio.emit("user_uttered", {"message": "router:language:en", "session_id": session_id})
    await sio.emit("user_uttered", {"message": "router:login", "session_id": session_id})
    english = fixed_text("widget_login_failed", "en")
    assert english != fixed_text("widget_login_failed", "nb")
    assert (await next_event(received, "bot_uttered", text=english))["text"] == english
    assert [text for _, text in client.app[DEPS].bot.received] == ["Har dere fått søknaden min?"]
    await sio.disconnect()


async def test_a_quick_reply_is_stored_with_the_title_the_bruker_clicked(client: TestClient) -> None:
    sio, received = await connect(client)
    await sio.emit("session_request", {"customData": {"kommune": "Asker"}})
    session_id = await next_event(received, "session_confirm")
    await sio.emit("user_uttered", {"message": "hei", "session_id": session_id})
    answer = await next_event(received, "bot_uttered", text="Bot:")
    # rasa-webchat sends only the payload of the quick reply the bruker clicked.
    await sio.emit("user_uttered", {"message": answer["quick_replies"][0]["payload"], "session_id": session_id})
    await next_event(received, "bot_uttered", text="kø")
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.by_external_session(session_key(session_id))
        assert conversation is not None
        messages = await uow.messages.list(conversation.id)
    assert [m.original_text for m in messages if m.sender == "user"] == ["hei", "Snakk med en veileder"]
    await sio.disconnect()


async def test_browser_pages_connect_from_this_host_or_an_allowed_origin_only(
    aiohttp_client: Callable[..., Any], settings: Settings, fake_bot: FakeBot
) -> None:
    app = create_app(replace(settings, allowed_origins=("https://kommune.example",)), Overrides(bot=fake_bot))
    client: TestClient = await aiohttp_client(app)
    own = f"http://{client.host}:{client.port}"
    for origin, allowed in ((None, True), (own, True), ("https://kommune.example", True),
                            ("https://evil.example", False), ("https://kommune.example.evil.example", False)):
        headers = {"Origin": origin} if origin else {}
        response = await client.get("/socket.io/?EIO=4&transport=polling", headers=headers)
        assert (response.status == 200) is allowed, (origin, response.status)
        assert response.headers.get("Access-Control-Allow-Origin") == (origin if allowed else None), origin
        # A WebSocket is not subject to CORS in the browser: the origin check itself refuses it.
        if not allowed:
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await client.ws_connect("/socket.io/?EIO=4&transport=websocket", headers=headers)
