"""The Digisos guide as a bruker goes through it, through the real trained bot, action server and router: a homeowner
is asked about their own housing costs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiohttp
import pytest

from tests.e2e.conftest import Service
from tests.e2e.test_full_path import Bruker, is_message

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
Message = dict[str, Any]


async def reply(bruker: Bruker, text: str, until: str | Callable[[Message], bool]) -> list[Message]:
    """Say `text`; the bot's messages up to the one that contains `until` (or satisfies it)."""
    done = until if callable(until) else (lambda m: until in m["text"])
    await bruker.say(text)
    said: list[Message] = []
    while not said or not done(said[-1]):
        try:
            said.append((await bruker.next_frame(is_message("bot"), timeout_s=30))["message"])
        except TimeoutError:
            raise AssertionError(f"after {text!r} the bot said {texts(said)!r}, never {until!r}") from None
    return said


def texts(messages: list[Message]) -> str:
    return "\n".join(m["text"] for m in messages)


async def start_the_guide(bruker: Bruker, kommune: str) -> None:
    await reply(bruker, "jeg vil søke om økonomisk sosialhjelp", lambda m: bool(m.get("buttons")))
    await reply(bruker, "ja", "Hvilken kommune bor du i")
    await reply(bruker, kommune, "Hva trenger du penger til")


ANSWERS = [("mat", "Arbeid og utdanning"), ("har ingen jobb", "Familie:"), ("enslig", "Har du barn"),
           ("nei", "Bosituasjon:")]


async def test_a_homeowner_is_asked_about_boliglan_not_husleie(running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(page_locale="nb-NO")
        await start_the_guide(bruker, "Bergen")
        for answer, next_question in ANSWERS:
            await reply(bruker, answer, next_question)
        await reply(bruker, "vi eier leiligheten", "Inntekt:")
        await reply(bruker, "ingen", "Formue:")
        [question] = await reply(bruker, "ingen", "Utgifter og gjeld")
        assert "boliglån" in question["text"] and "felleskostnader" in question["text"], question
        assert "husleie" not in question["text"], question
        said = await reply(bruker, "boliglån og felleskostnader", "Stemmer dette?")
        assert "• Utgifter og gjeld: boliglån, felleskostnader" in texts(said), texts(said)
        await bruker.close()
