"""Place → office, as brukere make the journey: the real trained bot, action server and router.

A bruker in one of the four cities with bydeler must reach the bydel's NAV-kontor, not the city's fallback
queue, whether the place comes from the bot, from the router's own question, or while already waiting.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest

from router.adapters.reference_data import load_reference_data
from router.services import waiting
from router.texts import fixed_text
from tests.e2e.conftest import ROOT, Service
from tests.e2e.test_full_path import Bruker, is_message, is_state
from tests.integration.web.test_acute_need_place import bydel_question

# NAV's phone as the running router has it (reference/nav_dager.csv: julaften closed)
PHONE = load_reference_data(ROOT / "reference").nav_phone_hours()

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]

ASK_FOR_A_HUMAN = "jeg vil snakke med en veileder om økonomisk sosialhjelp"


async def enhet_of(service: Service, conversation_id: str) -> str:
    """Where the conversation waits, as the kontaktsenter's overview shows it."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        async with console.post(f"{service.url}/api/staff/login",
                                json={"username": "nks1", "password": "passord-nks1"}) as response:
            assert response.status == 200
        async with console.get(f"{service.url}/api/staff/conversations/{conversation_id}") as response:
            assert response.status == 200, await response.text()
            return str((await response.json())["conversation"]["enhetsnummer"])


async def queued_enhet(service: Service, bruker: Bruker) -> str:
    await bruker.next_frame(is_state("QUEUED"))
    return await enhet_of(service, bruker.id)


@pytest.mark.parametrize(("answer", "enhet"), [
    ("Grünerløkka", "0315"),  # Oslo: NAV Grünerløkka, not the Oslo fallback 4106
    ("jeg bor i Årstad i Bergen", "1208"),  # Bergen: NAV Bergen sentrum
    ("Heimdal", "5702"),  # Trondheim: NAV Lerkendal
    ("Hundvåg, Stavanger", "1162"),  # Stavanger: NAV Hundvåg og Storhaug
    # A bydel beside a postnummer whose bydel the data does not know (a probe's stayed at the kontaktsenter)
    ("Jeg bor i Hillevåg, 4016", "1164"),  # Stavanger: NAV Hillevåg og Hinna
    ("jeg bor i Heimdal, postnummer 7080", "5702"),  # Trondheim: no postnummer there has a bydel in the data
])
async def test_the_router_asks_where_the_bruker_lives_once_and_routes_to_the_bydel(
        running_service: Service, answer: str, enhet: str) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say(ASK_FOR_A_HUMAN)
        question = await bruker.next_frame(is_message("system"))
        assert question["message"]["text"] == fixed_text("place_question", "nb")
        assert [b["title"] for b in question["message"]["buttons"]] == [fixed_text("place_decline", "nb")]
        await bruker.say(answer)
        assert await queued_enhet(running_service, bruker) == enhet
        await bruker.close()


