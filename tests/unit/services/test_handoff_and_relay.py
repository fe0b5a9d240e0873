"""The handoff and a bruker message's turn against fakes: what the bruker is told, what is stored, what the bot gets."""

from __future__ import annotations

from datetime import datetime

import pytest

from router.domain.access import Role
from router.domain.assignment import Presence
from router.domain.conversation import ConversationState
from router.domain.opening_hours import NAV_PHONE_HOURS, OSLO, NavDay
from router.domain.queue import Priority
from router.domain.staff_labels import history_text
from router.services import dispatch, handoff, inbox
from router.services.conversations import create_conversation, messages_for_user
from router.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.fakes import _FakeMessages
from tests.unit.services.conftest import World


def texts(world: World, conversation_id: str, sender: str) -> list[str]:
    return [m.text_for_user for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation_id and m.sender == sender]


async def test_the_queue_notice_says_the_wait_the_live_queue_allows(world: World) -> None:
    queued = fixed_text("queued", None, enhet="Nav 0312")
    # Open, but nobody online: no promise of minutes, the phone and the emergency contacts instead.
    nobody, _ = await create_conversation(world.deps, kommune="Frogner")
    result = await handoff.hand_off(world.deps, nobody.id, reason="hjelp")
    assert result == {"state": "QUEUED", "enhet": {"enhetsnummer": "0312", "navn": "Nav 0312"}, "stored": True,
                      "message": " ".join([queued, fixed_text("wait_nobody_online_phone_closed", None,
                                                              enhet="Nav 0312"),
                                           fixed_text("answer_here_keep_tab_open", None),
                                           fixed_text("emergency_contacts", None)])}
    assert texts(world, nobody.id, "system") == [result["message"]]
    # Someone online with a free place: taken at once, so no minutes are promised (probe 70: "omtrent 5 minutter"
    # right before "Kari har tatt over"), and nothing about emergencies for a normal need.
    world.add_veileder("kari", "0220", capacity=1)
    soon, _ = await create_conversation(world.deps, kommune="Asker", language="en")
    result = await handoff.hand_off(world.deps, soon.id, reason="hjelp")
    assert result["message"] == fixed_text("queued", "en", enhet="Nav 0220")
    # Stored as every fixed text: bokmål for staff, the bruker's own version beside it.
    notice = [m for _, m in sorted(world.store.messages.items())
              if m.conversation_id == soon.id and m.sender == "system"][0]
    assert (notice.original_language, notice.original_text, notice.text_for_user) == (
        "nb", fixed_text("queued", "nb", enhet="Nav 0220"), result["message"])
    # Kari is now busy with that one (capacity 1): the next one waits a round of chats.
    behind, _ = await create_conversation(world.deps, kommune="Asker")
    result = await handoff.hand_off(world.deps, behind.id, reason="hjelp")
    assert fixed_text("wait_estimate", None, minutes="20") in result["message"]
    emergency, _ = await create_conversation(world.deps, kommune="Asker", language="en")
    result = await handoff.hand_off(world.deps, emergency.id, reason="ingen mat", priority="emergency")
    assert result["message"].endswith(fixed_text("emergency_contacts", "en"))
    assert world.conversation(emergency.id).priority == Priority.EMERGENCY.value
    # Closed: when it opens, as the bruker's language writes dates and times (Babel), and the emergency contacts.
    world.routing.open_now = False
    for language, when in (("nb", "onsdag 25. november kl. 07:00"), ("so", "Arbaco, Noofeembar 25, 07:00")):
        closed, _ = await create_conversation(world.deps, kommune="Asker", language=language)
        result = await handoff.hand_off(world.deps, closed.id, reason="hjelp")
        assert fixed_text("outside_hours", language, when=when) in result["message"]
        assert result["message"].endswith(fixed_text("emergency_contacts", language))


async def test_a_kommunal_handoff_with_no_place_asks_once_and_the_answer_routes_it(world: World) -> None:
    conversation, token = await create_conversation(world.deps)
    asked = await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    assert asked["state"] == "BOT" and asked["message"] == fixed_text("place_question", None)
    question = [m for m in world.store.messages.values() if m.sender == "system"][-1]
    assert question.buttons == [{"title": fixed_text("place_decline", None), "payload": handoff.NO_PLACE}]
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="p1", text="Jeg bor i Bærum")
    await world.deps.tasks.drain()
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.enhetsnummer, stored.geografisk_tilknytning) == (ConversationState.QUEUED, "0219",
                                                                                 "Bærum")
    assert world.bot.received == [], "the answer to the router's question never reaches the bot"
    assert stored.handoff_reason == "bruker ba om en veileder"


