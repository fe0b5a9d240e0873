"""The store's reads that run as the kept history grows (conversation rows outlive their transcripts, for
statistics) each use an index, checked with SQLite's own query plan on the statements the store really sends:
the dashboard's and /metrics' window (``since``), the wait promise (``first_answer_waits``, ``recently_handled``)
and the retention sweep (``purgeable``). Without them each read scanned the whole table: with 30 days of NAV's
12,500 chats a day the sweep took 35 times as long as with one day (bench/bench_store_growth.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from router.adapters.db import create_engine, migrate
from router.adapters.store import unit_of_work_factory
from router.ports.store import ConversationRepository, HistoryLog
from tests.integration.test_store import NOW

Read = Callable[[ConversationRepository], Awaitable[Any]]
# The column each read's index must narrow by, besides the office: an office's whole history is a scan too.
NARROWED_BY = {"first_answer_waits": "first_human_reply_at>", "recently_handled": "closed_at>",
               "purgeable": "closed_at<"}
READS: dict[str, Read] = {
    "since": lambda c: c.since(NOW - timedelta(hours=8)),
    "first_answer_waits": lambda c: c.first_answer_waits("0315", NOW - timedelta(hours=2)),
    "recently_handled": lambda c: c.recently_handled("0315", NOW - timedelta(hours=3), 30),
    "purgeable": lambda c: c.purgeable(NOW - timedelta(days=2), kept={"trusler": NOW - timedelta(days=365)}),
}


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[tuple[Path, list[tuple[str, Any]], Any]]:
    path = tmp_path / "router.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await migrate(engine)
    sent: list[tuple[str, Any]] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        sent.append((statement, parameters))

    yield path, sent, unit_of_work_factory(engine)
    await engine.dispose()


def plans(path: Path, sent: list[tuple[str, Any]], table: str) -> list[list[str]]:
    """SQLite's query plan of each statement sent that reads ``table``."""
    statements = [(s, p) for s, p in sent if f"FROM {table}" in s]
    assert statements, sent
    with sqlite3.connect(path) as connection:
        return [[row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
                for statement, parameters in statements]


@pytest.mark.parametrize("read", READS)
async def test_the_read_searches_an_index_instead_of_scanning_the_table(
        database: tuple[Path, list[tuple[str, Any]], Any], read: str) -> None:
    path, sent, factory = database
    async with factory() as uow:
        sent.clear()
        await READS[read](uow.conversations)
    for plan in plans(path, sent, "conversation"):
        scans = [step for step in plan if step.startswith(("SCAN conversation", "SCAN TABLE conversation"))]
        assert not scans, f"{read} scans the table: {plan}"
        assert any("USING INDEX" in step or "USING COVERING INDEX" in step for step in plan), plan
        if read in NARROWED_BY:
            assert any(NARROWED_BY[read] in step for step in plan), f"{read} reads the office's whole history: {plan}"


HistoryRead = Callable[[HistoryLog], Awaitable[Any]]
# The kontaktsenter's window by when things happened (queue_overview, probe 118): the SLA breaches of the window and
# the transitions of the conversations in it, each through an index on the history, not a scan of it.
HISTORY_READS: dict[str, HistoryRead] = {
    "breaches_since": lambda h: h.breaches_since(NOW - timedelta(hours=8)),
    "of_kinds": lambda h: h.of_kinds(["a", "b"], ("handoff", "assign", "routed")),
}


@pytest.mark.parametrize("read", HISTORY_READS)
async def test_the_history_read_searches_an_index_instead_of_scanning_the_table(
        database: tuple[Path, list[tuple[str, Any]], Any], read: str) -> None:
    path, sent, factory = database
    async with factory() as uow:
        sent.clear()
        await HISTORY_READS[read](uow.history)
    for plan in plans(path, sent, "conversation_event"):
        scans = [step for step in plan if step.startswith(("SCAN conversation_event", "SCAN TABLE conversation_event"))]
        assert not scans, f"{read} scans the history: {plan}"
