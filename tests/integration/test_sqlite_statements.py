"""The embedded store's hot statements run on the SQLite driver (router/adapters/sqlite_statements.py): they must
store and read exactly what SQLAlchemy's session would, and be run there, not quietly through the session."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from router.adapters.db import create_engine, migrate
from router.adapters.models import ConversationRow
from router.adapters.sqlite_statements import SqliteStatements
from router.adapters.store import SqlUnitOfWork, unit_of_work_factory
from router.domain.bot_turn import LEASE
from router.domain.conversation import Conversation, Placement
from router.domain.messages import Message
from router.domain.queue import Priority
from router.ports.store import AuditEntry, DuplicateMessage

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
TABLES = ("conversation", "message", "conversation_event", "bot_turn", "audit_log")


async def _engine(path: Path) -> AsyncEngine:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await migrate(engine)
    return engine


def _through_the_session(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    return lambda: SqlUnitOfWork(sessions, is_postgres=False, driver=None)


async def _a_bot_turn_and_a_handoff(store: Callable[[], SqlUnitOfWork]) -> dict[str, Any]:
    """What a conversation's first turns write and read: JSON, None, booleans, datetimes, RETURNING, executemany."""
    conversation = Conversation(id="c1", token_hash="h", created_at=NOW, updated_at=NOW, language="nb",
                                bot_slots={"kommune": "Asker"})
    conversation.note("created", actor="bruker", reason="channel rest", now=NOW)
    read: dict[str, Any] = {}
    async with store() as uow:
        await uow.conversations.add(conversation)
        greeting = await uow.messages.add(Message("c1", "bot", "Hei!", "nb", NOW, buttons=None))
    async with store() as uow:
        loaded = await uow.conversations.get("c1", for_update=True)
        assert loaded is not None
        loaded.receive_user_message(NOW + timedelta(seconds=1))
        message = await uow.messages.add(Message("c1", "user", "hei på deg", None, NOW, client_msg_id="m1"))
        assert message.id is not None
        read["turn"] = await uow.turns.enqueue("c1", message.id, None, NOW, worker="r1", lease=LEASE)
        second = await uow.messages.add(Message("c1", "user", "/greet", None, NOW, client_msg_id="m2"))
        assert second.id is not None
        read["waiting"] = await uow.turns.enqueue("c1", second.id, "/greet", NOW, worker="r1", lease=LEASE)
        read["asked"] = await uow.history.has("c1", "place_asked")
    async with store() as uow:
        stored = await uow.messages.get(message.id)
        assert stored is not None
        stored.record_translation("hei", "nb")
        await uow.messages.update(stored)
        await uow.messages.add(Message("c1", "bot", "Hva lurer du på?", "nb", NOW, reply_to=message.id,
                                       buttons=[{"title": "Søknad", "payload": "/apply"}]))
        await uow.turns.complete(read["turn"].id, worker="r1", now=NOW)
        read["next"] = await uow.turns.claim_next(conversation_id="c1", worker="r1", now=NOW, lease=LEASE)
    async with store() as uow:
        loaded = await uow.conversations.get("c1")
        assert loaded is not None
        loaded.hand_off(Placement("0220", "Nav Asker", "test", None, NOW), tema="KOM", priority=Priority.NORMAL,
                        reason="test", actor="bot", now=NOW, summary={"tema": "økonomi"})
        # Audit rows, as a group of veileder replies writes them: several in one statement, detail or none.
        uow.audit.add(AuditEntry(NOW, None, "kari", "reply", "c1", {}))
        uow.audit.add(AuditEntry(NOW + timedelta(seconds=2), None, "kari", "transfer", "c1", {"to": "0219"}))
    async with store() as uow:
        read["conversation"] = await uow.conversations.get("c1")
        read["greeting"] = await uow.messages.get(greeting.id or 0)
        read["history"] = [(r.kind, r.reason, r.data) for r in await uow.history.list("c1")]
        read["audit"] = await uow.audit.query(conversation_id="c1", username=None, limit=10)
    return read


