"""The local PostgreSQL's superuser connection, for tests and benchmarks that create and drop databases of their
own (trust auth on 127.0.0.1:5432, as on this machine kind and in CI)."""

from __future__ import annotations

from typing import Any

PG_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"


async def pg_admin(sql: str, *args: Any, database: str = "postgres") -> list[Any]:
    """Run one statement as the superuser (CREATE/DROP DATABASE, or a query whose rows are returned)."""
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN_DSN.rsplit("/", 1)[0] + f"/{database}")
    try:
        if args or sql.lstrip().upper().startswith(("SELECT", "WITH")):
            return list(await connection.fetch(sql, *args))
        await connection.execute(sql)  # the simple protocol: CREATE DATABASE may not be prepared
        return []
    finally:
        await connection.close()
