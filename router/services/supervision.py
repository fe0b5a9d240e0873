"""SLA sweep and escalation (alternate enhet, kontaktsenter, supervisor alert)."""

from __future__ import annotations

import logging

from router.domain.events import DomainEvent
from router.domain.queue import BreachAction, Priority
from router.services import assignment, waiting
from router.services.deps import Deps
from router.services.notify import event_scope, publish_message, publish_state

log = logging.getLogger(__name__)


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
            decision = conversation.breach_decision(now, kontaktsenter_enhetsnummer=deps.routing.kontaktsenter_for(current))
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
