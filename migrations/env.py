"""Alembic environment: runs on the connection the router hands over, or on NAVCHAT_DATABASE_URL."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from router.adapters.db import create_engine
from router.adapters.models import Base
from router.config import Settings

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite alters a table by copying it and dropping the old one (batch mode); with foreign keys on, a table
        # other rows point at (conversation: message, bot_turn …) cannot be dropped, so every database with chats
        # in it failed to upgrade (probe 98). Off for the migration: the pragma works only outside a transaction,
        # which the driver begins at the first write, after this. Checked before commit, on again after it.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if sqlite:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left rows pointing at nothing (table, rowid, parent): {broken[:5]}")
        # Committed at the driver (the caller's transaction block then commits nothing), so the pragma can take
        # effect: the pooled connection goes back as the router set it up.
        connection.exec_driver_sql("COMMIT")
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


async def _run_async() -> None:
    engine = create_engine(Settings.from_env().database_url)
    async with engine.begin() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_async())
