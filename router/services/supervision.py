"""SLA sweep and escalation (alternate enhet, kontaktsenter, supervisor alert)."""

from __future__ import annotations

import logging

from sqlalchemy import select

from router.adapters.db import unit_of_work
from router.adapters.models import ConversationRow
from router.domain.conversation import ConversationState, Transition, transition
from router.domain.queue import BreachAction, decide_breach
from router.services.assignment_service import queue_entry
from router.services.conversations import publish_state, record_event, record_state_change
from router.services.deps import Deps

log = logging.getLogger(__name__)


async def escalate_breaches(deps: Deps) -> int:
    """Move every waiting conversation past its SLA deadline one escalation step; alert supervisors."""
    now = deps.clock.now()
    async with unit_of_work(deps.sessions) as session:
        query = select(ConversationRow.id).where(
            ConversationRow.state == ConversationState.QUEUED.value,
            ConversationRow.sla_deadline.is_not(None),
            ConversationRow.sla_deadline <= now,
        )
        breached_ids = list((await session.scalars(query)).all())
    handled = 0
    targets: set[str] = set()
    for conversation_id in breached_ids:
        async with unit_of_work(deps.sessions) as session:
            query = select(ConversationRow).where(ConversationRow.id == conversation_id)
            if deps.is_postgres:
                # Another router's sweep may hold it: skip rather than escalate twice.
                query = query.with_for_update(skip_locked=True)
            row = (await session.scalars(query)).first()
            if row is None or row.state != ConversationState.QUEUED.value or row.sla_deadline is None \
                    or row.sla_deadline > now:
                continue
            decision = decide_breach(
                queue_entry(row), now, row.sla_deadline,
                alternate_enhetsnummer=row.alternate_enhetsnummer,
                kontaktsenter_enhetsnummer=deps.routing.kontaktsenter_for(row.enhetsnummer or ""),
            )
            if decision.action is BreachAction.NONE:
                continue
            data = {"from_enhetsnummer": row.enhetsnummer, "to_enhetsnummer": decision.target_enhetsnummer,
                    "escalation_level": decision.escalation_level, "action": decision.action.value}
            record_event(session, row.id, "sla_breached", actor="router", reason=decision.reason, now=now, data=data)
            if decision.target_enhetsnummer:
                change = transition(row.id, ConversationState.QUEUED, Transition.TRANSFER, actor="router",
                                    reason=decision.reason, now=now, data=data)
                record_state_change(session, row, change)
                row.enhetsnummer = decision.target_enhetsnummer
                row.enhet_navn = deps.routing.enhet_navn(decision.target_enhetsnummer)
                targets.add(decision.target_enhetsnummer)
            row.escalation_level = decision.escalation_level
            # A new deadline at the new place; an alert-only step waits one more SLA period before alerting again.
            row.sla_deadline = deps.routing.sla_deadline_at(row.enhetsnummer or "", row.tema, row.priority, now)
            handled += 1
        log.warning("sla.breached conversation=%s action=%s", row.id, decision.action.value)
        await publish_state(deps, row)
        await deps.publish({"type": "sla_breached", "conversation_id": row.id, "enhetsnummer": row.enhetsnummer,
                            "diskresjonskode": row.diskresjonskode, "skjermet": row.skjermet,
                            "veileder_id": None, "action": decision.action.value, "reason": decision.reason})
    from router.services.assignment_service import assign_waiting

    for enhetsnummer in targets:
        await assign_waiting(deps, enhetsnummer)
    return handled
