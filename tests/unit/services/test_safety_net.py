"""The router's safety net for acute need (services/safety_net.py) through a bruker's turn, against fakes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from router.adapters.language_layer import PolicyLanguageLayer
from router.domain.acute_need import AcuteCategory, help_key
from router.domain.conversation import Conversation, ConversationState
from router.domain.language_policy import SUPPORTED_LANGUAGES, Detection
from router.domain.messages import Message
from router.domain.opening_hours import NAV_PHONE_HOURS
from router.domain.queue import Priority, order_queue
from router.ports.bot import BotReply
from router.services import handoff, safety_net, waiting
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.fakes import FakeBot, FakeTranslator
from tests.unit.services.conftest import NOW, World

POLISH_ACUTE = "nie mam pieniędzy na jedzenie, dzieci są głodne"
POLISH_VIOLENCE = "mąż mnie bije"
POLISH_HELLO = "Dzień dobry, potrzebuję pomocy z czynszem w tym miesiącu"
POLISH_IN_QUEUE = "Mieszkam w Asker i potrzebuję pieniędzy na czynsz"
POLISH_SELF_HARM = "chcę się zabić"
SOMALI_EVICTION = "waxaan helay ogeysiis ah in guriga laga saarayo"  # I got a notice that I will be put out of the home
ARABIC_POWER_CUT = "قطعوا الكهرباء عنا وعندنا أطفال"  # they cut off our electricity and we have children
LANGUAGES = {POLISH_ACUTE: "pl", POLISH_VIOLENCE: "pl", "Porozmawiaj z doradcą": "pl", POLISH_HELLO: "pl",
             POLISH_IN_QUEUE: "pl", POLISH_SELF_HARM: "pl", SOMALI_EVICTION: "so", ARABIC_POWER_CUT: "ar",
             fixed_text("offer_human", "so"): "so"}


class HandMadeDetector:
    def detect(self, text: str) -> Detection:
        language = LANGUAGES.get(text)
        return Detection(language, 0.98, ((language, 0.98),)) if language else Detection(None, 0.0)


@pytest.fixture
def no_models(world: World) -> World:
    """Detection as the real service does it, and not one translation model installed."""
    world.deps.language = PolicyLanguageLayer(HandMadeDetector(), FakeTranslator(set()))  # type: ignore[arg-type]
    return world


async def say(world: World, conversation_id: str, token: str, text: str, msg_id: str,
              payload: str | None = None) -> None:
    await receive_user_message(world.deps, conversation_id, token, client_msg_id=msg_id, text=text, payload=payload)
    await world.deps.tasks.drain()


def system_messages(world: World, conversation_id: str) -> list[Message]:
    return [m for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation_id and m.sender == "system"]


def history_kinds(world: World, conversation_id: str) -> list[str]:
    return [r.kind for r in world.store.history if r.conversation_id == conversation_id]


def published_priorities(world: World, conversation_id: str) -> list[str]:
    return [e["conversation_staff"]["priority"] for e in world.bus.published
            if e["type"] == "state" and e["conversation_id"] == conversation_id]


async def test_acute_need_without_a_translation_model_gets_contacts_priority_and_a_human(no_models: World) -> None:
    world = no_models
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, POLISH_ACUTE, "1")
    # The numbers and the button to a person stand alone: no "we cannot translate" with the same button under them.
    [contacts] = system_messages(world, conversation.id)
    assert (contacts.text_for_user, contacts.translated_language) == (fixed_text("emergency_contacts", "pl"), "pl")
    assert contacts.buttons == [{"title": fixed_text("offer_human", "pl"), "payload": "/human_handoff"}]
    stored = world.conversation(conversation.id)
    assert stored.priority == Priority.EMERGENCY.value and stored.state is ConversationState.BOT
    assert "acute_need_detected" in history_kinds(world, conversation.id)
    assert published_priorities(world, conversation.id)[0] == "emergency", "console and dashboard are told"
    assert world.bot.received == []

    # The button works in a language the bot cannot read, and the handoff it makes is an emergency.
    await say(world, conversation.id, token, contacts.buttons[0]["title"], "2", payload="/human_handoff")
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.priority) == (ConversationState.QUEUED, Priority.EMERGENCY.value)
    assert stored.sla_deadline == world.clock.now() + timedelta(minutes=10), "the emergency SLA"


async def test_the_contacts_come_once_per_category_and_the_priority_note_once(no_models: World) -> None:
    world = no_models
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    for i in range(3):
        await say(world, conversation.id, token, POLISH_ACUTE, f"food{i}")
    await say(world, conversation.id, token, POLISH_VIOLENCE, "violence")
    await say(world, conversation.id, token, POLISH_VIOLENCE, "violence-again")
    told = [m.text_for_user for m in system_messages(world, conversation.id)]
    assert told.count(fixed_text("emergency_contacts", "pl")) == 1, "food: once"
    # Violence has its own numbers (112, the violence helpline, krisesentrene), every time: the router answers
    # it itself, the bot is not asked.
    assert told.count(fixed_text("violence_contacts", "pl")) == 2 and "116 006" in fixed_text("violence_contacts", "pl")
    assert history_kinds(world, conversation.id).count("acute_need_detected") == 1
    shown = [r.data["category"] for r in world.store.history if r.kind == safety_net.CONTACTS_SHOWN]
    assert shown == ["no_food", "violence", "violence"]


async def waiting_behind_another(world: World) -> tuple[str, Conversation, str, datetime | None]:
    """A bruker queued in Asker behind another for five minutes: (the other's id, the conversation, its token, when
    it was queued)."""
    first = await world.queued("Asker")
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    world.clock.advance(minutes=2)
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    queued_at = world.conversation(conversation.id).queued_at
    world.clock.advance(minutes=5)
    return first, conversation, token, queued_at


async def test_a_waiting_bruker_who_turns_acute_goes_first_and_keeps_the_place(world: World) -> None:
    first, conversation, token, queued_at = await waiting_behind_another(world)
    await say(world, conversation.id, token, "jeg har ikke noe sted å sove i natt", "1")
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.priority, stored.queued_at) == (ConversationState.QUEUED, "emergency", queued_at)
    assert stored.sla_deadline == world.clock.now() + timedelta(minutes=10)
    queue = order_queue([world.conversation(first).queue_entry(), stored.queue_entry()], world.clock.now())
    assert [e.conversation_id for e in queue] == [conversation.id, first]
    # The queue notice five minutes ago gave the numbers (nobody online): not again, but that it now goes first
    # (probe 70: the numbers and "Du er nummer 1 i køen", with no word of the priority).
    queue_notice, *told = system_messages(world, conversation.id)
    assert fixed_text("emergency_contacts", "nb") in queue_notice.text_for_user
    assert [(m.text_for_user, m.buttons) for m in told if "116 117" in m.text_for_user
            or fixed_text("queue_priority_raised", "nb") in m.text_for_user] == [
        (fixed_text("queue_priority_raised", "nb"), [])]
    assert published_priorities(world, conversation.id)[-1] == "emergency"
    # Once per raise: a second acute message says nothing of the priority again.
    await say(world, conversation.id, token, "jeg har ikke mat i dag", "2")
    texts = [m.text_for_user for m in system_messages(world, conversation.id)]
    assert texts.count(fixed_text("queue_priority_raised", "nb")) == 1
    assert not any(fixed_text("emergency_contacts", "nb") in text for text in texts[1:]), "the numbers once"


async def test_a_waiting_bruker_not_yet_given_the_numbers_gets_them_with_the_priority(world: World) -> None:
    """A queue that answers soon gave no numbers: the acute need gets them, and the priority, in one notice."""
    world.add_veileder("kari", "0220", capacity=1)
    await world.queued("Asker")  # Kari is busy with this one; the next waits a short while
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    world.clock.advance(minutes=1)
    assert world.conversation(conversation.id).state is ConversationState.QUEUED
    await say(world, conversation.id, token, "jeg har ikke noe sted å sove i natt", "1")
    [notice] = [m for m in system_messages(world, conversation.id)
                if fixed_text("queue_priority_raised", "nb") in m.text_for_user]
    assert notice.text_for_user == f"{fixed_text('emergency_contacts', 'nb')} {fixed_text('queue_priority_raised', 'nb')}"
    assert notice.buttons == [], "no button to a veileder while already waiting for one"
    assert world.conversation(conversation.id).priority == "emergency"


async def test_a_power_cut_told_while_waiting_minutes_after_the_numbers_gets_what_nav_can_do_and_the_priority(
        world: World) -> None:
    _, conversation, token, _ = await waiting_behind_another(world)
    await say(world, conversation.id, token, "strømmen blir stengt i morgen", "1")
    texts = [m.text_for_user for m in system_messages(world, conversation.id)]
    assert f"{fixed_text('power_cut_help', 'nb')} {fixed_text('queue_priority_raised', 'nb')}" in texts
    assert sum(fixed_text("emergency_contacts", "nb") in text for text in texts) == 1, "the queue notice's numbers"


async def test_the_same_numbers_are_not_repeated_for_another_need_minutes_later(world: World) -> None:
    """Probe 70: "jeg trenger hjelp i dag", then "jeg har ikke penger til mat", and the same six lines again within
    a minute. The numbers for food are the numbers for a place to sleep: shown once; a quarter of an hour on, again."""
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, "jeg har ikke mat i dag", "1")
    world.clock.advance(minutes=1)
    await say(world, conversation.id, token, "jeg har ikke noe sted å sove i natt", "2")
    told = [m.text_for_user for m in system_messages(world, conversation.id)]
    assert told == [fixed_text("emergency_contacts", "nb")], "with the bot: nothing new to say, the bot answers"
    world.clock.advance(minutes=20)
    await say(world, conversation.id, token, "jeg har ikke penger i dag", "3")
    assert [m.text_for_user for m in system_messages(world, conversation.id)].count(
        fixed_text("emergency_contacts", "nb")) == 2


async def test_with_the_bot_the_contacts_come_first_and_the_bot_still_answers(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, "hjelp, jeg har ikke mat til ungene", "1")
    [contacts] = system_messages(world, conversation.id)
    assert contacts.text_for_user == fixed_text("emergency_contacts", "nb")
    assert world.bot.received == [(conversation.id, "hjelp, jeg har ikke mat til ungene")]
    assert world.conversation(conversation.id).priority == "emergency"


async def test_the_queue_notice_right_after_the_contacts_does_not_repeat_them_but_a_later_notice_does(
        world: World) -> None:
    """The contacts, then the bot's own emergency answer and the queue notice: the same numbers three times in a
    few seconds buried what the notice says about the wait."""
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, "hjelp, jeg har ikke mat til ungene", "1")
    await handoff.hand_off(world.deps, conversation.id, reason="acute_need", priority="emergency")
    contacts, queued = system_messages(world, conversation.id)
    assert contacts.text_for_user == fixed_text("emergency_contacts", "nb")
    assert queued.text_for_user.startswith(fixed_text("queued", "nb", enhet="Nav 0220"))
    assert fixed_text("emergency_contacts", "nb") not in queued.text_for_user
    world.clock.advance(minutes=20)
    async with world.deps.uow() as uow:
        notice = await waiting.moved_notice_with_wait(world.deps, uow, world.conversation(conversation.id),
                                                      world.clock.now())
    assert fixed_text("emergency_contacts", "nb") in notice.text_for_user, "twenty minutes on, they come again"


async def test_thoughts_of_suicide_get_the_helplines_every_time_and_not_the_bot_s_money_answer(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, "orker ikke mer. har ikke penger og tenker på å ta livet mitt", "1")
    [shown] = system_messages(world, conversation.id)
    assert shown.text_for_user == fixed_text("self_harm_contacts", "nb")
    assert "116 123" in shown.text_for_user and "113" in shown.text_for_user
    assert [b["payload"] for b in shown.buttons] == ["/human_handoff"], "a person at once"
    assert world.bot.received == [], "the bot's answer would be about money and nødhjelp"
    assert world.conversation(conversation.id).priority == "emergency"
    await say(world, conversation.id, token, "samboeren min slår meg og jeg tør ikke dra hjem", "v")
    assert system_messages(world, conversation.id)[-1].text_for_user == fixed_text("violence_contacts", "nb")
    assert world.bot.received == [], "violence too: the router's own numbers, not the bot's money answer"
    await say(world, conversation.id, token, "jeg vil ikke leve lenger", "2")
    assert [m.text_for_user for m in system_messages(world, conversation.id)] == [
        fixed_text("self_harm_contacts", "nb"), fixed_text("violence_contacts", "nb"),
        fixed_text("self_harm_contacts", "nb")], "every such message is answered, never silence"
    await say(world, conversation.id, token, "hvordan søker jeg om sosialhjelp?", "3")
    assert world.bot.received == [(conversation.id, "hvordan søker jeg om sosialhjelp?")], "the bot goes on after"


async def test_thoughts_of_suicide_in_a_language_without_a_model_get_the_helplines_in_that_language(
        no_models: World) -> None:
    world = no_models
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, POLISH_SELF_HARM, "1")
    # The helplines, with the button to a person, and nothing after them.
    assert [m.text_for_user for m in system_messages(world, conversation.id)] == [fixed_text("self_harm_contacts", "pl")]


async def test_the_conversations_own_language_answers_when_its_patterns_match(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker", language="sv")
    await say(world, conversation.id, token, "jag har ingen mat", "1")
    [contacts] = system_messages(world, conversation.id)
    assert (contacts.text_for_user, contacts.buttons[0]["title"]) == (
        fixed_text("emergency_contacts", "sv"), fixed_text("offer_human", "sv"))


async def test_ordinary_messages_cost_no_write_and_change_nothing(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    message = Message(conversation.id, "user", "når kommer pengene", "nb", world.clock.now())
    writes = world.store.writes
    assert not await safety_net.check(world.deps, conversation.id, message)
    assert world.store.writes == writes and world.conversation(conversation.id).priority == "normal"
    from_bot = Message(conversation.id, "bot", "jeg har ikke mat", "nb", world.clock.now())
    assert not await safety_net.check(world.deps, conversation.id, from_bot), "only the bruker's own words"


async def test_a_closed_conversation_is_left_alone(world: World) -> None:
    conversation, _ = await create_conversation(world.deps)
    world.store.conversations[conversation.id].close("bruker_avsluttet", actor="bruker", now=world.clock.now())
    message = Message(conversation.id, "user", "jeg har ikke mat", "nb", world.clock.now())
    assert not await safety_net.check(world.deps, conversation.id, message)
    assert world.conversation(conversation.id).priority == "normal"


class SlowBot(FakeBot):
    """Notes, when the turn's request reaches it, whether the contacts were already stored; answers a moment later
    (or is down)."""

    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world
        self.contacts_at_request: list[bool] = []

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[BotReply]:
        self.contacts_at_request.append(any(m.text_for_user == fixed_text("emergency_contacts", "nb")
                                            for m in system_messages(self.world, conversation_id)))
        await asyncio.sleep(0.01)
        return await super().send(conversation_id, text, metadata)


@pytest.mark.parametrize("bot_down", [False, True])
async def test_on_the_way_to_the_bot_the_check_runs_while_the_bot_works_and_its_contacts_still_come_first(
        world: World, bot_down: bool) -> None:
    world.deps.bot = bot = SlowBot(world)
    bot.down = bot_down
    conversation, token = await create_conversation(world.deps, kommune="Asker", page_locale="nb-NO")
    await say(world, conversation.id, token, "hjelp, jeg har ikke mat til ungene", "1")
    if not bot_down:
        assert bot.contacts_at_request == [False], "the check is not on the path the bruker waits on"
    shown = [e["message_user"]["text"] for e in world.bus.published
             if e["type"] == "message" and e["message_user"]["sender"] != "user"][1:]  # [0] is the greeting
    answer = fixed_text("bot_unavailable", "nb") if bot_down else "Bot: hjelp, jeg har ikke mat til ungene"
    assert shown == [fixed_text("emergency_contacts", "nb"), answer]
    stored = [m.text_for_user for _, m in sorted(world.store.messages.items())
              if m.conversation_id == conversation.id and m.sender in ("bot", "system")][1:]
    assert stored == shown, "stored in the order shown"
    assert world.conversation(conversation.id).priority == "emergency"


async def test_waiting_for_a_veileder_an_untranslatable_message_is_theirs_not_a_notice(no_models: World) -> None:
    """In the queue a Polish message without a model is kept for the veileder (who books a tolk): the bruker hears
    it is saved, not again that the bot cannot read it."""
    world = no_models
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, POLISH_HELLO, "1")
    assert fixed_text("translation_unavailable", "pl") in [m.text_for_user for m in system_messages(world, conversation.id)]
    await handoff.hand_off(world.deps, conversation.id, reason="test")
    assert world.conversation(conversation.id).state is ConversationState.QUEUED
    before = len(system_messages(world, conversation.id))
    await say(world, conversation.id, token, POLISH_IN_QUEUE, "2")
    after = [m.text_for_user for m in system_messages(world, conversation.id)][before:]
    assert fixed_text("translation_unavailable", "pl") not in after
    assert any("1" in text for text in after), "the queue acknowledgement with the place in line"
    assert world.bot.received == []


async def test_a_typed_yes_to_the_helplines_offer_hands_over_and_a_no_is_answered(world: World) -> None:
    """A probe: "ja" after the helplines got the bot's "I am not sure what your yes refers to"."""
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, "jeg vil ta livet mitt", "1")
    await say(world, conversation.id, token, "Nei takk.", "2")
    assert system_messages(world, conversation.id)[-1].text_for_user == fixed_text("offer_declined", "nb")
    assert world.conversation(conversation.id).state is ConversationState.BOT
    await say(world, conversation.id, token, "jeg vil ikke leve", "3")
    await say(world, conversation.id, token, "ja", "4")
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.priority) == (ConversationState.QUEUED, "emergency")
    assert world.bot.received == [], "the bot was never asked: yes and no were the router's to answer"
    # Nobody answers soon (or at all until the office opens): the queue notice gives the helplines again.
    queued = system_messages(world, conversation.id)[-1].text_for_user
    assert queued.startswith(fixed_text("queued", "nb", enhet="Nav 0220"))
    if "svarer deg" in queued or "pålogget" in queued:
        assert fixed_text("self_harm_contacts", "nb") in queued


