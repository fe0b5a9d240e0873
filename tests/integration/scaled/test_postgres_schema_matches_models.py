"""The migrations build the models' schema on PostgreSQL too (the SQLite check: tests/integration/test_schema_matches_models.py)."""

from __future__ import annotations

from router.adapters.db import create_engine, migrate
from tests.integration.test_schema_matches_models import differences_from_the_models


async def test_a_migrated_postgres_database_has_the_models_schema(postgres_url: str) -> None:
    engine = create_engine(postgres_url)
    try:
        await migrate(engine)
        async with engine.connect() as connection:
            differences = await connection.run_sync(differences_from_the_models)
    finally:
        await engine.dispose()
    assert differences == []