async def test_a_kommunal_handoff_knowing_only_oslo_asks_for_the_bydel_which_decides_the_office(
        world: World) -> None:
    """Oslo, Bergen, Trondheim and Stavanger have one NAV-kontor per bydel: "Oslo" alone routed a sosialhjelp
    handoff to the regional kontaktsenter, which cannot grant it."""
    world.routing.offices["Oslo"] = ("NKS-OSLO", None)
    world.routing.per_bydel.add("Oslo")
    conversation, token = await create_conversation(world.deps, kommune="Oslo")
    asked = await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    assert asked["state"] == "BOT" and asked["message"] == fixed_text("bydel_question", None, kommune="Oslo")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="p1", text="Jeg bor på Frogner")
    await world.deps.tasks.drain()
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.enhetsnummer) == (ConversationState.QUEUED, "0312")
    # State benefits go to the kontaktsenter by design: no question about the bydel for them.
    dagpenger, _ = await create_conversation(world.deps, kommune="Oslo")
    assert (await handoff.hand_off(world.deps, dagpenger.id, reason="x", tema="DAG"))["state"] == "QUEUED"


async def test_oslo_as_the_answer_to_the_place_question_gets_the_bydel_question_once(world: World) -> None:
    """A probe: "Jeg vil snakke med en veileder", then "Oslo" to "where do you live?", queued the bruker at "Nav
    kontaktsenter Oslo og Vest-Viken", which cannot grant sosialhjelp. Its bydel is asked, once."""
    world.routing.offices["Oslo"] = ("NKS-OSLO", None)
    world.routing.per_bydel.add("Oslo")
    for second_answer, enhet in (("Jeg bor på Frogner", "0312"), ("Oslo", "NKS-OSLO")):
        conversation, token = await create_conversation(world.deps)
        asked = await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
        assert asked["message"] == fixed_text("place_question", None)
        await receive_user_message(world.deps, conversation.id, token, client_msg_id="p1", text="Oslo")
        await world.deps.tasks.drain()
        assert world.conversation(conversation.id).state is ConversationState.BOT
        assert texts(world, conversation.id, "system")[-1] == fixed_text("bydel_question", None, kommune="Oslo")
        await receive_user_message(world.deps, conversation.id, token, client_msg_id="p2", text=second_answer)
        await world.deps.tasks.drain()
        stored = world.conversation(conversation.id)
        assert (stored.state, stored.enhetsnummer) == (ConversationState.QUEUED, enhet), second_answer
        assert world.bot.received == []


async def test_an_answer_to_the_bydel_question_that_names_no_bydel_is_told_so_not_asked_the_same_again(
        world: World) -> None:
    """Found in Chromium: a bruker in Oslo asked for her bydel answered "Oslo" (or "Гамле Осло" read as Hamle Oslo,
    or a bydel misspelt) and read the very same paragraph again, as if she had not been heard. The second time she
    is told the bydel was not found and what to write, in her language; where the bydeler are few, they are named.
    Her third answer goes on as before."""
    world.routing.offices["Oslo"] = ("NKS-OSLO", None)
    world.routing.per_bydel.add("Oslo")
    for language, answer in ((None, "Oslo"), (None, "Hamle Oslo"), (None, "Grunerlokka"), ("en", "Oslo")):
        conversation, token = await create_conversation(world.deps, kommune="Oslo", language=language)
        asked = await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
        assert asked["message"] == fixed_text("bydel_question", language, kommune="Oslo")
        await receive_user_message(world.deps, conversation.id, token, client_msg_id="p1", text=answer)
        await world.deps.tasks.drain()
        again = [m for _, m in sorted(world.store.messages.items())
                 if m.conversation_id == conversation.id and m.sender == "system"][-1]
        assert again.text_for_user == fixed_text("bydel_question_again", language, kommune="Oslo"), answer
        assert again.text_for_user != asked["message"]
        assert again.buttons == [{"title": fixed_text("place_decline", language), "payload": handoff.NO_PLACE}]
        assert world.conversation(conversation.id).state is ConversationState.BOT
        await receive_user_message(world.deps, conversation.id, token, client_msg_id="p2", text="Oslo")
        await world.deps.tasks.drain()
        assert (world.conversation(conversation.id).state, world.conversation(conversation.id).enhetsnummer) == (
            ConversationState.QUEUED, "NKS-OSLO")
    # Few bydeler: named the second time too.
    world.routing.offices["Trondheim"] = ("NKS-MIDT", None)
    world.routing.per_bydel.add("Trondheim")
    bydeler = ("Midtbyen", "Østbyen", "Lerkendal", "Heimdal")
    world.routing.bydel_names = lambda gt: bydeler if gt == "Trondheim" else ()  # type: ignore[method-assign]
    conversation, token = await create_conversation(world.deps, kommune="Trondheim")
    asked = await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    assert asked["message"] == handoff.bydel_question(None, "Trondheim", bydeler)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="p1", text="Trondheim")
    await world.deps.tasks.drain()
    assert texts(world, conversation.id, "system")[-1] == handoff.bydel_question(None, "Trondheim", bydeler,
                                                                                 again=True)
    assert "Midtbyen, Østbyen, Lerkendal eller Heimdal" in texts(world, conversation.id, "system")[-1]
    # A question of her own instead of the bydel is still asked where she lives, with the veileder seeing it.
    conversation, token = await create_conversation(world.deps, kommune="Oslo")
    await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="p1", text="Hva er AAP?")
    await world.deps.tasks.drain()
    assert texts(world, conversation.id, "system")[-1] == fixed_text("place_question_again", None)


