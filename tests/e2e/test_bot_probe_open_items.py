"""Answers brukere got wrong that earlier probes left open (2026-12-06), through the real processes: the trained
model, the action server and the router, as the widget talks to them."""

from __future__ import annotations

import aiohttp
import pytest

from tests.e2e.conftest import Service
from tests.e2e.test_bot_probe_answers import bot_turn, intent_of
from tests.e2e.test_full_path import Bruker, is_message, is_state

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


async def test_an_office_where_she_lives_is_hers_not_the_writer_s(running_service: Service) -> None:
    """"hun bor i moss" (writing for someone else) got "Kontoret ditt er Nav Moss"."""
    async with aiohttp.ClientSession() as http:
        for place, expected in (("hun bor i moss", "Kontoret der er Nav Moss."),
                                ("jeg bor i moss", "Kontoret ditt er Nav Moss.")):
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale="nb-NO")
            await bruker.say("finn nav kontoret")
            await bot_turn(bruker)
            await bruker.say(place)
            said = await bot_turn(bruker)
            assert said[0]["text"].startswith(expected), (place, said)
            await bruker.close()


STATEMENT_QUESTIONS = ["kontoutskrift hvordan får jeg det", "hvordan får jeg tak i kontoutskrift fra banken",
                       "hvor finner jeg kontoutskriften?"]


async def test_how_to_get_a_kontoutskrift_says_the_nettbank_and_the_bank(running_service: Service) -> None:
    """It got the general list of vedlegg (or "jeg er ikke sikker på at jeg forstod"), nothing of how to get one."""
    async with aiohttp.ClientSession() as http:
        intents = {text: await intent_of(http, running_service, text) for text in STATEMENT_QUESTIONS}
        assert set(intents.values()) == {"sosialhjelp_documents"}, intents
        for question in STATEMENT_QUESTIONS:
            bruker = Bruker(http, running_service.url)
            await bruker.open(page_locale="nb-NO")
            await bruker.say(question)
            [answer] = await bot_turn(bruker)
            assert answer["text"].startswith("Kontoutskrift får du fra banken din. I nettbanken"), answer
            assert "be banken om å sende" in answer["text"], answer
            await bruker.close()


async def test_a_cry_for_help_is_no_greeting(running_service: Service) -> None:
    """"HJELP!!!" was greet ("Intensjon: hilsen" in the console) and got "Så bra at du tar kontakt, jeg hjelper deg
    gjerne!". Not understood, with a caring word, help today and a person; a "ja" hands over. "hjelp" alone still
    asks what she needs help with."""
    async with aiohttp.ClientSession() as http:
        cries = {text: await intent_of(http, running_service, text) for text in ("HJELP!!!", "Hjelp!", "HJELP MEG")}
        assert set(cries.values()) == {"nlu_fallback"}, cries
        assert await intent_of(http, running_service, "hjelp") == "greet"
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("HJELP!!!")
        [answer] = await bot_turn(bruker)
        assert answer["text"].startswith("Det ser ut som du har det tungt nå"), answer
        assert [b["payload"] for b in answer["buttons"]] == ["/sosialhjelp_emergency", "/human_handoff",
                                                             "/sosialhjelp_apply"], answer
        await bruker.say("ja")
        frame = await bruker.next_frame(lambda f: f["type"] in ("state", "message") and (
            f["type"] == "state" or f["message"]["sender"] in ("system", "bot")))
        assert frame["type"] == "state" or frame["message"]["sender"] == "system", frame
        await bruker.close()


async def test_a_wish_for_a_person_after_a_question_in_the_same_message_hands_over(running_service: Service) -> None:
    """Probe 158: "… ikke penger til husleie denne måneden. Kan jeg få snakke med noen?" got how to apply and the
    guide's offer; the next message ("Jeg bor på Grünerløkka i Oslo") then started the guide. The router hears the
    wish and says so to the bot, which hands over; the handoff's tema is the question's (sosialhjelp, KOM). A wish
    said not to be one stays with the bot."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("Hei. Jeg har mistet jobben og har ikke penger til husleie denne måneden. "
                         "Kan jeg få snakke med noen?")
        frame = await bruker.next_frame(lambda f: f["type"] == "state" or is_message("bot")(f)
                                        or is_message("system")(f))
        assert frame["type"] == "state" or frame["message"]["sender"] == "system", \
            f"handed over (queued, or asked where she lives), not answered by the bot: {frame}"
        await bruker.say("Jeg bor på Grünerløkka i Oslo")
        queued = await bruker.next_frame(is_state("QUEUED"))
        assert queued["conversation"]["state"] == "QUEUED"
        await bruker.close()

        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("Jeg vil ikke snakke med noen, bare vite hvordan jeg søker om sosialhjelp")
        answer = (await bruker.next_frame(is_message("bot")))["message"]["text"]
        assert "søk" in answer.lower(), answer
        await bruker.close()
