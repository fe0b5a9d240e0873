"""A bruker's questions about her own data in this chat, through the real trained model, action server and router
(probe: Kari's four questions got the bot's general answer, "Beklager, jeg er ikke sikker" with [Lagret søknad /
utkast] [Dagpenger], "jeg vil ikke la deg gå i ring" and the chatbot hours). Now what is stored, for how long, who
reads it and her rights, with where the page is; a wish to have it deleted gets what really happens and how to ask
NAV; asked in the middle of the Digisos guide, the answer comes and the guide's question after it."""

from __future__ import annotations

import aiohttp
import pytest

from tests.e2e.conftest import Service
from tests.e2e.test_bot_probe_answers import bot_turn, intent_of
from tests.e2e.test_full_path import Bruker
from tests.e2e.test_guide_journeys import a_bruker_in_the_guide, reply, texts

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

# (page locale, message, words of the answer it must get)
QUESTIONS = [
    ("nb-NO", "Hva lagrer NAV om denne chatten?", ["slettes automatisk 2 dager", "Slik behandler vi opplysningene"]),
    ("nb-NO", "Hvor lenge blir samtalen lagret?", ["slettes automatisk 2 dager etter at den er avsluttet"]),
    ("nb-NO", "Hvem kan lese det jeg skriver her?", ["Chatroboten leser", "blir det logget", "Datatilsynet"]),
    ("nn-NO", "Kor lenge blir samtalen lagra?", ["sletta automatisk 2 dagar", "Slik behandlar vi opplysningane"]),
    ("nn-NO", "Kven kan lese det eg skriv her?", ["Chatroboten les", "blir det logga"]),
    ("en-GB", "Who can read what I write here?", ["The chatbot reads", "it is logged", "How we process your"]),
    ("en-GB", "What does NAV store about this chat?", ["deleted automatically 2 days", "are hidden"]),
]
DELETE_WISHES = [
    ("nb-NO", "Jeg vil at dere sletter denne samtalen og alt dere har lagret om meg.",
     ["Jeg kan ikke slette samtalen herfra", "slettes automatisk 2 dager", "«Avslutt»", "55 55 33 33",
      "nav.no/personvernerklaering"]),
    ("nn-NO", "Eg vil at de slettar samtalen og alt de har lagra om meg.",
     ["Eg kan ikkje slette samtalen herifrå", "sletta automatisk 2 dagar", "55 55 33 33"]),
    ("en-GB", "Please delete this conversation and everything you have stored about me.",
     ["I cannot delete the conversation from here", "deleted automatically 2 days", "«End chat»"]),
]


async def _answer(http: aiohttp.ClientSession, service: Service, locale: str, text: str) -> str:
    bruker = Bruker(http, service.url)
    await bruker.open(page_locale=locale)
    await bruker.say(text)
    said = texts(await bot_turn(bruker))
    await bruker.close()
    return said


async def test_her_questions_about_her_data_get_what_the_service_does(running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        intents = {text: await intent_of(http, running_service, text) for _, text, _ in QUESTIONS + DELETE_WISHES}
        assert set(intents.values()) == {"privacy"}, intents
        for locale, text, words in QUESTIONS:
            said = await _answer(http, running_service, locale, text)
            assert all(word in said for word in words), (text, said)
            assert "slette samtalen herfra" not in said and "herifrå" not in said, (text, said)


async def test_a_wish_to_have_it_deleted_is_told_what_happens_and_how_to_ask_nav(running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        for locale, text, words in DELETE_WISHES:
            said = await _answer(http, running_service, locale, text)
            assert all(word in said for word in words), (text, said)


async def test_who_can_read_in_the_middle_of_the_guide_is_answered_and_the_guide_goes_on(
        running_service: Service) -> None:
    """At the need question the question must not be taken as the need, nor stop the guide."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bergen")
        said = texts(await reply(bruker, "hvem kan lese det jeg skriver her?", "Hva trenger du penger til"))
        assert "Chatroboten leser" in said, said
        said = texts(await reply(bruker, "mat", "Arbeid og utdanning"))
        assert "Chatroboten leser" not in said, said
        said = texts(await reply(bruker, "hvor lenge blir chatten lagret?", "Arbeid og utdanning"))
        assert "slettes automatisk 2 dager" in said, said
        await reply(bruker, "har ingen jobb", "Familie:")
        await bruker.close()
