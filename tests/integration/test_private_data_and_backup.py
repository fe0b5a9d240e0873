"""The embedded profile's data holds chats: a data dir the router creates is 0700 and its database files 0600
(probe 98: 0644 in a 0755 folder), and ``router.cli backup`` copies it online, consistent with the WAL, into 0600
files (README "Backup and restore")."""

from __future__ import annotations

import argparse
import sqlite3
import stat
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from router.adapters.db import create_engine, migrate
from router.app import DEPS
from router.commands.backup import _backup
from tests.conftest import open_conversation, settle


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_data_dir_the_router_creates_is_0700_and_its_database_files_0600(tmp_path: Path) -> None:
    data = tmp_path / "data"
    engine = create_engine(f"sqlite+aiosqlite:///{data / 'router.db'}")
    try:
        await migrate(engine)
        assert mode(data) == 0o700
        for name in ("router.db", "router.db-wal", "router.db-shm"):
            assert mode(data / name) == 0o600, name
    finally:
        await engine.dispose()
    # A database file of an earlier run, 0644, is tightened when the router opens it.
    (data / "router.db").chmod(0o644)
    engine = create_engine(f"sqlite+aiosqlite:///{data / 'router.db'}")
    try:
        await migrate(engine)
        assert mode(data / "router.db") == 0o600
    finally:
        await engine.dispose()


async def test_backup_copies_router_db_with_what_is_still_in_the_wal_into_private_files(
        client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    database = client.app[DEPS].settings.database_url
    data_dir = Path(database.split(":///", 1)[1]).parent
    monkeypatch.setenv("NAVCHAT_DATABASE_URL", database)
    (data_dir / "secrets.json").write_text('{"PSEUDONYM_KEY": "p", "LOGIN_KEY": "l"}')
    with sqlite3.connect(data_dir / "rasa_tracker.db") as tracker:
        tracker.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT)")
    conversation_id, auth = await open_conversation(client)
    await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                      json={"client_msg_id": "in-the-wal", "text": "hei"})
    await settle(client)
    assert (data_dir / "router.db-wal").stat().st_size > 0, "the router runs: its last writes are in the WAL"

    target = tmp_path / "backups" / "navchat.db"
    args = argparse.Namespace(to=str(target), force=False)
    assert _backup(args) == 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM message WHERE client_msg_id = 'in-the-wal'").fetchone()[0] == 1
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete", "one self-contained file"
    kept = [target, tmp_path / "backups" / "navchat.db.rasa_tracker.db", tmp_path / "backups" / "navchat.db.secrets.json"]
    assert {path.name: mode(path) for path in kept} == {path.name: 0o600 for path in kept}
    assert not list((tmp_path / "backups").glob("*.partial"))
    assert _backup(args) == 2, "an existing copy is not overwritten without --force"
    assert "--force" in capsys.readouterr().err
    assert _backup(argparse.Namespace(to=str(target), force=True)) == 0


def test_backup_sends_the_scaled_profile_to_pg_dump(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NAVCHAT_DATABASE_URL", "postgresql+asyncpg://navchat@127.0.0.1:5432/navchat")
    assert _backup(argparse.Namespace(to=str(tmp_path / "x.db"), force=False)) == 2
    assert "pg_dump" in capsys.readouterr().err
