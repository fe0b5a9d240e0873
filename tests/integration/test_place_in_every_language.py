"""Where the bruker lives, asked and understood in every language, over the HTTP API with the real reference data
and the language layer as it runs without translation models (Polish and Arabic reach no bot): økonomisk
sosialhjelp reaches the bruker's own NAV office, not the general kontaktsenter queue, whatever language they
write. The probe's Polish and Arabic brukere asked about sosialhjelp and then for a person, and went to
"Nav kontaktsenter generelt (NKS-OVRG)" without being asked where they live."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.adapters.language_layer import PolicyLanguageLayer
from router.app import Overrides, create_app
from router.config import Settings
from router.domain.opening_hours import OSLO
from router.texts import fixed_text
from router.web.language_api import _create_warm_detector
from tests.conftest import login, open_conversation, settle
from tests.expected_texts import first_in_queue
from tests.fakes import FakeBot, FakeTranslator

SATURDAY = datetime(2026, 12, 5, 11, 0, tzinfo=OSLO)
# (language, a sosialhjelp question, acute need, "I live in Asker")
BRUKERE = [
    ("pl", "Jak mogę złożyć wniosek o pomoc społeczną?", "Nie mam pieniędzy na jedzenie",
     "Mieszkam w Asker"),
    ("ar", "كيف يمكنني التقدم بطلب للحصول على المساعدة الاجتماعية؟", "ليس لدي مال لشراء الطعام",
     "أسكن في Asker"),
    # In Cyrillic letters: "Аскері" read as Askeri, near enough Asker where "я живу в" puts a place.
    ("uk", "Як подати заяву на соціальну допомогу?", "У мене немає грошей на їжу", "Я живу в Аскері"),
]


@pytest.fixture
async def client(aiohttp_client: Callable[..., Any], settings: Settings, fake_bot: FakeBot,
                 clock: FixedClock) -> AsyncIterator[TestClient]:
    clock.advance(seconds=(SATURDAY - clock.now()).total_seconds())
    layer = PolicyLanguageLayer(_create_warm_detector(), FakeTranslator(set()))  # no model installed
    yield await aiohttp_client(create_app(settings, Overrides(bot=fake_bot, clock=clock, language=layer)))


async def send(client: TestClient, conversation_id: str, auth: dict[str, str], text: str, msg_id: str,
               payload: str | None = None) -> list[dict[str, Any]]:
    """What the bruker is shown after ``text``: everything after it."""
    body = {"client_msg_id": msg_id, "text": text, **({"payload": payload} if payload else {})}
    response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth, json=body)
    assert response.status == 201, await response.text()
    await settle(client)
    shown = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    mine = next(m for m in shown["messages"] if m["client_msg_id"] == msg_id)
    return [m for m in shown["messages"] if m["seq"] > mine["seq"]]


async def to_a_person(client: TestClient, conversation_id: str, auth: dict[str, str],
                      language: str) -> list[dict[str, Any]]:
    """The button under the router's notice ("we cannot translate", the emergency contacts)."""
    return await send(client, conversation_id, auth, fixed_text("offer_human", language), "person",
                      payload="/human_handoff")


async def conversation_of(client: TestClient, conversation_id: str) -> dict[str, Any]:
    await login(client, "nks1")
    response = await client.get(f"/api/staff/conversations/{conversation_id}")
    assert response.status == 200, "not handed off: staff do not see it"
    return dict((await response.json())["conversation"])


@pytest.mark.parametrize(("language", "question", "acute", "lives_in_asker"), BRUKERE)
async def test_sosialhjelp_then_a_person_is_asked_the_place_and_the_answer_reaches_the_own_office(
        client: TestClient, language: str, question: str, acute: str, lives_in_asker: str) -> None:
    conversation_id, auth = await open_conversation(client, kommune=None)
    await send(client, conversation_id, auth, question, "q")
    asked = await to_a_person(client, conversation_id, auth, language)
    assert [m["text"] for m in asked] == [fixed_text("place_question", language)]
    # Answered in their own language (no model reads it, and the bot has no part in it): the place is the answer.
    answer = await send(client, conversation_id, auth, lives_in_asker, "answer")
    queued = await conversation_of(client, conversation_id)
    assert (queued["state"], queued["tema"], queued["enhetsnummer"]) == ("QUEUED", "KOM", "0220")  # Nav Asker
    # The queue notice answers it, with no "the chatbot cannot read your language" first.
    assert [m["text"].split(".")[0] for m in answer] == [
        fixed_text("queued", language, enhet="Nav Asker").split(".")[0]]


