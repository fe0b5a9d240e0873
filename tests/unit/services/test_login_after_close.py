"""A logged-in bruker's chat is closed (by the veileder as "Besvart", by the sweep, or by herself): her page still
reads, and "Last ned samtalen" still saves, what she was just told, until "Logg ut" or the login's expiry; then
placeholders, and "Logg inn" as her reads it again. "Start ny samtale" from that page starts anonymous and ends
that login (a shared PC: the next person at the screen must not chat as her).

Before, the close ended the tie and dropped the login: her own words, the case answer and the veileder's promises
became "Denne meldingen ble skrevet mens du var innlogget …" on her open page, with no way to log in again there,
and the next chat was anonymous without a word. a1a288f then carried the login on into the next chat, which
handed it to whoever pressed the button."""

from __future__ import annotations

import pytest

from router.domain.conversation import ConversationState
from router.domain.messages import Message
from router.services import login
from router.services.conversations import messages_for_user
from router.services.deps import PersonDeps
from router.services.errors import Conflict
from router.services.preferences import close_by_user
from router.texts import fixed_text
from tests.unit.services.conftest import World
from tests.unit.services.test_login import KARI, OLA, log_in, people  # noqa: F401 (the fixture)

PROMISE = "Vi mangler husleiekontrakt og kontoutskrift. Send dem, så får du svar innen 14 dager. Referanse: sak 4711"


async def answered_and_closed(world: World, conversation_id: str, by: str) -> None:
    """She wrote, the veileder promised something; then the veileder ("besvart") or she herself closed it."""
    async with world.deps.uow() as uow:
        await uow.messages.add(Message(conversation_id, "user", "Har dere fått søknaden min?", "nb", world.clock.now()))
        await uow.messages.add(Message(conversation_id, "veileder", PROMISE, "nb", world.clock.now()))
        if by == "veileder":
            conversation = await uow.conversations.get(conversation_id, for_update=True)
            assert conversation is not None
            conversation.close("besvart", actor="veileder3", now=world.clock.now())


async def close(world: World, conversation_id: str, token: str, by: str) -> None:
    await answered_and_closed(world, conversation_id, by)
    if by == "bruker":
        await close_by_user(world.deps, conversation_id, token)
    assert world.conversation(conversation_id).state is ConversationState.CLOSED


def shown(read: dict) -> str:
    return " ".join(m["text"] for m in read["messages"] if not m["withheld"])


@pytest.mark.parametrize("by", ["veileder", "bruker"])
async def test_her_page_reads_the_closed_chat_until_logg_ut(world: World, people: PersonDeps, by: str) -> None:  # noqa: F811
    conversation_id, token, session_id = await log_in(world, KARI)
    await close(world, conversation_id, token, by)

    read = await messages_for_user(world.deps, conversation_id, token, 0, login_session=session_id)
    assert PROMISE in shown(read) and "Har dere fått søknaden min?" in shown(read)
    assert not any(m["withheld"] for m in read["messages"]), "nothing of hers is a placeholder on her page"
    assert read["conversation"]["logged_in"] is True, "the page keeps its Logg ut"
    assert await people.sessions.for_conversation(conversation_id) is not None, "the login lives on"
    assert await login.session_for(world.deps, world.conversation(conversation_id), world.clock.now()) is None, \
        "but a closed chat looks up no case"

    # Logg ut (a shared PC): the same page and token read placeholders only.
    assert await login.logout(world.deps, conversation_id, token) is not None
    after = await messages_for_user(world.deps, conversation_id, token, 0)
    assert PROMISE not in str(after) and "søknaden" not in str(after)
    assert any(m["withheld"] for m in after["messages"]) and after["conversation"]["logged_in"] is False


async def test_the_login_ends_as_logins_end_on_a_closed_chat(world: World, people: PersonDeps) -> None:  # noqa: F811
    conversation_id, token, session_id = await log_in(world, OLA)
    await close(world, conversation_id, token, "veileder")
    world.clock.advance(minutes=30)
    await login.expire_sessions(world.deps)
    assert PROMISE in shown(await messages_for_user(world.deps, conversation_id, token, 0)), "still her login"
    world.clock.advance(minutes=31)  # the login (an hour) is over
    await login.expire_sessions(world.deps)
    after = await messages_for_user(world.deps, conversation_id, token, 0, login_session=session_id)
    assert PROMISE not in str(after) and after["conversation"]["logged_in"] is False


async def test_logg_inn_on_the_closed_chat_reads_it_again_as_her_alone(world: World, people: PersonDeps) -> None:  # noqa: F811
    """/personvern: "Logger du inn igjen, ser du det igjen". The placeholder says "Logg inn igjen for å se den"."""
    conversation_id, token, _ = await log_in(world, KARI)
    await close(world, conversation_id, token, "bruker")
    await login.logout(world.deps, conversation_id, token)
    lookups = len([e for e in world.store.audit if e.action == "register_lookup"])

    with pytest.raises(login.AnotherPersonsChat):  # another person at the shared PC never reads it
        await log_in(world, OLA, conversation_id, token)
    assert PROMISE not in str(await messages_for_user(world.deps, conversation_id, token, 0))

    _, _, session_id = await log_in(world, KARI, conversation_id, token)
    again = await messages_for_user(world.deps, conversation_id, token, 0, login_session=session_id)
    assert PROMISE in shown(again) and world.conversation(conversation_id).state is ConversationState.CLOSED
    assert len([e for e in world.store.audit if e.action == "register_lookup"]) == lookups, "no registers read"
    await login.logout(world.deps, conversation_id, token)
    assert PROMISE not in str(await messages_for_user(world.deps, conversation_id, token, 0))


