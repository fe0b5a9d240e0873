"""SLA sweep and escalation (alternate enhet, kontaktsenter, supervisor alert)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from router.domain.assignment import Presence, may_see
from router.domain.conversation import Conversation
from router.domain.events import DomainEvent
from router.domain.queue import BreachAction, Priority
from router.ports.store import UnitOfWork
from router.services import assignment, waiting
from router.services.deps import Deps
from router.services.notify import event_scope, publish_message, publish_state

log = logging.getLogger(__name__)


async def _on_duty(uow: UnitOfWork, conversation: Conversation, targets: Iterable[str | None]) -> set[str]:
    """The escalation targets where a veileder who may take this conversation is online now (queue.decide_breach)."""
    needs = assignment.needs_of(conversation)
    return {target for target in {t for t in targets if t}
            if any(may_see(load, needs) for load in await uow.veiledere.loads(target, presence=Presence.ONLINE))}


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
            on_duty = await _on_duty(uow, conversation, (conversation.alternate_enhetsnummer, kontaktsenter))
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
