"""A bruker's messages over the chat's WebSocket (as the widget sends them while it is open), on the real app and
SQLite with a fake bot: handled exactly as a POST of the same message (stored once per client_msg_id whichever way
it comes, the bot's turn started, the same limits), answered in order, and refused with a reason, never a 500."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from aiohttp import WSCloseCode, WSMsgType
from aiohttp.test_utils import TestClient

from router.config import Settings
from router.web import limits
from router.web.appkeys import DEPS
from tests.conftest import frames_until_quiet, open_conversation, settle
from tests.fakes import FakeBot
from tests.integration.web.test_hostile_input import hostile_bodies
from tests.integration.web.test_limits import DEFAULTS, FakeClock

MAX_FRAME_BYTES = 16_384  # router/web/ws.py: the bruker's socket's max_msg_size


async def _socket(client: TestClient) -> tuple[str, dict[str, str], Any]:
    conversation_id, auth = await open_conversation(client)
    ws = await client.ws_connect(f"/api/conversations/{conversation_id}/ws")
    await ws.send_json({"type": "auth", "token": auth["Authorization"].removeprefix("Bearer ")})
    assert (await ws.receive_json(timeout=5))["type"] == "ready"
    return conversation_id, auth, ws


async def _answer(ws: Any) -> dict[str, Any]:
    """The next sent / send_error frame (the pushed messages and states in between are skipped)."""
    while True:
        frame = await ws.receive_json(timeout=5)
        if frame["type"] in ("sent", "send_error"):
            return frame


async def _user_texts(client: TestClient, conversation_id: str) -> list[str]:
    async with client.app[DEPS].uow() as uow:
        return [m.original_text for m in await uow.messages.list(conversation_id) if m.sender == "user"]


async def test_a_message_over_the_socket_is_stored_answered_and_reaches_the_bot(client: TestClient,
                                                                                fake_bot: FakeBot) -> None:
    conversation_id, auth, ws = await _socket(client)
    await ws.send_json({"type": "send", "client_msg_id": "s1", "text": "hei"})
    frames = []  # the bot may answer before the acknowledgement goes out: its turn starts first
    while not ({"sent", "bot"} <= {f["type"] if f["type"] != "message" else f["message"]["sender"] for f in frames}):
        frames.append(await ws.receive_json(timeout=5))
    sent = next(f for f in frames if f["type"] == "sent")
    assert sent["client_msg_id"] == "s1" and sent["message"]["sender"] == "user" and sent["message"]["text"] == "hei"
    bot = next(f["message"] for f in frames if f["type"] == "message" and f["message"]["sender"] == "bot")
    assert bot["text"] == "Bot: hei" and bot["seq"] > sent["message"]["seq"]
    assert fake_bot.received == [(conversation_id, "hei")]
    await ws.close()


async def test_the_sending_socket_gets_its_own_message_once_and_another_tab_gets_it_pushed(client: TestClient) -> None:
    """The socket a message came over learns it from ``sent`` (the stored message), not a second time as a pushed
    ``message``; the bruker's other tab, which sent nothing, gets the pushed copy."""
    conversation_id, auth, ws = await _socket(client)
    other = await client.ws_connect(f"/api/conversations/{conversation_id}/ws")
    await other.send_json({"type": "auth", "token": auth["Authorization"].removeprefix("Bearer ")})
    assert (await other.receive_json(timeout=5))["type"] == "ready"
    await ws.send_json({"type": "send", "client_msg_id": "tab-1", "text": "hei"})

    async def frames_until_the_bot_answers(socket: Any) -> list[dict[str, Any]]:
        """Every frame up to the bot's answer, and any that follow it within 0.3 s (``sent`` may come after it)."""
        frames = [await socket.receive_json(timeout=5)]
        while not (frames[-1]["type"] == "message" and frames[-1]["message"]["sender"] == "bot"):
            frames.append(await socket.receive_json(timeout=5))
        return frames + await frames_until_quiet(socket)

    def own(frames: list[dict[str, Any]]) -> list[str]:
        # Its language read by the turn, the message may follow as ``message_updated`` (its lang): no second copy.
        return [f["type"] for f in frames if f.get("message", {}).get("client_msg_id") == "tab-1"
                and f["type"] != "message_updated"]

    assert own(await frames_until_the_bot_answers(ws)) == ["sent"]
    assert own(await frames_until_the_bot_answers(other)) == ["message"]
    # The next message is again pushed to every socket but its sender's.
    await other.send_json({"type": "send", "client_msg_id": "tab-2", "text": "takk"})
    pushed = [f for f in await frames_until_the_bot_answers(ws) if f["type"] == "message"]
    assert [f["message"]["client_msg_id"] for f in pushed if f["message"]["sender"] == "user"] == ["tab-2"]
    await ws.close()
    await other.close()


