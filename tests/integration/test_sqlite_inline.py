"""The embedded store runs SQLite on the loop's thread, and never waits there for a lock this process holds."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from router.adapters.db import create_engine
from router.adapters.sqlite_inline import connect_inline, statements_sent_to_threads
from tests.conftest import open_conversation, settle
from tests.fakes import FakeBot


def _engine(path: Path) -> AsyncEngine:
    engine = create_engine(f"sqlite+aiosqlite:///{path}")

    @event.listens_for(engine.sync_engine, "connect")
    def _thread_id(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.create_function("thread_id", 0, threading.get_ident)

    return engine


async def test_each_connection_keeps_a_small_page_cache_and_wal(tmp_path: Path) -> None:
    """The router's own connections: WAL, and a private page cache of SQLITE_CACHE_KIB, not SQLite's 2 MiB."""
    from router.adapters.db import SQLITE_CACHE_KIB

    engine = _engine(tmp_path / "router.db")
    async with engine.connect() as connection:
        cache = (await connection.execute(text("PRAGMA cache_size"))).scalar()
        journal = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
    await engine.dispose()
    assert (cache, journal) == (-SQLITE_CACHE_KIB, "wal")


async def _ticking(ticks: list[float], stop: asyncio.Event) -> None:
    """The loop's pulse: ticks while a write waits show that nothing blocked the loop (a blocked loop ticks not at
    all), however slow a loaded machine makes each tick."""
    while not stop.is_set():
        await asyncio.sleep(0.01)
        ticks.append(time.perf_counter())


async def test_statements_run_on_the_loops_own_thread(tmp_path: Path) -> None:
    engine = _engine(tmp_path / "r.db")
    threads_before = threading.active_count()
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
        await connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
        ran_on = (await connection.execute(text("SELECT thread_id()"))).scalar_one()
    assert ran_on == threading.get_ident()
    assert threading.active_count() == threads_before  # no aiosqlite worker thread was started
    await engine.dispose()


async def test_a_write_waiting_for_this_process_lock_leaves_the_loop_free_and_succeeds(tmp_path: Path) -> None:
    """A transaction that breaks the rule (it awaits something while it holds the write lock) must not freeze the
    router: the other write runs on a worker thread, the holder commits, and both rows are there."""
    path = tmp_path / "r.db"
    holder, writer = _engine(path), _engine(path)
    async with holder.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    sent_before = statements_sent_to_threads()
    ticks: list[float] = []
    stop = asyncio.Event()
    pulse = asyncio.create_task(_ticking(ticks, stop))
    began: list[float] = []

    async def hold_the_lock() -> None:
        async with holder.begin() as connection:
            await connection.execute(text("INSERT INTO t (v) VALUES ('held')"))
            await asyncio.sleep(0.5)

    async def write_meanwhile() -> float:
        await asyncio.sleep(0.1)
        started = time.perf_counter()
        began.append(started)
        async with writer.begin() as connection:
            await connection.execute(text("INSERT INTO t (v) VALUES ('waited')"))
        return time.perf_counter() - started

    _, waited_s = await asyncio.wait_for(asyncio.gather(hold_the_lock(), write_meanwhile()), timeout=10)
    stop.set()
    await pulse
    assert 0.2 < waited_s < 5  # it waited for the holder's commit, not for the 30 s busy timeout
    # The loop kept running meanwhile (a timed bound on the gaps failed once on a loaded machine: 0.62 s).
    assert sum(began[0] < tick < began[0] + waited_s for tick in ticks) >= 3
    assert statements_sent_to_threads() > sent_before
    async with writer.connect() as connection:
        rows = (await connection.execute(text("SELECT v FROM t ORDER BY id"))).scalars().all()
    assert rows == ["held", "waited"]
    await holder.dispose()
    await writer.dispose()


async def test_a_write_that_took_the_lock_on_a_thread_holds_it_before_the_loop_hears_back(tmp_path: Path) -> None:
    """The race seen under load: a write sent to a thread (another held the lock) takes the lock there once that
    one commits; its connection only learns so when the loop runs the answer. A third write meanwhile must not wait
    for that lock inline, on the loop the second needs to commit: it goes to a thread as well, and all three land.
    """
    path = str(tmp_path / "r.db")
    first, second, third = [await connect_inline(path, timeout_s=2) for _ in range(3)]
    await first.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    await first.commit()
    await first.execute("INSERT INTO t (v) VALUES ('first')")  # first holds the write lock
    second_insert = asyncio.ensure_future(second.execute("INSERT INTO t (v) VALUES ('second')"))
    await asyncio.sleep(0.05)  # second is on its thread, waiting for the lock
    await first.commit()
    time.sleep(0.3)  # noqa: ASYNC251 - the loop held: second takes the lock on its thread, its answer waits
    # Run before second's answer (its callback is queued behind this task's step); inline it would wait out the
    # busy timeout and fail with "database is locked".
    third_insert = asyncio.ensure_future(third.execute("INSERT INTO t (v) VALUES ('third')"))
    await second_insert
    await second.commit()
    await third_insert
    await third.commit()
    rows = await (await first.execute("SELECT v FROM t ORDER BY id")).fetchall()
    assert [v for (v,) in rows] == ["first", "second", "third"]
    for connection in (first, second, third):
        await connection.close()


async def test_a_lock_held_by_another_process_is_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    engine = _engine(path)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
    other = await asyncio.create_subprocess_exec(sys.executable, "-c", (
        "import sqlite3, time\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE'); c.execute(\"INSERT INTO t (v) VALUES ('other')\")\n"
        "print('locked', flush=True); time.sleep(0.5); c.execute('COMMIT')\n"), stdout=asyncio.subprocess.PIPE)
    assert other.stdout is not None
    assert (await other.stdout.readline()).strip() == b"locked"
    async with engine.begin() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES ('router')"))
    assert await asyncio.wait_for(other.wait(), timeout=10) == 0
    async with engine.connect() as connection:
        rows = (await connection.execute(text("SELECT v FROM t ORDER BY id"))).scalars().all()
    assert rows == ["other", "router"]
    await engine.dispose()


async def test_the_routers_transactions_never_hold_the_lock_across_a_pause(client: TestClient,
                                                                             fake_bot: FakeBot) -> None:
    """Brukere writing at once, with a bot that takes its time and a veileder taking a conversation: every
    transaction ran inline (none had to be sent to a thread), so none held SQLite's lock while it awaited."""
    fake_bot.delay_s = 0.02
    sent_before = statements_sent_to_threads()
    conversations = [await open_conversation(client) for _ in range(8)]

    async def talk(conversation_id: str, auth: dict[str, str]) -> None:
        for n in range(3):
            response = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                         json={"client_msg_id": f"m{n}", "text": f"hei, spørsmål {n}"})
            assert response.status == 201, await response.text()

    await asyncio.gather(*(talk(cid, auth) for cid, auth in conversations))
    await settle(client)
    for conversation_id, auth in conversations:
        response = await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)
        texts = [m["text"] for m in (await response.json())["messages"] if m["sender"] == "bot"]
        assert [t for t in texts if t.startswith("Bot: ")] == [f"Bot: hei, spørsmål {n}" for n in range(3)]
    assert statements_sent_to_threads() == sent_before


async def test_closing_the_pool_logs_no_error(tmp_path: Path, caplog: Any) -> None:
    # Closing a connection is a call like any other; asking a closed connection about its transaction raised, and
    # the pool logged an ERROR with a traceback at every shutdown.
    engine = _engine(tmp_path / "close.db")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (x INTEGER)"))
    with caplog.at_level("ERROR"):
        await engine.dispose()
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == []
