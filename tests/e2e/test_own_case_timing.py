"""'Når får jeg svar?' from a logged-in bruker, through the real processes: the case's facts and an honest line on
timing (the case states no processing time: no number), and in English the documents named as the office wrote
them, said to be the office's own Norwegian words."""

from __future__ import annotations

import aiohttp
import pytest

from tests.e2e.conftest import Service
from tests.e2e.test_full_path import Bruker
from tests.e2e.test_own_case import OLA, bot_texts, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]


@pytest.mark.parametrize(("locale", "question", "said"), [
    ("nb-NO", "Når får jeg svar på søknaden min?",
     ["Saken din sier ikke når du får svar", "Husleiekontrakt", "Kontoret venter på dokumentene over"]),
    ("en-GB", "How long does it take to process my application?",
     ["does not say when you will get an answer", "Husleiekontrakt",
      "The names and notes are the office's own, in Norwegian."]),
])
async def test_when_will_i_get_an_answer(running_service: Service, locale: str, question: str,
                                         said: list[str]) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(kommune="Oslo", page_locale=locale)
        await log_in(http, bruker, OLA)
        await bruker.say(question)
        (answer,) = await bot_texts(bruker, 1)
        assert all(words in answer["text"] for words in said), answer
        assert "Utbetaling" not in answer["text"] and "Payments" not in answer["text"], "not asked about"
        await bruker.close()
