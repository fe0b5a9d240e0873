"""Benchmark: the store's periodic and per-handoff queries as the conversation table grows with kept history.

    .venv/bin/python bench/bench_store_growth.py [--days 90] [--per-day 12500] [--repeats 15]

Retention deletes a transcript after 2 days but keeps its conversation row for statistics (docs/PRIVACY.md), so
the table grows by every conversation NAV has: about 12,500 a day nationally (the issue's peak figure). The
queries below run on every dashboard refresh and /metrics scrape (``since``), at every queue notice and handoff
(``first_answer_waits``, ``recently_handled``: the wait promise) and at every retention sweep (``purgeable``).

A throwaway SQLite database (migrated with router.adapters.db.migrate, as the router does) first holds one live
day (the baseline: 12,500 conversations over the last 24 h in 250 enheter, some still waiting, each with its
history events: handoff, take, close, which the dashboard counts by when they happened); each query is
timed (median of --repeats) through the real store (router.adapters.store). Then --days of closed, purged history
are added and the same queries timed again. Prints the times and their ratio to the baseline, and writes
bench/out/store_growth.json. Without indexes that fit these queries, each one reads the whole table.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from bench.results import write_result  # noqa: E402
from router.adapters.db import create_engine, migrate  # noqa: E402
from router.adapters.models import ConversationEventRow, ConversationRow  # noqa: E402
from router.adapters.store import unit_of_work_factory  # noqa: E402
from router.domain.conversation import ConversationState  # noqa: E402
from router.domain.wait_promise import PACE_WINDOW, SAMPLE_CHATS  # noqa: E402
from router.services.queue_overview import HISTORY_KINDS, WINDOW  # noqa: E402
from router.services.waiting import RECENT_ANSWERS  # noqa: E402

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
OFFICES = [f"{n:04d}" for n in range(300, 550)]
OFFICE = OFFICES[15]  # "0315"
RETENTION = timedelta(days=2)


def rows_for(day_start: datetime, count: int, rng: random.Random, *, live: bool) -> list[dict[str, Any]]:
    """``count`` conversations created during the 24 h from ``day_start``: all closed (purged when older than the
    retention), except a few still waiting in the live day."""
    rows: list[dict[str, Any]] = []
    for _ in range(count):
        created = day_start + timedelta(seconds=rng.uniform(0, 86_400))
        queued = created + timedelta(minutes=2)
        assigned = queued + timedelta(minutes=rng.uniform(0.5, 20))
        closed = assigned + timedelta(minutes=rng.uniform(3, 25))
        waiting = live and rng.random() < 0.01
        rows.append({
            "id": str(uuid.UUID(int=rng.getrandbits(128))), "token_hash": "0" * 64,
            "state": ConversationState.QUEUED.value if waiting else ConversationState.CLOSED.value,
            "enhetsnummer": rng.choice(OFFICES), "tema": "SOS", "priority": "normal", "skjermet": False,
            "bot_summary": {}, "bot_slots": {}, "needs_interpreter": False, "channel": "rest", "handed_off": True,
            "created_at": created, "updated_at": created, "queued_at": queued,
            "assigned_at": None if waiting else assigned, "first_human_reply_at": None if waiting else assigned,
            "closed_at": None if waiting else closed, "close_outcome": None if waiting else "besvart",
            "purged_at": None if waiting or NOW - closed < RETENTION else closed + RETENTION,
            "escalation_level": 0, "gt_from_register": False, "registered_abroad": False,
        })
    return rows


def events_for(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The history a conversation leaves (kept after its transcript is purged): the handoff, the take and the close,
    which the kontaktsenter's figures read by when they happened (queue_figures)."""
    base = {"conversation_id": row["id"], "actor": "bench", "reason": "", "data": {}}
    events = [{**base, "kind": "handoff", "from_state": "BOT", "to_state": "QUEUED", "at": row["queued_at"],
               "data": {"enhetsnummer": row["enhetsnummer"]}}]
    if row["assigned_at"] is not None:
        events.append({**base, "kind": "assign", "from_state": "QUEUED", "to_state": "ASSIGNED",
                       "at": row["assigned_at"]})
        events.append({**base, "kind": "close", "from_state": "ASSIGNED", "to_state": "CLOSED", "at": row["closed_at"]})
    return events


