"""Many routers, one truth: PostgreSQL claims are atomic and Redis fans events out between processes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from router.adapters.pubsub import RedisEventBus
from router.app import Overrides, create_app
from router.config import Settings
from router.services import staff
from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation, settle
from tests.fakes import FakeBot

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


async def two_routers(
    aiohttp_client: Callable[..., Any], settings: Settings, postgres_url: str, redis_url: str
) -> tuple[TestClient, TestClient]:
    scaled = replace(settings, profile="scaled", database_url=postgres_url, redis_url=redis_url)
    first = await aiohttp_client(create_app(scaled, Overrides(bot=FakeBot())))
    second = await aiohttp_client(create_app(replace(scaled, auto_migrate=False), Overrides(bot=FakeBot())))
    for username in ("veileder1", "veileder3"):
        await staff.create_user(
            first.app[DEPS].uow, username=username, password=f"passord-{username}", navn=username.title(),
            enhetsnummer="0220", roles=["veileder"],
        )
    return first, second


async def test_a_conversation_is_never_taken_twice_across_routers(
    aiohttp_client: Callable[..., Any], settings: Settings, postgres_url: str, redis_url: str
) -> None:
    first, second = await two_routers(aiohttp_client, settings, postgres_url, redis_url)
    for _ in range(5):
        conversation_id, auth = await open_conversation(first)
        response = await first.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
        assert response.status == 200
        csrf_a = await login(first, "veileder1")
        csrf_b = await login(second, "veileder3")
        url = f"/api/staff/conversations/{conversation_id}/take"
        results = await asyncio.gather(first.post(url, headers=csrf_a), second.post(url, headers=csrf_b))
        assert sorted(r.status for r in results) == [200, 409]
        winner = [r for r in results if r.status == 200][0]
        assert (await winner.json())["state"] == "ASSIGNED"
        await settle(first)
        await settle(second)
        for client, csrf in ((first, csrf_a), (second, csrf_b)):
            await client.post("/api/staff/presence", json={"presence": "offline"}, headers=csrf)


async def test_events_reach_websockets_on_another_router(
    aiohttp_client: Callable[..., Any], settings: Settings, postgres_url: str, redis_url: str
) -> None:
    first, second = await two_routers(aiohttp_client, settings, postgres_url, redis_url)
    conversation_id, auth = await open_conversation(first)
    await first.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    csrf = await login(second, "veileder1")
    staff_ws = await second.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json(timeout=5))["type"] == "ready"
    await staff_ws.send_json({"type": "watch", "conversation_id": conversation_id})  # the veileder opened it
    assert (await staff_ws.receive_json(timeout=5)) == {"type": "watching", "conversation_id": conversation_id}
    # The bruker writes through router 1; the veileder is connected to router 2.
    await first.post(f"/api/conversations/{conversation_id}/messages",
                     json={"client_msg_id": "r1", "text": "er dere der?"}, headers=auth)
    while True:
        frame = await staff_ws.receive_json(timeout=10)
        if frame["type"] == "message" and frame["message"]["sender"] == "user":
            break
    assert frame["conversation_id"] == conversation_id and frame["message"]["text"] == "er dere der?"
    taken = await second.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)
    assert taken.status == 200, await taken.text()
    await staff_ws.close()


async def test_deployments_on_other_redis_databases_do_not_hear_each_other(redis_url: str) -> None:
    """Redis pub/sub ignores the database number: without a channel per database, a deployment on db 5 would
    receive (and push to its staff) the conversations of one on db 6."""
    base = redis_url.rsplit("/", 1)[0]
    ours, theirs, listener = RedisEventBus(f"{base}/5"), RedisEventBus(f"{base}/6"), RedisEventBus(f"{base}/5")
    for bus in (ours, theirs, listener):
        await bus.start()
    try:
        stream = listener.subscribe()
        first = asyncio.ensure_future(stream.__anext__())
        await asyncio.sleep(0.2)
        await theirs.publish({"type": "message", "text": "not for you"})
        await ours.publish({"type": "message", "text": "for you"})
        assert (await asyncio.wait_for(first, 5)) == {"type": "message", "text": "for you"}
    finally:
        for bus in (ours, theirs, listener):
            await bus.close()


async def test_redis_event_bus_delivers_between_instances(redis_url: str) -> None:
    sender, receiver = RedisEventBus(redis_url), RedisEventBus(redis_url)
    await sender.start()
    await receiver.start()
    try:
        stream = receiver.subscribe()
        waiting = asyncio.ensure_future(stream.__anext__())
        await asyncio.sleep(0.2)
        await sender.publish({"type": "ping", "n": 1})
        assert (await asyncio.wait_for(waiting, 5)) == {"type": "ping", "n": 1}
    finally:
        await sender.close()
        await receiver.close()


async def test_one_conversations_messages_through_two_routers_are_answered_once_each_in_order(
    aiohttp_client: Callable[..., Any], settings: Settings, postgres_url: str, redis_url: str
) -> None:
    first, second = await two_routers(aiohttp_client, settings, postgres_url, redis_url)
    for client in (first, second):
        client.app[DEPS].bot.delay_s = 0.02  # turns overlap across the two routers
    conversation_id, auth = await open_conversation(first)
    texts = [f"melding {i}" for i in range(8)]
    for i, text in enumerate(texts):
        router = (first, second)[i % 2]
        response = await router.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                     json={"client_msg_id": f"m{i}", "text": text})
        assert response.status == 201
    for _ in range(100):
        await settle(first)
        await settle(second)
        body = await (await first.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
        answers = [m["text"] for m in body["messages"] if m["sender"] == "bot"][1:]
        if len(answers) >= len(texts):
            break
        await asyncio.sleep(0.1)
    received = [text for client in (first, second) for _, text in client.app[DEPS].bot.received]
    assert sorted(received) == sorted(texts), "each message reached the bot once"
    assert answers == [f"Bot: {text}" for text in texts], "answered in the order written, across both routers"


async def test_a_console_closed_on_one_router_gets_no_chat_from_another_until_it_reloads(
    aiohttp_client: Callable[..., Any], settings: Settings, postgres_url: str, redis_url: str
) -> None:
    """The closed console is in the store, not only in the router that held its socket: a chat queued through
    another router is not given to its veileder; the reload (the socket opens again) takes it at once."""
    first, second = await two_routers(aiohttp_client, settings, postgres_url, redis_url)
    csrf = await login(second, "veileder1")
    assert (await second.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)).status == 200
    staff_ws = await second.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json(timeout=5))["type"] == "ready"
    await staff_ws.close()  # the browser closed without a logout
    for _ in range(100):  # the router stores that the console closed
        async with second.app[DEPS].uow() as uow:
            if all(s.feed_closed_at for s in await uow.staff_sessions.of_veiledere([1])):
                break
        await asyncio.sleep(0.05)
    conversation_id, auth = await open_conversation(first)
    assert (await first.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)).status == 200
    await settle(first)
    async with first.app[DEPS].uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
    assert conversation is not None and conversation.state.value == "QUEUED"
    reloaded = await second.ws_connect("/api/staff/ws")
    assert (await reloaded.receive_json(timeout=5))["type"] == "ready"
    for _ in range(100):
        await asyncio.sleep(0.05)
        async with first.app[DEPS].uow() as uow:
            conversation = await uow.conversations.get(conversation_id)
        if conversation is not None and conversation.state.value == "ASSIGNED":
            break
    assert conversation is not None and conversation.state.value == "ASSIGNED"
    await reloaded.close()
    await second.post("/api/staff/presence", json={"presence": "offline"}, headers=csrf)
