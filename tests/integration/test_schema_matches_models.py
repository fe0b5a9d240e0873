"""The migrations build the schema the models describe: a column, index or constraint added to
``router/adapters/models.py`` without a migration (or the other way round) fails here, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from router.adapters.db import create_engine, migrate
from router.adapters.models import Base


def differences_from_the_models(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": False})
    return list(compare_metadata(context, Base.metadata))


async def migrated_schema_differences(database_url: str) -> list[object]:
    """What separates the models from the schema the migrations build on a fresh database at ``database_url``."""
    engine = create_engine(database_url)
    try:
        await migrate(engine)
        async with engine.connect() as connection:
            return await connection.run_sync(differences_from_the_models)
    finally:
        await engine.dispose()


async def test_a_migrated_sqlite_database_has_the_models_schema(tmp_path: Path) -> None:
    assert await migrated_schema_differences(f"sqlite+aiosqlite:///{tmp_path / 'router.db'}") == []
