"""Benchmark: the scaled profile's claim path on PostgreSQL, two router processes competing for the same rows.

    .venv/bin/python bench/bench_claims.py [--claims 10000] [--frees 200] [--seed 7]

Needs the local PostgreSQL (127.0.0.1:5432, user postgres, trust auth, as tests/integration/scaled/ does). It
creates a throwaway database navchat_bench_claims_<random>, migrates it (router.adapters.db.migrate) and drops it
at the end. Two measurements:

1. Colliding claims: 2,000 QUEUED conversations and 850 online veiledere (capacity 3) in four enheter; two OS
   processes, each with its own engine and unit-of-work factory (router.adapters.db.create_engine, so the real
   pool of 10 + 20), fire --claims/2 random (conversation, veileder) pairs of the same enhet at once with
   asyncio.gather through the real router.services.assignment.assign_to. Then the database is checked: no
   conversation assigned twice, the row's veileder is the one its single "assign" history row names, nobody above
   capacity. Latency is given from the call (including the wait for a pooled connection) and from the moment the
   unit of work holds its connection.
2. Freed capacity to the next claim: 5,000 QUEUED conversations and 850 veiledere at full capacity, all in one
   enhet (the worst case: the kontaktsenter queue 4100 as one team; real local offices are far smaller). A
   veileder's chat is closed through the domain (Conversation.close, which raises VeilederFreed) and the time from
   that commit until router.services.assignment.handle has claimed the next conversation for them is measured.
   Baseline from the same run and database: a bare single-row `UPDATE … WHERE id = … AND state = 'QUEUED'`.

Prints a table and writes bench/out/claims.json; exits 1 if any conversation was assigned twice or any veileder
went above capacity.
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import logging
import multiprocessing
import platform
import random
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from argon2 import PasswordHasher  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from bench.results import write_result  # noqa: E402
from router.adapters.clock import SystemClock  # noqa: E402
from router.adapters.db import create_engine, migrate  # noqa: E402
from router.adapters.models import ConversationRow, VeilederRow  # noqa: E402
from router.adapters.pubsub import InProcessEventBus  # noqa: E402
from router.adapters.reference_data import ReferenceRouting, load_reference_data  # noqa: E402
from router.adapters.store import unit_of_work_factory  # noqa: E402
from router.config import Settings  # noqa: E402
from router.domain.conversation import ConversationState  # noqa: E402
from router.domain.opening_hours import parse_weekly  # noqa: E402
from router.services import assignment  # noqa: E402
from router.services.deps import Deps  # noqa: E402
from router.services.tasks import BackgroundTasks  # noqa: E402
from tests.postgres import pg_admin  # noqa: E402

CLAIM_ENHETER = ["0312", "0313", "0314", "0315"]  # Oslo bydel offices: colliding claims stay inside an enhet
FREED_ENHET = "4100"  # the kontaktsenter: one big team, the worst case for assign_waiting
N_CONVERSATIONS = 2_000
N_WAITING = 5_000
N_VEILEDERE = 850
CAPACITY = 3
QUEUED, ASSIGNED = ConversationState.QUEUED.value, ConversationState.ASSIGNED.value

# When the claim's unit of work got its connection (set per task, so per claim under gather).
_ENTERED: contextvars.ContextVar[float | None] = contextvars.ContextVar("entered", default=None)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    if not ordered:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "n": 0}

    def at(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 2)

    return {"p50": at(50), "p95": at(95), "p99": at(99), "n": len(ordered)}


class _TimedUnitOfWork:
    """The real unit of work, noting when it holds its connection: splits pool wait from the claim itself."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    async def __aenter__(self) -> Any:
        entered = await self._inner.__aenter__()
        _ENTERED.set(time.perf_counter())
        return entered

    async def __aexit__(self, *exc: object) -> None:
        await self._inner.__aexit__(*exc)


