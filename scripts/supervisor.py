"""Child processes for the launchers (scripts/run_all.py, scripts/run_scaled.py): start each with its log, wait
until all are healthy, start a dead one again (like a process manager would), stop all on Ctrl-C or SIGTERM."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT_S = 240

# A child that dies is started again, at most this often; then the launcher gives up.
MAX_RESTARTS = 5
RESTART_WINDOW_S = 60.0


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    health_url: str
    log_path: Path
    command: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    restarts: list[float] = field(default_factory=list)

    def write_pid(self) -> None:
        (self.log_path.parent / f"{self.name}.pid").write_text(str(self.process.pid))


def local_oidc(host: str, port: int, router_url: str) -> tuple[dict[str, str], dict[str, str]]:
    """(router env, provider env) for the local OpenID provider with the SYNTETISKE test persons
    (scripts/oidc_provider), used when no real issuer is configured (NAVCHAT_OIDC_ISSUER)."""
    issuer = f"http://{host}:{port}"
    secret = secrets.token_hex(24)
    router_env = {"NAVCHAT_OIDC_ISSUER": issuer, "NAVCHAT_OIDC_CLIENT_ID": "navchat-local",
                  "NAVCHAT_OIDC_CLIENT_SECRET": secret, "NAVCHAT_OIDC_REDIRECT_URI": f"{router_url}/oauth2/callback"}
    provider_env = {"OIDC_PORT": str(port), "OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": "navchat-local",
                    "OIDC_CLIENT_SECRET": secret, "OIDC_REDIRECT_URIS": f"{router_url}/oauth2/callback",
                    "OIDC_POST_LOGOUT_URIS": f"{router_url}/"}
    return router_env, provider_env


def start_oidc(env: dict[str, str], oidc: tuple[dict[str, str], dict[str, str]], log_dir: Path) -> Child:
    """The local OpenID provider (scripts/oidc_provider) with the settings from ``local_oidc``."""
    return start("oidc", ["node", "scripts/oidc_provider/provider.mjs"], {**env, **oidc[1]}, log_dir,
                 f"{oidc[0]['NAVCHAT_OIDC_ISSUER']}/.well-known/openid-configuration")


def print_pages(url: str, note: str = "") -> None:
    """The first lines a launcher prints when all is up: the pages for brukere and staff."""
    print(f"\n  Chat (bruker):          {url}/{note}", flush=True)
    print(f"  Veileder console:       {url}/veileder", flush=True)
    print(f"  Kontaktsenter:          {url}/kontaktsenter", flush=True)


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def ports_in_use(ports: list[int], host: str = "127.0.0.1") -> list[int]:
    """The ports something already listens on. Checked before a launcher writes or starts anything: a second
    launcher on the same ports used to find the first one's processes healthy, print its banner, and overwrite
    the first one's pid files and configuration while its own processes failed to bind."""
    busy = []
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(0.5)
            if probe.connect_ex((host, port)) == 0:
                busy.append(port)
    return busy


def refuse_busy_ports(named: dict[str, int], host: str = "127.0.0.1") -> bool:
    """Print which of ``named`` (what -> port) are taken and how to move them; True when any is."""
    busy = set(ports_in_use(list(named.values()), host))
    for what, port in named.items():
        if port in busy:
            print(f"port {port} ({what}) is already in use: is the service already running? Stop it, or choose other "
                  "ports (--help). Nothing was started.", file=sys.stderr, flush=True)
    return bool(busy)


def start(name: str, command: list[str], env: dict[str, str], log_dir: Path, health_url: str) -> Child:
    log_path = log_dir / f"{name}.log"
    log_file = log_path.open("ab")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                               start_new_session=True)
    child = Child(name, process, health_url, log_path, command, env)
    child.write_pid()
    return child


