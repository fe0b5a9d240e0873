"""Probe 139, a shared PC after "Logg ut":

- a login as another person on a chat tied to the one who logged out is refused; it read the other person's
  registers first, and the refusal rolled their audit row back (a register read nobody could see);
- a chat the person logged out of, which the next person at that screen went on with, was given back to the first
  at his next login, with the next person's words and the veileder's answer to them; one still waiting, with its
  place in the queue, likewise."""

from __future__ import annotations

import pytest

from router.domain.conversation import ConversationState
from router.domain.messages import Message
from router.services import handoff, login
from router.services.conversations import create_conversation
from router.services.deps import PersonDeps
from tests.unit.services.conftest import World
from tests.unit.services.test_login import KARI, OLA, log_in, people  # noqa: F401 (the fixture)

NILS = "12066816778"


async def test_a_login_that_will_be_refused_reads_no_register(world: World, people: PersonDeps) -> None:  # noqa: F811
    conversation_id, token, _ = await log_in(world, KARI)
    await login.logout(world.deps, conversation_id, token)
    read: list[str] = []
    looked_up = people.persons.hent_person

    async def counted(ident: str):  # type: ignore[no-untyped-def]
        read.append(ident)
        return await looked_up(ident)

    people.persons.hent_person = counted  # type: ignore[method-assign]
    lookups = [e for e in world.store.audit if e.action == "register_lookup"]

    # Kari's chat: the next person at the PC logs in as Nils. Refused as another person's (the widget says whose
    # and that a new chat is the way on; "Innloggingen mislyktes. Du kan prøve igjen" was untrue).
    with pytest.raises(login.AnotherPersonsChat):
        await log_in(world, NILS, conversation_id, token)

    assert read == [], "no register was read for a login refused"
    assert [e for e in world.store.audit if e.action == "register_lookup"] == lookups
    await log_in(world, KARI, conversation_id, token)  # Kari herself may log in again
    assert read == [KARI]


async def test_a_chat_she_logged_out_of_and_another_went_on_with_is_not_given_back(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    conversation_id, token, _ = await log_in(world, OLA)
    async with world.deps.uow() as uow:
        await uow.messages.add(Message(conversation_id, "user", "OLA-TEKST husleie", "nb", world.clock.now()))
    await login.logout(world.deps, conversation_id, token)
    world.clock.advance(minutes=2)
    async with world.deps.uow() as uow:  # Per, at the same screen, not logged in
        await uow.messages.add(Message(conversation_id, "user", "PER-TEKST jeg bor på hybel", "nb",
                                       world.clock.now()))
        await uow.messages.add(Message(conversation_id, "veileder", "SVAR-TIL-PER ring meg", "nb",
                                       world.clock.now()))
        conversation = await uow.conversations.get(conversation_id, for_update=True)
        assert conversation is not None
        conversation.close("besvart", actor="veileder3", now=world.clock.now())
    world.clock.advance(hours=1)

    new_id, new_token, session_id = await log_in(world, OLA)  # Ola, in a fresh browser

    assert await login.resume_open_conversation(world.deps, new_id, new_token, session_id) == {"resumed": False}


async def test_a_chat_closed_while_she_was_logged_in_is_still_given_back(world: World, people: PersonDeps) -> None:  # noqa: F811
    """The control: her login ended after the close (expiry), so the answer is hers."""
    conversation, token = await create_conversation(world.deps)
    conversation_id, _, _ = await log_in(world, OLA, conversation.id, token)
    async with world.deps.uow() as uow:
        await uow.messages.add(Message(conversation_id, "veileder", "Svar til Ola", "nb", world.clock.now()))
        found = await uow.conversations.get(conversation_id, for_update=True)
        assert found is not None
        found.close("besvart", actor="veileder3", now=world.clock.now())
    world.clock.advance(hours=2)
    await login.expire_sessions(world.deps)
    new_id, new_token, session_id = await log_in(world, OLA)
    result = await login.resume_open_conversation(world.deps, new_id, new_token, session_id)
    assert result["resumed"] is True and result["id"] == conversation_id


async def test_an_open_chat_she_logged_out_of_and_another_went_on_with_is_not_given_back(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    """The same for a chat still waiting: Per's words and the veileder's answer to Per were given to Ola with the
    chat's place in the queue (helper-143's note after 783f0f7, which covered closed chats only)."""
    conversation_id, token, _ = await log_in(world, OLA)
    await handoff.hand_off(world.deps, conversation_id, reason="test", actor="bruker")
    await login.logout(world.deps, conversation_id, token)
    world.clock.advance(minutes=2)
    async with world.deps.uow() as uow:  # Per, at the same screen, not logged in
        await uow.messages.add(Message(conversation_id, "user", "PER-TEKST jeg bor på hybel", "nb",
                                       world.clock.now()))
    new_id, new_token, session_id = await log_in(world, OLA)  # Ola, in a fresh browser

    assert await login.resume_open_conversation(world.deps, new_id, new_token, session_id) == {"resumed": False}
    assert world.conversation(conversation_id).state is ConversationState.QUEUED, "Per's place is his still"


async def test_an_open_chat_nobody_wrote_in_after_her_logout_is_given_back(world: World, people: PersonDeps) -> None:  # noqa: F811
    """The control: nothing was said there after her Logg ut, so nothing in it is another person's."""
    conversation_id, token, _ = await log_in(world, OLA)
    await handoff.hand_off(world.deps, conversation_id, reason="test", actor="bruker")
    await login.logout(world.deps, conversation_id, token)
    world.clock.advance(minutes=30)
    new_id, new_token, session_id = await log_in(world, OLA)

    result = await login.resume_open_conversation(world.deps, new_id, new_token, session_id)
    assert result["resumed"] is True and result["id"] == conversation_id
