"""A veileder's replies over the staff WebSocket, on the real app and SQLite: acknowledged once stored, pushed to the
bruker, stored once per client_msg_id whichever way it is sent, and refused with a reason, never a 500."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiohttp import WSMsgType, WSServerHandshakeError
from aiohttp.test_utils import TestClient

from router.web.appkeys import DEPS
from tests.conftest import frames_until_quiet, login
from tests.integration.web.test_staff_api import queued_conversation


async def _taken_with_sockets(client: TestClient) -> tuple[str, dict[str, str], Any, Any]:
    conversation_id, auth = await queued_conversation(client)
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    user_ws = await client.ws_connect(f"/api/conversations/{conversation_id}/ws")
    await user_ws.send_json({"type": "auth", "token": auth["Authorization"].removeprefix("Bearer ")})
    assert (await user_ws.receive_json(timeout=5))["type"] == "ready"
    staff_ws = await client.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json(timeout=5))["type"] == "ready"
    return conversation_id, csrf, user_ws, staff_ws


async def _answer_to(staff_ws: Any, client_msg_id: str) -> dict[str, Any]:
    while True:
        frame = await staff_ws.receive_json(timeout=5)
        if frame["type"] in ("reply_ack", "reply_error") and frame.get("client_msg_id") == client_msg_id:
            return frame


async def _veileder_texts(client: TestClient, conversation_id: str) -> list[str]:
    async with client.app[DEPS].uow() as uow:
        return [m.original_text for m in await uow.messages.list(conversation_id) if m.sender == "veileder"]


async def test_replies_over_the_socket_are_stored_pushed_and_acknowledged_in_order(client: TestClient) -> None:
    conversation_id, _, user_ws, staff_ws = await _taken_with_sockets(client)
    texts = [f"Hei, svar nummer {n}" for n in range(30)]
    for n, text in enumerate(texts):  # sent back to back, without waiting: they share commits
        await staff_ws.send_json({"type": "reply", "conversation_id": conversation_id, "text": text,
                                  "client_msg_id": f"c-{n}"})
    acks = {}
    while len(acks) < len(texts):
        frame = await staff_ws.receive_json(timeout=5)
        if frame["type"] == "reply_ack":
            acks[frame["client_msg_id"]] = frame["message"]
    assert [acks[f"c-{n}"]["text"] for n in range(30)] == texts
    pushed = []
    while len(pushed) < len(texts):
        frame = await user_ws.receive_json(timeout=5)
        if frame["type"] == "message" and frame["message"]["sender"] == "veileder":
            pushed.append(frame["message"]["text"])
    assert pushed == texts
    assert await _veileder_texts(client, conversation_id) == texts
    await user_ws.close()
    await staff_ws.close()


async def test_the_replying_screen_gets_its_reply_once_and_the_veileders_other_screen_gets_it_pushed(
        client: TestClient) -> None:
    """The console that sent a reply shows it from ``reply_ack``; it is not pushed to that socket a second time.
    The same veileder's other screen, which sent nothing, gets it pushed, and so does the bruker."""
    conversation_id, _, user_ws, staff_ws = await _taken_with_sockets(client)
    other_screen = await client.ws_connect("/api/staff/ws")
    assert (await other_screen.receive_json(timeout=5))["type"] == "ready"
    for n in range(3):
        await staff_ws.send_json({"type": "reply", "conversation_id": conversation_id, "text": f"Hei {n}",
                                  "client_msg_id": f"own-{n}"})

    def copies(got: list[dict[str, Any]]) -> list[tuple[str, str]]:
        return [(f["type"], f["message"]["client_msg_id"]) for f in got
                if f["type"] in ("message", "reply_ack") and f["message"]["sender"] == "veileder"]

    assert sorted(copies(await frames_until_quiet(staff_ws))) == [("reply_ack", f"own-{n}") for n in range(3)]
    assert copies(await frames_until_quiet(other_screen)) == [("message", f"own-{n}") for n in range(3)]
    pushed = [f["message"]["text"] for f in await frames_until_quiet(user_ws) if f["type"] == "message"]
    assert pushed == [f"Hei {n}" for n in range(3)]
    for ws in (user_ws, staff_ws, other_screen):
        await ws.close()


