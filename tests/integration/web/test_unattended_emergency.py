"""Acute need where nobody online may take it, over the HTTP API with the real reference data, on a weekday morning:
the emergency goes at once to where someone on duty may take it (supervision.move_unattended_emergency), and the
SLA sweep's own step to the kontaktsenter counts the staff of 4100 who answer its queues."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.domain.routing import KONTAKTSENTER_FOR_BRUKER
from router.services import staff
from router.services.supervision import escalate_breaches, move_unattended_emergencies
from router.texts import fixed_text
from router.web.appkeys import DEPS
from tests.conftest import (
    INTERNAL_TOKEN,
    during_bot_turn,
    login,
    metric,
    open_conversation,
    scrape_metrics,
    settle,
)
from tests.integration.web.test_conversation_rules import go_online, handed_off, on_duty_but_full, staff_view

INTERNAL = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}
GAMLE_OSLO, KONTAKTSENTER_QUEUE = "0316", "NKS-OVRG"


async def bot_hands_off(client: TestClient, *, priority: str, **place: str) -> tuple[str, dict[str, str]]:
    """The bot hands off a kommunal question with ``priority``, with what it learned of ``place``."""
    conversation_id, auth = await open_conversation(client, kommune=None)

    async def action_handoff() -> int:
        response = await client.post(f"/api/internal/conversations/{conversation_id}/handoff", headers=INTERNAL,
                                     json={"reason": "test", "tema": "KOM", "priority": priority, **place})
        return response.status

    assert await during_bot_turn(client, conversation_id, auth, action_handoff) == 200
    return conversation_id, auth


async def acute_need(client: TestClient, **place: str) -> tuple[str, dict[str, str]]:
    """"Jeg har ikke penger til mat i dag", and the bot hands off with priority."""
    return await bot_hands_off(client, priority="emergency", **place)


async def acute_need_in_gamle_oslo(client: TestClient) -> tuple[str, dict[str, str]]:
    return await acute_need(client, kommune="Oslo", bydel="Gamle Oslo")


async def kontaktsenter_on_duty_but_full(client: TestClient) -> None:
    """Someone of the kontaktsenter (4100, whose staff answer its queues, NKS-OVRG among them) online with no room:
    the queue is staffed, nobody is given the chat at once."""
    await staff.create_user(client.app[DEPS].uow, username="nks9", password="passord-nks9", navn="Nina Kontaktsenter",
                            enhetsnummer="4100", roles=["kontaktsenter"], capacity=0)
    await go_online(client, "nks9")


async def history_kinds(client: TestClient, conversation_id: str) -> list[Any]:
    async with client.app[DEPS].uow() as uow:
        return list(await uow.history.list(conversation_id))


async def notices(client: TestClient, conversation_id: str, auth: dict[str, str]) -> list[str]:
    shown = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    return [m["text"] for m in shown["messages"] if m["sender"] == "system"]


async def test_acute_need_at_an_office_with_nobody_online_goes_at_once_where_someone_answers(
        client: TestClient) -> None:
    await kontaktsenter_on_duty_but_full(client)
    before = await scrape_metrics(client)
    conversation_id, auth = await acute_need_in_gamle_oslo(client)
    view = (await staff_view(client, "nks9", conversation_id))
    conversation = view["conversation"]
    assert (conversation["state"], conversation["priority"], conversation["enhetsnummer"]) == (
        "QUEUED", "emergency", KONTAKTSENTER_QUEUE)
    history = await history_kinds(client, conversation_id)
    moved = next(r for r in history if r.kind == "emergency_moved_unattended")
    assert (moved.data["from_enhetsnummer"], moved.data["to_enhetsnummer"]) == (GAMLE_OSLO, KONTAKTSENTER_QUEUE)
    assert "sla_breached" not in [r.kind for r in history], "not a breach: nobody missed a deadline"
    # The staff read why, in the conversation's history.
    said = [event["text"] for event in view["events"]]
    assert any(text.startswith("Akutt behov, ingen pålogget på kontoret kunne ta samtalen: flyttet til")
               for text in said), said
    assert "Overført til Nav kontaktsenter generelt (NKS-OVRG) fordi ingen pålogget kunne ta nødhjelpen der den ventet" in said
    # The card of whoever gets it: from where, and why (it said "fordi fristen for svar gikk ut").
    assert conversation["transferred_from"]["text"] == (
        "Overført fra Nav Gamle Oslo (0316) automatisk fordi ingen pålogget kunne ta nødhjelpen der den ventet")
    # She reads one notice, of the queue she waits in, with its honest wait; not Gamle Oslo's "nobody can answer".
    told = await notices(client, conversation_id, auth)
    assert len(told) == 1 and told[0].startswith("Du står nå i kø"), told
    assert "Gamle Oslo" not in told[0], told
    # The handoff is counted where she was put, the wait there as ended by the move.
    after = await scrape_metrics(client)
    handoffs = f'navchat_handoffs_total{{enhetsnummer="{GAMLE_OSLO}",temagruppe="OKSOS"}}'
    assert metric(after, handoffs) - metric(before, handoffs) == 1


async def test_acute_need_stays_at_its_office_when_someone_there_is_online_or_nobody_anywhere(
        client: TestClient) -> None:
    nobody_anywhere, _ = await acute_need_in_gamle_oslo(client)
    assert (await staff_view(client, "nks1", nobody_anywhere))["conversation"]["enhetsnummer"] == GAMLE_OSLO
    assert "emergency_moved_unattended" not in [r.kind for r in await history_kinds(client, nobody_anywhere)]
    await on_duty_but_full(client, "gamleoslo1", GAMLE_OSLO)
    await kontaktsenter_on_duty_but_full(client)
    someone_there, _ = await acute_need_in_gamle_oslo(client)
    assert (await staff_view(client, "nks1", someone_there))["conversation"]["enhetsnummer"] == GAMLE_OSLO


async def test_an_ordinary_question_waits_for_its_own_office_even_with_nobody_online_there(
        client: TestClient) -> None:
    await kontaktsenter_on_duty_but_full(client)
    conversation_id = await handed_off(client)  # Asker (0220), nobody online there
    assert (await staff_view(client, "nks1", conversation_id))["conversation"]["enhetsnummer"] == "0220"


async def test_a_breach_moves_to_the_kontaktsenter_queue_that_the_staff_of_4100_answer(
        client: TestClient, clock: FixedClock) -> None:
    """Before, the sweep looked for staff placed at NKS-OVRG itself, found none (they belong to 4100), and only
    alerted: no breached conversation ever reached the kontaktsenter."""
    await kontaktsenter_on_duty_but_full(client)
    conversation_id = await handed_off(client)  # Asker (0220); its alternate 4101 has nobody online
    clock.advance(minutes=31)
    assert await escalate_breaches(client.app[DEPS]) == 1
    conversation = (await staff_view(client, "nks1", conversation_id))["conversation"]
    assert (conversation["enhetsnummer"], conversation["escalation_level"]) == (KONTAKTSENTER_QUEUE, 2)


async def acute_need_in_oslo(client: TestClient) -> tuple[str, dict[str, str]]:
    """Only "Oslo" known: in line at once, and her bydel asked in the same answer."""
    return await acute_need(client, kommune="Oslo")


async def answer(client: TestClient, conversation_id: str, auth: dict[str, str], text: str) -> None:
    response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                 json={"client_msg_id": "bydel", "text": text})
    assert response.status == 201, await response.text()
    await settle(client)


async def test_her_bydel_does_not_move_acute_need_to_an_office_with_nobody_online(client: TestClient) -> None:
    """Queued at the kontaktsenter, where someone answers (Oslo alone names no office; its regional kontaktsenter
    4106 has no chat staff), she answers the bydel question: Gamle Oslo has nobody online, so she stays, and is
    told why; the staff there see her bydel. Before, she was moved there and waited ten minutes for nobody."""
    await kontaktsenter_on_duty_but_full(client)
    conversation_id, auth = await acute_need_in_oslo(client)
    assert (await staff_view(client, "nks1", conversation_id))["conversation"]["enhetsnummer"] == KONTAKTSENTER_QUEUE
    await answer(client, conversation_id, auth, "Gamle Oslo")
    conversation = (await staff_view(client, "nks1", conversation_id))["conversation"]
    assert (conversation["state"], conversation["enhetsnummer"]) == ("QUEUED", KONTAKTSENTER_QUEUE)
    assert conversation["geografisk_tilknytning"] == "030101"  # Gamle Oslo
    told = (await notices(client, conversation_id, auth))[-1]
    assert told == fixed_text("place_kept_nobody_at_office", "nb", office="Nav Gamle Oslo",
                              enhet=KONTAKTSENTER_FOR_BRUKER), told


async def test_her_bydel_moves_acute_need_to_her_office_when_someone_there_is_online(client: TestClient) -> None:
    await kontaktsenter_on_duty_but_full(client)
    await on_duty_but_full(client, "gamleoslo1", GAMLE_OSLO)
    conversation_id, auth = await acute_need_in_oslo(client)
    await answer(client, conversation_id, auth, "Gamle Oslo")
    conversation = (await staff_view(client, "nks1", conversation_id))["conversation"]
    assert (conversation["state"], conversation["enhetsnummer"]) == ("QUEUED", GAMLE_OSLO)
    assert (await notices(client, conversation_id, auth))[-1].startswith("Samtalen din er flyttet til Nav Gamle Oslo")


async def test_outside_the_chat_s_staffed_hours_acute_need_keeps_its_own_office_for_the_morning(
        client: TestClient, clock: FixedClock) -> None:
    """Tuesday 16:00: the chat is not staffed (her notice says when someone can answer), so whoever happens to be
    online at the kontaktsenter does not take her from the office that can help her in the morning."""
    clock.advance(hours=5, minutes=30)  # 09:30 UTC -> 15:00 UTC, 16:00 in Oslo
    await kontaktsenter_on_duty_but_full(client)
    conversation_id, auth = await acute_need_in_gamle_oslo(client)
    assert (await staff_view(client, "nks1", conversation_id))["conversation"]["enhetsnummer"] == GAMLE_OSLO
    assert "Chatten er ikke bemannet nå" in (await notices(client, conversation_id, auth))[-1]


async def go_offline(client: TestClient, username: str) -> None:
    csrf = await login(client, username)
    assert (await client.post("/api/staff/presence", json={"presence": "offline"}, headers=csrf)).status == 200
    await settle(client)


async def test_acute_need_written_while_waiting_where_nobody_is_online_moves_at_once(client: TestClient) -> None:
    """Waiting at Nav Gamle Oslo with an ordinary question (nobody online there), she writes that she has no money
    for food today: the chat becomes an emergency and goes at once to the kontaktsenter, where someone is on duty,
    and she is told where she waits now. Before, it rose in Gamle Oslo's empty queue and waited ten minutes."""
    await kontaktsenter_on_duty_but_full(client)
    conversation_id, auth = await bot_hands_off(client, priority="normal", kommune="Oslo", bydel="Gamle Oslo")
    assert (await staff_view(client, "nks9", conversation_id))["conversation"]["enhetsnummer"] == GAMLE_OSLO
    await answer(client, conversation_id, auth, "Jeg har ikke penger til mat i dag")
    conversation = (await staff_view(client, "nks9", conversation_id))["conversation"]
    assert (conversation["state"], conversation["priority"], conversation["enhetsnummer"]) == (
        "QUEUED", "emergency", KONTAKTSENTER_QUEUE)
    told = await notices(client, conversation_id, auth)
    # The priority, then where she waits now and the wait there; then her message's receipt, in that queue.
    raised = told.index(fixed_text("queue_priority_raised", "nb"))
    assert told[raised + 1].startswith(fixed_text("conversation_moved", "nb", enhet=KONTAKTSENTER_FOR_BRUKER)), told
    assert told[raised + 2].startswith("Meldingen din er lagret. Du er nummer 1 i køen"), told
    assert "emergency_moved_unattended" in [r.kind for r in await history_kinds(client, conversation_id)]


