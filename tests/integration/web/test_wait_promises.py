"""What a bruker is promised on entering the queue, through the HTTP API, with the router's clock set: nobody
online, someone online, and just before closing on a Friday (the real reference data's hours, 09-15)."""

from __future__ import annotations

import asyncio
from datetime import datetime

import aiohttp
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.domain.opening_hours import OSLO
from router.services import dispatch
from router.services.staff import AT_WORK_WITHIN
from router.texts import fixed_text
from router.web.appkeys import DEPS
from tests.conftest import login, open_conversation, settle

ASKER = "Asker"  # served by Nav Asker (0220), where the test users' veileder1 works


async def handoff_notice(client: TestClient) -> str:
    conversation_id, auth = await open_conversation(client, kommune=ASKER)
    response = await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    assert response.status == 200
    return str((await response.json())["message"])


async def go_online(client: TestClient, username: str) -> None:
    csrf = await login(client, username)
    assert (await client.post("/api/staff/presence", json={"presence": "online"}, headers=csrf)).status == 200


async def test_nobody_online_is_said_as_it_is(client: TestClient) -> None:
    notice = await handoff_notice(client)
    assert fixed_text("wait_nobody_online_phone_closed", "nb", enhet="Nav Asker") in notice
    assert notice.count("55 55 33 33") == 1, "NAV's phone once, in the emergency contacts (probe 87)"
    assert notice.endswith(fixed_text("emergency_contacts", "nb"))
    assert fixed_text("wait_estimate", "nb", minutes="5") not in notice


async def test_someone_online_with_a_free_place_takes_it_at_once_with_no_minutes_and_no_alarm(
        client: TestClient) -> None:
    """Probe 70: "omtrent 5 minutter" right before "Kari fra NAV har tatt over samtalen", in every such chat."""
    await go_online(client, "veileder1")
    notice = await handoff_notice(client)
    assert notice == fixed_text("queued", "nb", enhet="Nav Asker")


async def test_just_before_closing_on_a_friday_says_when_it_opens_again(client: TestClient, clock: FixedClock) -> None:
    """Probe 70, Friday 14:55 with nobody online: "they see it when they log on", not a word of 15:00 or Monday."""
    clock.advance(seconds=(datetime(2026, 11, 27, 14, 57, tzinfo=OSLO) - clock.now()).total_seconds())
    notice = await handoff_notice(client)
    assert fixed_text("wait_nobody_before_closing_phone_closed", "nb", enhet="Nav Asker", closes="15:00",
                      opens="mandag 30. november kl. 09:00") in notice
    assert notice.endswith(fixed_text("emergency_contacts", "nb"))


async def test_just_before_closing_a_free_veileder_is_no_warning_of_closing(client: TestClient,
                                                                              clock: FixedClock) -> None:
    """Probe 70, 14:56: "maybe nobody answers before closing, we answer Monday", then "Kari has taken over"."""
    clock.advance(seconds=(datetime(2026, 11, 27, 14, 57, tzinfo=OSLO) - clock.now()).total_seconds())
    await go_online(client, "veileder1")
    notice = await handoff_notice(client)
    assert notice == fixed_text("queued", "nb", enhet="Nav Asker")


async def test_on_a_saturday_morning_the_contacts_lead_with_what_answers_now(client: TestClient,
                                                                              clock: FixedClock) -> None:
    """The tester, Saturday 06:00: "Ring NAV-kontoret ditt, eller ring 55 55 33 33" while NAV's phone was closed."""
    clock.advance(seconds=(datetime(2026, 12, 5, 6, 0, tzinfo=OSLO) - clock.now()).total_seconds())
    notice = await handoff_notice(client)
    assert fixed_text("outside_hours", "nb", when="mandag 7. desember kl. 09:00") in notice
    assert notice.endswith(fixed_text("emergency_contacts_closed", "nb", opens="mandag 7. desember kl. 09:00"))
    assert "Ring NAV-kontoret ditt" not in notice