async def _stored(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """Each table as SQLite holds it (text, numbers, NULL), not as it reads back."""
    async with engine.connect() as connection:
        return {table: [tuple(row) for row in await connection.exec_driver_sql(f"SELECT * FROM {table} ORDER BY 1")]
                for table in TABLES}


async def test_the_driver_stores_and_reads_what_the_session_would(tmp_path: Path) -> None:
    driven, sessioned = await _engine(tmp_path / "driver.db"), await _engine(tmp_path / "session.db")
    try:
        by_driver = await _a_bot_turn_and_a_handoff(unit_of_work_factory(driven))
        by_session = await _a_bot_turn_and_a_handoff(_through_the_session(sessioned))
        assert by_driver == by_session
        assert by_driver["turn"] is not None and by_driver["waiting"] is None and by_driver["next"] is not None
        assert await _stored(driven) == await _stored(sessioned)
    finally:
        await driven.dispose()
        await sessioned.dispose()


async def test_a_bot_turns_statements_do_not_go_through_the_session(tmp_path: Path) -> None:
    engine = await _engine(tmp_path / "router.db")
    through_sqlalchemy: list[str] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        through_sqlalchemy.append(" ".join(statement.split()[:2]))

    try:
        read = await _a_bot_turn_and_a_handoff(unit_of_work_factory(engine))
        assert read["conversation"].state.value == "QUEUED"
        # Only what is built per call goes through SQLAlchemy here: the history and audit lists read at the end
        # (the audit rows themselves are inserted on the driver).
        assert through_sqlalchemy == ["SELECT conversation_event.id,", "SELECT audit_log.id,"], through_sqlalchemy
    finally:
        await engine.dispose()


async def test_a_duplicate_is_sqlalchemys_integrity_error_and_the_transaction_goes_on(tmp_path: Path) -> None:
    engine = await _engine(tmp_path / "router.db")
    store = unit_of_work_factory(engine)
    try:
        async with store() as uow:
            await uow.conversations.add(Conversation(id="c1", token_hash="h", created_at=NOW, updated_at=NOW))
            await uow.messages.add(Message("c1", "user", "hei", None, NOW, client_msg_id="m1"))
        async with store() as uow:
            try:
                await uow.messages.add(Message("c1", "user", "hei", None, NOW, client_msg_id="m1"))
                raise AssertionError("a second m1 was stored")
            except DuplicateMessage:
                pass
            assert (await uow.messages.by_client_id("c1", "m1")) is not None
    finally:
        await engine.dispose()


def test_a_statement_that_needs_a_python_side_default_is_left_to_the_session() -> None:
    statements = SqliteStatements(create_engine("sqlite+aiosqlite://").dialect)
    # skjermet, priority, bot_summary ... have Python-side defaults: SQLAlchemy must fill them in.
    assert statements.compile(insert(ConversationRow.__table__), frozenset({"id", "token_hash", "state"})) is None
    assert statements.compile(text("SELECT 1"), frozenset()) is not None


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = await _engine(tmp_path / "router.db")
    yield engine
    assert engine.sync_engine.pool.checkedout() == 0, "a unit of work kept its connection"  # type: ignore[attr-defined]
    await engine.dispose()


async def _turn_units(store: Callable[[], SqlUnitOfWork], conversation_id: str) -> None:
    """A bot turn's two units of work: the message stored with its turn, then the answer stored and the turn done."""
    async with store() as uow:
        await uow.conversations.add(Conversation(id=conversation_id, token_hash="h", created_at=NOW, updated_at=NOW))
    async with store() as uow:
        conversation = await uow.conversations.get(conversation_id, for_update=True)
        assert conversation is not None
        conversation.receive_user_message(NOW)
        message = await uow.messages.add(Message(conversation_id, "user", "hei", "nb", NOW, client_msg_id="m1"))
        assert message.id is not None
        turn = await uow.turns.enqueue(conversation_id, message.id, None, NOW, worker="r1", lease=LEASE)
        assert turn is not None and not await uow.history.has(conversation_id, "place_asked")
    async with store() as uow:
        await uow.conversations.get(conversation_id, for_update=True)
        await uow.messages.add(Message(conversation_id, "bot", "Hei!", "nb", NOW, reply_to=message.id))
        await uow.turns.complete(turn.id, worker="r1", now=NOW)
        assert await uow.turns.claim_next(conversation_id=conversation_id, worker="r1", now=NOW, lease=LEASE) is None


async def test_a_bot_turns_units_of_work_open_no_orm_session(engine: AsyncEngine, monkeypatch: Any) -> None:
    """On SQLite a unit of work is the pool's connection; an ORM session is opened only for what needs one."""
    from sqlalchemy.ext.asyncio import AsyncSession

    opened: list[AsyncSession] = []
    original = AsyncSession.__init__

    def counted(self: AsyncSession, *args: Any, **kwargs: Any) -> None:
        opened.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(AsyncSession, "__init__", counted)
    store = unit_of_work_factory(engine)
    await _turn_units(store, "c1")
    assert opened == []
    async with store() as uow:
        assert (await uow.messages.list("c1"))[-1].original_text == "Hei!"  # built per call: the ORM session
    assert len(opened) == 1


async def test_driver_statements_and_the_orm_commit_and_roll_back_together(engine: AsyncEngine) -> None:
    from router.domain.veileder import Veileder

    store = unit_of_work_factory(engine)

    async def conversation_and_veileder(conversation_id: str, username: str, fail: bool) -> None:
        async with store() as uow:
            await uow.conversations.add(Conversation(id=conversation_id, token_hash="h", created_at=NOW,
                                                     updated_at=NOW))  # on the driver
            uow.veiledere.add(Veileder(id=0, username=username, navn="Vera", enhetsnummer="0315"))  # the ORM
            if fail:
                await uow.veiledere.flush()  # inserted now, through the ORM session, in this transaction
                assert uow.veiledere.added[0].id
                raise RuntimeError("the use case failed")

    for number in range(20):
        with contextlib.suppress(RuntimeError):
            await conversation_and_veileder(f"c{number}", f"v{number}", fail=number % 2 == 1)
    async with engine.connect() as connection:
        conversations = (await connection.execute(text("SELECT id FROM conversation"))).scalars().all()
        veiledere = (await connection.execute(text("SELECT username FROM veileder"))).scalars().all()
    assert sorted(conversations) == sorted(f"c{n}" for n in range(0, 20, 2))
    assert sorted(veiledere) == sorted(f"v{n}" for n in range(0, 20, 2))


async def test_an_error_on_the_driver_rolls_the_whole_unit_back(engine: AsyncEngine) -> None:
    store = unit_of_work_factory(engine)
    await _turn_units(store, "c1")
    with pytest.raises(DuplicateMessage):
        async with store() as uow:
            await uow.messages.add(Message("c1", "bot", "lost", "nb", NOW))
            await uow.messages.add(Message("c1", "user", "again", "nb", NOW, client_msg_id="m1"))
    async with store() as uow:
        assert [m.original_text for m in await uow.messages.list("c1")] == ["hei", "Hei!"]
