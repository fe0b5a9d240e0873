"""services/handover.py against fakes: a Rasa widget's chat moves to the own chat page once, with a new token."""

from __future__ import annotations

import secrets

import pytest

from router.domain.conversation import ConversationState
from router.services import handover
from router.services.conversations import (
    authenticated,
    create_conversation,
    open_socketio_session,
    session_key,
)
from router.services.errors import InvalidInput, NotAuthenticated
from router.services.handover import HandoverGone
from tests.unit.services.conftest import World
from tests.unit.services.test_login import log_in, people  # noqa: F401 (the fixture)


async def widget_chat(world: World) -> tuple[str, str, str]:
    """(conversation id, widget session id, widget token) of a chat opened by a Rasa widget."""
    conversation_id, session_id, token, _ = await open_socketio_session(world.deps, None, None, {})
    return conversation_id, session_id, token


def ticket_of(link: str) -> str:
    return link.split("ticket=", 1)[1]


CLAIM = secrets.token_urlsafe(32)


async def test_the_link_moves_the_chat_once_and_the_widget_loses_it(world: World, people) -> None:  # noqa: F811
    people.own_chat_origin = "https://chat.nav.example"
    conversation_id, session_id, widget_token = await widget_chat(world)
    link = handover.link(world.deps, conversation_id)
    assert link is not None and link.startswith("https://chat.nav.example/chat/continue?ticket=")
    offered, language = await handover.offered(world.deps, ticket_of(link))
    assert offered is not None and offered.id == conversation_id and language == offered.language
    assert world.conversation(conversation_id).channel == "socketio", "looking at the page moves nothing"

    moved, token = await handover.take_over(world.deps, ticket_of(link), CLAIM)
    assert moved.id == conversation_id and token != widget_token
    assert (await authenticated(world.deps, conversation_id, token)).channel == "rest"
    with pytest.raises(NotAuthenticated):
        await authenticated(world.deps, conversation_id, widget_token)
    event = next(e for e in world.bus.published if e["type"] == "moved_to_own_chat")
    assert event["external_session_id"] == session_key(session_id) and event["channel"] == "socketio"

    world.store.conversations[conversation_id].language = "pl"
    assert await handover.offered(world.deps, ticket_of(link)) == (None, "pl"), \
        "used: nothing to move, and 'this link was used' in the bruker's language"
    assert await handover.offered(world.deps, "not-a-ticket") == (None, None)
    with pytest.raises(HandoverGone):
        await handover.take_over(world.deps, ticket_of(link), secrets.token_urlsafe(32))
    # The widget's session id no longer opens the chat, even with the old token.
    again, _, _, new = await open_socketio_session(world.deps, session_id, widget_token, {})
    assert new and again != conversation_id


async def test_the_moved_chat_logs_in_like_the_own_pages_chat(world: World, people) -> None:  # noqa: F811
    conversation_id, _, _ = await widget_chat(world)
    _, token = await handover.take_over(world.deps, ticket_of(handover.link(world.deps, conversation_id) or ""), CLAIM)
    await log_in(world, "01019012480", conversation_id, token)
    assert world.conversation(conversation_id).is_logged_in


async def test_no_link_without_login_and_no_move_of_a_closed_or_own_page_chat(world: World, people) -> None:  # noqa: F811
    conversation_id, _, _ = await widget_chat(world)
    ticket = ticket_of(handover.link(world.deps, conversation_id) or "")
    world.conversation(conversation_id).state = ConversationState.CLOSED
    with pytest.raises(HandoverGone):
        await handover.take_over(world.deps, ticket, CLAIM)
    with pytest.raises(HandoverGone):
        await handover.take_over(world.deps, "not-a-ticket", CLAIM)
    own_page, _ = await create_conversation(world.deps)
    with pytest.raises(HandoverGone):
        await handover.take_over(world.deps, ticket_of(handover.link(world.deps, own_page.id) or ""), CLAIM)
    world.deps.person = None
    assert handover.link(world.deps, conversation_id) is None
    with pytest.raises(HandoverGone):
        await handover.take_over(world.deps, ticket, CLAIM)


async def test_a_lost_answer_is_asked_for_again_with_the_same_claim(world: World, people) -> None:  # noqa: F811
    conversation_id, _, _ = await widget_chat(world)
    ticket = ticket_of(handover.link(world.deps, conversation_id) or "")
    _, token = await handover.take_over(world.deps, ticket, CLAIM)
    moves = len([e for e in world.bus.published if e["type"] == "moved_to_own_chat"])

    again, same_token = await handover.take_over(world.deps, ticket, CLAIM)
    assert (again.id, same_token) == (conversation_id, token)
    assert len([e for e in world.bus.published if e["type"] == "moved_to_own_chat"]) == moves, "moved once"
    with pytest.raises(HandoverGone):
        await handover.take_over(world.deps, ticket, secrets.token_urlsafe(32))
    with pytest.raises(InvalidInput):
        await handover.take_over(world.deps, ticket, "short")
    world.conversation(conversation_id).state = ConversationState.CLOSED
    with pytest.raises(HandoverGone):
        await handover.take_over(world.deps, ticket, CLAIM)
