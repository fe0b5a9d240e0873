"""The embedded shape with two Rasa processes (`scripts/run_all.py --rasa-processes 2`, one SQLite tracker file):
the router spreads conversations over both and keeps each on its own, every message is answered in order, and when
one Rasa process dies its conversations go on at the other with what the bot knew (the tracker is shared)."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from router.adapters.rasa_client import RasaClient
from router.texts import fixed_text
from tests.e2e.conftest import Service, rasa_events, run_all
from tests.e2e.test_full_path import Bruker, is_message

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

FIRST, SECOND = "hei", "hvordan søker jeg om sosialhjelp"


@pytest.fixture(scope="module")
def two_rasa_service(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with run_all(tmp_path_factory.mktemp("two-rasa"), rasa_processes=2) as service:
        yield service


def _own_rasa(service: Service, conversation_id: str) -> str:
    """The Rasa process the router sends this conversation to (its own hash, rasa_client.py)."""
    return RasaClient(None, list(service.rasa_urls), "", 10).urls_for(conversation_id)[0]  # type: ignore[arg-type]


async def _transcript(http: aiohttp.ClientSession, service: Service, bruker: Bruker) -> list[dict[str, Any]]:
    async with http.get(f"{service.url}/api/conversations/{bruker.id}/messages", headers=bruker.auth) as response:
        return list((await response.json())["messages"])


def _tracker_user_texts(service: Service, conversation_id: str) -> list[str]:
    return [event["text"] for kind, event in rasa_events(service, conversation_id) if kind == "user"]


async def _gone(http: aiohttp.ClientSession, url: str) -> None:
    for _ in range(50):
        try:
            async with http.get(f"{url}/status", timeout=aiohttp.ClientTimeout(total=1)):
                pass
        except aiohttp.ClientConnectorError:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{url} still answers after its process group was killed")


async def _answered(bruker: Bruker, text: str) -> dict[str, Any]:
    said = await bruker.say(text)
    frame = await bruker.next_frame(lambda f: is_message("bot")(f) and f["message"]["seq"] > said["seq"], 90)
    return {"said": said, "answer": frame["message"]}


async def test_conversations_spread_over_both_and_one_dies_without_losing_its_place(
        two_rasa_service: Service) -> None:
    service = two_rasa_service
    assert len(service.rasa_urls) == 2
    async with aiohttp.ClientSession() as http:
        brukere: dict[str, list[Bruker]] = {url: [] for url in service.rasa_urls}
        while min(len(each) for each in brukere.values()) < 2:  # ids are random: open until each has two
            bruker = Bruker(http, service.url)
            await bruker.open(page_locale="nb-NO")
            brukere[_own_rasa(service, bruker.id)].append(bruker)
        everyone = [b for each in brukere.values() for b in each]
        await asyncio.gather(*(_answered(b, FIRST) for b in everyone))

        # The second Rasa dies (its whole process group, as an out-of-memory kill would take it).
        second = service.rasa_urls[1]
        pid = int((service.data_dir / "log" / "rasa2.pid").read_text())
        os.killpg(pid, signal.SIGKILL)
        await _gone(http, second)
        turns = await asyncio.gather(*(_answered(b, SECOND) for b in everyone))

        for bruker, turn in zip(everyone, turns, strict=True):
            answer = turn["answer"]
            assert answer["reply_to"] == turn["said"]["seq"], "the answer is tied to the message it answers"
            assert answer["text"] != fixed_text("bot_unavailable", "nb"), f"at {_own_rasa(service, bruker.id)}"
            transcript = await _transcript(http, service, bruker)
            users = [m["text"] for m in transcript if m["sender"] == "user"]
            assert users == [FIRST, SECOND]
            # Every bruker message answered after it and before the next one, in the stored transcript.
            users_at = [i for i, m in enumerate(transcript) if m["sender"] == "user"]
            for here, until in zip(users_at, [*users_at[1:], len(transcript)], strict=True):
                assert any(m["sender"] == "bot" and m["reply_to"] == transcript[here]["seq"]
                           for m in transcript[here + 1:until]), transcript
            assert _tracker_user_texts(service, bruker.id) == [FIRST, SECOND], \
                "Rasa's tracker and the transcript agree, once each and in order, on either process"
        for bruker in everyone:
            await bruker.close()
