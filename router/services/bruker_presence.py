"""Whether the bruker's chat page is still there, while the chat waits for a veileder or has one.

A veileder should not keep writing to nobody, and should be able to end the chat with a fitting outcome ("Brukeren
forlot samtalen"); and a chat whose bruker has gone should not take a veileder's place while brukere who are there
wait (a probe's veileder got three dead chats while two nødhjelp brukere waited). The WebSocket hub
(router/web/ws.py) sees every socket of a bruker close (a widget that polls instead counts as a page while it
polls); when none is back within its grace period, ``bruker_left`` records it, and a page opened later records
``bruker_back``. Both are history rows, not messages: the veileder's
screen and every later reader of the transcript see them, the bruker does not (nothing is said to someone who has
gone), and a console opened later still shows it. Each is pushed as ``bruker_presence`` to the veileder's console
at once, and, for a waiting chat, to every console that may see it in the queue.

A waiting chat whose bruker is gone (router/domain/bruker_presence.py) keeps its place but is given to nobody
automatically (services/assignment.py); a veileder may still take it by hand (a logged-in bruker reads the answer
when they log in again), or close it. When the bruker comes back, assignment runs for its queue at once.
"""

from __future__ import annotations

import logging
from datetime import datetime

from router.domain.bruker_presence import BACK, LEFT
from router.domain.conversation import Conversation, ConversationState
from router.domain.events import Noted
from router.domain.opening_hours import OSLO
from router.ports.store import UnitOfWork
from router.services import assignment, views
from router.services.deps import Deps
from router.services.notify import event_scope

log = logging.getLogger(__name__)

__all__ = ["BACK", "LEFT", "bruker_back", "bruker_left", "chats_to_look_after"]

# The states in which somebody waits on the bruker (a veileder, or the queue): presence is known for these.
WATCHED = (ConversationState.QUEUED, ConversationState.ASSIGNED)


async def _last_said(uow: UnitOfWork, conversation_id: str) -> str | None:
    """The last of LEFT and BACK in the history, or None."""
    said = [record.kind for record in await uow.history.list(conversation_id) if record.kind in (LEFT, BACK)]
    return said[-1] if said else None


async def bruker_left(deps: Deps, conversation_id: str, *, grace_s: float, since: datetime | None = None) -> bool:
    """Every page of the bruker closed and none came back within ``grace_s`` (or a veileder took the chat while
    none was open): recorded while the chat waits for or has a veileder (once: a second router finding the same says
    nothing more). ``since``: when her last page was last seen, when known; the row keeps it (``data.since``), and
    the console says "Brukeren har ikke vært tilkoblet siden …" from it. Whether it was recorded now."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        if conversation is None or conversation.state not in WATCHED \
                or await _last_said(uow, conversation_id) == LEFT:
            return False
        if since is not None and since <= now:
            record = Noted(conversation_id, LEFT, "router", f"ingen forbindelse fra brukerens side siden "
                           f"{since.astimezone(OSLO):%H:%M}", now, {"since": since.isoformat()})
        else:
            record = Noted(conversation_id, LEFT, "router", f"ingen forbindelse fra brukerens side på {grace_s:g} s",
                           now)
        uow.history.record(record)
    log.info("presence.bruker_left conversation=%s state=%s", conversation_id, conversation.state.value)
    await _publish(deps, conversation, record, present=False)
    return True


async def bruker_back(deps: Deps, conversation_id: str) -> bool:
    """A page of the bruker opened the chat again after ``bruker_left``: recorded, and the consoles told. A waiting
    chat is back among those given out, at the place it kept: its queue's assignment runs."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        if conversation is None or conversation.state in (ConversationState.BOT, ConversationState.CLOSED) \
                or await _last_said(uow, conversation_id) != LEFT:
            return False
        record = Noted(conversation.id, BACK, "bruker", "brukeren åpnet chatten igjen", now)
        uow.history.record(record)
    log.info("presence.bruker_back conversation=%s state=%s", conversation.id, conversation.state.value)
    await _publish(deps, conversation, record, present=True)
    if conversation.state is ConversationState.QUEUED and conversation.enhetsnummer:
        await assignment.assign_waiting(deps, conversation.enhetsnummer)
    return True


async def chats_to_look_after(deps: Deps) -> list[str]:
    """The conversations whose bruker someone waits on (in the queue, or with a veileder) and is not known to have
    gone: those a router that starts must look after, since it cannot know which of their pages were open before it
    (re)started."""
    async with deps.uow() as uow:
        watched = [c.id for c in await uow.conversations.queued()] + await uow.conversations.assigned_ids()
        gone = await uow.conversations.bruker_gone(watched)
    return [conversation_id for conversation_id in watched if conversation_id not in gone]


async def _publish(deps: Deps, conversation: Conversation, record: Noted, *, present: bool) -> None:
    await deps.publish({"type": "bruker_presence", **event_scope(conversation), "state": conversation.state.value,
                        "present": present, "event": views.event_for_staff(record)})