async def test_changing_one_s_mind_at_the_place_question_gives_the_message_to_the_bot(world: World) -> None:
    """'nei glem det. når kommer pengene?' to 'where do you live?' was queued at the kontaktsenter."""
    conversation, token = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    text = "nei glem det. når kommer pengene?"
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="p1", text=text)
    await world.deps.tasks.drain()
    assert world.conversation(conversation.id).state is ConversationState.BOT
    assert world.bot.received == [(conversation.id, text)], "the bot answers the question"
    # Not asked again, and "nei" with a place is still the answer.
    assert await handoff.pending_place_question(world.deps, conversation.id) is None
    other, token = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, other.id, reason="bruker ba om en veileder")
    await receive_user_message(world.deps, other.id, token, client_msg_id="p1", text="nei, jeg bor i Bærum")
    await world.deps.tasks.drain()
    assert (world.conversation(other.id).state, world.conversation(other.id).enhetsnummer) == (
        ConversationState.QUEUED, "0219")


async def test_i_dont_want_to_say_goes_to_the_kontaktsenter_and_an_acute_need_is_never_held_up(world: World) -> None:
    declined, token = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, declined.id, reason="hjelp")
    await receive_user_message(world.deps, declined.id, token, client_msg_id="p1", text="x",
                               payload=handoff.NO_PLACE)
    await world.deps.tasks.drain()
    assert world.conversation(declined.id).state is ConversationState.QUEUED
    assert world.conversation(declined.id).enhetsnummer == "NKS-OVRG"
    acute, _ = await create_conversation(world.deps)
    result = await handoff.hand_off(world.deps, acute.id, reason="ingen mat", priority="emergency")
    assert result["state"] == "QUEUED", "an emergency is queued at once, place or not"
    state_tema, _ = await create_conversation(world.deps)
    assert (await handoff.hand_off(world.deps, state_tema.id, reason="x", tema="DAG"))["state"] == "QUEUED"


async def test_a_place_s_name_alone_while_waiting_moves_the_conversation(world: World) -> None:
    """'Trondheim' or 'Sagene' as the whole message is the place; the same word inside a sentence is not."""
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1",
                               text="har du vært i Bærum")
    await world.deps.tasks.drain()
    assert world.conversation(conversation.id).enhetsnummer == "0220"
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m2", text="Bærum")
    await world.deps.tasks.drain()
    assert world.conversation(conversation.id).enhetsnummer == "0219"


async def test_a_place_written_while_waiting_moves_the_conversation_and_the_bruker_is_told(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="Asker?")
    await world.deps.tasks.drain()
    assert world.conversation(conversation.id).enhetsnummer == "0220", "a place word without a cue moves nothing"
    queued_at = world.conversation(conversation.id).queued_at
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m2",
                               text="beklager, jeg bor i Bærum nå")
    await world.deps.tasks.drain()
    moved = world.conversation(conversation.id)
    assert (moved.enhetsnummer, moved.geografisk_tilknytning, moved.queued_at) == ("0219", "Bærum", queued_at)
    told = [t for t in texts(world, conversation.id, "system")
            if t.startswith(fixed_text("conversation_moved", None, enhet="Nav 0219"))]
    assert len(told) == 1 and len(told[0]) > len(fixed_text("conversation_moved", None, enhet="Nav 0219")), \
        "moved, with what the new queue lets us promise"
    # Sent by staff to one veileder, it stays with that choice; the place is kept for the veileder to read.
    reserved, token2 = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, reserved.id, reason="hjelp")
    world.conversation(reserved.id).own_veileder_id = 42
    await receive_user_message(world.deps, reserved.id, token2, client_msg_id="m1", text="jeg bor i Bærum forresten")
    await world.deps.tasks.drain()
    kept = world.conversation(reserved.id)
    assert (kept.enhetsnummer, kept.own_veileder_id, kept.geografisk_tilknytning) == ("0220", 42, "Bærum")


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
    assert world.conversation(conversation.id).kommune == "Bærum", "what the bruker told the bot outranks the page"
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
    world.bot.slots[conversation.id] = {"kommune": "Asker", "requested_slot": "x", "tom": None, "antall": 2,
                                        "session_started_metadata": {"message_id": 1, "language": "nb"}}
    await handoff.enrich_from_tracker(world.deps, conversation.id)
    slots = world.conversation(conversation.id).bot_slots
    assert slots["kommune"] == "Asker" and slots["antall"] == 2 and "requested_slot" not in slots and "tom" not in slots
    assert "session_started_metadata" not in slots, "Rasa's own slot is nothing the bot learned"
    user = [m for m in world.store.messages.values() if m.sender == "user"]
    assert [(m.intent, m.intent_confidence) for m in user] == [("fake_intent", 0.9)]
    world.bot.down = True
    await handoff.enrich_from_tracker(world.deps, conversation.id)  # the bot away: nothing breaks, nothing changes


