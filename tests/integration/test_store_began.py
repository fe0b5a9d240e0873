"""The STARTED counter's flag (Conversation.began): a conversation begins once (queue_figures.begins), and a bruker
message costs no query to find out whether she wrote before. The store asked the messages (an EXISTS over hers)
with every message she wrote while the bot had the chat; now the flag is loaded with the conversation and set in
the commit that begins it, so it also holds across a restart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, event, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from router.adapters.db import create_engine, migrate
from router.adapters.store import SqlUnitOfWork, unit_of_work_factory
from router.domain.conversation import Conversation
from router.domain.messages import Message
from router.domain.queue_figures import Happened
from router.ports import tallies
from tests.integration.migrating import rows_after_migrating

NOW = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
BEFORE = "d7f9b1c3e5a2"  # the revision before conversation.began


async def _engine(path: Path) -> AsyncEngine:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await migrate(engine)
    return engine


def _through_the_session(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
    """Every statement through SQLAlchemy, where a listener sees it (the embedded store runs its hot ones on the
    driver: tests/integration/test_sqlite_statements.py shows both store the same)."""
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    return lambda: SqlUnitOfWork(sessions, is_postgres=False, driver=None)


def _started() -> int:
    return sum(tallies.counted(Happened.STARTED).values())


async def _bruker_writes(store: Callable[[], SqlUnitOfWork], n: int) -> None:
    async with store() as uow:
        conversation = await uow.conversations.get("c1", for_update=True)
        assert conversation is not None
        conversation.receive_user_message(NOW + timedelta(seconds=n))
        await uow.messages.add(Message("c1", "user", f"melding {n}", None, NOW, client_msg_id=f"m{n}"))


async def test_a_bruker_message_asks_nothing_of_the_messages(tmp_path: Path) -> None:
    engine = await _engine(tmp_path / "router.db")
    statements: list[str] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(" ".join(statement.split()))

    store = _through_the_session(engine)
    try:
        async with store() as uow:
            await uow.conversations.add(Conversation(id="c1", token_hash="h", created_at=NOW, updated_at=NOW))
        for n in range(1, 6):
            statements.clear()
            await _bruker_writes(store, n)
            read_messages = [s for s in statements if s.startswith("SELECT") and "FROM message" in s]
            assert read_messages == [], f"message {n}: {read_messages}"
    finally:
        await engine.dispose()


@pytest.mark.parametrize("through_the_driver", [True, False])
async def test_a_chat_begins_once_across_many_messages_and_a_restart(tmp_path: Path, through_the_driver: bool) -> None:
    def factory(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
        return unit_of_work_factory(engine) if through_the_driver else _through_the_session(engine)

    engine = await _engine(tmp_path / "router.db")
    store = factory(engine)
    before = _started()
    try:
        async with store() as uow:
            await uow.conversations.add(Conversation(id="c1", token_hash="h", created_at=NOW, updated_at=NOW))
        assert _started() == before, "created is not begun"
        for n in range(1, 11):
            await _bruker_writes(store, n)
        assert _started() == before + 1
    finally:
        await engine.dispose()
    engine = await _engine(tmp_path / "router.db")  # a restart: nothing kept in memory but the counters
    try:
        store = factory(engine)
        async with store() as uow:
            loaded = await uow.conversations.get("c1")
            assert loaded is not None and loaded.began
        for n in range(11, 14):
            await _bruker_writes(store, n)
        assert _started() == before + 1, "not again after a restart"
    finally:
        await engine.dispose()


def _chats_before_the_migration(sync: Connection) -> None:
    """One she wrote in, one handed off before a word, one closed unused, one opened and not used yet."""
    at = NOW.replace(tzinfo=None)
    sync.execute(text("INSERT INTO conversation (id, token_hash, state, created_at, updated_at, priority, channel, "
                      "escalation_level, handed_off, gt_from_register, registered_abroad, skjermet, "
                      "needs_interpreter, bot_summary, bot_slots) VALUES "
                      "(:id, 'x', :state, :at, :at, 'normal', 'rest', 0, :handed_off, false, false, false, false, "
                      "'{}', '{}')"),
                 [{"id": "wrote", "state": "BOT", "handed_off": False, "at": at},
                  {"id": "handed_off", "state": "QUEUED", "handed_off": True, "at": at},
                  {"id": "closed", "state": "CLOSED", "handed_off": False, "at": at},
                  {"id": "unused", "state": "BOT", "handed_off": False, "at": at}])
    sync.execute(text("INSERT INTO message (conversation_id, sender, original_text, machine_translated, buttons, "
                      "created_at) VALUES (:c, :sender, 'hei', false, '[]', :at)"),
                 [{"c": "wrote", "sender": "user", "at": at}, {"c": "unused", "sender": "bot", "at": at}])


async def test_the_migration_marks_what_had_begun(tmp_path: Path) -> None:
    rows = await rows_after_migrating(f"sqlite+aiosqlite:///{tmp_path / 'router.db'}", BEFORE,
                                      _chats_before_the_migration, "SELECT id, began FROM conversation")
    assert {c: bool(b) for c, b in rows} == {"wrote": True, "handed_off": True, "closed": True, "unused": False}