async def test_messages_sent_back_to_back_are_answered_and_stored_in_the_order_sent(client: TestClient) -> None:
    conversation_id, _, ws = await _socket(client)
    texts = [f"melding {n}" for n in range(8)]
    for n, text in enumerate(texts):  # without waiting for the answers
        await ws.send_json({"type": "send", "client_msg_id": f"o{n}", "text": text})
    answers = [await _answer(ws) for _ in texts]
    assert [a["client_msg_id"] for a in answers] == [f"o{n}" for n in range(8)]
    assert [a["message"]["seq"] for a in answers] == sorted(a["message"]["seq"] for a in answers)
    await settle(client)
    assert await _user_texts(client, conversation_id) == texts
    await ws.close()


async def test_a_message_resent_by_post_after_the_socket_is_stored_once(client: TestClient,
                                                                        fake_bot: FakeBot) -> None:
    """The widget's fallback: the socket went quiet after the message was stored; the retry posts it."""
    conversation_id, auth, ws = await _socket(client)
    await ws.send_json({"type": "send", "client_msg_id": "same-1", "text": "hjelp med søknaden"})
    sent = await _answer(ws)
    again = await client.post(f"/api/conversations/{conversation_id}/messages",
                              json={"client_msg_id": "same-1", "text": "hjelp med søknaden"}, headers=auth)
    assert again.status == 200 and (await again.json())["seq"] == sent["message"]["seq"]
    await ws.send_json({"type": "send", "client_msg_id": "same-1", "text": "hjelp med søknaden"})
    assert (await _answer(ws))["message"]["seq"] == sent["message"]["seq"]
    await settle(client)
    assert await _user_texts(client, conversation_id) == ["hjelp med søknaden"]
    assert len(fake_bot.received) == 1
    await ws.close()


@pytest.mark.parametrize(("frame", "status", "reason"), [
    ("not json", 400, "JSON"),
    ('["send"]', 400, "object"),
    ('{"type": "reply", "client_msg_id": "b1", "text": "hei"}', 400, "type"),
    ('{"type": "send", "client_msg_id": "b2"}', 400, "text"),
    ('{"type": "send", "client_msg_id": "b3", "text": "   "}', 400, "text"),
    ('{"type": "send", "client_msg_id": "has space", "text": "hei"}', 400, "client_msg_id"),
    ('{"type": "send", "client_msg_id": "b4", "text": "hei", "payload": "<script>"}', 400, "payload"),
    ('{"type": "send", "client_msg_id": "b5", "text": "' + "a" * 2001 + '"}', 400, "longer than"),
    ('{"type": "send", "client_msg_id": "b6", "text": "\\ud800"}', 400, ""),
    ('{"type": "send", "client_msg_id": "b7", "text": ' + "[" * 200 + "]" * 200 + "}", 400, ""),
])  # fmt: skip
async def test_bad_frames_get_the_status_a_post_would_and_the_socket_stays_open(
    client: TestClient, frame: str, status: int, reason: str
) -> None:
    conversation_id, _, ws = await _socket(client)
    await ws.send_str(frame)
    refused = await _answer(ws)
    assert refused["type"] == "send_error" and refused["status"] == status, refused
    assert reason.lower() in refused["error"].lower()
    await ws.send_json({"type": "send", "client_msg_id": "after", "text": "hei"})
    assert (await _answer(ws))["type"] == "sent"
    assert await _user_texts(client, conversation_id) == ["hei"]
    await ws.close()


async def test_a_closed_conversation_refuses_with_409(client: TestClient) -> None:
    conversation_id, auth, ws = await _socket(client)
    assert (await client.post(f"/api/conversations/{conversation_id}/close", headers=auth)).status == 200
    await ws.send_json({"type": "send", "client_msg_id": "late", "text": "hei"})
    refused = await _answer(ws)
    assert (refused["type"], refused["status"], refused["client_msg_id"]) == ("send_error", 409, "late")
    await ws.close()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, limit_messages_per_conversation=DEFAULTS.limit_messages_per_conversation,
                   limit_messages_per_address=DEFAULTS.limit_messages_per_address)