async def test_a_waiting_bruker_goes_back_to_the_bot_with_the_queue_notices_button(client: TestClient) -> None:
    """The tester, queued till Monday, could only press "Avslutt"."""
    conversation_id, auth = await open_conversation(client, kommune=ASKER)
    assert (await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)).status == 200
    shown = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    [button] = shown["messages"][-1]["buttons"]
    assert button == {"title": fixed_text("leave_queue_button", "nb"), "payload": "router:back_to_bot"}
    response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                 json={"client_msg_id": "b1", "text": button["title"], "payload": button["payload"]})
    assert response.status == 201, await response.text()
    await settle(client)
    shown = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    assert shown["conversation"]["state"] == "BOT"
    assert shown["messages"][-1]["text"] == fixed_text("left_queue", "nb")


async def test_back_in_the_queue_after_a_closed_console_says_the_honest_wait(client: TestClient,
                                                                             clock: FixedClock) -> None:
    """The probe, Saturday: a console closed without logging out got a chat, which went back to the queue ~45 s
    later with "Ingen veileder er ledig akkurat nå. Du beholder plassen din i køen." and nothing of the office
    being closed until Monday, which a new queue entry says."""
    clock.advance(seconds=(datetime(2026, 12, 5, 11, 0, tzinfo=OSLO) - clock.now()).total_seconds())
    await go_online(client, "veileder1")
    conversation_id, auth = await open_conversation(client, kommune=ASKER)
    assert (await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)).status == 200
    await settle(client)
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert detail["conversation"]["state"] == "ASSIGNED"
    # The console was closed without a logout: no sign of life from it after AT_WORK_WITHIN.
    clock.advance(seconds=AT_WORK_WITHIN.total_seconds() + 1)
    assert len(await dispatch.offline_when_gone(client.app[DEPS])) == 1
    await settle(client)
    messages = (await (await client.get(f"/api/conversations/{conversation_id}/messages",
                                        headers=auth)).json())["messages"]
    notice = messages[-1]
    assert notice["text"].startswith(fixed_text("veileder_left_chat", "nb"))
    assert fixed_text("outside_hours", "nb", when="mandag 7. desember kl. 09:00") in notice["text"]
    # And the way back to the bot, as on entering the queue.
    assert [b["payload"] for b in notice["buttons"]] == ["router:back_to_bot"]


async def test_a_closed_console_is_not_promised_as_a_veileder_nor_counted_as_available(client: TestClient,
                                                                                      clock: FixedClock) -> None:
    """The probe, Saturday: veileder1 closed the console tab without logging out; 8 s later a new bruker read "om
    omtrent 5 minutter" (and the dashboard counted them) until the sweep marked them offline. The wait and the
    dashboard use the assignment's rule (staff.console_closed): nobody else online on a Saturday is "Monday 09:00"."""
    clock.advance(seconds=(datetime(2026, 12, 5, 11, 0, tzinfo=OSLO) - clock.now()).total_seconds())
    await go_online(client, "veileder1")
    staff_ws = await client.ws_connect("/api/staff/ws")
    assert (await staff_ws.receive_json())["type"] == "ready"
    await staff_ws.close()  # the tab closed: no logout
    for _ in range(100):
        async with client.app[DEPS].uow() as uow:
            if all(s.feed_closed_at for s in await uow.staff_sessions.of_veiledere([1])):
                break
        await asyncio.sleep(0.05)
    clock.advance(seconds=8)
    notice = await handoff_notice(client)
    assert fixed_text("wait_estimate", "nb", minutes="5") not in notice
    assert fixed_text("outside_hours", "nb", when="mandag 7. desember kl. 09:00") in notice
    # The kontaktsenter's dashboard, at a screen of its own (a login here would end veileder1's session).
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as nks:
        async with nks.post(client.make_url("/api/staff/login"),
                            json={"username": "nks1", "password": "passord-nks1"}) as r:
            assert r.status == 200
        async with nks.get(client.make_url("/api/staff/overview")) as r:
            figures = await r.json()
    group = next(g for g in figures["groups"] if g["enhetsnummer"] == "0220")
    assert group["veiledere_online"] == 0 and group["veiledere_logged_in"] == 1
