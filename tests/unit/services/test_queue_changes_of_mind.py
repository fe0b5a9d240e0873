"""A waiting bruker who changes their mind, asks for a person again, or writes on, against fakes: every message is
stored for the veileder, and none goes without an answer for long (router/services/relay.py)."""

from __future__ import annotations

import pytest

from router.domain.conversation import ConversationState
from router.domain.opening_hours import NAV_PHONE_HOURS
from router.services import handoff
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.unit.services.conftest import World

LEAVE = {"title": fixed_text("leave_queue_button", None), "payload": "router:back_to_bot"}
STAY = {"title": fixed_text("queue_stay_button", None), "payload": "router:stay_in_queue"}


def said(world: World, conversation_id: str):  # type: ignore[no-untyped-def]
    return [m for _, m in sorted(world.store.messages.items()) if m.conversation_id == conversation_id]


async def write(world: World, conversation_id: str, token: str, text: str, n: int, payload: str | None = None):  # type: ignore[no-untyped-def]
    await receive_user_message(world.deps, conversation_id, token, client_msg_id=f"c{n}", text=text, payload=payload)
    await world.deps.tasks.drain()
    return said(world, conversation_id)


async def queued_on_saturday(world: World) -> tuple[str, str]:
    world.routing.open_now = False  # the probe: Saturday, offices closed
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="bruker ba om en veileder")
    return conversation.id, token


async def test_the_probe_a_change_of_mind_in_the_queue_is_offered_the_way_out_and_nothing_goes_unanswered(
        world: World) -> None:
    """"nei forresten" got "saved, you are number 1", and "glem det, jeg klarer meg", "hvordan søker jeg?", "jeg vil
    snakke med en veileder likevel" got nothing at all."""
    conversation_id, token = await queued_on_saturday(world)
    messages = await write(world, conversation_id, token, "nei forresten", 1)
    offer = messages[-1]
    assert (offer.sender, offer.text_for_user) == ("system", fixed_text("queue_leave_offer", None))
    assert offer.buttons == [LEAVE, STAY]
    assert offer.reply_to == messages[-2].id
    assert world.conversation(conversation_id).state is ConversationState.QUEUED, "nothing happens until they choose"
    messages = await write(world, conversation_id, token, "glem det, jeg klarer meg", 2)
    assert messages[-1].text_for_user == fixed_text("queue_leave_offer", None)
    # A question: saved for the veileder, with the place in line and when, in brief; the button is on screen.
    messages = await write(world, conversation_id, token, "hvordan søker jeg?", 3)
    ack = messages[-1]
    assert ack.sender == "system" and ack.text_for_user.startswith(fixed_text("message_saved_in_queue", None,
                                                                              position="1"))
    assert ack.buttons == []
    assert fixed_text("emergency_contacts", None) not in ack.text_for_user
    # A person again: still in the queue, and the honest wait.
    messages = await write(world, conversation_id, token, "jeg vil snakke med en veileder likevel", 4)
    still = messages[-1]
    assert still.sender == "system" and still.text_for_user.startswith(
        fixed_text("queue_still_waiting", None, enhet="Nav 0220"))
    assert fixed_text("outside_hours", None, when="onsdag 25. november kl. 07:00") in still.text_for_user
    # Every message is the veileder's to read; the bot was never asked.
    assert [m.text_for_user for m in messages if m.sender == "user"] == [
        "nei forresten", "glem det, jeg klarer meg", "hvordan søker jeg?", "jeg vil snakke med en veileder likevel"]
    assert world.bot.received == []


async def test_no_i_will_wait_keeps_the_place_and_says_so_briefly(world: World) -> None:
    conversation_id, token = await queued_on_saturday(world)
    await write(world, conversation_id, token, "never mind", 1)
    messages = await write(world, conversation_id, token, STAY["title"], 2, payload=STAY["payload"])
    stays = messages[-1]
    assert stays.text_for_user == " ".join([fixed_text("queue_stay_confirmed", None, enhet="Nav 0220"),
                                            fixed_text("wait_short_when", None, when="onsdag 25. november kl. 07:00")])
    assert stays.buttons == [], "the offer above still shows the way out"
    assert world.conversation(conversation_id).state is ConversationState.QUEUED and world.bot.received == []
    # The way out on the offer leaves the queue, as on every queue notice.
    await write(world, conversation_id, token, LEAVE["title"], 3, payload=LEAVE["payload"])
    assert world.conversation(conversation_id).state is ConversationState.BOT


async def test_the_probe_no_i_will_wait_confirms_the_place_without_saying_do_not_ask_again(world: World) -> None:
    """"nei forresten", then "Nei, jeg venter" got "Du trenger ikke be om det igjen", though the bruker had asked for
    nothing: that sentence is for the bruker who asks for a person again, as the same probe does next."""
    conversation_id, token = await queued_on_saturday(world)
    await write(world, conversation_id, token, "nei forresten", 1)
    messages = await write(world, conversation_id, token, "Nei, jeg venter", 2, payload=STAY["payload"])
    stays = messages[-1]
    assert stays.sender == "system"
    assert stays.text_for_user.startswith("Greit, du beholder plassen din i køen ved Nav 0220.")
    assert "Du trenger ikke be om det igjen" not in stays.text_for_user
    messages = await write(world, conversation_id, token, "jeg vil snakke med en veileder likevel", 3)
    assert messages[-1].text_for_user.startswith(fixed_text("queue_still_waiting", None, enhet="Nav 0220"))
    assert "Du trenger ikke be om det igjen" in messages[-1].text_for_user


