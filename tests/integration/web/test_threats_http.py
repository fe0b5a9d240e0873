"""Probe 96 over HTTP, on the real app and SQLite: a threatened veileder closes with a note and downloads the
transcript as a file; the next chat from the same address waits for a colleague, its card warns; spam in the queue
is closed from the card without a take."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation, settle


async def handed_off(client: TestClient) -> str:
    conversation_id, auth = await open_conversation(client)
    response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                 json={"text": "Jeg vet hvor du bor, jeg kommer med kniv", "client_msg_id": "m1"})
    assert response.status in (200, 201), await response.text()
    await settle(client)
    response = await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    assert response.status == 200, await response.text()
    return conversation_id


async def test_a_threat_closed_with_a_note_downloaded_and_the_next_chat_kept_from_her(client: TestClient) -> None:
    csrf = await login(client, "veileder1")
    assert (await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)).status == 200
    first = await handed_off(client)
    mine = await (await client.get("/api/staff/conversations/mine")).json()
    assert [c["id"] for c in mine["conversations"]] == [first], "given to her automatically"
    refused = await client.post(f"/api/staff/conversations/{first}/close", json={"outcome": "trusler"}, headers=csrf)
    assert refused.status == 400 and "Skriv kort" in (await refused.json())["error_nb"]
    closed = await client.post(f"/api/staff/conversations/{first}/close", headers=csrf,
                               json={"outcome": "trusler", "note": "Truet med kniv"})
    assert closed.status == 200, await closed.text()

    download = await client.post(f"/api/staff/conversations/{first}/transcript", headers=csrf,
                                 json={"purpose": "Anmeldelse til politiet"})
    assert download.status == 200, await download.text()
    assert download.content_type == "text/plain"
    assert download.headers["Content-Disposition"].startswith(f'attachment; filename="chat-{first[:8]}-')
    text = await download.text()
    assert "Bruker: Jeg vet hvor du bor, jeg kommer med kniv" in text and "Truet med kniv" in text

    # The same address (127.0.0.1 here, as a keyed hash): it waits, and its card says why she should know.
    again = await handed_off(client)
    queue = await (await client.get("/api/staff/queue")).json()
    card = next(c for c in queue["conversations"] if c["id"] == again)
    assert card["state"] == "QUEUED" and card["earlier_threat"] is True
    async with client.app[DEPS].uow() as uow:
        stored = await uow.conversations.get(again)
        actions = [entry.action for entry in await uow.audit.query(conversation_id=first, username=None, limit=20)]
    assert stored is not None and stored.origin_key and "127.0.0.1" not in stored.origin_key
    assert "transcript_download" in actions


async def test_spam_in_the_queue_is_closed_from_the_card(client: TestClient) -> None:
    spam = await handed_off(client)
    csrf = await login(client, "veileder1")
    taken_first = await client.post(f"/api/staff/conversations/{spam}/close", json={"outcome": "besvart"},
                                    headers=csrf)
    assert taken_first.status == 403
    dismissed = await client.post(f"/api/staff/conversations/{spam}/close", json={"outcome": "ikke_nav"},
                                  headers=csrf)
    assert dismissed.status == 200, await dismissed.text()
    assert (await dismissed.json())["state"] == "CLOSED"
    other_office = await login(client, "veileder2")
    another = await handed_off(client)
    refused = await client.post(f"/api/staff/conversations/{another}/close", json={"outcome": "ikke_nav"},
                                headers=other_office)
    assert refused.status in (403, 404), "need-to-know: another office's queue is not hers to dismiss"
