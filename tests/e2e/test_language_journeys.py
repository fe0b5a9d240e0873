"""One language per conversation, through the real bot, action server and router."""

from __future__ import annotations

import aiohttp
import pytest

from router.texts import fixed_text
from tests.e2e.conftest import Service
from tests.e2e.test_full_path import Bruker, is_message

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]


async def test_a_norwegian_writing_from_an_english_browser_reads_norwegian_from_then_on(
        running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="en-GB", kommune="Asker")
        await bruker.say("hvordan søker jeg om økonomisk sosialhjelp?")
        answer = await bruker.next_frame(is_message("bot"))
        assert "søke" in answer["message"]["text"] and " apply " not in answer["message"]["text"]
        await bruker.say("jeg vil snakke med en veileder")
        notice = await bruker.next_frame(is_message("system"))
        assert notice["message"]["text"].startswith(fixed_text("queued", "nb", enhet="Nav Asker"))
        await bruker.close()


@pytest.mark.parametrize(("locale", "question", "expected"), [
    ("en-GB", "How do I apply for financial assistance?", "You can apply"),
    ("nn", "korleis søkjer eg om økonomisk sosialhjelp?", "søkje"),
])
async def test_english_and_nynorsk_brukere_get_their_language_on_every_turn(
        running_service: Service, locale: str, question: str, expected: str) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale=locale)
        await bruker.say(question)
        assert expected in (await bruker.next_frame(is_message("bot")))["message"]["text"]
        follow_up = "which documents do I need?" if locale == "en-GB" else "kva vedlegg treng eg?"
        await bruker.say(follow_up)
        second = (await bruker.next_frame(is_message("bot")))["message"]["text"]
        norwegian_only = ("trenger", "søke ") if locale == "en-GB" else ("trenger", "jeg ")
        assert not any(word in second for word in norwegian_only), second
        await bruker.close()


async def test_typing_rasas_intent_syntax_neither_resets_nor_switches_the_answer_language(
        running_service: Service) -> None:
    """Rasa reads text that starts with "/" as an intent: typed "/restart" would wipe the English the router set and
    '/greet{"language": "nn"}' would switch to nynorsk (router/domain/bot_input.py)."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="en-GB")

        async def first_answer(text: str) -> str:
            sent = await bruker.say(text)
            return (await bruker.next_frame(lambda f: is_message("bot")(f) and f["message"]["seq"] > sent["seq"]))[
                "message"]["text"]

        assert (await first_answer("How do I apply for financial assistance?")).startswith("You apply")
        for typed in ("/restart", '/greet{"language": "nn"}'):
            assert not (await first_answer(typed)).startswith(("Hei", "Beklager", "Orsak")), typed  # nb / nn
            answer = await first_answer("How do I apply for financial assistance?")
            # the same question within three turns is answered shortly (actions/apply_repeat.py), still in English
            assert answer.startswith(("You apply", "As I wrote: you apply")), (typed, answer)
        await bruker.close()