async def test_silence_never_lasts_a_reminder_after_three_messages_or_ten_minutes(world: World) -> None:
    conversation_id, token = await queued_on_saturday(world)
    for n, text in enumerate(["hei", "søknaden min gjelder husleie", "og strøm"]):
        messages = await write(world, conversation_id, token, text, n)
    saved = [m for m in messages if m.sender == "system"
             and m.text_for_user.startswith(fixed_text("message_saved_in_queue", None, position="1"))]
    assert len(saved) == 1 and messages[-1].sender == "user", "the first message is acknowledged, the next two wait"
    messages = await write(world, conversation_id, token, "er det noen der?", 4)
    reminder = messages[-1]
    assert reminder.sender == "system" and reminder.text_for_user == " ".join([
        fixed_text("message_saved_in_queue", None, position="1"),
        fixed_text("wait_short_when", None, when="onsdag 25. november kl. 07:00")]), "the third without a word"
    # The button was last shown in the queue notice, far up: the reminder shows it again.
    assert reminder.buttons == [LEAVE]
    world.clock.advance(minutes=11)
    messages = await write(world, conversation_id, token, "fortsatt her", 6)
    assert messages[-1].sender == "system", "ten minutes without a word back"


async def test_in_a_bot_conversation_the_stay_button_says_where_the_bruker_is(world: World) -> None:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    messages = await write(world, conversation.id, token, STAY["title"], 1, payload=STAY["payload"])
    assert messages[-1].text_for_user == fixed_text("already_with_bot", None)
    assert world.bot.received == []


@pytest.mark.parametrize("login", [True, False])
def test_a_reminder_past_closing_says_where_the_answer_comes_as_the_queue_notice_did(login: bool) -> None:
    """The brief reminder past closing repeats the queue notice's words, and "keep this tab open" came without "a
    login finds it again" where a login was possible (the one-line reminders leave both out)."""
    from datetime import UTC, datetime, timedelta

    from router.domain.conversation import Conversation
    from router.domain.wait_promise import WaitKind, WaitPromise
    from router.services.relay import _wait_in_brief

    now = datetime(2026, 11, 24, 13, 30, tzinfo=UTC)
    conversation = Conversation(id="c", token_hash="t", created_at=now, updated_at=now, channel="rest",
                                enhetsnummer="0220", enhet_navn="Nav Asker")
    promise = WaitPromise(WaitKind.PAST_CLOSING, closes=now + timedelta(minutes=30), opens=now + timedelta(hours=18))
    text = " ".join(_wait_in_brief(conversation, promise, "nb", now, phone=NAV_PHONE_HOURS, login_available=login))
    # The answer comes tomorrow at the earliest: where a login is possible it is the way (probe 161: "keep this tab
    # open" on a Saturday evening about Monday), else the tab kept open.
    assert (fixed_text("answer_here_keep_tab_open", "nb") in text) is not login
    assert (fixed_text("answer_found_again_if_logged_in", "nb") in text) is login
    later_today = WaitPromise(WaitKind.PAST_CLOSING, closes=now + timedelta(minutes=30), opens=now + timedelta(hours=2))
    text = " ".join(_wait_in_brief(conversation, later_today, "nb", now, phone=NAV_PHONE_HOURS, login_available=login))
    assert fixed_text("answer_here_keep_tab_open", "nb") in text, "the same day: the tab kept open, and the login"
    assert (fixed_text("answer_found_again_if_logged_in", "nb") in text) is login


@pytest.mark.parametrize("text", ["ok", "Okei!", "ja", "takk"])
async def test_the_probe_ok_after_leaving_the_queue_is_understood_not_a_new_place_at_the_back(
        world: World, text: str) -> None:
    """Probe 70: "ok" after "Du har gått ut av køen … men da stiller du deg bakerst i køen" (with the button to a
    person) queued the bruker again, at the back, and "takk" then got "Du er nummer 3 i køen". The bruker just chose
    to leave: a short word there is "understood", for the bot; the button still queues."""
    conversation_id, token = await queued_on_saturday(world)
    messages = await write(world, conversation_id, token, LEAVE["title"], 1, payload=LEAVE["payload"])
    assert messages[-1].text_for_user == fixed_text("left_queue", None)
    assert [b["payload"] for b in messages[-1].buttons] == ["/human_handoff"]
    messages = await write(world, conversation_id, token, text, 2)
    assert world.conversation(conversation_id).state is ConversationState.BOT
    assert [said for _, said in world.bot.received] == [text]
    assert not any(m.text_for_user.startswith("Du står nå i kø") for m in messages[-2:])
    await write(world, conversation_id, token, fixed_text("offer_human", None), 3, payload="/human_handoff")
    assert world.conversation(conversation_id).state is ConversationState.QUEUED