async def test_when_the_only_veileder_at_her_office_goes_offline_acute_need_moves_at_once(
        client: TestClient) -> None:
    await on_duty_but_full(client, "gamleoslo1", GAMLE_OSLO)
    await kontaktsenter_on_duty_but_full(client)
    conversation_id, auth = await acute_need_in_gamle_oslo(client)
    assert (await staff_view(client, "nks9", conversation_id))["conversation"]["enhetsnummer"] == GAMLE_OSLO
    await go_offline(client, "gamleoslo1")
    assert (await staff_view(client, "nks9", conversation_id))["conversation"]["enhetsnummer"] == KONTAKTSENTER_QUEUE
    told = (await notices(client, conversation_id, auth))[-1]
    assert told.startswith(fixed_text("conversation_moved", "nb", enhet=KONTAKTSENTER_FOR_BRUKER)), told


async def test_the_sweep_moves_acute_need_left_overnight_once_the_chat_opens_and_only_the_kontaktsenter_is_on_duty(
        client: TestClient, clock: FixedClock) -> None:
    """Written at 16:00, when the chat is not staffed, it keeps its own office for the morning; at 09:30 nobody
    at Gamle Oslo is online and the kontaktsenter is: the sweep moves it there. An ordinary chat stays."""
    clock.advance(hours=5, minutes=30)  # Tuesday 16:00 in Oslo
    deps = client.app[DEPS]
    acute, auth = await acute_need_in_gamle_oslo(client)
    ordinary, _ = await bot_hands_off(client, priority="normal", kommune="Oslo", bydel="Gamle Oslo")
    assert await move_unattended_emergencies(deps) == 0
    clock.advance(hours=17, minutes=30)  # Wednesday 09:30
    await kontaktsenter_on_duty_but_full(client)
    assert await move_unattended_emergencies(deps) == 1
    assert (await staff_view(client, "nks9", acute))["conversation"]["enhetsnummer"] == KONTAKTSENTER_QUEUE
    assert (await staff_view(client, "nks9", ordinary))["conversation"]["enhetsnummer"] == GAMLE_OSLO
    told = (await notices(client, acute, auth))[-1]
    assert told.startswith(fixed_text("conversation_moved", "nb", enhet=KONTAKTSENTER_FOR_BRUKER)), told
    assert await move_unattended_emergencies(deps) == 0  # moved once: someone answers where it waits now
