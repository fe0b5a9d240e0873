"""POST /api/staff/conversations/{id}/notes through the real app: the note is in the opened chat's history and in
the audit log, pushed to the veileder's socket, and nowhere the bruker reads (her messages, her socket)."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from tests.conftest import frames_until_quiet, login
from tests.integration.web.test_bruker_presence import bruker_socket, staff_socket
from tests.integration.web.test_who_ended_and_left import taken_conversation


async def test_a_note_reaches_colleagues_and_never_the_bruker(client: TestClient) -> None:
    conversation_id, auth, csrf = await taken_conversation(client)
    page = await bruker_socket(client, conversation_id, auth)
    console = await staff_socket(client)
    await frames_until_quiet(console)  # what the socket says on opening

    added = await client.post(f"/api/staff/conversations/{conversation_id}/notes", headers=csrf,
                              json={"text": "Søkte i går, venter på vedtak. Kontonr 1234.56.78903."})
    assert added.status == 201, await added.text()
    event = (await added.json())["event"]
    assert event["kind"] == "staff_note" and "1234.56.78903" not in event["text"]
    assert event["text"].startswith("Internt notat fra ")

    pushed = [f for f in await frames_until_quiet(console, 0.5) if f["type"] == "history"]
    assert pushed == [{"type": "history", "conversation_id": conversation_id, "event": event}]
    assert await frames_until_quiet(page, 0.5) == [], "nothing reaches the bruker's page"
    hers = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    assert not any("vedtak" in (m.get("text") or "") for m in hers["messages"])

    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert [e["text"] for e in detail["events"] if e["kind"] == "staff_note"] == [event["text"]]
    await page.close()
    await console.close()
    await login(client, "admin1")
    audit = await (await client.get("/api/admin/audit", params={"conversation_id": conversation_id})).json()
    assert [(r["username"], r["action"]) for r in audit["audit"] if r["action"] == "note"] == [("veileder1", "note")]


async def test_a_bad_note_is_refused_with_a_reason(client: TestClient) -> None:
    conversation_id, _, csrf = await taken_conversation(client)
    url = f"/api/staff/conversations/{conversation_id}/notes"
    empty = await client.post(url, headers=csrf, json={"text": "   "})
    assert empty.status == 400 and "empty" in (await empty.json())["error"]
    too_long = await client.post(url, headers=csrf, json={"text": "x" * 501})
    assert too_long.status in (400, 422) and "text" in (await too_long.text())
    assert (await client.post(url, json={"text": "uten CSRF"})).status == 403
    assert (await client.post("/api/staff/conversations/nope/notes", headers=csrf, json={"text": "hei"})).status == 404
    closed = await client.post(f"/api/staff/conversations/{conversation_id}/close", headers=csrf,
                               json={"outcome": "besvart"})
    assert closed.status == 200
    late = await client.post(url, headers=csrf, json={"text": "for sent"})
    assert late.status == 409 and "avsluttet" in (await late.json())["error_nb"]