async def test_a_yes_in_a_language_without_a_model_hands_over_without_the_translation_notice_again(
        no_models: World) -> None:
    """A probe: "tak", "так", "نعم" to the emergency contacts only repeated "we cannot translate"."""
    world = no_models
    LANGUAGES["tak"] = "pl"
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, POLISH_ACUTE, "1")
    told = len(system_messages(world, conversation.id))
    await say(world, conversation.id, token, "tak", "2")
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.priority) == (ConversationState.QUEUED, "emergency")
    after = [m.text_for_user for m in system_messages(world, conversation.id)[told:]]
    assert len(after) == 1 and after[0].startswith(fixed_text("queued", "pl", enhet="Nav 0220")), after


async def test_an_ok_after_the_helplines_is_understood_not_a_yes(world: World) -> None:
    """"ok" after a notice that asked nothing (the helplines, with the button to a person) is "understood", as after
    "you have left the queue" (probe 70: "ok" there queued the bruker): it goes on to the bot; "ja" still hands over."""
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, "jeg vil ta livet mitt", "1")
    assert system_messages(world, conversation.id)[-1].text_for_user == fixed_text("self_harm_contacts", "nb")
    await say(world, conversation.id, token, "ok", "2")
    assert world.conversation(conversation.id).state is ConversationState.BOT
    assert [text for _, text in world.bot.received] == ["ok"]


