"""A waiting bruker who changes their mind, asks for a person again and writes on, through the real processes (the
probe, a Saturday): "nei forresten" in the queue got "saved, you are number 1", and the next three messages got no
answer at all. Every message is stored for the veileder, none goes unanswered, Rasa is not asked."""

from __future__ import annotations

import re
from typing import Any

import aiohttp
import pytest

from router.texts import fixed_text
from tests.e2e.conftest import Service
from tests.e2e.test_full_path import Bruker, is_message, is_state

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]

LEAVE, STAY = "router:back_to_bot", "router:stay_in_queue"


async def answer_to(bruker: Bruker, text: str, payload: str | None = None) -> dict[str, Any]:
    """What the router says to ``text``: the system message that answers it (reply_to), within seconds."""
    sent = await bruker.say(text, payload=payload)
    frame = await bruker.next_frame(lambda f: is_message("system")(f) and f["message"].get("reply_to") == sent["seq"],
                                    timeout_s=30)
    return dict(frame["message"])


async def test_a_change_of_mind_in_the_queue_is_understood_and_nothing_goes_unanswered(
        running_service: Service) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, running_service.url)
        await bruker.open(kommune="Asker", page_locale="nb-NO")  # Nav Asker: nobody of the test staff works there
        async with http.post(f"{running_service.url}/api/conversations/{bruker.id}/handoff",
                             headers=bruker.auth) as response:
            assert response.status == 200, await response.text()
        await bruker.next_frame(is_state("QUEUED"))
        notice = await bruker.next_frame(is_message("system"))
        assert notice["message"]["text"].startswith(fixed_text("queued", "nb", enhet="Nav Asker"))
        assert [b["payload"] for b in notice["message"]["buttons"]] == [LEAVE]

        for text in ("nei forresten", "glem det, jeg klarer meg"):
            offer = await answer_to(bruker, text)
            assert offer["text"] == fixed_text("queue_leave_offer", "nb"), text
            assert [(b["title"], b["payload"]) for b in offer["buttons"]] == [
                (fixed_text("leave_queue_button", "nb"), LEAVE), (fixed_text("queue_stay_button", "nb"), STAY)]
        saved = await answer_to(bruker, "hvordan søker jeg?")
        # Its place depends on what other tests of the run left waiting at the same office.
        assert re.match(re.escape(fixed_text("message_saved_in_queue", "nb", position="N")).replace("N", r"\d+"),
                        saved["text"]), saved["text"]
        assert saved["buttons"] == [], "the way back is on the offer just above"
        still = await answer_to(bruker, "jeg vil snakke med en veileder likevel")
        assert still["text"].startswith(fixed_text("queue_still_waiting", "nb", enhet="Nav Asker"))
        stays = await answer_to(bruker, fixed_text("queue_stay_button", "nb"), payload=STAY)
        assert stays["text"].startswith(fixed_text("queue_stay_confirmed", "nb", enhet="Nav Asker"))

        # Still waiting, every message stored for the veileder, in order.
        async with http.get(f"{running_service.url}/api/conversations/{bruker.id}/messages",
                            headers=bruker.auth) as response:
            shown = await response.json()
        assert shown["conversation"]["state"] == "QUEUED"
        messages = shown["messages"]
        assert [m["text"] for m in messages if m["sender"] == "user"] == [
            "nei forresten", "glem det, jeg klarer meg", "hvordan søker jeg?", "jeg vil snakke med en veileder likevel",
            fixed_text("queue_stay_button", "nb")]
        # And "back to the chatbot" on the offer takes the bruker out of the queue.
        await bruker.say(fixed_text("leave_queue_button", "nb"), payload=LEAVE)
        await bruker.next_frame(is_state("BOT"))
        await bruker.close()
