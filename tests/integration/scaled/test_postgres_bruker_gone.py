"""ports/store.py bruker_gone on PostgreSQL (the SQLite side: tests/integration/test_store_bruker_gone.py)."""

from __future__ import annotations

from router.ports.store import UnitOfWorkFactory
from tests.integration.scaled import test_postgres_claims
from tests.integration.test_store_bruker_gone import (
    a_list_longer_than_one_statement_s_is_asked_whole,
    the_last_word_on_the_page_decides_and_a_message_since_means_there,
)

store = test_postgres_claims.store  # the fixture: a fresh migrated database per test


async def test_the_last_word_on_the_page_decides_on_postgres(store: UnitOfWorkFactory) -> None:
    await the_last_word_on_the_page_decides_and_a_message_since_means_there(store)


async def test_a_long_list_is_asked_whole_on_postgres(store: UnitOfWorkFactory) -> None:
    await a_list_longer_than_one_statement_s_is_asked_whole(store)