async def test_an_ok_without_a_model_after_the_cannot_translate_notice_is_no_yes(no_models: World) -> None:
    world = no_models
    LANGUAGES["dobrze"] = "pl"
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, POLISH_HELLO, "1")
    assert system_messages(world, conversation.id)[-1].text_for_user == fixed_text("translation_unavailable", "pl")
    await say(world, conversation.id, token, "dobrze", "2")
    assert world.conversation(conversation.id).state is ConversationState.BOT


async def test_an_ok_to_a_notice_that_asks_is_a_yes(world: World) -> None:
    """Where the router's notice asks ("Trenger du hjelp nå?" over the emergency contacts, the button to a person
    under it), "ok" answers the question: a yes, as "ja" is."""
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    stored = world.conversation(conversation.id)
    notice = Message(conversation.id, "system", fixed_text("emergency_contacts", "nb"), "nb", world.clock.now(),
                     buttons=handoff.to_a_person(stored, "nb"))
    async with world.deps.uow() as uow:
        await uow.messages.add(notice)
    await say(world, conversation.id, token, "ok", "1")
    assert world.conversation(conversation.id).state is ConversationState.QUEUED
    assert world.bot.received == []


async def test_a_yes_that_answers_nothing_of_the_routers_goes_to_the_bot(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, "når kommer pengene?", "1")
    await say(world, conversation.id, token, "ja", "2")
    assert [text for _, text in world.bot.received] == ["når kommer pengene?", "ja"]
    assert world.conversation(conversation.id).state is ConversationState.BOT


