"""One typed settings object (profiles: embedded | scaled); nothing else reads the environment."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

PROJECT_ROOT = Path(__file__).resolve().parent.parent

Profile = Literal["embedded", "scaled"]


def _env(name: str, default: str) -> str:
    return os.environ.get(f"NAVCHAT_{name}", default)


@dataclass(frozen=True)
class Settings:
    profile: Profile = "embedded"
    host: str = "127.0.0.1"
    port: int = 8080
    database_url: str = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'var' / 'router.db'}"
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = ""
    action_server_url: str = "http://127.0.0.1:5055"
    # Shared secret for the action server -> router calls (handoff); never exposed to browsers.
    internal_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    redis_url: str = ""
    bot_timeout_s: float = 10.0
    translation_timeout_s: float = 8.0
    max_message_chars: int = 2000
    reference_dir: Path = PROJECT_ROOT / "reference"
    argos_packages_dir: Path = PROJECT_ROOT / "var" / "argos"
    # Browsers may only open the WebSockets from these origins (empty: same host only).
    allowed_origins: tuple[str, ...] = ()
    cookie_secure: bool = False
    # Embedded: the router migrates its SQLite file at start. Scaled: run `router.cli migrate` once instead.
    auto_migrate: bool = True
    log_level: str = "INFO"
    # How often the SLA sweep runs (escalation of breached waits); 0 switches it off (tests drive it by hand).
    sla_sweep_s: float = 30.0
    # How often each router looks for bot turns nobody runs (left by a router that died, or its own after a
    # restart); 0 switches the loop off (tests run the sweep by hand). A start always sweeps once.
    turn_sweep_s: float = 2.0

    @classmethod
    def from_env(cls) -> Settings:
        base = cls()
        origins = tuple(o for o in _env("ALLOWED_ORIGINS", "").split(",") if o)
        return cls(
            profile=_env("PROFILE", base.profile),  # type: ignore[arg-type]
            host=_env("HOST", base.host),
            port=int(_env("PORT", str(base.port))),
            database_url=_env("DATABASE_URL", base.database_url),
            rasa_url=_env("RASA_URL", base.rasa_url),
            rasa_token=_env("RASA_TOKEN", base.rasa_token),
            action_server_url=_env("ACTION_SERVER_URL", base.action_server_url),
            internal_token=_env("INTERNAL_TOKEN", base.internal_token),
            redis_url=_env("REDIS_URL", base.redis_url),
            bot_timeout_s=float(_env("BOT_TIMEOUT_S", str(base.bot_timeout_s))),
            translation_timeout_s=float(_env("TRANSLATION_TIMEOUT_S", str(base.translation_timeout_s))),
            reference_dir=Path(_env("REFERENCE_DIR", str(base.reference_dir))),
            argos_packages_dir=Path(_env("ARGOS_PACKAGES_DIR", str(base.argos_packages_dir))),
            allowed_origins=origins,
            cookie_secure=_env("COOKIE_SECURE", "0") == "1",
            auto_migrate=_env("AUTO_MIGRATE", "1") == "1",
            log_level=_env("LOG_LEVEL", base.log_level),
            sla_sweep_s=float(_env("SLA_SWEEP_S", str(base.sla_sweep_s))),
            turn_sweep_s=float(_env("TURN_SWEEP_S", str(base.turn_sweep_s))),
        )
