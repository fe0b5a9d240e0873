"""Child processes for the launchers (scripts/run_all.py, scripts/run_scaled.py): start each with its log, wait
until all are healthy, start a dead one again (like a process manager would), stop all on Ctrl-C, SIGTERM or SIGHUP
(the terminal closed), kill and start again a child that stops answering its liveness URL (hung: kill -STOP,
swapping, a deadlock), and stop a running launcher from another shell (``--stop``, ``stop_running``).

Pid files in <data-dir>/log/: launcher.pid (the launcher) and <name>.pid (each child, the leader of its own process
group), removed when they stop."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT_S = 240

# A child that dies is started again, at most this often; then it is left down (the others keep running).
MAX_RESTARTS = 5
RESTART_WINDOW_S = 60.0
LAUNCHER_PID = "launcher.pid"

# A running child whose liveness URL has not answered for this long is hung: it is killed and started again (counted
# with the restarts above). Long enough for Rasa under full load (it answers "/" between turns) and for a stalled
# disk; 0 turns it off.
HUNG_AFTER_S = float(os.environ.get("NAVCHAT_HUNG_AFTER_S", "60"))
LIVENESS_TIMEOUT_S = 3.0

# Each child's log is rotated when it passes this size, keeping this many older files (<name>.log.1 the newest);
# a service left running for months used to grow its logs without end. 0 MB turns rotation off.
LOG_MAX_BYTES = int(float(os.environ.get("NAVCHAT_LOG_MAX_MB", "50")) * 1024 * 1024)
LOG_KEEP = int(os.environ.get("NAVCHAT_LOG_KEEP", "5"))
LOG_CHECK_EVERY_S = 10.0


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    health_url: str
    log_path: Path
    command: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    restarts: list[float] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)  # its first start (NAVCHAT_CLOCK_START runs on from it)
    given_up: bool = False  # died too often: left down
    live_url: str = ""  # answers while the process works at all (the router's /health/live); else health_url
    last_answer: float = field(default_factory=time.monotonic)  # the last time the liveness URL answered
    answered_since_start: bool = False  # a child still loading (Rasa: its model) is not hung yet

    @property
    def liveness_url(self) -> str:
        return self.live_url or self.health_url

    @property
    def pid_path(self) -> Path:
        return self.log_path.parent / f"{self.name}.pid"

    def write_pid(self) -> None:
        self.pid_path.write_text(str(self.process.pid))


def moved_clock(env: Mapping[str, str], elapsed_s: float) -> dict[str, str]:
    """``env`` for a child started again ``elapsed_s`` after its first start: NAVCHAT_CLOCK_START moved on by that
    much, so the router's clock runs on across the restart instead of jumping back to the instant given once (a
    transcript read 11:06, then 11:00; probe 98)."""
    moved = dict(env)
    given = env.get("NAVCHAT_CLOCK_START")
    if given:
        with contextlib.suppress(ValueError):  # the router refuses it with its reason
            moved["NAVCHAT_CLOCK_START"] = (datetime.fromisoformat(given) + timedelta(seconds=elapsed_s)).isoformat()
    return moved


def local_oidc(host: str, port: int, router_url: str) -> tuple[dict[str, str], dict[str, str]]:
    """(router env, provider env) for the local OpenID provider with the SYNTETISKE test persons
    (scripts/oidc_provider), used when no real issuer is configured (NAVCHAT_OIDC_ISSUER)."""
    issuer = f"http://{host}:{port}"
    secret = secrets.token_hex(24)
    router_env = {"NAVCHAT_OIDC_ISSUER": issuer, "NAVCHAT_OIDC_CLIENT_ID": "navchat-local",
                  "NAVCHAT_OIDC_CLIENT_SECRET": secret, "NAVCHAT_OIDC_REDIRECT_URI": f"{router_url}/oauth2/callback"}
    provider_env = {"OIDC_PORT": str(port), "OIDC_ISSUER": issuer, "OIDC_CLIENT_ID": "navchat-local",
                    "OIDC_CLIENT_SECRET": secret, "OIDC_REDIRECT_URIS": f"{router_url}/oauth2/callback",
                    "OIDC_POST_LOGOUT_URIS": f"{router_url}/oauth2/logged-out"}
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
    print(f"  Tilgangslogg (audit):   {url}/tilgangslogg", flush=True)


def healthy(url: str, timeout_s: float = 2) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
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


def start(name: str, command: list[str], env: dict[str, str], log_dir: Path, health_url: str,
          live_url: str = "") -> Child:
    """``health_url``: answers 200 when the child is ready (waited for at start); ``live_url``: answers while the
    process works at all, checked while it runs (default ``health_url``)."""
    log_path = log_dir / f"{name}.log"
    log_file = log_path.open("ab")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                               start_new_session=True)
    child = Child(name, process, health_url, log_path, command, env, live_url=live_url)
    child.write_pid()
    return child


def start_rasa(name: str, model: Path, endpoints: Path | str, port: int, env: dict[str, str], log_dir: Path) -> Child:
    """One `rasa run` on 127.0.0.1:``port``. No secret on a command line: scripts/rasa_run.py hands
    NAVCHAT_RASA_TOKEN to Rasa inside the process."""
    command = [str(ROOT / ".venv-rasa" / "bin" / "python"), "scripts/rasa_run.py", "--enable-api", "-m", str(model),
               "--endpoints", str(endpoints), "--credentials", "credentials.yml", "-i", "127.0.0.1", "-p", str(port)]
    return start(name, command, env, log_dir, f"http://127.0.0.1:{port}/")


def rotate_log(path: Path, max_bytes: int = LOG_MAX_BYTES, keep: int = LOG_KEEP) -> bool:
    """Rotate ``path`` once it has ``max_bytes`` or more: ``<name>.log.N`` moves to ``.N+1`` (``.keep`` is the oldest
    kept), the log is copied to ``.1`` and emptied in place. Copy and truncate, as logrotate's copytruncate: the child
    keeps its open file (appending, so it writes on from the start), nothing is restarted; a line written between
    the copy and the truncation is lost. True when rotated."""
    try:
        if max_bytes <= 0 or path.stat().st_size < max_bytes:
            return False
    except FileNotFoundError:
        return False
    for n in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{n + 1}"))
    if keep > 0:
        newest = path.with_name(f"{path.name}.1")
        shutil.copyfile(path, newest)
        newest.chmod(0o600)  # logs are the operator's only (README)
    os.truncate(path, 0)
    return True


def restart(child: Child) -> bool:
    """Start a child that died again; False when it died too often lately (it is then left down)."""
    # What the dead process left behind (Sanic's worker processes, in its process group) goes with it.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.process.pid, signal.SIGKILL)
    now = time.monotonic()
    child.restarts = [t for t in child.restarts if now - t < RESTART_WINDOW_S] + [now]
    if len(child.restarts) > MAX_RESTARTS:
        return False
    log_file = child.log_path.open("ab")
    child.process = subprocess.Popen(child.command, cwd=ROOT, env=moved_clock(child.env, now - child.started),
                                     stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    child.write_pid()
    child.last_answer, child.answered_since_start = now, False
    return True


def hung(children: list[Child], hung_after_s: float, pool: ThreadPoolExecutor) -> list[Child]:
    """The running children whose liveness URL has not answered for ``hung_after_s`` (all asked at once, within
    LIVENESS_TIMEOUT_S each). One that was (re)started and never answered yet gets READY_TIMEOUT_S to load."""
    running = [child for child in children if not child.given_up and child.process.poll() is None]
    answers = pool.map(lambda child: healthy(child.liveness_url, LIVENESS_TIMEOUT_S), running)
    now = time.monotonic()
    found = []
    for child, answered in zip(running, answers, strict=True):
        if answered:
            child.last_answer, child.answered_since_start = now, True
        elif now - child.last_answer > (hung_after_s if child.answered_since_start else READY_TIMEOUT_S):
            found.append(child)
    return found


def stop(children: list[Child], each_s: float = 10.0, total_s: float = 25.0) -> None:
    """In the reverse of the start order, one at a time: the routers stop taking messages and finish their bot
    turns while Rasa and the action servers still answer; then Rasa, then the action servers it calls. (All at
    once, the action servers died first and turns in flight ended with Rasa's empty answer.)"""
    deadline = time.monotonic() + total_s
    for child in reversed(children):
        if child.process.poll() is None:
            os.killpg(child.process.pid, signal.SIGTERM)
            try:
                child.process.wait(timeout=max(0.1, min(each_s, deadline - time.monotonic())))
            except subprocess.TimeoutExpired:
                os.killpg(child.process.pid, signal.SIGKILL)
                child.process.wait()
        child.pid_path.unlink(missing_ok=True)


def _say(line: str) -> None:
    """To the launcher's terminal, which may be gone (SIGHUP): then only the logs have it."""
    with contextlib.suppress(OSError):
        print(line, file=sys.stderr, flush=True)


def _give_up(child: Child) -> None:
    child.given_up = True
    child.pid_path.unlink(missing_ok=True)
    line = (f"[run] !!! {child.name} is DOWN and stays down: it stopped {MAX_RESTARTS} times in "
            f"{RESTART_WINDOW_S:.0f} s (last exit code {child.process.returncode}). The other processes keep "
            f"running. Find the cause in {child.log_path}, then restart the service.")
    _say(line)
    with contextlib.suppress(OSError), child.log_path.open("a") as log:
        log.write(f"\n{line}\n")


def supervise(children: list[Child], log_dir: Path, on_ready: Callable[[], None],
              ready_timeout_s: float = READY_TIMEOUT_S, restart_while_starting: bool = False,
              hung_after_s: float = HUNG_AFTER_S) -> int:
    """Wait until every child is healthy, call ``on_ready`` (the launcher prints its URLs), then start a child
    that dies again, or that has not answered its liveness URL for ``hung_after_s`` (killed first; a hung router
    used to stay hung, probe 98), until Ctrl-C, SIGTERM or SIGHUP; stops every child on the way out. The launcher's exit code:
    1 when a child was left down (it died too often: the others kept running without it, probe 98) or the start
    failed.

    ``restart_while_starting``: a child that dies before it was ever healthy is started again too (several Rasa
    processes creating their tables in one new database may trip over each other once) instead of ending all."""
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    # SIGHUP: the terminal closed. Unhandled, it ended the launcher alone and left its children running unwatched.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    launcher_pid = log_dir / LAUNCHER_PID
    launcher_pid.write_text(str(os.getpid()))

    try:
        deadline = time.monotonic() + ready_timeout_s
        waiting = list(children)
        while waiting and not stopping:
            for child in list(waiting):
                if child.process.poll() is not None:
                    _say(f"[run] {child.name} exited with {child.process.returncode}; see {child.log_path}")
                    if not (restart_while_starting and restart(child)):
                        return 1
                    continue
                if healthy(child.health_url):
                    waiting.remove(child)
            if time.monotonic() > deadline:
                names = ", ".join(c.name for c in waiting)
                _say(f"[run] not healthy after {ready_timeout_s:.0f} s: {names}; see {log_dir}")
                return 1
            time.sleep(0.5)
        if stopping:
            return 0
        on_ready()
        now = time.monotonic()
        for child in children:
            child.last_answer, child.answered_since_start = now, True
        check_every_s = max(0.5, min(5.0, hung_after_s / 4))
        next_check, next_rotation = now + check_every_s, now
        pool = ThreadPoolExecutor(max_workers=len(children), thread_name_prefix="liveness")
        while not stopping and not all(child.given_up for child in children):
            for child in children:
                if child.given_up or stopping or child.process.poll() is None:
                    continue
                code = child.process.returncode
                if restart(child):
                    _say(f"[run] {child.name} stopped ({code}); started it again; see {child.log_path}")
                else:
                    _give_up(child)
            if hung_after_s > 0 and time.monotonic() >= next_check and not stopping:
                for child in hung(children, hung_after_s, pool):
                    silent_s = time.monotonic() - child.last_answer
                    if restart(child):  # SIGKILL to its process group first: a stopped process dies too
                        _say(f"[run] {child.name} did not answer {child.liveness_url} for {silent_s:.0f} s (hung); "
                             f"killed it and started it again; see {child.log_path}")
                    else:
                        _give_up(child)
                next_check = time.monotonic() + check_every_s
            if time.monotonic() >= next_rotation:
                for child in children:
                    with contextlib.suppress(OSError):  # a full disk must not stop the watching
                        rotate_log(child.log_path)
                next_rotation = time.monotonic() + LOG_CHECK_EVERY_S
            time.sleep(0.5)
        pool.shutdown(wait=False, cancel_futures=True)
        down = [child.name for child in children if child.given_up]
        if down:
            _say(f"[run] !!! left down after dying too often: {', '.join(down)} (exit status 1)")
        return 1 if down else 0
    finally:
        stop(children)
        launcher_pid.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            print("[run] stopped", flush=True)


def _pid_in(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (exited, not yet reaped) has nothing left to stop
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _our_child(pid: int) -> bool:
    """A child a launcher of this checkout started: the leader of its own session, working in this checkout (a pid
    file outlives its process; the number may belong to someone else's by now)."""
    try:
        return os.getsid(pid) == pid and Path(f"/proc/{pid}/cwd").resolve() == ROOT
    except OSError:
        return False


def _wait_gone(pids: list[int], timeout_s: float) -> list[int]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        pids = [pid for pid in pids if _alive(pid)]
        if not pids:
            break
        time.sleep(0.2)
    return [pid for pid in pids if _alive(pid)]


def stop_running(log_dir: Path, launcher_script: str, timeout_s: float = 60.0) -> int:
    """Stop the service whose pid files are in ``log_dir`` (the launchers' ``--stop``): SIGTERM to the launcher,
    which stops its children in order as on Ctrl-C; then any child left without its launcher (a launcher killed
    with SIGKILL) gets SIGTERM to its process group, SIGKILL after 10 s. 0 when nothing of it runs any more."""
    launcher = _pid_in(log_dir / LAUNCHER_PID)
    stopped: list[str] = []
    if launcher is not None and _alive(launcher):
        try:
            command = Path(f"/proc/{launcher}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            command = ""
        if launcher_script in command:
            os.kill(launcher, signal.SIGTERM)
            if _wait_gone([launcher], timeout_s):
                print(f"the launcher ({launcher}) did not stop within {timeout_s:.0f} s", file=sys.stderr)
                return 1
            stopped.append(f"launcher {launcher}")
    (log_dir / LAUNCHER_PID).unlink(missing_ok=True)
    left: dict[str, int] = {}
    for path in sorted(log_dir.glob("*.pid")):
        pid = _pid_in(path)
        if path.name != LAUNCHER_PID and pid is not None and _alive(pid) and _our_child(pid):
            left[path.stem] = pid
        else:
            path.unlink(missing_ok=True)
    for pid in left.values():
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGTERM)
    for pid in _wait_gone(list(left.values()), 10.0):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    still = _wait_gone(list(left.values()), 5.0)
    for name, pid in left.items():
        if pid not in still:
            (log_dir / f"{name}.pid").unlink(missing_ok=True)
            stopped.append(f"{name} {pid} (without its launcher)")
    if still:
        print(f"could not stop: {', '.join(map(str, still))}", file=sys.stderr)
        return 1
    print(f"stopped: {', '.join(stopped)}" if stopped else f"nothing was running ({log_dir})", flush=True)
    return 0
