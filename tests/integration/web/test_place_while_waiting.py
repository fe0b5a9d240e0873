"""A waiting bruker tells where they live now, over the HTTP API with the real reference data: the chat moves to
the office that serves the place moved to, and a kommune NAV serves per bydel gets its bydel asked for."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from router.texts import fixed_text
from tests.conftest import login, open_conversation, settle


async def waiting_at(client: TestClient, kommune: str) -> tuple[str, dict[str, str]]:
    conversation_id, auth = await open_conversation(client, kommune=kommune)
    response = await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    assert response.status == 200, await response.text()
    return conversation_id, auth


async def say(client: TestClient, conversation_id: str, auth: dict[str, str], text: str,
              msg_id: str) -> list[dict[str, Any]]:
    """What the bruker is shown after ``text``: the messages that answer it."""
    response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                 json={"client_msg_id": msg_id, "text": text})
    assert response.status == 201, await response.text()
    await settle(client)
    shown = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    mine = next(m for m in shown["messages"] if m["client_msg_id"] == msg_id)
    return [m for m in shown["messages"] if m.get("reply_to") == mine["seq"]]


async def enhet_of(client: TestClient, conversation_id: str) -> str:
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    return str(detail["conversation"]["enhetsnummer"])


async def test_moved_to_bergen_while_waiting_in_sandnes_moves_the_chat_and_asks_the_bydel(client: TestClient) -> None:
    """The probe's words. Bergen has one NAV office per bydel: the kommune alone names none, so the bydel is asked
    for, and the answer moves the chat to the bydel's office. The step on the way is one short notice (a later probe
    read three long ones, each with the wait, in two turns); the wait comes with the move to the bydel's office."""
    conversation_id, auth = await waiting_at(client, "Sandnes")
    await login(client, "nks1")
    assert await enhet_of(client, conversation_id) == "1102"  # Nav Sandnes
    answer = await say(client, conversation_id, auth, "Jeg bor ikke i Sandnes lenger, flyttet til Bergen", "m1")
    # As far as the kommune says (its kontaktsenter), and the bydel asked for, in one notice without the wait
    assert [m["text"] for m in answer] == [" ".join([
        fixed_text("conversation_moved", "nb", enhet="Nav kontaktsenter Vestland"),
        fixed_text("bydel_question", "nb", kommune="Bergen")])]
    assert await enhet_of(client, conversation_id) == "4112"
    answer = await say(client, conversation_id, auth, "Årstad", "m2")
    assert await enhet_of(client, conversation_id) == "1208"  # Nav Bergen sentrum serves Årstad
    assert answer[0]["text"].startswith("Samtalen din er flyttet til Nav Bergen sentrum.")
    assert "veileder" in answer[0]["text"]  # the wait at the bydel's office


async def test_moved_from_one_kommune_to_another_moves_the_chat_to_the_new_one(client: TestClient) -> None:
    """"fra Sandnes til Sola" was read as Sandnes, where the chat already waited: it stayed, and nothing was said."""
    conversation_id, auth = await waiting_at(client, "Sandnes")
    await login(client, "nks1")
    answer = await say(client, conversation_id, auth, "Jeg har flyttet fra Sandnes til Sola", "m1")
    assert await enhet_of(client, conversation_id) == "1124"  # Nav Sola
    assert [m["text"].split(".")[0] for m in answer] == ["Samtalen din er flyttet til Nav Sola"]