async def test_a_message_is_stored_once_and_answered(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    first, created = await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text=" hei ")
    again, created_again = await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1",
                                                      text="hei")
    # The same stored message; its turn may already have recorded the language it detected (language).
    assert created and not created_again and first["text"] == "hei"
    assert {**again, "language": None} == {**first, "language": None}
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
    assert all("01019012345" not in m.text_for_user for m in world.store.messages.values())


async def test_the_bot_down_tells_the_bruker_and_offers_a_human(world: World) -> None:
    world.bot.down = True
    conversation, token = await create_conversation(world.deps)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="hei")
    await world.deps.tasks.drain()
    notice = [m for m in world.store.messages.values() if m.sender == "system"][-1]
    assert notice.text_for_user == fixed_text("bot_unavailable", None)
    assert notice.buttons == [{"title": fixed_text("offer_human", None), "payload": "/human_handoff"}]
    assert [t["state"] for t in world.store.turns.values()] == ["done"]


@pytest.mark.parametrize(("language", "opens"), [("nb", "mandag 28. desember kl. 09:00"),
                                                  ("pl", "w poniedziałek, 28 grudnia o 09:00")])
async def test_the_bot_down_on_julaften_says_when_nav_s_phone_opens_not_its_weekday_hours(
        world: World, language: str, opens: str) -> None:
    """Julaften 10:00 (a Thursday; reference/nav_dager.csv): "Chatroboten svarer ikke ... ringe NAV på 55 55 33 33
    (hverdager 09–15)" sent the bruker to a phone closed all day. Now when it opens, by the routing port's hours."""
    world.routing.phone_hours = NAV_PHONE_HOURS.with_nav_days((NavDay(month=12, day=24, kilde="test"),))
    world.clock.advance(seconds=(datetime(2026, 12, 24, 10, 0, tzinfo=OSLO) - world.clock.now()).total_seconds())
    world.bot.down = True
    conversation, token = await create_conversation(world.deps, page_locale=language)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="hei")
    await world.deps.tasks.drain()
    notice = [m for m in world.store.messages.values() if m.sender == "system"][-1]
    assert notice.text_for_user == fixed_text("bot_unavailable_phone_closed", language, opens=opens)
    assert "(hverdager 09–15)" not in notice.original_text and "mandag 28. desember" in notice.original_text
    assert notice.buttons and notice.buttons[0]["payload"] == "/human_handoff"


async def test_an_empty_answer_is_not_silence_but_a_handoff_is_no_failure(world: World) -> None:
    """Rasa answers [] when its action server failed: the bruker gets the notice, not silence. The bot's handoff
    also answers [], but the router has posted its own notice meanwhile: nothing more is added then."""
    async def nothing(conversation_id: str, text: str, metadata: dict | None = None) -> list:
        return []

    world.bot.send = nothing  # type: ignore[method-assign]
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="kan jeg søke digitalt?")
    await world.deps.tasks.drain()
    asked = next(m for m in world.store.messages.values() if m.client_msg_id == "m1")
    [notice] = [m for m in world.store.messages.values() if m.sender == "system" and (m.id or 0) > (asked.id or 0)]
    assert (notice.text_for_user, notice.reply_to) == (fixed_text("bot_unavailable", None), asked.id)

    async def hand_off(conversation_id: str, text: str, metadata: dict | None = None) -> list:
        await handoff.hand_off(world.deps, conversation_id, reason="bruker ba om en veileder")
        return []

    world.bot.send = hand_off  # type: ignore[method-assign]
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m2", text="jeg vil snakke med noen")
    await world.deps.tasks.drain()
    texts = [m.text_for_user for _, m in sorted(world.store.messages.items()) if m.sender == "system"]
    assert texts.count(fixed_text("bot_unavailable", None)) == 1
    assert world.conversation(conversation.id).state is ConversationState.QUEUED


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