async def test_a_reply_resent_by_post_after_the_socket_is_stored_once(client: TestClient) -> None:
    conversation_id, csrf, user_ws, staff_ws = await _taken_with_sockets(client)
    await staff_ws.send_json({"type": "reply", "conversation_id": conversation_id, "text": "Hei!",
                              "client_msg_id": "same-1"})
    ack = await _answer_to(staff_ws, "same-1")
    again = await client.post(f"/api/staff/conversations/{conversation_id}/messages",
                              json={"text": "Hei!", "client_msg_id": "same-1"}, headers=csrf)
    assert again.status == 201 and (await again.json())["seq"] == ack["message"]["seq"]
    assert await _veileder_texts(client, conversation_id) == ["Hei!"]
    await user_ws.close()
    await staff_ws.close()


async def test_bad_reply_frames_get_a_reason_and_the_socket_stays_open(client: TestClient) -> None:
    conversation_id, _, user_ws, staff_ws = await _taken_with_sockets(client)
    await staff_ws.send_str("not json")
    assert (await staff_ws.receive_json(timeout=5))["status"] == 400
    await staff_ws.send_str("[" * 5000 + "]" * 5000)  # too deep even to look for its client_msg_id
    assert (await staff_ws.receive_json(timeout=5))["status"] == 400
    await staff_ws.send_json({"type": "shout", "conversation_id": conversation_id, "text": "x", "client_msg_id": "a"})
    assert (await staff_ws.receive_json(timeout=5))["status"] == 400
    await staff_ws.send_json({"type": "reply", "conversation_id": conversation_id, "text": "   ", "client_msg_id": "b"})
    assert (await _answer_to(staff_ws, "b"))["status"] == 400
    await staff_ws.send_json({"type": "reply", "conversation_id": "nope", "text": "hei", "client_msg_id": "c"})
    assert (await _answer_to(staff_ws, "c"))["status"] == 404
    await staff_ws.send_json({"type": "reply", "conversation_id": conversation_id, "text": "x" * 5000,
                              "client_msg_id": "d"})
    assert (await _answer_to(staff_ws, "d"))["status"] == 400
    await staff_ws.send_json({"type": "reply", "conversation_id": conversation_id, "text": "Fortsatt her",
                              "client_msg_id": "e"})
    assert (await _answer_to(staff_ws, "e"))["type"] == "reply_ack"
    await user_ws.close()
    await staff_ws.close()


async def _closing_code(staff_ws: Any) -> int:
    """Read past what was pushed before, to the close; its code."""
    while True:
        frame = await staff_ws.receive(timeout=5)
        if frame.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
            return int(staff_ws.close_code or frame.data)


async def _audited_live_reads(client: TestClient, conversation_id: str) -> int:
    async with client.app[DEPS].uow() as uow:
        entries = await uow.audit.query(conversation_id=conversation_id, username=None, limit=100)
    return sum(1 for e in entries if e.action == "live_read")


async def test_a_logout_closes_the_live_feed_at_once_and_what_the_bruker_writes_after_reaches_no_screen(
        client: TestClient) -> None:
    conversation_id, csrf, user_ws, staff_ws = await _taken_with_sockets(client)
    reads_before = await _audited_live_reads(client, conversation_id)
    assert (await client.post("/api/staff/logout", headers=csrf)).status in (200, 204)
    assert await _closing_code(staff_ws) == 4401
    # A second screen of the same user, opened with the old cookie, is refused.
    with pytest.raises(WSServerHandshakeError) as refused:
        await client.ws_connect("/api/staff/ws")
    assert refused.value.status == 401
    await user_ws.send_json({"type": "send", "client_msg_id": "after-logout", "text": "Er det noen der?"})
    await frames_until_quiet(user_ws)
    assert await _audited_live_reads(client, conversation_id) == reads_before
    assert await _veileder_texts(client, conversation_id) == []
    await user_ws.close()


