"""Operator command: an online backup of the embedded profile's data (router.db, Rasa's tracker, the kept keys).

    python -m router.cli backup --to /backup/navchat-2026-12-05.db

SQLite's online backup API (sqlite3.Connection.backup) copies the database as one consistent snapshot while the
router runs, WAL content included (a plain ``cp router.db`` misses what is still in router.db-wal and may copy a
page half-written). Next to FILE it writes FILE.rasa_tracker.db (Rasa's tracker, when the data dir has one) and
FILE.secrets.json (the kept pseudonym and login keys, without which the stored logins cannot be read and continuity
with the own veileder is lost). Every file is written 0600: they hold chats. The scaled profile (PostgreSQL) is
backed up with pg_dump (README "Backup and restore").
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from router.adapters.db import SQLITE_BUSY_TIMEOUT_S, keep_private
from router.adapters.rasa_tracker import EMBEDDED_TRACKER_FILE
from router.config import Settings


def backup_sqlite(source: Path, target: Path) -> None:
    """``source`` copied to ``target`` with SQLite's online backup API, checked, then put in place (0600)."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    reader = sqlite3.connect(source, timeout=SQLITE_BUSY_TIMEOUT_S)  # it only reads
    try:
        writer = sqlite3.connect(partial)
        try:
            reader.backup(writer)  # in one step: one snapshot, while the router goes on writing to the WAL
            writer.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            if writer.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise RuntimeError(f"the copy of {source} failed SQLite's integrity check")
        finally:
            writer.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        reader.close()
    keep_private(partial)
    os.replace(partial, target)


def _backup(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    url = make_url(settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        print("backup is for the embedded profile (SQLite); back the scaled profile's PostgreSQL up with pg_dump "
              "(README: Backup and restore)", file=sys.stderr)
        return 2
    source = Path(url.database)
    if not source.is_file():
        print(f"no database at {source}", file=sys.stderr)
        return 2
    target = Path(args.to)
    copies = [(source, target)]
    tracker = source.parent / EMBEDDED_TRACKER_FILE
    if tracker.is_file():
        copies.append((tracker, target.with_name(f"{target.name}.{EMBEDDED_TRACKER_FILE}")))
    if not args.force and (existing := [str(t) for _, t in copies if t.exists()]):
        print(f"refusing to overwrite {', '.join(existing)} (--force to replace)", file=sys.stderr)
        return 2
    target.parent.mkdir(parents=True, exist_ok=True)
    for source_file, target_file in copies:
        backup_sqlite(source_file, target_file)
        print(f"backed up {source_file} to {target_file}")
    secrets = source.parent / "secrets.json"
    if secrets.is_file():
        kept = target.with_name(f"{target.name}.secrets.json")
        fd = os.open(kept, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.read_bytes())
        keep_private(kept)
        print(f"copied the kept keys {secrets} to {kept} (restore it with the database, keep it as safe)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = subparsers.add_parser("backup", help="online backup of the embedded profile's SQLite data (0600 files)")
    backup.add_argument("--to", required=True, metavar="FILE", help="the copy of router.db; the tracker and the "
                        "kept keys go beside it as FILE.rasa_tracker.db and FILE.secrets.json")
    backup.add_argument("--force", action="store_true", help="replace copies that exist")
    backup.set_defaults(func=_backup)
