"""Shared fixtures: settings, a fixed clock, the app built by create_app with a test config."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import re
import shutil
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.adapters.db import create_engine, migrate
from router.adapters.language_layer import NorwegianOnlyLanguage
from router.adapters.store import unit_of_work_factory
from router.app import Overrides, create_app
from router.config import Settings
from router.services import handoff, staff
from router.web.appkeys import DEPS
from tests.fakes import FakeBot

INTERNAL_TOKEN = "test-internal-token"


TEST_STAFF = [
    ("veileder1", "0220", ["veileder"], []),  # Nav Asker
    ("veileder2", "0312", ["veileder"], []),  # Nav Frogner
    ("nks1", "4106", ["kontaktsenter"], []),
    ("admin1", "0220", ["admin"], []),
]


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated once, with the test staff (argon2 hashing is slow on purpose); each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "router.db"

    async def build() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await migrate(engine)
        for username, enhet, roles, permissions in TEST_STAFF:
            await staff.create_user(
                unit_of_work_factory(engine), username=username, password=f"passord-{username}",
                navn=f"{username.title()} Testesen", enhetsnummer=enhet, roles=roles, permissions=permissions,
            )
        async with engine.begin() as connection:
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        await engine.dispose()

    asyncio.run(build())
    return path


@pytest.fixture
def settings(tmp_path: Path, template_database: Path) -> Settings:
    shutil.copy(template_database, tmp_path / "router.db")
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'router.db'}",
        rasa_url="http://127.0.0.1:9",
        action_server_url="http://127.0.0.1:9",
        internal_token=INTERNAL_TOKEN,
        bot_timeout_s=2.0,
        sla_sweep_s=0,
        turn_sweep_s=0,
        # The fixtures open many conversations and log in often from one address, fast: generous limits here;
        # tests/integration/web/test_limits.py sets the real ones.
        limit_conversations_per_address=100_000,
        limit_messages_per_conversation=100_000,
        limit_messages_per_address=100_000,
        limit_detections_per_address=100_000,
        limit_logins_per_address=100_000,
        limit_waiting_per_address=100_000,
        login_failures_per_account=1_000,
        login_failures_per_address=1_000,
        # Each request's own read of the kontaktsenter's figures: these tests look at what they just did;
        # tests/integration/web/test_shared_overview.py takes the shared read with its max age.
        overview_max_age_s=0,
    )


@pytest.fixture
def fake_bot() -> FakeBot:
    return FakeBot()


@pytest.fixture
def clock() -> FixedClock:
    # A Tuesday morning in Oslo: offices are open.
    return FixedClock(datetime(2026, 11, 24, 9, 30, tzinfo=UTC))


@pytest.fixture
async def client(
    aiohttp_client: Callable[..., Any], settings: Settings, fake_bot: FakeBot, clock: FixedClock
) -> AsyncIterator[TestClient]:
    # Norwegian only: these tests are about the chat path; tests/integration/test_multilingual.py covers languages.
    app = create_app(settings, Overrides(bot=fake_bot, clock=clock, language=NorwegianOnlyLanguage()))
    test_client: TestClient = await aiohttp_client(app)
    deps = app[DEPS]

    async def handoff_like_the_action(conversation_id: str) -> None:
        await handoff.hand_off(deps, conversation_id, reason="bruker ba om veileder", actor="bot")

    fake_bot.on_handoff = handoff_like_the_action
    yield test_client


async def settle(client: TestClient) -> None:
    """Let background turns (relay, handoff enrichment) finish."""
    tasks = client.app[DEPS].tasks
    for _ in range(50):
        await asyncio.sleep(0)
    await tasks.drain(timeout_s=5)


async def frames_until_quiet(socket: Any, quiet_s: float = 0.3) -> list[dict[str, Any]]:
    """Every JSON frame a test client's socket gets until it has been quiet for ``quiet_s``."""
    frames = []
    with contextlib.suppress(TimeoutError):
        while True:
            frames.append(await socket.receive_json(timeout=quiet_s))
    return frames


async def open_conversation(client: TestClient, **body: Any) -> tuple[str, dict[str, str]]:
    """A conversation opened on a page that knows the bruker's kommune (Asker, served by Nav Asker 0220)."""
    body.setdefault("kommune", "Asker")
    response = await client.post("/api/conversations", json=body)
    assert response.status == 201, await response.text()
    data = await response.json()
    return data["id"], {"Authorization": f"Bearer {data['token']}"}


METRICS_TOKEN = "m" * 32


async def scrape_metrics(client: TestClient) -> str:
    """/metrics as Prometheus scrapes it (the token set on the app's settings)."""
    deps = client.app[DEPS]
    deps.settings = dataclasses.replace(deps.settings, metrics_token=METRICS_TOKEN)
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status == 200
    return await response.text()


def metric(body: str, sample: str) -> float:
    """One sample's value in a /metrics body; 0 for a labelled counter not counted yet (no sample). Counters are the
    test process's (router/ports/tallies.py): tests compare a scrape before with one after."""
    found = re.search(rf"^{re.escape(sample)} (\S+)$", body, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


async def login(client: TestClient, username: str) -> dict[str, str]:
    response = await client.post("/api/staff/login", json={"username": username, "password": f"passord-{username}"})
    assert response.status == 200, await response.text()
    return {"X-CSRF-Token": (await response.json())["csrf_token"]}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in the main thread until the
    session ends, and no asyncio test or asyncio.run() may come after it in the same thread."""
    items.sort(key=lambda item: "browser" in item.path.parts)


async def during_bot_turn(client: TestClient, conversation_id: str, auth: dict[str, str],
                          call: Callable[[], Any]) -> Any:
    """Run ``call`` (e.g. the action server's internal handoff) while the bot answers a bruker message, as the
    real action server does; the router refuses such calls at any other time."""
    bot = client.app[DEPS].bot
    result: list[Any] = []

    async def act(conversation: str) -> None:
        result.append(await call())

    bot.on_handoff, previous = act, bot.on_handoff
    try:
        response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                     json={"client_msg_id": uuid.uuid4().hex, "text": "kan jeg få en veileder"})
        assert response.status == 201, await response.text()
        await settle(client)
    finally:
        bot.on_handoff = previous
    assert result, "the bot never acted"
    return result[0]
