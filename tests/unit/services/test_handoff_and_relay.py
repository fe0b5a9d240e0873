"""The handoff and a bruker message's turn against fakes: what the bruker is told, what is stored, what the bot gets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from router.domain.conversation import ConversationState
from router.domain.queue import Priority
from router.services import handoff
from router.services.conversations import create_conversation, messages_for_user
from router.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.unit.services.conftest import World


def texts(world: World, conversation_id: str, sender: str) -> list[str]:
    return [m.original_text for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation_id and m.sender == sender]


async def test_the_queue_notice_is_honest_open_closed_and_for_emergencies(world: World) -> None:
    conversation, _ = await create_conversation(world.deps, kommune="Asker")
    result = await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    notice = " ".join([fixed_text("queued", None, enhet="Nav 0220"), fixed_text("queued_wait", None, minutes=30)])
    assert result == {"state": "QUEUED", "enhet": {"enhetsnummer": "0220", "navn": "Nav 0220"}, "message": notice,
                      "stored": True}
    assert texts(world, conversation.id, "system") == [notice]
    emergency, _ = await create_conversation(world.deps, kommune="Asker", language="en")
    result = await handoff.hand_off(world.deps, emergency.id, reason="ingen mat", priority="emergency")
    assert result["message"].endswith(fixed_text("emergency_contacts", "en"))
    assert world.conversation(emergency.id).priority == Priority.EMERGENCY.value
    world.routing.open_now = False
    closed, _ = await create_conversation(world.deps, kommune="Asker")
    result = await handoff.hand_off(world.deps, closed.id, reason="hjelp")
    when = (world.clock.now() + timedelta(hours=12)).strftime("%d.%m. kl. %H:%M")
    assert fixed_text("outside_hours", None, when=when) in result["message"]
    assert result["message"].endswith(fixed_text("emergency_contacts", None))


async def test_handoff_input_is_checked_and_a_second_handoff_changes_nothing(world: World) -> None:
    conversation, _ = await create_conversation(world.deps, kommune="Asker")
    with pytest.raises(InvalidInput):
        await handoff.hand_off(world.deps, conversation.id, reason="x", tema="XYZ")
    with pytest.raises(InvalidInput):
        await handoff.hand_off(world.deps, conversation.id, reason="x", priority="urgent")
    with pytest.raises(NotFound):
        await handoff.hand_off(world.deps, "nope", reason="x")
    with pytest.raises(Conflict):
        await handoff.hand_off(world.deps, conversation.id, reason="x", while_bot_answers=True)
    first = await handoff.hand_off(world.deps, conversation.id, reason="x", kommune="Bærum",
                                   summary={"behov": "mat", "fnr": "01019012345", "barn": ["1", "2"], "tom": None})
    assert world.conversation(conversation.id).kommune == "Asker", "the place first learned stays"
    summary = world.conversation(conversation.id).bot_summary
    assert summary["behov"] == "mat" and summary["barn"] == "1, 2" and "tom" not in summary
    assert "01019012345" not in summary["fnr"]
    again = await handoff.hand_off(world.deps, conversation.id, reason="y")
    assert again["state"] == first["state"] == "QUEUED" and again["message"] == ""
    assert len(texts(world, conversation.id, "system")) == 1


def test_the_summary_is_short_strings_without_personal_numbers() -> None:
    assert handoff.clean_summary(None) == {}
    with pytest.raises(InvalidInput):
        handoff.clean_summary(["not", "a", "dict"])
    long = handoff.clean_summary({"k" * 100: "v" * 1000, **{f"key{i}": i for i in range(40)}})
    assert len(long) == handoff.MAX_SUMMARY_ITEMS and all(len(k) <= 64 for k in long)
    assert all(len(v) <= handoff.MAX_SUMMARY_CHARS for v in long.values()) and long["key0"] == "0"


async def test_enrichment_stores_the_bots_slots_and_each_messages_intent(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="hei")
    await world.deps.tasks.drain()
    world.bot.slots[conversation.id] = {"kommune": "Asker", "requested_slot": "x", "tom": None, "antall": 2}
    await handoff.enrich_from_tracker(world.deps, conversation.id)
    slots = world.conversation(conversation.id).bot_slots
    assert slots["kommune"] == "Asker" and slots["antall"] == 2 and "requested_slot" not in slots and "tom" not in slots
    user = [m for m in world.store.messages.values() if m.sender == "user"]
    assert [(m.intent, m.intent_confidence) for m in user] == [("fake_intent", 0.9)]
    world.bot.down = True
    await handoff.enrich_from_tracker(world.deps, conversation.id)  # the bot away: nothing breaks, nothing changes


async def test_a_message_is_stored_once_and_answered(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    first, created = await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text=" hei ")
    again, created_again = await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1",
                                                      text="hei")
    assert created and not created_again and again == first and first["text"] == "hei"
    await world.deps.tasks.drain()
    assert world.bot.received == [(conversation.id, "hei")]
    assert texts(world, conversation.id, "bot")[1:] == ["Bot: hei"]
    history = await messages_for_user(world.deps, conversation.id, token, after=first["seq"])
    assert [m["text"] for m in history["messages"]] == ["Bot: hei"]
    with pytest.raises(NotAuthenticated):
        await receive_user_message(world.deps, conversation.id, "wrong", client_msg_id="m2", text="hei")
    for bad in ({"client_msg_id": "bad id!", "text": "hei"}, {"client_msg_id": "m3", "text": "  "},
                {"client_msg_id": "m3", "text": "x" * 5000}, {"client_msg_id": "m3", "text": 5},
                {"client_msg_id": "m3", "text": "ja", "payload": "affirm"}):
        with pytest.raises(InvalidInput):
            await receive_user_message(world.deps, conversation.id, token, **bad)


async def test_personal_numbers_never_reach_the_bot(world: World) -> None:
    conversation, token = await create_conversation(world.deps)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1",
                               text="fødselsnummeret mitt er 01019012345")
    await world.deps.tasks.drain()
    assert "01019012345" not in world.bot.received[0][1]
    assert all("01019012345" not in m.original_text for m in world.store.messages.values())


async def test_the_bot_down_tells_the_bruker_and_offers_a_human(world: World) -> None:
    world.bot.down = True
    conversation, token = await create_conversation(world.deps)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="hei")
    await world.deps.tasks.drain()
    notice = [m for m in world.store.messages.values() if m.sender == "system"][-1]
    assert notice.original_text == fixed_text("bot_unavailable", None)
    assert notice.buttons == [{"title": fixed_text("offer_human", None), "payload": "/human_handoff"}]
    assert [t["state"] for t in world.store.turns.values()] == ["done"]


async def test_the_handoff_button_works_without_the_bot_and_messages_wait_for_the_veileder(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="Snakk med en veileder",
                               payload="/human_handoff")
    await world.deps.tasks.drain()
    assert world.conversation(conversation.id).state is ConversationState.QUEUED and world.bot.received == []
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m2", text="er det noen der?")
    await world.deps.tasks.drain()
    assert world.bot.received == [], "while a human has it, the bot gets nothing"
    closed, token2 = await create_conversation(world.deps)
    world.store.conversations[closed.id].state = ConversationState.CLOSED
    with pytest.raises(Conflict):
        await receive_user_message(world.deps, closed.id, token2, client_msg_id="m1", text="hei")


async def test_a_conversation_opens_in_the_chosen_or_the_pages_language(world: World) -> None:
    explicit, _ = await create_conversation(world.deps, language="en", page_locale="nb-NO")
    assert (explicit.language, explicit.language_source) == ("en", "explicit")
    page, _ = await create_conversation(world.deps, page_locale="nn-NO")
    assert (page.language, page.language_source) == ("nn", "page_locale")
    unknown, _ = await create_conversation(world.deps)
    assert (unknown.language, unknown.language_source) == (None, None)
    greeting = [m for m in world.store.messages.values() if m.conversation_id == page.id][0]
    assert (greeting.sender, greeting.original_text, greeting.original_language) == (
        "bot", fixed_text("greeting", "nn"), "nn")
    with pytest.raises(InvalidInput):
        await create_conversation(world.deps, language="xx")
    for kommune in ("", "   ", "x" * 65):
        with pytest.raises(InvalidInput):
            await create_conversation(world.deps, kommune=kommune)


async def test_personal_data_typed_as_a_place_is_masked(world: World) -> None:
    typed, _ = await create_conversation(world.deps, kommune="01019012345")
    assert "01019012345" not in (world.conversation(typed.id).kommune or "")
    learned, _ = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, learned.id, reason="x", kommune="ola@example.no")
    assert "ola@example.no" not in (world.conversation(learned.id).kommune or "")


async def test_a_message_while_queued_is_acknowledged_once_per_wait_with_the_place_in_line(world: World) -> None:
    from router.domain.access import Role
    from router.domain.assignment import Presence
    from router.services import dispatch

    ahead = await world.queued("Asker")
    world.clock.advance(seconds=30)
    conversation, token = await create_conversation(world.deps, kommune="Asker", language="en")
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    for i, text in enumerate(["is anyone there?", "hello?"]):
        await receive_user_message(world.deps, conversation.id, token, client_msg_id=f"m{i}", text=text)
        await world.deps.tasks.drain()
    acks = [m for m in world.store.messages.values()
            if m.conversation_id == conversation.id and "saved" in m.original_text]
    assert [m.original_text for m in acks] == [fixed_text("message_saved_in_queue", "en", position=2)], \
        "once per wait, with the place behind the one who came first"
    assert ahead != conversation.id and world.bot.received == []
    nks = world.add_veileder("nks", "NKS", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    await dispatch.transfer(world.deps, conversation.id, world.store.veiledere[nks.id].as_staff_user(),
                            to_enhetsnummer="0219")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m9", text="still here")
    await world.deps.tasks.drain()
    acks = [m for m in world.store.messages.values()
            if m.conversation_id == conversation.id and "saved" in m.original_text]
    assert len(acks) == 2 and acks[-1].original_text == fixed_text("message_saved_in_queue", "en", position=1)