async def test_the_handoff_button_routes_on_the_place_the_bot_learned_and_a_closed_chat_is_not_handed_off(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # The bot asked where the bruker lives and kept the answer in its slot; the button does not ask again.
    conversation, token = await create_conversation(world.deps)
    world.bot.slots[conversation.id] = {"kommune": "Bærum", "bydel": None, "postnummer": ""}
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="Snakk med en veileder",
                               payload="/human_handoff")
    await world.deps.tasks.drain()
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.enhetsnummer) == (ConversationState.QUEUED, "0219")
    assert fixed_text("place_question", None) not in texts(world, conversation.id, "system")
    # The API's button too; and with the bot away, the router asks as before.
    by_api, _ = await create_conversation(world.deps)
    world.bot.slots[by_api.id] = {"kommune": "Bærum"}
    assert (await handoff.hand_off_on_brukers_request(world.deps, by_api.id))["enhet"]["enhetsnummer"] == "0219"
    world.bot.down = True
    no_bot, _ = await create_conversation(world.deps)
    assert (await handoff.hand_off_on_brukers_request(world.deps, no_bot.id))["message"] == fixed_text(
        "place_question", None)
    # A bot too slow to say is not waited for beyond a moment: the router asks, as without the bot.
    world.bot.down, world.bot.tracker_delay_s = False, 5.0
    monkeypatch.setattr(handoff, "PLACE_FROM_BOT_S", 0.05)
    slow, _ = await create_conversation(world.deps)
    world.bot.slots[slow.id] = {"kommune": "Bærum"}
    assert (await handoff.hand_off_on_brukers_request(world.deps, slow.id))["message"] == fixed_text(
        "place_question", None)
    world.bot.tracker_delay_s = 0.0
    # An ended chat is not handed off, and nothing is stored in it.
    closed, _ = await create_conversation(world.deps, kommune="Asker")
    world.store.conversations[closed.id].state = ConversationState.CLOSED
    before = texts(world, closed.id, "system")
    with pytest.raises(Conflict):
        await handoff.hand_off_on_brukers_request(world.deps, closed.id)
    assert texts(world, closed.id, "system") == before


async def test_a_conversation_opens_in_the_chosen_or_the_pages_language(world: World) -> None:
    explicit, _ = await create_conversation(world.deps, language="en", page_locale="nb-NO")
    assert (explicit.language, explicit.language_source) == ("en", "explicit")
    page, _ = await create_conversation(world.deps, page_locale="nn-NO")
    assert (page.language, page.language_source) == ("nn", "page_locale")
    unknown, _ = await create_conversation(world.deps)
    assert (unknown.language, unknown.language_source) == (None, None)
    greeting = [m for m in world.store.messages.values() if m.conversation_id == page.id][0]
    assert (greeting.sender, greeting.text_for_user, greeting.original_language) == (
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
            if m.conversation_id == conversation.id and "saved" in m.text_for_user]
    assert len(acks) == 1 and acks[0].text_for_user.startswith(fixed_text("message_saved_in_queue", "en", position=2)), \
        "once per wait, with the place behind the one who came first"
    # Nobody online at Nav Asker: the acknowledgement says so, in one line after the queue notice's full text (a
    # probe's "when do you answer?" at night got only the place in line); the emergency contacts are not repeated.
    assert acks[0].text_for_user.endswith(fixed_text("wait_short_nobody_online", "en", enhet="Nav 0220"))
    assert fixed_text("emergency_contacts", "en") not in acks[0].text_for_user
    assert ahead != conversation.id and world.bot.received == []
    nks = world.add_veileder("nks", "NKS", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    await dispatch.transfer(world.deps, conversation.id, world.store.veiledere[nks.id].as_staff_user(),
                            to_enhetsnummer="0219")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m9", text="still here")
    await world.deps.tasks.drain()
    acks = [m for m in world.store.messages.values()
            if m.conversation_id == conversation.id and "saved" in m.text_for_user]
    assert len(acks) == 2 and acks[-1].text_for_user.startswith(fixed_text("message_saved_in_queue", "en", position=1))


async def test_typed_intent_syntax_reaches_the_bot_as_words_and_control_buttons_as_their_text(world: World) -> None:
    """Rasa would read "/restart" as its restart (wiping the answer language) and '/greet{"language": "nn"}' as a
    language: the bruker's typing never chooses the bot's intent or slots (router/domain/bot_input.py)."""
    conversation, token = await create_conversation(world.deps, language="en")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="t1", text="/restart")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="t2",
                               text='/greet{"language": "nn"}')
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="t3", text="Start again",
                               payload="/restart")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="t4", text="Yes", payload="/affirm")
    await world.deps.tasks.drain()
    assert [text for _, text in world.bot.received] == ["restart", 'greet{"language": "nn"}', "Start again",
                                                        "/affirm"]
    assert texts(world, conversation.id, "user") == ["/restart", '/greet{"language": "nn"}', "Start again", "Yes"]


