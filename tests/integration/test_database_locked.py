"""A write lock held by another process on router.db (probe 98: an operator's sqlite3 shell, a backup, a CLI
command) is a 503 with Retry-After and the way out, never a 500, and the log never holds the bruker's words."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from router.adapters import db
from router.adapters.clock import FixedClock
from router.adapters.language_layer import NorwegianOnlyLanguage
from router.app import DEPS, Overrides, create_app
from router.config import Settings
from router.domain.contact import NAV_PHONE
from router.ports.store import StoreUnavailable
from router.services.receive import receive_user_message
from tests.conftest import open_conversation, settle
from tests.fakes import FakeBot

SECRET = "Ring meg, Ola Nordmann, på 412 34 567"


def _hold_write_lock(path: str, seconds: float, locked: threading.Event) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    locked.set()
    time.sleep(seconds)
    connection.execute("ROLLBACK")
    connection.close()


async def test_a_send_while_another_process_holds_the_write_lock_is_a_503_and_logs_no_message_text(
        settings: Settings, clock: FixedClock, aiohttp_client: Callable[..., Any],
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_S", 1)  # the real 30 s, shortened
    client = await aiohttp_client(create_app(settings, Overrides(bot=FakeBot(), clock=clock,
                                                                 language=NorwegianOnlyLanguage())))
    conversation_id, auth = await open_conversation(client)
    await settle(client)
    path = settings.database_url.split(":///", 1)[1]
    locked = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, 3.0, locked))
    holder.start()
    try:
        locked.wait(5)
        with caplog.at_level(logging.DEBUG):
            response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                         json={"client_msg_id": "h98-phone-1", "text": SECRET})
            await settle(client)
    finally:
        holder.join()
    assert response.status == 503, await response.text()
    assert response.headers["Retry-After"]
    assert NAV_PHONE in (await response.json())["error"]
    logged = caplog.text + "".join(str(r.exc_info) for r in caplog.records if r.exc_info)
    assert "Ola Nordmann" not in logged and "412 34 567" not in logged, logged[-2000:]
    # Once the lock is gone the same message (same client_msg_id) goes through.
    again = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                              json={"client_msg_id": "h98-phone-1", "text": SECRET})
    assert again.status in (200, 201, 202), await again.text()


async def test_a_unit_of_work_that_meets_the_lock_raises_store_unavailable(
        settings: Settings, clock: FixedClock, aiohttp_client: Callable[..., Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's own error, so a use case that retries on it (a bot turn's answers, relay.finish) does."""
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_S", 1)
    client = await aiohttp_client(create_app(settings, Overrides(bot=FakeBot(), clock=clock,
                                                                 language=NorwegianOnlyLanguage())))
    deps = client.app[DEPS]
    conversation_id, auth = await open_conversation(client)
    await settle(client)
    token = auth["Authorization"].removeprefix("Bearer ")
    locked = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(settings.database_url.split(":///", 1)[1], 2.0, locked))
    holder.start()
    try:
        locked.wait(5)
        with pytest.raises(StoreUnavailable, match="busy"):
            await receive_user_message(deps, conversation_id, token, client_msg_id="m-locked", text=SECRET)
    finally:
        holder.join()


def test_an_engines_errors_hide_the_statements_values() -> None:
    engine = db.create_engine("sqlite+aiosqlite:///:memory:")
    assert engine.sync_engine.hide_parameters
