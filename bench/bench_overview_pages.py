"""Benchmark: router CPU per second for the kontaktsenter page's figures with 1 and with 10 pages open.

    .venv/bin/python bench/bench_overview_pages.py [--per-day 12500] [--seconds 20]

Every open /kontaktsenter page asks for GET /api/staff/overview every 5 s, and each answer used to read the
window's whole history (bench_store_growth.py: about 0.5 s at a national day). A throwaway SQLite database holds one
live day (bench_store_growth.rows_for: 12,500 conversations over the last 24 h, in the reference data's enheter, 1%
skjermet so two kinds of reader see different figures), and for --seconds of simulated time (the router's clock
and the monotonic clock moved from refresh to refresh: a busy machine cannot starve the pages of refreshes) N pages
(started at even offsets within the 5 s) each take the figures every 5 s and serialise them as the handler does, half
of them as a team lead holding the skjermet permission; the process CPU of it all is divided by the seconds. "before": each page its own read (queue_overview.overview, as the handler did);
"after": the read every page shares (queue_overview.shared_overview, NAVCHAT_OVERVIEW_MAX_AGE_S at its default).
Prints the router CPU seconds per second (the share of one core the page costs), the ratios, and writes
bench/out/overview_pages.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_store_growth import NOW, add, rows_for  # noqa: E402
from bench.results import write_result  # noqa: E402
from router.adapters.clock import FixedClock  # noqa: E402
from router.adapters.db import create_engine, migrate  # noqa: E402
from router.adapters.language_layer import NorwegianOnlyLanguage  # noqa: E402
from router.adapters.pubsub import InProcessEventBus  # noqa: E402
from router.adapters.reference_data import ReferenceRouting, load_reference_data  # noqa: E402
from router.adapters.store import unit_of_work_factory  # noqa: E402
from router.config import Settings  # noqa: E402
from router.domain.access import Permission, Role, StaffUser  # noqa: E402
from router.services import queue_overview  # noqa: E402
from router.services.deps import Deps  # noqa: E402
from router.services.shared_read import SharedRead  # noqa: E402
from router.services.tasks import BackgroundTasks  # noqa: E402
from tests.fakes import FakeBot  # noqa: E402

REFRESH_S = 5.0  # the page's own refresh (router/web/static/dashboard: REFRESH_MS)


def lead(number: int) -> StaffUser:
    permissions = frozenset({Permission.SKJERMET}) if number % 2 else frozenset()
    return StaffUser(number, f"leder{number}", f"Leder {number}", "4100", frozenset({Role.KONTAKTSENTER}),
                     permissions)


class SimulatedTime:
    """The router's clock and the monotonic clock on simulated seconds: the pages' refreshes happen at their
    instants whatever else the machine runs (a busy machine would otherwise starve them and count fewer)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.clock = FixedClock(NOW)

    def __call__(self) -> float:
        return self.seconds

    def at(self, seconds: float) -> None:
        self.clock.advance(seconds=seconds - self.seconds)
        self.seconds = seconds


async def pages_open(deps: Deps, time_: SimulatedTime, pages: int, seconds: float,
                     figures: Callable[[Deps, StaffUser], Awaitable[dict[str, Any]]]) -> float:
    """Router CPU seconds per second while ``pages`` pages refresh every 5 s, over ``seconds`` simulated seconds."""
    start = time_.seconds
    refreshes = sorted((start + REFRESH_S * (number / pages + k), number)
                       for number in range(pages) for k in range(int(seconds / REFRESH_S)))
    started_cpu = time.process_time()
    for at, number in refreshes:
        time_.at(at)
        json.dumps(await figures(deps, lead(number)))  # as web.json_response does
    time_.at(start + seconds)
    return (time.process_time() - started_cpu) / seconds


async def main_async(per_day: int, seconds: float) -> dict[str, Any]:
    rng = random.Random(7)
    reference = load_reference_data(ROOT / "reference")
    enheter = sorted(reference.enheter)
    with tempfile.TemporaryDirectory(prefix="h-bench-overview-") as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'router.db'}")
        await migrate(engine)
        rows = rows_for(NOW - timedelta(days=1), per_day, rng, live=True)
        for row in rows:
            row["enhetsnummer"] = rng.choice(enheter)
            row["skjermet"] = rng.random() < 0.01
        await add(engine, rows)
        # The router's clock at the bench data's "now", moved on by the simulated seconds.
        time_ = SimulatedTime()
        deps = Deps(settings=Settings(internal_token="bench"), uow=unit_of_work_factory(engine), bot=FakeBot(),
                    bus=InProcessEventBus(), clock=time_.clock, language=NorwegianOnlyLanguage(),
                    routing=ReferenceRouting(reference), tasks=BackgroundTasks(),
                    overview_reads=SharedRead(monotonic=time_))
        await queue_overview.overview(deps)  # warm the page cache
        started = time.process_time()
        await queue_overview.overview(deps)
        one_read_ms = (time.process_time() - started) * 1000
        print(f"one live day ({per_day:,} conversations): one overview {one_read_ms:.0f} ms of CPU", flush=True)
        cpu: dict[str, dict[int, float]] = {"before": {}, "after": {}}
        reads: dict[int, int] = {}
        for pages in (1, 10):
            cpu["before"][pages] = await pages_open(deps, time_, pages, seconds, queue_overview.overview)
            print(f"before, {pages:>2} page(s): {cpu['before'][pages]:.3f} CPU s/s", flush=True)
            made = deps.overview_reads.reads
            cpu["after"][pages] = await pages_open(deps, time_, pages, seconds, queue_overview.shared_overview)
            reads[pages] = deps.overview_reads.reads - made
            print(f"after,  {pages:>2} page(s): {cpu['after'][pages]:.3f} CPU s/s ({reads[pages]} reads in "
                  f"{seconds:.0f} s)", flush=True)
        await engine.dispose()
    return {
        "rows_live_day": per_day, "seconds": seconds, "refresh_s": REFRESH_S,
        "max_age_s": Settings().overview_max_age_s, "one_overview_cpu_ms": round(one_read_ms, 1),
        "cpu_s_per_s": {when: {str(pages): round(value, 4) for pages, value in by_pages.items()}
                        for when, by_pages in cpu.items()},
        "shared_reads": {str(pages): count for pages, count in reads.items()},
        "ratio_after_to_before": {str(pages): round(cpu["after"][pages] / cpu["before"][pages], 3) for pages in (1, 10)},
        "ratio_10_to_1_pages": {when: round(by_pages[10] / by_pages[1], 2) for when, by_pages in cpu.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-day", type=int, default=12_500, help="conversations a day (NAV nationally)")
    parser.add_argument("--seconds", type=float, default=20.0, help="simulated seconds per measurement")
    args = parser.parse_args()
    result = asyncio.run(main_async(args.per_day, args.seconds))
    result["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    write_result("overview_pages", result)
    print(f"\n{'pages':>6} {'before':>12} {'after':>12} {'after/before':>13}")
    for pages in ("1", "10"):
        print(f"{pages:>6} {result['cpu_s_per_s']['before'][pages]:>8.3f} s/s {result['cpu_s_per_s']['after'][pages]:>8.3f} "
              f"s/s {result['ratio_after_to_before'][pages]:>12.2f}x")
    print(f"10 pages / 1 page: before {result['ratio_10_to_1_pages']['before']}x, "
          f"after {result['ratio_10_to_1_pages']['after']}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
