"""Benchmark: assignment decision latency and queue ordering cost, each against a baseline from the same run.

    .venv/bin/python bench/bench_assignment.py [--decisions 3000] [--seed 7]

Scenario: 5,000 waiting conversations and 850 veiledere spread over real enheter from reference/ (big Oslo and
Bergen offices, many small ones, the kontaktsenter queues), with languages, tema skills, presence and loads.
Prints a table and writes bench/out/assignment.json.
"""

from __future__ import annotations

import argparse
import gc
import operator
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import write_result  # noqa: E402
from router.adapters.reference_data import load_reference_data  # noqa: E402
from router.domain.access import Permission  # noqa: E402
from router.domain.assignment import (  # noqa: E402
    Needs,
    Presence,
    VeilederId,
    VeilederLoad,
    pick_veileder,
    plan_assignments,
)
from router.domain.queue import Priority, QueueEntry, order_queue  # noqa: E402
from router.domain.routing import EnhetType  # noqa: E402

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
N_CONVERSATIONS = 5_000
N_VEILEDERE = 850
LANGUAGES = ["uk", "ar", "so", "pl", "en", "ti", "fa", "ru"]
TEMAER = ["KOM", "DAG", "SYK", "AAP", "BAR", "FOR", "PEN"]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def build_world(rng: random.Random) -> tuple[list[VeilederLoad], list[tuple[QueueEntry, Needs]]]:
    reference = load_reference_data(ROOT / "reference")
    local = sorted(nr for nr, e in reference.enheter.items() if e.type is EnhetType.LOKAL)
    queues = sorted(nr for nr, e in reference.enheter.items() if e.type is EnhetType.KONTAKTSENTER)
    # ~35% of veiledere in kontaktsenter queues; local offices weighted so city offices are larger
    big = [nr for nr in local if nr.startswith(("03", "12", "57", "11"))]
    weights = [6 if nr in big else 1 for nr in local]
    veiledere: list[VeilederLoad] = []
    presences = [Presence.ONLINE] * 6 + [Presence.BUSY] * 2 + [Presence.AWAY, Presence.OFFLINE]
    for i in range(N_VEILEDERE):
        enhet = rng.choice(queues) if rng.random() < 0.35 else rng.choices(local, weights)[0]
        capacity = rng.choice([2, 3, 3, 4, 5])
        veiledere.append(VeilederLoad(
            VeilederId(f"v{i:04d}"), enhet, rng.choice(presences), rng.randint(0, capacity), capacity,
            frozenset(rng.sample(LANGUAGES, rng.choice([0, 0, 1, 2]))),
            frozenset(rng.sample(TEMAER, rng.randint(0, 3))),
            frozenset({Permission.FORTROLIG} if rng.random() < 0.3 else set())
            | frozenset({Permission.SKJERMET} if rng.random() < 0.1 else set()),
            NOW - timedelta(minutes=rng.randint(0, 240)) if rng.random() < 0.95 else None,
        ))
    enheter_with_staff = sorted({v.enhetsnummer for v in veiledere})
    waiting: list[tuple[QueueEntry, Needs]] = []
    for i in range(N_CONVERSATIONS):
        enhet = rng.choice(enheter_with_staff)
        staff = [v.veileder_id for v in veiledere if v.enhetsnummer == enhet]
        priority = Priority.EMERGENCY if rng.random() < 0.05 else Priority.NORMAL
        entry = QueueEntry(f"c{i:05d}", NOW - timedelta(seconds=rng.randint(0, 4 * 3600)), priority, enhet)
        permissions = (Permission.FORTROLIG,) if rng.random() < 0.03 else ()
        needs = Needs(
            enhet,
            language=rng.choice(LANGUAGES) if rng.random() < 0.25 else None,
            tema=rng.choice(TEMAER),
            own_veileder=rng.choice(staff) if staff and rng.random() < 0.3 else None,
            requires_permissions=permissions,
        )
        waiting.append((entry, needs))
    return veiledere, waiting


