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


def test_the_scaled_profile_needs_its_shared_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NAVCHAT_PROFILE", "scaled")
    monkeypatch.delenv("NAVCHAT_INTERNAL_TOKEN", raising=False)
    with pytest.raises(ValueError, match="NAVCHAT_INTERNAL_TOKEN"):
        Settings.from_env()
    monkeypatch.setenv("NAVCHAT_INTERNAL_TOKEN", "short")
    with pytest.raises(ValueError):
        Settings.from_env()
    monkeypatch.setenv("NAVCHAT_INTERNAL_TOKEN", "x" * 32)
    assert Settings.from_env().profile == "scaled"


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
    env = {**os.environ, "NAVCHAT_PROFILE": "scaled", "NAVCHAT_INTERNAL_TOKEN": "x" * 32}
    result = subprocess.run([sys.executable, "-m", "router.cli", "seed-dev-users"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "refused" in result.stderr
