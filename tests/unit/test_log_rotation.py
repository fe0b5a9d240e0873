"""The launchers' log rotation (scripts/supervisor.py rotate_log): copy and truncate, as logrotate's copytruncate,
so a child that keeps its log open writes on at the start of the emptied file."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from supervisor import rotate_log  # noqa: E402


def test_a_small_log_is_left_alone(tmp_path: Path) -> None:
    log = tmp_path / "router.log"
    log.write_bytes(b"x" * 99)
    assert not rotate_log(log, max_bytes=100, keep=3)
    assert not rotate_log(tmp_path / "missing.log", max_bytes=100, keep=3)
    assert not rotate_log(log, max_bytes=0, keep=3), "0 turns rotation off"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["router.log"]


def test_older_files_move_down_and_only_keep_of_them_stay(tmp_path: Path) -> None:
    log = tmp_path / "router.log"
    for day in range(1, 6):
        log.write_bytes(f"day {day}\n".encode() * 20)
        assert rotate_log(log, max_bytes=100, keep=3)
        assert log.stat().st_size == 0
    kept = {p.name: p.read_text().splitlines()[0] for p in tmp_path.glob("router.log.*")}
    assert kept == {"router.log.1": "day 5", "router.log.2": "day 4", "router.log.3": "day 3"}
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in tmp_path.glob("router.log.*"))


def test_a_child_appending_to_its_open_log_writes_on_at_the_start(tmp_path: Path) -> None:
    log = tmp_path / "child.log"
    with log.open("ab") as out:  # as supervisor.start hands it over
        child = subprocess.Popen([sys.executable, "-c", "import sys, time\n"
                                  "for n in range(400):\n    print('line', n, flush=True); time.sleep(0.005)"],
                                 stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while log.stat().st_size < 500:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert rotate_log(log, max_bytes=500, keep=1)
        child.wait(timeout=20)
    finally:
        child.kill()
    rotated, current = (tmp_path / "child.log.1").read_text(), log.read_text()
    # No hole of zero bytes at the start of the emptied log (a child writing at its old offset leaves one).
    assert current.startswith("line ") and "\0" not in current
    assert "line 399" in current and rotated.startswith("line 0\n")