def time_ns(fn) -> int:  # type: ignore[no-untyped-def]
    start = time.perf_counter_ns()
    fn()
    return time.perf_counter_ns() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    veiledere, waiting = build_world(rng)
    by_enhet: dict[str, list[VeilederLoad]] = {}
    for v in veiledere:
        by_enhet.setdefault(v.enhetsnummer, []).append(v)
    sample = [rng.choice(waiting) for _ in range(args.decisions)]
    gc.collect()
    gc.disable()  # keep collector pauses out of the percentiles; the domain allocates little per decision

    # 1. one decision over all 850 veiledere (worst case: the service did not narrow by enhet)
    all_us = [time_ns(lambda n=needs: pick_veileder(veiledere, n, NOW)) / 1000 for _, needs in sample]
    # 2. one decision over the enhet's own veiledere (what the dispatch service loads)
    enhet_us = [time_ns(lambda n=needs: pick_veileder(by_enhet[n.enhetsnummer], n, NOW)) / 1000 for _, needs in sample]
    # baseline: a bare least-loaded scan of the same 850 loads
    base_us = [time_ns(lambda: min(veiledere, key=lambda v: v.open_chats)) / 1000 for _ in sample]

    entries = [e for e, _ in waiting]
    shuffled = entries[:]
    order_ms, sort_ms, attr_ms = [], [], []
    for _ in range(args.repeats):
        rng.shuffle(shuffled)
        order_ms.append(time_ns(lambda: order_queue(shuffled, NOW)) / 1e6)
        keys = [entry.queued_at for entry in shuffled]
        sort_ms.append(time_ns(lambda k=keys: sorted(k)) / 1e6)
        attr_ms.append(time_ns(lambda: sorted(shuffled, key=operator.attrgetter("queued_at"))) / 1e6)
    gc.enable()

    ordered = order_queue(entries, NOW)
    needs_by_id = {e.conversation_id: n for e, n in waiting}
    plan_start = time.perf_counter_ns()
    plan = plan_assignments([(e.conversation_id, needs_by_id[e.conversation_id]) for e in ordered], veiledere, NOW)
    plan_ms = (time.perf_counter_ns() - plan_start) / 1e6

    result = {
        "scenario": {"waiting_conversations": N_CONVERSATIONS, "veiledere": N_VEILEDERE,
                     "enheter_with_staff": len(by_enhet), "decisions_sampled": args.decisions, "seed": args.seed,
                     "online_share": round(sum(v.presence is Presence.ONLINE for v in veiledere) / N_VEILEDERE, 3)},
        "pick_veileder_all_850_us": {"p50": percentile(all_us, 50), "p99": percentile(all_us, 99)},
        "pick_veileder_enhet_only_us": {"p50": percentile(enhet_us, 50), "p99": percentile(enhet_us, 99)},
        "baseline_min_scan_850_us": {"p50": percentile(base_us, 50), "p99": percentile(base_us, 99)},
        "order_queue_5000_ms": {"p50": statistics.median(order_ms), "max": max(order_ms)},
        "baseline_sorted_5000_datetimes_ms": {"p50": statistics.median(sort_ms), "max": max(sort_ms)},
        "baseline_sorted_5000_entries_by_queued_at_ms": {"p50": statistics.median(attr_ms), "max": max(attr_ms)},
        "plan_assignments_5000_ms": plan_ms,
        "plan_assigned": len(plan.assignments),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    result["ratio_pick_all_vs_baseline_p50"] = round(
        result["pick_veileder_all_850_us"]["p50"] / result["baseline_min_scan_850_us"]["p50"], 2)
    result["ratio_order_vs_sort_p50"] = round(
        result["order_queue_5000_ms"]["p50"] / result["baseline_sorted_5000_datetimes_ms"]["p50"], 2)

    written = write_result("assignment", result)
    print(f"{'measure':46} {'p50':>10} {'p99/max':>10}")
    for key in ("pick_veileder_all_850_us", "pick_veileder_enhet_only_us", "baseline_min_scan_850_us",
                "order_queue_5000_ms", "baseline_sorted_5000_datetimes_ms",
                "baseline_sorted_5000_entries_by_queued_at_ms"):
        row = result[key]
        print(f"{key:46} {row['p50']:10.1f} {row.get('p99', row.get('max')):10.1f}")
    print(f"{'plan_assignments_5000_ms (one pass)':46} {plan_ms:10.1f}   assigned {len(plan.assignments)}")
    print(f"pick(all 850)/baseline p50 = {result['ratio_pick_all_vs_baseline_p50']}x; "
          f"order_queue/sorted p50 = {result['ratio_order_vs_sort_p50']}x")
    print(f"written: {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
