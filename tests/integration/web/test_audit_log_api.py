"""GET /api/admin/audit as a personvernombud needs it (probe 108's finding 7): filters by time (from/to, ISO,
checked), action, user and conversation; keyset paging (before_id, next_before_id) that reaches every row however
many there are (it stopped at the 1,000 newest); every query is itself audited; and a revisor, who sees no chat,
is shown the rows about a kode 6 chat (reads of it and refused attempts) that no admin is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp.test_utils import TestClient

from router.ports.store import AuditEntry
from router.services import handoff
from router.services.staff import create_user
from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation

T0 = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


async def _get(client: TestClient, **params: Any) -> tuple[int, dict[str, Any]]:
    response = await client.get("/api/admin/audit", params={k: str(v) for k, v in params.items()})
    return response.status, await response.json()


async def test_filters_by_time_action_user_and_conversation(client: TestClient) -> None:
    deps = client.app[DEPS]
    async with deps.uow() as uow:
        for hour, (who, action, conversation) in enumerate([
            ("veileder1", "read", "c-1"), ("veileder2", "refused", "c-1"), ("veileder1", "take", "c-2"),
            ("veileder2", "read", "c-2"), ("veileder1", "read", "c-1"),
        ]):
            uow.audit.add(AuditEntry(T0 + timedelta(hours=hour), None, who, action, conversation,
                                     {"attempt": "read", "reason": "other_enhet"} if action == "refused" else {}))
    await login(client, "admin1")

    def seen(body: dict[str, Any]) -> list[tuple[str, str, str, str]]:
        return [(r["at"][11:16], r["username"], r["action"], r["conversation_id"]) for r in body["audit"]]

    # from is inclusive, to exclusive; without an offset a time is Oslo time (UTC+1 in November).
    status, body = await _get(client, **{"from": "2026-11-20T10:00:00+01:00", "to": "2026-11-20T12:00"})
    assert status == 200, body
    assert seen(body) == [("10:00", "veileder1", "take", "c-2"), ("09:00", "veileder2", "refused", "c-1")]
    assert body["next_before_id"] is None
    status, body = await _get(client, action="read", username="veileder1", **{"to": "2026-11-21"})
    assert seen(body) == [("12:00", "veileder1", "read", "c-1"), ("08:00", "veileder1", "read", "c-1")]
    status, body = await _get(client, conversation_id="c-2")
    assert seen(body) == [("11:00", "veileder2", "read", "c-2"), ("10:00", "veileder1", "take", "c-2")]
    # In words beside the codes, for the page.
    status, body = await _get(client, action="refused")
    [refused] = body["audit"]
    assert refused["action_label"] == "Ble nektet tilgang"
    assert refused["detail_nb"] == "Forsøkte: åpnet samtalen · Grunn: samtalen hører til en annen enhet"
    assert refused["protection"] == [] and refused["protection_label"] is None and isinstance(refused["id"], int)


async def test_bad_filters_are_refused_with_a_reason(client: TestClient) -> None:
    await login(client, "admin1")
    for params, words in (
        ({"from": "yesterday"}, "from must be an ISO 8601"),
        ({"to": "2026-13-01"}, "to must be an ISO 8601"),
        ({"from": "2026-11-20 10:00"}, "from must be an ISO 8601"),
        ({"from": "2026-11-20T10:00Z", "to": "2026-11-20T09:00Z"}, "from must be before to"),
        ({"action": "DROP TABLE"}, "action must be"),
        ({"before_id": "-1"}, "before_id must be"),
        ({"limit": "501"}, "limit must be"),
        ({"limit": "0"}, "limit must be from 1"),
    ):
        status, body = await _get(client, **params)
        assert status == 400 and words in body["error"], (params, body)
    # In the page's words for the page (staff.js shows error_nb).
    status, body = await _get(client, **{"from": "2026-11-20T10:00Z", "to": "2026-11-20T09:00Z"})
    assert body["error_nb"] == "«Fra og med» må være før «Til og med»."
    status, body = await _get(client, to="i går")
    assert body["error_nb"] == "Ugyldig tidspunkt i «Til og med». Bruk formen 2026-12-08T10:20."


async def test_paging_reaches_every_row_and_each_query_is_audited(client: TestClient) -> None:
    deps = client.app[DEPS]
    async with deps.uow() as uow:
        for n in range(1205):
            uow.audit.add(AuditEntry(T0 + timedelta(seconds=n), None, "veileder1", "read", f"c-{n}", {}))
    await login(client, "admin1")
    seen: list[str] = []
    before: int | None = None
    pages = 0
    while True:
        params: dict[str, Any] = {"username": "veileder1", "limit": 500}
        if before is not None:
            params["before_id"] = before
        status, body = await _get(client, **params)
        assert status == 200, body
        pages += 1
        seen += [r["conversation_id"] for r in body["audit"]]
        before = body["next_before_id"]
        if before is None:
            break
    assert pages == 3 and seen == [f"c-{n}" for n in reversed(range(1205))], "every row, the oldest too, once"
    # Each query left a row of its own: who, with which filters, how many rows they were shown.
    status, body = await _get(client, action="audit_query", username="admin1")
    queries = body["audit"]
    assert [(q["detail"]["username"], "before_id" in q["detail"], q["detail"]["rows"]) for q in reversed(queries)] \
        == [("veileder1", False, 500), ("veileder1", True, 500), ("veileder1", True, 205)]
    assert queries[0]["action_label"] == "Søkte i tilgangsloggen"
    status, body = await _get(client, action="audit_query", **{"from": "2026-11-20T10:00"})
    status, body = await _get(client, action="audit_query", limit=1)
    assert body["audit"][0]["detail_nb"] == "Handling: søkte i tilgangsloggen · Fra: 20.11.2026 10:00:00 · Rader vist: 4"


async def test_a_revisor_sees_who_read_and_who_tried_a_kode_6_chat_and_an_admin_does_not(client: TestClient) -> None:
    deps = client.app[DEPS]
    conversation_id, _ = await open_conversation(client)
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None
        conversation.diskresjonskode = "SPSF"
    await handoff.hand_off(deps, conversation_id, reason="test", actor="bruker")
    await create_user(deps.uow, username="vika1", password="passord-vika1", navn="Vika Veileder",
                      enhetsnummer="2103", roles=["veileder"], permissions=["strengt_fortrolig", "fortrolig"])
    await create_user(deps.uow, username="revisor1", password="passord-revisor1", navn="Rita Revisor",
                      enhetsnummer="0220", roles=["revisor"])
    await login(client, "veileder1")  # curious: refused
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status in (403, 404)
    await login(client, "vika1")  # the kode 6 office: reads it
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status == 200

    await login(client, "admin1")
    status, body = await _get(client, conversation_id=conversation_id)
    assert status == 200 and body["audit"] == [], "need-to-know: an admin without the permission sees no row of it"

    await login(client, "revisor1")
    status, body = await _get(client, conversation_id=conversation_id)
    assert status == 200, body
    rows = {(r["username"], r["action"]): r for r in body["audit"]}
    assert ("vika1", "read") in rows
    refused = rows[("veileder1", "refused")]
    assert refused["detail"] == {"attempt": "read", "reason": "missing_permission", "needs": ["strengt_fortrolig"]}
    assert refused["protection"] == ["strengt_fortrolig"]
    assert refused["protection_label"] == "Strengt fortrolig (kode 6)"
    # The revisor audits; they see no chat themselves, however it is asked for.
    assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status in (403, 404)
    assert (await (await client.get("/api/staff/queue")).json())["conversations"] == []
    # A veileder reads no audit log.
    await login(client, "veileder1")
    assert (await client.get("/api/admin/audit")).status == 403
