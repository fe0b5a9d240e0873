"""Transcript retention: delete the messages of conversations closed longer ago than the retention period.

The conversation row (state, enhet, times) and its events stay for statistics; the audit log stays as it is.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update

from router.adapters.db import unit_of_work
from router.adapters.models import ConversationRow, MessageRow
from router.services.deps import Deps

DEFAULT_RETENTION_DAYS = 90


async def purge_transcripts(deps: Deps, retention_days: int = DEFAULT_RETENTION_DAYS) -> int:
    """Returns how many conversations lost their transcript."""
    cutoff = deps.clock.now() - timedelta(days=retention_days)
    async with unit_of_work(deps.sessions) as session:
        ids = list((await session.scalars(
            select(ConversationRow.id).where(ConversationRow.closed_at.is_not(None), ConversationRow.closed_at < cutoff)
        )).all())
        if ids:
            await session.execute(delete(MessageRow).where(MessageRow.conversation_id.in_(ids)))
            await session.execute(
                update(ConversationRow).where(ConversationRow.id.in_(ids)).values(bot_summary={}, bot_slots={})
            )
    return len(ids)
