"""Stored logins (router/adapters/login_sessions.py) on a real SQLite file: shared, sealed, taken once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from router.adapters.db import create_engine, migrate
from router.adapters.login_sessions import SqlLoginSessions
from router.adapters.sealing import SealBroken, Sealer
from router.adapters.sqlite_inline import statements_sent_to_threads
from router.ports.login import LoginSession, PendingLogin

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
OLA = "01019012480"  # SYNTETISK


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'router.db'}")
    await migrate(engine)
    yield engine
    await engine.dispose()


def a_session(conversation_id: str = "c1", expires_in: timedelta = timedelta(hours=1)) -> LoginSession:
    return LoginSession(session_id=f"browser-{conversation_id}", conversation_id=conversation_id, ident=OLA,
                        pseudonym="p" * 64, expires_at=NOW + expires_in, id_token="header.payload.signature")


async def test_a_login_is_shared_by_routers_and_its_secrets_are_sealed(engine: AsyncEngine) -> None:
    one, other = SqlLoginSessions(engine, Sealer("shared-key-0123456789")), SqlLoginSessions(
        engine, Sealer("shared-key-0123456789"))
    await one.add(a_session())
    found = await other.get("browser-c1")
    assert found is not None and found.ident == OLA and found.conversation_id == "c1"
    by_conversation = await other.for_conversation("c1")
    assert by_conversation is not None and by_conversation.ident == OLA
    async with engine.connect() as db:
        stored = " ".join(str(v) for row in (await db.execute(text("SELECT * FROM login_session"))).all() for v in row)
    assert OLA not in stored and "browser-c1" not in stored and "payload" not in stored


async def test_another_key_opens_nothing_and_a_new_login_replaces_the_old(engine: AsyncEngine) -> None:
    await SqlLoginSessions(engine, Sealer("shared-key-0123456789")).add(a_session())
    assert await SqlLoginSessions(engine, Sealer("another-key-0123456789")).get("browser-c1") is None
    sessions = SqlLoginSessions(engine, Sealer("shared-key-0123456789"))
    await sessions.add(LoginSession("browser-again", "c1", OLA, "p" * 64, NOW + timedelta(hours=1), "t"))
    assert await sessions.get("browser-c1") is None and await sessions.get("browser-again") is not None
    await sessions.remove("c1")
    assert await sessions.for_conversation("c1") is None


async def test_a_pending_login_is_taken_once(engine: AsyncEngine) -> None:
    sessions = SqlLoginSessions(engine, Sealer("shared-key-0123456789"))
    pending = PendingLogin("state-1", "nonce-1", "verifier-1", "c1", NOW, "binding")
    await sessions.start(pending)
    assert await sessions.take_pending("state-1", "another-browser") is None
    assert await sessions.take_pending("state-1", "binding") == pending, "another browser's try left it in place"
    assert await sessions.take_pending("state-1", "binding") is None, "a replayed callback finds nothing"
    assert await sessions.take_pending("never-started", "binding") is None


async def test_old_pending_logins_are_cleared_and_expired_sessions_listed(engine: AsyncEngine) -> None:
    sessions = SqlLoginSessions(engine, Sealer("shared-key-0123456789"))
    await sessions.start(PendingLogin("old", "n", "v", "c1", NOW - timedelta(hours=1), "b"))
    await sessions.start(PendingLogin("new", "n", "v", "c2", NOW, "b"))
    assert await sessions.take_pending("old", "b") is None and await sessions.take_pending("new", "b") is not None
    await sessions.add(a_session("c1", expires_in=timedelta(minutes=-1)))
    await sessions.add(a_session("c2"))
    assert [s.conversation_id for s in await sessions.expired(NOW)] == ["c1"]


def test_a_sealed_value_does_not_open_in_another_row() -> None:
    sealer = Sealer("shared-key-0123456789")
    sealed = sealer.seal({"ident": OLA}, bound_to="row-1")
    assert sealer.open(sealed, bound_to="row-1") == {"ident": OLA}
    with pytest.raises(SealBroken):
        sealer.open(sealed, bound_to="row-2")


async def test_logins_at_once_never_hold_the_write_lock_across_a_pause(engine: AsyncEngine) -> None:
    """Each write commits before it gives the loop away, so the logins' statements all ran inline: none found
    another login's transaction open and went to a thread (router/adapters/sqlite_inline.py)."""
    sessions = SqlLoginSessions(engine, Sealer("shared-key-0123456789"))
    await sessions.add(a_session("warm"))  # the login's libraries imported, the pool's connections opened
    sent_before = statements_sent_to_threads()

    async def one_login(n: int) -> None:
        state = f"state-{n}"
        await sessions.start(PendingLogin(state, f"nonce-{n}", f"verifier-{n}", f"c{n}", NOW, "binding"))
        assert await sessions.take_pending(state, "binding") is not None
        await sessions.add(a_session(f"c{n}"))
        await sessions.remove(f"c{n}")

    await asyncio.gather(*(one_login(n) for n in range(20)))
    assert statements_sent_to_threads() == sent_before


async def test_every_connection_busy_is_store_unavailable_not_an_unhandled_error(tmp_path: Path) -> None:
    # As the scaled load at 12/s found it: the login's callback waited for a pooled connection and got a 500.
    from sqlalchemy.ext.asyncio import create_async_engine

    from router.ports.store import StoreUnavailable

    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'busy.db'}", pool_size=1, max_overflow=0,
                                 pool_timeout=0.05)
    await migrate(engine)
    sessions = SqlLoginSessions(engine, Sealer("shared-key-0123456789"))
    try:
        async with engine.connect() as holding_the_only_connection:
            await holding_the_only_connection.execute(text("SELECT 1"))
            with pytest.raises(StoreUnavailable, match="busy"):
                await sessions.take_pending("some-state", "binding")
            with pytest.raises(StoreUnavailable, match="busy"):
                await sessions.get("browser-c1")
        assert await sessions.take_pending("some-state", "binding") is None, "and works again once a connection is free"
    finally:
        await engine.dispose()
