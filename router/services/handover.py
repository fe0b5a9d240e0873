"""A chat in a third-party Rasa widget continues on the router's own chat page, to log in there.

A widget on another site cannot start the login: a login is bound to the browser that starts it by a cookie on the
router's site (services/login.py), which a page on another site can neither set nor read. So in a Rasa widget the
"Logg inn" button is a link to the router's own page (``/chat/continue?ticket=...``, router/web/handover_page.py).
There the bruker moves the conversation over with one click and logs in as on the own chat page, which then
continues the conversation. The move gives the conversation a new token and detaches the widget (it says where the
chat went): whoever follows the link first holds the conversation alone, so a link passed to someone else cannot
make them log in to a chat another person goes on reading.
"""

from __future__ import annotations

import logging
from typing import TypeGuard

from router.domain.conversation import Conversation, ConversationState
from router.domain.handover import conversation_of, handover_ticket, handover_token, is_claim
from router.services.conversations import hash_token
from router.services.deps import Deps
from router.services.errors import InvalidInput, ServiceError
from router.services.notify import event_scope, publish_state

log = logging.getLogger(__name__)

CONTINUE_PATH = "/chat/continue"


class HandoverGone(ServiceError):
    """The link was not made by this service, or was used already, or its conversation is closed."""

    status = 410


def _key(deps: Deps) -> bytes:
    return deps.settings.login_key.encode()


def link(deps: Deps, conversation_id: str) -> str | None:
    """Where a Rasa widget's "Logg inn" leads: the own chat page that takes the conversation over; None when login
    is off on this router."""
    if deps.person is None:
        return None
    return f"{deps.person.own_chat_origin}{CONTINUE_PATH}?ticket={handover_ticket(conversation_id, _key(deps))}"


def _conversation_id(deps: Deps, ticket: str) -> str | None:
    """The conversation a ticket names, when this router made it and has login."""
    return conversation_of(ticket, _key(deps)) if deps.person is not None else None


def _usable(conversation: Conversation | None) -> TypeGuard[Conversation]:
    return (conversation is not None and conversation.channel == "socketio"
            and conversation.state is not ConversationState.CLOSED)


async def offered(deps: Deps, ticket: str) -> tuple[Conversation | None, str | None]:
    """The conversation a link would move, without moving it (the page before the bruker's click), or None when
    the link cannot be used; and the language of the link's conversation either way, so that "this link was used"
    is said in the bruker's language, not the browser's (None for a link that is not ours)."""
    if (conversation_id := _conversation_id(deps, ticket)) is None:
        return None, None
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
    language = conversation.language if conversation is not None else None
    return (conversation if _usable(conversation) else None), language


async def take_over(deps: Deps, ticket: str, claim: str) -> tuple[Conversation, str]:
    """Move the link's conversation to the own chat page: the conversation and its new bearer token. ``claim`` is
    the page's own secret (router/domain/handover.py): sent again, it gets the same answer without moving anything,
    for a page whose first answer was lost on the network."""
    if not is_claim(claim):
        raise InvalidInput("claim must be 43 characters of letters, digits, - and _ (32 random bytes)")
    if (conversation_id := _conversation_id(deps, ticket)) is None:
        raise HandoverGone("this link is not valid")
    token = handover_token(conversation_id, claim, _key(deps))
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        if _moved_with(conversation, token):
            log.info("handover.answered_again conversation=%s", conversation_id)
            return conversation, token
        if not _usable(conversation):
            raise HandoverGone("this link was used already, or the conversation is closed")
        widget_session = conversation.external_session_id
        conversation.move_to_own_chat(hash_token(token), deps.clock.now())
    log.info("handover.moved conversation=%s", conversation.id)
    # The widget's sockets are told where the chat went and detached (router/web/rasa_socketio.py).
    await deps.publish({**event_scope(conversation), "type": "moved_to_own_chat", "channel": "socketio",
                        "external_session_id": widget_session, "language": conversation.language})
    await publish_state(deps, conversation)
    return conversation, token


def _moved_with(conversation: Conversation | None, token: str) -> TypeGuard[Conversation]:
    """The conversation was moved already by this claim (its token is the one the claim gives) and is open."""
    return (conversation is not None and conversation.channel == "rest"
            and conversation.state is not ConversationState.CLOSED and conversation.token_hash == hash_token(token))
