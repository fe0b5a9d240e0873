"""A card number, password or code sent to a veileder is masked in the store and the console, and the bruker is told
once, in their language, that NAV never asks for them (probe: "Kortnummer 4111 1111 1111 1111 utløp 12/27 cvc 123,
passord BankID: Hemmelig123" stood verbatim in the console and router.db)."""

from __future__ import annotations

import pytest

from router.services import dispatch, handoff
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.unit.services.conftest import World

PROBE = "Kortnummer 4111 1111 1111 1111 utløp 12/27 cvc 123, passord BankID: Hemmelig123"


def said(world: World, conversation_id: str, sender: str) -> list:
    return sorted((m for m in world.store.messages.values()
                   if m.conversation_id == conversation_id and m.sender == sender), key=lambda m: m.id or 0)


@pytest.mark.parametrize("where", ["bot", "queue", "veileder"])
async def test_a_card_and_password_are_hidden_everywhere_and_the_bruker_is_told_once(world: World, where: str) -> None:
    conversation, token = await create_conversation(world.deps, language="nb", kommune="Asker")
    if where != "bot":
        await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    if where == "veileder":
        kari = world.add_veileder("kari", "0220")
        await dispatch.take(world.deps, conversation.id, world.store.veiledere[kari.id].as_staff_user())
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="c1", text=PROBE)
    await world.deps.tasks.drain()
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="c2", text="PIN 1234")
    await world.deps.tasks.drain()
    first, second = said(world, conversation.id, "user")
    assert first.original_text == "Kortnummer [kortnummer] utløp [skjult] cvc [skjult], passord BankID: [skjult]"
    assert second.original_text == "PIN [skjult]"
    for message in (first, second):
        assert not any(secret in message.text_for_user for secret in ("4111", "12/27", "123", "Hemmelig", "1234"))
    notice = fixed_text("secret_hidden", "nb")
    told = [(m.reply_to, m.text_for_user) for m in said(world, conversation.id, "system") if notice in m.text_for_user]
    assert told == [(first.id, notice)], "told once, after the first"
    assert "NAV spør aldri om passord, BankID-koder eller kortopplysninger" in notice
    kinds = [r.kind for r in world.store.history if r.conversation_id == conversation.id]
    assert kinds.count("secret_hidden") == 1


async def test_the_notice_is_in_the_bruker_s_language(world: World) -> None:
    conversation, token = await create_conversation(world.deps, language="pl", kommune="Asker")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="c1", text="hasło: Tajne123")
    await world.deps.tasks.drain()
    [user] = said(world, conversation.id, "user")
    assert user.original_text == "hasło: [skjult]"
    assert [m.text_for_user for m in said(world, conversation.id, "system")
            if m.reply_to == user.id] == [fixed_text("secret_hidden", "pl")]
