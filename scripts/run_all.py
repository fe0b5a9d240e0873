"""Start Rasa, the action server and the router on the embedded default; stop all three on Ctrl-C.

    .venv/bin/python scripts/run_all.py [--host 127.0.0.1] [--router-port 8080] [--rasa-port 5005]
                                        [--rasa-processes 1] [--action-port 5055] [--data-dir var] [--no-seed]
    .venv/bin/python scripts/run_all.py --stop [--data-dir var]     (make stop)

With --rasa-processes N (or NAVCHAT_RASA_PROCESSES), N Rasa processes listen on --rasa-port and the ports after
it, over the one SQLite tracker file; the router keeps each conversation on one of them (router/adapters/
rasa_client.py), so Rasa's in-memory lock store suffices, and another takes over a conversation whose Rasa died.

Trains the model first when its inputs changed (scripts/train_if_needed.py). Each process logs to
<data-dir>/log/<name>.log, its pid in <data-dir>/log/<name>.pid (the launcher's in launcher.pid). Exits non-zero
when a process does not become healthy in time, or died too often and was left down. Ctrl-C, SIGTERM and SIGHUP (the
terminal closed) stop everything; so does --stop from another shell, with the same --data-dir.
"""

from __future__ import annotations

import argparse
import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import train_if_needed  # noqa: E402
from supervisor import (  # noqa: E402
    local_oidc,
    print_pages,
    refuse_busy_ports,
    start,
    start_oidc,
    start_rasa,
    stop_running,
    supervise,
)

# The data dir holds chats (router.db, Rasa's tracker, secrets.json, the logs): the service's user only (probe 98:
# files 0644 in a 0755 folder). Every process started from here inherits the umask.
PRIVATE_UMASK = 0o077


def private_data_dir(data_dir: Path) -> None:
    """Create ``data_dir`` and its log dir 0700 and tighten what an earlier run left there to 0600 (0700 for
    folders); the umask makes what comes after private too. A shared folder (sticky, like /tmp) is not changed."""
    os.umask(PRIVATE_UMASK)
    for folder in (data_dir, data_dir / "log"):
        folder.mkdir(parents=True, exist_ok=True)
        if folder.stat().st_mode & stat.S_ISVTX:
            print(f"  {folder} is a shared folder: its mode is left as it is", flush=True)
            continue
        folder.chmod(0o700)
    for folder in (data_dir, data_dir / "log"):
        for path in folder.iterdir():
            if path.is_symlink() or path.stat().st_uid != os.getuid() or not path.stat().st_mode & 0o077:
                continue
            if path.is_file():
                path.chmod(0o600)
            elif path.is_dir() and path.name != "log":
                path.chmod(0o700)


def write_endpoints(data_dir: Path, action_port: int, action_token: str) -> Path:
    """endpoints.yml with this run's action server port, its token (only Rasa may call it) and tracker file."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text()) or {}
    endpoints.setdefault("action_endpoint", {}).update(url=f"http://127.0.0.1:{action_port}/webhook",
                                                       token=action_token)
    tracker = endpoints.get("tracker_store") or {}
    if tracker.get("dialect", "sqlite") == "sqlite":
        endpoints["tracker_store"] = {"type": "bot.tracker_cache.CachedSQLTrackerStore", **tracker, "dialect": "sqlite",
                                      "db": str(data_dir / "rasa_tracker.db")}
    path = data_dir / "endpoints.yml"
    path.touch(mode=0o600)
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("NAVCHAT_HOST", "127.0.0.1"))
    parser.add_argument("--router-port", type=int, default=int(os.environ.get("NAVCHAT_PORT", "8080")))
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--rasa-processes", type=int, default=int(os.environ.get("NAVCHAT_RASA_PROCESSES", "1")),
                        help="Rasa processes, on --rasa-port and the ports after it (one core each under load)")
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var")
    parser.add_argument("--oidc-port", type=int, default=8090, help="the local OpenID provider (no real issuer)")
    parser.add_argument("--no-seed", action="store_true", help="do not create the development staff users")
    parser.add_argument("--stop", action="store_true",
                        help="stop the service running with this --data-dir (its pid files in <data-dir>/log/)")
    args = parser.parse_args()
    if args.stop:
        return stop_running(args.data_dir.resolve() / "log", "run_all.py")
    if args.rasa_processes < 1:
        parser.error("--rasa-processes must be at least 1")
    rasa_ports = [args.rasa_port + i for i in range(args.rasa_processes)]
    named = {"router": args.router_port, "action server": args.action_port,
             **{f"rasa {i + 1}": port for i, port in enumerate(rasa_ports)}}
    if not os.environ.get("NAVCHAT_OIDC_ISSUER"):
        named["login provider"] = args.oidc_port
    if refuse_busy_ports(named):
        return 2

    data_dir = args.data_dir.resolve()
    log_dir = data_dir / "log"
    private_data_dir(data_dir)
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
        "NAVCHAT_RASA_URL": ",".join(f"http://127.0.0.1:{port}" for port in rasa_ports),
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
    # The schema first, in a process of its own (seeding migrates too): the router then finds it current and
    # never imports Alembic.
    command = "seed-dev-users" if seed else "migrate"
    subprocess.run([python, "-m", "router.cli", command], cwd=ROOT, env=env, check=True)

    children = [
        start("actions", [python, "-m", "actions.server", "--actions", "actions", "-p", str(args.action_port)], env,
              log_dir, f"http://127.0.0.1:{args.action_port}/health"),
        *(start_rasa("rasa" if i == 0 else f"rasa{i + 1}", model, endpoints, port, env, log_dir)
          for i, port in enumerate(rasa_ports)),
        start("router", [python, "-m", "router.app"], env, log_dir,
              f"http://127.0.0.1:{args.router_port}/health/ready", f"http://127.0.0.1:{args.router_port}/health/live"),
    ]
    if oidc:
        children.append(start_oidc(env, oidc, log_dir))

    def on_ready() -> None:
        print_pages(router_url)
        print(f"  Health:                 {router_url}/health", flush=True)
        if oidc:
            print(f"  Login (local, SYNTETISK persons): {oidc[0]['NAVCHAT_OIDC_ISSUER']}/", flush=True)
        for port in rasa_ports:
            print(f"  Rasa HTTP API:          http://127.0.0.1:{port}/", flush=True)
        print(f"  Logs:                   {log_dir}/", flush=True)
        if seed:
            print("  Dev logins:             veileder1 / passord-veileder1, nks1 / passord-nks1, "
                  "admin1 / passord-admin1,\n"
                  "                          vikafossen1 / passord-vikafossen1 (kode 6), "
                  "bergen1 / passord-bergen1 (skjermet),\n"
                  "                          revisor1 / passord-revisor1 (the whole audit log)", flush=True)
        print(f"  Ctrl-C stops all three; from another shell: .venv/bin/python scripts/run_all.py --stop "
              f"--data-dir {data_dir}\n", flush=True)

    return supervise(children, log_dir, on_ready)


if __name__ == "__main__":
    sys.exit(main())
