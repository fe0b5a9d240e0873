"""A database migrated to a revision, seeded as the code of that time wrote it, then migrated to head: what a
migration does to rows that were there before it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Row, text

from router.adapters.db import PROJECT_ROOT, create_engine


async def rows_after_migrating(url: str, before: str, seed: Callable[[Connection], None],
                               query: str) -> Sequence[Row[Any]]:
    """Migrate ``url`` to ``before``, ``seed`` it, migrate to head, and return what ``query`` reads then."""
    engine = create_engine(url)
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    try:
        async with engine.begin() as connection:
            def upgrade(sync: Connection, to: str) -> None:
                config.attributes["connection"] = sync
                command.upgrade(config, to)

            await connection.run_sync(upgrade, before)
            await connection.run_sync(seed)
            await connection.run_sync(upgrade, "head")
            return (await connection.execute(text(query))).all()
    finally:
        await engine.dispose()
