"""``router.cli purge-transcripts`` deletes Rasa's tracker copy too (probe 98): it finds the tracker as the running
service does, refuses when it cannot, and marks a conversation purged only once the tracker copy is gone."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from router.app import DEPS
from router.commands.retention import _purge
from tests.conftest import open_conversation, settle


def _tracker(path: Path, sender_ids: list[str]) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)")
        connection.executemany("INSERT INTO events (sender_id, data) VALUES (?, ?)",
                               [(s, '{"text": "Ring meg, Ola Nordmann"}') for s in sender_ids])


def _tracker_rows(path: Path, sender_id: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM events WHERE sender_id = ?", (sender_id,)).fetchone()[0]


async def _purged_at(client: TestClient, conversation_id: str) -> object:
    async with client.app[DEPS].uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        assert conversation is not None
        return conversation.purged_at


def _args(**kwargs: object) -> argparse.Namespace:
    return argparse.Namespace(days=None, without_rasa_tracker=False, **kwargs)


async def test_purge_command_finds_the_data_dirs_tracker_refuses_without_one_and_retries_a_failure(
        client: TestClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    database = client.app[DEPS].settings.database_url
    data_dir = Path(database.split(":///", 1)[1]).parent
    monkeypatch.setenv("NAVCHAT_DATABASE_URL", database)
    monkeypatch.delenv("NAVCHAT_RASA_TRACKER_URL", raising=False)
    conversation_id, auth = await open_conversation(client)
    await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                      json={"client_msg_id": "m1", "text": "hei"})
    await settle(client)
    await client.post(f"/api/conversations/{conversation_id}/close", headers=auth)
    # The test clock is days behind the system clock the command uses: this chat is past the two days.

    assert await _purge(_args()) == 2, "no tracker known: refused, not a purge that leaves Rasa's copy"
    assert "NAVCHAT_RASA_TRACKER_URL" in capsys.readouterr().err
    assert await _purged_at(client, conversation_id) is None

    # A tracker that cannot be reached: the router's messages go, the conversation is not marked purged.
    monkeypatch.setenv("NAVCHAT_RASA_TRACKER_URL", f"sqlite+aiosqlite:///{data_dir / 'missing' / 'tracker.db'}")
    assert await _purge(_args()) == 1
    assert "run the command again" in capsys.readouterr().err
    assert await _purged_at(client, conversation_id) is None
    messages = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    assert messages["messages"] == []

    # The embedded profile's tracker, beside router.db, found without the variable: the retry finishes.
    monkeypatch.delenv("NAVCHAT_RASA_TRACKER_URL")
    _tracker(data_dir / "rasa_tracker.db", [conversation_id, "another"])
    assert await _purge(_args()) == 0
    assert "removed the transcripts of 1 conversations" in capsys.readouterr().out
    assert _tracker_rows(data_dir / "rasa_tracker.db", conversation_id) == 0
    assert _tracker_rows(data_dir / "rasa_tracker.db", "another") == 1
    assert await _purged_at(client, conversation_id) is not None
