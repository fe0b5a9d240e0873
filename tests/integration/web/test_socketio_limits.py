"""The Rasa socket.io endpoint under the REST limits (router/web/limits.py), in the same tables (probe 96: one
client's 200 messages all got bot turns; 60 parallel sessions from one address put 61 chats in a queue).

Over a limit a widget reads why in a ``bot_uttered`` in the bruker's language, and gets an ``error`` event with
``retry_after_s``; nothing is stored and the bot is not asked."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
import socketio
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.config import Settings
from router.domain.opening_hours import OSLO
from router.texts import fixed_text
from router.web import limits
from router.web.appkeys import DEPS
from tests.integration.web.test_limits import FakeClock
from tests.integration.web.test_rasa_socketio import next_event
from tests.socketio_widget import widget_socket


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, trusted_proxies=("127.0.0.1",), limit_window_s=60.0, limit_conversations_per_address=2,
                   limit_messages_per_conversation=3, limit_messages_per_address=100)


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(limits, "clock", fake)
    return fake


async def connect(client: TestClient, address: str) -> tuple[socketio.AsyncClient, asyncio.Queue[tuple[str, Any]]]:
    return await widget_socket(str(client.make_url("/")), headers={"X-Forwarded-For": address})


async def session(client: TestClient, address: str, **request: Any) -> tuple[socketio.AsyncClient, Any, str, str]:
    sio, received = await connect(client, address)
    await sio.emit("session_request", request)
    session_id = await next_event(received, "session_confirm")
    token = (await next_event(received, "session_token"))["session_token"]
    await next_event(received, "bot_uttered")  # the greeting
    return sio, received, session_id, token


async def test_messages_over_the_conversations_limit_are_answered_in_words_not_by_the_bot(
        client: TestClient, fake_clock: FakeClock) -> None:
    sio, received, session_id, _ = await session(client, "203.0.113.5", customData={"language": "uk"})
    bot = client.app[DEPS].bot
    for n in range(5):
        await sio.emit("user_uttered", {"message": f"hei {n}", "session_id": session_id})
    told = [await next_event(received, "bot_uttered", fixed_text("too_many_messages", "uk")) for _ in range(2)]
    assert told == [{"text": fixed_text("too_many_messages", "uk")}] * 2
    error = await next_event(received, "error")
    assert error == {"error": limits.MESSAGES_REFUSED, "event": "user_uttered", "retry_after_s": 20}
    await asyncio.sleep(0.3)
    assert [text for _, text in bot.received] == ["hei 0", "hei 1", "hei 2"], "the refused ones never reach the bot"
    fake_clock.advance(20)
    await sio.emit("user_uttered", {"message": "hei igjen", "session_id": session_id})
    await next_event(received, "bot_uttered", "Bot: hei igjen")
    await sio.disconnect()


async def test_new_sessions_over_the_addresses_limit_get_words_and_no_conversation(
        client: TestClient, fake_clock: FakeClock) -> None:
    first, first_received, first_id, first_token = await session(client, "203.0.113.9")
    second, *_ = await session(client, "203.0.113.9")
    # The third from the same address: refused in words (English, as the widget asked), no session, nothing stored.
    third, received = await connect(client, "203.0.113.9")
    await third.emit("session_request", {"customData": {"language": "en"}})
    told = await next_event(received, "bot_uttered")
    assert told == {"text": fixed_text("too_many_new_chats", "en")}
    assert "+47 55 55 33 33" in told["text"]
    error = await next_event(received, "error")
    assert (error["event"], error["error"], error["retry_after_s"]) == (
        "session_request", limits.NEW_CONVERSATIONS_REFUSED, 30)
    await asyncio.sleep(0.2)
    assert received.empty(), "no session_confirm, no greeting: no conversation was opened"
    # The same table as REST: a POST from that address is refused too; another address is not.
    assert (await client.post("/api/conversations", json={}, headers={"X-Forwarded-For": "203.0.113.9"})).status == 429
    other, *_ = await session(client, "198.51.100.3")
    # A reload that continues its own conversation is no new conversation: never refused.
    first_again, again_received = await connect(client, "203.0.113.9")
    await first_again.emit("session_request", {"session_id": first_id, "session_token": first_token})
    assert await next_event(again_received, "session_confirm") == first_id
    # Writing on the refused widget: still refused in words while over ...
    await third.emit("user_uttered", {"message": "hallo?", "session_id": None})
    assert await next_event(received, "bot_uttered") == {"text": fixed_text("too_many_new_chats", "en")}
    assert [text for _, text in client.app[DEPS].bot.received] == []
    # ... and once the address may open one again, the session opens and the message is answered.
    fake_clock.advance(30)
    await third.emit("user_uttered", {"message": "hallo?", "session_id": None})
    assert len(await next_event(received, "session_confirm")) >= 32
    await next_event(received, "bot_uttered")  # the greeting
    await next_event(received, "bot_uttered", "Bot: hallo?")
    for sio in (first, second, third, other, first_again):
        await sio.disconnect()


async def test_a_new_session_refused_on_julaften_says_when_nav_s_phone_opens_not_its_weekday_hours(
        client: TestClient, fake_clock: FakeClock, clock: FixedClock) -> None:
    """Julaften 10:00 (closed all day by reference/nav_dager.csv): "... eller ring NAV på 55 55 33 33 (hverdager
    09–15)" sent a refused widget to a phone nobody answers; now when it opens (conversations.with_nav_phone)."""
    await session(client, "203.0.113.11")
    await session(client, "203.0.113.11")
    clock.advance(seconds=(datetime(2026, 12, 24, 10, 0, tzinfo=OSLO) - clock.now()).total_seconds())
    for language, opens in (("nb", "mandag 28. desember kl. 09:00"), ("en", "Monday, 28 December, 09:00")):
        third, received = await connect(client, "203.0.113.11")
        await third.emit("session_request", {"customData": {"language": language}})
        told = await next_event(received, "bot_uttered")
        assert told == {"text": fixed_text("too_many_new_chats_phone_closed", language, opens=opens)}
        assert "09–15" not in told["text"] and "55 55 33 33" in told["text"]
        await third.disconnect()