def system_of(world: World, conversation_id: str):  # type: ignore[no-untyped-def]
    return [m for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation_id and m.sender == "system"]


async def test_a_question_for_an_answer_to_the_place_question_is_asked_again_once_not_taken_as_the_place(
        world: World) -> None:
    """The tester, "Kan dere ringe meg?" then "Hva er AAP?" to "where do you live?": queued at the kontaktsenter
    till Monday, as if "Hva er AAP?" were a place."""
    conversation, token = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="p1", text="Hva er AAP?")
    await world.deps.tasks.drain()
    assert world.conversation(conversation.id).state is ConversationState.BOT, "not queued on a question"
    again = system_of(world, conversation.id)[-1]
    assert again.text_for_user == fixed_text("place_question_again", None)
    assert again.buttons == [{"title": fixed_text("place_decline", None), "payload": handoff.NO_PLACE}]
    assert again.reply_to is not None and world.bot.received == []
    # The answer to the second question routes it as the first would have.
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="p2", text="Jeg bor i Bærum")
    await world.deps.tasks.drain()
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.enhetsnummer) == (ConversationState.QUEUED, "0219")


async def test_a_statement_that_names_no_place_is_an_answer_not_a_question(world: World) -> None:
    """"vil ikke si det" starts like a question ("vil ...") but is an answer: rather not say."""
    conversation, token = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="p1", text="vil ikke si det")
    await world.deps.tasks.drain()
    assert world.conversation(conversation.id).state is ConversationState.QUEUED


async def test_a_second_question_at_the_place_question_goes_on_to_a_person_as_before(world: World) -> None:
    conversation, token = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    for n, text in enumerate(["Hva er AAP?", "Hvorfor spør dere om det?"]):
        await receive_user_message(world.deps, conversation.id, token, client_msg_id=f"p{n}", text=text)
        await world.deps.tasks.drain()
    assert world.conversation(conversation.id).state is ConversationState.QUEUED, "asked once more, not again"
    assert [m.text_for_user for m in system_of(world, conversation.id)].count(
        fixed_text("place_question_again", None)) == 1


async def test_a_waiting_bruker_can_go_back_to_the_bot_told_before_that_they_leave_the_queue(world: World) -> None:
    """The tester could only press "Avslutt": no way back to the bot from the queue."""
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    button = {"title": fixed_text("leave_queue_button", None), "payload": "router:back_to_bot"}
    assert system_of(world, conversation.id)[-1].buttons == [button], "the queue notice shows the way back"
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="w1",
                               text="Jeg vil søke om sosialhjelp")
    await world.deps.tasks.drain()
    acknowledgement = system_of(world, conversation.id)[-1]
    assert acknowledgement.text_for_user.startswith(fixed_text("message_saved_in_queue", None, position="1"))
    assert acknowledgement.buttons == [], "the queue notice right above shows the way back"
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="w2", text=button["title"],
                               payload="router:back_to_bot")
    await world.deps.tasks.drain()
    stored = world.conversation(conversation.id)
    assert stored.state is ConversationState.BOT
    left = system_of(world, conversation.id)[-1]
    assert left.text_for_user == fixed_text("left_queue", None)
    assert left.buttons == [{"title": fixed_text("offer_human", None), "payload": "/human_handoff"}]
    assert [e["state"] for e in world.bus.published if e["type"] == "state"][-1] == "BOT"
    assert world.bot.received == [], "the button is the router's, never the bot's"
    # Pressed again (or sent as "/back_to_bot" by a client of "/" payloads only): nothing changes, and the bruker is
    # told they are with the bot, not "Du har gått ut av køen" once more (a probe: after a reload in state BOT).
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="w2b", text=button["title"],
                               payload="/back_to_bot")
    await world.deps.tasks.drain()
    again = system_of(world, conversation.id)[-1]
    assert again.text_for_user == fixed_text("already_with_bot", None)
    assert [m.text_for_user for m in system_of(world, conversation.id)].count(fixed_text("left_queue", None)) == 1
    assert world.bot.received == [] and world.conversation(conversation.id).state is ConversationState.BOT
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="w3", text="Hva er AAP?")
    await world.deps.tasks.drain()
    assert world.bot.received == [(conversation.id, "Hva er AAP?")], "the bot answers again"
    # Asking for a person again queues them afresh, at the back, as they were told.
    world.clock.advance(minutes=3)
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    assert world.conversation(conversation.id).queued_at == world.clock.now()


