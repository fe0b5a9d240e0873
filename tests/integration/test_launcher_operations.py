"""Operating the launchers (scripts/supervisor.py, run_all.py, run_scaled.py), after probe 98:

- HAProxy keeps a router whose /health is slow (a hung Rasa behind it): it checks /health/ready, with its own
  timeout;
- a child that keeps dying is left down, loudly, and the others keep running (exit status 1 at the end);
- NAVCHAT_CLOCK_START runs on across a restart instead of jumping back;
- a child that stops answering (kill -STOP: hung, not dead) is killed and started again;
- SIGHUP (the terminal closed) stops the children; `--stop` stops a running service from another shell, and the
  children of a launcher killed outright.

The launcher here is a small driver named run_all.py that calls supervise() with stand-in children (a few lines of
Python each), so the test takes seconds, not a model load."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.processes import free_port

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from run_scaled import haproxy_config  # noqa: E402
from supervisor import Child, restart, start  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")

# A child that answers its health URL; FLAKY: the first start lives 2 s, every later one dies at once.
CHILD = '''
import http.server, os, sys, time, threading
port, flaky_marker = int(sys.argv[1]), sys.argv[2]
if flaky_marker != "-" and os.path.exists(flaky_marker):
    sys.exit(3)
class Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers()
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Ok)
threading.Thread(target=server.serve_forever, daemon=True).start()
print("up", flush=True)
if flaky_marker != "-":
    open(flaky_marker, "w").close()
    time.sleep(2)
    sys.exit(3)
while True:
    time.sleep(0.1)
'''

# The launcher: named run_all.py, as `run_all.py --stop` expects to find in the launcher's command line.
DRIVER = '''
import sys
sys.path.insert(0, {scripts!r})
from pathlib import Path
from supervisor import start, supervise
log_dir = Path(sys.argv[1])
children = []
for name, port, flaky in (("steady", int(sys.argv[2]), "-"), ("flaky", int(sys.argv[3]), sys.argv[4])):
    children.append(start(name, [sys.executable, {child!r}, str(port), flaky], {{"PATH": "/usr/bin:/bin"}}, log_dir,
                          f"http://127.0.0.1:{{port}}/"))
sys.exit(supervise(children, log_dir, lambda: print("Ctrl-C stops all", flush=True)))
'''


class Launcher:
    def __init__(self, tmp_path: Path, *, flaky: bool, hung_after_s: float = 60,
                 env: dict[str, str] | None = None, old_log: bytes = b"") -> None:
        self.log_dir = tmp_path / "data" / "log"
        self.log_dir.mkdir(parents=True)
        if old_log:  # what an earlier run of the service wrote
            (self.log_dir / "steady.log").write_bytes(old_log)
        self.child_script = str(tmp_path / "child.py")
        (tmp_path / "child.py").write_text(CHILD)
        (tmp_path / "run_all.py").write_text(DRIVER.format(scripts=str(ROOT / "scripts"),
                                                           child=str(tmp_path / "child.py")))
        self.steady_port, flaky_port = free_port(), free_port()
        self.out = tmp_path / "launcher.out"
        with self.out.open("wb") as out:
            self.process = subprocess.Popen(
                [PYTHON, str(tmp_path / "run_all.py"), str(self.log_dir), str(self.steady_port), str(flaky_port),
                 str(tmp_path / "flaky.started") if flaky else "-"],
                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, "NAVCHAT_HUNG_AFTER_S": str(hung_after_s), **(env or {})})
        self.wait_for(lambda: "Ctrl-C stops all" in self.output(), "the launcher watches")
        self.steady_pid = int((self.log_dir / "steady.pid").read_text())

    def output(self) -> str:
        return self.out.read_text(errors="replace")

    def wait_for(self, done: Callable[[], bool], what: str, timeout_s: float = 30) -> None:
        deadline = time.monotonic() + timeout_s
        while not done():
            assert time.monotonic() < deadline, f"{what}: not within {timeout_s} s\n{self.output()}"
            time.sleep(0.1)

    def steady_answers(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.steady_port}/", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def kill(self) -> None:
        """What a failed test left running: only this test's own children (their command names its child.py)."""
        pids = {self.steady_pid, *(int(f.read_text()) for f in self.log_dir.glob("*.pid") if f.name != "launcher.pid")}
        for pid in pids:
            with contextlib.suppress(OSError, ValueError):
                if self.child_script in Path(f"/proc/{pid}/cmdline").read_text() and os.getsid(pid) == pid:
                    os.killpg(pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def launched(tmp_path: Path) -> Iterator[Callable[..., Launcher]]:
    started: list[Launcher] = []

    def launch(*, flaky: bool = False, hung_after_s: float = 60, env: dict[str, str] | None = None,
               old_log: bytes = b"") -> Launcher:
        started.append(Launcher(tmp_path, flaky=flaky, hung_after_s=hung_after_s, env=env, old_log=old_log))
        return started[-1]

    yield launch
    for launcher in started:
        launcher.kill()


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"


def test_a_child_that_keeps_dying_is_left_down_and_the_others_keep_running(launched: Callable[..., Launcher]) -> None:
    """It used to stop every process, HAProxy and the other router included."""
    launcher = launched(flaky=True)
    launcher.wait_for(lambda: "flaky is DOWN and stays down" in launcher.output(), "the flaky child given up")
    time.sleep(1.5)
    assert launcher.process.poll() is None, "the launcher still watches the others"
    assert launcher.steady_answers() and not gone(launcher.steady_pid)
    assert "flaky is DOWN and stays down" in (launcher.log_dir / "flaky.log").read_text(), "in its log too"
    assert "[run] flaky stopped (3); started it again" in launcher.output(), "the exit code of the dead one"
    launcher.process.send_signal(signal.SIGTERM)
    assert launcher.process.wait(timeout=30) == 1, "the exit status says something was left down"
    assert "left down after dying too often: flaky" in launcher.output()
    assert gone(launcher.steady_pid)


def test_a_hung_child_is_killed_and_started_again(launched: Callable[..., Launcher]) -> None:
    """A stopped (kill -STOP) or deadlocked process was never restarted: it was not dead, so the launcher waited on
    it for ever while its pages timed out (probe 98)."""
    launcher = launched(hung_after_s=3)
    time.sleep(4)
    assert "hung" not in launcher.output(), "a child that answers is left alone"
    hung_pid = launcher.steady_pid
    os.kill(hung_pid, signal.SIGSTOP)
    launcher.wait_for(lambda: "[run] steady did not answer" in launcher.output(), "the hung child found", 30)
    assert "(hung); killed it and started it again" in launcher.output()
    launcher.wait_for(lambda: gone(hung_pid), "the stopped process killed", 10)
    launcher.wait_for(launcher.steady_answers, "the new one answers", 15)
    new_pid = int((launcher.log_dir / "steady.pid").read_text())
    assert new_pid != hung_pid and not gone(new_pid)
    launcher.steady_pid = new_pid  # for the fixture's clean-up
    time.sleep(5)
    assert launcher.output().count("did not answer") == 1, "the new process is not taken for hung"
    assert launcher.process.poll() is None


def test_sighup_stops_the_children_with_the_launcher(launched: Callable[..., Launcher]) -> None:
    """Closing the launcher's terminal used to end the launcher alone: router, Rasa and actions ran on, unwatched."""
    launcher = launched()
    launcher.process.send_signal(signal.SIGHUP)
    assert launcher.process.wait(timeout=30) == 0
    launcher.wait_for(lambda: gone(launcher.steady_pid), "the child stopped", timeout_s=5)
    assert not list(launcher.log_dir.glob("*.pid")), "no pid file left behind"


def test_stop_from_another_shell(launched: Callable[..., Launcher]) -> None:
    launcher = launched()
    assert (launcher.log_dir / "launcher.pid").read_text() == str(launcher.process.pid)
    data_dir = str(launcher.log_dir.parent)
    stopped = subprocess.run([PYTHON, "scripts/run_all.py", "--stop", "--data-dir", data_dir], cwd=ROOT,
                             capture_output=True, text=True, timeout=90)
    assert stopped.returncode == 0 and f"launcher {launcher.process.pid}" in stopped.stdout, stopped
    assert launcher.process.wait(timeout=5) == 0 and gone(launcher.steady_pid)
    again = subprocess.run([PYTHON, "scripts/run_all.py", "--stop", "--data-dir", data_dir], cwd=ROOT,
                           capture_output=True, text=True, timeout=90)
    assert again.returncode == 0 and "nothing was running" in again.stdout


def test_stop_ends_the_children_of_a_launcher_killed_outright(launched: Callable[..., Launcher]) -> None:
    launcher = launched()
    launcher.process.kill()
    launcher.process.wait()
    assert not gone(launcher.steady_pid), "orphaned, still running"
    stopped = subprocess.run([PYTHON, "scripts/run_all.py", "--stop", "--data-dir", str(launcher.log_dir.parent)],
                             cwd=ROOT, capture_output=True, text=True, timeout=90)
    assert stopped.returncode == 0 and f"steady {launcher.steady_pid} (without its launcher)" in stopped.stdout
    assert gone(launcher.steady_pid) and not (launcher.log_dir / "steady.pid").exists()


def test_a_log_past_its_size_is_rotated_while_the_child_writes_on(launched: Callable[..., Launcher]) -> None:
    """Logs grew without end (the last notes: "logs not rotated"). Past NAVCHAT_LOG_MAX_MB the launcher copies the
    log to <name>.log.1 and empties it in place; the child keeps its file and writes on at its start."""
    old = b"an earlier day's line\n" * 4000  # 88 KB
    launcher = launched(env={"NAVCHAT_LOG_MAX_MB": "0.05", "NAVCHAT_LOG_KEEP": "2"}, old_log=old)
    log = launcher.log_dir / "steady.log"
    launcher.wait_for(lambda: (launcher.log_dir / "steady.log.1").exists(), "the log rotated")
    assert (launcher.log_dir / "steady.log.1").read_bytes().startswith(old)
    assert (launcher.log_dir / "steady.log.1").stat().st_mode & 0o777 == 0o600
    assert log.stat().st_size < len(old), "emptied in place"
    assert launcher.steady_answers(), "the child was not disturbed"
    os.kill(launcher.steady_pid, signal.SIGKILL)  # started again: the new process appends to the same file
    launcher.wait_for(lambda: b"up" in log.read_bytes(), "the restarted child writes to the emptied log")
    assert not (launcher.log_dir / "steady.log.3").exists()


def test_the_clock_start_runs_on_across_a_restart(tmp_path: Path) -> None:
    """NAVCHAT_CLOCK_START was applied again at every restart: the router's clock jumped back (11:06 -> 11:00)."""
    start_at = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    script = ("from router.adapters.clock import SystemClock\n"
              "from router.config import Settings\n"
              "print('clock', SystemClock(Settings.from_env().clock_start).now().isoformat(), flush=True)\n")
    env = {"PATH": "/usr/bin:/bin", "NAVCHAT_CLOCK_START": start_at.isoformat(),
           "NAVCHAT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'router.db'}"}
    child: Child = start("router", [PYTHON, "-c", script], env, tmp_path, "")
    child.process.wait(timeout=60)
    time.sleep(3)
    assert restart(child)
    child.process.wait(timeout=60)
    clocks = [datetime.fromisoformat(line.split()[1]) for line in child.log_path.read_text().splitlines()
              if line.startswith("clock ")]
    assert len(clocks) == 2
    assert clocks[0] - start_at < timedelta(seconds=5)
    assert clocks[1] - clocks[0] >= timedelta(seconds=2.5), f"the clock went from {clocks[0]} to {clocks[1]}"


class _SlowHealth(http.server.BaseHTTPRequestHandler):
    """A router with a hung Rasa behind it, as before the fix: /health hangs, the rest answers."""

    def do_GET(self) -> None:
        if self.path == "/health":
            time.sleep(15)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


def test_haproxy_keeps_a_router_whose_full_health_is_slow(tmp_path: Path) -> None:
    """HAProxy checked /health with no `timeout check`: one hung Rasa made every router's /health slow, both were
    marked DOWN, and every page (the console included) was a 503."""
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.skip("HAProxy is not installed (scripts/setup.sh --with-haproxy)")
    router = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), _SlowHealth)
    router.daemon_threads = True
    threading.Thread(target=router.serve_forever, daemon=True).start()
    port = free_port()
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config("127.0.0.1", port, [router.server_address[1]]))
    assert "timeout check" in config.read_text()
    process = subprocess.Popen([haproxy, "-db", "-f", str(config)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        time.sleep(8)  # four checks at `inter 2s`: two failed ones would have taken the router out
        statuses = []
        for _ in range(3):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/veileder", timeout=5) as response:
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
        assert statuses == [200, 200, 200]
    finally:
        process.terminate()
        process.wait(timeout=10)
        router.shutdown()
