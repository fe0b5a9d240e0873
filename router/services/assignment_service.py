"""Automatic assignment inside an enhet: load the queue and the veiledere, let the domain pick, claim each row."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from router.adapters.db import unit_of_work
from router.adapters.models import ConversationRow, VeilederRow
from router.domain.access import Permission as StaffPermission
from router.domain.assignment import Needs, Presence, VeilederId, VeilederLoad, plan_assignments
from router.domain.conversation import ConversationState
from router.domain.language_policy import NORWEGIAN_PATH
from router.domain.queue import Priority, QueueEntry, order_queue
from router.domain.routing import Permission, UnknownTema, parse_tema
from router.services.deps import Deps

log = logging.getLogger(__name__)


def queue_entry(row: ConversationRow) -> QueueEntry:
    assert row.queued_at is not None
    return QueueEntry(
        conversation_id=row.id,
        queued_at=row.queued_at,
        priority=Priority(row.priority),
        enhetsnummer=row.enhetsnummer or "",
        veileder_id=str(row.own_veileder_id) if row.own_veileder_id else None,
        escalation_level=row.escalation_level,
    )


def needs_of(row: ConversationRow) -> Needs:
    """What a veileder must bring for this conversation: enhet, permissions, and the skills that help."""
    try:
        tema, temagruppe = parse_tema(row.tema)
    except UnknownTema:
        tema, temagruppe = None, None
    permissions: list[Permission] = []
    if row.diskresjonskode == "SPFO":
        permissions.append(Permission.FORTROLIG)
    if row.skjermet:
        permissions.append(Permission.SKJERMET)
    language = row.interpreter_language or row.language
    return Needs(
        enhetsnummer=row.enhetsnummer or "",
        language=None if language in NORWEGIAN_PATH or language is None else language,
        tema=tema.value if tema else None,
        temagruppe=temagruppe.value if temagruppe else None,
        own_veileder=VeilederId(str(row.own_veileder_id)) if row.own_veileder_id else None,
        requires_permissions=tuple(permissions),
    )


def veileder_load(row: VeilederRow, open_chats: int) -> VeilederLoad:
    return VeilederLoad(
        veileder_id=VeilederId(str(row.id)),
        enhetsnummer=row.enhetsnummer,
        presence=Presence(row.presence),
        open_chats=open_chats,
        capacity=row.capacity,
        languages=frozenset(row.languages or []),
        temaer=frozenset(row.temaer or []),
        may_see_fortrolig=StaffPermission.FORTROLIG.value in (row.permissions or []),
        may_see_skjermet=StaffPermission.SKJERMET.value in (row.permissions or []),
        idle_since=row.idle_since,
    )


async def load_veiledere(session: AsyncSession, enhetsnummer: str) -> list[VeilederLoad]:
    open_counts = (
        select(ConversationRow.veileder_id, func.count().label("open_chats"))
        .where(ConversationRow.state == ConversationState.ASSIGNED.value)
        .group_by(ConversationRow.veileder_id)
        .subquery()
    )
    query = (
        select(VeilederRow, func.coalesce(open_counts.c.open_chats, 0))
        .outerjoin(open_counts, open_counts.c.veileder_id == VeilederRow.id)
        .where(VeilederRow.enhetsnummer == enhetsnummer, VeilederRow.presence == Presence.ONLINE.value)
    )
    return [veileder_load(row, int(count)) for row, count in (await session.execute(query)).all()]


async def assign_waiting(deps: Deps, enhetsnummer: str) -> int:
    """Give the enhet's waiting conversations to its online veiledere, best first; returns how many."""
    from router.services.dispatch import assign_to

    now: datetime = deps.clock.now()
    async with unit_of_work(deps.sessions) as session:
        loads = await load_veiledere(session, enhetsnummer)
        if not any(v.has_capacity for v in loads):
            return 0
        rows = (
            await session.scalars(
                select(ConversationRow).where(
                    ConversationRow.state == ConversationState.QUEUED.value,
                    ConversationRow.enhetsnummer == enhetsnummer,
                )
            )
        ).all()
    by_id = {row.id: row for row in rows}
    ordered = [(entry.conversation_id, needs_of(by_id[entry.conversation_id]))
               for entry in order_queue([queue_entry(r) for r in rows], now)]
    plan = plan_assignments(ordered, loads, now)
    assigned = 0
    for assignment in plan.assignments:
        if await assign_to(deps, assignment.conversation_id, int(assignment.veileder_id), actor="router",
                           reason="automatisk tildelt"):
            assigned += 1
    if assigned:
        log.info("assignment.assigned enhet=%s count=%d", enhetsnummer, assigned)
    return assigned