async def test_a_session_that_ends_by_idling_closes_its_live_feed(client: TestClient, clock: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from router.web import ws

    monkeypatch.setattr(ws, "SESSION_RECHECK_MIN_S", 0.01)
    monkeypatch.setattr(ws, "SESSION_RECHECK_MAX_S", 0.05)
    _, _, user_ws, staff_ws = await _taken_with_sockets(client)
    clock.advance(minutes=client.app[DEPS].settings.staff_idle_minutes - 1)
    await asyncio.sleep(0.2)
    assert not staff_ws.closed  # open, not used, not yet ended
    clock.advance(minutes=2)
    assert await _closing_code(staff_ws) == 4401
    await user_ws.close()


async def test_a_session_that_ends_by_idling_hands_the_chats_back_and_tells_the_screen_why(
        client: TestClient, clock: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tester's veileder landed on the login form told only "Du er logget ut": not why, nor that their chats went
    back to the queue. The feed now says both before it closes, and the chats are back in the queue by then."""
    from router.web import ws

    monkeypatch.setattr(ws, "SESSION_RECHECK_MIN_S", 0.01)
    monkeypatch.setattr(ws, "SESSION_RECHECK_MAX_S", 0.05)
    conversation_id, _, user_ws, staff_ws = await _taken_with_sockets(client)
    second_screen = await client.ws_connect("/api/staff/ws")  # another tab of the same login: told the same
    assert (await second_screen.receive_json(timeout=5))["type"] == "ready"
    clock.advance(minutes=client.app[DEPS].settings.staff_idle_minutes + 1)
    for screen in (staff_ws, second_screen):
        while (frame := await screen.receive_json(timeout=5))["type"] != "session_ended":
            pass
        assert frame == {"type": "session_ended", "returned_to_queue": 1,
                         "reason_nb": "Du ble logget ut fordi du ikke har vært aktiv på 30 minutter."}
        assert await _closing_code(screen) == 4401
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
    assert conversation is not None and conversation.state.value == "QUEUED" and conversation.veileder_id is None
    await user_ws.close()


async def test_a_reply_whose_socket_closes_at_once_is_still_stored_and_pushed(client: TestClient) -> None:
    conversation_id, _, user_ws, staff_ws = await _taken_with_sockets(client)
    await staff_ws.send_json({"type": "reply", "conversation_id": conversation_id, "text": "Rett før jeg går",
                              "client_msg_id": "bye"})
    await staff_ws.close()
    for _ in range(100):
        if await _veileder_texts(client, conversation_id):
            break
        await asyncio.sleep(0.02)
    assert await _veileder_texts(client, conversation_id) == ["Rett før jeg går"]
    frame = await user_ws.receive_json(timeout=5)
    while not (frame["type"] == "message" and frame["message"]["sender"] == "veileder"):
        frame = await user_ws.receive_json(timeout=5)
    assert frame["message"]["text"] == "Rett før jeg går"
    await user_ws.close()


async def test_too_many_replies_waiting_on_one_socket_are_refused_by_name(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from router.web import ws as hub

    monkeypatch.setattr(hub, "MAX_REPLIES_IN_FLIGHT", 1)
    conversation_id, _, user_ws, staff_ws = await _taken_with_sockets(client)
    for n in range(3):
        await staff_ws.send_json({"type": "reply", "conversation_id": conversation_id, "text": f"svar {n}",
                                  "client_msg_id": f"m-{n}"})
    answers = {}
    while len(answers) < 3:
        frame = await staff_ws.receive_json(timeout=5)
        if frame["type"] in ("reply_ack", "reply_error"):
            answers[frame["client_msg_id"]] = frame.get("status", 201)
    assert answers["m-0"] == 201 and 429 in answers.values()
    stored = await _veileder_texts(client, conversation_id)
    assert stored == [f"svar {n}" for n in range(3) if answers[f"m-{n}"] == 201]
    await user_ws.close()
    await staff_ws.close()
