"""The STARTED counter's flag (Conversation.began) on PostgreSQL: two transactions that both loaded a conversation
not yet begun, each with a first bruker message, count it once. The flag was written back as it was set in memory
(f531069), so both commits counted a start; now the commit that sets it is the one whose conditional UPDATE
(``... WHERE NOT began``) changed the row, and the other, waiting on that row, finds it begun."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from router.domain.conversation import Conversation
from router.domain.messages import Message
from router.domain.queue_figures import Happened
from router.ports import tallies
from router.ports.store import UnitOfWorkFactory
from tests.integration.scaled import test_postgres_claims
from tests.integration.test_store import NOW

pytestmark = [pytest.mark.postgres]

store = test_postgres_claims.store  # the fixture: a fresh migrated database per test


def _started() -> int:
    return sum(tallies.counted(Happened.STARTED).values())


async def _first_message(store: UnitOfWorkFactory, conversation_id: str, n: int, both_wrote: asyncio.Barrier) -> None:
    """One transaction: the bruker's message, loaded and stored as neither of the two saw the other's."""
    async with store() as uow:
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None and not conversation.began
        conversation.receive_user_message(NOW + timedelta(seconds=n))
        await uow.messages.add(Message(conversation_id, "user", f"hei {n}", None, NOW, client_msg_id=f"m{n}"))
        await both_wrote.wait()  # both loaded it not begun and wrote before either commits


async def test_two_first_messages_at_once_begin_the_chat_once(store: UnitOfWorkFactory) -> None:
    for round_ in range(5):
        conversation_id = f"c{round_}"
        async with store() as uow:
            await uow.conversations.add(Conversation(id=conversation_id, token_hash="h", created_at=NOW,
                                                     updated_at=NOW))
        before = _started()
        both_wrote = asyncio.Barrier(2)
        await asyncio.gather(_first_message(store, conversation_id, 1, both_wrote),
                             _first_message(store, conversation_id, 2, both_wrote))
        assert _started() == before + 1, f"round {round_}: counted {_started() - before} starts"
        async with store() as uow:
            loaded = await uow.conversations.get(conversation_id)
            assert loaded is not None and loaded.began
            assert len(await uow.messages.list(conversation_id)) == 2, "both messages are kept"
