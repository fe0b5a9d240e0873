"""The staff queue over HTTP, on the SQL store (probe 118 #9, probe 119 #3): a chat back in the queue from a veileder
waits from its return (waiting_since, as the dashboard counts it), keeps its place (queued_at), and its card knows
whether the office is open and when the chat expires."""

from __future__ import annotations

from datetime import datetime

from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from tests.conftest import login
from tests.integration.web.test_staff_api import queued_conversation


async def test_a_chat_back_from_a_veileder_waits_from_its_return(client: TestClient, clock: FixedClock) -> None:
    conversation_id, _auth = await queued_conversation(client)
    csrf = await login(client, "veileder1")
    clock.advance(seconds=30)
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    clock.advance(seconds=30)
    await client.post("/api/staff/presence", json={"presence": "offline"}, headers=csrf)
    returned = clock.now()
    clock.advance(seconds=11)

    [card] = (await (await client.get("/api/staff/queue")).json())["conversations"]
    assert card["id"] == conversation_id
    assert datetime.fromisoformat(card["waiting_since"]) == returned
    assert datetime.fromisoformat(card["queued_at"]) < returned, "its place in line"
    assert card["office_open"] is True and card["answer_promised_at"] is None
    assert datetime.fromisoformat(card["expires_at"]) > clock.now()
    await login(client, "nks1")
    overview = await (await client.get("/api/staff/overview")).json()
    assert overview["waiting_since"][conversation_id] == card["waiting_since"], "the dashboard's wait"
