"""SLA sweep and escalation (alternate enhet, kontaktsenter, supervisor alert)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from router.domain.conversation import Conversation, ConversationState
from router.domain.events import DomainEvent
from router.domain.messages import Message
from router.domain.opening_hours import is_open
from router.domain.queue import BreachAction, Priority
from router.ports.store import UnitOfWork
from router.services import assignment, waiting
from router.services.deps import Deps
from router.services.notify import event_scope, publish_message, publish_state

log = logging.getLogger(__name__)


async def _on_duty(deps: Deps, uow: UnitOfWork, conversation: Conversation, targets: Iterable[str | None],
                   now: datetime) -> set[str]:
    """The escalation targets where a veileder who may take this conversation is online now, with a console open
    (queue.decide_breach), counted as the queue notice counts them (waiting.able_to_take): for the kontaktsenter's
    queues, the staff of 4100 who answer them (counting only staff placed at the queue itself, the sweep found
    nobody there and never moved a conversation to the kontaktsenter)."""
    return {target for target in {t for t in targets if t}
            if await waiting.able_to_take(deps, uow, conversation, now, at=target)}


async def move_unattended_emergency(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime) -> bool:
    """An emergency just put in a queue where nobody online may take it during the chat's staffed hours goes at once,
    in the caller's unit of work, to the SLA ladder's next step where someone on duty may
    (queue.decide_unattended_emergency): a bruker in acute need at an office with no chat veileder online was told
    nobody could answer, and waited ten minutes for the sweep. True when it moved; where no step has anyone, it
    waits, and its deadline alerts a supervisor as ever."""
    if conversation.state is not ConversationState.QUEUED or conversation.priority != Priority.EMERGENCY.value:
        return False
    current = conversation.enhetsnummer or ""
    # Outside the chat's staffed hours nobody answers anywhere (her notice says when someone can): she keeps her
    # own office for the morning, whoever happens to be online (a Sunday night's move left her at the kontaktsenter).
    if not is_open(deps.routing.opening_hours(current), now) or await _on_duty(deps, uow, conversation, [current], now):
        return False
    kontaktsenter = deps.routing.kontaktsenter_for(current)
    on_duty = await _on_duty(deps, uow, conversation, (conversation.alternate_enhetsnummer, kontaktsenter), now)
    decision = conversation.unattended_emergency_decision(kontaktsenter_enhetsnummer=kontaktsenter, on_duty=on_duty)
    if decision.target_enhetsnummer is None:
        return False
    placement = deps.routing.placement_at(decision.target_enhetsnummer, tema=conversation.tema,
                                          priority=Priority.EMERGENCY, now=now)
    conversation.escalate(decision, placement, now=now, unattended=True)
    log.warning("emergency.moved_unattended conversation=%s from=%s to=%s", conversation.id, current,
                decision.target_enhetsnummer)
    return True


async def move_unattended_and_tell(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime, *,
                                   reply_to: int | None = None) -> Message | None:
    """move_unattended_emergency, and where it moved, the bruker's notice of where she waits now and the wait there,
    stored in the caller's unit of work (the caller publishes it); ``reply_to``: the message it answers."""
    if not await move_unattended_emergency(deps, uow, conversation, now):
        return None
    notice = await waiting.moved_notice_with_wait(deps, uow, conversation, now)
    notice.reply_to = reply_to
    return await uow.messages.add(notice)


async def move_unattended_emergencies(deps: Deps) -> int:
    """Every emergency waiting where nobody online may take it now moves on (move_unattended_emergency), each
    bruker told where she waits now; on the SLA sweep's timer and at once when a veileder stops being available.
    An emergency the safety net raised in a queue, or whose office's only veileder went offline, waited out its
    ten-minute deadline for nobody. How many moved."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        waiting_ids = await uow.conversations.queued_emergency_ids()
    moved = 0
    for conversation_id in waiting_ids:
        async with deps.uow() as uow:
            # Another router's sweep, or the conversation's own turn, may hold it: it is looked at again next time.
            conversation = await uow.conversations.get(conversation_id, for_update=True, skip_locked=True)
            if conversation is None:
                continue
            notice = await move_unattended_and_tell(deps, uow, conversation, now)
            if notice is None:
                continue
        moved += 1
        await publish_state(deps, conversation)
        await publish_message(deps, conversation, notice)
        await assignment.handle(deps, uow.committed_events)
    return moved


async def escalate_breaches(deps: Deps) -> int:
    """Move every waiting conversation past its SLA deadline one escalation step; alert supervisors."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        breached_ids = await uow.conversations.breached_ids(now)
    handled = 0
    events: list[DomainEvent] = []
    for conversation_id in breached_ids:
        async with deps.uow() as uow:
            # Another router's sweep may hold it: skip rather than escalate twice.
            conversation = await uow.conversations.get(conversation_id, for_update=True, skip_locked=True)
            if conversation is None:
                continue
            current = conversation.enhetsnummer or ""
            kontaktsenter = deps.routing.kontaktsenter_for(current)
            on_duty = await _on_duty(deps, uow, conversation, (conversation.alternate_enhetsnummer, kontaktsenter),
                                     now)
            decision = conversation.breach_decision(now, kontaktsenter_enhetsnummer=kontaktsenter, on_duty=on_duty)
            if decision.action is BreachAction.NONE:
                continue
            # The new place's rule gives the next deadline; an alert-only step gets one more period where it is.
            placement = deps.routing.placement_at(decision.target_enhetsnummer or current, tema=conversation.tema,
                                                  priority=Priority(conversation.priority), now=now)
            conversation.escalate(decision, placement, now=now)
            # The bruker is told when the conversation moves; an alert-only step changes nothing they see.
            moved = None
            if decision.target_enhetsnummer:
                moved = await uow.messages.add(await waiting.moved_notice_with_wait(deps, uow, conversation, now))
        handled += 1
        events.extend(uow.committed_events)
        log.warning("sla.breached conversation=%s action=%s", conversation.id, decision.action.value)
        await publish_state(deps, conversation)
        if moved is not None:
            await publish_message(deps, conversation, moved)
        await deps.publish({"type": "sla_breached", **event_scope(conversation), "veileder_id": None,
                            "action": decision.action.value, "reason": decision.reason})
    await assignment.handle(deps, events)
    return handled