def minimal_deps(engine: AsyncEngine, url: str, *, timed: bool = False) -> Deps:
    """A real Deps for what assignment touches (store, clock, bus, the routing of which staff answer which queue);
    bot and language it never calls."""
    factory = unit_of_work_factory(engine)
    unused = cast(Any, None)
    settings = Settings(profile="scaled", database_url=url, auto_migrate=False)
    routing = ReferenceRouting(load_reference_data(settings.reference_dir),
                               chat_hours=parse_weekly(settings.chat_hours))
    return Deps(
        settings=settings,
        uow=cast(Any, (lambda: _TimedUnitOfWork(factory())) if timed else factory),
        bot=unused, bus=InProcessEventBus(), clock=SystemClock(), language=unused, routing=routing,
        tasks=BackgroundTasks(),
    )


class _RefusalCounter(logging.Handler):
    """assign_to returns False for both kinds; only the refused ones (capacity, lost race) are logged."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.refused = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("assignment.refused"):
            self.refused += 1


# --- seeding ---------------------------------------------------------------------------------------------------

def conversation_row(enhet: str, now: datetime, rng: random.Random, *, veileder_id: int | None = None) -> dict[str, Any]:
    """A conversation as a handoff leaves it (state, enhet, queued_at, SLA deadline, priority, tema)."""
    queued_at = now - timedelta(seconds=rng.randint(60, 4 * 3600))
    return {
        "id": str(uuid.uuid4()), "token_hash": uuid.uuid4().hex * 2, "state": ASSIGNED if veileder_id else QUEUED,
        "language": "nb", "language_source": "page_locale", "tema": "KOM" if enhet != FREED_ENHET else "DAG",
        "enhetsnummer": enhet, "enhet_navn": f"NAV {enhet}", "skjermet": False,
        "priority": "emergency" if rng.random() < 0.05 else "normal", "handoff_reason": "bench",
        "bot_summary": {}, "bot_slots": {}, "needs_interpreter": False, "channel": "rest",
        "created_at": queued_at - timedelta(minutes=2), "updated_at": queued_at, "queued_at": queued_at,
        "sla_deadline": now + timedelta(days=1), "escalation_level": 0, "handed_off": True,
        "gt_from_register": False, "veileder_id": veileder_id,
        "veileder_fornavn": "Bench" if veileder_id else None, "assigned_at": now if veileder_id else None,
    }


async def seed_veiledere(engine: AsyncEngine, enheter: list[str], count: int, prefix: str, now: datetime,
                         rng: random.Random, password_hash: str) -> dict[str, list[int]]:
    """Online veiledere inserted directly: create_user would hash a password per user (argon2, ~50 ms each)."""
    rows = [{
        "username": f"{prefix}{i:04d}", "password_hash": password_hash, "navn": f"Bench{i} Veileder",
        "enhetsnummer": enheter[i % len(enheter)], "roles": ["veileder"], "permissions": [], "languages": ["nb"],
        "temaer": ["KOM"], "capacity": CAPACITY, "presence": "online",
        "idle_since": now - timedelta(minutes=rng.randint(0, 240)),
    } for i in range(count)]
    async with engine.begin() as connection:
        await connection.execute(insert(VeilederRow), rows)
        found = await connection.execute(select(VeilederRow.id, VeilederRow.enhetsnummer)
                                         .where(VeilederRow.username.startswith(prefix)))
    by_enhet: dict[str, list[int]] = {}
    for veileder_id, enhet in found.all():
        by_enhet.setdefault(enhet, []).append(veileder_id)
    return by_enhet


async def insert_conversations(engine: AsyncEngine, rows: list[dict[str, Any]]) -> None:
    async with engine.begin() as connection:
        for start in range(0, len(rows), 2000):
            await connection.execute(insert(ConversationRow), rows[start:start + 2000])


# --- 1. colliding claims from two processes ----------------------------------------------------------------------

def claim_worker(url: str, pairs: list[tuple[str, int]], start_at: float) -> dict[str, Any]:
    return asyncio.run(_claim_worker(url, pairs, start_at))


async def _claim_worker(url: str, pairs: list[tuple[str, int]], start_at: float) -> dict[str, Any]:
    engine = create_engine(url)  # this process's own pool, as a router has
    deps = minimal_deps(engine, url, timed=True)
    counter = _RefusalCounter()
    log = logging.getLogger(assignment.__name__)
    log.addHandler(counter)
    log.setLevel(logging.INFO)
    log.propagate = False

    async def hold() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            await asyncio.sleep(0.3)

    # Open the pool's connections beforehand: the claims measure claiming, not connecting.
    await asyncio.gather(*(hold() for _ in range(engine.pool.size())))  # type: ignore[attr-defined]

    async def one(conversation_id: str, veileder_id: int) -> tuple[bool, float, float | None]:
        started = time.perf_counter()
        ok = await assignment.assign_to(deps, conversation_id, veileder_id, actor="veileder:bench",
                                        reason="bench claim")
        done = time.perf_counter()
        entered = _ENTERED.get()
        return ok, (done - started) * 1000, None if entered is None else (done - entered) * 1000

    await asyncio.sleep(max(0.0, start_at - time.time()))
    wall_start = time.perf_counter()
    results = await asyncio.gather(*(one(c, v) for c, v in pairs), return_exceptions=True)
    wall_s = time.perf_counter() - wall_start
    await engine.dispose()
    ok = [r for r in results if not isinstance(r, BaseException)]
    errors = [f"{type(r).__name__}: {r}"[:200] for r in results if isinstance(r, BaseException)]
    return {
        "attempted": len(pairs), "succeeded": sum(r[0] for r in ok), "refused_logged": counter.refused,
        "errors": len(errors), "error_samples": sorted(set(errors))[:3], "wall_s": wall_s,
        "total_ms": [r[1] for r in ok], "in_transaction_ms": [r[2] for r in ok if r[2] is not None],
    }


async def verify_claims(engine: AsyncEngine, enheter: list[str]) -> dict[str, int]:
    """From the database only: each conversation assigned at most once, row and history agree, capacity holds."""
    params = {"enheter": enheter}
    queries = {
        "conversations_with_two_assign_rows": """
            SELECT count(*) FROM (SELECT e.conversation_id FROM conversation_event e
              JOIN conversation c ON c.id = e.conversation_id
              WHERE e.kind = 'assign' AND c.enhetsnummer = ANY(:enheter)
              GROUP BY e.conversation_id HAVING count(*) > 1) d""",
        "row_disagrees_with_history": """
            SELECT count(*) FROM conversation c
              LEFT JOIN conversation_event e ON e.conversation_id = c.id AND e.kind = 'assign'
              WHERE c.enhetsnummer = ANY(:enheter) AND ((c.state = 'ASSIGNED') <> (e.id IS NOT NULL)
                OR (e.id IS NOT NULL AND c.veileder_id IS DISTINCT FROM (e.data->>'veileder_id')::int))""",
        "conversations_with_two_joined_notices": """
            SELECT count(*) FROM (SELECT m.conversation_id FROM message m
              JOIN conversation c ON c.id = m.conversation_id
              WHERE c.enhetsnummer = ANY(:enheter) GROUP BY m.conversation_id HAVING count(*) > 1) d""",
        "veiledere_above_capacity": """
            SELECT count(*) FROM veileder v JOIN (SELECT veileder_id, count(*) AS n FROM conversation
              WHERE state = 'ASSIGNED' GROUP BY veileder_id) o ON o.veileder_id = v.id WHERE o.n > v.capacity""",
        "assigned_rows": "SELECT count(*) FROM conversation WHERE state = 'ASSIGNED' AND enhetsnummer = ANY(:enheter)",
    }
    async with engine.connect() as connection:
        return {name: int((await connection.execute(text(sql), params)).scalar_one()) for name, sql in queries.items()}


async def colliding_claims(engine: AsyncEngine, url: str, claims: int, rng: random.Random, password_hash: str,
                           now: datetime) -> dict[str, Any]:
    veiledere = await seed_veiledere(engine, CLAIM_ENHETER, N_VEILEDERE, "claim", now, rng, password_hash)
    rows = [conversation_row(CLAIM_ENHETER[i % len(CLAIM_ENHETER)], now, rng) for i in range(N_CONVERSATIONS)]
    await insert_conversations(engine, rows)
    # Random pairs inside an enhet (assign_to itself does not check the enhet): ~5 claims per conversation.
    pairs = []
    for _ in range(claims):
        row = rng.choice(rows)
        pairs.append((row["id"], rng.choice(veiledere[row["enhetsnummer"]])))
    halves = [pairs[0::2], pairs[1::2]]
    start_at = time.time() + 3.0  # both processes start their gather at the same moment, after warming up
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        futures = [pool.submit(claim_worker, url, half, start_at) for half in halves]
        workers = [f.result() for f in futures]
    checks = await verify_claims(engine, CLAIM_ENHETER)
    succeeded = sum(w["succeeded"] for w in workers)
    refused = sum(w["refused_logged"] for w in workers)
    errors = sum(w["errors"] for w in workers)
    duplicates = (checks["conversations_with_two_assign_rows"] + checks["row_disagrees_with_history"]
                  + checks["conversations_with_two_joined_notices"] + abs(checks["assigned_rows"] - succeeded))
    return {
        "attempted": claims, "succeeded": succeeded, "refused_capacity_or_lost_race": refused,
        "not_waiting_or_locked": claims - succeeded - refused - errors, "errors": errors,
        "error_samples": sorted({s for w in workers for s in w["error_samples"]})[:3],
        "wall_s": round(max(w["wall_s"] for w in workers), 2),
        "claims_per_s": round(claims / max(w["wall_s"] for w in workers), 1),
        "latency_with_pool_wait_ms": percentiles([x for w in workers for x in w["total_ms"]]),
        "latency_in_transaction_ms": percentiles([x for w in workers for x in w["in_transaction_ms"]]),
        "checks": checks, "duplicates": duplicates,
    }


# --- 2. freed capacity → next claim ----------------------------------------------------------------------------

async def freed_to_claimed(engine: AsyncEngine, deps: Deps, frees: int, rng: random.Random, password_hash: str,
                           now: datetime) -> dict[str, Any]:
    veiledere = (await seed_veiledere(engine, [FREED_ENHET], N_VEILEDERE, "freed", now, rng,
                                      password_hash))[FREED_ENHET]
    rows = [conversation_row(FREED_ENHET, now, rng, veileder_id=v) for v in veiledere for _ in range(CAPACITY)]
    rows += [conversation_row(FREED_ENHET, now, rng) for _ in range(N_WAITING)]
    await insert_conversations(engine, rows)
    async with engine.begin() as connection:
        await connection.execute(text("ANALYZE"))
    open_of = text("SELECT id FROM conversation WHERE veileder_id = :v AND state = 'ASSIGNED'")
    samples, missed = [], 0
    for _ in range(frees):
        veileder_id = rng.choice(veiledere)
        async with engine.connect() as connection:
            conversation_id = (await connection.execute(open_of, {"v": veileder_id})).scalars().first()
        async with deps.uow() as uow:  # as dispatch.close does, without its notice and audit row
            conversation = await uow.conversations.get(conversation_id, for_update=True)
            assert conversation is not None
            conversation.close("besvart", actor="veileder:bench", now=deps.clock.now())
        freed_at = time.perf_counter()
        await assignment.handle(deps, uow.committed_events)
        samples.append((time.perf_counter() - freed_at) * 1000)
        async with engine.connect() as connection:
            if len((await connection.execute(open_of, {"v": veileder_id})).all()) != CAPACITY:
                missed += 1

    # Baseline: the bare claim of one row, same database, same engine, one transaction each.
    bare = text("UPDATE conversation SET state = 'ASSIGNED', veileder_id = :v WHERE id = :id AND state = 'QUEUED'")
    async with engine.connect() as connection:
        still_queued = (await connection.execute(
            text("SELECT id FROM conversation WHERE state = 'QUEUED' AND enhetsnummer = :e LIMIT :n"),
            {"e": FREED_ENHET, "n": frees})).scalars().all()
    bare_ms = []
    for conversation_id in still_queued:
        started = time.perf_counter()
        async with engine.begin() as connection:
            result = await connection.execute(bare, {"v": veiledere[0], "id": conversation_id})
        bare_ms.append((time.perf_counter() - started) * 1000)
        assert result.rowcount == 1
    return {"freed_to_claimed_ms": percentiles(samples), "not_claimed_for_the_freed_veileder": missed,
            "baseline_bare_update_ms": percentiles(bare_ms)}


# --- run -------------------------------------------------------------------------------------------------------

async def run(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    name = f"navchat_bench_claims_{uuid.uuid4().hex[:10]}"
    url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    await pg_admin(f'CREATE DATABASE "{name}"')
    engine = create_engine(url)
    try:
        await migrate(engine)
        password_hash = PasswordHasher().hash(uuid.uuid4().hex)  # one hash for all: nobody logs in
        now = datetime.now(UTC)
        claims = await colliding_claims(engine, url, args.claims, rng, password_hash, now)
        freed = await freed_to_claimed(engine, minimal_deps(engine, url), args.frees, rng, password_hash, now)
    finally:
        await engine.dispose()
        await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    base = freed["baseline_bare_update_ms"]
    return {
        "scenario": {"claims": args.claims, "processes": 2, "claim_conversations": N_CONVERSATIONS,
                     "claim_enheter": CLAIM_ENHETER, "veiledere": N_VEILEDERE, "capacity": CAPACITY,
                     "waiting": N_WAITING, "freed_enhet": FREED_ENHET, "frees": args.frees, "seed": args.seed},
        "claims": claims,
        **freed,
        "ratio_freed_to_claimed_over_bare_update_p50": round(freed["freed_to_claimed_ms"]["p50"] / base["p50"], 1),
        "ratio_freed_to_claimed_over_bare_update_p99": round(freed["freed_to_claimed_ms"]["p99"] / base["p99"], 1),
        "ratio_claim_in_transaction_over_bare_update_p50": round(
            claims["latency_in_transaction_ms"]["p50"] / base["p50"], 1),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--frees", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    result = asyncio.run(run(args))

    written = write_result("claims", result)
    claims = result["claims"]
    print(f"claims: {claims['attempted']} attempted from 2 processes in {claims['wall_s']} s "
          f"({claims['claims_per_s']}/s): {claims['succeeded']} succeeded, "
          f"{claims['refused_capacity_or_lost_race']} refused (capacity or lost race), "
          f"{claims['not_waiting_or_locked']} not waiting or locked, {claims['errors']} errors")
    if claims["error_samples"]:
        print(f"  errors, e.g.: {claims['error_samples']}")
    print(f"checks: {claims['checks']}; duplicates = {claims['duplicates']}")
    print(f"{'measure (ms)':44} {'p50':>9} {'p95':>9} {'p99':>9} {'n':>6}")
    for label, row in (("claim, from the call (incl. pool wait)", claims["latency_with_pool_wait_ms"]),
                       ("claim, from holding a connection", claims["latency_in_transaction_ms"]),
                       ("freed capacity -> next claimed (5,000 wait)", result["freed_to_claimed_ms"]),
                       ("baseline: bare single-row UPDATE claim", result["baseline_bare_update_ms"])):
        print(f"{label:44} {row['p50']:9.2f} {row['p95']:9.2f} {row['p99']:9.2f} {row['n']:6}")
    print(f"freed->claimed / bare UPDATE: p50 {result['ratio_freed_to_claimed_over_bare_update_p50']}x, "
          f"p99 {result['ratio_freed_to_claimed_over_bare_update_p99']}x; claim in transaction / bare UPDATE p50 "
          f"{result['ratio_claim_in_transaction_over_bare_update_p50']}x; "
          f"not claimed for the freed veileder: {result['not_claimed_for_the_freed_veileder']}")
    print(f"written: {written}")
    if claims["duplicates"] or claims["checks"]["veiledere_above_capacity"]:
        print("FAILED: a conversation was assigned twice or a veileder went above capacity", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
