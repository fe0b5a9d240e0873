"""Start the scaled profile: N routers and M Rasa processes (one action server each) on PostgreSQL and Redis,
behind HAProxy; stop them all on Ctrl-C.

    .venv/bin/python scripts/run_scaled.py [--routers 2] [--rasa 2] [--host 127.0.0.1] [--port 8080]
                                           [--data-dir var/scaled] [--router-db navchat] [--rasa-db navchat_rasa]
                                           [--with-login] [--staff-user operator]   (make up-scaled)
    .venv/bin/python scripts/run_scaled.py --stop [--data-dir var/scaled]                  (make stop-scaled)

Before the processes start it: starts the local PostgreSQL and Redis when they are the local ones and stopped
(scripts/ensure_services.sh); creates the router's database and Rasa's tracker database when missing; runs the
router's migrations once; generates the shared secrets once into <data-dir>/secrets.env (mode 0600) and reuses
them; creates a first staff user with a generated password, printed once, while the database has no staff user;
writes <data-dir>/haproxy.cfg. PostgreSQL and Redis elsewhere: NAVCHAT_PG_HOST, NAVCHAT_PG_PORT, NAVCHAT_PG_USER,
NAVCHAT_PG_PASSWORD, NAVCHAT_PG_LOGIN_DB, NAVCHAT_REDIS_HOST, NAVCHAT_REDIS_PORT, NAVCHAT_REDIS_PASSWORD (or the
options below; passwords only from the environment, never on a command line). Each process logs to
<data-dir>/log/<name>.log, its pid in <data-dir>/log/<name>.pid (the launcher's in launcher.pid). A process that
dies is started again; one that died 5 times in 60 s is left down, loudly, and the others keep running (exit status 1
at the end). Ctrl-C, SIGTERM, SIGHUP (the terminal closed) and --stop from another shell stop them all.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import train_if_needed  # noqa: E402
from supervisor import (  # noqa: E402
    Child,
    local_oidc,
    print_pages,
    refuse_busy_ports,
    start,
    start_oidc,
    start_rasa,
    stop_running,
    supervise,
)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
# Generated once into secrets.env and shared by every process that needs them (an environment variable of the same
# name wins).
SHARED_SECRETS = ("NAVCHAT_INTERNAL_TOKEN", "NAVCHAT_PSEUDONYM_KEY", "NAVCHAT_LOGIN_KEY", "NAVCHAT_RASA_TOKEN",
                  "NAVCHAT_ACTION_TOKEN")
DATABASE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Postgres:
    host: str
    port: int
    user: str
    password: str
    login_db: str

    def url(self, database: str, driver: str = "postgresql+asyncpg") -> str:
        secret = f":{quote(self.password, safe='')}" if self.password else ""
        return f"{driver}://{quote(self.user, safe='')}{secret}@{self.host}:{self.port}/{database}"


@dataclass(frozen=True)
class Redis:
    host: str
    port: int
    password: str

    def url(self, db: int) -> str:
        secret = f":{quote(self.password, safe='')}@" if self.password else ""
        return f"redis://{secret}{self.host}:{self.port}/{db}"


def load_secrets(path: Path) -> dict[str, str]:
    """The shared secrets from ``path`` (NAME=value lines), generating the missing ones into it once (mode 0600)."""
    stored: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            name, _, value = line.partition("=")
            if name.strip() and not name.startswith("#"):
                stored[name.strip()] = value.strip()
    missing = [name for name in SHARED_SECRETS if len(stored.get(name, "")) < 16]
    if missing:
        # Hex, not urlsafe: a token starting with "-" would be read by argparse as an option.
        stored.update({name: secrets.token_hex(24) for name in missing})
        write_private(path, "# Shared secrets of the scaled profile, generated once by scripts/run_scaled.py.\n"
                      + "".join(f"{name}={stored[name]}\n" for name in SHARED_SECRETS))
    return {name: os.environ.get(name) or stored[name] for name in SHARED_SECRETS}


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner may read (mode 0600 from the start, replaced atomically)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)
    os.replace(temporary, path)


async def unreachable_services(pg: Postgres, redis: Redis, timeout_s: float = 5.0) -> list[str]:
    """Why PostgreSQL or Redis cannot be used, one line each; empty when both answer. Checked before anything
    starts: without Redis every bot turn fails (Rasa's lock store) and routers do not hear each other."""
    import asyncpg
    import redis.asyncio as aioredis
    from redis.exceptions import RedisError

    reasons = []
    try:
        connection = await asyncio.wait_for(asyncpg.connect(
            host=pg.host, port=pg.port, user=pg.user, password=pg.password or None, database=pg.login_db,
            timeout=timeout_s), timeout_s + 1)
        await connection.close()
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        reasons.append(f"PostgreSQL at {pg.host}:{pg.port} (user {pg.user}, database {pg.login_db}) does not "
                       f"answer: {type(error).__name__}: {error}")
    client = aioredis.Redis(host=redis.host, port=redis.port, password=redis.password or None,
                            socket_connect_timeout=timeout_s, socket_timeout=timeout_s)
    try:
        await client.ping()
    except (OSError, RedisError) as error:
        reasons.append(f"Redis at {redis.host}:{redis.port} does not answer: {type(error).__name__}: {error}")
    finally:
        await client.aclose()
    return reasons


async def prepare_databases(pg: Postgres, names: list[str]) -> list[str]:
    """Create the databases that do not exist yet; returns the ones created."""
    import asyncpg

    connection = await asyncpg.connect(host=pg.host, port=pg.port, user=pg.user, password=pg.password or None,
                                       database=pg.login_db)
    created = []
    try:
        for name in names:
            if not await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
                await connection.execute(f'CREATE DATABASE "{name}"')
                created.append(name)
    finally:
        await connection.close()
    return created


async def staff_count(pg: Postgres, database: str) -> int:
    import asyncpg

    connection = await asyncpg.connect(host=pg.host, port=pg.port, user=pg.user, password=pg.password or None,
                                       database=database)
    try:
        return int(await connection.fetchval("SELECT count(*) FROM veileder"))
    finally:
        await connection.close()


WILDCARD_HOSTS = ("0.0.0.0", "::", "")


def public_origin(listen_host: str, public_url: str, environ: Mapping[str, str]) -> str:
    """The origin the routers take as their own site (NAVCHAT_PUBLIC_ORIGIN, which the README asks of every
    deployment behind a proxy, so the Origin check does not rest on the Host header): the operator's, or HAProxy's
    address when it listens on one. Empty when HAProxy listens on every address: which name browsers use is not
    known here."""
    if origin := environ.get("NAVCHAT_PUBLIC_ORIGIN", "").strip():
        return origin
    return "" if listen_host in WILDCARD_HOSTS else public_url


def haproxy_config(bind_host: str, port: int, router_ports: list[int]) -> str:
    """Round-robin over the routers, for HTTP and the chat's and the console's WebSockets alike: a WebSocket is one
    connection, held by the router it reached, and every router serves every conversation (events go over Redis).
    Only socket.io stays on one router (a cookie, else the client address): its session lives in one router process,
    and its long-polling transport sends each of its requests anew. Balancing by address for the WebSockets too put
    every bruker behind one address (a NAT, a proxy, the load generator) on one router."""
    servers = [(f"router-{n}", router_port) for n, router_port in enumerate(router_ports, start=1)]
    bind = f"[{bind_host}]:{port}" if ":" in bind_host else f"{bind_host}:{port}"
    lines = [
        "# Written by scripts/run_scaled.py at every start; changes here are overwritten.",
        "global",
        "    maxconn 4096",
        "    log stdout format raw local0 info",
        "",
        "defaults",
        "    mode http",
        "    log global",
        # Method and path only: never a query string (README "Personal data and access").
        '    log-format "%ci \\"%HM %HPO\\" %ST %B %Ta %b/%s"',
        "    option forwardfor",
        "    timeout connect 5s",
        "    timeout client 65s",
        "    timeout server 65s",
        "    timeout http-keep-alive 10s",
        "    timeout tunnel 1h",
        "",
        "frontend navchat",
        f"    bind {bind}",
        "    monitor-uri /haproxy/health",
        "    acl socket_io path_beg /socket.io/",
        "    use_backend routers_sticky if socket_io",
        "    default_backend routers",
        "",
        "backend routers",
        "    balance roundrobin",
        # Readiness (the router and its database), not /health: one hung Rasa behind every router made /health
        # slow on all of them, and HAProxy took every router out at once (probe 98). A check that has not
        # answered within 3 s fails; two failures in a row take a router out, one success brings it back.
        "    option httpchk GET /health/ready",
        "    http-check expect status 200",
        "    timeout check 3s",
        *(f"    server {name} 127.0.0.1:{router_port} check inter 2s fall 2 rise 1" for name, router_port in servers),
        "",
        "backend routers_sticky",
        "    balance source",
        "    hash-type consistent",
        "    cookie NAVCHAT_ROUTER insert indirect nocache httponly",
        *(f"    server {name} 127.0.0.1:{router_port} track routers/{name} cookie {name}"
          for name, router_port in servers),
        "",
    ]
    return "\n".join(lines)


def find_haproxy() -> str:
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if not found:
        sys.exit("[scaled] HAProxy is not installed: scripts/setup.sh --with-haproxy installs Debian's package")
    return found


def ports(given: str | None, first: int, count: int, what: str) -> list[int]:
    numbers = [int(p) for p in given.split(",")] if given else [first + n for n in range(count)]
    if len(numbers) != count:
        sys.exit(f"[scaled] --{what}-ports needs {count} ports, got {len(numbers)}")
    return numbers


def parse_args() -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routers", type=int, default=2, help="router processes (default 2)")
    parser.add_argument("--rasa", type=int, default=2, help="Rasa processes, each with its own action server")
    parser.add_argument("--host", default=env("NAVCHAT_HOST", "127.0.0.1"), help="address HAProxy listens on")
    parser.add_argument("--port", type=int, default=int(env("NAVCHAT_PORT", "8080")), help="HAProxy's port")
    parser.add_argument("--router-ports", help="comma-separated; default: the ports after --port")
    parser.add_argument("--rasa-ports", help="comma-separated; default 5005, 5006, ...")
    parser.add_argument("--action-ports", help="comma-separated; default 5055, 5056, ...")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "scaled")
    parser.add_argument("--router-db", default="navchat", help="the routers' database (created when missing)")
    parser.add_argument("--rasa-db", default=env("NAVCHAT_RASA_DB", "navchat_rasa"),
                        help="Rasa's tracker database (created when missing)")
    parser.add_argument("--pg-host", default=env("NAVCHAT_PG_HOST", "127.0.0.1"))
    parser.add_argument("--pg-port", type=int, default=int(env("NAVCHAT_PG_PORT", "5432")))
    parser.add_argument("--pg-user", default=env("NAVCHAT_PG_USER", "postgres"))
    parser.add_argument("--pg-login-db", default=env("NAVCHAT_PG_LOGIN_DB", "postgres"),
                        help="the database to connect to while creating the others")
    parser.add_argument("--redis-host", default=env("NAVCHAT_REDIS_HOST", "127.0.0.1"))
    parser.add_argument("--redis-port", type=int, default=int(env("NAVCHAT_REDIS_PORT", "6379")))
    parser.add_argument("--redis-db", type=int, default=0, help="the routers' event bus")
    parser.add_argument("--redis-lock-db", type=int, default=int(env("NAVCHAT_REDIS_LOCK_DB", "1")),
                        help="Rasa's lock store")
    parser.add_argument("--staff-user", default="operator",
                        help="the first staff user (kontaktsenter and admin, enhet --staff-enhet), created with a "
                             "generated password printed once while the database has no staff user")
    parser.add_argument("--staff-enhet", default="4100")
    parser.add_argument("--with-login", action="store_true",
                        help="start the local OpenID provider (SYNTETISKE persons) when no NAVCHAT_OIDC_ISSUER is set")
    parser.add_argument("--oidc-port", type=int, default=8090)
    parser.add_argument("--stop", action="store_true",
                        help="stop the service running with this --data-dir (its pid files in <data-dir>/log/)")
    args = parser.parse_args()
    if args.routers < 1 or args.rasa < 1:
        parser.error("--routers and --rasa need at least 1")
    for name in (args.router_db, args.rasa_db):
        if not DATABASE_NAME.match(name):
            parser.error(f"database name {name!r}: letters, digits and _ only")
    return args


