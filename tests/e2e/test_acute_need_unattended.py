"""Acute need where nobody at her office is online, through the real processes on a Monday morning
(NAVCHAT_CLOCK_START: the chat is staffed): she goes at once to where someone answers, and gets a person."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from tests.e2e.conftest import Service, service_on_clock
from tests.e2e.test_acute_need import Bruker, staff_view

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def monday_morning(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with service_on_clock(tmp_path_factory.mktemp("monday-morning"), "2026-12-07T10:15+01:00") as service:
        yield service


@asynccontextmanager
async def with_per_online(service: Service) -> AsyncIterator[tuple[Bruker, aiohttp.ClientSession]]:
    """Per (nks1, of the kontaktsenter) logged in and online in his console; a bruker on nav.no in bokmål."""
    url = service.url
    async with aiohttp.ClientSession() as http, \
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as console:
        async with console.post(f"{url}/api/staff/login",
                                json={"username": "nks1", "password": "passord-nks1"}) as response:
            assert response.status == 200
            csrf = {"X-CSRF-Token": (await response.json())["csrf_token"]}
        async with console.post(f"{url}/api/staff/presence", json={"presence": "online"}, headers=csrf) as response:
            assert response.status == 200, await response.text()
        bruker = Bruker(http, url)
        await bruker.open(page_locale="nb-NO")
        yield bruker, console


async def given_to_a_person(bruker: Bruker) -> None:
    deadline = time.monotonic() + 30
    while await bruker.state() != "ASSIGNED":
        assert time.monotonic() < deadline, "not given to the kontaktsenter's veileder"
        await asyncio.sleep(0.2)


async def test_acute_need_in_a_bydel_with_nobody_online_goes_at_once_to_the_kontaktsenter_that_answers(
        monday_morning: Service) -> None:
    """No chat veileder is online at Nav Gamle Oslo; Per at the kontaktsenter is. "jeg har ingen mat og ingen penger
    igjen", then "jeg bor i Gamle Oslo" to the offer of a person: she is put where someone answers, at once, and Per
    gets her chat, with her bydel and why it came to him. Before, she waited at Gamle Oslo ten minutes for nobody,
    told nobody could answer now."""
    url = monday_morning.url
    async with with_per_online(monday_morning) as (bruker, console):
        await bruker.say("jeg har ingen mat og ingen penger igjen")
        await bruker.wait_for(lambda m: m["sender"] == "bot" and "116 117" in m["text"])
        await bruker.say("jeg bor i Gamle Oslo")
        await given_to_a_person(bruker)
        conversation = await staff_view(console, url, bruker.id)
        assert (conversation["priority"], conversation["enhetsnummer"]) == ("emergency", "NKS-OVRG")
        assert conversation["geografisk_tilknytning"] == "030101", "Per sees where she lives"
        assert conversation["transferred_from"]["text"] == (
            "Overført fra Nav Gamle Oslo (0316) automatisk fordi ingen pålogget kunne ta nødhjelpen der den ventet")
        joined = await bruker.wait_for(lambda m: m["sender"] == "system" and "har tatt over samtalen" in m["text"])
        queued = await bruker.wait_for(lambda m: m["sender"] == "system" and m["text"].startswith("Du står nå i kø"))
        assert "NAV Kontaktsenter" in queued["text"] and "Gamle Oslo" not in queued["text"], queued
        assert joined["text"].startswith("Per fra NAV"), joined


async def test_acute_need_written_while_waiting_at_an_office_with_nobody_online_moves_to_the_kontaktsenter(
        monday_morning: Service) -> None:
    """She asks for a person about her application and waits at Nav Gamle Oslo, where nobody is online; then writes
    that she has no money for food today. Her chat gets priority and goes at once to the kontaktsenter, where Per
    takes it, and she reads where she waits now. Before, it rose in Gamle Oslo's empty queue and waited ten minutes
    for the sweep."""
    url = monday_morning.url
    async with with_per_online(monday_morning) as (bruker, console):
        await bruker.say("jeg vil snakke med en veileder om søknaden min")
        await bruker.wait_for(lambda m: m["sender"] == "system" and "Hvilken kommune eller bydel bor du i?" in m["text"])
        await bruker.say("Gamle Oslo")
        queued = await bruker.wait_for(lambda m: m["sender"] == "system" and m["text"].startswith("Du står nå i kø"))
        assert "Nav Gamle Oslo" in queued["text"], queued
        assert (await staff_view(console, url, bruker.id))["priority"] == "normal"
        await bruker.say("jeg har ikke penger til mat i dag")
        hers = await bruker.wait_for(lambda m: m["sender"] == "user" and m["text"] == "jeg har ikke penger til mat i dag")
        moved = await bruker.wait_for(lambda m: m["sender"] == "system"
                                      and m["text"].startswith("Samtalen din er flyttet til NAV Kontaktsenter"))
        # In answer to her message, not the SLA sweep's later move (which answers nothing).
        assert moved["reply_to"] == hers["seq"], moved
        await given_to_a_person(bruker)
        conversation = await staff_view(console, url, bruker.id)
        assert (conversation["priority"], conversation["enhetsnummer"]) == ("emergency", "NKS-OVRG"), moved
        assert conversation["transferred_from"]["text"] == (
            "Overført fra Nav Gamle Oslo (0316) automatisk fordi ingen pålogget kunne ta nødhjelpen der den ventet")