@pytest.mark.parametrize(("language", "question", "acute", "lives_in_asker"), BRUKERE)
async def test_acute_need_then_a_person_queues_at_once_asks_the_place_and_the_answer_moves_it(
        client: TestClient, language: str, question: str, acute: str, lives_in_asker: str) -> None:
    conversation_id, auth = await open_conversation(client, kommune=None)
    await send(client, conversation_id, auth, acute, "acute")
    shown = await to_a_person(client, conversation_id, auth, language)
    queued = await conversation_of(client, conversation_id)
    # In line at once, first in it; and asked where they live in the same answer.
    assert (queued["state"], queued["priority"], queued["enhetsnummer"]) == ("QUEUED", "emergency", "NKS-OVRG")
    assert shown[-1]["text"] == first_in_queue(fixed_text("place_question", language), language)
    answer = await send(client, conversation_id, auth, lives_in_asker, "answer")
    moved = await conversation_of(client, conversation_id)
    assert (moved["state"], moved["priority"], moved["enhetsnummer"]) == ("QUEUED", "emergency", "0220")
    assert answer[0]["text"].startswith(fixed_text("conversation_moved", language, enhet="Nav Asker").split(".")[0])


@pytest.mark.parametrize(("language", "question", "acute", "lives_in_asker"), BRUKERE)
async def test_a_place_said_to_the_bot_before_is_where_the_handoff_goes_with_no_question(
        client: TestClient, language: str, question: str, acute: str, lives_in_asker: str) -> None:
    # The bot cannot read it (no model), but "Mieszkam w Asker" names the place: a person asked for two messages
    # later is found at Nav Asker, acute need or not, and nobody asks where she lives.
    for need in (question, acute):
        conversation_id, auth = await open_conversation(client, kommune=None)
        await send(client, conversation_id, auth, lives_in_asker, "place")
        await send(client, conversation_id, auth, need, "need")
        shown = await to_a_person(client, conversation_id, auth, language)
        queued = await conversation_of(client, conversation_id)
        assert (queued["state"], queued["enhetsnummer"]) == ("QUEUED", "0220"), need  # Nav Asker
        assert fixed_text("place_question", language) not in [m["text"] for m in shown]
        assert any(m["text"].startswith(fixed_text("queued", language, enhet="Nav Asker")[:40]) for m in shown), \
            [m["text"] for m in shown]


@pytest.mark.parametrize("answer", ["I am in Spain", "i utlandet", "Jeg bor i Sverige nå"])
async def test_an_answer_from_abroad_goes_on_to_the_kontaktsenter_without_asking_again(
        client: TestClient, answer: str) -> None:
    # Emma, registered abroad, answered "I am in Spain" and was told "I did not understand where you live".
    conversation_id, auth = await open_conversation(client, kommune=None, language="en")
    await send(client, conversation_id, auth, "Can I get social assistance?", "q")
    asked = await to_a_person(client, conversation_id, auth, "en")
    assert [m["text"] for m in asked] == [fixed_text("place_question", "en")]
    shown = await send(client, conversation_id, auth, answer, "answer")
    assert fixed_text("place_question_again", "en") not in [m["text"] for m in shown]
    queued = await conversation_of(client, conversation_id)
    assert (queued["state"], queued["enhetsnummer"]) == ("QUEUED", "NKS-OVRG")
    shown_to_staff = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert "Brukeren svarte på hvor hen bor i utlandet" in str(shown_to_staff), list(shown_to_staff)
