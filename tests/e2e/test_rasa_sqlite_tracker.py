"""scripts/rasa_sqlite_tracker.py inside Rasa's own interpreter: Rasa's SQLite tracker store runs in WAL mode with
synchronous=NORMAL over connections kept open between turns, and a tracker still round-trips through it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import aiohttp

from tests.e2e.conftest import Service

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = str(ROOT / ".venv-rasa" / "bin" / "python")

CHECK = r'''
import json, sqlite3, sys
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event
from sqlalchemy.engine import Engine
import rasa_sqlite_tracker

path = sys.argv[1]
if sys.argv[2] == "install":
    rasa_sqlite_tracker.install()
opened = []
event.listen(Engine, "connect", lambda *_: opened.append(1))
store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=path)
import asyncio
for n, text in enumerate(["hei", "takk", "ha det"]):  # three turns: a retrieve and a save each
    tracker = asyncio.run(store.retrieve("c1")) or DialogueStateTracker("c1", [])
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    asyncio.run(store.save(tracker))
again = asyncio.run(store.retrieve("c1"))
with store.engine.connect() as connection:
    synchronous = connection.exec_driver_sql("PRAGMA synchronous").scalar()
mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
print(json.dumps({"mode": mode, "synchronous": synchronous, "opened": len(opened),
                  "texts": [e.text for e in again.events if isinstance(e, UserUttered)]}))
'''


def _run(tmp_path: Path, how: str) -> dict[str, object]:
    run = subprocess.run([RASA_PYTHON, "-c", CHECK, str(tmp_path / f"{how}.db"), how], cwd=ROOT / "scripts",
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_rasas_sqlite_tracker_runs_in_wal_mode_without_a_sync_per_commit(tmp_path: Path) -> None:
    before, after = _run(tmp_path, "plain"), _run(tmp_path, "install")
    assert (before["mode"], before["synchronous"]) == ("delete", 2), "Rasa's own default: a sync on every commit"
    assert (after["mode"], after["synchronous"]) == ("wal", 1)
    assert before["texts"] == after["texts"] == ["hei", "takk", "ha det"]


def test_rasas_sqlite_tracker_keeps_its_connection_open_between_turns(tmp_path: Path) -> None:
    """Rasa's own engine opens a connection for every retrieve and save (seven here); in WAL mode each close by the
    last connection checkpoints and deletes the log, under SQLite's locks, on Rasa's only thread."""
    before, after = _run(tmp_path, "plain"), _run(tmp_path, "install")
    assert before["opened"] >= 7
    assert after["opened"] == 1


async def test_the_running_rasa_keeps_its_tracker_in_wal_mode(running_service: Service) -> None:
    """The service as `make up` starts it: after a bot turn, Rasa's tracker file is in WAL mode."""
    async with aiohttp.ClientSession() as http, http.post(
            f"{running_service.rasa_url}/webhooks/rest/webhook", json={"sender": "wal-check", "message": "hei"}) as response:
        assert response.status == 200
    with sqlite3.connect(running_service.data_dir / "rasa_tracker.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        senders = [row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")]
    assert "wal-check" in senders
