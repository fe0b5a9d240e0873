"""The scaled launcher's pure parts (scripts/run_scaled.py): secrets generated once and kept private, the HAProxy
configuration (valid for the installed HAProxy, sticky for sockets only), URLs with quoted passwords."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from run_scaled import (  # noqa: E402
    SHARED_SECRETS,
    Postgres,
    Redis,
    haproxy_config,
    load_secrets,
    public_origin,
    unreachable_services,
)
from supervisor import start, stop  # noqa: E402

from tests.processes import free_port  # noqa: E402


def test_secrets_are_generated_once_into_a_private_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SHARED_SECRETS:
        monkeypatch.delenv(name, raising=False)
    path = tmp_path / "scaled" / "secrets.env"
    first = load_secrets(path)
    assert set(first) == set(SHARED_SECRETS) and all(len(value) >= 16 for value in first.values())
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_secrets(path) == first, "a later start reuses them"
    monkeypatch.setenv("NAVCHAT_LOGIN_KEY", "from-the-environment-1234")
    assert load_secrets(path)["NAVCHAT_LOGIN_KEY"] == "from-the-environment-1234"


def test_urls_quote_the_passwords() -> None:
    pg = Postgres("db.example", 5433, "navchat", "p@ss/word", "postgres")
    assert pg.url("navchat") == "postgresql+asyncpg://navchat:p%40ss%2Fword@db.example:5433/navchat"
    assert Postgres("127.0.0.1", 5432, "postgres", "", "postgres").url("x") == "postgresql+asyncpg://postgres@127.0.0.1:5432/x"
    assert Redis("127.0.0.1", 6379, "").url(0) == "redis://127.0.0.1:6379/0"
    assert Redis("r", 6380, "s:cret").url(1) == "redis://:s%3Acret@r:6380/1"


def test_haproxy_balances_http_and_websockets_and_keeps_socket_io_on_one_router(tmp_path: Path) -> None:
    config = haproxy_config("127.0.0.1", 8080, [8081, 8082, 8083])
    routers, sticky = config.split("\nbackend routers_sticky")
    assert "balance roundrobin" in routers and routers.count("check inter") == 3
    assert "balance source" in sticky and "cookie NAVCHAT_ROUTER insert" in sticky and sticky.count("track") == 3
    assert "use_backend routers_sticky if socket_io\n" in config and config.count("use_backend") == 1
    assert "%HPO" in config and "%r" not in config, "no query strings in HAProxy's log"
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.skip("HAProxy is not installed (scripts/setup.sh --with-haproxy)")
    (tmp_path / "haproxy.cfg").write_text(config)
    check = subprocess.run([haproxy, "-c", "-f", str(tmp_path / "haproxy.cfg")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_postgres_and_redis_that_do_not_answer_are_named_before_anything_starts() -> None:
    """A wrong port used to start every process (Redis) or end in a traceback (PostgreSQL)."""
    import asyncio

    pg_port, redis_port = free_port(), free_port()
    reasons = asyncio.run(unreachable_services(Postgres("127.0.0.1", pg_port, "postgres", "", "postgres"),
                                               Redis("127.0.0.1", redis_port, ""), timeout_s=2))
    assert len(reasons) == 2
    assert reasons[0].startswith(f"PostgreSQL at 127.0.0.1:{pg_port}") and "does not answer" in reasons[0]
    assert reasons[1].startswith(f"Redis at 127.0.0.1:{redis_port} does not answer")


def test_processes_stop_in_the_reverse_of_their_start_order(tmp_path: Path) -> None:
    """Routers first (their turns finish while Rasa and the action servers still answer), action servers last."""
    stopped = tmp_path / "stopped"
    script = ("import signal, sys, time\n"
              "def bye(*_):\n"
              f"    open({str(stopped)!r}, 'a').write(sys.argv[1] + '\\n'); sys.exit(0)\n"
              "signal.signal(signal.SIGTERM, bye)\n"
              "print('up', flush=True)\n"
              "while True: time.sleep(0.05)\n")
    children = [start(name, [sys.executable, "-c", script, name], {"PATH": "/usr/bin:/bin"}, tmp_path, "")
                for name in ("actions", "rasa", "router")]
    for child in children:  # each has set its handler
        for _ in range(200):
            if child.log_path.exists() and "up" in child.log_path.read_text():
                break
            time.sleep(0.05)
    stop(children)
    assert stopped.read_text().split() == ["router", "rasa", "actions"]


def test_a_second_launcher_on_taken_ports_starts_nothing(tmp_path: Path) -> None:
    """The second `make up` used to find the first one's processes healthy, print its banner and overwrite the
    first one's files; it now names the taken port and exits 2 before it writes anything."""
    import socket

    from supervisor import ports_in_use

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = int(taken.getsockname()[1])
        free = free_port()
        assert ports_in_use([port, free]) == [port]
        run = subprocess.run([sys.executable, str(Path(__file__).resolve().parents[2] / "scripts" / "run_all.py"),
                              "--router-port", str(port), "--rasa-port", str(free), "--action-port", str(free_port()),
                              "--oidc-port", str(free_port()), "--data-dir", str(tmp_path / "var")],
                             capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stderr
    assert f"port {port} (router) is already in use" in run.stderr
    assert not (tmp_path / "var").exists(), "nothing written"


def test_the_routers_behind_haproxy_know_their_own_origin() -> None:
    """The README asks NAVCHAT_PUBLIC_ORIGIN of every deployment behind a proxy; the launcher set none, so the routers'
    Origin check rested on the Host header. HAProxy's own address when it listens on one, the operator's always."""
    assert public_origin("127.0.0.1", "http://127.0.0.1:8080", {}) == "http://127.0.0.1:8080"
    assert public_origin("127.0.0.1", "http://127.0.0.1:8080",
                         {"NAVCHAT_PUBLIC_ORIGIN": "https://chat.nav.no"}) == "https://chat.nav.no"
    # On every address the name browsers use is not known here: left to the operator (the launcher says so).
    assert public_origin("0.0.0.0", "http://127.0.0.1:8080", {}) == ""
    assert public_origin("0.0.0.0", "http://127.0.0.1:8080",
                         {"NAVCHAT_PUBLIC_ORIGIN": "https://chat.nav.no"}) == "https://chat.nav.no"
