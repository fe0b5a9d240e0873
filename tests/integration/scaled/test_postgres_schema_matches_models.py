"""The migrations build the models' schema on PostgreSQL too (the SQLite check: tests/integration/test_schema_matches_models.py)."""

from __future__ import annotations

from tests.integration.test_schema_matches_models import migrated_schema_differences


async def test_a_migrated_postgres_database_has_the_models_schema(postgres_url: str) -> None:
    assert await migrated_schema_differences(postgres_url) == []
