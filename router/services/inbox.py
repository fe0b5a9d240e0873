"""What staff see: the enhet's queue, their own conversations, one conversation in full (every read audited)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from router.adapters.db import unit_of_work
from router.adapters.models import ConversationEventRow, ConversationRow
from router.domain.access import Role, StaffUser, may_see
from router.domain.conversation import ConversationState
from router.domain.queue import order_queue
from router.services import views
from router.services.assignment_service import queue_entry
from router.services.conversations import list_messages
from router.services.deps import Deps
from router.services.dispatch import load_visible, scope_of
from router.services.staff import audit


async def queue_for(deps: Deps, staff: StaffUser) -> list[dict[str, Any]]:
    """The waiting conversations this staff member may see, in queue order."""
    query = select(ConversationRow).where(ConversationRow.state == ConversationState.QUEUED.value)
    if not (staff.has_role(Role.KONTAKTSENTER) or staff.has_role(Role.ADMIN)):
        query = query.where(ConversationRow.enhetsnummer == staff.enhetsnummer)
    async with unit_of_work(deps.sessions) as session:
        rows = {r.id: r for r in (await session.scalars(query)).all() if may_see(staff, scope_of(r))}
    # Queue order: nødhjelp first with a bounded head start, then FIFO by entry time (never by activity).
    ordered = order_queue([queue_entry(r) for r in rows.values()], deps.clock.now())
    return [views.conversation_for_staff(rows[e.conversation_id]) for e in ordered]


async def mine(deps: Deps, staff: StaffUser) -> list[dict[str, Any]]:
    query = (
        select(ConversationRow)
        .where(ConversationRow.veileder_id == staff.id, ConversationRow.state == ConversationState.ASSIGNED.value)
        .order_by(ConversationRow.assigned_at)
    )
    async with unit_of_work(deps.sessions) as session:
        rows = (await session.scalars(query)).all()
    return [views.conversation_for_staff(r) for r in rows]


async def conversation_detail(deps: Deps, staff: StaffUser, conversation_id: str) -> dict[str, Any]:
    """The whole conversation for a veileder: transcript with intents, slots, events. The read is audited."""
    async with unit_of_work(deps.sessions) as session:
        conversation = await load_visible(session, staff, conversation_id)
        messages = await list_messages(session, conversation_id)
        events = (
            await session.scalars(
                select(ConversationEventRow)
                .where(ConversationEventRow.conversation_id == conversation_id)
                .order_by(ConversationEventRow.id)
            )
        ).all()
        audit(session, staff, "read", conversation_id, deps.clock.now())
    return {
        "conversation": views.conversation_for_staff(conversation),
        "messages": [views.message_for_staff(m) for m in messages],
        "events": [views.event_for_staff(e) for e in events],
    }