def test_after_thoughts_of_suicide_a_wait_with_nobody_answering_soon_carries_the_helplines() -> None:
    from router.domain.wait_promise import WaitKind, WaitPromise

    conversation = Conversation(id="c", token_hash="h", created_at=NOW, updated_at=NOW, enhet_navn="Nav Asker")
    closed = WaitPromise(WaitKind.NOBODY_ONLINE)
    texts = waiting.wait_texts(conversation, closed, "nb", NOW, phone=NAV_PHONE_HOURS, contacts_just_shown=True, self_harm=True)
    assert fixed_text("self_harm_contacts", "nb") in texts and fixed_text("emergency_contacts", "nb") not in texts
    soon = WaitPromise(WaitKind.SOON, minutes=10)
    assert fixed_text("self_harm_contacts", "nb") not in waiting.wait_texts(conversation, soon, "nb", NOW, phone=NAV_PHONE_HOURS, self_harm=True)
    conversation.diskresjonskode = "SPSF"
    assert waiting.wait_texts(conversation, closed, "nb", NOW, phone=NAV_PHONE_HOURS)[0].startswith(
        fixed_text("wait_nobody_online_phone_closed", "nb", enhet="NAV")), \
        "kode 6: the office that serves only them is never named on the screen"


async def test_the_numbers_are_not_posted_above_a_bot_answer_that_gives_them(world: World) -> None:
    """A probe read the same emergency numbers twice at once: the router's contacts and then the bot's emergency
    answer. When the bot's answer (in the bruker's own language) gives them, the router only raises the priority."""

    class EmergencyBot(FakeBot):
        async def send(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[BotReply]:
            self.received.append((conversation_id, text))
            return [BotReply(text="Det høres vanskelig ut. Ring legevakten på 116 117 når NAV er stengt.",
                             buttons=({"title": "Ja, sett meg i kø", "payload": "/human_handoff"},))]

    world.deps.bot = EmergencyBot()
    conversation, token = await create_conversation(world.deps, kommune="Asker", page_locale="nb-NO")
    await say(world, conversation.id, token, "jeg har ikke mat i dag", "1")
    assert system_messages(world, conversation.id) == [], "the bot's answer gave the numbers"
    assert world.conversation(conversation.id).priority == "emergency"
    assert "emergency_contacts_shown" in history_kinds(world, conversation.id), "later notices know they were given"
    # An answer without them (the bot read something else): the router's contacts, as before.
    other, token = await create_conversation(world.deps, kommune="Asker", page_locale="nb-NO")
    world.deps.bot = FakeBot()
    await say(world, other.id, token, "jeg har ikke mat i dag", "1")
    assert [m.text_for_user for m in system_messages(world, other.id)] == [fixed_text("emergency_contacts", "nb")]


async def test_the_bots_emergency_answer_minutes_later_does_not_repeat_the_numbers(world: World) -> None:
    """Probe 70: «Jeg trenger hjelp i dag» got the bot's emergency answer, and "jeg har ikke penger til mat" a minute
    later the same six lines word for word. The second answer keeps what happens now (the offer, the priority), not
    the numbers on the screen just above; a quarter of an hour on, they come again."""
    offer = "Vil du at jeg setter deg i kø for en veileder? Saken din får prioritet."

    class EmergencyBot(FakeBot):
        async def send(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[BotReply]:
            self.received.append((conversation_id, text))
            return [BotReply(text=f"Det høres vanskelig ut. {waiting.emergency_contacts(None, 'nb', world.clock.now(), phone=NAV_PHONE_HOURS)}"
                                  f" {offer}", buttons=({"title": "Ja, sett meg i kø", "payload": "/human_handoff"},))]

    world.deps.bot = EmergencyBot()
    conversation, token = await create_conversation(world.deps, kommune="Asker", page_locale="nb-NO")
    await say(world, conversation.id, token, "Jeg trenger hjelp i dag", "1")
    world.clock.advance(minutes=1)
    await say(world, conversation.id, token, "jeg har ikke penger til mat", "2")
    world.clock.advance(minutes=20)
    await say(world, conversation.id, token, "jeg har ikke noe sted å sove i natt", "3")
    answers = [m for _, m in sorted(world.store.messages.items())
               if m.conversation_id == conversation.id and m.sender == "bot" and m.reply_to is not None]
    numbers = fixed_text("emergency_contacts", "nb")
    assert [numbers in m.text_for_user for m in answers] == [True, False, True]
    assert answers[1].text_for_user == f"Det høres vanskelig ut. {offer}"
    assert answers[1].buttons[0]["payload"] == "/human_handoff", "the offer's buttons stay"
    assert system_messages(world, conversation.id) == [], "nor does the router post them"
    assert world.conversation(conversation.id).priority == "emergency"


async def test_the_queue_notice_after_the_bots_emergency_answer_does_not_repeat_its_numbers(world: World) -> None:
    """A probe's nynorsk bruker: «Eg har ingen pengar og ikkje mat til borna i dag», which the bot's NLU read as acute
    and the router's patterns did not. The bot's answer gave the numbers, "Ja, set meg i kø", and the queue notice
    gave all of them again seconds later: only the router's own finds were noted as the numbers shown."""
    offer = "Vil du at jeg setter deg i kø for en veileder? Saken din får prioritet."

    class EmergencyBot(FakeBot):
        async def send(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[BotReply]:
            self.received.append((conversation_id, text))
            if text != "Jeg trenger hjelp i dag":
                return [BotReply(text="Sosialvakten når du gjennom legevakten på 116 117.")]
            numbers = waiting.emergency_contacts(None, "nb", world.clock.now(), phone=NAV_PHONE_HOURS)
            return [BotReply(text=f"Det høres vanskelig ut. {numbers} {offer}",
                             buttons=({"title": "Ja, sett meg i kø", "payload": "/human_handoff"},))]

    world.deps.bot = EmergencyBot()
    numbers = fixed_text("emergency_contacts", "nb")
    # An answer that only names the legevakt's number is not the numbers shown.
    other, other_token = await create_conversation(world.deps, kommune="Asker", page_locale="nb-NO")
    await say(world, other.id, other_token, "Hva er sosialvakten?", "1")
    assert "emergency_contacts_shown" not in history_kinds(world, other.id)

    conversation, token = await create_conversation(world.deps, kommune="Asker", page_locale="nb-NO")
    await say(world, conversation.id, token, "Jeg trenger hjelp i dag", "1")  # not one of the router's patterns
    assert system_messages(world, conversation.id) == []
    assert "emergency_contacts_shown" in history_kinds(world, conversation.id)
    await handoff.hand_off(world.deps, conversation.id, reason="acute_need", priority="emergency")
    [queued] = system_messages(world, conversation.id)
    assert queued.text_for_user.startswith(fixed_text("queued", "nb", enhet="Nav 0220"))
    assert numbers not in queued.text_for_user, "the bot's answer just above gave them"
    world.clock.advance(minutes=20)
    async with world.deps.uow() as uow:
        notice = await waiting.moved_notice_with_wait(world.deps, uow, world.conversation(conversation.id),
                                                      world.clock.now())
    assert numbers in notice.text_for_user, "twenty minutes on, they come again"


# Saturday 5 December 2026, 06:00 in Oslo: NAV's phone (weekdays 09–15) is closed until Monday 09:00.
SATURDAY_MORNING = datetime(2026, 12, 5, 5, 0, tzinfo=UTC)
MONDAY_OPENING_NB = "mandag 7. desember kl. 09:00"


async def test_on_a_saturday_the_queue_notice_leads_with_what_answers_now_not_a_closed_nav(world: World) -> None:
    """The tester, Saturday 06:00: "Ring NAV-kontoret ditt, eller ring 55 55 33 33", while NAV's phone is closed."""
    world.clock.advance(seconds=(SATURDAY_MORNING - world.clock.now()).total_seconds())
    world.routing.open_now = False
    conversation, _ = await create_conversation(world.deps, kommune="Asker")
    result = await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    closed = fixed_text("emergency_contacts_closed", "nb", opens=MONDAY_OPENING_NB)
    assert result["message"].endswith(closed)
    assert fixed_text("emergency_contacts", "nb") not in result["message"]
    assert "Ring NAV-kontoret ditt" not in result["message"]


async def test_acute_need_on_a_public_holiday_gets_the_numbers_that_answer_now(no_models: World) -> None:
    world = no_models
    # Christmas Day 2026 is a Friday; at 10:00 NAV's phone would be open on any other Friday.
    world.clock.advance(seconds=(datetime(2026, 12, 25, 9, 0, tzinfo=UTC) - world.clock.now()).total_seconds())
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, POLISH_ACUTE, "1")
    contacts = system_messages(world, conversation.id)[0]
    assert contacts.text_for_user == fixed_text("emergency_contacts_closed", "pl",
                                                opens="w poniedziałek, 28 grudnia o 09:00")
    assert contacts.original_text == fixed_text("emergency_contacts_closed", "nb",
                                                opens="mandag 28. desember kl. 09:00")


def test_the_contacts_follow_navs_phone_hours() -> None:
    from tests.unit.services.conftest import NOW

    assert waiting.emergency_contacts(None, "en", NOW, phone=NAV_PHONE_HOURS) == fixed_text("emergency_contacts", "en"), "Tuesday 10:30"
    assert waiting.emergency_contacts(None, "nb", SATURDAY_MORNING, phone=NAV_PHONE_HOURS) == fixed_text(
        "emergency_contacts_closed", "nb", opens=MONDAY_OPENING_NB)
    friday_evening = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)  # 15:00 in Oslo: just closed
    assert "fra mandag 7. desember kl. 09:00" in waiting.emergency_contacts(None, "nb", friday_evening, phone=NAV_PHONE_HOURS)
    assert waiting.emergency_contacts(AcuteCategory.SELF_HARM, "nb", SATURDAY_MORNING, phone=NAV_PHONE_HOURS) == \
        fixed_text("self_harm_contacts", "nb"), "the 24-hour helplines are the same at any hour"


POLISH_PERSON = "Chcę rozmawiać z człowiekiem"
ARABIC_PERSON = "أريد التحدث مع موظف"
POLISH_MORE = "Mam jeszcze jedno pytanie o mieszkanie"
LANGUAGES.update({POLISH_PERSON: "pl", ARABIC_PERSON: "ar", POLISH_MORE: "pl"})


async def test_without_a_model_the_whole_notice_comes_once_then_one_line_until_a_while_has_passed(
        no_models: World) -> None:
    """The tester, in Polish: the same "we cannot translate" paragraph under every message."""
    world = no_models
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, POLISH_HELLO, "1")
    await say(world, conversation.id, token, POLISH_MORE, "2")
    told = system_messages(world, conversation.id)
    assert [m.text_for_user for m in told] == [fixed_text("translation_unavailable", "pl"),
                                               fixed_text("translation_unavailable_again", "pl")]
    assert told[-1].buttons == [{"title": fixed_text("offer_human", "pl"), "payload": "/human_handoff"}], \
        "every message still gets an answer, with the way to a person"
    world.clock.advance(minutes=31)
    await say(world, conversation.id, token, POLISH_MORE, "3")
    assert system_messages(world, conversation.id)[-1].text_for_user == fixed_text("translation_unavailable", "pl")


