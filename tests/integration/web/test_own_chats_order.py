"""A veileder's own chats say since when each bruker has waited for their word and what she last wrote, and come
in that order, the longest waiting first (probe 157: five chats, no time or preview, in the order they were taken)."""

from __future__ import annotations

from typing import Any

from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.web.appkeys import DEPS
from tests.conftest import login, settle
from tests.integration.web.test_conversation_rules import add_staff
from tests.integration.web.test_staff_api import queued_conversation


async def mine(client: TestClient) -> list[dict[str, Any]]:
    response = await client.get("/api/staff/conversations/mine")
    assert response.status == 200
    return (await response.json())["conversations"]


async def test_own_chats_say_whose_turn_it_is_and_the_longest_waiting_is_clear(
        client: TestClient, clock: FixedClock) -> None:
    first, first_auth = await queued_conversation(client)
    clock.advance(minutes=2)
    second, second_auth = await queued_conversation(client)
    csrf = await login(client, "veileder1")
    for conversation_id in (first, second):
        assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    listed = await mine(client)
    assert [c["id"] for c in listed] == [first, second], "both waiting: the longest first"
    before = {c["id"]: c for c in listed}
    async with client.app[DEPS].uow() as uow:
        queued = {c: (await uow.conversations.get(c)).queued_at.isoformat() for c in (first, second)}  # type: ignore[union-attr]
    # Nobody has answered yet: each waits from when she asked for a person.
    assert {c: v["awaiting_reply_since"] for c, v in before.items()} == queued
    assert before[first]["last_bruker_message"]["text"] == "kan jeg snakke med en veileder"

    clock.advance(minutes=1)
    for conversation_id in (first, second):
        sent = await client.post(f"/api/staff/conversations/{conversation_id}/messages", headers=csrf,
                                 json={"text": "Hei, jeg ser på saken din nå."})
        assert sent.status == 201
    assert [c["awaiting_reply_since"] for c in await mine(client)] == [None, None]

    clock.advance(minutes=1)
    written_at = clock.now().isoformat()
    long_words = "Jeg har ikke fått svar på søknaden min og husleia forfaller på fredag, " * 4
    sent = await client.post(f"/api/conversations/{second}/messages", headers=second_auth,
                             json={"client_msg_id": "w1", "text": long_words})
    assert sent.status == 201
    clock.advance(minutes=3)
    sent = await client.post(f"/api/conversations/{second}/messages", headers=second_auth,
                             json={"client_msg_id": "w2", "text": "Er du der?"})
    await settle(client)
    listed = await mine(client)
    assert [c["id"] for c in listed] == [second, first], "the one waiting for the veileder's word first"
    now = {c["id"]: c for c in listed}
    assert now[second]["awaiting_reply_since"] == written_at, "from her first unanswered message"
    assert now[second]["last_bruker_message"]["text"] == "Er du der?"
    assert now[first]["awaiting_reply_since"] is None

    sent = await client.post(f"/api/conversations/{first}/messages", headers=first_auth,
                             json={"client_msg_id": "w3", "text": long_words})
    await settle(client)
    preview = {c["id"]: c for c in await mine(client)}[first]["last_bruker_message"]["text"]
    assert preview.endswith(" …") and len(preview) <= 142 and long_words.startswith(preview[:-2])


async def test_a_chat_transferred_to_a_colleague_waits_for_the_colleagues_first_word(
        client: TestClient, clock: FixedClock) -> None:
    """Probe 158: Lars, given Kari's chat by name, read "Du har svart" for Kari's reply, and the bruker waited."""
    conversation_id, _ = await queued_conversation(client)
    await add_staff(client, "lars", "0220", ["veileder"])
    csrf = await login(client, "veileder1")
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    assert (await client.post(f"/api/staff/conversations/{conversation_id}/messages", headers=csrf,
                              json={"text": "Jeg sender deg til en kollega."})).status == 201
    clock.advance(minutes=1)
    lars_csrf = await login(client, "lars")
    assert (await client.post("/api/staff/presence", json={"presence": "online"}, headers=lars_csrf)).status == 200
    csrf = await login(client, "veileder1")
    moved = await client.post(f"/api/staff/conversations/{conversation_id}/transfer", headers=csrf,
                              json={"to_veileder": "lars", "note": "Spør om husleie"})
    assert moved.status == 200, await moved.text()
    await login(client, "lars")
    [chat] = await mine(client)
    assert chat["id"] == conversation_id and chat["awaiting_reply_since"] == chat["assigned_at"]


async def test_a_nodhjelp_chat_comes_first_among_those_waiting_and_among_those_answered(
        client: TestClient, clock: FixedClock) -> None:
    """Probe 162: three chats given to a veileder at once listed the acute one second, and after one reply last;
    probe 163: answered, below every chat waiting for a reply."""
    normal, normal_auth = await queued_conversation(client)
    clock.advance(minutes=2)
    acute, _ = await queued_conversation(client)
    async with client.app[DEPS].uow() as uow:  # as the safety net raises it (services/safety_net.py)
        conversation = await uow.conversations.get(acute, for_update=True)
        assert conversation is not None
        conversation.priority = "emergency"
    csrf = await login(client, "veileder1")
    for conversation_id in (normal, acute):
        assert (await client.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    assert [c["id"] for c in await mine(client)] == [acute, normal], "nødhjelp first, though it waited less"
    for conversation_id in (normal, acute):
        sent = await client.post(f"/api/staff/conversations/{conversation_id}/messages", headers=csrf,
                                 json={"text": "Hei, jeg ser på saken din nå."})
        assert sent.status == 201
    assert [c["id"] for c in await mine(client)] == [acute, normal], "answered: still first"
    sent = await client.post(f"/api/conversations/{normal}/messages", headers=normal_auth,
                             json={"client_msg_id": "n3", "text": "Jeg har ikke fått svar på søknaden"})
    assert sent.status == 201
    await settle(client)
    listed = await mine(client)
    assert [c["id"] for c in listed] == [acute, normal], "nødhjelp first, also above one waiting for a reply"
    assert listed[1]["awaiting_reply_since"] is not None and listed[0]["awaiting_reply_since"] is None
