"""Async engine (SQLite pragmas or a PostgreSQL pool), the session factory and migrations."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from functools import cache, partial
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from router.adapters.sqlite_inline import connect_inline
from router.config import PROJECT_ROOT
from router.ports.store import StoreUnavailable

# How long a write waits for another connection's (or process's) write lock on the embedded store.
SQLITE_BUSY_TIMEOUT_S = 30
# Each pooled connection's own page cache (SQLite's default is 2 MiB). The file's pages are in the operating
# system's cache already, shared and reclaimable; a private copy per connection only grew the router's resident
# memory with the database (measured: 2 MB less after 520 conversations with 80 at once, no slower per turn).
SQLITE_CACHE_KIB = 256


# Getting a connection failed: the database is away, or every pooled connection stayed busy for pool_timeout.
CONNECT_ERRORS = (OperationalError, InterfaceError, OSError, PoolTimeout)


def unavailable(error: BaseException) -> StoreUnavailable:
    """StoreUnavailable (a 503 with Retry-After, not a 500) for a connection error, saying which of the two."""
    if isinstance(error, PoolTimeout):
        return StoreUnavailable("every database connection is busy")
    return StoreUnavailable(f"the database is not reachable: {type(error).__name__}")


# SQLite's errors that are the moment's, not the program's: another process writing (the busy timeout ran out), a
# full disk, a file that cannot be read or written. Anything else from SQLite (no such table, a syntax error) is a bug.
_SQLITE_PASSING = ("database is locked", "database table is locked", "busy", "disk is full", "disk i/o error",
                   "unable to open database", "readonly database")


def store_error(error: BaseException) -> StoreUnavailable | None:
    """The StoreUnavailable (503, Retry-After) an error from the database stands for, or None for a bug.

    The reason names the condition only: never the statement or its parameters (a bruker's message text)."""
    if isinstance(error, StoreUnavailable):
        return error
    if isinstance(error, PoolTimeout):
        return unavailable(error)
    cause = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(cause, sqlite3.OperationalError):
        reason = str(cause).lower()
        if "locked" in reason or "busy" in reason:
            return StoreUnavailable("the database is busy: another connection holds its write lock")
        if any(passing in reason for passing in _SQLITE_PASSING):
            return StoreUnavailable(f"the database cannot be written: {reason}")
        return None
    if isinstance(error, (OperationalError, InterfaceError)):  # PostgreSQL: the server or the connection went away
        return unavailable(error)
    return None


# The embedded profile's data (router.db and its WAL, Rasa's tracker, secrets.json, logs) holds chats: only the
# service's own user may read it (probe 98: files 0644 in a 0755 folder). The launcher and the router set the umask
# to PRIVATE_UMASK, so what they create is private; files of an earlier run are tightened here.
PRIVATE_UMASK = 0o077


def private_dir(path: Path) -> None:
    """Create the data folder readable by the service's user only (0700); one that exists is left as it is (it may
    be a shared folder such as /tmp; the launcher tightens its own data dir)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=0o700, exist_ok=True)
        path.chmod(0o700)  # mkdir's mode is cut by the umask, not widened


def keep_private(*paths: Path) -> None:
    """Files that hold chats to 0600 (no group or other bits); a missing file, or one not ours, is left alone."""
    for path in paths:
        try:
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
        except (FileNotFoundError, PermissionError):
            continue


def create_engine(database_url: str) -> AsyncEngine:
    """An async engine; for SQLite the file's folder is created and WAL + a busy timeout are switched on."""
    url = make_url(database_url)
    # JSON as written (not \u-escaped), so a search for "strøm" finds it in a stored summary.
    # hide_parameters: an error's text (logged with its traceback) never holds a statement's values, which are
    # the brukere's and the staff's words (README: logs never contain message text).
    kwargs: dict[str, Any] = {"json_serializer": partial(json.dumps, ensure_ascii=False), "hide_parameters": True}
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            private_dir(Path(url.database).parent)
            # Statements on the loop's own thread: a thread hop per statement cost more than the statements.
            kwargs["async_creator"] = partial(connect_inline, url.database, timeout_s=SQLITE_BUSY_TIMEOUT_S)
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_S}
    else:
        # pool_timeout: with all 30 connections busy a request waits this long, then gets a 503 with Retry-After.
        kwargs.update(pool_size=10, max_overflow=20, pool_timeout=10, pool_pre_ping=True)
    engine = create_async_engine(url, **kwargs)
    if url.get_backend_name() == "sqlite":

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            if url.database and url.database != ":memory:":
                keep_private(*(Path(url.database + suffix) for suffix in ("", "-wal", "-shm")))
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
            # WAL + NORMAL: consistent, and an acknowledged message survives a crash of the router; only a
            # power loss can drop the last commits. Measured: a bot turn's router overhead falls by two thirds.
            # The scaled profile (PostgreSQL) is the fully durable one.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
            cursor.close()
            # SQLite's own lower() folds only ASCII: a search for "østensjø" would not find "Nav Østensjø".
            dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)

    return engine


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def is_postgres(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "postgresql"


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


MIGRATIONS = PROJECT_ROOT / "migrations" / "versions"
_REVISION = re.compile(r"^revision(?::[^=]*)?=\s*['\"](\w+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


@cache
def schema_heads() -> frozenset[str]:
    """The newest revisions in migrations/versions, read from the files' own ``revision``/``down_revision`` lines.

    Only a shortcut for ``migrate``: a database already at these revisions is left alone without importing
    Alembic (11 MB resident the server would keep). A test holds it equal to Alembic's own heads.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in MIGRATIONS.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        down = _DOWN_REVISION.search(source)
        if revision is None or down is None:
            return frozenset()  # not a form this reader knows: let Alembic decide
        revisions.add(revision.group(1))
        parents.update(re.findall(r"['\"](\w+)['\"]", down.group(1)))
    return frozenset(revisions - parents)


async def _database_revisions(engine: AsyncEngine) -> frozenset[str]:
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return frozenset(row[0] for row in rows)
    except Exception:  # noqa: BLE001 - no table yet, or any other reason: Alembic decides
        return frozenset()


async def migrate(engine: AsyncEngine) -> bool:
    """Bring the schema to the newest Alembic revision (idempotent); False when it already was there."""
    heads = schema_heads()
    before = await _database_revisions(engine)
    if heads and before == heads:
        return False

    def upgrade(connection: Connection) -> None:
        from alembic import command
        from alembic.config import Config

        config = Config(str(PROJECT_ROOT / "alembic.ini"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(upgrade)
    return await _database_revisions(engine) != before


def run_migrations_sync(database_url: str) -> None:
    """For the CLI: migrate a database by URL."""

    async def _run() -> None:
        engine = create_engine(database_url)
        try:
            await migrate(engine)
        finally:
            await engine.dispose()

    asyncio.run(_run())
