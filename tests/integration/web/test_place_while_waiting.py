"""A waiting bruker tells where they live now, over the HTTP API with the real reference data: the chat moves to
the office that serves the place moved to, and a kommune NAV serves per bydel gets its bydel asked for."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from router.texts import fixed_text
from tests.conftest import INTERNAL_TOKEN, during_bot_turn, login, open_conversation, settle
from tests.integration.web.test_acute_need_place import NAMED, bydel_question

INTERNAL = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}



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
        fixed_text("bydel_question_named", "nb", kommune="Bergen", bydeler=NAMED["Bergen"])])]
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



@pytest.mark.parametrize(("kommune", "answer", "office"), [
    ("Stavanger", "Jeg bor i Hillevåg, 4016", "1164"),  # a probe's: Nav Hillevåg og Hinna; no bydel known for 4016
    ("Trondheim", "jeg bor i Heimdal, postnummer 7080", "5702"),  # Nav Lerkendal; no Trondheim postnummer has one
])
async def test_a_bydel_named_beside_a_postnummer_answers_the_bydel_question(
        client: TestClient, kommune: str, answer: str, office: str) -> None:
    """The bydel named beside a postnummer whose bydel the data does not know was lost: the chat stayed at the
    kontaktsenter ("Meldingen din er lagret") as if only the kommune had been said."""
    conversation_id, auth = await open_conversation(client, kommune=kommune)
    response = await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    assert (await response.json())["message"] == bydel_question("nb", kommune)
    await say(client, conversation_id, auth, answer, "m1")
    await login(client, "nks1")
    assert await enhet_of(client, conversation_id) == office


async def test_a_bydel_named_beside_a_postnummer_moves_a_waiting_chat(client: TestClient) -> None:
    """The same answer from a bruker already waiting at the kontaktsenter (the bydel question asked in the queue, as
    after an acute need): the chat moves to the bydel's office."""
    conversation_id, auth = await open_conversation(client, kommune=None)
    await say(client, conversation_id, auth, "jeg har ingen mat og ingen penger igjen", "m0")

    async def action_handoff() -> int:  # as the action server hands off an acute need after "jeg bor i Stavanger"
        response = await client.post(f"/api/internal/conversations/{conversation_id}/handoff", headers=INTERNAL,
                                     json={"reason": "akutt behov", "tema": "KOM", "priority": "emergency",
                                           "kommune": "Stavanger"})
        return response.status

    assert await during_bot_turn(client, conversation_id, auth, action_handoff) == 200
    await login(client, "nks1")
    assert await enhet_of(client, conversation_id) == "4111"  # Nav kontaktsenter Rogaland
    answer = await say(client, conversation_id, auth, "Jeg bor i Hillevåg, 4016", "m1")
    assert await enhet_of(client, conversation_id) == "1164"  # Nav Hillevåg og Hinna
    assert answer[0]["text"].startswith("Samtalen din er flyttet til Nav Hillevåg og Hinna.")
