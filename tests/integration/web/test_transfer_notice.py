"""What the bruker is told when staff send their chat to another office, over the HTTP API with the real reference
data, on the probe's Saturday (every office closed): that it went there, and the live wait there. With someone there
at work to take it, though not available: "nobody available now", not "closed until Monday 09:00" (a veileder there
took it seconds later), nor "a veileder there answers as soon as possible" (probe 70: nobody did, and the next notice
said so); the honest wait ("closed until Monday 09:00") when nobody there is at work."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.domain.opening_hours import OSLO
from router.texts import fixed_text
from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation, settle

SATURDAY = datetime(2026, 12, 5, 11, 0, tzinfo=OSLO)
MONDAY = "mandag 7. desember kl. 09:00"


@pytest.fixture(autouse=True)
def on_saturday(clock: FixedClock) -> None:
    clock.advance(seconds=(SATURDAY - clock.now()).total_seconds())


async def chatting_with_veileder1(client: TestClient) -> tuple[str, dict[str, str]]:
    """A bruker in Asker with veileder1 of Nav Asker, who works this Saturday."""
    csrf = await login(client, "veileder1")
    assert (await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)).status == 200
    conversation_id, auth = await open_conversation(client, kommune="Asker")
    assert (await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)).status == 200
    await settle(client)
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert detail["conversation"]["state"] == "ASSIGNED"
    return conversation_id, auth


async def transfer(client: TestClient, conversation_id: str, to_enhetsnummer: str) -> None:
    csrf = await login(client, "veileder1")
    response = await client.post(f"/api/staff/conversations/{conversation_id}/transfer", headers=csrf,
                                 json={"to_enhetsnummer": to_enhetsnummer, "note": "bor i Frogner"})
    assert response.status == 200, await response.text()
    await settle(client)


async def last_notice(client: TestClient, conversation_id: str, auth: dict[str, str]) -> dict[str, Any]:
    shown = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    return dict(shown["messages"][-1])


async def test_a_transfer_to_an_office_where_someone_is_at_work_says_nobody_is_available_now(
        client: TestClient) -> None:
    """The probe: moved to another office while chatting, the bruker read the whole "Kontoret er stengt nå ...
    mandag" notice, and a veileder there took the chat seconds later."""
    conversation_id, auth = await chatting_with_veileder1(client)
    # Nav Frogner: veileder2 is logged in at a screen of their own this Saturday, though not marked available.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as frogner:
        async with frogner.post(client.make_url("/api/staff/login"),
                                json={"username": "veileder2", "password": "passord-veileder2"}) as response:
            csrf = {"X-CSRF-Token": (await response.json())["csrf_token"]}
        await transfer(client, conversation_id, "0312")
        notice = await last_notice(client, conversation_id, auth)
        assert notice["text"].startswith(" ".join([
            fixed_text("conversation_sent_on", "nb", enhet="Nav Frogner"),
            fixed_text("wait_nobody_online_phone_closed", "nb", enhet="Nav Frogner")]))
        assert "så snart som mulig" not in notice["text"] and MONDAY not in notice["text"].split("NAV kan du")[0]
        assert [b["payload"] for b in notice["buttons"]] == ["router:back_to_bot"]  # waiting: the way back
        # And a veileder there takes it.
        async with frogner.post(client.make_url(f"/api/staff/conversations/{conversation_id}/take"),
                                headers=csrf) as response:
            assert response.status == 200


async def test_a_transfer_to_an_office_where_nobody_is_at_work_says_the_honest_wait(client: TestClient) -> None:
    conversation_id, auth = await chatting_with_veileder1(client)
    await transfer(client, conversation_id, "0312")  # nobody of Nav Frogner has logged in
    notice = await last_notice(client, conversation_id, auth)
    assert notice["text"].startswith(fixed_text("conversation_sent_on", "nb", enhet="Nav Frogner"))
    assert fixed_text("outside_hours", "nb", when=MONDAY) in notice["text"]


async def test_a_transfer_to_an_office_whose_only_veileder_closed_the_console_says_the_honest_wait(
        client: TestClient) -> None:
    """The probe: veileder2 of Nav Frogner closed the console tab without logging out; a chat sent there told the
    bruker "a veileder there answers as soon as possible" (the older is_at_work rule) while assignment and the wait
    count a closed console as nobody (staff.closed_consoles). The notice uses the same rule: "Monday 09:00"."""
    conversation_id, auth = await chatting_with_veileder1(client)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as frogner:
        async with frogner.post(client.make_url("/api/staff/login"),
                                json={"username": "veileder2", "password": "passord-veileder2"}) as response:
            assert response.status == 200
        staff_ws = await frogner.ws_connect(client.make_url("/api/staff/ws"))
        assert (await staff_ws.receive_json())["type"] == "ready"
        await staff_ws.close()  # the tab closed: no logout
        for _ in range(100):
            async with client.app[DEPS].uow() as uow:
                if all(s.feed_closed_at for s in await uow.staff_sessions.of_veiledere([2])):
                    break
            await asyncio.sleep(0.05)
        await transfer(client, conversation_id, "0312")
    notice = await last_notice(client, conversation_id, auth)
    assert notice["text"].startswith(fixed_text("conversation_sent_on", "nb", enhet="Nav Frogner"))
    assert fixed_text("outside_hours", "nb", when=MONDAY) in notice["text"]