POLISH_NO_FOOD = "Nie mam dziś nic do jedzenia i mam dwoje dzieci"
LANGUAGES[POLISH_NO_FOOD] = "pl"


async def test_acute_need_the_bot_cannot_read_gets_the_numbers_alone_not_we_cannot_translate_under_them(
        no_models: World) -> None:
    """The emergency numbers, then "Czatbot nie umie czytać …" as a second message with the same button: for
    someone in acute need, noise. The numbers stand alone with their button; the next message the bot cannot read
    gets the whole notice, which was not said."""
    told = await told_after(no_models, POLISH_HELLO, POLISH_NO_FOOD)
    assert [m.text_for_user for m in told] == [fixed_text("translation_unavailable", "pl"),
                                               fixed_text("emergency_contacts", "pl")]
    assert told[-1].buttons == [{"title": fixed_text("offer_human", "pl"), "payload": "/human_handoff"}]
    assert all(c.needs_interpreter for c in no_models.store.conversations.values()), "the veileder books a tolk"
    assert [m.text_for_user for m in await told_after(no_models, POLISH_NO_FOOD, POLISH_MORE)] == [
        fixed_text("emergency_contacts", "pl"), fixed_text("translation_unavailable", "pl")]


async def told_after(world: World, *texts: str) -> list[Message]:
    """What the router said in a new chat after the bruker's ``texts``."""
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    for n, text in enumerate(texts):
        await say(world, conversation.id, token, text, str(n))
    return system_messages(world, conversation.id)


