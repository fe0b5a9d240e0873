"""Whether the bruker's chat page is still there, for the veileder who has the conversation.

A veileder should not keep writing to nobody, and should be able to end the chat with a fitting outcome ("Brukeren
forlot samtalen"). The WebSocket hub (router/web/ws.py) sees every socket of a bruker close; when none is back
within its grace period, ``bruker_left`` records it, and a socket opened later records ``bruker_back``. Both are
history rows, not messages: the veileder's screen and every later reader of the transcript see them, the bruker
does not (nothing is said to someone who has gone), and a console opened later still shows it. Each is pushed as
``bruker_presence`` to the veileder's console at once.
"""

from __future__ import annotations

import logging

from router.domain.conversation import Conversation, ConversationState
from router.domain.events import Noted
from router.ports.store import UnitOfWork
from router.services import views
from router.services.deps import Deps
from router.services.notify import event_scope

log = logging.getLogger(__name__)

LEFT = "bruker_left"
BACK = "bruker_back"


async def _last_said(uow: UnitOfWork, conversation_id: str) -> str | None:
    """The last of LEFT and BACK in the history, or None."""
    said = [record.kind for record in await uow.history.list(conversation_id) if record.kind in (LEFT, BACK)]
    return said[-1] if said else None


async def bruker_left(deps: Deps, conversation_id: str, *, grace_s: float) -> bool:
    """Every page of the bruker closed and none came back within ``grace_s``: recorded while a veileder has the
    chat (once: a second router finding the same says nothing more). Whether it was recorded now."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        if conversation is None or conversation.state is not ConversationState.ASSIGNED \
                or await _last_said(uow, conversation_id) == LEFT:
            return False
        record = Noted(conversation_id, LEFT, "router", f"ingen forbindelse fra brukerens side på {grace_s:g} s", now)
        uow.history.record(record)
    log.info("presence.bruker_left conversation=%s", conversation_id)
    await _publish(deps, conversation, record, present=False)
    return True


async def bruker_back(deps: Deps, conversation_id: str) -> bool:
    """A page of the bruker opened the chat again after ``bruker_left``: recorded, and the console told."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        if conversation is None or conversation.state in (ConversationState.BOT, ConversationState.CLOSED) \
                or await _last_said(uow, conversation_id) != LEFT:
            return False
        record = Noted(conversation.id, BACK, "bruker", "brukeren åpnet chatten igjen", now)
        uow.history.record(record)
    log.info("presence.bruker_back conversation=%s", conversation.id)
    await _publish(deps, conversation, record, present=True)
    return True


async def chats_with_a_veileder(deps: Deps) -> list[str]:
    """The conversations whose bruker a veileder is waiting on: those a router that starts must look after, since
    it cannot know which of their pages were open before it (re)started."""
    async with deps.uow() as uow:
        return await uow.conversations.assigned_ids()


async def _publish(deps: Deps, conversation: Conversation, record: Noted, *, present: bool) -> None:
    await deps.publish({"type": "bruker_presence", **event_scope(conversation), "present": present,
                        "event": views.event_for_staff(record)})