async def test_the_socket_and_post_count_against_the_same_limits(client: TestClient,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    fake_clock = FakeClock()
    monkeypatch.setattr(limits, "clock", fake_clock)
    conversation_id, auth, ws = await _socket(client)
    for n in range(20):
        await ws.send_json({"type": "send", "client_msg_id": f"w{n}", "text": f"hei {n}"})
        assert (await _answer(ws))["type"] == "sent"
    posted = [(await client.post(f"/api/conversations/{conversation_id}/messages",
                                 json={"client_msg_id": f"p{n}", "text": f"hallo {n}"}, headers=auth)).status
              for n in range(10)]
    assert posted == [201] * 10  # 30 a minute per conversation: all used now
    await ws.send_json({"type": "send", "client_msg_id": "over", "text": "en til"})
    refused = await _answer(ws)
    assert (refused["type"], refused["status"], refused["retry_after_s"]) == ("send_error", 429, 2)
    fake_clock.advance(60)
    await ws.send_json({"type": "send", "client_msg_id": "over", "text": "en til"})
    assert (await _answer(ws))["type"] == "sent"
    await ws.close()


async def test_hostile_frames_never_get_a_5xx_and_the_socket_goes_on(client: TestClient) -> None:
    """The hostile sweep's bodies (tests/integration/web/test_hostile_input.py), each as a frame and as a send
    frame's fields; a normal message still goes through after them."""
    conversation_id, _, ws = await _socket(client)
    frames: list[str | bytes] = [_text_or_bytes(body) for body in hostile_bodies()]  # bytes: a binary frame
    frames += [json.dumps({**loaded, "type": "send"}) for body in hostile_bodies()
               if isinstance(loaded := _loads_or_none(body), dict)]
    for frame in frames:
        if len(frame.encode() if isinstance(frame, str) else frame) > MAX_FRAME_BYTES:
            continue  # the next test
        await (ws.send_bytes(frame) if isinstance(frame, bytes) else ws.send_str(frame))
        answer = await _answer(ws)
        assert answer["type"] == "send_error" and 400 <= answer["status"] < 500, (frame[:80], answer)
    await ws.send_json({"type": "send", "client_msg_id": "still", "text": "hei"})
    assert (await _answer(ws))["type"] == "sent"
    assert await _user_texts(client, conversation_id) == ["hei"]
    await ws.close()


async def test_a_frame_over_the_size_limit_closes_the_socket_and_posting_still_works(client: TestClient) -> None:
    """aiohttp closes a socket on a frame over its limit (1009); the widget then posts, which answers as ever."""
    conversation_id, auth, ws = await _socket(client)
    await ws.send_str(json.dumps({"type": "send", "client_msg_id": "big", "text": "a" * MAX_FRAME_BYTES}))
    while (await ws.receive(timeout=5)).type not in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.ERROR):
        pass
    assert ws.closed and ws.close_code == WSCloseCode.MESSAGE_TOO_BIG
    posted = await client.post(f"/api/conversations/{conversation_id}/messages",
                               json={"client_msg_id": "small", "text": "hei"}, headers=auth)
    assert posted.status == 201 and await _user_texts(client, conversation_id) == ["hei"]


def _text_or_bytes(body: bytes) -> str | bytes:
    try:
        return body.decode()
    except UnicodeDecodeError:
        return body


def _loads_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


async def test_ready_is_the_first_frame_and_what_is_published_while_joining_follows_it(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A message published while the socket joins (another tab sends one) comes after ``ready``, not before it,
    and is not lost."""
    import asyncio

    from router.services import receive
    from router.web import ws as ws_module

    conversation_id, auth = await open_conversation(client)
    token = auth["Authorization"].removeprefix("Bearer ")
    real, calls = ws_module.authenticated, []

    async def another_tab_sends_while_joining(deps: Any, conversation_id_: str, token_: str | None) -> Any:
        calls.append(conversation_id_)
        if len(calls) == 2:  # the read again after the socket joined, before its ready frame
            await receive.receive_user_message(deps, conversation_id_, token_, client_msg_id="tab2", text="fra fanen")
            await asyncio.sleep(0.1)  # the hub dispatches the echo to the joined socket meanwhile
        return await real(deps, conversation_id_, token_)

    monkeypatch.setattr(ws_module, "authenticated", another_tab_sends_while_joining)
    ws = await client.ws_connect(f"/api/conversations/{conversation_id}/ws")
    await ws.send_json({"type": "auth", "token": token})
    first = await ws.receive_json(timeout=5)
    assert first["type"] == "ready", first
    following = [await ws.receive_json(timeout=5)]
    while not any(f["type"] == "message" and f["message"]["text"] == "fra fanen" for f in following):
        following.append(await ws.receive_json(timeout=5))
    await ws.close()
    await settle(client)


async def test_the_widgets_own_ping_is_answered_with_a_pong_and_stores_nothing(client: TestClient) -> None:
    """A browser answers the server's WebSocket pings itself, unseen by the page: the widget pings at the application
    level to find a socket gone silently dead (probe 107 #2). Answered ``pong`` (not a ``send_error`` for a message
    it is not), in order with the sends around it, and nothing stored."""
    conversation_id, _auth, ws = await _socket(client)
    await ws.send_json({"type": "ping"})
    assert (await ws.receive_json(timeout=5)) == {"type": "pong"}
    await ws.send_json({"type": "send", "client_msg_id": "p1", "text": "hei"})
    await ws.send_str(' {"type" : "ping"} ')
    answers = []
    while len(answers) < 2:
        frame = await ws.receive_json(timeout=5)
        if frame["type"] in ("sent", "send_error", "pong"):
            answers.append(frame["type"])
    assert answers == ["sent", "pong"]
    assert await _user_texts(client, conversation_id) == ["hei"]
    await ws.close()
