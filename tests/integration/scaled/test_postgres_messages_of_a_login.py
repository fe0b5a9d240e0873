"""message.person_pseudonym on PostgreSQL: the store binds, the migration binds what was stored before it (the SQLite
checks: tests/integration/test_messages_of_a_login_stored.py)."""

from __future__ import annotations

from tests.integration.test_messages_of_a_login_stored import (
    EXPECTED,
    STORED,
    bound_after_the_migration,
    messages_bound_by_the_store,
)


async def test_the_migration_binds_what_was_said_during_each_login_on_postgres(postgres_url: str) -> None:
    assert await bound_after_the_migration(postgres_url) == EXPECTED


async def test_the_store_binds_on_postgres(postgres_url: str) -> None:
    assert await messages_bound_by_the_store(postgres_url) == STORED
