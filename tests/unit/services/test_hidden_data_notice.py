"""The kind notice after a message whose personal data was masked (services/conversations.py hidden_data_notice):
a fødselsnummer or kontonummer, and a phone number or e-mail address, each kind once per conversation, in the
bruker's language. A phone number used to be masked without a word: the bruker could not know the veileder never
saw it."""

from __future__ import annotations

import pytest

from router.domain.masking import hidden_notices, mask_personal_numbers
from router.services import handoff
from router.services.conversations import create_conversation, hidden_data_notice
from router.services.receive import receive_user_message
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
    # No promise of a call (the bot's own answer says the chat books none; probe 161 read both, back to back): the
    # number can be given to a veileder, who sees what she writes while she waits for or chats with one.
    assert "Veilederen kan heller ikke se det" in told and "når du chatter med veilederen" in told
    assert "ringt" not in told and "avtaler" not in told
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


# What the bruker reads, through services/receive.py: the probe's "ring meg på 912 34 567, eller mail
# ola@example.com" was stored as "ring meg på [tel], eller mail [e-post]" with no word, with the bot and in the queue.

def notices(world: World, conversation_id: str) -> list[tuple[int | None, str]]:
    """The hidden-data notices the bruker was shown, each with the message it answers."""
    said = sorted((m for m in world.store.messages.values() if m.conversation_id == conversation_id),
                  key=lambda m: m.id or 0)
    hidden = {fixed_text(key, "nb") for key in ("personal_number_hidden", "contact_detail_hidden")}
    return [(m.reply_to, m.text_for_user) for m in said
            if m.sender == "system" and any(key in m.text_for_user for key in hidden)]


async def write(world: World, conversation_id: str, token: str, text: str, n: int) -> None:
    await receive_user_message(world.deps, conversation_id, token, client_msg_id=f"c{n}", text=text)
    await world.deps.tasks.drain()


@pytest.mark.parametrize(("text", "keys"), [
    ("ring meg på 912 34 567", ["contact_detail_hidden"]),
    ("mail meg på ola@example.com", ["contact_detail_hidden"]),
    ("ring meg på 912 34 567, eller mail ola@example.com", ["contact_detail_hidden"]),
    ("fnr 01019012345", ["personal_number_hidden"]),
    ("fnr 01019012345, ring meg på 912 34 567", ["personal_number_hidden", "contact_detail_hidden"]),
])
async def test_a_message_with_hidden_data_is_followed_by_its_notice(world: World, text: str, keys: list[str]) -> None:
    conversation, token = await create_conversation(world.deps, language="nb", kommune="Asker")
    await write(world, conversation.id, token, text, 1)
    user = [m for m in world.store.messages.values() if m.conversation_id == conversation.id and m.sender == "user"]
    assert len(user) == 1 and "912" not in user[0].text_for_user and "ola@" not in user[0].text_for_user
    assert notices(world, conversation.id) == [(user[0].id, " ".join(fixed_text(key, "nb") for key in keys))]


@pytest.mark.parametrize("taken", [False, True], ids=["in the queue", "with a veileder"])
async def test_a_phone_number_written_to_a_veileder_is_theirs_to_call_back_and_reaches_no_bot(
        world: World, taken: bool) -> None:
    """Two probes: the bruker wrote "tlf 41234567 hvis dere vil ringe" to a veileder, read "tlf [tel]" and "Vil du
    bli ringt, kan du skrive det …" (she just had), and the veileder promised a call nobody could make. Waiting for
    or talking with a veileder, a phone number or e-mail address is kept for them; a fødselsnummer is not, and the
    language layer (the translator, the bot) reads the message masked in full."""
    read: list[str] = []
    inbound = world.deps.language.inbound

    async def reading(conversation, text):  # type: ignore[no-untyped-def]
        read.append(text)
        return await inbound(conversation, text)

    world.deps.language.inbound = reading  # type: ignore[method-assign]
    conversation, token = await create_conversation(world.deps, language="nb", kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    if taken:
        kari = world.add_veileder("kari", "0220")
        from router.services import dispatch
        await dispatch.take(world.deps, conversation.id, world.store.veiledere[kari.id].as_staff_user())
    await write(world, conversation.id, token, "tlf 412 34 567 eller ola@example.com, fnr 01019012345", 1)
    [user] = [m for m in world.store.messages.values() if m.conversation_id == conversation.id and m.sender == "user"]
    assert user.original_text == "tlf 412 34 567 eller ola@example.com, fnr [fødselsnummer]"
    assert notices(world, conversation.id) == [(user.id, fixed_text("personal_number_hidden", "nb"))]
    assert read == ["tlf [tel] eller [e-post], fnr [fødselsnummer]"]


async def test_a_second_phone_number_in_the_conversation_gets_no_second_notice(world: World) -> None:
    conversation, token = await create_conversation(world.deps, language="nb")
    await write(world, conversation.id, token, "ring meg på 912 34 567", 1)
    await write(world, conversation.id, token, "eller på 45 67 89 01", 2)
    await write(world, conversation.id, token, "mail: ola@example.com", 3)
    assert [text for _, text in notices(world, conversation.id)] == [fixed_text("contact_detail_hidden", "nb")]
    # The fødselsnummer notice is still said once, on its own.
    await write(world, conversation.id, token, "fnr 01019012345", 4)
    await write(world, conversation.id, token, "01019012345 igjen, og 912 34 567", 5)
    assert [text for _, text in notices(world, conversation.id)] == [fixed_text("contact_detail_hidden", "nb"),
                                                                     fixed_text("personal_number_hidden", "nb")]


@pytest.mark.parametrize(("text", "for_a_veileder"), [
    ("tlf 41234567 hvis dere vil ringe", "tlf 41234567 hvis dere vil ringe"),
    ("ring meg på +47 412 34 567 eller ola@example.no", "ring meg på +47 412 34 567 eller ola@example.no"),
    ("+46 70 123 45 67", "+46 70 123 45 67"),
    ("41234567 01019012480", "41234567 [fødselsnummer]"),
    ("kontonr 1503.12.34567 og 98765432", "kontonr [kontonummer] og 98765432"),
])
def test_contact_details_are_kept_for_a_veileder_and_identity_numbers_never(text: str, for_a_veileder: str) -> None:
    assert mask_personal_numbers(text, keep_contact_details=True) == for_a_veileder
    assert "[tel]" in mask_personal_numbers(text) or "[e-post]" in mask_personal_numbers(text)
