"""The audit log's reads for the audit page (services/staff.py query_audit: by user, action, conversation, time and
the paging cursor, newest first) each use an index, checked with SQLite's own query plan on the statements the store
really sends. The log grows by every read of every chat (a row per staff member and chat in 15 minutes, every search
hit, every refusal): by user or action it was a scan of the whole table, newest first, until enough rows matched."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from router.adapters.db import create_engine, migrate
from router.adapters.store import unit_of_work_factory
from tests.integration.test_store import NOW

FILTERS: dict[str, dict[str, Any]] = {
    "username": {"username": "veileder1"},
    "action": {"action": "refused"},
    "conversation_id": {"conversation_id": "c1"},
    "time": {"since": NOW - timedelta(days=1), "until": NOW},
    "older_page": {"before_id": 1000},
    "username_older_page": {"username": "veileder1", "before_id": 1000},
    "action_hidden_protected": {"action": "read", "hidden_diskresjonskoder": {"SPSF", "SPFO"}, "hide_skjermet": True},
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


@pytest.mark.parametrize("name", FILTERS)
async def test_the_audit_query_searches_an_index_instead_of_scanning_the_log(
        database: tuple[Path, list[tuple[str, Any]], Any], name: str) -> None:
    path, sent, factory = database
    filters = {"conversation_id": None, "username": None, **FILTERS[name]}
    async with factory() as uow:
        sent.clear()
        await uow.audit.query(limit=101, **filters)
    statements = [(s, p) for s, p in sent if "FROM audit_log" in s]
    assert statements, sent
    with sqlite3.connect(path) as connection:
        for statement, parameters in statements:
            plan = [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)]
            scans = [step for step in plan if step.startswith(("SCAN audit_log", "SCAN TABLE audit_log"))]
            assert not scans, f"{name} scans the log: {plan}"
            # The conversation's protection is read by its key, row by row, never by a scan.
            assert not [step for step in plan if step.startswith(("SCAN conversation", "SCAN TABLE conversation"))]
