"""PostgreSQL stopped and started again under a running router: 503 with the way out while it is away (nothing
half-stored), and the router works again by itself once it is back. A private server in a temporary folder (the
machine's own PostgreSQL serves the other scaled tests)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from router.app import Overrides, create_app
from router.config import Settings
from tests.fakes import FakeBot
from tests.processes import free_port

pytestmark = pytest.mark.postgres


def as_postgres(*command: str) -> subprocess.CompletedProcess[str]:
    # initdb and postgres refuse to run as root; the machine's postgres user runs this private server.
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture
def private_postgres() -> Iterator[tuple[str, Callable[[], None], Callable[[], None]]]:
    assert shutil.which("initdb") and shutil.which("pg_ctl"), "PostgreSQL's initdb/pg_ctl are not installed"
    folder = Path(tempfile.mkdtemp(prefix="navchat-pg-"))
    folder.chmod(0o777)
    data, port = folder / "data", free_port()
    as_postgres("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start() -> None:
        as_postgres("pg_ctl", "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
                    f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")

    def stop() -> None:
        as_postgres("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")

    start()
    as_postgres("psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-c", "CREATE DATABASE navchat")
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/navchat", start, stop
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", "pg_ctl", "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


async def test_the_database_away_and_back(private_postgres: tuple[str, Callable[[], None], Callable[[], None]],
                                          settings: Settings, aiohttp_client: Callable[..., Any]) -> None:
    url, start, stop = private_postgres
    on_postgres = Settings(**{**settings.__dict__, "database_url": url})
    client = await aiohttp_client(create_app(on_postgres, Overrides(bot=FakeBot())))
    assert (await client.post("/api/conversations", json={})).status == 201
    stop()
    away = await client.post("/api/conversations", json={})
    assert away.status == 503 and "Retry-After" in away.headers
    assert (await client.get("/health")).status == 503
    start()
    started = time.monotonic()
    while (await client.post("/api/conversations", json={})).status != 201:
        assert time.monotonic() - started < 30, "the router did not recover by itself"
        await asyncio.sleep(0.2)
    print(f"\npostgres restarted: the router stored again after {time.monotonic() - started:.1f} s")
