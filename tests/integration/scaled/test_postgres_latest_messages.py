"""The latest messages of each conversation (a veileder's list, the handoff's look for a place) read on PostgreSQL
as on SQLite (tests/integration/test_store.py): one ranked query for several conversations."""

from __future__ import annotations

import pytest

from router.adapters.db import create_engine, migrate
from router.adapters.store import unit_of_work_factory
from tests.integration.test_store import test_the_latest_message_from_a_sender_is_read_alone as latest_read_on

pytestmark = [pytest.mark.postgres]


async def test_the_latest_messages_of_each_conversation_on_postgres(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        await migrate(engine)
        await latest_read_on(unit_of_work_factory(engine))
    finally:
        await engine.dispose()
