"""The SQL store's answer to "whose bruker has gone" (ports/store.py bruker_gone), against a real SQLite file (and
the same scenarios on PostgreSQL: tests/integration/scaled/test_postgres_bruker_gone.py)."""

from __future__ import annotations

from datetime import timedelta

from router.domain.bruker_presence import BACK, LEFT
from router.domain.events import Noted
from router.domain.messages import Message
from router.ports.store import UnitOfWorkFactory
from tests.integration import test_store
from tests.integration.test_store import NOW, queued

store = test_store.store  # the same SQLite store fixture


async def note(store: UnitOfWorkFactory, conversation_id: str, kind: str, minutes: int) -> None:
    async with store() as uow:
        uow.history.record(Noted(conversation_id, kind, "router", "test", NOW + timedelta(minutes=minutes)))


async def the_last_word_on_the_page_decides_and_a_message_since_means_there(store: UnitOfWorkFactory) -> None:
    for conversation_id in ("never", "gone", "back", "gone_again", "wrote"):
        await queued(store, conversation_id)
    await note(store, "gone", LEFT, 1)
    await note(store, "back", LEFT, 1)
    await note(store, "back", BACK, 2)
    await note(store, "gone_again", LEFT, 1)
    await note(store, "gone_again", BACK, 2)
    await note(store, "gone_again", LEFT, 3)
    await note(store, "wrote", LEFT, 1)
    async with store() as uow:
        await uow.messages.add(Message("wrote", "user", "hallo?", "nb", NOW + timedelta(minutes=2)))
        await uow.messages.add(Message("gone", "user", "før", "nb", NOW))  # written before it left
    async with store() as uow:
        gone = await uow.conversations.bruker_gone(["never", "gone", "back", "gone_again", "wrote", "unknown"])
    assert gone == {"gone": NOW + timedelta(minutes=1), "gone_again": NOW + timedelta(minutes=3)}


async def a_list_longer_than_one_statement_s_is_asked_whole(store: UnitOfWorkFactory) -> None:
    ids = [f"c{i}" for i in range(1_203)]
    for conversation_id in ids:
        await queued(store, conversation_id)
    await note(store, "c0", LEFT, 1)
    await note(store, "c1202", LEFT, 1)
    async with store() as uow:
        assert set(await uow.conversations.bruker_gone(ids)) == {"c0", "c1202"}
        assert await uow.conversations.bruker_gone([]) == {}


async def test_the_last_word_on_the_page_decides_and_a_message_since_means_there(store: UnitOfWorkFactory) -> None:
    await the_last_word_on_the_page_decides_and_a_message_since_means_there(store)


async def test_a_list_longer_than_one_statement_s_is_asked_whole(store: UnitOfWorkFactory) -> None:
    await a_list_longer_than_one_statement_s_is_asked_whole(store)
