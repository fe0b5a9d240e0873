"""Rasa test stories (tests/test_*.yml) against the trained model and a live action server.

Needs the `trained_model` fixture (tests/e2e/conftest.py: runs scripts/train_if_needed.py and yields the model path).
Starts the action server (.venv) on a free port and writes an endpoints file pointing to it. Two checks:
- `rasa test core --fail-on-prediction-errors` (.venv-rasa): the policies predict every story's actions;
- the same stories played as whole conversations (scripts/story_runner.py) through `rasa run` and the action
  server, so every custom action runs for real: the intents, the actions run and the slots set must match.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.processes import free_port, stop

ROOT = Path(__file__).resolve().parents[2]
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]


def _wait_for_port(port: int, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"action server did not listen on {port}")


@pytest.fixture
def action_server(tmp_path: Path) -> Iterator[int]:
    port = free_port()
    env = {**os.environ, "NAVCHAT_ROUTER_URL": os.environ.get("NAVCHAT_ROUTER_URL", "http://127.0.0.1:9")}
    log = (tmp_path / "action_server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "rasa_sdk", "--actions", "actions", "-p", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(port)
        yield port
    finally:
        stop(proc, timeout_s=10)
        log.close()


@pytest.fixture
def live_rasa(trained_model: Path, action_server: int, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    endpoints = tmp_path / "live_endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_server}/webhook"\n', encoding="utf-8")
    log = (tmp_path / "rasa.log").open("w")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([str(RASA), "run", "--enable-api", "-m", str(trained_model), "--endpoints", str(endpoints),
                             "--credentials", "credentials.yml", "-i", "127.0.0.1", "-p", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc, timeout_s=20)
        log.close()


@pytest.mark.timeout(600)
def test_stories_as_live_conversations(live_rasa: str) -> None:
    """Every test story as a real conversation: the custom actions run in the action server."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import story_runner

    story_runner.wait_for(live_rasa)
    results = story_runner.run(live_rasa, sorted((ROOT / "tests").glob("test_*.yml")))
    report = story_runner.summary(results)
    assert report["stories"] >= 60, report["stories"]
    assert not report["failed"], json.dumps(report["failed"], ensure_ascii=False, indent=1)[:6000]


@pytest.mark.timeout(900)
def test_rasa_test_stories_pass(trained_model: Path, action_server: int, tmp_path: Path) -> None:
    assert RASA.exists(), "the Rasa environment .venv-rasa is missing: run scripts/setup.sh"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_server}/webhook"\n', encoding="utf-8")
    out = tmp_path / "results"
    # Only the story files: Rasa reads every YAML file under the folder it is given (tests/ also holds the
    # browser tests' node_modules).
    stories = tmp_path / "stories"
    stories.mkdir()
    for path in sorted(ROOT.glob("tests/test_*.yml")):
        (stories / path.name).write_bytes(path.read_bytes())
    proc = subprocess.run(
        [str(RASA), "test", "core", "--model", str(trained_model), "--stories", str(stories),
         "--endpoints", str(endpoints), "--out", str(out), "--fail-on-prediction-errors", "--no-plot"],
        cwd=ROOT, capture_output=True, text=True, timeout=850,
    )
    failed = out / "failed_test_stories.yml"
    failed_text = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "story:" not in failed_text, failed_text[:3000]
