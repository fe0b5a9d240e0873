"""The service started as `make up` (scripts/run_all.py) and `make up-scaled` (scripts/run_scaled.py) start it, for
the tests and the benchmarks alike: one way to start it, wait until it is ready, and stop it with Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.processes import free_port, free_ports_in_a_row

ROOT = Path(__file__).resolve().parents[1]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# Training, when the model inputs changed, and loading two Rasa models can take minutes on two cores.
START_TIMEOUT_S = 300
# The launchers print this once every child is up and they have moved on to watching (and restarting) them.
WATCHING = "Ctrl-C stops all"
_STAFF_CREATED = re.compile(r"staff user created: (\S+) / (\S+)")


class NotStarted(RuntimeError):
    """The launcher exited, or was not ready in time; the message holds its output and the tail of every log."""


@dataclass(frozen=True)
class Launched:
    process: subprocess.Popen[bytes]
    url: str  # the router (embedded) or HAProxy in front of the routers (scaled)
    data_dir: Path
    router_ports: tuple[int, ...]
    rasa_ports: tuple[int, ...]
    ports: tuple[int, ...]  # every port its children listen on
    staff: tuple[str, str] | None = None  # the staff user a first scaled start creates, with its password

    @property
    def rasa_urls(self) -> tuple[str, ...]:
        return tuple(f"http://127.0.0.1:{port}" for port in self.rasa_ports)


def launcher_output(data_dir: Path) -> str:
    return (data_dir / "launcher.out").read_text(errors="replace")


def start_embedded(data_dir: Path, *, rasa_processes: int = 1, env: Mapping[str, str] | None = None,
                   seed: bool = True) -> Launched:
    """scripts/run_all.py: the router, ``rasa_processes`` Rasa processes on consecutive ports, the action server and
    the local ID-porten, on SQLite in ``data_dir``; ready when the router is healthy and the launcher watches."""
    router_port, rasa_port, action_port = free_port(), free_ports_in_a_row(rasa_processes), free_port()
    rasa_ports = tuple(rasa_port + i for i in range(rasa_processes))
    process = _launch(data_dir, ["scripts/run_all.py", "--router-port", str(router_port), "--rasa-port",
                                 str(rasa_port), "--rasa-processes", str(rasa_processes), "--action-port",
                                 str(action_port), "--oidc-port", str(free_port()), "--data-dir", str(data_dir),
                                 *([] if seed else ["--no-seed"])], env)
    url = f"http://127.0.0.1:{router_port}"
    _wait(process, data_dir, lambda: healthy(url) and WATCHING in launcher_output(data_dir))
    return Launched(process, url, data_dir, (router_port,), rasa_ports, (router_port, *rasa_ports, action_port))


def start_scaled(data_dir: Path, *, routers: int, rasa: int, router_db: str, rasa_db: str, lock_db: int,
                 env: Mapping[str, str] | None = None) -> Launched:
    """scripts/run_scaled.py: ``routers`` routers and ``rasa`` Rasa processes with an action server each, on
    PostgreSQL (the two databases, created and migrated by the launcher) and Redis (``lock_db``), behind HAProxy,
    with the local ID-porten; ready when the launcher watches its children."""
    port = free_port()
    router_ports, rasa_ports, action_ports = ([free_port() for _ in range(n)] for n in (routers, rasa, rasa))
    process = _launch(data_dir, [
        "scripts/run_scaled.py", "--routers", str(routers), "--rasa", str(rasa), "--port", str(port),
        "--router-ports", _joined(router_ports), "--rasa-ports", _joined(rasa_ports), "--action-ports",
        _joined(action_ports), "--data-dir", str(data_dir), "--router-db", router_db, "--rasa-db", rasa_db,
        "--redis-lock-db", str(lock_db), "--with-login", "--oidc-port", str(free_port())], env)
    _wait(process, data_dir, lambda: WATCHING in launcher_output(data_dir))
    staff = _STAFF_CREATED.search(launcher_output(data_dir))
    return Launched(process, f"http://127.0.0.1:{port}", data_dir, tuple(router_ports), tuple(rasa_ports),
                    (port, *router_ports, *rasa_ports, *action_ports), (staff.group(1), staff.group(2)) if staff else None)


def stop(launched: Launched, timeout_s: float = 40) -> int:
    """Ctrl-C, as an operator stops it; killed when it has not stopped within ``timeout_s``. Its exit code, or -9."""
    launched.process.send_signal(signal.SIGINT)
    try:
        return launched.process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        launched.process.kill()
        launched.process.wait()
        return -signal.SIGKILL


def _joined(ports: Sequence[int]) -> str:
    return ",".join(map(str, ports))


def _launch(data_dir: Path, command: list[str], env: Mapping[str, str] | None) -> subprocess.Popen[bytes]:
    (data_dir / "log").mkdir(parents=True, exist_ok=True)
    with (data_dir / "launcher.out").open("wb") as log:
        return subprocess.Popen([PYTHON, *command], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})})


def _wait(process: subprocess.Popen[bytes], data_dir: Path, ready: Callable[[], bool]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            if process.poll() is None:
                process.kill()
                process.wait()
            logs = "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
                             for path in sorted((data_dir / "log").glob("*.log")))
            raise NotStarted(f"the service did not start (see {data_dir}):\n{launcher_output(data_dir)}\n{logs}")
        time.sleep(1)


def healthy(url: str) -> bool:
    """The router at ``url`` answers /health with status ok."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=3) as response:
            return json.loads(response.read()).get("status") == "ok"
    except (OSError, ValueError):
        return False
