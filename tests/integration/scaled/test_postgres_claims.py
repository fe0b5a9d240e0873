"""The atomic claim on PostgreSQL: two transactions at once never fill a veileder's last place twice, whether the
use case locked the veileder first (assignment.assign_to, dispatch.take) or the claim locks it itself."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from router.adapters.db import create_engine, migrate
from router.adapters.store import unit_of_work_factory
from router.domain.errors import NotAllowed
from router.domain.veileder import Veileder
from router.ports.store import ConcurrentChange, UnitOfWorkFactory
from tests.integration.test_store import NOW, queued, veileder
from tests.integration.test_store import (
    test_a_dead_routers_leases_end_at_once_and_waiting_turns_are_listed as dead_routers_leases_end,
)

pytestmark = [pytest.mark.postgres]


@pytest.fixture
async def store(postgres_url: str) -> AsyncIterator[UnitOfWorkFactory]:
    engine = create_engine(postgres_url)
    await migrate(engine)
    yield unit_of_work_factory(engine)
    await engine.dispose()


async def _claim(store: UnitOfWorkFactory, conversation_id: str, kari: Veileder, both_read: asyncio.Barrier, *,
                 lock_first: bool) -> bool:
    """One transaction's claim of ``conversation_id`` for Kari; True when it won."""
    try:
        async with store() as uow:
            conversation = await uow.conversations.get(conversation_id)
            assert conversation is not None
            if lock_first:
                locked = await uow.veiledere.get(kari.id, for_update=True)
                assert locked is not None
                load = locked.load(await uow.veiledere.open_chats(kari.id))
            else:
                load = kari.load(open_chats=await uow.veiledere.open_chats(kari.id))
                await both_read.wait()  # both counted 0 open chats before either claims
            conversation.assign(load, fornavn="Kari", actor="test", reason="test", now=NOW)
            await uow.conversations.claim(conversation, load)
        return True
    except (ConcurrentChange, NotAllowed):
        return False


@pytest.mark.parametrize("lock_first", [True, False], ids=["locked-by-the-use-case", "locked-by-the-claim"])
async def test_two_transactions_at_once_never_fill_the_last_place_twice(store: UnitOfWorkFactory,
                                                                        lock_first: bool) -> None:
    kari = await veileder(store, capacity=1)
    for round_ in range(5):
        await queued(store, f"a{round_}")
        await queued(store, f"b{round_}")
        both_read = asyncio.Barrier(2)
        won = await asyncio.gather(_claim(store, f"a{round_}", kari, both_read, lock_first=lock_first),
                                   _claim(store, f"b{round_}", kari, both_read, lock_first=lock_first))
        assert sum(won) == (1 if round_ == 0 else 0), f"round {round_}: {won}"
        async with store() as uow:
            assert await uow.veiledere.open_chats(kari.id) == 1


async def test_a_dead_routers_leases_end_at_once_on_postgresql(store: UnitOfWorkFactory) -> None:
    await dead_routers_leases_end(store)
