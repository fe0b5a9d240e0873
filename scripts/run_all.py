"""Start Rasa, the action server and the router on the embedded default; stop all three on Ctrl-C.

    .venv/bin/python scripts/run_all.py [--host 127.0.0.1] [--router-port 8080] [--rasa-port 5005]
                                        [--action-port 5055] [--data-dir var] [--no-seed]

Trains the model first when its inputs changed (scripts/train_if_needed.py). Each process logs to
<data-dir>/log/<name>.log. Exits non-zero when a process dies or does not become healthy in time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import train_if_needed  # noqa: E402

READY_TIMEOUT_S = 240


# A child that dies is started again (like a process manager would), at most this often; then the launcher gives up.
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


def write_endpoints(data_dir: Path, action_port: int, action_token: str) -> Path:
    """endpoints.yml with this run's action server port, its token (only Rasa may call it) and tracker file."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    endpoints.setdefault("action_endpoint", {}).update(url=f"http://127.0.0.1:{action_port}/webhook",
                                                       token=action_token)
    tracker = endpoints.get("tracker_store") or {}
    if tracker.get("dialect", "sqlite") == "sqlite":
        endpoints["tracker_store"] = {**tracker, "type": "SQL", "dialect": "sqlite",
                                      "db": str(data_dir / "rasa_tracker.db")}
    path = data_dir / "endpoints.yml"
    path.touch(mode=0o600)
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return path


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


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def start(name: str, command: list[str], env: dict[str, str], log_dir: Path, health_url: str) -> Child:
    log_path = log_dir / f"{name}.log"
    log_file = log_path.open("ab")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                               start_new_session=True)
    child = Child(name, process, health_url, log_path, command, env)
    child.write_pid()
    return child


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


def stop(children: list[Child]) -> None:
    for child in children:
        if child.process.poll() is None:
            os.killpg(child.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for child in children:
        try:
            child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.process.pid, signal.SIGKILL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("NAVCHAT_HOST", "127.0.0.1"))
    parser.add_argument("--router-port", type=int, default=int(os.environ.get("NAVCHAT_PORT", "8080")))
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var")
    parser.add_argument("--oidc-port", type=int, default=8090, help="the local OpenID provider (no real issuer)")
    parser.add_argument("--no-seed", action="store_true", help="do not create the development staff users")
    args = parser.parse_args()

    data_dir = args.data_dir.resolve()
    log_dir = data_dir / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    model = train_if_needed.train()
    action_token = secrets.token_hex(24)
    endpoints = write_endpoints(data_dir, args.action_port, action_token)
    # Hex, not urlsafe: a token starting with "-" would be read by argparse as an option.
    rasa_token = secrets.token_hex(24)
    router_url = f"http://{args.host}:{args.router_port}"
    env = {
        **os.environ,
        "NAVCHAT_HOST": args.host,
        "NAVCHAT_PORT": str(args.router_port),
        "NAVCHAT_DATABASE_URL": os.environ.get(
            "NAVCHAT_DATABASE_URL", f"sqlite+aiosqlite:///{data_dir / 'router.db'}"
        ),
        "NAVCHAT_RASA_URL": f"http://127.0.0.1:{args.rasa_port}",
        "NAVCHAT_RASA_TOKEN": rasa_token,
        "NAVCHAT_ACTION_TOKEN": action_token,
        # retention deletes Rasa's tracker of a conversation with its transcript
        "NAVCHAT_RASA_TRACKER_URL": f"sqlite+aiosqlite:///{data_dir / 'rasa_tracker.db'}",
        "NAVCHAT_ACTION_SERVER_URL": f"http://127.0.0.1:{args.action_port}",
        "NAVCHAT_ROUTER_URL": f"http://127.0.0.1:{args.router_port}",
        "NAVCHAT_INTERNAL_TOKEN": os.environ.get("NAVCHAT_INTERNAL_TOKEN", secrets.token_hex(24)),
        "SANIC_HOST": "127.0.0.1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "PYTHONUNBUFFERED": "1",
    }
    python = str(ROOT / ".venv" / "bin" / "python")
    # Login: a real issuer when configured (README "Login"), else the local provider with synthetic persons.
    oidc = None if os.environ.get("NAVCHAT_OIDC_ISSUER") else local_oidc(args.host, args.oidc_port, router_url)
    if oidc:
        env.update(oidc[0])
    # Development users (published passwords) only in the embedded development database: never in a database the
    # operator configured with NAVCHAT_DATABASE_URL (router.cli seed-dev-users refuses that too).
    seed = not args.no_seed and "NAVCHAT_DATABASE_URL" not in os.environ
    if seed:
        subprocess.run([python, "-m", "router.cli", "seed-dev-users"], cwd=ROOT, env=env, check=True)

    children = [
        start("actions", [python, "-m", "actions.server", "--actions", "actions", "-p", str(args.action_port)], env,
              log_dir, f"http://127.0.0.1:{args.action_port}/health"),
        # No secret on a command line: scripts/rasa_run.py hands NAVCHAT_RASA_TOKEN to Rasa inside the process.
        start("rasa", [str(ROOT / ".venv-rasa" / "bin" / "python"), "scripts/rasa_run.py", "--enable-api",
                       "-m", str(model), "--endpoints", str(endpoints), "--credentials", "credentials.yml",
                       "-i", "127.0.0.1", "-p", str(args.rasa_port)], env,
              log_dir, f"http://127.0.0.1:{args.rasa_port}/"),
        start("router", [python, "-m", "router.app"], env, log_dir, f"http://127.0.0.1:{args.router_port}/health"),
    ]
    if oidc:
        children.append(start("oidc", ["node", "scripts/oidc_provider/provider.mjs"], {**env, **oidc[1]}, log_dir,
                              f"{oidc[0]['NAVCHAT_OIDC_ISSUER']}/.well-known/openid-configuration"))

    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        waiting = list(children)
        while waiting and not stopping:
            for child in list(waiting):
                if child.process.poll() is not None:
                    print(f"[run] {child.name} exited with {child.process.returncode}; see {child.log_path}",
                          file=sys.stderr)
                    return 1
                if healthy(child.health_url):
                    waiting.remove(child)
            if time.monotonic() > deadline:
                names = ", ".join(c.name for c in waiting)
                print(f"[run] not healthy after {READY_TIMEOUT_S} s: {names}; see {log_dir}", file=sys.stderr)
                return 1
            time.sleep(0.5)
        if stopping:
            return 0
        print(f"\n  Chat (bruker):          {router_url}/", flush=True)
        print(f"  Veileder console:       {router_url}/veileder", flush=True)
        print(f"  Kontaktsenter:          {router_url}/kontaktsenter", flush=True)
        print(f"  Health:                 {router_url}/health", flush=True)
        if oidc:
            print(f"  Login (local, SYNTETISK persons): {oidc[0]['NAVCHAT_OIDC_ISSUER']}/", flush=True)
        print(f"  Rasa HTTP API:          http://127.0.0.1:{args.rasa_port}/", flush=True)
        print(f"  Logs:                   {log_dir}/", flush=True)
        if seed:
            print("  Dev logins:             veileder1 / passord-veileder1, nks1 / passord-nks1, "
                  "admin1 / passord-admin1", flush=True)
        print("  Ctrl-C stops all three.\n", flush=True)
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


if __name__ == "__main__":
    sys.exit(main())
