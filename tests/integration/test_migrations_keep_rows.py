"""Every migration runs on a database that already holds chats, as an embedded service's does when it is upgraded.

A migration that SQLite can only apply by copying a table (Alembic's batch mode: a foreign key added to
``conversation``) drops the old table while ``message``, ``bot_turn`` and the rest still point at it; with the
router's ``PRAGMA foreign_keys=ON`` that failed on every populated database, and left ``_alembic_tmp_conversation``
behind so the next start failed too (probe 98). A fresh database, as the schema test uses, never shows it. Here a row
goes into every table after each revision, and all of them must still be there, and consistent, at the head.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Boolean, Connection, DateTime, Float, Integer, MetaData, Table, insert, select, text
from sqlalchemy.sql.sqltypes import JSON

from router.adapters.db import PROJECT_ROOT, create_engine, migrate

_numbers = count(1)


def _value(table: Table, column_name: str, inserted: dict[str, Any]) -> Any:
    """A value the column takes: the id of a row already put in the table it refers to, else one of its type."""
    column = table.c[column_name]
    for foreign_key in column.foreign_keys:
        return inserted[foreign_key.column.table.name]
    n = next(_numbers)
    if isinstance(column.type, Boolean):
        return False
    if isinstance(column.type, Integer):
        return n
    if isinstance(column.type, Float):
        return 0.0
    if isinstance(column.type, DateTime):
        return datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    if isinstance(column.type, JSON):
        return {}
    return f"row-{n}"


def _rows(connection: Connection) -> dict[str, int]:
    """How many rows each table of the schema as it is now holds."""
    metadata = MetaData()
    metadata.reflect(connection)
    return {table.name: len(connection.execute(select(table)).all()) for table in metadata.sorted_tables
            if table.name != "alembic_version"}


def _a_row_in_every_table(connection: Connection) -> None:
    """One row in each table of the schema as it is now (referenced tables first), with every column that needs a
    value or refers to another table filled."""
    metadata = MetaData()
    metadata.reflect(connection)
    inserted: dict[str, Any] = {}
    for table in metadata.sorted_tables:
        if table.name == "alembic_version":
            continue
        values = {c.name: _value(table, c.name, inserted) for c in table.columns
                  if c.foreign_keys or (not c.nullable and not (c.primary_key and isinstance(c.type, Integer)))}
        result = connection.execute(insert(table).values(**values))
        (key,) = table.primary_key.columns
        inserted[table.name] = values[key.name] if key.name in values else result.inserted_primary_key[0]


async def test_each_migration_runs_on_a_database_with_chats_in_it(tmp_path: Path) -> None:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    revisions = [script.revision for script in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))]
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'router.db'}")  # the router's own: foreign keys on
    held: dict[str, int] = {}
    try:
        for revision in revisions:
            async with engine.begin() as connection:
                def upgrade(sync: Connection, to: str = revision) -> None:
                    config.attributes["connection"] = sync
                    command.upgrade(config, to)

                await connection.run_sync(upgrade)
                after = await connection.run_sync(_rows)
                lost = {name: (rows, after.get(name)) for name, rows in held.items() if after.get(name, 0) < rows}
                assert not lost, f"{revision} lost rows (before, after): {lost}"
                await connection.run_sync(_a_row_in_every_table)
                held = await connection.run_sync(_rows)
        async with engine.connect() as connection:
            leftovers = (await connection.execute(text(
                "SELECT name FROM sqlite_master WHERE name LIKE '_alembic_tmp%'"))).all()
            broken = (await connection.execute(text("PRAGMA foreign_key_check"))).all()
    finally:
        await engine.dispose()
    assert held["conversation"] >= 2 and held["message"] >= 2, held
    assert leftovers == [] and broken == []


async def test_foreign_keys_are_on_again_after_a_migration(tmp_path: Path) -> None:
    """The migration turns them off for SQLite's table copies; the connection it used goes back to the pool."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'router.db'}")
    try:
        await migrate(engine)
        for _ in range(3):  # whichever pooled connection comes next
            async with engine.connect() as connection:
                assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
    finally:
        await engine.dispose()
