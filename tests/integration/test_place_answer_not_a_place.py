"""Probe 117: a homeless bruker in acute need was queued, asked "Hvilken kommune eller bydel bor du i?", answered
"har ikke noe sted å bo", and her chat was moved to Nav Bø (1867): the "bo" of her answer was read as the kommune
Bø. Over the HTTP API with the real reference data: an answer that names no place moves nobody; it is asked once
more, and a real place after it routes as before. Everyday words said in passing while waiting move nobody either.
An answer that says she has no home ("har ikke noe sted å bo", "bostedsløs", "I am homeless") is asked instead,
once, where she stays now (that kommune's NAV office helps someone without a fixed address), in the queue keeping
her place and priority, and her answer moves the chat there."""

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
from router.services.handoff import bydel_question
from router.texts import fixed_text
from router.web.appkeys import DEPS
from router.web.language_api import _create_warm_detector
from tests.conftest import open_conversation
from tests.expected_texts import first_in_queue
from tests.fakes import FakeBot, FakeTranslator
from tests.integration.test_place_in_every_language import conversation_of, send, to_a_person

SATURDAY = datetime(2026, 12, 5, 11, 0, tzinfo=OSLO)


@pytest.fixture
async def client(aiohttp_client: Callable[..., Any], settings: Settings, fake_bot: FakeBot,
                 clock: FixedClock) -> AsyncIterator[TestClient]:
    clock.advance(seconds=(SATURDAY - clock.now()).total_seconds())
    layer = PolicyLanguageLayer(_create_warm_detector(), FakeTranslator(set()))
    yield await aiohttp_client(create_app(settings, Overrides(bot=fake_bot, clock=clock, language=layer)))


async def test_no_home_to_the_place_question_in_the_queue_is_asked_again_not_moved_to_bo(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client, kommune=None)
    await send(client, conversation_id, auth, "jeg har ikke penger til mat", "acute")
    shown = await to_a_person(client, conversation_id, auth, "nb")
    assert shown[-1]["text"] == first_in_queue(fixed_text("place_question", "nb"), "nb")
    queued = await conversation_of(client, conversation_id)
    assert (queued["state"], queued["priority"], queued["enhetsnummer"]) == ("QUEUED", "emergency", "NKS-OVRG")
    answer = await send(client, conversation_id, auth, "har ikke noe sted å bo", "nohome")
    stayed = await conversation_of(client, conversation_id)
    assert (stayed["state"], stayed["enhetsnummer"]) == ("QUEUED", "NKS-OVRG"), "not moved to Nav Bø"
    # Asked instead where she stays now (the tests below).
    assert [m["text"] for m in answer] == [fixed_text("place_question_no_home", "nb")]
    assert [b["title"] for b in answer[0]["buttons"]] == [fixed_text("place_decline", "nb")]
    # A place to the question asked again moves the chat as the first answer would have.
    await send(client, conversation_id, auth, "jeg bor i Asker", "asker")
    moved = await conversation_of(client, conversation_id)
    assert (moved["state"], moved["priority"], moved["enhetsnummer"]) == ("QUEUED", "emergency", "0220")


async def test_no_home_to_the_place_question_before_the_queue_is_asked_again(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client, kommune=None)
    await send(client, conversation_id, auth, "Hvordan søker jeg om sosialhjelp?", "q")
    asked = await to_a_person(client, conversation_id, auth, "nb")
    assert [m["text"] for m in asked] == [fixed_text("place_question", "nb")]
    again = await send(client, conversation_id, auth, "hvor skal jeg bo", "nohome")
    assert [m["text"] for m in again] == [fixed_text("place_question_again", "nb")]
    await send(client, conversation_id, auth, "Asker", "asker")
    queued = await conversation_of(client, conversation_id)
    assert (queued["state"], queued["enhetsnummer"]) == ("QUEUED", "0220")


async def test_rather_not_say_in_words_goes_on_without_a_second_question(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client, kommune=None)
    await send(client, conversation_id, auth, "Hvordan søker jeg om sosialhjelp?", "q")
    await to_a_person(client, conversation_id, auth, "nb")
    answer = await send(client, conversation_id, auth, "vil ikke si det", "no")
    queued = await conversation_of(client, conversation_id)
    assert queued["state"] == "QUEUED"
    assert fixed_text("place_question_again", "nb") not in [m["text"] for m in answer]


