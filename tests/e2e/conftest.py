"""The three real processes, started by scripts/run_all.py exactly as `make up` starts them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.processes import free_port, free_ports_in_a_row

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
START_TIMEOUT_S = 300
# The e2e suite plays many brukere and staff from 127.0.0.1; the limits have their own tests (test_limits.py).
MANY_BRUKERE_FROM_ONE_ADDRESS = {
    "NAVCHAT_LIMIT_CONVERSATIONS_PER_ADDRESS": "100000",
    "NAVCHAT_LIMIT_MESSAGES_PER_ADDRESS": "100000",
    "NAVCHAT_LIMIT_LOGINS_PER_ADDRESS": "100000",
    "NAVCHAT_LOGIN_FAILURES_PER_ADDRESS": "100000",
}


@dataclass(frozen=True)
class Service:
    url: str
    rasa_url: str
    data_dir: Path
    rasa_urls: tuple[str, ...] = ()


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model for the current config, domain and data (trained only when they changed)."""
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "train_if_needed.py")], cwd=ROOT, check=True,
                            capture_output=True, text=True)
    return Path(result.stdout.strip().splitlines()[-1])


def _health(url: str) -> dict[str, str] | None:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=3) as response:
            return json.loads(response.read())
    except (OSError, ValueError):
        return None


@pytest.fixture(scope="session")
def running_service(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    with run_all(tmp_path_factory.mktemp("e2e")) as service:
        yield service


@contextmanager
def run_all(data_dir: Path, *, rasa_processes: int = 1) -> Iterator[Service]:
    """scripts/run_all.py as `make up` runs it (``rasa_processes`` Rasa processes on consecutive ports), until it
    says it watches its children; stopped with Ctrl-C afterwards, which must close every port."""
    router_port, rasa_port, action_port = free_port(), free_ports_in_a_row(rasa_processes), free_port()
    log = (data_dir / "run_all.out").open("wb")
    process = subprocess.Popen(
        [PYTHON, "scripts/run_all.py", "--router-port", str(router_port), "--rasa-port", str(rasa_port),
         "--rasa-processes", str(rasa_processes), "--action-port", str(action_port), "--oidc-port", str(free_port()),
         "--data-dir", str(data_dir)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NAVCHAT_LOG_LEVEL": "INFO", **MANY_BRUKERE_FROM_ONE_ADDRESS},
    )
    url = f"http://127.0.0.1:{router_port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        health = _health(url)
        # Ready when the router says so and the launcher has moved on to watching (and restarting) its children.
        if health and health.get("status") == "ok" and "Ctrl-C stops all three" in (
                data_dir / "run_all.out").read_text(errors="replace"):
            break
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            logs = "\n".join(
                f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in sorted((data_dir / "log").glob("*"))
            )
            pytest.fail(f"the service did not start (health {health}):\n{(data_dir / 'run_all.out').read_text()}\n{logs}")
        time.sleep(1)
    rasa_ports = [rasa_port + i for i in range(rasa_processes)]
    yield Service(url=url, rasa_url=f"http://127.0.0.1:{rasa_port}", data_dir=data_dir,
                  rasa_urls=tuple(f"http://127.0.0.1:{port}" for port in rasa_ports))
    process.send_signal(signal.SIGINT)
    try:
        code = process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError("run_all.py did not stop within 30 s of Ctrl-C") from None
    assert code == 0, f"run_all.py exited with {code} on Ctrl-C"
    for port in (router_port, *rasa_ports, action_port):
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open after Ctrl-C"
    print(file=sys.stderr)
