"""A refused attempt at a conversation leaves an audit row (who, when, which, what was tried, why), answered as
before; the audit listing shows a protected conversation's refusals only to readers with its permission."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from router.services import handoff
from router.services.staff import create_user
from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation


async def _refused_rows(client: TestClient, conversation_id: str) -> list[Any]:
    async with client.app[DEPS].uow() as uow:
        rows = await uow.audit.query(conversation_id=conversation_id, username=None, limit=100)
    return sorted((r for r in rows if r.action == "refused"), key=lambda r: (r.username, r.detail["attempt"] if r.detail else ""))


async def test_refused_reads_of_a_kode_6_conversation_are_audited_and_answered_as_before(client: TestClient) -> None:
    deps = client.app[DEPS]
    conversation_id, _ = await open_conversation(client)
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None
        conversation.diskresjonskode = "SPSF"  # as the person register said at login (services/login.py)
    await handoff.hand_off(deps, conversation_id, reason="test", actor="bruker")
    ordinary_id, _ = await open_conversation(client)  # Asker: veileder1's enhet in these tests, not veileder2's
    await handoff.hand_off(deps, ordinary_id, reason="test", actor="bruker")
    csrf = await login(client, "veileder2")
    other = await client.get(f"/api/staff/conversations/{ordinary_id}")
    ordinary_refusal = (other.status, await other.text())
    await client.post("/api/staff/logout", headers=csrf)

    answers = {}
    for user in ("veileder1", "nks1", "admin1"):
        csrf = await login(client, user)
        response = await client.get(f"/api/staff/conversations/{conversation_id}")
        answers[user] = (response.status, await response.text())
        # The kode 6 refusal says no more than an ordinary one: the same status and words. An admin, who sees
        # every enhet, is refused every chat's content for her role: the kode 6 one alike (not "annen enhet").
        if user == "admin1":
            mine = await client.get(f"/api/staff/conversations/{ordinary_id}")
            assert answers[user] == (mine.status, await mine.text())
        else:
            assert answers[user] == ordinary_refusal
        if user == "veileder1":
            assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 403
            assert (await client.get("/api/staff/conversations/no-such-id")).status == 404
        await client.post("/api/staff/logout", headers=csrf)
    assert {status for status, _ in answers.values()} == {403}
    await create_user(deps.uow, username="vika1", password="passord-vika1", navn="Vika Testesen",
                      enhetsnummer="2103", roles=["veileder"], permissions=["strengt_fortrolig"])
    await login(client, "vika1")
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200

    rows = await _refused_rows(client, conversation_id)
    assert [(r.username, r.detail) for r in rows] == [
        ("admin1", {"attempt": "read", "reason": "missing_permission", "needs": ["strengt_fortrolig"]}),
        ("nks1", {"attempt": "read", "reason": "missing_permission", "needs": ["strengt_fortrolig"]}),
        ("veileder1", {"attempt": "read", "reason": "missing_permission", "needs": ["strengt_fortrolig"]}),
        ("veileder1", {"attempt": "take", "reason": "missing_permission", "needs": ["strengt_fortrolig"]}),
    ]
    assert all(r.at == deps.clock.now() and r.veileder_id is not None for r in rows)
    assert [(r.username, r.detail) for r in await _refused_rows(client, ordinary_id)] == [
        ("admin1", {"attempt": "read", "reason": "role_reads_no_content"}),
        ("veileder2", {"attempt": "read", "reason": "other_enhet"})]
    async with deps.uow() as uow:
        unknown = await uow.audit.query(conversation_id="no-such-id", username=None, limit=10)
    assert unknown == []

    # The audit's readers: need-to-know holds for the refusals too.
    await login(client, "admin1")
    listed = (await (await client.get("/api/admin/audit")).json())["audit"]
    assert conversation_id not in {row["conversation_id"] for row in listed}
    assert {"username": "veileder2", "action": "refused", "conversation_id": ordinary_id,
            "detail": {"attempt": "read", "reason": "other_enhet"}} in [
        {k: row[k] for k in ("username", "action", "conversation_id", "detail")} for row in listed]
    await create_user(deps.uow, username="admin6", password="passord-admin6", navn="Sikker Admin",
                      enhetsnummer="2103", roles=["admin"], permissions=["strengt_fortrolig"])
    await login(client, "admin6")
    listed = (await (await client.get("/api/admin/audit", params={"conversation_id": conversation_id})).json())["audit"]
    assert sorted(row["username"] for row in listed if row["action"] == "refused") == [
        "admin1", "nks1", "veileder1", "veileder1"]


async def test_a_refused_read_before_handoff_is_audited_as_a_404(client: TestClient) -> None:
    """Before a human was asked for, the conversation does not exist to staff: 404 as ever, and a row."""
    conversation_id, _ = await open_conversation(client)
    await login(client, "veileder1")
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 404
    rows = await _refused_rows(client, conversation_id)
    assert [(r.username, r.detail) for r in rows] == [("veileder1", {"attempt": "read", "reason": "not_handed_off"})]


async def test_refused_watch_and_reply_over_the_staff_socket_are_audited_as_the_http_ones(client: TestClient) -> None:
    """The console watches and replies over its WebSocket: a refusal there is a `refused` row as a refused GET or
    POST is (who, which, what was tried, why), answered as before; an unknown id leaves none."""
    deps = client.app[DEPS]
    conversation_id, _ = await open_conversation(client)  # Asker: veileder1's enhet in these tests, not veileder2's
    await handoff.hand_off(deps, conversation_id, reason="test", actor="bruker")
    await login(client, "veileder2")
    staff_ws = await client.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json(timeout=5))["type"] == "ready"
    await staff_ws.send_json({"type": "watch", "conversation_id": conversation_id})
    assert (await staff_ws.receive_json(timeout=5))["type"] == "watch_error"
    await staff_ws.send_json({"type": "watch", "conversation_id": "no-such-id"})
    assert (await staff_ws.receive_json(timeout=5))["type"] == "watch_error"
    await staff_ws.send_json({"type": "reply", "conversation_id": conversation_id, "client_msg_id": "s1",
                              "text": "Hei!"})
    while (answer := await staff_ws.receive_json(timeout=5))["type"] != "reply_error":
        pass
    assert answer["status"] in (403, 404)
    await staff_ws.close()
    rows = await _refused_rows(client, conversation_id)
    assert [(r.username, r.detail) for r in rows] == [
        ("veileder2", {"attempt": "reply", "reason": "other_enhet"}),
        ("veileder2", {"attempt": "watch", "reason": "other_enhet"})]
    async with deps.uow() as uow:
        assert await uow.audit.query(conversation_id="no-such-id", username=None, limit=10) == []


async def test_the_revisor_refused_a_chat_or_its_case_is_refused_for_her_role_not_her_enhet(client: TestClient) -> None:
    """The revisor reads the audit log and no conversation, her own enhet's neither: her refusals said "samtalen
    hører til en annen enhet"."""
    conversation_id, _ = await open_conversation(client)
    await handoff.hand_off(client.app[DEPS], conversation_id, reason="test", actor="bruker")
    await create_user(client.app[DEPS].uow, username="revisor1", password="passord-revisor1", navn="Rita Revisor",
                      enhetsnummer="0220", roles=["revisor"])  # Asker's own, where the chat waits
    await login(client, "revisor1")
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status in (403, 404)
    assert (await client.get(f"/api/staff/conversations/{conversation_id}/case")).status in (403, 404)
    async with client.app[DEPS].uow() as uow:
        rows = await uow.audit.query(conversation_id=conversation_id, username="revisor1", limit=10)
    assert sorted((r.action, r.detail["reason"]) for r in rows) == [
        ("innsyn_refused", "role_reads_no_content"), ("refused", "role_reads_no_content")]
