"""Transcript retention: delete the messages of conversations closed longer ago than the retention period.

The conversation row (state, enhet, times) and its events stay for statistics; the audit log stays as it is.
"""

from __future__ import annotations

from datetime import timedelta

from router.services.deps import Deps

DEFAULT_RETENTION_DAYS = 90


async def purge_transcripts(deps: Deps, retention_days: int = DEFAULT_RETENTION_DAYS) -> int:
    """Returns how many conversations lost their transcript."""
    cutoff = deps.clock.now() - timedelta(days=retention_days)
    async with deps.uow() as uow:
        ids = await uow.conversations.closed_before(cutoff)
        if ids:
            await uow.messages.delete_for(ids)
            for conversation_id in ids:
                conversation = await uow.conversations.get(conversation_id)
                assert conversation is not None
                conversation.forget_transcript()
    return len(ids)
