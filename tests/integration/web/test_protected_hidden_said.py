"""What staff are told of the chats kept from them by their protection (kode 6/7, skjermet), without telling which,
how many, or whether a given one is protected (docs/PRIVACY.md, "What staff are told of what is kept from them").

The console's queue hid such chats from a veileder without the permission and said nothing, so "Ingen venter nå"
read as an empty queue; the kontaktsenter page and the audit log said how many. A count (or a line shown only while
one waits) in an office's queue tells a small office the moment a kode 7 or skjermet bruker came: the queue says
the same words whether any waits or none. The audit log searched for one conversation by its id said "1 samtale er
skjult" for a protected one and nothing for another: it now reads the same either way."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from router.domain import staff_labels
from router.services.staff import create_user
from router.web.appkeys import DEPS
from tests.conftest import login
from tests.integration.web.test_audit_hidden_told import audit
from tests.integration.web.test_audit_hidden_told import protected_chat as waiting_chat  # waits at Nav Asker

QUEUE_NOTE = ("Samtaler med adressebeskyttelse/skjerming som du ikke har tilgang til, vises ikke i køen, og køen sier "
              "ikke om det venter noen. Kolleger med tilgang tar dem.")


async def queue(client: TestClient) -> dict[str, Any]:
    response = await client.get("/api/staff/queue")
    assert response.status == 200, await response.text()
    return await response.json()


async def test_the_queue_says_protected_chats_are_kept_from_her_the_same_whether_any_waits(client: TestClient) -> None:
    deps = client.app[DEPS]
    await create_user(deps.uow, username="vera", password="passord-vera", navn="Vera Veileder", enhetsnummer="0220",
                      roles=["veileder"])
    await create_user(deps.uow, username="tora", password="passord-tora", navn="Tora Tilgang", enhetsnummer="0220",
                      roles=["veileder"], permissions=["strengt_fortrolig", "fortrolig", "skjermet"])
    await login(client, "vera")
    empty = await queue(client)
    assert empty == {"conversations": [], "hidden_note_nb": QUEUE_NOTE}
    assert staff_labels.QUEUE_HIDDEN_NOTE == QUEUE_NOTE

    kode7, skjermet = await waiting_chat(client, kode="SPFO"), await waiting_chat(client, skjermet=True)
    assert await queue(client) == empty, "the same answer with two protected chats waiting: no count, no change"
    plain = await waiting_chat(client)
    shown = await queue(client)
    assert [c["id"] for c in shown["conversations"]] == [plain]
    assert shown["hidden_note_nb"] == QUEUE_NOTE

    await login(client, "tora")  # may see every protected chat: nothing is kept from her, nothing said
    body = await queue(client)
    assert {c["id"] for c in body["conversations"]} == {kode7, skjermet, plain}
    assert body["hidden_note_nb"] is None


async def test_one_conversation_searched_by_id_reads_the_same_protected_or_not(client: TestClient) -> None:
    deps = client.app[DEPS]
    kode7, plain = await waiting_chat(client, kode="SPFO"), await waiting_chat(client)
    await login(client, "veileder1")  # no permission for kode 7: refused; a row about each chat either way
    assert (await client.get(f"/api/staff/conversations/{kode7}")).status == 403
    assert (await client.get(f"/api/staff/conversations/{plain}")).status in (200, 403)
    await create_user(deps.uow, username="revisor1", password="passord-revisor1", navn="Rita Revisor",
                      enhetsnummer="0220", roles=["revisor"])

    await login(client, "admin1")  # no permission for kode 7
    protected = await audit(client, conversation_id=kode7)
    unknown = await audit(client, conversation_id="0b5e1c9a-6f0e-4c8e-9a57-2f8d1e3b7c40")
    assert protected == unknown, "withheld rows read as no rows: the id does not tell that the chat is protected"
    assert protected["audit"] == [] and protected["hidden_conversations"] is None
    assert protected["hidden_note_nb"] == staff_labels.AUDIT_ONE_CONVERSATION_NOTE
    assert "1 samtale" not in str(protected)
    seen = await audit(client, conversation_id=plain)  # another chat's rows are shown, with the same words
    assert {r["conversation_id"] for r in seen["audit"]} == {plain}
    assert seen["hidden_note_nb"] == staff_labels.AUDIT_ONE_CONVERSATION_NOTE
    # Unfiltered by conversation, the count stays honest.
    whole = await audit(client)
    assert whole["hidden_conversations"] == 1
    assert whole["hidden_note_nb"] == "1 samtale er skjult for deg (adressebeskyttelse/skjerming)."
    assert (await audit(client, username="veileder1"))["hidden_conversations"] == 1

    await login(client, "revisor1")  # every row, nothing kept from her: nothing said
    body = await audit(client, conversation_id=kode7)
    assert {r["conversation_id"] for r in body["audit"]} == {kode7}
    assert body["hidden_note_nb"] is None
