"""What a waiting bruker is told about the wait: the live state of their queue, rendered in their language."""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import median

from router.domain.access import required_permissions
from router.domain.assignment import Presence
from router.domain.conversation import Conversation, ConversationState
from router.domain.messages import Message
from router.domain.queue import Priority, order_queue
from router.domain.wait_promise import LiveQueue, WaitKind, WaitPromise, wait_promise
from router.ports.routing import RoutingPolicy
from router.ports.store import UnitOfWork
from router.texts import fixed_text
from router.texts.formatting import clock, day_and_time, number

# Answers older than this say little about how fast the enhet answers now.
RECENT_ANSWERS = timedelta(hours=2)


async def waiting_ahead(uow: UnitOfWork, conversation: Conversation, now: datetime) -> int:
    """How many conversations the queue order puts before this one at its enhet (it counts itself as waiting,
    whether or not its new place is stored yet)."""
    others = [c.queue_entry() for c in await uow.conversations.queued(conversation.enhetsnummer or "")
              if c.id != conversation.id]
    waiting = order_queue([*others, conversation.queue_entry()], now)
    return next(i for i, entry in enumerate(waiting) if entry.conversation_id == conversation.id)


async def live_queue(uow: UnitOfWork, conversation: Conversation, now: datetime) -> LiveQueue:
    """Who may take this conversation is online now, how many wait before it, how fast the enhet answered lately."""
    enhet = conversation.enhetsnummer or ""
    needed = required_permissions(conversation.diskresjonskode, conversation.skjermet)
    able = [v for v in await uow.veiledere.loads(enhet, presence=Presence.ONLINE) if needed <= v.permissions]
    ahead = await waiting_ahead(uow, conversation, now)
    waits = await uow.conversations.first_answer_waits(enhet, now - RECENT_ANSWERS)
    recent = median(w.total_seconds() / 60 for w in waits) if waits else None
    return LiveQueue(online=len(able), free_slots=sum(max(0, v.capacity - v.open_chats) for v in able),
                     ahead=ahead, recent_first_answer_minutes=recent)


async def promise_for(uow: UnitOfWork, routing: RoutingPolicy, conversation: Conversation,
                      now: datetime) -> WaitPromise:
    return wait_promise(routing.opening_hours(conversation.enhetsnummer or ""),
                        await live_queue(uow, conversation, now), now)


def wait_texts(conversation: Conversation, promise: WaitPromise) -> list[str]:
    """The wait as it is, in the bruker's language; the emergency contacts whenever nobody can answer soon."""
    language = conversation.language
    enhet = conversation.enhet_navn or ""
    texts: list[str] = []
    if promise.kind is WaitKind.SOON:
        texts.append(fixed_text("wait_estimate", language, minutes=number(promise.minutes or 0, language)))
    elif promise.kind is WaitKind.NOBODY_ONLINE or promise.opens is None:
        texts.append(fixed_text("wait_nobody_online", language, enhet=enhet))
    elif promise.kind is WaitKind.PAST_CLOSING:
        texts.append(fixed_text("wait_past_closing", language, enhet=enhet,
                                closes=clock(promise.closes, language) if promise.closes else "",
                                opens=day_and_time(promise.opens, language)))
    else:
        texts.append(fixed_text("outside_hours", language, when=day_and_time(promise.opens, language)))
    if conversation.priority == Priority.EMERGENCY.value or not promise.answers_soon:
        texts.append(fixed_text("emergency_contacts", language))
    return texts



async def with_the_wait(uow: UnitOfWork, routing: RoutingPolicy, conversation: Conversation, now: datetime,
                        opening: str) -> str:
    """``opening`` and then what the conversation's queue lets us promise now, in the bruker's language."""
    promise = await promise_for(uow, routing, conversation, now)
    return " ".join([opening, *wait_texts(conversation, promise)])


async def moved_notice_with_wait(uow: UnitOfWork, routing: RoutingPolicy, conversation: Conversation,
                                 now: datetime) -> Message:
    """"Your conversation has moved to <enhet>", and, while it waits there, what that queue lets us promise (as on
    entering a queue): a move to an office that is closed, or where nobody may take it now (kode 6 to Vikafossen
    on a Friday night), is not told as if the wait went on as before."""
    moved = fixed_text("conversation_moved", conversation.language, enhet=conversation.enhet_navn or "")
    if conversation.state is ConversationState.QUEUED:
        moved = await with_the_wait(uow, routing, conversation, now, moved)
    return Message(conversation.id, "system", moved, conversation.language or "nb", now)