def start_rasa(name: str, model: Path, endpoints: Path | str, port: int, env: dict[str, str], log_dir: Path) -> Child:
    """One `rasa run` on 127.0.0.1:``port``. No secret on a command line: scripts/rasa_run.py hands
    NAVCHAT_RASA_TOKEN to Rasa inside the process."""
    command = [str(ROOT / ".venv-rasa" / "bin" / "python"), "scripts/rasa_run.py", "--enable-api", "-m", str(model),
               "--endpoints", str(endpoints), "--credentials", "credentials.yml", "-i", "127.0.0.1", "-p", str(port)]
    return start(name, command, env, log_dir, f"http://127.0.0.1:{port}/")


def restart(child: Child) -> bool:
    """Start a child that died again; False when it died too often lately (then everything stops)."""
    now = time.monotonic()
    child.restarts = [t for t in child.restarts if now - t < RESTART_WINDOW_S] + [now]
    if len(child.restarts) > MAX_RESTARTS:
        return False
    # What the dead process left behind (Sanic's worker processes, in its process group) goes with it.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.process.pid, signal.SIGKILL)
    log_file = child.log_path.open("ab")
    child.process = subprocess.Popen(child.command, cwd=ROOT, env=child.env, stdout=log_file,
                                     stderr=subprocess.STDOUT, start_new_session=True)
    child.write_pid()
    return True


def stop(children: list[Child], each_s: float = 10.0, total_s: float = 25.0) -> None:
    """In the reverse of the start order, one at a time: the routers stop taking messages and finish their bot
    turns while Rasa and the action servers still answer; then Rasa, then the action servers it calls. (All at
    once, the action servers died first and turns in flight ended with Rasa's empty answer.)"""
    deadline = time.monotonic() + total_s
    for child in reversed(children):
        if child.process.poll() is not None:
            continue
        os.killpg(child.process.pid, signal.SIGTERM)
        try:
            child.process.wait(timeout=max(0.1, min(each_s, deadline - time.monotonic())))
        except subprocess.TimeoutExpired:
            os.killpg(child.process.pid, signal.SIGKILL)
            child.process.wait()


def supervise(children: list[Child], log_dir: Path, on_ready: Callable[[], None],
              ready_timeout_s: float = READY_TIMEOUT_S, restart_while_starting: bool = False) -> int:
    """Wait until every child is healthy, call ``on_ready`` (the launcher prints its URLs), then start a child
    that dies again until Ctrl-C or SIGTERM; stops every child on the way out. The launcher's exit code.

    ``restart_while_starting``: a child that dies before it was ever healthy is started again too (several Rasa
    processes creating their tables in one new database may trip over each other once) instead of ending all."""
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    try:
        deadline = time.monotonic() + ready_timeout_s
        waiting = list(children)
        while waiting and not stopping:
            for child in list(waiting):
                if child.process.poll() is not None:
                    print(f"[run] {child.name} exited with {child.process.returncode}; see {child.log_path}",
                          file=sys.stderr, flush=True)
                    if not (restart_while_starting and restart(child)):
                        return 1
                    continue
                if healthy(child.health_url):
                    waiting.remove(child)
            if time.monotonic() > deadline:
                names = ", ".join(c.name for c in waiting)
                print(f"[run] not healthy after {ready_timeout_s:.0f} s: {names}; see {log_dir}", file=sys.stderr)
                return 1
            time.sleep(0.5)
        if stopping:
            return 0
        on_ready()
        while not stopping:
            for child in children:
                if child.process.poll() is not None and not stopping:
                    print(f"[run] {child.name} stopped ({child.process.returncode}); starting it again; see "
                          f"{child.log_path}", file=sys.stderr, flush=True)
                    if not restart(child):
                        print(f"[run] {child.name} stopped {MAX_RESTARTS} times in {RESTART_WINDOW_S:.0f} s; "
                              "giving up", file=sys.stderr)
                        return 1
            time.sleep(0.5)
        return 0
    finally:
        stop(children)
        print("[run] stopped", flush=True)
