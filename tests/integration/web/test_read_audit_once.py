"""A chat open in the console is read again every 10 s (its fallback to the socket): one audited read per staff
member and chat in 15 minutes, not a row per refresh (probe 98: 92 rows in 7 minutes for one chat)."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from tests.conftest import login
from tests.integration.web.test_staff_api import queued_conversation


async def reads(client: TestClient, conversation_id: str) -> list[str]:
    await login(client, "admin1")
    audit = (await (await client.get(f"/api/admin/audit?conversation_id={conversation_id}")).json())["audit"]
    return [row["username"] for row in audit if row["action"] == "read"]


async def test_a_chat_read_again_and_again_is_one_audited_read_per_staff_member_and_15_minutes(
        client: TestClient, clock: FixedClock) -> None:
    conversation_id, _ = await queued_conversation(client)
    await login(client, "veileder1")
    for _ in range(42):  # 7 minutes of refreshes every 10 s
        assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200
        clock.advance(seconds=10)
    assert await reads(client, conversation_id) == ["veileder1"]

    await login(client, "nks1")  # the kontaktsenter reads it too: a row of its own
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200
    clock.advance(minutes=9)  # 16 minutes after veileder1's read
    await login(client, "veileder1")
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200
    assert await reads(client, conversation_id) == ["veileder1", "nks1", "veileder1"]
