"""Retention, as a scheduled job: abandoned conversations are closed, closed ones deleted after the period.

NAV deletes unauthenticated chats after two days (Settings.retention_days). Deleted are the messages, their bot
turns, what the bot learned (summary, slots) and the bot's own tracker; the conversation row (state, enhet, times)
and its event history stay for statistics, and the audit log stays as it is.
"""

from __future__ import annotations

from datetime import timedelta

from router.domain.conversation import ConversationState
from router.services.deps import Deps
from router.services.notify import publish_state

ABANDONED = "bruker_forlot"


async def close_abandoned(deps: Deps) -> int:
    """Close the conversations only the bot had and nobody wrote in for Settings.abandoned_after_minutes."""
    now = deps.clock.now()
    idle = timedelta(minutes=deps.settings.abandoned_after_minutes)
    async with deps.uow() as uow:
        candidates = await uow.conversations.idle_with_bot(now - idle)
    closed = 0
    for conversation_id in candidates:
        async with deps.uow() as uow:
            conversation = await uow.conversations.get(conversation_id, for_update=True)
            if conversation is None or not conversation.is_abandoned(now, idle):
                continue
            conversation.close(ABANDONED, actor="router", now=now)
        closed += 1
        if conversation.state is ConversationState.CLOSED:
            await publish_state(deps, conversation)
    return closed


async def purge_transcripts(deps: Deps, retention_days: float | None = None) -> int:
    """Delete what was said in conversations closed longer ago than the retention period; returns how many."""
    days = deps.settings.retention_days if retention_days is None else retention_days
    now = deps.clock.now()
    async with deps.uow() as uow:
        ids = await uow.conversations.purgeable(now - timedelta(days=days))
        if ids:
            await uow.messages.delete_for(ids)
            for conversation_id in ids:
                conversation = await uow.conversations.get(conversation_id)
                assert conversation is not None
                conversation.forget_transcript(now)
    if ids and deps.bot_memory is not None:
        await deps.bot_memory.forget(ids)
    return len(ids)


async def run(deps: Deps) -> tuple[int, int]:
    """One round of the scheduled job: (closed as abandoned, purged)."""
    return await close_abandoned(deps), await purge_transcripts(deps)
