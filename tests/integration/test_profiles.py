"""Development defaults never leak into production: dev users stay in the embedded database, and the scaled
profile refuses to start with a published password or without its shared secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from router.app import create_app
from router.config import Settings

ROOT = Path(__file__).resolve().parents[2]


SHARED = ("NAVCHAT_INTERNAL_TOKEN", "NAVCHAT_PSEUDONYM_KEY", "NAVCHAT_LOGIN_KEY")


def test_the_scaled_profile_needs_its_shared_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVCHAT_PROFILE", "scaled")
    for name in SHARED:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValueError, match="NAVCHAT_INTERNAL_TOKEN, NAVCHAT_PSEUDONYM_KEY, NAVCHAT_LOGIN_KEY"):
        Settings.from_env()
    for name in SHARED:
        monkeypatch.setenv(name, "short")
    with pytest.raises(ValueError):
        Settings.from_env()
    for name in SHARED:
        monkeypatch.setenv(name, "x" * 32)
    assert Settings.from_env().profile == "scaled"


def test_the_embedded_profile_keeps_its_keys_across_restarts(monkeypatch: pytest.MonkeyPatch,
                                                             tmp_path: Path) -> None:
    """Generated once beside the SQLite file (0600): a restart keeps logins and pseudonyms; the environment wins."""
    monkeypatch.setenv("NAVCHAT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'router.db'}")
    for name in ("NAVCHAT_PROFILE", "NAVCHAT_PSEUDONYM_KEY", "NAVCHAT_LOGIN_KEY"):
        monkeypatch.delenv(name, raising=False)
    first, again = Settings.from_env(), Settings.from_env()
    assert (first.pseudonym_key, first.login_key) == (again.pseudonym_key, again.login_key)
    assert first.pseudonym_key != first.login_key
    assert (tmp_path / "secrets.json").stat().st_mode & 0o077 == 0, "only the owner reads the keys"
    monkeypatch.setenv("NAVCHAT_LOGIN_KEY", "from-the-environment-123")
    assert Settings.from_env().login_key == "from-the-environment-123"


async def test_the_scaled_profile_refuses_published_passwords(settings: Settings,
                                                              aiohttp_client: Callable[..., Any]) -> None:
    # The test database holds staff whose password is the published development one (passord-<username>).
    scaled = Settings(**{**settings.__dict__, "profile": "scaled", "internal_token": "x" * 32})
    with pytest.raises(RuntimeError, match="published development password"):
        await aiohttp_client(create_app(scaled))


def test_development_users_are_never_written_into_a_configured_database() -> None:
    env = {**os.environ, "NAVCHAT_DATABASE_URL": "postgresql+asyncpg://navchat@127.0.0.1:5432/production"}
    result = subprocess.run([sys.executable, "-m", "router.cli", "seed-dev-users"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "refused" in result.stderr
    env = {**os.environ, "NAVCHAT_PROFILE": "scaled", **{name: "x" * 32 for name in SHARED}}
    result = subprocess.run([sys.executable, "-m", "router.cli", "seed-dev-users"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "refused" in result.stderr


def test_the_operator_commands_say_what_they_did_and_take_no_password_as_an_argument(tmp_path: Path) -> None:
    env = {**os.environ, "NAVCHAT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"}

    def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "router.cli", *args], cwd=ROOT, env=env, input=stdin,
                              capture_output=True, text=True, timeout=120)

    assert cli("migrate").stdout.strip() == "database migrated to the newest schema"
    assert cli("migrate").stdout.strip() == "database was already at the newest schema"
    user = ("create-user", "--username", "kari", "--navn", "Kari Nordmann", "--enhet", "0315", "--role", "veileder")
    refused = cli(*user, "--password", "on-the-command-line")
    assert refused.returncode == 2 and "--password" in refused.stderr, "a password in `ps` and the shell history"
    assert cli(*user, "--password-stdin", stdin="et langt passord\n").stdout.strip() == "user kari saved"
