"""Real PostgreSQL and Redis for the scaled profile: a fresh database per test; a stopped server is an error."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres import pg_admin

ROOT = Path(__file__).resolve().parents[3]


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _ensure_services() -> None:
    if not (_port_open(5432) and _port_open(6379)):
        result = subprocess.run([str(ROOT / "scripts" / "ensure_services.sh")], capture_output=True, text=True)
        if result.returncode != 0:
            pytest.fail(f"the scaled profile needs PostgreSQL and Redis: {result.stderr.strip()}")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    _ensure_services()
    name = f"navchat_test_{uuid.uuid4().hex[:10]}"
    asyncio.run(pg_admin(f'CREATE DATABASE "{name}"'))
    yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def redis_url() -> str:
    _ensure_services()
    return "redis://127.0.0.1:6379/0"