async def add(engine: AsyncEngine, rows: list[dict[str, Any]]) -> None:
    async with engine.begin() as connection:
        for start in range(0, len(rows), 5_000):
            chunk = rows[start:start + 5_000]
            await connection.execute(insert(ConversationRow), chunk)
            await connection.execute(insert(ConversationEventRow), [event for row in chunk for event in events_for(row)])


async def timed(query: Callable[[], Awaitable[Any]], repeats: int) -> float:
    await query()  # warm the page cache
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await query()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


async def measure(engine: AsyncEngine, repeats: int) -> dict[str, float]:
    factory = unit_of_work_factory(engine)

    def in_uow(call: Callable[[Any], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
        async def run() -> Any:
            async with factory() as uow:
                return await call(uow.conversations)
        return run

    async def window_history() -> Any:
        """What the overview reads of the window's history besides ``since``: the breaches, and the counted kinds
        of every conversation in the window (queue_overview.overview)."""
        async with factory() as uow:
            ids = [conversation.id for conversation in await uow.conversations.since(NOW - WINDOW)]
            await uow.history.breaches_since(NOW - WINDOW)
            return await uow.history.of_kinds(ids, HISTORY_KINDS)

    queries = {
        "since (dashboard, /metrics)": in_uow(lambda c: c.since(NOW - WINDOW)),
        "window's history (dashboard)": window_history,
        "first_answer_waits (wait promise)": in_uow(lambda c: c.first_answer_waits(OFFICE, NOW - RECENT_ANSWERS)),
        "recently_handled (wait promise)": in_uow(lambda c: c.recently_handled(OFFICE, NOW - PACE_WINDOW,
                                                                              SAMPLE_CHATS)),
        "purgeable (retention sweep)": in_uow(lambda c: c.purgeable(NOW - RETENTION)),
    }
    return {name: await timed(query, repeats) for name, query in queries.items()}


async def main_async(days: int, per_day: int, repeats: int) -> dict[str, Any]:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'router.db'}")
        await migrate(engine)
        await add(engine, rows_for(NOW - timedelta(days=1), per_day, rng, live=True))
        baseline = await measure(engine, repeats)
        print(f"one live day ({per_day:,} conversations): " + ", ".join(f"{k} {v:.2f} ms" for k, v in
                                                                          baseline.items()), flush=True)
        started = time.perf_counter()
        for day in range(2, days + 2):
            await add(engine, rows_for(NOW - timedelta(days=day), per_day, rng, live=False))
        print(f"added {days} days of kept history ({days * per_day:,} rows) in {time.perf_counter() - started:.0f} s",
              flush=True)
        grown = await measure(engine, repeats)
        await engine.dispose()
    return {
        "rows_live_day": per_day, "rows_history": days * per_day, "days": days,
        "queries": {name: {"live_day_ms": round(baseline[name], 3), "with_history_ms": round(grown[name], 3),
                           "ratio": round(grown[name] / baseline[name], 2)} for name in baseline},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90, help="days of kept history added after the baseline")
    parser.add_argument("--per-day", type=int, default=12_500, help="conversations a day (NAV nationally)")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    result = asyncio.run(main_async(args.days, args.per_day, args.repeats))
    result["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    write_result("store_growth", result)
    print(f"\n{'query':40} {'1 day':>10} {f'+{args.days} days':>12} {'ratio':>7}")
    for name, figures in result["queries"].items():
        print(f"{name:40} {figures['live_day_ms']:>8.2f}ms {figures['with_history_ms']:>10.2f}ms "
              f"{figures['ratio']:>6.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
