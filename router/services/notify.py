"""What the router tells its live clients after a commit: messages and state changes, scoped for need-to-know."""

from __future__ import annotations

from typing import Any

from router.domain import staff_labels
from router.domain.access import has_needed_permissions, may_see
from router.domain.conversation import Conversation, ConversationState
from router.domain.messages import Message
from router.domain.opening_hours import staffing
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
        # Staff see a conversation only once a human was asked for (need to know): its state changes from then on
        # (a card leaves the queue when she goes back to the bot), what is said only while it is for staff.
        "handed_off": conversation.handed_off,
        "for_staff": conversation.is_for_staff,
    }


async def publish_message(deps: Deps, conversation: Conversation, message: Message) -> None:
    await deps.publish({
        "type": "message",
        **event_scope(conversation),
        "state": conversation.state.value,
        "message_user": views.message_for_user(message, conversation),
        "message_staff": views.message_for_staff(message),
    })


async def publish_message_updated(deps: Deps, conversation: Conversation, message: Message) -> None:
    """A stored message changed (translated, or found to be in another language): to staff, and to the bruker, whose
    own message was echoed in the chat's language before its turn read it (an English message in an nb-NO browser
    kept lang="nb" until a reload; WCAG 3.1.2)."""
    await deps.publish({"type": "message_updated", **event_scope(conversation),
                        "message_user": views.message_for_user(message, conversation),
                        "message_staff": views.message_for_staff(message)})


def user_view(deps: Deps, conversation: Conversation) -> dict[str, Any]:
    """The bruker's view of ``conversation`` now: with, while it waits, whether its queue's chat is staffed."""
    if conversation.state is not ConversationState.QUEUED:
        return views.conversation_for_user(conversation)
    hours = deps.routing.opening_hours(conversation.enhetsnummer or "")
    return views.conversation_for_user(conversation, staffed=staffing(hours, deps.clock.now()))


async def publish_state(deps: Deps, conversation: Conversation) -> None:
    await deps.publish({
        "type": "state",
        **event_scope(conversation),
        "state": conversation.state.value,
        "conversation_user": user_view(deps, conversation),
        "conversation_staff": views.conversation_in_list(conversation),
    })


async def publish_history(deps: Deps, conversation: Conversation, event: dict[str, Any]) -> None:
    """A history row staff see as it is written (an internal note): to staff only, never to the bruker."""
    await deps.publish({"type": "history", **event_scope(conversation), "event": event})


async def publish_messages(deps: Deps, conversation: Conversation, messages: list[Message]) -> None:
    for message in messages:
        await publish_message(deps, conversation, message)


async def publish_withdrawn(deps: Deps, conversation: Conversation, veileder_id: int, *, by: str | None,
                            why: str | None = None, to_veileder: str | None = None, note: str | None = None) -> None:
    """The veileder who had the conversation is told it was moved away, by whom, where and why (``text_nb``);
    where only when they hold every permission the conversation now needs (they may not see it any more: it moved
    to a kode 6 office after the bruker logged in); the move's note only when they still see the chat (moved to a
    colleague of their enhet): a note for another office is about the bruker ("gjeld 40 000"), and she no longer
    helps her (probe 165)."""
    async with deps.uow() as uow:
        veileder = await uow.veiledere.get(veileder_id)
    staff = veileder.as_staff_user() if veileder is not None else None
    may_know = staff is not None and has_needed_permissions(staff, conversation.scope)
    still_sees = staff is not None and may_see(staff, conversation.scope)
    enhet = conversation.enhetsnummer
    text = staff_labels.withdrawn_text(
        by=by, why=why, to_veileder=to_veileder if may_know else None, note=note if still_sees else None,
        to_enhet=staff_labels.enhet_label(enhet, deps.routing.enhet_navn(enhet)) if may_know and enhet else None)
    await deps.publish({"type": "withdrawn", "conversation_id": conversation.id, "veileder_id": veileder_id,
                        "by": by, "text_nb": text})