async def test_no_home_in_the_queue_is_asked_where_she_stays_now_and_keeps_her_priority(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client, kommune=None)
    await send(client, conversation_id, auth, "jeg har ikke penger til mat", "acute")
    shown = await to_a_person(client, conversation_id, auth, "nb")
    assert shown[-1]["text"] == first_in_queue(fixed_text("place_question", "nb"), "nb")
    answer = await send(client, conversation_id, auth, "har ikke noe sted å bo", "nohome")
    assert [m["text"] for m in answer] == [fixed_text("place_question_no_home", "nb")]
    assert [b["title"] for b in answer[0]["buttons"]] == [fixed_text("place_decline", "nb")]
    waiting = await conversation_of(client, conversation_id)
    assert (waiting["state"], waiting["priority"], waiting["enhetsnummer"]) == ("QUEUED", "emergency", "NKS-OVRG")
    # Said again, she is not asked again: once is enough.
    again = await send(client, conversation_id, auth, "jeg er bostedsløs", "again")
    assert fixed_text("place_question_no_home", "nb") not in [m["text"] for m in again]
    assert fixed_text("place_question_again", "nb") not in [m["text"] for m in again]


async def test_where_she_stays_now_moves_the_chat_there_with_her_priority(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client, kommune=None)
    await send(client, conversation_id, auth, "jeg har ikke penger til mat", "acute")
    await to_a_person(client, conversation_id, auth, "nb")
    await send(client, conversation_id, auth, "har itj nån plass å bo", "nohome")
    await send(client, conversation_id, auth, "Asker", "asker")
    moved = await conversation_of(client, conversation_id)
    assert (moved["state"], moved["priority"], moved["enhetsnummer"]) == ("QUEUED", "emergency", "0220")


async def test_no_home_before_the_queue_is_asked_where_she_stays_now(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client, kommune=None)
    await send(client, conversation_id, auth, "Hvordan søker jeg om sosialhjelp?", "q")
    asked = await to_a_person(client, conversation_id, auth, "nb")
    assert [m["text"] for m in asked] == [fixed_text("place_question", "nb")]
    answer = await send(client, conversation_id, auth, "bostedsløs", "nohome")
    # The acute-need net gives the emergency contacts first (NAV is closed on a Saturday); then the question.
    assert answer[-1]["text"] == fixed_text("place_question_no_home", "nb")
    assert fixed_text("place_question_again", "nb") not in [m["text"] for m in answer]
    await send(client, conversation_id, auth, "Asker", "asker")
    queued = await conversation_of(client, conversation_id)
    assert (queued["state"], queued["enhetsnummer"], queued["priority"]) == ("QUEUED", "0220", "emergency")


async def test_no_home_in_english_is_asked_in_english(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client, kommune=None, language="en")
    await send(client, conversation_id, auth, "How do I apply for financial assistance?", "q")
    await to_a_person(client, conversation_id, auth, "en")
    answer = await send(client, conversation_id, auth, "I am homeless", "nohome")
    assert answer[-1]["text"] == fixed_text("place_question_no_home", "en")


async def test_no_home_then_a_kommune_served_per_bydel_asks_which_bydel_she_stays_in_not_lives_in(
        client: TestClient) -> None:
    """"bostedsløs", then "Oslo": NAV serves Oslo per bydel, and she is asked which bydel she stays in now. A
    homeless bruker read "Hvilken bydel bor du i?" right after saying she had nowhere to live."""
    conversation_id, auth = await open_conversation(client, kommune=None)
    await send(client, conversation_id, auth, "Hvordan søker jeg om sosialhjelp?", "q")
    await to_a_person(client, conversation_id, auth, "nb")
    await send(client, conversation_id, auth, "bostedsløs", "nohome")
    asked = await send(client, conversation_id, auth, "Oslo", "oslo")
    assert asked[-1]["text"] == fixed_text("bydel_question_no_home", "nb", kommune="Oslo"), asked[-1]["text"]
    assert "bor du" not in asked[-1]["text"]
    await send(client, conversation_id, auth, "Grünerløkka", "bydel")
    queued = await conversation_of(client, conversation_id)
    assert (queued["state"], queued["enhetsnummer"]) == ("QUEUED", "0315")


async def test_no_home_in_the_queue_then_a_kommune_served_per_bydel_asks_which_bydel_she_stays_in(
        client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client, kommune=None)
    await send(client, conversation_id, auth, "jeg har ikke penger til mat", "acute")
    await to_a_person(client, conversation_id, auth, "nb")
    await send(client, conversation_id, auth, "har ikke noe sted å bo", "nohome")
    moved = await send(client, conversation_id, auth, "Bergen", "bergen")
    bydeler = client.app[DEPS].routing.bydel_names("4601")
    assert moved[-1]["text"].endswith(bydel_question("nb", "Bergen", bydeler, no_home=True)), moved[-1]["text"]
    assert "bor du" not in moved[-1]["text"]
