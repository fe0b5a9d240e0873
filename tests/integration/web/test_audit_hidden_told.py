"""An admin whose audit log leaves out rows about kode 6/7 and skjermet chats is told how many chats were left out,
never which (privacy probe: the page said nothing, and "Ingen rader passer til søket" read as nothing there)."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from router.services import handoff
from router.services.staff import create_user
from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation


async def protected_chat(client: TestClient, *, kode: str | None = None, skjermet: bool = False) -> str:
    deps = client.app[DEPS]
    conversation_id, _ = await open_conversation(client)
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None
        conversation.diskresjonskode = kode
        conversation.skjermet = skjermet
    await handoff.hand_off(deps, conversation_id, reason="test", actor="bruker")
    return conversation_id


async def audit(client: TestClient, **params: Any) -> dict[str, Any]:
    response = await client.get("/api/admin/audit", params={k: str(v) for k, v in params.items()})
    assert response.status == 200, await response.text()
    return await response.json()


async def test_an_admin_is_told_how_many_chats_are_hidden_never_which(client: TestClient) -> None:
    deps = client.app[DEPS]
    kode6, kode7, skjermet = (await protected_chat(client, kode="SPSF"), await protected_chat(client, kode="SPFO"),
                              await protected_chat(client, skjermet=True))
    await login(client, "veileder1")  # the curious try all three, twice: refused rows about three chats
    for conversation_id in (kode6, kode7, skjermet, kode6, kode7, skjermet):
        assert (await client.get(f"/api/staff/conversations/{conversation_id}")).status in (403, 404)
    await create_user(deps.uow, username="admin7", password="passord-admin7", navn="Kari Kode7",
                      enhetsnummer="0220", roles=["admin"], permissions=["fortrolig"])
    await create_user(deps.uow, username="revisor1", password="passord-revisor1", navn="Rita Revisor",
                      enhetsnummer="0220", roles=["revisor"])

    await login(client, "admin1")
    body = await audit(client, username="veileder1", action="refused")
    assert body["audit"] == []
    assert body["hidden_conversations"] == 3
    assert body["hidden_note_nb"] == "3 samtaler er skjult for deg (adressebeskyttelse/skjerming)."
    assert all(c not in str(body) for c in (kode6, kode7, skjermet)), "never which"
    # One conversation searched by its id: no count, which would say whether it is protected
    # (test_protected_hidden_said.py).
    one = await audit(client, conversation_id=kode6)
    assert one["audit"] == [] and one["hidden_conversations"] is None and "1 samtale" not in str(one)
    # Filters hold for the count too: a time range before it all, an action nobody did.
    assert (await audit(client, to="2001-01-01"))["hidden_conversations"] == 0
    assert (await audit(client, action="transcript_download"))["hidden_note_nb"] is None

    await login(client, "admin7")  # kode 7 permission: sees those rows, is told of the other two
    body = await audit(client, username="veileder1", action="refused")
    assert {r["conversation_id"] for r in body["audit"]} == {kode7}
    assert body["hidden_conversations"] == 2

    await login(client, "revisor1")  # every row: nothing hidden, nothing said
    body = await audit(client, username="veileder1", action="refused")
    assert {r["conversation_id"] for r in body["audit"]} == {kode6, kode7, skjermet}
    assert body["hidden_conversations"] == 0 and body["hidden_note_nb"] is None
