"""What the router tells its live clients after a commit: messages and state changes, scoped for need-to-know."""

from __future__ import annotations

from typing import Any

from router.domain.conversation import Conversation
from router.domain.messages import Message
from router.services import views
from router.services.deps import Deps


def event_scope(conversation: Conversation) -> dict[str, Any]:
    """Who may receive an event about this conversation (checked by each WebSocket hub)."""
    return {
        "conversation_id": conversation.id,
        "enhetsnummer": conversation.enhetsnummer,
        "diskresjonskode": conversation.diskresjonskode,
        "skjermet": conversation.skjermet,
        "veileder_id": conversation.veileder_id,
        "channel": conversation.channel,
        "external_session_id": conversation.external_session_id,
        # Staff see a conversation only once a human was asked for (need to know).
        "handed_off": conversation.handed_off,
    }


async def publish_message(deps: Deps, conversation: Conversation, message: Message) -> None:
    await deps.publish({
        "type": "message",
        **event_scope(conversation),
        "state": conversation.state.value,
        "message_user": views.message_for_user(message),
        "message_staff": views.message_for_staff(message),
    })


async def publish_message_updated(deps: Deps, conversation: Conversation, message: Message) -> None:
    await deps.publish({"type": "message_updated", **event_scope(conversation),
                        "message_staff": views.message_for_staff(message)})


async def publish_state(deps: Deps, conversation: Conversation) -> None:
    await deps.publish({
        "type": "state",
        **event_scope(conversation),
        "state": conversation.state.value,
        "conversation_user": views.conversation_for_user(conversation),
        "conversation_staff": views.conversation_in_list(conversation),
    })


async def publish_messages(deps: Deps, conversation: Conversation, messages: list[Message]) -> None:
    for message in messages:
        await publish_message(deps, conversation, message)


async def publish_withdrawn(deps: Deps, conversation_id: str, veileder_id: int, by: str | None) -> None:
    """The veileder who had the conversation is told it was moved away (they may not see it any more)."""
    await deps.publish({"type": "withdrawn", "conversation_id": conversation_id, "veileder_id": veileder_id,
                        "by": by})