@pytest.mark.parametrize(("text", "language"), [(POLISH_PERSON, "pl"), (ARABIC_PERSON, "ar")])
async def test_a_wish_for_a_person_in_a_language_no_model_reads_hands_off(no_models: World, text: str,
                                                                         language: str) -> None:
    world = no_models
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, text, "1")
    assert world.conversation(conversation.id).state is ConversationState.QUEUED
    told = [m.text_for_user for m in system_messages(world, conversation.id)]
    assert fixed_text("translation_unavailable", language) not in told
    assert told[-1].startswith(fixed_text("queued", language, enhet="Nav 0220"))
    assert world.bot.received == []


async def test_the_button_to_a_person_gets_no_we_cannot_translate_first(no_models: World) -> None:
    """After "Porozmawiaj z doradcą" the notice came once more, above the queue notice."""
    world = no_models
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, POLISH_HELLO, "1")
    await say(world, conversation.id, token, "Porozmawiaj z doradcą", "2", payload="/human_handoff")
    told = [m.text_for_user for m in system_messages(world, conversation.id)]
    assert told[0] == fixed_text("translation_unavailable", "pl")
    assert len(told) == 2 and told[1].startswith(fixed_text("queued", "pl", enhet="Nav 0220")), told


def acute_notes(world: World, conversation_id: str) -> list[tuple[str, str]]:
    return [(r.data["category"], r.reason) for r in world.store.history
            if r.conversation_id == conversation_id and r.kind == "acute_need_detected"]


