"""The kind notice after a message whose personal data was masked (services/conversations.py hidden_data_notice):
a fødselsnummer or kontonummer, and a phone number or e-mail address, each kind once per conversation, in the
bruker's language. A phone number used to be masked without a word: the bruker could not know the veileder never
saw it."""

from __future__ import annotations

import pytest

from router.domain.masking import hidden_notices, mask_personal_numbers
from router.services.conversations import create_conversation, hidden_data_notice
from router.texts import available_languages, fixed_text
from tests.unit.services.conftest import World


async def notice_for(world: World, conversation_id: str, text: str) -> str | None:
    async with world.deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None
        notice = await hidden_data_notice(uow, conversation, text, mask_personal_numbers(text), world.clock.now())
        if notice is not None:
            notice = await uow.messages.add(notice)
    return notice.text_for_user if notice is not None else None


@pytest.mark.parametrize(("text", "kinds"), [
    ("ring meg på 912 34 567", ["contact_detail_hidden"]),
    ("skriv til kari@example.no", ["contact_detail_hidden"]),
    ("fnr 01019012345", ["personal_number_hidden"]),
    ("fnr 01019012345, tlf 912 34 567", ["personal_number_hidden", "contact_detail_hidden"]),
    ("skal jeg skrive [tel] eller [fødselsnummer] her?", []),
    ("ring NAV på 55 55 33 33", []),
])
def test_what_was_hidden_decides_the_notice(text: str, kinds: list[str]) -> None:
    assert hidden_notices(text, mask_personal_numbers(text)) == kinds


async def test_a_phone_number_gets_a_kind_notice_once_that_the_veileder_cannot_see_it_either(world: World) -> None:
    conversation, _ = await create_conversation(world.deps, language="nb")
    told = await notice_for(world, conversation.id, "ring meg på 912 34 567")
    assert told == fixed_text("contact_detail_hidden", "nb")
    assert "Veilederen kan heller ikke se det" in told and "ringt" in told
    assert await notice_for(world, conversation.id, "eller på e-post: kari@example.no") is None, "once"
    # The other kind is still said, once.
    assert await notice_for(world, conversation.id, "fnr 01019012345") == fixed_text("personal_number_hidden", "nb")
    assert await notice_for(world, conversation.id, "01019012345 igjen") is None
    kinds = [r.kind for r in world.store.history if r.conversation_id == conversation.id]
    assert kinds.count("contact_detail_hidden") == 1 and kinds.count("personal_number_hidden") == 1


async def test_both_in_one_message_one_notice_in_the_bruker_s_language(world: World) -> None:
    conversation, _ = await create_conversation(world.deps, language="pl")
    told = await notice_for(world, conversation.id, "pesel 01019012345, telefon 912 34 567")
    assert told == f"{fixed_text('personal_number_hidden', 'pl')} {fixed_text('contact_detail_hidden', 'pl')}"


@pytest.mark.parametrize("language", available_languages())
def test_every_language_says_the_veileder_cannot_see_it_and_a_call_can_be_asked_for(language: str) -> None:
    text = fixed_text("contact_detail_hidden", language)
    assert text != fixed_text("contact_detail_hidden", "en") or language == "en", "written in the language itself"
    assert "{" not in text
