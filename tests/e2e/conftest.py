"""The three real processes, started by scripts/run_all.py exactly as `make up` starts them."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.launcher import PYTHON, ROOT, NotStarted, start_embedded, stop
from tests.processes import free_port

__all__ = ["MANY_BRUKERE_FROM_ONE_ADDRESS", "PYTHON", "ROOT", "Service", "free_port", "rasa_events", "run_all",
           "service_on_clock"]
# The e2e suite plays many brukere and staff from 127.0.0.1; the limits have their own tests (test_limits.py).
MANY_BRUKERE_FROM_ONE_ADDRESS = {
    "NAVCHAT_LIMIT_CONVERSATIONS_PER_ADDRESS": "100000",
    "NAVCHAT_LIMIT_MESSAGES_PER_ADDRESS": "100000",
    "NAVCHAT_LIMIT_LOGINS_PER_ADDRESS": "100000",
    "NAVCHAT_LIMIT_WAITING_PER_ADDRESS": "0",
    "NAVCHAT_LOGIN_FAILURES_PER_ADDRESS": "100000",
}


@dataclass(frozen=True)
class Service:
    url: str
    rasa_url: str
    data_dir: Path
    rasa_urls: tuple[str, ...] = ()


def rasa_events(service: Service, conversation_id: str) -> list[tuple[str, dict[str, Any]]]:
    """The conversation's events in Rasa's tracker (the embedded shape's SQLite file), in order: (type, event)."""
    with sqlite3.connect(service.data_dir / "rasa_tracker.db") as db:
        rows = db.execute("SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id",
                          (conversation_id,)).fetchall()
    return [(kind, json.loads(data)) for kind, data in rows]


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model for the current config, domain and data (trained only when they changed)."""
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "train_if_needed.py")], cwd=ROOT, check=True,
                            capture_output=True, text=True)
    return Path(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def running_service(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with run_all(tmp_path_factory.mktemp("e2e")) as service:
        yield service


@contextmanager
def service_on_clock(data_dir: Path, clock_start: str, env: Mapping[str, str] | None = None) -> Iterator[Service]:
    """A journey's own service whose clock starts at ``clock_start`` (NAVCHAT_CLOCK_START, with its UTC offset):
    julaften, lille julaften, a weekday morning, whatever day CI runs on."""
    try:
        launched = start_embedded(data_dir, env={"NAVCHAT_CLOCK_START": clock_start, **(env or {})})
    except NotStarted as error:
        pytest.fail(str(error))
    yield Service(url=launched.url, rasa_url=launched.rasa_urls[0], data_dir=data_dir, rasa_urls=launched.rasa_urls)
    assert stop(launched, timeout_s=30) == 0


@contextmanager
def run_all(data_dir: Path, *, rasa_processes: int = 1) -> Iterator[Service]:
    """scripts/run_all.py as `make up` runs it (``rasa_processes`` Rasa processes on consecutive ports), until it
    says it watches its children; stopped with Ctrl-C afterwards, which must close every port."""
    try:
        launched = start_embedded(data_dir, rasa_processes=rasa_processes,
                                  env={"NAVCHAT_LOG_LEVEL": "INFO", **MANY_BRUKERE_FROM_ONE_ADDRESS})
    except NotStarted as error:
        pytest.fail(str(error))
    yield Service(url=launched.url, rasa_url=launched.rasa_urls[0], data_dir=data_dir, rasa_urls=launched.rasa_urls)
    code = stop(launched, timeout_s=30)
    assert code == 0, f"run_all.py exited with {code} on Ctrl-C (-9: it did not stop within 30 s and was killed)"
    for port in launched.ports:
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open after Ctrl-C"
    print(file=sys.stderr)
