"""The veileder who has a logged-in person's open chat sees that person's earlier chats at her own enhet (probe:
Kari took Ola's chat on Tuesday and saw nothing of Monday's, where Aisha promised "Ja, jeg følger opp saken din";
Aisha's console showed no earlier chats either). Need-to-know: access.may_read's same-person ground; each read
audited with its purpose."""

from __future__ import annotations

import pytest

from router.domain.access import StaffUser
from router.domain.assignment import Presence
from router.domain.messages import Message
from router.domain.person import PersonFacts
from router.services import dispatch, handoff, inbox
from router.services.conversations import create_conversation
from router.services.errors import Forbidden
from tests.unit.services.conftest import World

PROMISE = "Ja, jeg følger opp saken din"


def staff(world: World, veileder_id: int) -> StaffUser:
    return world.store.veiledere[veileder_id].as_staff_user()


async def chat_of(world: World, person: str | None, *, kommune: str = "Asker", said: str = "hei") -> str:
    """A chat of ``person`` (logged in, as after ID-porten; None: anonymous), handed off; assignment runs."""
    conversation, _ = await create_conversation(world.deps, kommune=kommune)
    if person is not None:
        world.conversation(conversation.id).tie_to_person(
            PersonFacts(pseudonym=person, gt=None, diskresjonskode=None, skjermet=False), own_veileder_id=None,
            now=world.clock.now())
    await handoff.hand_off(world.deps, conversation.id, reason="test")
    async with world.deps.uow() as uow:
        await uow.messages.add(Message(conversation.id, "user", said, "nb", world.clock.now()))
    return conversation.id


async def veileder_says(world: World, conversation_id: str, text: str) -> None:
    async with world.deps.uow() as uow:
        await uow.messages.add(Message(conversation_id, "veileder", text, "nb", world.clock.now()))


def reads(world: World, conversation_id: str) -> list[tuple[str, object]]:
    return [(e.username, (e.detail or {}).get("why")) for e in world.store.audit
            if e.conversation_id == conversation_id and e.action == "read"]


@pytest.fixture
async def monday(world: World) -> tuple[World, str, int, int]:
    """Monday: Ola's chat with Aisha (Kari offline), her promise, closed. Tuesday: Aisha offline, Kari online."""
    aisha = world.add_veileder("aisha", "0220")
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    monday_id = await chat_of(world, "ola")
    assert world.conversation(monday_id).veileder_id == aisha.id
    await veileder_says(world, monday_id, PROMISE)
    await dispatch.close(world.deps, monday_id, staff(world, aisha.id), "besvart")
    world.clock.advance(hours=24)
    await dispatch.set_presence(world.deps, staff(world, aisha.id), "offline")
    await dispatch.set_presence(world.deps, staff(world, kari.id), "online")
    return world, monday_id, aisha.id, kari.id


async def test_kari_sees_monday_s_chat_on_ola_s_chat_and_reads_the_promise_audited(monday) -> None:  # type: ignore[no-untyped-def]
    world, monday_id, _, kari_id = monday
    tuesday_id = await chat_of(world, "ola")
    assert world.conversation(tuesday_id).veileder_id == kari_id
    detail = await inbox.conversation_detail(world.deps, staff(world, kari_id), tuesday_id)
    assert [c["id"] for c in detail["earlier_conversations"]] == [monday_id]
    assert detail["earlier_conversations"][0]["closed_at"] is not None

    earlier = await inbox.conversation_detail(world.deps, staff(world, kari_id), monday_id)
    assert PROMISE in [m["text"] for m in earlier["messages"]]
    assert not earlier["may_download_transcript"]
    assert reads(world, monday_id)[-1] == ("kari", "same_person")


async def test_aisha_sees_her_own_earlier_chat_there_too(monday) -> None:  # type: ignore[no-untyped-def]
    world, monday_id, aisha_id, kari_id = monday
    await dispatch.set_presence(world.deps, staff(world, kari_id), "offline")
    await dispatch.set_presence(world.deps, staff(world, aisha_id), "online")
    tuesday_id = await chat_of(world, "ola")
    assert world.conversation(tuesday_id).veileder_id == aisha_id
    detail = await inbox.conversation_detail(world.deps, staff(world, aisha_id), tuesday_id)
    assert [c["id"] for c in detail["earlier_conversations"]] == [monday_id]
    await inbox.conversation_detail(world.deps, staff(world, aisha_id), monday_id)
    assert reads(world, monday_id)[-1] == ("aisha", "had_it")


async def test_nobody_else_reads_it_and_no_list_without_the_person_logged_in_now(monday) -> None:  # type: ignore[no-untyped-def]
    world, monday_id, _, kari_id = monday
    per = world.add_veileder("per", "0220", presence=Presence.OFFLINE)
    with pytest.raises(Forbidden):  # a colleague of the enhet without Ola's chat: as before
        await inbox.conversation_detail(world.deps, staff(world, per.id), monday_id)
    with pytest.raises(Forbidden):  # Kari before she has Ola's chat
        await inbox.conversation_detail(world.deps, staff(world, kari_id), monday_id)

    anonymous = await chat_of(world, None)
    assert world.conversation(anonymous).veileder_id == kari_id
    assert (await inbox.conversation_detail(world.deps, staff(world, kari_id), anonymous))[
        "earlier_conversations"] is None
    other_person = await chat_of(world, "kari-b")
    assert (await inbox.conversation_detail(world.deps, staff(world, kari_id), other_person))[
        "earlier_conversations"] == []

    tuesday_id = await chat_of(world, "ola")
    world.conversation(tuesday_id).end_person_tie("utlogget", now=world.clock.now())
    assert (await inbox.conversation_detail(world.deps, staff(world, kari_id), tuesday_id))[
        "earlier_conversations"] is None, "logged out: whoever is at the screen now"
    with pytest.raises(Forbidden):
        await inbox.conversation_detail(world.deps, staff(world, kari_id), monday_id)


async def test_only_what_was_said_while_she_was_logged_in_and_only_while_kept(monday) -> None:  # type: ignore[no-untyped-def]
    world, monday_id, _, kari_id = monday
    async with world.deps.uow() as uow:  # said after the close by nobody known (an anonymous message, unbound)
        stray = Message(monday_id, "user", "skrevet av en annen", "nb", world.clock.now())
        world.conversation(monday_id).logged_out_at = world.clock.now()
        await uow.messages.add(stray)
    tuesday_id = await chat_of(world, "ola")
    earlier = await inbox.conversation_detail(world.deps, staff(world, kari_id), monday_id)
    texts = [m["text"] for m in earlier["messages"]]
    assert PROMISE in texts and "skrevet av en annen" not in texts

    world.clock.advance(days=2)  # past the retention period: not listed (and deleted by the purge)
    detail = await inbox.conversation_detail(world.deps, staff(world, kari_id), tuesday_id)
    assert detail["earlier_conversations"] == []


async def test_never_another_enhet_s_chat(world: World) -> None:
    bergen = world.add_veileder("bergen", "0219")
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    elsewhere = await chat_of(world, "ola", kommune="Bærum")
    assert world.conversation(elsewhere).veileder_id == bergen.id
    await dispatch.close(world.deps, elsewhere, staff(world, bergen.id), "besvart")
    await dispatch.set_presence(world.deps, staff(world, kari.id), "online")
    tuesday_id = await chat_of(world, "ola")
    assert (await inbox.conversation_detail(world.deps, staff(world, kari.id), tuesday_id))[
        "earlier_conversations"] == []
    with pytest.raises(Forbidden):
        await inbox.conversation_detail(world.deps, staff(world, kari.id), elsewhere)
