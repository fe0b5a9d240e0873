"""What a waiting bruker is told about calling NAV, through the real processes, with the chat staffed around the
clock (the service's staffed hours may differ from NAV's phone, weekdays 09–15): while the phone is closed the queue
notice does not send anyone to it, and a person with strengt fortrolig adresse (kode 6) is never told to call a
local office, nor shown the office that serves them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from router.adapters.reference_data import load_reference_data
from router.domain.opening_hours import OSLO, norwegian_public_holidays
from router.services import waiting
from router.texts import NAV_PHONE, fixed_text
from tests.e2e.conftest import MANY_BRUKERE_FROM_ONE_ADDRESS, ROOT, Service
from tests.e2e.test_full_path import Bruker, is_state
from tests.e2e.test_own_case import SVEN, log_in
from tests.launcher import NotStarted, start_embedded, stop

# NAV's phone as the running router has it (reference/nav_dager.csv: julaften closed)
PHONE = load_reference_data(ROOT / "reference").nav_phone_hours()

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def always_open(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    """The embedded shape with the chat staffed 00:00–23:59 every day (NAVCHAT_CHAT_HOURS, the service's setting)."""
    data_dir = tmp_path_factory.mktemp("always-open")
    try:
        launched = start_embedded(data_dir, env={"NAVCHAT_LOG_LEVEL": "INFO", "NAVCHAT_CHAT_HOURS": "mon-sun 00:00-23:59",
                                                 **MANY_BRUKERE_FROM_ONE_ADDRESS})
    except NotStarted as error:
        pytest.fail(str(error))
    yield Service(url=launched.url, rasa_url=launched.rasa_urls[0], data_dir=data_dir, rasa_urls=launched.rasa_urls)
    assert stop(launched, timeout_s=30) == 0


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
    # Either side of 09:00 or 15:00 the notice may have been written a moment before or after the phone changed.
    candidates = {expected(moment, enhet=enhet, local_office=local_office) for moment in (before, after)}
    assert any(wait in text and text.endswith(contacts) for wait, contacts in candidates), text
    assert f"ringe NAV på {NAV_PHONE}" not in text, "NAV's phone once, in the contacts (probe 87), or not while closed"
    assert text.count(NAV_PHONE) <= 1, text


@pytest.fixture(autouse=True)
def not_on_a_public_holiday() -> None:
    today = datetime.now(OSLO).date()
    if today in norwegian_public_holidays(today.year):
        pytest.skip("every enhet is closed on a public holiday, whatever its weekly hours")


async def test_nobody_online_while_the_phone_is_closed_names_no_closed_phone(always_open: Service) -> None:
    async with aiohttp.ClientSession() as http:
        bruker = Bruker(http, always_open.url)
        await bruker.open(kommune="030102", page_locale="nb-NO")
        before = datetime.now(UTC)
        await bruker.say("jeg vil snakke med en veileder om økonomisk sosialhjelp")
        text = await queue_notice(bruker, "Nav Grünerløkka")
        said_as_it_can_be_followed(text, before, datetime.now(UTC), enhet="Nav Grünerløkka", local_office=True)
        await bruker.close()


async def test_kode_6_is_told_to_call_nav_and_never_a_local_office(always_open: Service) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        bruker = Bruker(http, always_open.url)
        await bruker.open(page_locale="nb-NO")
        await log_in(http, bruker, SVEN)
        before = datetime.now(UTC)
        await bruker.say("jeg vil snakke med en veileder")
        text = await queue_notice(bruker, "NAV")
        said_as_it_can_be_followed(text, before, datetime.now(UTC), enhet="NAV", local_office=False)
        assert "NAV-kontoret ditt" not in text and "Vikafossen" not in text, text
        await bruker.close()
