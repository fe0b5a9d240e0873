"""A kode 6 conversation is absent from every staff view of a user without the permission, over HTTP: queue,
own inbox, the conversation itself, search, the kontaktsenter overview, the audit listing and the /metrics labels."""

from __future__ import annotations

import dataclasses

from aiohttp.test_utils import TestClient

from router.ports.store import AuditEntry
from router.services import handoff
from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation

METRICS_TOKEN = "m" * 32


async def test_kode_6_is_invisible_without_the_permission(client: TestClient) -> None:
    deps = client.app[DEPS]
    deps.settings = dataclasses.replace(deps.settings, metrics_token=METRICS_TOKEN)
    conversation_id, _ = await open_conversation(client)
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None
        conversation.diskresjonskode = "SPSF"  # as the person register said at login (services/login.py)
    await handoff.hand_off(deps, conversation_id, reason="test", actor="bruker")
    async with deps.uow() as uow:
        stored = await uow.conversations.get(conversation_id)
        assert stored is not None and stored.enhetsnummer == "2103"
        # A lookup row about it, as login writes one.
        uow.audit.add(AuditEntry(deps.clock.now(), None, "bruker", "register_lookup", conversation_id, {"why": "t"}))

    for user in ("veileder1", "nks1", "admin1"):
        csrf = await login(client, user)
        for path in ("/api/staff/queue", "/api/staff/conversations/mine"):
            body = await (await client.get(path)).text()
            assert conversation_id not in body, (user, path)
        assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status in (403, 404)
        for words in (conversation_id[:8], "2103", "test"):
            found = await client.get("/api/staff/conversations/search", params={"q": words})
            # admin alone searches no chat at all (it reads none: probe 108); the others find no kode 6 chat
            assert found.status == (403 if user == "admin1" else 200), (user, words)
            assert conversation_id not in await found.text(), (user, words)
        # Refused as the chat itself (dispatch.visible_to): admin for her role, the others as any chat not theirs.
        case = await client.get(f"/api/staff/conversations/{conversation_id}/case")
        assert case.status == 403 and "facts" not in await case.text(), user
        if user in ("nks1", "admin1"):
            overview = await (await client.get("/api/staff/overview")).json()
            assert conversation_id not in str(overview) and "2103" not in {g["enhetsnummer"] for g in overview["groups"]}
        if user == "admin1":
            audit = await (await client.get("/api/admin/audit")).json()
            assert conversation_id not in {row["conversation_id"] for row in audit["audit"]}
        await client.post("/api/staff/logout", headers=csrf)
    metrics = await (await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})).text()
    assert '"2103"' not in metrics and conversation_id not in metrics


async def test_search_finds_what_the_user_may_see_and_is_audited(client: TestClient) -> None:
    """The positive control for the search above: an ordinary conversation is found by its id, its reason and its
    summary; a veileder searches their own enhet; the words are not written to the audit."""
    deps = client.app[DEPS]
    conversation_id, _ = await open_conversation(client, kommune="Asker")
    await handoff.hand_off(deps, conversation_id, reason="bruker ba om veileder", actor="bot",
                           summary={"digisos_oppsummering": "Behov: strøm og husleie"})
    await login(client, "veileder1")  # Nav Asker
    for words in (conversation_id[:8], "strøm", "ba om veileder"):
        body = await (await client.get("/api/staff/conversations/search", params={"q": words})).json()
        assert [c["id"] for c in body["conversations"]] == [conversation_id], words
    assert (await client.get("/api/staff/conversations/search", params={"q": "x"})).status == 400
    async with deps.uow() as uow:
        rows = await uow.audit.query(conversation_id=None, username="veileder1", limit=10)
    searches = [r for r in rows if r.action == "search"]
    assert searches and searches[0].detail == {"hits": 1, "searched": "tekst"} and "strøm" not in str(searches)
    await login(client, "veileder2")  # Nav Frogner: not their enhet
    body = await (await client.get("/api/staff/conversations/search", params={"q": "strøm"})).json()
    assert body["conversations"] == []


async def test_a_search_for_a_fodselsnummer_says_so_and_never_holds_the_number(client: TestClient) -> None:
    """Probe 134: a search for Ola's fødselsnummer left "Treff: 0" and nothing more. The row says a fødselsnummer was
    searched (and, with login configured, whose: tests/unit/services/test_search_audit.py), never the number."""
    deps = client.app[DEPS]
    await login(client, "veileder1")
    body = await (await client.get("/api/staff/conversations/search", params={"q": "010190 12480"})).json()
    assert body["conversations"] == []
    async with deps.uow() as uow:
        rows = await uow.audit.query(conversation_id=None, username="veileder1", limit=10)
    assert [r.detail for r in rows if r.action == "search"] == [{"hits": 0, "searched": "fødselsnummer"}]
    assert "12480" not in str(rows)
