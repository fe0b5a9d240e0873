"""Schemathesis against a live router: every operation of GET /api/openapi.json, a bounded number of generated
examples each (valid and invalid data), no 5xx, and every answer conforms to the description.

The router runs in a thread with its own event loop on a real port (aiohttp is not ASGI), built by
``create_app`` with the test fakes (fake bot, fixed clock, Norwegian-only language layer) and a copy of the
migrated test database. Requests carry a bruker token, the staff cookie and CSRF token of ``admin1``, or the
internal token, as the operation needs; half the generated conversation ids are replaced by a real one so the
handlers behind the 404 are reached too.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from aiohttp import web
from hypothesis import HealthCheck, Phase, settings

from router.adapters.clock import FixedClock
from router.adapters.language_layer import NorwegianOnlyLanguage
from router.app import Overrides, create_app
from router.config import Settings
from router.web.openapi import openapi_document
from tests.conftest import INTERNAL_TOKEN
from tests.fakes import FakeBot

MAX_EXAMPLES = 12
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
]
FIGURES: dict[str, Any] = {"examples": 0, "operations": set(), "statuses": {}, "started": None}


def _settings(database: Path) -> Settings:
    wanted: dict[str, Any] = {
        "database_url": f"sqlite+aiosqlite:///{database}",
        "rasa_url": "http://127.0.0.1:9",
        "action_server_url": "http://127.0.0.1:9",
        "internal_token": INTERNAL_TOKEN,
        "bot_timeout_s": 2.0,
        "sla_sweep_s": 0,
        "turn_sweep_s": 0,
        "retention_sweep_s": 0,
        # One address sends everything, fast: the abuse limits (router/web/limits.py) are not under test here.
        "limit_conversations_per_address": 1_000_000,
        "limit_messages_per_conversation": 1_000_000,
        "limit_messages_per_address": 1_000_000,
        "limit_detections_per_address": 1_000_000,
        "limit_logins_per_address": 1_000_000,
        "login_failures_per_account": 1_000_000,
        "login_failures_per_address": 1_000_000,
    }
    known = {f.name for f in dataclasses.fields(Settings)}
    return Settings(**{k: v for k, v in wanted.items() if k in known})


class LiveRouter:
    """The router app on 127.0.0.1:<free port>, in a thread with its own event loop."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="live-router", daemon=True)
        self.port = 0

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = create_app(self._settings, Overrides(bot=FakeBot(), clock=FixedClock(datetime(2026, 11, 24, 9, 30,
                                                                                             tzinfo=UTC)),
                                                   language=NorwegianOnlyLanguage()))
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = runner.addresses[0][1]
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(runner.cleanup())
        self._loop.close()

    def __enter__(self) -> LiveRouter:
        self._thread.start()
        if not self._ready.wait(120):
            raise RuntimeError("the router did not start")
        return self

    def __exit__(self, *_: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(30)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture(scope="module")
def live_router(tmp_path_factory: pytest.TempPathFactory, template_database: Path) -> Iterator[dict[str, Any]]:
    database = tmp_path_factory.mktemp("schemathesis") / "router.db"
    shutil.copy(template_database, database)
    with LiveRouter(_settings(database)) as router:
        created = requests.post(f"{router.url}/api/conversations", json={"kommune": "Asker"}, timeout=10).json()
        login = requests.post(f"{router.url}/api/staff/login",
                              json={"username": "admin1", "password": "passord-admin1"}, timeout=30)
        assert login.status_code == 200, login.text
        yield {
            "url": router.url,
            "conversation_id": created["id"],
            "bearer": {"Authorization": f"Bearer {created['token']}"},
            "staff": {"Cookie": f"navchat_staff={login.cookies['navchat_staff']}",
                      "X-CSRF-Token": login.json()["csrf_token"]},
            "internal": {"Authorization": f"Bearer {INTERNAL_TOKEN}"},
        }
        elapsed = time.monotonic() - FIGURES["started"] if FIGURES["started"] else 0.0
        print(f"\nschemathesis: {len(FIGURES['operations'])} operations, {FIGURES['examples']} examples, "
              f"statuses {dict(sorted(FIGURES['statuses'].items()))}, {elapsed:.1f} s")


def test_the_description_names_every_json_route(live_router: dict[str, Any]) -> None:
    document = requests.get(f"{live_router['url']}/api/openapi.json", timeout=10).json()
    assert document["openapi"].startswith("3.1")
    assert document == json.loads(json.dumps(openapi_document())), "the served description is the generated one"
    app = create_app(_settings(Path("/nonexistent.db")))
    routes = {
        (route.method.lower(), resource.canonical)
        for resource in app.router.resources()
        for route in resource
        if resource.canonical.startswith("/api/") and not resource.canonical.endswith("/ws")
        and route.method != "HEAD" and resource.canonical != "/api/openapi.json"
    }
    described = {(method, path) for path, item in document["paths"].items() for method in item}
    assert routes <= described, f"routes missing from router/web/openapi.py: {sorted(routes - described)}"


# The description is static (built from the models), so it is loaded here and the live router's URL is given per
# call; the test above checks that the router serves this very document.
schema = schemathesis.openapi.from_dict(openapi_document())


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_api_conforms_and_never_answers_5xx(case: Any, live_router: dict[str, Any]) -> None:
    path = case.operation.path
    if "id" in (case.path_parameters or {}) and len(str(case.path_parameters["id"])) % 2 == 0:
        case.path_parameters["id"] = live_router["conversation_id"]
    if path.startswith("/api/internal/"):
        headers = live_router["internal"]
    elif path.startswith(("/api/staff/", "/api/admin/")) and path != "/api/staff/logout":
        headers = live_router["staff"]
    elif path.startswith("/api/conversations/"):
        headers = live_router["bearer"]
    else:
        headers = {}
    FIGURES["started"] = FIGURES["started"] or time.monotonic()
    response = case.call_and_validate(base_url=live_router["url"], headers={**headers, **(case.headers or {})}, checks=CHECKS, timeout=30)
    FIGURES["examples"] += 1
    FIGURES["operations"].add(f"{case.operation.method.upper()} {path}")
    FIGURES["statuses"][response.status_code] = FIGURES["statuses"].get(response.status_code, 0) + 1
