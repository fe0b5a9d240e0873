"""Acute need and the place, over the HTTP API with the real reference data, on the probe's Saturday (everything
closed): the bruker is queued at once with priority, and the place that decides their office is asked in the same
answer, so the answer moves the chat there while they keep their place in line."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.domain.opening_hours import OSLO
from router.texts import fixed_text
from tests.conftest import INTERNAL_TOKEN, during_bot_turn, login, open_conversation, settle
from tests.expected_texts import first_in_queue
from tests.integration.web.test_unattended_emergency import acute_need

INTERNAL = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}
SATURDAY = datetime(2026, 12, 5, 11, 0, tzinfo=OSLO)

def bydel_question(language: str, kommune: str) -> str:
    """The bydel question as the bruker reads it: with the bydeler named where they are few (services/handoff.py;
    probe 87), else with the postnummer hint (Oslo)."""
    if kommune in NAMED:
        return fixed_text("bydel_question_named", language, kommune=kommune, bydeler=NAMED[kommune])
    return fixed_text("bydel_question", language, kommune=kommune)


NAMED = {"Bergen": "Arna, Bergenhus, Fana, Fyllingsdalen, Laksevåg, Ytrebygda, Årstad eller Åsane",
         "Trondheim": "Midtbyen, Østbyen, Lerkendal eller Heimdal",
         "Stavanger": "Hundvåg, Tasta, Eiganes og Våland, Madla, Storhaug, Hillevåg, Hinna, Finnøy eller Rennesøy"}


@pytest.fixture(autouse=True)
def on_saturday(clock: FixedClock) -> None:
    clock.advance(seconds=(SATURDAY - clock.now()).total_seconds())


async def say(client: TestClient, conversation_id: str, auth: dict[str, str], text: str,
              msg_id: str) -> list[dict[str, Any]]:
    """What the bruker is shown in answer to ``text``."""
    response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                 json={"client_msg_id": msg_id, "text": text})
    assert response.status == 201, await response.text()
    await settle(client)
    return await answers_to(client, conversation_id, auth, msg_id)


async def answers_to(client: TestClient, conversation_id: str, auth: dict[str, str],
                     msg_id: str) -> list[dict[str, Any]]:
    shown = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    mine = next(m for m in shown["messages"] if m["client_msg_id"] == msg_id)
    return [m for m in shown["messages"] if m.get("reply_to") == mine["seq"]
            or (m["seq"] > mine["seq"] and m["sender"] == "system" and m.get("reply_to") is None)]


async def conversation_of(client: TestClient, conversation_id: str) -> dict[str, Any]:
    await login(client, "nks1")
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    return dict(detail["conversation"])


@pytest.mark.parametrize(("kommune", "kontaktsenter", "bydel", "office"), [
    ("Bergen", "4112", "Årstad", "1208"),  # the probe's: Nav Bergen sentrum serves Årstad
    ("Oslo", "4106", "Sagene", "0314"),
    ("Trondheim", "4116", "Lerkendal", "5702"),
    ("Stavanger", "4111", "Hillevåg", "1164"),
])
async def test_acute_need_in_a_kommune_served_per_bydel_queues_at_once_and_asks_the_bydel(
        client: TestClient, kommune: str, kontaktsenter: str, bydel: str, office: str) -> None:
    """"jeg har ingen mat og ingen penger igjen", then "jeg bor i Bergen" to the bot's offer of a person: queued at
    the kontaktsenter (the kommune names no office) with priority and never asked the bydel."""
    conversation_id, auth = await open_conversation(client, kommune=None)
    await say(client, conversation_id, auth, "jeg har ingen mat og ingen penger igjen", "m1")

    async def action_handoff() -> int:  # as the action server hands off after "jeg bor i <kommune>"
        response = await client.post(f"/api/internal/conversations/{conversation_id}/handoff", headers=INTERNAL,
                                     json={"reason": "akutt behov", "tema": "KOM", "priority": "emergency",
                                           "kommune": kommune})
        return response.status

    assert await during_bot_turn(client, conversation_id, auth, action_handoff) == 200
    queued = await conversation_of(client, conversation_id)
    # Not delayed by a question: in line at once, first in it.
    assert (queued["state"], queued["priority"], queued["enhetsnummer"]) == ("QUEUED", "emergency", kontaktsenter)
    shown = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    texts = [m["text"] for m in shown["messages"] if m["sender"] == "system"]
    assert texts[-1] == first_in_queue(bydel_question("nb", kommune), "nb")
    assert texts[-2].startswith("Du står nå i kø")
    # The answer moves the chat to the bydel's office, as a place told while waiting does; still first in line.
    answer = await say(client, conversation_id, auth, bydel, "m2")
    moved = await conversation_of(client, conversation_id)
    assert (moved["state"], moved["priority"], moved["enhetsnummer"]) == ("QUEUED", "emergency", office)
    assert answer[0]["text"].startswith("Samtalen din er flyttet til")


async def test_the_kommune_again_to_the_bydel_question_asks_for_the_bydel_once_more(client: TestClient) -> None:
    """helper-153's bruker answered "Oslo" to the question of her bydel in Oslo and read only that her message was
    stored: nothing said the bydel was still missing. Now she is asked once more, and a third "Oslo" is left be."""
    conversation_id, auth = await acute_need(client, kommune="Oslo")
    again = await say(client, conversation_id, auth, "Oslo", "m2")
    assert [m["text"] for m in again] == [fixed_text("bydel_question_again", "nb", kommune="Oslo")], again
    third = await say(client, conversation_id, auth, "Oslo", "m3")
    assert fixed_text("bydel_question_again", "nb", kommune="Oslo") not in [m["text"] for m in third], third
    assert (await conversation_of(client, conversation_id))["enhetsnummer"] == "4106", "still where she waited"