async def test_a_typed_wish_for_the_bot_while_waiting_is_answered_with_the_way_back(world: World) -> None:
    """"Kan jeg heller snakke med chatroboten?" in the queue got no answer at all."""
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="w1",
                               text="Kan jeg heller snakke med chatroboten?")
    await world.deps.tasks.drain()
    offer = system_of(world, conversation.id)[-1]
    assert offer.text_for_user == fixed_text("back_to_bot_offer", None)
    assert offer.buttons == [{"title": fixed_text("leave_queue_button", None), "payload": "router:back_to_bot"}]
    assert world.conversation(conversation.id).state is ConversationState.QUEUED, "nothing happens until they choose"
    assert world.bot.received == []


async def test_the_move_is_the_answer_to_the_place_and_the_next_question_gets_the_place_in_line(world: World) -> None:
    """A probe: "jeg bor ikke i Stavanger men i Sandnes" got the move notice (where, the wait there, the contacts)
    and right after it "Meldingen din er lagret. Du er nummer 1 ... en veileder svarer deg mandag", the same again;
    that spent the wait's one acknowledgement, and the bruker's next question, "Når svarer dere?", got nothing."""
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="jeg bor i Bærum nå")
    await world.deps.tasks.drain()
    said = [m for _, m in sorted(world.store.messages.items()) if m.conversation_id == conversation.id]
    bruker = next(m for m in said if m.sender == "user")
    [moved] = [m for m in said if m.id is not None and bruker.id is not None and m.id > bruker.id]
    assert moved.text_for_user.startswith(fixed_text("conversation_moved", None, enhet="Nav 0219"))
    assert moved.reply_to == bruker.id, "it answers the message that named the place"
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m2", text="Når svarer dere?")
    await world.deps.tasks.drain()
    answer = [m for _, m in sorted(world.store.messages.items()) if m.conversation_id == conversation.id][-1]
    assert answer.text_for_user.startswith(fixed_text("message_saved_in_queue", None, position="1"))


async def test_a_kontaktsenter_queue_is_named_as_brukere_know_it(world: World) -> None:
    """"Du står nå i kø … ved Nav kontaktsenter generelt": NAV's internal queue name reached the bruker."""
    world.routing.offices["Utlandet"] = ("NKS-OVRG", None)
    conversation, _ = await create_conversation(world.deps, kommune="Utlandet")
    stored = world.conversation(conversation.id)
    stored.enhet_navn = "Nav kontaktsenter generelt"
    result = await handoff.hand_off(world.deps, conversation.id, reason="hjelp", tema="DAG")
    assert world.conversation(conversation.id).enhetsnummer == "NKS-OVRG"
    assert result["message"].startswith(fixed_text("queued", None, enhet="NAV Kontaktsenter"))
    assert result["enhet"]["navn"] == "NAV Kontaktsenter"
    assert "generelt" not in result["message"]


async def test_the_contacts_in_the_queue_notice_are_not_said_again_when_the_chat_moves_minutes_later(
        world: World) -> None:
    """A probe: the emergency contacts came again in every move notice, seconds after the queue notice."""
    world.routing.open_now = False  # nobody answers soon: the queue notice ends with the emergency contacts
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    assert "113" in system_of(world, conversation.id)[-1].text_for_user
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="jeg bor i Bærum nå")
    await world.deps.tasks.drain()
    moved = system_of(world, conversation.id)[-1]
    assert moved.text_for_user.startswith(fixed_text("conversation_moved", None, enhet="Nav 0219"))
    assert "113" not in moved.text_for_user


async def test_a_place_in_the_message_that_asks_for_a_person_is_used(world: World) -> None:
    """A probe: "Jeg bor i Sola og vil snakke med en veileder" got "Hvilken kommune eller bydel bor du i?"."""
    conversation, token = await create_conversation(world.deps)
    world.bot.on_handoff = lambda cid: handoff.hand_off(world.deps, cid, reason="bruker ba om en veileder")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1",
                               text="Jeg bor i Bærum og vil snakke med en veileder")
    await world.deps.tasks.drain()
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.enhetsnummer) == (ConversationState.QUEUED, "0219")
    assert fixed_text("place_question", None) not in texts(world, conversation.id, "system")


