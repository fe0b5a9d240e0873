"""Rasa in the scaled shape: two `rasa run` processes with the trained model load endpoints.scaled.yml as it is
committed (environment variables expanded by Rasa itself), call the real action server, share one PostgreSQL
tracker store and one Redis lock store, answer one conversation's messages sent to both, keep every turn in the
tracker, and leave no lock. (No router here: the actions degrade to their answers without it.)"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.integration.scaled.conftest import _ensure_services
from tests.postgres import pg_admin
from tests.processes import free_port, stop

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]
ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = str(ROOT / ".venv-rasa" / "bin" / "python")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
START_TIMEOUT_S = 300


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def two_rasa(trained_model: Path, tmp_path: Path) -> Iterator[tuple[list[str], str, int]]:
    _ensure_services()
    database, lock_db = f"navchat_rasa_{uuid.uuid4().hex[:10]}", 5
    asyncio.run(pg_admin(f'CREATE DATABASE "{database}"'))
    action_port = free_port()
    env = {**os.environ, "NAVCHAT_ACTION_URL": f"http://127.0.0.1:{action_port}/webhook",
           "NAVCHAT_ACTION_TOKEN": "t" * 24, "NAVCHAT_ROUTER_URL": "http://127.0.0.1:9",
           "NAVCHAT_PG_HOST": "127.0.0.1", "NAVCHAT_PG_PORT": "5432", "NAVCHAT_RASA_DB": database,
           "NAVCHAT_PG_USER": "postgres", "NAVCHAT_PG_PASSWORD": "", "NAVCHAT_PG_LOGIN_DB": "postgres",
           "NAVCHAT_REDIS_HOST": "127.0.0.1", "NAVCHAT_REDIS_PORT": "6379", "NAVCHAT_REDIS_PASSWORD": "",
           "NAVCHAT_REDIS_LOCK_DB": str(lock_db), "PYTHONPATH": str(ROOT)}
    ports = [free_port(), free_port()]
    action_log = (tmp_path / "actions.log").open("wb")
    processes = [subprocess.Popen([PYTHON, "-m", "actions.server", "--actions", "actions", "-p", str(action_port)],
                                  cwd=ROOT, env=env, stdout=action_log, stderr=subprocess.STDOUT)]
    for port in ports:
        log = (tmp_path / f"rasa-{port}.log").open("wb")
        processes.append(subprocess.Popen(
            [RASA_PYTHON, "-m", "rasa", "run", "--enable-api", "-m", str(trained_model), "--endpoints",
             "endpoints.scaled.yml", "--credentials", "credentials.yml", "-i", "127.0.0.1", "-p", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not all(_up(url) for url in [f"{url}/" for url in urls] + [f"http://127.0.0.1:{action_port}/health"]):
            if any(p.poll() is not None for p in processes) or time.monotonic() > deadline:
                logs = "\n".join(p.read_text(errors="replace")[-2500:] for p in sorted(tmp_path.glob("*.log")))
                pytest.fail(f"Rasa did not start with endpoints.scaled.yml:\n{logs}")
            time.sleep(2)
        yield urls, database, lock_db
    finally:
        for process in processes:
            stop(process)
        asyncio.run(pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


async def test_two_rasa_processes_share_the_tracker_and_the_lock(two_rasa: tuple[list[str], str, int]) -> None:
    """Like the routers send (one turn of a conversation at a time, services/turns.py), each turn to either
    process: three conversations at once, their turns alternating between the two Rasa processes."""
    urls, database, lock_db = two_rasa
    texts = ["hei", "hvordan søker jeg om sosialhjelp?", "hva er meldekort?", "takk", "hvor er nav-kontoret mitt?",
             "ha det"]
    senders = [f"scaled-{uuid.uuid4().hex[:8]}" for _ in range(3)]
    async with aiohttp.ClientSession() as http:
        async def conversation(sender: str) -> dict:  # type: ignore[type-arg]
            for turn, text in enumerate(texts):
                async with http.post(f"{urls[turn % 2]}/webhooks/rest/webhook",
                                     json={"sender": sender, "message": text}) as response:
                    assert response.status == 200 and await response.json(), (sender, text)
            async with http.get(f"{urls[1]}/conversations/{sender}/tracker",
                                params={"include_events": "ALL"}) as response:
                return await response.json()  # type: ignore[no-any-return]

        trackers = await asyncio.gather(*(conversation(sender) for sender in senders))
    for tracker in trackers:
        said = [e["text"] for e in tracker["events"] if e["event"] == "user"]
        assert said == texts, "every turn in the shared tracker, once and in order"

    import asyncpg
    import redis

    async def stored_user_events() -> int:
        connection = await asyncpg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}")
        try:
            return int(await connection.fetchval("SELECT count(*) FROM events WHERE type_name = 'user'"))
        finally:
            await connection.close()

    assert await stored_user_events() == len(texts) * len(senders), "the tracker lives in PostgreSQL"
    leftover = redis.Redis(host="127.0.0.1", port=6379, db=lock_db).keys("navchat*")
    assert leftover == [], f"no lock left behind: {leftover}"
