"""A chat taken while its bruker has been away: the veileder is told at the take, with since when (probe 107 s4).

The bruker's phone went offline 64 s while she waited; veileder2 took the chat and wrote Q1 and Q2, and the console
said nothing until 70-100 s after the take: the grace period (Settings.bruker_gone_after_s) began again at the take.
Her absence from before the take now counts, and the console reads "Brukeren har ikke vært tilkoblet siden …".
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.config import Settings
from router.services import bruker_presence
from router.web import ws as ws_module
from tests.conftest import login, open_conversation
from tests.integration.web.test_bruker_presence import bruker_socket, presence_frames, staff_socket

# Long beside the test: a check that started again at the take would say nothing while the test looks.
GRACE_S = 30.0


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, bruker_gone_after_s=GRACE_S)


@pytest.fixture(autouse=True)
def quick_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ws_module, "PRESENCE_PROBE_WAIT_S", 0.1, raising=False)


async def waiting_then_away(client: TestClient, clock: FixedClock, away_s: float) -> tuple[str, dict[str, str]]:
    conversation_id, auth = await open_conversation(client)
    page = await bruker_socket(client, conversation_id, auth)
    assert (await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)).status == 200
    await page.close()  # her phone went offline while she waited
    await asyncio.sleep(0.1)
    clock.advance(seconds=away_s)
    return conversation_id, auth


async def test_a_chat_taken_after_the_bruker_was_away_a_while_says_so_at_the_take(
        client: TestClient, clock: FixedClock) -> None:
    closed_at = clock.now()
    conversation_id, auth = await waiting_then_away(client, clock, 64)
    csrf = await login(client, "veileder1")
    console = await staff_socket(client)
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    frames = [f for f in await presence_frames(console, 1.0) if f["conversation_id"] == conversation_id]
    assert [f["present"] for f in frames] == [False], "told at the take, not a grace period later"
    event = frames[0]["event"]
    assert event["kind"] == bruker_presence.LEFT
    assert event["data"]["since"] == closed_at.isoformat()
    assert event["reason"] == "ingen forbindelse fra brukerens side siden 10:30"  # 09:30 UTC, Oslo time
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert detail["conversation"]["bruker_gone"] is True
    page = await bruker_socket(client, conversation_id, auth)  # back after all
    assert [f["present"] for f in await presence_frames(console, 0.5)] == [True]
    await page.close()
    await console.close()


async def test_a_page_closed_a_moment_before_the_take_keeps_its_grace_period(
        client: TestClient, clock: FixedClock) -> None:
    """A reload just as the veileder takes the chat is not a bruker who has gone."""
    conversation_id, auth = await waiting_then_away(client, clock, 2)
    csrf = await login(client, "veileder1")
    console = await staff_socket(client)
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    page = await bruker_socket(client, conversation_id, auth)  # the reload
    assert await presence_frames(console, 1.0) == []
    await page.close()
    await console.close()