async def test_an_eviction_notice_in_somali_gets_the_numbers_what_nav_can_do_and_an_emergency_handoff(
        no_models: World) -> None:
    """Before a home at risk was a category, an eviction notice in Somali, without a translation model, reached
    nobody who understood it: no numbers, and a handoff queued as an ordinary chat."""
    world = no_models
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, SOMALI_EVICTION, "1")
    contacts = system_messages(world, conversation.id)[0]
    expected = f"{fixed_text('emergency_contacts', 'so')} {fixed_text('home_at_risk_help', 'so')}"
    assert (contacts.text_for_user, contacts.translated_language) == (expected, "so")
    assert contacts.buttons == [{"title": fixed_text("offer_human", "so"), "payload": "/human_handoff"}]
    stored = world.conversation(conversation.id)
    assert stored.priority == Priority.EMERGENCY.value
    # The veileder reads why: the label in the history row the console shows.
    assert acute_notes(world, conversation.id) == [("home_at_risk", AcuteCategory.HOME_AT_RISK.label_nb)]

    # The button to a person, in a language the bot cannot read: the handoff it makes is an emergency.
    await say(world, conversation.id, token, contacts.buttons[0]["title"], "2", payload="/human_handoff")
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.priority) == (ConversationState.QUEUED, Priority.EMERGENCY.value)
    assert stored.sla_deadline == world.clock.now() + timedelta(minutes=10), "the emergency SLA"


async def test_a_power_cut_told_while_waiting_puts_the_bruker_first_and_says_what_nav_can_do(
        no_models: World) -> None:
    world = no_models
    first, conversation, token, queued_at = await waiting_behind_another(world)
    await say(world, conversation.id, token, ARABIC_POWER_CUT, "1")
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.priority, stored.queued_at) == (ConversationState.QUEUED, "emergency", queued_at)
    assert stored.sla_deadline == world.clock.now() + timedelta(minutes=10)
    assert world.conversation(first).priority != "emergency"
    assert acute_notes(world, conversation.id) == [("power_cut", "strømmen er eller blir stengt")]
    texts = [m.text_for_user for m in system_messages(world, conversation.id)]
    # The queue notice minutes ago gave the numbers in bokmål, before the bruker wrote Arabic: in Arabic now, with
    # what NAV can do about the power, and that the chat now has priority.
    assert f"{fixed_text('emergency_contacts', 'ar')} {fixed_text('power_cut_help', 'ar')} " \
           f"{fixed_text('queue_priority_raised', 'ar')}" in texts


