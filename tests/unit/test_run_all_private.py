"""The embedded launcher keeps its data dir private (probe 98: router.db, the tracker and logs were 0644 in a
0755 folder): the dir and its log dir 0700, an earlier run's files 0600, and the umask for what comes after."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from run_all import private_data_dir  # noqa: E402


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_dir_and_an_earlier_runs_files_become_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old_umask = os.umask(0o022)
    try:
        data = tmp_path / "data"
        (data / "log").mkdir(parents=True)
        data.chmod(0o755)
        for name in ("router.db", "rasa_tracker.db", "log/router.log"):
            (data / name).write_text("chat")
            (data / name).chmod(0o644)
        private_data_dir(data)
        assert (mode(data), mode(data / "log")) == (0o700, 0o700)
        assert {name: mode(data / name) for name in ("router.db", "rasa_tracker.db", "log/router.log")} == \
            dict.fromkeys(("router.db", "rasa_tracker.db", "log/router.log"), 0o600)
        (data / "log" / "rasa.log").write_text("new")
        assert mode(data / "log" / "rasa.log") == 0o600, "the umask: what is written after is private too"
        fresh = tmp_path / "fresh"
        private_data_dir(fresh)
        assert (mode(fresh), mode(fresh / "log")) == (0o700, 0o700)
    finally:
        os.umask(old_umask)
