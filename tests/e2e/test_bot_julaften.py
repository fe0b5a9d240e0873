"""A bruker on julaften at 10:00 (Thursday 24 December 2026, NAVCHAT_CLOCK_START), through the real processes: the
trained model, the action server and the router, as the widget talks to them (helper-145).

- "Når svarer dere?" got "Veiledere svarer i chatten på hverdager 09–15" on a weekday the router treats as closed
  all day (reference/nav_dager.csv): the bot now says the chat is not staffed today and when a veileder can answer
  at the earliest, the time the queue notice promises (the router's hours, one calendar), in bokmål, nynorsk and
  English; and when NAV's phone opens, not "ring 55 55 33 33 (hverdager 09–15)".
- "how do I get a bank statement?" was the fallback in English (the kontoutskrift answer existed in Norwegian).
- Probe 117: a bare "Bergen" after the emergency answer's offer of the queue put the bruker in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from actions.emergency import OFFER
from router.texts import fixed_text
from tests.e2e.conftest import MANY_BRUKERE_FROM_ONE_ADDRESS, Service, service_on_clock
from tests.e2e.test_bot_probe_answers import bot_or_queued, bot_turn
from tests.e2e.test_full_path import Bruker, is_message, is_state

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def julaften(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with service_on_clock(tmp_path_factory.mktemp("julaften"), "2026-12-24T10:00+01:00",
                          MANY_BRUKERE_FROM_ONE_ADDRESS) as service:
        yield service


# The general answer's last sentence on julaften (actions/response_time.py CALL_NAV_CLOSED).
PHONE_OPENS = {"nb-NO": "NAV på telefon 55 55 33 33 kan du ringe fra mandag 28. desember kl. 09:00.",
               "nn-NO": "NAV på telefon 55 55 33 33 kan du ringje frå måndag 28. desember kl. 09:00.",
               "en-GB": "You can call NAV on +47 55 55 33 33 from Monday, 28 December, 09:00."}


@pytest.mark.parametrize(("locale", "question", "today", "general"), [
    ("nb-NO", "Når svarer veilederne i chatten?",
     "Chatten er ikke bemannet i dag. En veileder kan svare deg tidligst mandag 28. desember kl. 09:00.",
     "Veiledere svarer i chatten på hverdager 09–15, men ikke på helligdager, julaften og nyttårsaften."),
    ("nn-NO", "Når svarar rettleiarane i chatten?",
     "Chatten er ikkje bemanna i dag. Ein rettleiar kan svare deg tidlegast måndag 28. desember kl. 09:00.",
     "Rettleiarar svarar i chatten på kvardagar 09–15, men ikkje på heilagdagar, julaftan og nyttårsaftan."),
    ("en-GB", "When do advisers answer in the chat?",
     "The chat is not staffed today. An adviser can answer you on Monday, 28 December, 09:00 at the earliest.",
     "Advisers answer in the chat on weekdays 09–15, but not on public holidays, Christmas Eve or New Year's Eve."),
])
async def test_on_julaften_the_bot_says_the_chat_is_not_staffed_today_and_the_queue_s_earliest_time(
        julaften: Service, locale: str, question: str, today: str, general: str) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, julaften.url)
        await bruker.open(kommune="030102", page_locale=locale)
        await bruker.say(question)
        [answer] = await bot_turn(bruker)
        assert answer["text"].startswith(f"{today} "), answer
        assert general in answer["text"] and "{" not in answer["text"], answer
        # NAV's phone is closed too: when it opens, not "(hverdager 09–15)"
        assert answer["text"].endswith(PHONE_OPENS[locale]), answer
        assert [b["payload"] for b in answer["buttons"]] == ["/human_handoff"], answer
        if locale == "nb-NO":
            # the queue promises the same time, from the same hours
            await bruker.say("jeg vil snakke med en veileder om sosialhjelp")
            await bruker.next_frame(is_state("QUEUED"))
            queued = fixed_text("queued", "nb", enhet="Nav Grünerløkka")
            notice = (await bruker.next_frame(lambda f: is_message("system")(f)
                                              and f["message"]["text"].startswith(queued)))["message"]["text"]
            assert today.removeprefix("Chatten er ikke bemannet i dag. ") in notice, notice
        await bruker.close()


async def test_how_do_i_get_a_bank_statement_is_answered_in_english(julaften: Service) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, julaften.url)
        await bruker.open(page_locale="en-GB")
        await bruker.say("how do I get a bank statement?")
        [answer] = await bot_turn(bruker)
        assert answer["text"].startswith("You get a bank statement (kontoutskrift) from your bank."), answer
        await bruker.close()


async def test_a_bare_place_after_the_emergency_answer_is_the_place_not_a_yes_to_the_queue(julaften: Service) -> None:
    """Probe 117: "Bergen" after "Vil du at jeg setter deg i kø for en veileder?" queued her. It is the place: the
    bydel is asked for (Bergen has an office per bydel) and the queue offered again; her "ja" then queues her."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, julaften.url)
        await bruker.open(page_locale="nb-NO")
        await bruker.say("jeg har ikke penger til mat i dag")
        emergency = await bot_turn(bruker)
        assert emergency[-1]["text"].endswith(OFFER["nb"]), emergency
        await bruker.say("Bergen")
        frame = await bruker.next_frame(bot_or_queued)
        assert frame["type"] != "state", f"a bare place was taken as a yes to the queue: {frame}"
        text = frame["message"]["text"]
        assert "bydel" in text and text.endswith(OFFER["nb"]), frame
        assert [b["payload"] for b in frame["message"]["buttons"]] == ["/human_handoff", "/deny"], frame
        await bruker.say("ja")
        await bruker.next_frame(is_state("QUEUED"))
        await bruker.close()
