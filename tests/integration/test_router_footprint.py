"""What a started router holds: nothing heavy before it is needed (memory: bench/bench_memory.py).

The router is started as `make up` starts it: the schema migrated first by `router.cli migrate` in a process of
its own, then the application with its start-up work (migration check, language-ID warm-up, translator, reference
data). Resident memory is measured by the benchmark, not asserted here; this test keeps the packages that made
most of it out of the process: lingua's in-memory models (the models are read from disk), regex (its Unicode
classes are compiled with re: router/adapters/unicode_scripts.json), Alembic (the schema is already current),
redis (the embedded profile has no Redis; python-socketio would import it), requests (python-socketio's blocking
client would import it; the router speaks HTTP with aiohttp), argostranslate and torch (no translation model
installed), and, with login configured, the login's libraries (authlib, joserfc, cryptography: 9.5 MB, loaded at
the first login). Nor argon2 (imported at the first staff login or password hash: so no hash, which holds 7 MiB
while it is made, is made at start), prometheus_client (at the first scrape of /metrics), jsonschema (never: the
innsyn documents are checked in a process of their own, router/adapters/registers_embedded.py), python-socketio (at
the first request to /socket.io/: router/web/socketio_endpoint.py), python-stdnum (at the first number masking
checks: router/domain/masking.py),
nor the router's own modules only one route needs: the OpenAPI description and its answer models (at the first
request for it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from router.adapters.db import schema_heads

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("lingua", "regex", "alembic", "redis", "requests", "argostranslate", "torch", "stanza", "authlib", "joserfc",
         "cryptography", "argon2", "prometheus_client", "jsonschema", "referencing",
         "socketio", "engineio", "stdnum")
OWN_ON_FIRST_USE = ("router.web.openapi", "router.web.answers", "router.web.metrics", "router.commands.users",
                    "router.web.rasa_socketio")

_START = """
import asyncio, json, sys
from aiohttp import web
from router.app import create_app
from router.config import Settings
from router.web.language_api import LANGUAGE_DETECTOR

async def main() -> None:
    app = create_app(Settings.from_env())
    runner = web.AppRunner(app)
    await runner.setup()
    detected = app[LANGUAGE_DETECTOR].detect("hei, jeg trenger hjelp med husleia").lang
    loaded = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1].split(",")))
    own = sorted(set(sys.modules) & set(sys.argv[2].split(",")))
    await runner.cleanup()
    print(json.dumps({"loaded": loaded, "own": own, "detected": detected}))

asyncio.run(main())
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NAVCHAT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'router.db'}",
        "NAVCHAT_RASA_URL": "http://127.0.0.1:9",
        "NAVCHAT_ARGOS_PACKAGES_DIR": str(tmp_path / "argos"),
        "NAVCHAT_REDIS_URL": "",
        # Login configured (nothing listens there: the provider is asked only when a bruker logs in).
        "NAVCHAT_OIDC_ISSUER": "http://127.0.0.1:9/idporten",
    }


def test_a_started_router_holds_none_of_the_heavy_packages(tmp_path: Path) -> None:
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-m", "router.cli", "migrate"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)
    out = subprocess.run([sys.executable, "-c", _START, ",".join(HEAVY), ",".join(OWN_ON_FIRST_USE)], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True, timeout=120)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"loaded": [], "own": [], "detected": "nb"}


def test_a_router_on_a_new_database_migrates_it_itself(tmp_path: Path) -> None:
    """Without the separate step the router still brings the schema up (then Alembic is loaded, as it must be)."""
    out = subprocess.run([sys.executable, "-c", _START, ",".join(HEAVY), ",".join(OWN_ON_FIRST_USE)], cwd=ROOT,
                         env=_env(tmp_path), check=True, capture_output=True, text=True, timeout=120)
    assert json.loads(out.stdout.strip().splitlines()[-1])["loaded"] == ["alembic"]


def test_the_migration_shortcut_knows_the_same_newest_revision_as_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    assert schema_heads() == frozenset(ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini"))).get_heads())
