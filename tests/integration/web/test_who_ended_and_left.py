"""Who ended the chat, and a bruker whose page is gone: what the transcript and the veileder's screen say."""

from __future__ import annotations

from datetime import datetime

import aiohttp
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.domain.opening_hours import OSLO
from router.texts import fixed_text
from tests.conftest import INTERNAL_TOKEN, during_bot_turn, login, open_conversation, settle
from tests.integration.web.test_staff_api import queued_conversation


async def taken_conversation(client: TestClient) -> tuple[str, dict[str, str], dict[str, str]]:
    conversation_id, auth = await queued_conversation(client)
    csrf = await login(client, "veileder1")
    taken = await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)
    assert taken.status == 200, await taken.text()
    return conversation_id, auth, csrf


async def test_the_bruker_ending_the_chat_is_stored_and_the_history_says_so(client: TestClient) -> None:
    """A user probe: when the bruker ended it, the router stored no message and the log did not say who ended it."""
    conversation_id, auth, _ = await taken_conversation(client)
    assert (await client.post(f"/api/conversations/{conversation_id}/close", json={}, headers=auth)).status == 200
    await settle(client)
    seen = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    assert seen["messages"][-1]["sender"] == "system"
    assert seen["messages"][-1]["text"] == fixed_text("closed_by_bruker", "nb")
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert detail["messages"][-1]["text"] == fixed_text("closed_by_bruker", "nb")
    assert detail["events"][-1]["kind"] == "close"
    assert detail["events"][-1]["text"] == "Avsluttet av brukeren"


async def test_the_veileders_close_names_the_veileder_to_staff_and_says_it_to_the_bruker(client: TestClient) -> None:
    conversation_id, auth, csrf = await taken_conversation(client)
    closed = await client.post(f"/api/staff/conversations/{conversation_id}/close", json={"outcome": "besvart"},
                               headers=csrf)
    assert closed.status == 200
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert detail["events"][-1]["text"] == "Avsluttet av Veileder1 Testesen: Besvart"
    seen = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    assert seen["messages"][-1]["text"] == fixed_text("closed", "nb")
    assert seen["messages"][-1]["text"].startswith("Veilederen har avsluttet samtalen")


async def test_the_kontaktsenter_ending_a_chat_nobody_took_is_nav_to_the_bruker(client: TestClient) -> None:
    """A probe: nks1 closed a waiting chat, and the bruker, who never had a veileder, read "Veilederen har avsluttet
    samtalen"."""
    conversation_id, auth = await queued_conversation(client)
    csrf = await login(client, "nks1")
    closed = await client.post(f"/api/staff/conversations/{conversation_id}/close", json={"outcome": "henvist"},
                               headers=csrf)
    assert closed.status == 200, await closed.text()
    seen = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    assert seen["messages"][-1]["text"] == fixed_text("closed_by_nav", "nb")
    assert seen["messages"][-1]["text"].startswith("NAV har avsluttet samtalen")
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert detail["events"][-1]["text"] == "Avsluttet av Nks1 Testesen mens samtalen ventet i køen: Henvist videre"


async def test_the_kontaktsenter_ending_a_veileders_chat_is_nav_to_the_bruker(client: TestClient) -> None:
    conversation_id, auth, _ = await taken_conversation(client)
    csrf = await login(client, "nks1")
    closed = await client.post(f"/api/staff/conversations/{conversation_id}/close", json={"outcome": "annet"},
                               headers=csrf)
    assert closed.status == 200, await closed.text()
    seen = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    assert seen["messages"][-1]["text"] == fixed_text("closed_by_nav", "nb")
    detail = await (await client.get(f"/api/staff/conversations/{conversation_id}")).json()
    assert detail["events"][-1]["text"].startswith("Avsluttet av Nks1 Testesen:")


async def test_back_to_the_bot_pressed_on_an_old_queue_notice_is_not_acted_on_with_a_veileder(
        client: TestClient) -> None:
    """A user probe: "Tilbake til chatroboten" stayed pressable once a veileder had the chat. Pressed anyway (an old
    page, a widget on another site), the conversation stays with the veileder and the bruker is told so."""
    conversation_id, auth, _ = await taken_conversation(client)
    title = fixed_text("leave_queue_button", "nb")
    response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                 json={"client_msg_id": "stale", "text": title, "payload": "router:back_to_bot"})
    assert response.status == 201, await response.text()
    await settle(client)
    seen = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    assert seen["conversation"]["state"] == "ASSIGNED"
    assert [m["text"] for m in seen["messages"][-2:]] == [title, fixed_text("already_with_veileder", "nb")]


async def kontaktsenter_ends_it(client: TestClient, conversation_id: str, auth: dict[str, str]) -> list[str]:
    """nks1 ends the conversation ("henvist"); what the bruker then reads, in order."""
    csrf = await login(client, "nks1")
    closed = await client.post(f"/api/staff/conversations/{conversation_id}/close", json={"outcome": "henvist"},
                               headers=csrf)
    assert closed.status == 200, await closed.text()
    seen = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    return [m["text"] for m in seen["messages"]]


async def test_an_emergency_ended_while_it_waited_gives_the_bruker_the_emergency_contacts(
        client: TestClient, clock: FixedClock) -> None:
    """A probe: the kontaktsenter ended a waiting nødhjelp chat on a Saturday, and the bruker read only "NAV har
    avsluttet samtalen …": the numbers follow, as they can be followed now (NAV's phone is closed until Monday)."""
    clock.advance(seconds=(datetime(2026, 12, 5, 11, 0, tzinfo=OSLO) - clock.now()).total_seconds())
    conversation_id, auth = await open_conversation(client, kommune="Asker")

    async def bot_hands_off() -> aiohttp.ClientResponse:
        return await client.post(f"/api/internal/conversations/{conversation_id}/handoff",
                                 headers={"Authorization": f"Bearer {INTERNAL_TOKEN}"},
                                 json={"reason": "nødhjelp", "priority": "emergency", "tema": "KOM"})

    assert (await during_bot_turn(client, conversation_id, auth, bot_hands_off)).status == 200
    texts = await kontaktsenter_ends_it(client, conversation_id, auth)
    assert texts[-2] == fixed_text("closed_by_nav", "nb")
    assert texts[-1] == fixed_text("emergency_contacts_closed", "nb", opens="mandag 7. desember kl. 09:00")


async def test_an_emergency_ended_gives_the_numbers_for_the_need_the_bruker_stated(client: TestClient) -> None:
    """Violence stated while waiting: the numbers for it (112, the violence helpline), not those for money."""
    conversation_id, auth = await queued_conversation(client)
    sent = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                             json={"client_msg_id": "m-violence", "text": "samboeren min slår meg"})
    assert sent.status == 201, await sent.text()
    await settle(client)
    texts = await kontaktsenter_ends_it(client, conversation_id, auth)
    assert texts[-2:] == [fixed_text("closed_by_nav", "nb"), fixed_text("violence_contacts", "nb")]
