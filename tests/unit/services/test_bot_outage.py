"""No Rasa listening: the bruker's message is saved, she is told so once, and the bot answers it when it is back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace

import pytest

from router.domain.bot_turn import ASK_AGAIN_EVERY_S, FIRST_PAUSES_S, pause_before_asking_again
from router.domain.conversation import ConversationState
from router.services import bot_outage, handoff
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.unit.services.conftest import World

PAUSE_S = 0.02


@pytest.fixture(autouse=True)
def quick_pauses(monkeypatch: pytest.MonkeyPatch, world: World) -> None:
    monkeypatch.setattr(bot_outage, "pause_before_asking_again", lambda _: PAUSE_S)
    world.deps.settings = replace(world.deps.settings, bot_back_window_s=2.0)


def said(world: World, conversation_id: str) -> list[tuple[str, str]]:
    return [(m.sender, m.text_for_user) for m in sorted(world.store.messages.values(), key=lambda m: m.id or 0)
            if m.conversation_id == conversation_id][1:]  # after the greeting


async def wait_until(condition: Callable[[], bool], tries: int = 150) -> None:
    """Until the turn running in the background got there (the store is polled: no event to wait on)."""
    for _ in range(tries):
        if condition():
            return
        await asyncio.sleep(PAUSE_S)
    raise AssertionError(f"not within {tries * PAUSE_S:.0f} s")


async def waiting_for_a_gone_rasa(world: World, **place: str) -> tuple[str, str]:
    """A conversation whose first message ("hei") waits for a Rasa that is gone, the bruker told so: (id, token)."""
    world.deps.settings = replace(world.deps.settings, bot_back_window_s=60.0)
    world.bot.gone = True
    conversation, token = await create_conversation(world.deps, **place)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="hei")
    await wait_until(lambda: len(said(world, conversation.id)) == 2)
    return conversation.id, token


def test_the_pauses_grow_to_a_steady_interval() -> None:
    assert [pause_before_asking_again(n) for n in range(5)] == [*FIRST_PAUSES_S, ASK_AGAIN_EVERY_S,
                                                                 ASK_AGAIN_EVERY_S, ASK_AGAIN_EVERY_S][:5]


async def test_a_question_asked_while_rasa_is_gone_is_answered_when_it_is_back(world: World) -> None:
    world.bot.gone = True
    conversation, token = await create_conversation(world.deps)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="når kommer pengene")
    retrying = fixed_text("bot_retrying", None)
    await wait_until(lambda: ("system", retrying) in said(world, conversation.id))
    notice = next(m for m in world.store.messages.values() if m.text_for_user == retrying)
    assert notice.buttons == [{"title": fixed_text("offer_human", None), "payload": "/human_handoff"}]
    await asyncio.sleep(PAUSE_S * 5)  # asked again meanwhile, still gone
    world.bot.gone = False
    await world.deps.tasks.drain()
    assert said(world, conversation.id) == [("user", "når kommer pengene"), ("system", retrying),
                                            ("bot", "Bot: når kommer pengene")]
    assert world.bot.received == [(conversation.id, "når kommer pengene")], "taken once, when it was back"
    user = next(m for m in world.store.messages.values() if m.sender == "user")
    answer = max((m for m in world.store.messages.values() if m.sender == "bot"), key=lambda m: m.id or 0)
    assert answer.reply_to == notice.reply_to == user.id
    assert [t["state"] for t in world.store.turns.values()] == ["done"]


async def test_messages_written_while_it_waits_get_no_second_notice_and_are_answered_in_order(world: World) -> None:
    world.bot.gone = True
    conversation, token = await create_conversation(world.deps)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="første")
    await wait_until(lambda: len(said(world, conversation.id)) == 2)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m2", text="andre")
    await asyncio.sleep(PAUSE_S * 3)
    world.bot.gone = False
    await world.deps.tasks.drain()
    assert said(world, conversation.id) == [("user", "første"), ("system", fixed_text("bot_retrying", None)),
                                            ("user", "andre"), ("bot", "Bot: første"), ("bot", "Bot: andre")]


async def test_gone_for_the_whole_wait_ends_with_not_answering_and_a_message_after_that_is_told_again(
        world: World) -> None:
    """Each outage the bruker meets is said once: a message after the notice that ended the last wait gets its own."""
    world.deps.settings = replace(world.deps.settings, bot_back_window_s=0.2)
    world.bot.gone = True
    conversation, token = await create_conversation(world.deps)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="hei")
    await world.deps.tasks.drain()
    assert [t["state"] for t in world.store.turns.values()] == ["done"]
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m2", text="hallo?")
    await world.deps.tasks.drain()
    retrying, unavailable = fixed_text("bot_retrying", None), fixed_text("bot_unavailable", None)
    assert said(world, conversation.id) == [("user", "hei"), ("system", retrying), ("system", unavailable),
                                            ("user", "hallo?"), ("system", retrying), ("system", unavailable)]


async def test_the_button_to_a_person_ends_the_wait_at_once(world: World) -> None:
    """The button is a turn of its own, behind the one waiting for Rasa: she must not wait minutes for a person."""
    conversation_id, token = await waiting_for_a_gone_rasa(world, kommune="Asker")
    await receive_user_message(world.deps, conversation_id, token, client_msg_id="m2", text="Snakk med en veileder",
                               payload="/human_handoff")
    await wait_until(lambda: world.conversation(conversation_id).state is ConversationState.QUEUED)
    await world.deps.tasks.drain()
    assert fixed_text("bot_unavailable", None) not in [text for _, text in said(world, conversation_id)]
    assert [t["state"] for t in world.store.turns.values()] == ["done", "done"]
    assert world.bot.received == [], "the bot was never reached; the router handed off itself"


async def test_asking_for_a_person_in_words_while_it_waits_ends_the_wait_and_hands_off(world: World) -> None:
    conversation_id, token = await waiting_for_a_gone_rasa(world, kommune="Asker")
    await receive_user_message(world.deps, conversation_id, token, client_msg_id="m2",
                               text="kan jeg få snakke med en veileder?")
    await wait_until(lambda: world.conversation(conversation_id).state is ConversationState.QUEUED)
    await world.deps.tasks.drain()
    assert [text for sender, text in said(world, conversation_id) if sender == "system"].count(
        fixed_text("bot_retrying", None)) == 1, "the second message, a person asked for, needs no notice of its own"
    assert world.bot.received == []


@pytest.mark.parametrize("gone", [True, False], ids=["no-rasa-listening", "rasa-failed"])
async def test_a_message_asking_for_a_person_while_the_bot_is_away_is_handed_off(world: World, gone: bool) -> None:
    """Not «the chatbot is not answering; you can ask for a veileder» to one who just did."""
    world.bot.gone, world.bot.down = gone, not gone
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1",
                               text="jeg vil snakke med en veileder")
    await world.deps.tasks.drain()
    assert world.conversation(conversation.id).state is ConversationState.QUEUED
    notices = [text for sender, text in said(world, conversation.id) if sender == "system"]
    assert not {fixed_text("bot_retrying", None), fixed_text("bot_unavailable", None)} & set(notices), notices


async def test_the_answer_to_where_do_you_live_is_not_kept_behind_the_wait(world: World) -> None:
    """The e2e journey with no Rasa at all: the button asks where she lives, and her answer queues her at once."""
    conversation_id, token = await waiting_for_a_gone_rasa(world)
    asked = await handoff.hand_off_on_brukers_request(world.deps, conversation_id)
    assert asked["state"] == "BOT", "no place known: the router asks where she lives"
    await receive_user_message(world.deps, conversation_id, token, client_msg_id="m2", text="Asker")
    await wait_until(lambda: world.conversation(conversation_id).state is ConversationState.QUEUED)
    await world.deps.tasks.drain()


@pytest.mark.parametrize(("gone", "window_s"), [(False, 2.0), (True, 0.0)],
                         ids=["rasa-answered-with-an-error", "the-wait-switched-off"])
async def test_told_at_once_when_rasa_may_have_taken_it_or_the_wait_is_off(world: World, gone: bool,
                                                                           window_s: float) -> None:
    """A Rasa that answered with an error (or timed out) may have taken the message: not sent again."""
    world.deps.settings = replace(world.deps.settings, bot_back_window_s=window_s)
    world.bot.gone, world.bot.down = gone, not gone
    conversation, token = await create_conversation(world.deps)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="hei")
    await world.deps.tasks.drain()
    assert said(world, conversation.id) == [("user", "hei"), ("system", fixed_text("bot_unavailable", None))]