async def test_an_anonymous_closed_chat_is_not_logged_in_to(world: World, people: PersonDeps) -> None:  # noqa: F811
    from router.services.conversations import create_conversation

    conversation, token = await create_conversation(world.deps)
    await close_by_user(world.deps, conversation.id, token)
    with pytest.raises(Conflict):
        await login.start_login(world.deps, conversation.id, token, "this-browser")


async def test_start_ny_samtale_from_the_closed_chat_is_anonymous_and_ends_his_login(
        world: World, people: PersonDeps) -> None:  # noqa: F811
    """A shared PC: Ola's chat was closed as Besvart and he walked away; the next person pressed "Start ny samtale".
    Before (a1a288f), the new chat went on logged in as Ola, his registers read again in his name, and his case
    answered to whoever sat there. Now the new chat is anonymous and says so, and Ola's login ends."""
    old_id, old_token, session_id = await log_in(world, OLA)
    await close(world, old_id, old_token, "veileder")
    lookups = [e for e in world.store.audit if e.action == "register_lookup"]

    new, new_token, ended = await login.open_next_chat(world.deps, old_id, old_token, session_id)

    assert ended and new.id != old_id
    assert not world.conversation(new.id).is_logged_in and world.conversation(new.id).person_pseudonym is None
    assert [e for e in world.store.audit if e.action == "register_lookup"] == lookups, "nothing read in his name"
    assert await people.sessions.get(session_id) is None and not world.conversation(old_id).is_logged_in
    read = await messages_for_user(world.deps, new.id, new_token, 0, login_session=session_id)
    assert read["conversation"]["logged_in"] is False
    said = [m["text"] for m in read["messages"] if m["sender"] == "system"]
    assert fixed_text("new_chat_not_logged_in", "nb") in said, "told he is not logged in and may log in again"
    assert not any("logget inn med ID-porten." in text and "ikke" not in text for text in said)
    # The closed chat's page, should anyone go back to it, reads placeholders now.
    assert PROMISE not in str(await messages_for_user(world.deps, old_id, old_token, 0, login_session=session_id))
    # He may log in again in the new chat (ID-porten's single sign-on: one click for him).
    _, _, again = await log_in(world, OLA, new.id, new_token)
    assert world.conversation(new.id).is_logged_in
    # And he stays in it: the answer he was shown when it closed is not given back "to read" (CI at 4c13213: the
    # page moved from his new chat to the closed one, "Husk å logge ut ..." and all).
    assert await login.resume_open_conversation(world.deps, new.id, new_token, again) == {"resumed": False}
    assert world.conversation(new.id).state is ConversationState.BOT


async def test_start_ny_samtale_without_the_login_is_anonymous(world: World, people: PersonDeps) -> None:  # noqa: F811
    old_id, old_token, session_id = await log_in(world, OLA)
    await close(world, old_id, old_token, "veileder")
    other_id, other_token, other_session = await log_in(world, KARI)
    # Another login's cookie (another tab's chat) is neither carried on nor ended.
    new, _, ended = await login.open_next_chat(world.deps, old_id, old_token, other_session)
    assert not world.conversation(new.id).is_logged_in and not ended
    assert world.conversation(other_id).is_logged_in and await people.sessions.get(other_session) is not None
    await login.logout(world.deps, old_id, old_token)
    new, _, ended = await login.open_next_chat(world.deps, old_id, old_token, session_id)
    assert not world.conversation(new.id).is_logged_in and not ended, "logged out: nothing to end"
    assert world.conversation(other_id).is_logged_in and other_token


async def test_the_logout_notice_on_a_closed_chat_does_not_say_it_goes_on(world: World, people: PersonDeps) -> None:  # noqa: F811
    """Helper-136's note: after a close, "Logg ut" and the login's expiry said "... Samtalen fortsetter uten
    innlogging." of a chat that had ended. An open chat still says it goes on."""
    from router.texts import fixed_text

    def system_texts(conversation_id: str) -> list[str]:
        return [m.text_for_user for m in world.store.messages.values()
                if m.conversation_id == conversation_id and m.sender == "system"]

    closed_id, token, _ = await log_in(world, KARI)
    await close(world, closed_id, token, "veileder")
    await login.logout(world.deps, closed_id, token)
    assert fixed_text("logged_out_closed", "nb") == "Du er logget ut."
    assert system_texts(closed_id)[-1] == "Du er logget ut."

    expired_id, token, _ = await log_in(world, OLA)
    await close(world, expired_id, token, "veileder")
    world.clock.advance(minutes=61)
    await login.expire_sessions(world.deps)
    assert system_texts(expired_id)[-1] == "Innloggingen din er utløpt."

    open_id, token, _ = await log_in(world, KARI)
    await login.logout(world.deps, open_id, token)
    assert system_texts(open_id)[-1] == "Du er logget ut. Samtalen fortsetter uten innlogging."
