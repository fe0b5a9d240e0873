"""Every staff read of a conversation records why (privacy probe: a read row held no purpose): the ground comes from
the access rule that allowed it (access.read_purpose), never typed, and /tilgangslogg shows it ("Formål")."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from router.domain.access import Role, StaffUser
from router.services import staff as staff_service
from router.web.appkeys import DEPS
from tests.conftest import login
from tests.integration.web.test_staff_api import queued_conversation


async def read_rows(client: TestClient, conversation_id: str, action: str = "read") -> list[dict[str, Any]]:
    await login(client, "admin1")
    audit = (await (await client.get(f"/api/admin/audit?conversation_id={conversation_id}")).json())["audit"]
    return [row for row in reversed(audit) if row["action"] == action]


async def test_each_read_says_on_which_ground(client: TestClient) -> None:
    conversation_id, _ = await queued_conversation(client)  # waiting at Nav Asker (0220), veileder1's enhet
    csrf = await login(client, "veileder1")
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200  # before taking it
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200  # hers now: a new ground
    await login(client, "nks1")
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200

    rows = await read_rows(client, conversation_id)
    assert [(r["username"], r["detail"].get("why")) for r in rows] == [
        ("veileder1", "enhet_queue"), ("veileder1", "assigned"), ("nks1", "kontaktsenter")]
    assert [r["purpose_label"] for r in rows] == [
        "samtale ved egen enhet", "tildelt veilederen", "kontaktsenter-oversikt"]
    assert all("Formål" not in r["detail_nb"] for r in rows)  # said once, in its own column


async def test_a_chat_transferred_to_a_veileder_is_read_as_transferred_to_her(client: TestClient) -> None:
    await staff_service.create_user(client.app[DEPS].uow, username="veileder3", password="passord-veileder3",
                                    navn="Aisha Ali", enhetsnummer="0220", roles=["veileder"])
    conversation_id, _ = await queued_conversation(client)
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    moved = await client.post(f"/api/staff/conversations/{conversation_id}/transfer", headers=csrf,
                              json={"to_veileder": "veileder3", "note": "kan arabisk"})
    assert moved.status == 200, await moved.text()
    await login(client, "veileder3")
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200
    rows = await read_rows(client, conversation_id)
    assert (rows[-1]["username"], rows[-1]["detail"]["why"]) == ("veileder3", "transferred_to_them")
    assert rows[-1]["purpose_label"] == "overført til veilederen"


async def test_a_live_read_says_its_ground_too(client: TestClient) -> None:
    conversation_id, _ = await queued_conversation(client)
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    me = (await (await client.get("/api/staff/me")).json())["user"]
    veileder1 = StaffUser(me["id"], "veileder1", "V", "0220", frozenset({Role.VEILEDER}), frozenset())
    await staff_service.audit_live_read(client.app[DEPS], veileder1, conversation_id)
    (row,) = await read_rows(client, conversation_id, "live_read")
    assert row["detail"] == {"why": "assigned"} and row["purpose_label"] == "tildelt veilederen"
