"""The cap on chats waiting from one address, over HTTP and socket.io with the SQL store (probe 96: 30 chats from
one browser took 27 places ahead of a real bruker)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient

from router.config import Settings
from router.services.conversations import session_key
from router.texts import fixed_text
from router.web.appkeys import DEPS
from tests.integration.web.test_socketio_limits import session

SHELTER = {"X-Forwarded-For": "203.0.113.66"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, trusted_proxies=("127.0.0.1",), limit_waiting_per_address=2)


async def handed_off(client: TestClient, headers: dict[str, str]) -> dict:  # type: ignore[type-arg]
    created = await client.post("/api/conversations", json={"kommune": "Asker"}, headers=headers)
    auth = {"Authorization": f"Bearer {(await created.json())['token']}"}
    response = await client.post(f"/api/conversations/{(await created.json())['id']}/handoff", headers=auth)
    assert response.status == 200, await response.text()
    return await response.json()


async def test_the_next_handoff_from_an_address_with_chats_waiting_is_told_so(client: TestClient) -> None:
    assert [(await handed_off(client, SHELTER))["state"] for _ in range(2)] == ["QUEUED", "QUEUED"]
    refused = await handed_off(client, SHELTER)
    assert refused["state"] == "BOT"
    assert refused["message"] == fixed_text("queue_full_from_network", "nb")
    assert refused["message"].startswith("Det står allerede mange samtaler i kø fra samme nettverk")
    assert (await handed_off(client, {"X-Forwarded-For": "198.51.100.10"}))["state"] == "QUEUED"


async def test_a_socketio_chat_counts_for_its_address_too(client: TestClient) -> None:
    sio, _, session_id, _ = await session(client, "203.0.113.66")
    async with client.app[DEPS].uow() as uow:
        from_socket = await uow.conversations.by_external_session(session_key(session_id))
        assert from_socket is not None and from_socket.origin_key
        assert await uow.conversations.waiting_from(from_socket.origin_key, excluding="") == 0
    await handed_off(client, SHELTER)
    async with client.app[DEPS].uow() as uow:
        assert await uow.conversations.waiting_from(from_socket.origin_key, excluding="") == 1
    await sio.disconnect()
