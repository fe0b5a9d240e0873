"""The cap on chats waiting from one address, over HTTP and socket.io with the SQL store (probe 96: 30 chats from
one browser took 27 places ahead of a real bruker)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient

from router.config import Settings
from router.services import handoff
from router.services.conversations import session_key
from router.texts import fixed_text
from router.web.appkeys import DEPS
from tests.conftest import login, metric, open_conversation, scrape_metrics
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


async def test_a_refusal_counts_in_the_row_of_the_office_it_would_have_gone_to(client: TestClient) -> None:
    """The kontaktsenter page and /metrics counted "avvist: køen full" in the totals only: the office whose queue
    was full from one network did not show it."""
    before = await scrape_metrics(client)
    for _ in range(2):
        await handed_off(client, SHELTER)
    assert (await handed_off(client, SHELTER))["state"] == "BOT"
    await login(client, "nks1")
    figures = await (await client.get("/api/staff/overview")).json()
    (row,) = [g for g in figures["groups"] if g["refused"]]
    assert (row["refused"], row["handed_off"], row["temagruppe"]) == (1, 2, "OKSOS")
    assert row["enhetsnummer"] not in ("", None) and figures["totals"]["refused"] == 1
    body = await scrape_metrics(client)
    sample = f'navchat_handoffs_refused_total{{enhetsnummer="{row["enhetsnummer"]}",temagruppe="OKSOS"}}'
    assert metric(body, sample) - metric(before, sample) == 1


async def test_a_kode_6_refusal_names_2103_only_in_its_note(client: TestClient) -> None:
    """A strengt fortrolig bruker refused a place (her chat waits already) is noted with the office she would have
    waited at, 2103, as her routed note would name it; the page and /metrics leave her out for whoever may not see
    kode 6, the refusal as the rest (queue_overview.overview)."""
    deps = client.app[DEPS]
    deps.settings = replace(deps.settings, limit_waiting_per_person=1, metrics_token="m" * 32)
    ids = [(await open_conversation(client))[0] for _ in range(2)]
    async with deps.uow() as uow:
        for conversation_id in ids:
            conversation = await uow.conversations.get(conversation_id)
            assert conversation is not None
            conversation.diskresjonskode = "SPSF"  # as the person register said at login (services/login.py)
            conversation.person_pseudonym = "sven"
    assert (await handoff.hand_off(deps, ids[0], reason="test", actor="bruker"))["state"] == "QUEUED"
    assert (await handoff.hand_off(deps, ids[1], reason="test", actor="bruker"))["state"] == "BOT"
    async with deps.uow() as uow:
        (note,) = [r for r in await uow.history.list(ids[1]) if r.kind == handoff.QUEUE_FULL_FROM_ADDRESS]
    assert note.data["enhetsnummer"] == "2103"
    await login(client, "nks1")
    figures = await (await client.get("/api/staff/overview")).json()
    assert "2103" not in {g["enhetsnummer"] for g in figures["groups"]} and figures["totals"]["refused"] == 0
    body = await scrape_metrics(client)
    assert '"2103"' not in body, "no counter counts a kode 6 chat"
