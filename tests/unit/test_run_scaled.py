"""The scaled launcher's pure parts (scripts/run_scaled.py): secrets generated once and kept private, the HAProxy
configuration (valid for the installed HAProxy, sticky for sockets only), URLs with quoted passwords."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from run_scaled import SHARED_SECRETS, Postgres, Redis, haproxy_config, load_secrets  # noqa: E402


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