async def test_i_would_rather_not_say_goes_to_the_kontaktsenter_and_a_place_given_later_moves_it(
        running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say(ASK_FOR_A_HUMAN)
        await bruker.next_frame(is_message("system"))
        await bruker.say("vil ikke si det")
        assert await queued_enhet(running_service, bruker) == "NKS-OVRG"
        await bruker.say("forresten, jeg bor på Grünerløkka")
        moved = await bruker.next_frame(
            lambda f: f["type"] == "message" and f["message"]["sender"] == "system"
            and f["message"]["text"].startswith(fixed_text("conversation_moved", "nb", enhet="Nav Grünerløkka")))
        # with what the new queue lets us promise: nobody at Grünerløkka is logged in in this test service
        assert len(moved["message"]["text"]) > len(fixed_text("conversation_moved", "nb", enhet="Nav Grünerløkka"))
        assert await enhet_of(running_service, bruker.id) == "0315"
        await bruker.close()


async def test_a_place_the_page_knows_routes_at_once_and_nobody_online_is_said_honestly(
        running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(kommune="030102", page_locale="nb-NO")  # the bydel's GT, as a page on nav.no may pass it
        before = datetime.now(UTC)
        await bruker.say(ASK_FOR_A_HUMAN)
        assert await queued_enhet(running_service, bruker) == "0315"
        notice = await bruker.next_frame(is_message("system"))
        after = datetime.now(UTC)
        text = notice["message"]["text"]
        # Nobody at NAV Grünerløkka has logged in in this test service: no promise of minutes, but the truth, at
        # whatever time the suite runs: nobody online; nobody, and the chat closes soon (in the last half hour, with
        # when it opens again); or, outside opening hours, when it opens.
        enhet = "Nav Grünerløkka"
        honest = (fixed_text("wait_nobody_online_phone_closed", "nb", enhet=enhet),
                  fixed_text("wait_nobody_before_closing_phone_closed", "nb", enhet=enhet, closes="§", opens="§").split("§")[0],
                  fixed_text("outside_hours", "nb", when="§").split("§")[0])
        assert any(said in text for said in honest), text
        assert fixed_text("wait_estimate", "nb", minutes="5").split("5")[0] not in text
        # as they can be followed now (on a Saturday: legevakten first, and when NAV's phone opens); either side of
        # 09:00 or 15:00 the notice may have been written a moment before or after the phone changed
        assert any(text.endswith(waiting.emergency_contacts(None, "nb", moment, phone=PHONE))
                   for moment in (before, after)), text
        await bruker.close()


def _button(frame: dict[str, Any], payload: str) -> dict[str, str] | None:
    return next((b for b in frame["message"].get("buttons") or [] if b["payload"] == payload), None)


async def _told_the_guide_voss(bruker: Bruker) -> None:
    await bruker.open(page_locale="nb-NO")
    await bruker.say("jeg vil søke om økonomisk sosialhjelp")
    offer = await bruker.next_frame(lambda f: is_message("bot")(f) and _button(f, "/affirm") is not None)
    yes = _button(offer, "/affirm")
    assert yes is not None
    await bruker.say(yes["title"], payload=yes["payload"])
    await bruker.next_frame(lambda f: is_message("bot")(f) and "kommune" in f["message"]["text"].lower())
    await bruker.say("Voss")
    await bruker.next_frame(is_message("bot"))


@pytest.mark.parametrize("pressed", ["a button in the chat", "the widget's own button"])
async def test_the_handoff_button_goes_to_the_office_of_the_kommune_the_bot_was_told(
        running_service: Service, pressed: str) -> None:
    """The guide asks where the bruker lives; a press on "talk to a person" afterwards is not asked again."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await _told_the_guide_voss(bruker)
        if pressed == "a button in the chat":
            await bruker.say("Snakk med en veileder", payload="/human_handoff")
        else:
            async with http.post(f"{running_service.url}/api/conversations/{bruker.id}/handoff", json={},
                                 headers=bruker.auth) as response:
                assert response.status == 200, await response.text()
        first = await bruker.next_frame(lambda f: is_state("QUEUED")(f) or is_message("system")(f))
        assert first["type"] == "state", f"asked again instead of queued: {first}"
        assert await enhet_of(running_service, bruker.id) == "1235"  # Nav Voss
        await bruker.close()


@pytest.mark.parametrize(("ask", "unknown", "place", "office"), [
    ("Hvor er NAV-kontoret mitt?", "Atlantis", "Voss", "Nav Voss"),
    ("Where is my NAV office?", "Narnia", "I live in Tromsø", "Nav Tromsø"),
])
async def test_after_a_place_the_bot_does_not_know_the_next_answer_finds_the_office(
        running_service: Service, ask: str, unknown: str, place: str, office: str) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="en-GB" if ask.startswith("Where") else "nb-NO")
        await bruker.say(ask)
        await bruker.next_frame(is_message("bot"))
        await bruker.say(unknown)
        # Told the place was not recognised, then asked again by the question itself (its text names "kommune").
        await bruker.next_frame(lambda f: is_message("bot")(f) and "kommune" in f["message"]["text"].lower())
        await bruker.say(place)
        found = await bruker.next_frame(is_message("bot"))
        assert office.lower() in found["message"]["text"].lower(), found["message"]["text"]
        await bruker.close()


@pytest.mark.parametrize(("ask", "bydel", "office"), [
    ("hvor er nav kontoret i Oslo?", "Frogner", "Frogner"),
    ("hvor er nav-kontoret i Bergen", "jeg bor på Laksevåg", "Bergen vest"),
])
async def test_the_office_in_a_city_with_bydeler_is_found_by_the_bydel_not_named_as_a_kontaktsenter(
        running_service: Service, ask: str, bydel: str, office: str) -> None:
    """'Kontoret ditt er mest sannsynlig Nav kontaktsenter Oslo og Vest-Viken' was the answer to 'Oslo'."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say(ask)
        asked = await bruker.next_frame(is_message("bot"))
        assert "bydel" in asked["message"]["text"] and "kontaktsenter" not in asked["message"]["text"], asked
        await bruker.say(bydel)
        found = await bruker.next_frame(lambda f: is_message("bot")(f) and "Kontoret ditt" in f["message"]["text"])
        assert office in found["message"]["text"] and "kontaktsenter" not in found["message"]["text"], found
        await bruker.close()


async def test_a_city_alone_gets_its_bydel_asked_and_the_office_question_steps_aside_for_a_person(
        running_service: Service) -> None:
    """A probe: "Hvor er NAV-kontoret mitt?", then "Jeg vil snakke med en veileder": the router's place question and
    the bot's "Hvilken kommune bor du i?" came together; then "Oslo" queued the bruker at the regional kontaktsenter,
    which cannot grant sosialhjelp."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("Hvor er NAV-kontoret mitt?")
        await bruker.next_frame(is_message("bot"))  # where do you live? (the bot's office question)
        await bruker.say(ASK_FOR_A_HUMAN)
        said = lambda f: is_message("system")(f) or is_message("bot")(f)  # noqa: E731
        question = await bruker.next_frame(said)  # the router's question, and no bot question beside it
        assert question["message"]["text"] == fixed_text("place_question", "nb"), question
        await bruker.say("Oslo")
        asked = await bruker.next_frame(said)
        assert asked["message"]["text"] == fixed_text("bydel_question", "nb", kommune="Oslo"), asked
        await bruker.say("Frogner")
        assert await queued_enhet(running_service, bruker) == "0312"
        await bruker.close()


async def test_a_waiting_bruker_who_moved_to_a_city_with_bydeler_is_moved_and_asked_the_bydel(
        running_service: Service) -> None:
    """A probe, queued at Nav Sandnes: "Jeg bor ikke i Sandnes lenger, flyttet til Bergen" moved nothing and said
    nothing. The chat moves as far as "Bergen" says, the bydel is asked for, and the bydel moves it to its office."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say(ASK_FOR_A_HUMAN)
        await bruker.next_frame(is_message("system"))  # where do you live?
        await bruker.say("Sandnes")
        assert await queued_enhet(running_service, bruker) == "1102"  # Nav Sandnes
        await bruker.next_frame(is_message("system"))  # the queue notice
        await bruker.say("Jeg bor ikke i Sandnes lenger, flyttet til Bergen")
        # One short notice: moved, and the bydel asked (waited for by its words: a bruker waiting as 15:00 passes is
        # also told the chat has closed for the day, closing_time.py, which may come first).
        moved = await bruker.next_frame(lambda f: is_message("system")(f)
                                        and f["message"]["text"].startswith("Samtalen din er flyttet til"))
        assert moved["message"]["text"].endswith(bydel_question("nb", "Bergen")), moved
        await bruker.say("Årstad")
        await bruker.next_frame(lambda f: is_message("system")(f) and "Nav Bergen sentrum" in f["message"]["text"])
        assert await enhet_of(running_service, bruker.id) == "1208"
        await bruker.close()
