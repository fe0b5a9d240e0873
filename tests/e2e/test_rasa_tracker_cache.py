"""bot/tracker_cache.py inside Rasa's own interpreter: a conversation's tracker is kept between its turns,
the store ends up holding what Rasa's own SQL store would hold, and anything another writer did is read back."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = str(ROOT / ".venv-rasa" / "bin" / "python")

CHECK = r'''
import asyncio, json, sys, threading
from sqlalchemy import event
from sqlalchemy.engine import Engine
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from bot.tracker_cache import CachedSQLTrackerStore

path, kind = sys.argv[1], sys.argv[2]
full_reads = []
event.listen(Engine, "before_cursor_execute",
             lambda conn, cursor, statement, *_: full_reads.append(1) if statement.lstrip().startswith("SELECT events.id")
             else None)
if kind == "plain":
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=path)
else:  # "cached", or "threads": its database calls in worker threads, as the scaled profile runs it
    store = CachedSQLTrackerStore(Domain.empty(), dialect="sqlite", db=path, io_in_threads=kind == "threads")
on_the_loop = []
event.listen(Engine, "before_cursor_execute",
             lambda conn, *_: on_the_loop.append(threading.current_thread() is threading.main_thread())
             if conn.engine is store.engine else None)
other = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=path)  # another Rasa process on the same file


async def turn(text, store=store):
    tracker = await store.retrieve("c1")
    if tracker is None:
        tracker = DialogueStateTracker("c1", [])
        tracker.update(SessionStarted())
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(BotUttered(f"svar på {text}"))
    tracker.update(ActionExecuted("action_listen"))
    await store.save(tracker)


def texts(tracker):
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


def seen_by_policies(tracker):
    return [e.text for e in tracker.applied_events() if isinstance(e, UserUttered)]


async def main():
    out = {}
    for text in ["hei", "takk", "ha det"]:
        await turn(text)
    out["full_reads_in_three_turns"] = len(full_reads)
    await turn("fra den andre", store=other)  # failover: the other process answered one turn
    out["after_another_writer"] = texts(await store.retrieve("c1"))
    await turn("tilbake")
    half = await store.retrieve("c1")  # a turn that failed before its save
    half.update(UserUttered("aldri lagret", {"name": "greet", "confidence": 1.0}))
    out["after_a_failed_turn"] = texts(await store.retrieve("c1"))
    tracker = await store.retrieve("c1")
    tracker.update(SessionStarted())
    tracker.update(UserUttered("ny økt", {"name": "greet", "confidence": 1.0}))
    await store.save(tracker)
    out["after_a_new_session"] = seen_by_policies(await store.retrieve("c1"))
    out["store_calls"], out["store_calls_on_the_loop"] = len(on_the_loop), sum(on_the_loop)
    with store.engine.connect() as connection:
        out["stored"] = [list(row) for row in connection.exec_driver_sql(
            "SELECT type_name, intent_name, action_name FROM events WHERE sender_id = 'c1' ORDER BY id")]
    if kind != "plain":  # one hold of the conversation's lock (bot/turn_once.py): one count of the store
        counts = []
        event.listen(Engine, "before_cursor_execute", lambda conn, cursor, statement, *_:
                     counts.append(1) if statement.lstrip().upper().startswith("SELECT COUNT") else None)
        with store.checked_once("c1"):
            first, again = await store.retrieve("c1"), await store.retrieve("c1")
        out["counts_in_one_hold"], out["same_tracker_in_one_hold"] = len(counts), first is again
        counts.clear()
        await store.retrieve("c1")
        await store.retrieve("c1")
        out["counts_outside_a_hold"] = len(counts)
        await turn("fra den andre igjen", store=other)
        with store.checked_once("c1"):  # another writer before the hold, a failed turn inside it: read back
            out["in_a_hold_after_another_writer"] = texts(await store.retrieve("c1"))[-1]
            half = await store.retrieve("c1")
            half.update(UserUttered("aldri lagret", {"name": "greet", "confidence": 1.0}))
            out["in_a_hold_after_a_failed_turn"] = texts(await store.retrieve("c1"))[-1]
    print(json.dumps(out))


asyncio.run(main())
'''


def _run(tmp_path: Path, kind: str) -> dict[str, object]:
    run = subprocess.run([RASA_PYTHON, "-c", CHECK, str(tmp_path / f"{kind}.db"), kind], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_the_cached_store_reads_a_conversation_once_and_stores_what_rasas_own_store_stores(tmp_path: Path) -> None:
    plain, cached = _run(tmp_path, "plain"), _run(tmp_path, "cached")
    assert plain["full_reads_in_three_turns"] == 3, "Rasa's own store rebuilds the tracker every turn"
    assert cached["full_reads_in_three_turns"] == 1, "read once (finding nothing), then kept"
    assert cached["stored"] == plain["stored"]


def test_the_cached_store_reads_back_what_it_did_not_write_itself(tmp_path: Path) -> None:
    cached = _run(tmp_path, "cached")
    assert cached["after_another_writer"] == ["hei", "takk", "ha det", "fra den andre"]
    assert cached["after_a_failed_turn"] == ["hei", "takk", "ha det", "fra den andre", "tilbake"]
    assert cached["after_a_new_session"] == _run(tmp_path, "plain")["after_a_new_session"] == ["ny økt"]


def test_with_io_in_threads_the_store_behaves_the_same_and_never_waits_on_the_loop(tmp_path: Path) -> None:
    cached, threads = _run(tmp_path, "cached"), _run(tmp_path, "threads")
    assert cached["store_calls"] == cached["store_calls_on_the_loop"] > 0
    assert threads["store_calls"] > 0 and threads["store_calls_on_the_loop"] == 0
    for key in ("full_reads_in_three_turns", "after_another_writer", "after_a_failed_turn", "after_a_new_session",
                "stored"):
        assert threads[key] == cached[key], key


def test_within_one_hold_of_the_lock_the_store_is_counted_once_and_still_reads_back_what_changed(
        tmp_path: Path) -> None:
    for kind in ("cached", "threads"):
        cached = _run(tmp_path, kind)
        assert cached["counts_in_one_hold"] == 1 and cached["same_tracker_in_one_hold"], kind
        assert cached["counts_outside_a_hold"] == 2, kind
        assert cached["in_a_hold_after_another_writer"] == "fra den andre igjen", kind
        assert cached["in_a_hold_after_a_failed_turn"] == "fra den andre igjen", kind
