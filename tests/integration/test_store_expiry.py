"""Probe 108 (#5), the SQL store: the chats that may expire are those waiting for or with a veileder whose last
activity is old enough (router/domain/expiry.py), never one with the bot or closed."""

from __future__ import annotations

from datetime import timedelta

from router.domain.conversation import Conversation, ConversationState
from router.ports.store import UnitOfWorkFactory
from tests.integration import test_store
from tests.integration.test_store import NOW

store = test_store.store  # the same SQLite store fixture


async def test_untouched_waiting_finds_old_queued_and_assigned_chats_only(store: UnitOfWorkFactory) -> None:
    def chat(conversation_id: str, state: ConversationState, hours_ago: float) -> Conversation:
        at = NOW - timedelta(hours=hours_ago)
        return Conversation(id=conversation_id, token_hash="x", created_at=at, updated_at=at, state=state)

    async with store() as uow:
        for conversation in (chat("old_queued", ConversationState.QUEUED, 30),
                             chat("old_assigned", ConversationState.ASSIGNED, 25),
                             chat("fresh_queued", ConversationState.QUEUED, 2),
                             chat("old_bot", ConversationState.BOT, 30),
                             chat("old_closed", ConversationState.CLOSED, 30)):
            await uow.conversations.add(conversation)
    async with store() as uow:
        found = await uow.conversations.untouched_waiting(NOW - timedelta(hours=24))
    assert sorted(found) == ["old_assigned", "old_queued"]
