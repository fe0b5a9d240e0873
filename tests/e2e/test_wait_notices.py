"""What a waiting bruker is told about calling NAV, through the real processes, with the chat staffed around the
clock (the service's staffed hours may differ from NAV's phone, weekdays 09–15): while the phone is closed the queue
notice does not send anyone to it, and a person with strengt fortrolig adresse (kode 6) is never told to call a
local office, nor shown the office that serves them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import aiohttp
import pytest

from router.adapters.reference_data import load_reference_data
from router.services import waiting
from router.texts import NAV_PHONE, fixed_text
from tests.e2e.conftest import MANY_BRUKERE_FROM_ONE_ADDRESS, ROOT, Service, service_on_clock
from tests.e2e.test_full_path import Bruker, is_state
from tests.e2e.test_own_case import SVEN, log_in

# NAV's phone as the running router has it (reference/nav_dager.csv: julaften closed)
PHONE = load_reference_data(ROOT / "reference").nav_phone_hours()

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


# A Tuesday evening and morning (no holiday, no NAV day): NAV's phone is closed at 20:00 and open at 10:00, and neither
# changes for hours, whenever the suite runs. On the real clock these tests failed on julaften, in the night's last
# minute, and on the eve of a closed day (the chat "closes soon"), and were skipped on holidays.
PHONE_CLOSED = datetime.fromisoformat("2026-12-08T20:00:00+01:00")
PHONE_OPEN = datetime.fromisoformat("2026-12-08T10:00:00+01:00")


class Pinned(NamedTuple):
    service: Service
    clock_start: datetime


@pytest.fixture(scope="module", params=[PHONE_CLOSED, PHONE_OPEN], ids=["phone-closed", "phone-open"])
def always_open(request: pytest.FixtureRequest, trained_model: Path,
                tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pinned]:
    """The embedded shape with the chat staffed 00:00–23:59 every day (NAVCHAT_CHAT_HOURS, the service's setting),
    its clock started at the param's time."""
    with service_on_clock(tmp_path_factory.mktemp("always-open"), request.param.isoformat(),
                          env={"NAVCHAT_LOG_LEVEL": "INFO", "NAVCHAT_CHAT_HOURS": "mon-sun 00:00-23:59",
                               **MANY_BRUKERE_FROM_ONE_ADDRESS}) as service:
        yield Pinned(service, request.param)


def expected(now: datetime, *, enhet: str, local_office: bool) -> tuple[str, str]:
    """(the wait, the contacts) as the notice must say them at ``now``: nobody online at an open enhet. The wait never
    gives NAV's phone: the contacts after it do while it is open, and say when it opens while it is closed."""
    return (fixed_text("wait_nobody_online_phone_closed", "nb", enhet=enhet),
            waiting.emergency_contacts(None, "nb", now, phone=PHONE, local_office=local_office))


async def queue_notice(bruker: Bruker, enhet: str) -> str:
    await bruker.next_frame(is_state("QUEUED"))
    queued = fixed_text("queued", "nb", enhet=enhet)
    frame = await bruker.next_frame(lambda f: f["type"] == "message" and f["message"]["sender"] == "system"
                                    and f["message"]["text"].startswith(queued))
    return str(frame["message"]["text"])


def said_as_it_can_be_followed(text: str, before: datetime, after: datetime, *, enhet: str,
                               local_office: bool) -> None:
    # The same at both moments (the phone changes at neither); kept as a set in case a pinned time moves.
    candidates = {expected(moment, enhet=enhet, local_office=local_office) for moment in (before, after)}
    assert any(wait in text and text.endswith(contacts) for wait, contacts in candidates), text
    assert f"ringe NAV på {NAV_PHONE}" not in text, "NAV's phone once, in the contacts (probe 87), or not while closed"
    assert text.count(NAV_PHONE) <= 1, text


def router_moments(pinned: Pinned) -> tuple[datetime, datetime]:
    """The router's clock during a test: from its start to a quarter of an hour on (a test takes a minute)."""
    return pinned.clock_start, pinned.clock_start + timedelta(minutes=15)


async def test_nobody_online_names_nav_s_phone_only_while_it_is_open(always_open: Pinned) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, always_open.service.url)
        await bruker.open(kommune="030102", page_locale="nb-NO")
        await bruker.say("jeg vil snakke med en veileder om økonomisk sosialhjelp")
        text = await queue_notice(bruker, "Nav Grünerløkka")
        said_as_it_can_be_followed(text, *router_moments(always_open), enhet="Nav Grünerløkka", local_office=True)
        await bruker.close()


async def test_kode_6_is_told_to_call_nav_and_never_a_local_office(always_open: Pinned) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, always_open.service.url)
        await bruker.open(page_locale="nb-NO")
        await log_in(http, bruker, SVEN)
        await bruker.say("jeg vil snakke med en veileder")
        text = await queue_notice(bruker, "NAV")
        said_as_it_can_be_followed(text, *router_moments(always_open), enhet="NAV", local_office=False)
        assert "NAV-kontoret ditt" not in text and "Vikafossen" not in text, text
        await bruker.close()
