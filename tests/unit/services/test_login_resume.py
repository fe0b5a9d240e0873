"""A logged-in bruker who closed the tab (or changed browser) gets their open conversation back after logging in
again (services/login.py resume_open_conversation): only the same person, with a fresh token, audited."""

from __future__ import annotations

import pytest

from router.domain.assignment import Presence
from router.domain.conversation import CONTINUED_IN_EARLIER, ConversationState
from router.domain.messages import Message
from router.services import dispatch, handoff, inbox, login
from router.services.conversations import create_conversation, messages_for_user
from router.services.deps import PersonDeps
from router.services.errors import NotAuthenticated
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.unit.services.conftest import World
from tests.unit.services.test_dispatch import as_staff
from tests.unit.services.test_login import KARI, KODE6, OLA, log_in, people  # noqa: F401 (the fixture)


async def queued_and_left(world: World, ident: str) -> tuple[str, str]:
    """The person logs in, asks for a veileder and writes; then the tab is closed (nothing more from it)."""
    conversation_id, token, _ = await log_in(world, ident)
    await handoff.hand_off(world.deps, conversation_id, reason="test", actor="bruker")
    assert world.conversation(conversation_id).state is ConversationState.QUEUED
    return conversation_id, token


async def test_the_same_person_logging_in_again_in_a_new_tab_gets_the_waiting_conversation_back(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    old_id, old_token = await queued_and_left(world, KARI)
    new_id, new_token, session_id = await log_in(world, KARI)

    result = await login.resume_open_conversation(world.deps, new_id, new_token, session_id)

    assert result["resumed"] is True and result["id"] == old_id and result["state"] == "QUEUED"
    opened = await messages_for_user(world.deps, old_id, result["token"], 0)
    assert opened["conversation"]["id"] == old_id
    with pytest.raises(NotAuthenticated):  # one token per conversation: the closed tab's stops working
        await messages_for_user(world.deps, old_id, old_token, 0)
    moved = await people.sessions.for_conversation(old_id)
    assert moved is not None and moved.session_id == session_id, "the login now belongs to the old conversation"
    assert await people.sessions.for_conversation(new_id) is None
    assert world.conversation(old_id).is_logged_in and not world.conversation(new_id).is_logged_in
    # The new chat, left by the page for the one given back, is not left with the bot for nobody (counted as open,
    # then warned and closed as abandoned by the silence sweep): closed at once as a duplicate, quietly.
    left = world.conversation(new_id)
    assert left.state is ConversationState.CLOSED and left.close_outcome == CONTINUED_IN_EARLIER
    audited = [e for e in world.store.audit if e.action == "bruker_resumed"]
    assert audited and audited[0].conversation_id == old_id and audited[0].detail["from"] == new_id
    assert KARI not in repr(world.store.audit)
    assert [r.kind for r in world.store.history if r.conversation_id == old_id][-1] == login.RESUMED
    again = await login.resume_open_conversation(world.deps, new_id, new_token, session_id)
    assert again == {"resumed": False}, "once: the login has moved on"


async def test_a_first_login_that_expired_is_tied_again_with_the_registers_read_and_audited(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    old_id, _ = await queued_and_left(world, KARI)
    world.clock.advance(hours=2)
    await login.expire_sessions(world.deps)
    assert not world.conversation(old_id).is_logged_in
    new_id, new_token, session_id = await log_in(world, KARI)

    result = await login.resume_open_conversation(world.deps, new_id, new_token, session_id)

    assert result["resumed"] is True and result["id"] == old_id
    assert world.conversation(old_id).is_logged_in
    # "Innloggingen din er utløpt. Samtalen fortsetter uten innlogging ..." was its last word on the login.
    opened = await messages_for_user(world.deps, old_id, result["token"], 0, login_session=session_id)
    said_by_nav = [m["text"] for m in opened["messages"] if m["sender"] == "system"]
    assert said_by_nav[-1] == fixed_text("login_done", "nb"), said_by_nav
    lookups = [e for e in world.store.audit if e.action == "register_lookup" and e.conversation_id == old_id]
    assert any("fant igjen" in e.detail["why"] for e in lookups)


async def test_another_person_never_gets_it(world: World, people: PersonDeps) -> None:  # noqa: F811
    old_id, _ = await queued_and_left(world, KARI)
    new_id, new_token, session_id = await log_in(world, OLA)
    assert await login.resume_open_conversation(world.deps, new_id, new_token, session_id) == {"resumed": False}
    assert world.conversation(new_id).is_logged_in, "Ola's own chat goes on"
    assert (await people.sessions.for_conversation(new_id)) is not None


async def test_kode_6_only_the_same_person(world: World, people: PersonDeps) -> None:  # noqa: F811
    old_id, _ = await queued_and_left(world, KODE6)
    stranger_id, stranger_token, stranger_session = await log_in(world, KARI)
    assert await login.resume_open_conversation(world.deps, stranger_id, stranger_token, stranger_session) \
        == {"resumed": False}
    new_id, new_token, session_id = await log_in(world, KODE6)
    result = await login.resume_open_conversation(world.deps, new_id, new_token, session_id)
    assert result["resumed"] is True and result["id"] == old_id
    assert world.conversation(old_id).enhetsnummer == "2103"


async def test_without_this_conversations_own_login_nothing_moves(world: World, people: PersonDeps) -> None:  # noqa: F811
    await queued_and_left(world, KARI)
    _, _, karis_session = await log_in(world, KARI)
    anonymous, token = await create_conversation(world.deps)
    # Another conversation's login cookie, or none: no resume.
    assert await login.resume_open_conversation(world.deps, anonymous.id, token, karis_session) == {"resumed": False}
    assert await login.resume_open_conversation(world.deps, anonymous.id, token, None) == {"resumed": False}


async def test_a_conversation_the_bruker_closed_is_not_resumed(world: World, people: PersonDeps) -> None:  # noqa: F811
    old_id, old_token = await queued_and_left(world, KARI)
    old = world.conversation(old_id)
    old.close("løst", actor="bruker", now=world.clock.now())
    new_id, new_token, session_id = await log_in(world, KARI)
    assert await login.resume_open_conversation(world.deps, new_id, new_token, session_id) == {"resumed": False}


async def test_the_queue_notice_says_what_works_for_a_logged_in_and_an_anonymous_bruker(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    """Nobody online: "Du kan legge igjen meldingen din her" alone promised what a closed tab cannot keep."""
    kari_id, _ = await queued_and_left(world, KARI)
    anonymous, _ = await create_conversation(world.deps, kommune="Frogner")
    await handoff.hand_off(world.deps, anonymous.id, reason="test", actor="bruker")

    def notices(conversation_id: str) -> str:
        return " ".join(m.original_text for m in world.store.messages.values()
                        if m.conversation_id == conversation_id and m.sender == "system")

    assert "Du finner samtalen igjen her når du logger inn på nytt." in notices(kari_id)
    assert "la denne fanen være åpen" not in notices(kari_id)
    assert ("Svaret kommer her i chatten, så la denne fanen være åpen. Logger du inn før du lukker fanen, finner du "
            "samtalen igjen senere.") in notices(anonymous.id)


async def closed_by_nav_after(world: World, conversation_id: str, last_word: str, *, closed_by: str = "veileder2") -> None:
    """A veileder's answer (or the bruker's last word), then the conversation is closed."""
    async with world.deps.uow() as uow:
        sender = "user" if last_word == "user" else "veileder"
        await uow.messages.add(Message(conversation_id, "veileder", "Hei Kari, ring oss gjerne i morgen.", "nb",
                                       world.clock.now()))
        if sender == "user":
            await uow.messages.add(Message(conversation_id, "user", "Takk, det gjør jeg.", "nb", world.clock.now()))
        conversation = await uow.conversations.get(conversation_id, for_update=True)
        assert conversation is not None
        conversation.close("besvart", actor=closed_by, now=world.clock.now())


async def test_an_answer_nav_closed_before_the_bruker_read_it_is_given_back_once_to_read(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    """Monday 09:05 the veileder answers, and closes the chat when nobody replies: logged in in the evening, the
    bruker reads the answer instead of a greeting. The login goes with her to it, as on a closed chat's page after a
    close: "Start ny samtale" there starts anonymous and ends the login (it stayed with the new chat, which that
    page went back to, logged in, with no "Logg ut" on the closed chat)."""
    old_id, _ = await queued_and_left(world, KARI)
    await closed_by_nav_after(world, old_id, "veileder")
    world.clock.advance(hours=8)
    await login.expire_sessions(world.deps)  # the morning's login ended long ago (the router's sweep)
    new_id, new_token, session_id = await log_in(world, KARI)

    result = await login.resume_open_conversation(world.deps, new_id, new_token, session_id)

    assert result["resumed"] is True and result["id"] == old_id and result["state"] == "CLOSED"
    opened = await messages_for_user(world.deps, old_id, result["token"], 0, login_session=session_id)
    assert any(m["text"] == "Hei Kari, ring oss gjerne i morgen." for m in opened["messages"])
    # Logged in where she reads (the widget's "Logg ut" and "Husk å logge ut ..."); the new chat keeps no login.
    assert opened["conversation"]["logged_in"] is True
    # Under her "Innlogget" the chat's last word on the login agrees; "... utløpt." is what happened before it.
    said_by_nav = [m["text"] for m in opened["messages"] if m["sender"] == "system"]
    assert said_by_nav[-2:] == [fixed_text("login_expired_closed", "nb"), fixed_text("logged_in", "nb")], said_by_nav
    moved = await people.sessions.for_conversation(old_id)
    assert moved is not None and moved.session_id == session_id
    assert not world.conversation(new_id).is_logged_in and await people.sessions.for_conversation(new_id) is None
    assert world.conversation(new_id).close_outcome == CONTINUED_IN_EARLIER, "not left with the bot for nobody"
    assert [e.detail["closed"] for e in world.store.audit if e.action == "bruker_resumed"] == [True]

    # "Start ny samtale" on it: anonymous, her login ended, told so; the answer reads as placeholders again.
    next_chat, next_token, ended = await login.open_next_chat(world.deps, old_id, result["token"], session_id)
    assert ended and not world.conversation(next_chat.id).is_logged_in
    assert await people.sessions.get(session_id) is None and not world.conversation(old_id).is_logged_in
    said = await messages_for_user(world.deps, next_chat.id, next_token, 0, login_session=session_id)
    assert said["conversation"]["logged_in"] is False
    assert fixed_text("new_chat_not_logged_in", "nb") in [m["text"] for m in said["messages"]]
    assert "ring oss" not in str(await messages_for_user(world.deps, old_id, result["token"], 0))

    _, again_token, again_session = await log_in(world, KARI)
    assert (await login.resume_open_conversation(world.deps, _, again_token, again_session)) == {"resumed": False}, \
        "once"


@pytest.mark.parametrize(("last_word", "closed_by", "hours_later"), [
    ("user", "veileder2", 1),  # the bruker answered: they read it
    ("veileder", "bruker", 1),  # the bruker closed it: they were there
    ("veileder", "veileder2", 25),  # more than a day ago
], ids=["bruker-spoke-last", "bruker-closed-it", "too-old"])
async def test_a_closed_conversation_the_bruker_saw_or_from_long_ago_is_not_given_back(
        world: World, people: PersonDeps, last_word: str, closed_by: str, hours_later: int) -> None:  # noqa: F811
    old_id, _ = await queued_and_left(world, KARI)
    await closed_by_nav_after(world, old_id, last_word, closed_by=closed_by)
    world.clock.advance(hours=hours_later)
    new_id, new_token, session_id = await log_in(world, KARI)
    assert await login.resume_open_conversation(world.deps, new_id, new_token, session_id) == {"resumed": False}


async def write(world: World, conversation_id: str, token: str, text: str, n: int) -> None:
    await receive_user_message(world.deps, conversation_id, token, client_msg_id=f"tab2-{n}", text=text)
    await world.deps.tasks.drain()


async def asked_for_a_veileder_in_a_new_tab_then_logged_in(world: World, ident: str,
                                                           *lines: str) -> tuple[str, str, str]:
    """Probe 87: a new tab, not logged in; the bruker writes, asks for a veileder, and only then logs in."""
    anonymous, token = await create_conversation(world.deps, kommune="Frogner")
    for n, line in enumerate(lines):
        await write(world, anonymous.id, token, line, n)
    await handoff.hand_off(world.deps, anonymous.id, reason="bruker ba om en veileder", actor="bruker")
    assert world.conversation(anonymous.id).state is ConversationState.QUEUED
    _, _, session_id = await log_in(world, ident, anonymous.id, token)
    return anonymous.id, token, session_id


async def test_a_chat_queued_in_a_new_tab_before_the_login_joins_the_open_one_with_its_words(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    """Probe 87: a logged-in bruker waiting in one tab asked for a veileder again in a new tab before logging in
    there, and stood in the queue twice. Now the new chat goes into the open one, its words with it."""
    old_id, _ = await queued_and_left(world, KARI)
    world.clock.advance(minutes=5)
    new_id, new_token, session_id = await asked_for_a_veileder_in_a_new_tab_then_logged_in(
        world, KARI, "Hei, jeg venter fortsatt på svar om sosialhjelpen")

    result = await login.resume_open_conversation(world.deps, new_id, new_token, session_id)

    assert result["resumed"] is True and result["id"] == old_id and result["state"] == "QUEUED"
    new = world.conversation(new_id)
    assert new.state is ConversationState.CLOSED and new.close_outcome == CONTINUED_IN_EARLIER
    assert not new.is_logged_in
    queued_now = [c.id for c in world.store.conversations.values() if c.state is ConversationState.QUEUED]
    assert queued_now == [old_id], "one place in the queue, the earlier one"
    opened = await messages_for_user(world.deps, old_id, result["token"], 0)
    texts = [m["text"] for m in opened["messages"]]
    assert texts[-2].startswith("Du hadde allerede en åpen samtale med oss.")
    assert texts[-1] == "Hei, jeg venter fortsatt på svar om sosialhjelpen"
    assert opened["messages"][-1]["sender"] == "user"
    moved = await people.sessions.for_conversation(old_id)
    assert moved is not None and moved.session_id == session_id
    kinds = [r.kind for r in world.store.history if r.conversation_id == old_id]
    assert kinds[-2:] == [login.RESUMED, "messages_carried_over"]


async def test_an_emergency_stated_in_the_new_tab_goes_with_it(world: World, people: PersonDeps) -> None:  # noqa: F811
    old_id, _ = await queued_and_left(world, KARI)
    assert world.conversation(old_id).priority == "normal"
    new_id, new_token, session_id = await asked_for_a_veileder_in_a_new_tab_then_logged_in(
        world, KARI, "Jeg har ikke penger til mat i dag")
    assert world.conversation(new_id).priority == "emergency"

    result = await login.resume_open_conversation(world.deps, new_id, new_token, session_id)

    assert result["id"] == old_id
    assert world.conversation(old_id).priority == "emergency"
    raised = [r for r in world.store.history if r.conversation_id == old_id and r.kind == "acute_need_detected"]
    assert raised and raised[-1].data == {"category": "no_food"}


async def test_a_new_tab_waiting_chat_is_not_pulled_away_to_read_an_old_answer(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    """Nothing open, only yesterday's closed answer: the new chat keeps its place (the old answer would leave it
    unseen in the queue)."""
    old_id, _ = await queued_and_left(world, KARI)
    await closed_by_nav_after(world, old_id, "veileder")
    world.clock.advance(hours=2)
    new_id, new_token, session_id = await asked_for_a_veileder_in_a_new_tab_then_logged_in(world, KARI, "Hei igjen")

    assert await login.resume_open_conversation(world.deps, new_id, new_token, session_id) == {"resumed": False}
    assert world.conversation(new_id).state is ConversationState.QUEUED


async def test_a_new_tab_chat_a_veileder_has_taken_stays_where_it_is(world: World, people: PersonDeps) -> None:  # noqa: F811
    old_id, _ = await queued_and_left(world, KARI)
    new_id, new_token, session_id = await asked_for_a_veileder_in_a_new_tab_then_logged_in(world, KARI, "Hei")
    veileder = world.add_veileder("veileder1", world.conversation(new_id).enhetsnummer or "")
    await dispatch.take(world.deps, new_id, as_staff(world, veileder.id))
    assert world.conversation(new_id).state is ConversationState.ASSIGNED

    assert await login.resume_open_conversation(world.deps, new_id, new_token, session_id) == {"resumed": False}
    assert world.conversation(old_id).state is ConversationState.QUEUED


async def test_the_duplicate_closed_into_the_earlier_chat_is_not_among_her_earlier_conversations(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    """The new tab's chat, closed because her login gave her back the one she was waiting in, is no conversation
    she had (its words went on there): the veileder's "Tidligere samtaler" leaves it out, and lists the real one."""
    monday_id, _ = await queued_and_left(world, KARI)
    await closed_by_nav_after(world, monday_id, "user")
    world.clock.advance(hours=24)
    waiting_id, _ = await queued_and_left(world, KARI)
    world.clock.advance(minutes=5)
    new_id, new_token, session_id = await asked_for_a_veileder_in_a_new_tab_then_logged_in(world, KARI, "Hei igjen")
    assert (await login.resume_open_conversation(world.deps, new_id, new_token, session_id))["id"] == waiting_id
    assert world.conversation(new_id).close_outcome == CONTINUED_IN_EARLIER

    enhet = world.conversation(waiting_id).enhetsnummer
    assert enhet is not None
    veileder = world.add_veileder("veileder9", enhet, presence=Presence.OFFLINE)
    await dispatch.take(world.deps, waiting_id, as_staff(world, veileder.id))
    detail = await inbox.conversation_detail(world.deps, as_staff(world, veileder.id), waiting_id)
    assert [c["id"] for c in detail["earlier_conversations"]] == [monday_id]