def main() -> int:
    args = parse_args()
    if args.stop:
        return stop_running(args.data_dir.resolve() / "log", "run_scaled.py")
    os.umask(0o077)  # logs, secrets.env, router.env, haproxy.cfg: the service's user only, as in run_all.py
    data_dir = args.data_dir.resolve()
    log_dir = data_dir / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    haproxy = find_haproxy()
    pg = Postgres(args.pg_host, args.pg_port, args.pg_user, os.environ.get("NAVCHAT_PG_PASSWORD", ""),
                  args.pg_login_db)
    redis = Redis(args.redis_host, args.redis_port, os.environ.get("NAVCHAT_REDIS_PASSWORD", ""))
    if pg.host in LOCAL_HOSTS and pg.port == 5432 and redis.host in LOCAL_HOSTS and redis.port == 6379:
        # this machine's own servers (scripts/ensure_services.sh starts whichever is stopped)
        subprocess.run([str(ROOT / "scripts" / "ensure_services.sh")], check=True)

    router_ports = ports(args.router_ports, args.port + 1, args.routers, "router")
    rasa_ports = ports(args.rasa_ports, 5005, args.rasa, "rasa")
    action_ports = ports(args.action_ports, 5055, args.rasa, "action")
    local = "127.0.0.1" if args.host in WILDCARD_HOSTS else args.host
    public_url = f"http://[{local}]:{args.port}" if ":" in local else f"http://{local}:{args.port}"
    named = {"HAProxy": args.port, **{f"router {n + 1}": p for n, p in enumerate(router_ports)},
             **{f"rasa {n + 1}": p for n, p in enumerate(rasa_ports)},
             **{f"action server {n + 1}": p for n, p in enumerate(action_ports)}}
    if args.with_login:
        named["login provider"] = args.oidc_port
    if refuse_busy_ports(named, local):
        return 2

    shared = load_secrets(data_dir / "secrets.env")
    unreachable = asyncio.run(unreachable_services(pg, redis))
    if unreachable:
        for reason in unreachable:
            print(f"[scaled] {reason}", file=sys.stderr, flush=True)
        print("[scaled] nothing was started. Set NAVCHAT_PG_HOST/PORT/USER/PASSWORD and NAVCHAT_REDIS_HOST/PORT/"
              "PASSWORD (or the --pg-* and --redis-* options) to servers that answer.", file=sys.stderr, flush=True)
        return 2
    created = asyncio.run(prepare_databases(pg, [args.router_db, args.rasa_db]))
    for name in created:
        print(f"[scaled] created database {name} on {pg.host}:{pg.port}", flush=True)

    base = {**os.environ, "PYTHONUNBUFFERED": "1", "TF_CPP_MIN_LOG_LEVEL": "3", "SANIC_HOST": "127.0.0.1"}
    for name in SHARED_SECRETS:
        base.pop(name, None)  # each process gets only the secrets it needs
    router_env = {
        "NAVCHAT_PROFILE": "scaled",
        "NAVCHAT_HOST": "127.0.0.1",
        "NAVCHAT_DATABASE_URL": pg.url(args.router_db),
        "NAVCHAT_REDIS_URL": redis.url(args.redis_db),
        "NAVCHAT_AUTO_MIGRATE": "0",
        "NAVCHAT_RASA_URL": ",".join(f"http://127.0.0.1:{p}" for p in rasa_ports),
        "NAVCHAT_RASA_TOKEN": shared["NAVCHAT_RASA_TOKEN"],
        # retention deletes Rasa's tracker of a conversation with its transcript
        "NAVCHAT_RASA_TRACKER_URL": pg.url(args.rasa_db),
        "NAVCHAT_INTERNAL_TOKEN": shared["NAVCHAT_INTERNAL_TOKEN"],
        "NAVCHAT_PSEUDONYM_KEY": shared["NAVCHAT_PSEUDONYM_KEY"],
        "NAVCHAT_LOGIN_KEY": shared["NAVCHAT_LOGIN_KEY"],
        # HAProxy runs on this machine and sets X-Forwarded-For: the limits count the bruker, not HAProxy.
        "NAVCHAT_TRUSTED_PROXIES": os.environ.get("NAVCHAT_TRUSTED_PROXIES", "127.0.0.1,::1"),
    }
    if origin := public_origin(args.host, public_url, os.environ):
        router_env["NAVCHAT_PUBLIC_ORIGIN"] = origin
    else:
        print("[scaled] HAProxy listens on every address: set NAVCHAT_PUBLIC_ORIGIN to the origin browsers use "
              "(README, NAVCHAT_PUBLIC_ORIGIN); until then the routers trust the Host header", flush=True)
    oidc = None
    if args.with_login and not os.environ.get("NAVCHAT_OIDC_ISSUER"):
        oidc = local_oidc(local, args.oidc_port, public_url)
        router_env.update(oidc[0])
    # What `python -m router.cli …` needs to act on this database (README "Scaled profile").
    write_private(data_dir / "router.env", "# Written by scripts/run_scaled.py at every start.\n"
                  + "".join(f"{k}={shlex.quote(v)}\n" for k, v in router_env.items() if k != "NAVCHAT_HOST"))

    cli_env = {**base, **router_env}
    subprocess.run([PYTHON, "-m", "router.cli", "migrate"], cwd=ROOT, env=cli_env, check=True)
    staff_password = None
    if asyncio.run(staff_count(pg, args.router_db)) == 0:
        staff_password = secrets.token_urlsafe(15)
        subprocess.run([PYTHON, "-m", "router.cli", "create-user", "--username", args.staff_user, "--password-stdin",
                        "--navn", "Operatør", "--enhet", args.staff_enhet, "--role", "kontaktsenter", "--role",
                        "admin", "--language", "nb", "--language", "en"],
                       cwd=ROOT, env=cli_env, input=f"{staff_password}\n", text=True, check=True,
                       stdout=subprocess.DEVNULL)
        print(f"[scaled] staff user created: {args.staff_user} / {staff_password}  (this once: note it, or set "
              "another password with router.cli create-user, README \"Scaled profile\")", flush=True)

    model = train_if_needed.train()
    config = data_dir / "haproxy.cfg"
    config.write_text(haproxy_config(args.host, args.port, router_ports))
    check = subprocess.run([haproxy, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
    if check.returncode != 0:
        print(f"[scaled] {config} is not valid:\n{check.stdout}{check.stderr}", file=sys.stderr)
        return 1

    children: list[Child] = []
    for n, (rasa_port, action_port) in enumerate(zip(rasa_ports, action_ports, strict=True), start=1):
        action_env = {**base, "NAVCHAT_ACTION_TOKEN": shared["NAVCHAT_ACTION_TOKEN"],
                      "NAVCHAT_INTERNAL_TOKEN": shared["NAVCHAT_INTERNAL_TOKEN"],
                      # through HAProxy: any router answers the action server (the bot turn is in the database)
                      "NAVCHAT_ROUTER_URL": f"http://{local}:{args.port}"}
        children.append(start(f"actions-{n}", [PYTHON, "-m", "actions.server", "--actions", "actions", "-p",
                                               str(action_port)],
                              action_env, log_dir, f"http://127.0.0.1:{action_port}/health"))
        # endpoints.scaled.yml as committed: Rasa expands these variables itself.
        rasa_env = {**base, "NAVCHAT_RASA_TOKEN": shared["NAVCHAT_RASA_TOKEN"],
                    "NAVCHAT_ACTION_URL": f"http://127.0.0.1:{action_port}/webhook",
                    "NAVCHAT_ACTION_TOKEN": shared["NAVCHAT_ACTION_TOKEN"],
                    "NAVCHAT_PG_HOST": pg.host, "NAVCHAT_PG_PORT": str(pg.port), "NAVCHAT_PG_USER": pg.user,
                    "NAVCHAT_PG_PASSWORD": pg.password, "NAVCHAT_RASA_DB": args.rasa_db,
                    "NAVCHAT_PG_LOGIN_DB": pg.login_db, "NAVCHAT_REDIS_HOST": redis.host,
                    "NAVCHAT_REDIS_PORT": str(redis.port), "NAVCHAT_REDIS_PASSWORD": redis.password,
                    "NAVCHAT_REDIS_LOCK_DB": str(args.redis_lock_db)}
        children.append(start_rasa(f"rasa-{n}", model, "endpoints.scaled.yml", rasa_port, rasa_env, log_dir))
    for n, router_port in enumerate(router_ports, start=1):
        env = {**base, **router_env, "NAVCHAT_PORT": str(router_port),
               # /health reports one action server per router
               "NAVCHAT_ACTION_SERVER_URL": f"http://127.0.0.1:{action_ports[(n - 1) % len(action_ports)]}"}
        children.append(start(f"router-{n}", [PYTHON, "-m", "router.app"], env, log_dir,
                              f"http://127.0.0.1:{router_port}/health/ready",
                              f"http://127.0.0.1:{router_port}/health/live"))
    children.append(start("haproxy", [haproxy, "-db", "-f", str(config)], base, log_dir,
                          f"http://{local}:{args.port}/haproxy/health"))
    if oidc:
        children.append(start_oidc(base, oidc, log_dir))

    def on_ready() -> None:
        print_pages(public_url, f"   (HAProxy, {config})")
        print(f"  Routers:                {', '.join(f'http://127.0.0.1:{p}' for p in router_ports)}", flush=True)
        print(f"  Rasa (sticky per conversation): {router_env['NAVCHAT_RASA_URL']}", flush=True)
        print(f"  Databases:              {args.router_db}, {args.rasa_db} on {pg.host}:{pg.port}; Redis "
              f"{redis.host}:{redis.port} (bus db {args.redis_db}, Rasa locks db {args.redis_lock_db})", flush=True)
        if oidc:
            print(f"  Login (local, SYNTETISK persons): {oidc[0]['NAVCHAT_OIDC_ISSUER']}/", flush=True)
        else:
            print("  Login (ID-porten):      off (--with-login starts the local provider)", flush=True)
        if staff_password:
            print(f"  Staff login:            {args.staff_user} (its password is printed above, this once)", flush=True)
        print(f"  Secrets, logs:          {data_dir}/secrets.env, {log_dir}/", flush=True)
        print(f"  Ctrl-C stops all {len(children)} processes; from another shell: .venv/bin/python "
              f"scripts/run_scaled.py --stop --data-dir {data_dir}\n", flush=True)

    return supervise(children, log_dir, on_ready, restart_while_starting=True)


if __name__ == "__main__":
    sys.exit(main())