def test_what_nav_can_do_is_written_for_every_language_and_follows_the_numbers_as_they_can_be_followed() -> None:
    for category in (AcuteCategory.HOME_AT_RISK, AcuteCategory.POWER_CUT):
        key = help_key(category)
        assert key is not None
        for language in SUPPORTED_LANGUAGES:
            own = fixed_text(key, language)
            assert own and (language == "en" or own != fixed_text(key, "en")), (key, language)
            assert "NAV" in own, (key, language)
            assert waiting.emergency_contacts(category, language, NOW, phone=NAV_PHONE_HOURS).endswith(own)
    # Saturday: what answers now leads, and the sentence still follows it.
    saturday = NOW + timedelta(days=4)
    closed = waiting.emergency_contacts(AcuteCategory.HOME_AT_RISK, "nb", saturday, phone=NAV_PHONE_HOURS)
    assert closed.startswith("Trenger du hjelp nå? NAV er stengt") and closed.endswith(fixed_text("home_at_risk_help",
                                                                                                    "nb"))
    assert help_key(AcuteCategory.NO_FOOD) is None and help_key(None) is None
    assert waiting.emergency_contacts(AcuteCategory.NO_FOOD, "nb", NOW, phone=NAV_PHONE_HOURS) == fixed_text("emergency_contacts", "nb")


async def with_a_veileder(world: World) -> tuple[Conversation, str]:
    """A bruker in Asker whose chat Kari (0220, online) has: (the conversation, its token)."""
    world.add_veileder("kari", "0220")
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    assert world.conversation(conversation.id).state is ConversationState.ASSIGNED
    return conversation, token


@pytest.mark.parametrize(("text", "category"), [
    ("I have eviction letter. Friday I must go and I have three kids", "home_at_risk"),
    ("jeg har ikke mat til ungene i dag", "no_food"),
    ("strømmen blir stengt i morgen", "power_cut"),
])
async def test_with_a_veileder_money_food_a_home_or_the_power_raise_the_priority_and_post_nothing(
        world: World, text: str, category: str) -> None:
    """Probe 86: "I have eviction letter. Friday I must go…" to the veileder who had the chat got "Do you need help
    now? Call your NAV office, or call +47 55 55 33 33…" in the middle of it: the bruker is talking to the office.
    The priority rises (the console shows it and why), and nothing is said to the bruker."""
    conversation, token = await with_a_veileder(world)
    before = system_messages(world, conversation.id)
    await say(world, conversation.id, token, text, "1")
    assert system_messages(world, conversation.id) == before, "no contacts, no 'what NAV can do' in the chat"
    stored = world.conversation(conversation.id)
    assert (stored.state, stored.priority) == (ConversationState.ASSIGNED, Priority.EMERGENCY.value)
    assert published_priorities(world, conversation.id)[-1] == "emergency", "the console is told"
    assert [c for c, _ in acute_notes(world, conversation.id)] == [category]
    assert safety_net.CONTACTS_SHOWN not in history_kinds(world, conversation.id)


async def test_with_a_veileder_thoughts_of_suicide_and_violence_still_get_their_numbers(world: World) -> None:
    conversation, token = await with_a_veileder(world)
    await say(world, conversation.id, token, "jeg har fått varsel om utkastelse", "1")
    await say(world, conversation.id, token, "jeg vil ikke leve lenger", "2")
    await say(world, conversation.id, token, "samboeren min slår meg", "3")
    told = [m for m in system_messages(world, conversation.id) if "113" in m.text_for_user or "112" in m.text_for_user]
    assert [m.text_for_user for m in told] == [fixed_text("self_harm_contacts", "nb"),
                                              fixed_text("violence_contacts", "nb")]
    assert all(m.buttons == [] for m in told), "already with a person: no button to one"
    assert world.conversation(conversation.id).priority == Priority.EMERGENCY.value


async def test_a_nodhjelp_chat_waiting_for_monday_keeps_the_numbers_in_what_she_rereads(world: World) -> None:
    """Probe 159, 21:00 on a Saturday, on a phone: after the numbers and "Ja, sett meg i kø", the queue notice and
    the acknowledgement of her next message said "tidligst mandag kl. 09:00" and nothing else; the only 116 117 had
    scrolled out of sight. In office hours the notice right after the numbers still leaves them out (above)."""
    world.routing.open_now = False  # the enhet is closed now; it opens tomorrow (Wednesday) at 07:00
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, "jeg har ikke et sted å sove i natt", "1")
    await handoff.hand_off(world.deps, conversation.id, reason="acute_need", priority="emergency")
    contacts, queued = system_messages(world, conversation.id)
    assert "116 117" in contacts.text_for_user
    assert "onsdag" in queued.text_for_user and "116 117" in queued.text_for_user, queued.text_for_user

    await say(world, conversation.id, token, "ungene mine er 3 og 7 år", "2")
    acknowledged = system_messages(world, conversation.id)[-1]
    assert acknowledged.text_for_user.startswith(fixed_text("message_saved_in_queue", "nb", position="1"))
    assert "onsdag" in acknowledged.text_for_user and "116 117" in acknowledged.text_for_user


async def test_an_ordinary_chat_waiting_for_monday_is_not_given_the_numbers_twice(world: World) -> None:
    world.routing.open_now = False
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await say(world, conversation.id, token, "hvordan søker jeg om sosialhjelp?", "1")
    await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om veileder")
    [queued] = system_messages(world, conversation.id)
    assert queued.text_for_user.count("116 117") == 1, "the queue notice gives them once"
    await say(world, conversation.id, token, "hei, er det noen der?", "2")
    assert "116 117" not in system_messages(world, conversation.id)[-1].text_for_user, "the short line does not"
