"""The audit log's reads for the audit page (services/staff.py query_audit: by user, action, conversation, time and
the paging cursor, newest first) each use an index, checked with SQLite's own query plan on the statements the store
really sends. The log grows by every read of every chat (a row per staff member and chat in 15 minutes, every search
hit, every refusal): by user or action it was a scan of the whole table, newest first, until enough rows matched."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.integration import test_store_growth_indexes
from tests.integration.test_store import NOW

database = test_store_growth_indexes.database  # a migrated SQLite file and the statements its store sends

FILTERS: dict[str, dict[str, Any]] = {
    "username": {"username": "veileder1"},
    "action": {"action": "refused"},
    "conversation_id": {"conversation_id": "c1"},
    "time": {"since": NOW - timedelta(days=1), "until": NOW},
    "older_page": {"before_id": 1000},
    "username_older_page": {"username": "veileder1", "before_id": 1000},
    "action_hidden_protected": {"action": "read", "hidden_diskresjonskoder": {"SPSF", "SPFO"}, "hide_skjermet": True},
}


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
