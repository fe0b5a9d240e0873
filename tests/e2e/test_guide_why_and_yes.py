"""Through the real processes and the trained bot: "hvorfor spør du om det?" and "kan du sende søknaden for meg?" at
the guide's need question (probe 72 defects 3 and 9), "fortsett" after the guide was stopped, and "yes please" after
an answer whose one offer is a person (probe 70 defect 8). Behaviour only, never the model's confidences."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from tests.e2e.conftest import Service, rasa_events
from tests.e2e.test_full_path import Bruker, is_message, is_state
from tests.e2e.test_guide_journeys import a_bruker_in_the_guide, reply, texts

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


async def test_probe72_why_do_you_ask_at_the_need_question_is_explained_and_the_guide_goes_on(
        running_service: Service) -> None:
    """It got "Beklager at jeg ikke hjelper deg godt nok …" and the guide ended (helper-77's test)."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bærum")
        said = texts(await reply(bruker, "hvorfor spør du om det?", "Hva trenger du penger til"))
        assert "så saksbehandleren forstår situasjonen din" in said and "hjelper deg godt nok" not in said, said
        said = texts(await reply(bruker, "depositum", "Arbeid og utdanning"))
        assert "ikke sikker" not in said, said
        await bruker.close()


async def test_probe72_send_it_for_me_at_the_need_question_gets_the_honest_no_and_the_guide_goes_on(
        running_service: Service) -> None:
    """It got the general way to apply ("Økonomisk sosialhjelp søker du om hos NAV-kontoret …")."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bærum")
        said = texts(await reply(bruker, "kan du sende søknaden for meg?", "Hva trenger du penger til"))
        assert "søknaden kan jeg ikke sende for deg" in said, said
        await reply(bruker, "husleie", "Arbeid og utdanning")
        await bruker.close()


async def test_fortsett_after_the_guide_was_stopped_takes_it_up_again_at_its_question(
        running_service: Service) -> None:
    """"stopp" says: write «fortsett med søknaden»; a plain "fortsett" got "Fint! Er det noe mer …"."""
    async with aiohttp.ClientSession() as http:
        bruker = await a_bruker_in_the_guide(http, running_service, "Bærum")
        await reply(bruker, "husleie", "Arbeid og utdanning")
        await reply(bruker, "stopp", "fortsett med søknaden")
        said = texts(await reply(bruker, "fortsett", "Arbeid og utdanning"))
        assert "Da fortsetter vi med søknaden" in said and "Er det noe mer" not in said, said
        await reply(bruker, "ledig", "Familie:")
        await bruker.close()


async def test_probe70_yes_please_after_an_answer_whose_one_offer_is_a_person_hands_over(
        running_service: Service) -> None:
    """"are you open now? I need to talk to someone" → an answer with only «Talk to a person» → "yes please" got
    "Good! Is there anything else I can help you with?". Since probe 158 the wish in that message hands over at once
    (bot/components/person_asked.py); the question alone still gets the answer, and "yes please" hands over."""
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(kommune="Bærum", page_locale="en-GB")
        await bruker.say("are you open now? I need to talk to someone")
        first = await bruker.next_frame(lambda f: is_message("bot")(f) or is_state("QUEUED")(f), timeout_s=60)
        assert first["type"] == "state", f"the wish hands over at once, before any answer: {first}"
        await bruker.close()

        bruker = Bruker(http, running_service.url)
        await bruker.open(kommune="Bærum", page_locale="en-GB")
        await bruker.say("are you open now?")
        answer = (await bruker.next_frame(is_message("bot"), timeout_s=30))["message"]
        assert [b["payload"] for b in answer.get("buttons") or []] == ["/human_handoff"], answer
        await bruker.say("yes please")
        await bruker.next_frame(is_state("QUEUED"), timeout_s=60)
        # the bot's action handed over (Rasa stores its turn once the turn is over, after the queueing)
        for _ in range(50):
            actions = [e.get("name") for kind, e in rasa_events(running_service, bruker.id) if kind == "action"]
            if "action_handoff" in actions:
                break
            await asyncio.sleep(0.2)
        after = actions.index("action_response_time") + 1
        assert actions[after:after + 3] == ["action_listen", "action_answer_yes_no", "action_handoff"], actions
        await bruker.close()
