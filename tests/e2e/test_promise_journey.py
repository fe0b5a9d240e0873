"""What a bruker is told about when a person answers, through the real processes on lille julaften at 15:50
(NAVCHAT_CLOCK_START), as probe 119 played it (helper-129).

The bot says veiledere answer in the chat on weekdays 09–15; the router says the chat is not staffed now and that a
veileder can answer at the earliest on Monday 28 December at 09:00 (julaften closed, reference/nav_dager.csv; the
25th and 26th helligdager; the 27th a Sunday). Before: "Kontoret er stengt nå. En veileder svarer deg mandag 28.
desember kl. 09:00", an exact time from office hours nobody had a source for, beside a bot that said it had no
opening hours. The time she reads is on her queue card for staff, also after the acknowledgement of a message."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import aiohttp
import pytest

from router.domain.opening_hours import OSLO
from router.texts import fixed_text
from tests.e2e.conftest import Service, service_on_clock
from tests.e2e.test_full_path import Bruker, is_message, is_state

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

MONDAY_28 = datetime(2026, 12, 28, 9, 0, tzinfo=OSLO)
EARLIEST = "En veileder kan svare deg tidligst mandag 28. desember kl. 09:00."


@pytest.fixture(scope="module")
def lille_julaften(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with service_on_clock(tmp_path_factory.mktemp("lille-julaften"), "2026-12-23T15:50+01:00") as service:
        yield service


async def test_the_bot_and_the_router_say_the_same_and_promise_only_the_earliest(lille_julaften: Service) -> None:
    async with aiohttp.ClientSession() as http, aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        bruker = Bruker(http, lille_julaften.url)
        await bruker.open(kommune="030102", page_locale="nb-NO")
        await bruker.say("Når svarer veilederne i chatten?")
        hours = await bruker.next_frame(is_message("bot"))
        assert "Veiledere svarer i chatten på hverdager 09–15" in hours["message"]["text"], hours
        # after 15:00: not staffed now, and the earliest answer the queue notice below promises (helper-145)
        assert hours["message"]["text"].startswith(f"Chatten er ikke bemannet nå. {EARLIEST} "), hours

        await bruker.say("jeg vil snakke med en veileder om sosialhjelp")
        await bruker.next_frame(is_state("QUEUED"))
        queued = fixed_text("queued", "nb", enhet="Nav Grünerløkka")
        notice = (await bruker.next_frame(lambda f: is_message("system")(f)
                                          and f["message"]["text"].startswith(queued)))["message"]["text"]
        assert f"Chatten er ikke bemannet nå. {EARLIEST}" in notice, notice
        assert "Kontoret er stengt" not in notice and "svarer deg mandag" not in notice, notice

        await bruker.say("hallo? når svarer dere?")
        saved = fixed_text("message_saved_in_queue", "nb", position="1")
        ack = (await bruker.next_frame(lambda f: is_message("system")(f)
                                       and f["message"]["text"].startswith(saved)))["message"]["text"]
        assert ack.endswith(EARLIEST), ack

        async with console.post(f"{lille_julaften.url}/api/staff/login",
                                json={"username": "veileder1", "password": "passord-veileder1"}) as response:
            assert response.status == 200
        async with console.get(f"{lille_julaften.url}/api/staff/queue") as response:
            [card] = [c for c in (await response.json())["conversations"] if c["id"] == bruker.id]
        assert card["office_open"] is False
        assert datetime.fromisoformat(card["answer_promised_at"]) == MONDAY_28, card
        await bruker.close()
