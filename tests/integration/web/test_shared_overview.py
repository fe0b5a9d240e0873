"""The kontaktsenter page and /metrics over HTTP share one read of the window (services/queue_overview.py
shared_overview): pages refreshing at once cost one read, the scrape takes it too, and the team lead who moves a chat
sees it moved at once."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import datetime

import pytest
from aiohttp.test_utils import TestClient

from router.adapters import store
from router.domain.conversation import Conversation
from router.services.shared_read import SharedRead
from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation

METRICS = {"Authorization": f"Bearer {'m' * 32}"}


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_pages_refreshing_together_cost_one_read_and_a_move_shows_at_once(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = []  # the window's conversations read from the store (each request read them before: 10 pages, 10 reads)
    since = store.SqlConversations.since

    async def counted(self: store.SqlConversations, at: datetime) -> list[Conversation]:
        reads.append(at)
        return await since(self, at)

    monkeypatch.setattr(store.SqlConversations, "since", counted)
    deps = client.app[DEPS]
    deps.settings = dataclasses.replace(deps.settings, overview_max_age_s=4.0, metrics_token="m" * 32)
    ticks = Ticks()
    deps.overview_reads = SharedRead(monotonic=ticks)
    conversation_id, auth = await open_conversation(client, kommune="Asker")
    assert (await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)).status == 200
    csrf = await login(client, "nks1")
    pages = await asyncio.gather(*(client.get("/api/staff/overview") for _ in range(10)),
                                 client.get("/metrics", headers=METRICS))
    assert [page.status for page in pages] == [200] * 11
    assert deps.overview_reads.reads == len(reads) == 1, "ten pages and a scrape at once: one read"
    figures = await pages[0].json()
    assert figures["totals"]["waiting"] == 1
    assert 'navchat_queue_waiting{enhetsnummer="0220",temagruppe="OKSOS"} 1.0' in await pages[10].text()

    # Moved from the page: its next refresh shows the chat in its new queue, not the read from before the move.
    moved = await client.post(f"/api/staff/conversations/{conversation_id}/transfer", headers=csrf,
                              json={"to_enhetsnummer": "0312", "note": "bor på Frogner"})
    assert moved.status == 200, await moved.text()
    after = await (await client.get("/api/staff/overview")).json()
    assert {row["enhetsnummer"] for row in after["groups"] if row["waiting"]} == {"0312"}
    assert deps.overview_reads.reads == 2
