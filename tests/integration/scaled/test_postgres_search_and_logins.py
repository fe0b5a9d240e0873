"""The store's search and the stored logins on PostgreSQL (the SQLite side: tests/integration/test_store.py,
test_store_search.py, test_login_sessions.py): the same queries, the other dialect."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest

from router.adapters.db import create_engine, migrate
from router.adapters.login_sessions import SqlLoginSessions
from router.adapters.sealing import Sealer
from router.adapters.store import unit_of_work_factory
from router.domain.conversation import Conversation, Placement
from router.domain.queue import Priority
from router.ports.login import LoginSession, PendingLogin
from router.ports.store import UnitOfWorkFactory
from router.services.inbox import tema_codes_named
from tests.integration.scaled import test_postgres_claims
from tests.integration.test_store_search import (
    a_card_is_found_by_what_it_shows,
    message_words_are_read_in_the_newest_conversations_only,
    what_people_wrote_is_found,
)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
store = test_postgres_claims.store  # the fixture: a fresh migrated database per test


async def test_search_and_logins_on_postgres(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        await migrate(engine)
        store = unit_of_work_factory(engine)
        conversation = Conversation(id="c-postgres-1", token_hash="x", created_at=NOW, updated_at=NOW)
        conversation.hand_off(Placement("0220", "Nav Asker", "test", "4101", NOW), tema="KOM",
                              priority=Priority.NORMAL, reason="ba om veileder", actor="bot", now=NOW,
                              summary={"digisos_oppsummering": "Behov: strøm"})
        async with store() as uow:
            await uow.conversations.add(conversation)
        async with store() as uow:
            for words in ("c-postgres", "strøm", "STRØM", "nav asker", "kom", "100%_"):
                found = await uow.conversations.search(words, temaer=tema_codes_named(words), enhetsnummer=None,
                                                       limit=5)
                assert [c.id for c in found] == ([] if words == "100%_" else ["c-postgres-1"]), words
            assert await uow.conversations.search("strøm", enhetsnummer="0312", limit=5) == []

        sessions = SqlLoginSessions(engine, Sealer("shared-key-0123456789"))
        await sessions.start(PendingLogin("state", "nonce", "verifier", "c-postgres-1", NOW, "binding"))
        assert await sessions.take_pending("state", "another-browser") is None
        assert (await sessions.take_pending("state", "binding")) is not None
        assert await sessions.take_pending("state", "binding") is None
        await sessions.add(LoginSession("browser", "c-postgres-1", "01019012480", "p" * 64,
                                        NOW + timedelta(hours=1), "token"))
        found_session = await sessions.get("browser")
        assert found_session is not None and found_session.ident == "01019012480"
    finally:
        await engine.dispose()


@pytest.mark.parametrize("scenario", [what_people_wrote_is_found, a_card_is_found_by_what_it_shows,
                                      message_words_are_read_in_the_newest_conversations_only])
async def test_the_search_reads_the_same_on_postgres(store: UnitOfWorkFactory,
                                                     scenario: Callable[[UnitOfWorkFactory], Awaitable[None]]) -> None:
    """tests/integration/test_store_search.py's scenarios: words people wrote (bounded by the window), and what a
    card shows, on the other dialect."""
    await scenario(store)


async def test_history_of_kinds_on_postgres(store: UnitOfWorkFactory) -> None:
    from tests.integration.test_store import history_of_kinds_reads_a_whole_queue_in_one_go

    await history_of_kinds_reads_a_whole_queue_in_one_go(store)