async def test_the_place_in_the_last_message_is_read_without_the_whole_conversation(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The handoff read every message of the conversation to find the bruker's last one."""
    conversation, token = await create_conversation(world.deps)
    for number, text in enumerate(["hei", "hva er sosialhjelp?", "Jeg bor i Bærum og vil snakke med en veileder"]):
        await receive_user_message(world.deps, conversation.id, token, client_msg_id=f"m{number}", text=text)
        await world.deps.tasks.drain()

    async def whole_conversation(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole conversation was read")

    monkeypatch.setattr(_FakeMessages, "list", whole_conversation)
    await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    assert world.conversation(conversation.id).enhetsnummer == "0219"


@pytest.mark.parametrize(("said", "routed_by_the_bot"), [
    ("Hi, I used to live in Bergen but now I live in Spain. Can I get social assistance?", False),
    ("jeg bor ikke i Bergen lenger", False),
    ("jeg bodde i Bergen før, men nå bor jeg i Bergen igjen", True),
    ("Jeg bor i Bergen", True),
])
async def test_the_bot_s_kommune_is_not_taken_where_her_words_say_she_does_not_live_there(
        world: World, said: str, routed_by_the_bot: bool) -> None:
    """A logged-in bruker registered abroad, who said she used to live in Bergen, was asked for her bydel in Bergen:
    the bot's entity extraction heard "Bergen" and the handoff routed by it."""
    conversation, token = await create_conversation(world.deps)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text=said)
    await world.deps.tasks.drain()
    await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder", kommune="Bergen")
    stored = world.conversation(conversation.id)
    assert (stored.kommune == "Bergen") is routed_by_the_bot, stored.kommune
    set_aside = [r.reason for r in world.store.history
                 if r.conversation_id == conversation.id and r.kind == "bot_place_set_aside"]
    assert set_aside == ([] if routed_by_the_bot else ["«Bergen» – brukeren skrev at hen ikke bor der"])
    if set_aside:
        assert history_text("bot_place_set_aside", set_aside[0], None, actor="router", language_name=str,
                            enhet_name=str) == (
            "Stedet chatroboten oppfattet, ble ikke brukt til å finne kontoret: «Bergen» – brukeren skrev at hen "
            "ikke bor der")


@pytest.mark.parametrize(("said", "kommune_fact"), [
    ("jeg bor ikke i Bergen lenger", {"key": "kommune", "label": "Kommune", "set_aside": True,
                                      "text": "Bergen (ikke brukt – brukeren skrev at hen ikke bor der)"}),
    ("Jeg bor i Bergen", {"key": "kommune", "label": "Kommune", "text": "Bergen"}),
])
async def test_staff_read_beside_the_bot_s_kommune_that_it_was_not_used_where_she_does_not_live_there(
        world: World, said: str, kommune_fact: dict[str, object]) -> None:
    """The console's "Dette fant chatroboten ut" said "Sted: Bergen" while the history said Bergen was not used to
    find the office, as she wrote she does not live there: a veileder may think she lives in Bergen."""
    conversation, token = await create_conversation(world.deps)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text=said)
    await world.deps.tasks.drain()
    await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder", kommune="Bergen",
                           summary={"emner": "sosialhjelp_apply", "kommune": "Bergen"}, ask_place=False)
    world.conversation(conversation.id).remember_bot_slots({"kommune": "Bergen"})  # the tracker's, read later
    nks = world.add_veileder("nks", "NKS", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    detail = await inbox.conversation_detail(world.deps, nks.as_staff_user(), conversation.id)
    facts = detail["conversation"]["bot_facts"]
    assert [fact for fact in facts if fact["key"] == "kommune"] == [kommune_fact]


async def test_a_place_named_while_waiting_for_one_named_veileder_keeps_the_chat_there_and_says_why(
        world: World) -> None:
    """Staff sent the chat to one veileder: a place the bruker names is kept for them to see and the chat stays,
    which the bruker is told (a probe's place that moved nothing was met with silence)."""
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    ola = world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="test")
    await dispatch.take(world.deps, conversation.id, kari.as_staff_user())
    await dispatch.transfer(world.deps, conversation.id, kari.as_staff_user(), to_veileder="ola", note="")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="p1", text="jeg bor i Frogner nå")
    await world.deps.tasks.drain()
    stored = world.conversation(conversation.id)
    assert (stored.enhetsnummer, stored.own_veileder_id, stored.kommune) == ("0219", ola.id, "Frogner")
    assert texts(world, conversation.id, "system")[-1] == fixed_text("place_kept_for_veileder", None,
                                                                     enhet="Nav 0219")


@pytest.mark.parametrize(("intent", "said", "priority"), [
    ("sosialhjelp_emergency", "namsmannen kommer på torsdag", Priority.EMERGENCY),
    ("sosialhjelp_apply", "hvordan søker jeg?", Priority.NORMAL),
])
async def test_the_button_after_an_acute_message_queues_with_the_priority_the_bot_promised(
        world: World, intent: str, said: str, priority: Priority) -> None:
    """A probe: "namsmannen kommer på torsdag" got the bot's emergency answer ("Saken din får prioritet") and its
    button to a person, which the router answers itself: the chat was queued as normal, number 8 in line. Without
    acute need in the last messages the button is an ordinary request."""
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    world.bot.intent = intent
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text=said)
    await world.deps.tasks.drain()
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m2", text="Ja, sett meg i kø",
                               payload="/human_handoff")
    await world.deps.tasks.drain()
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.priority) == (ConversationState.QUEUED, priority)
