"""`router.cli create-user` refuses a published password where the scaled profile would refuse to start with it
(probe 98: the user was saved, and the routers' next start failed); the embedded development database keeps them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USER = ("create-user", "--navn", "Kari Nordmann", "--enhet", "0315", "--role", "veileder", "--password-stdin")


def cli(env: dict[str, str], username: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "router.cli", *USER, "--username", username], cwd=ROOT,
                          env={**os.environ, **env}, input=f"{password}\n", capture_output=True, text=True,
                          timeout=120)


def test_the_scaled_profile_refuses_a_published_password_before_saving_it(tmp_path: Path) -> None:
    env = {"NAVCHAT_PROFILE": "scaled", "NAVCHAT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'router.db'}",
           **{f"NAVCHAT_{name}": "x" * 32 for name in ("INTERNAL_TOKEN", "PSEUDONYM_KEY", "LOGIN_KEY")}}
    for username, password in (("veileder1", "passord-veileder1"), ("kari", "passord-kari"),
                               ("kari", "passord-admin1")):
        refused = cli(env, username, password)
        assert refused.returncode == 2, (username, password, refused.stdout, refused.stderr)
        assert "refused: that password is published" in refused.stderr and "saved" not in refused.stdout
        assert password not in refused.stderr, "the password is not echoed"
    assert not (tmp_path / "router.db").exists(), "nothing was written"
    saved = cli(env, "kari", "et langt og hemmelig passord")
    assert saved.returncode == 0 and saved.stdout.strip() == "user kari saved", saved.stderr


def test_the_embedded_development_database_still_takes_the_development_passwords(tmp_path: Path) -> None:
    env = {"NAVCHAT_PROFILE": "embedded", "NAVCHAT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'router.db'}"}
    saved = cli(env, "veileder1", "passord-veileder1")
    assert saved.returncode == 0 and saved.stdout.strip() == "user veileder1 saved", saved.stderr
