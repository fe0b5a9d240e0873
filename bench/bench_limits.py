"""Requests per second through the limits middleware (router/web/limits.py), in this process, without a network:
the embedded profile's in-memory tables at this checkout against the same at BENCH_LIMITS_BASE (default: the
commit before the limit store, when the middleware was synchronous), in the same run; and, for scale, the scaled
profile's Redis store (one round trip to the local Redis a counted request).

Each figure is measured in a fresh subprocess in that checkout (the base as a temporary git worktree), the two
alternated ROUNDS times, the best round kept; the embedded figures per second of the process's CPU time (the
machine is shared: wall-clock figures swung by a third from run to run), Redis's per second of wall clock. Kinds of request: a route that no limit counts (GET /health), a new
conversation (one bucket) and a bruker's message (two buckets: the address's and the conversation's). The limits are
set high enough that nothing is refused: this measures the counting, not the 429. Writes bench/out/limits.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = os.environ.get("BENCH_LIMITS_BASE", "ddb858f")
REQUESTS = int(os.environ.get("BENCH_LIMITS_REQUESTS", "100000"))
ROUNDS = int(os.environ.get("BENCH_LIMITS_ROUNDS", "3"))
REDIS_URL = os.environ.get("BENCH_LIMITS_REDIS", "redis://127.0.0.1:6379/11")
KINDS = {
    "unlimited": ("GET", "/health"),
    "new_conversation": ("POST", "/api/conversations"),
    "message": ("POST", "/api/conversations/c-1/messages"),
}

# Runs in the checkout measured (its own router package), prints {kind: requests/s} as JSON.
MEASURE = r"""
import asyncio, json, sys, time, uuid
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from router.config import Settings
from router.web import limits

KINDS, REQUESTS, REDIS = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
clock = getattr(time, sys.argv[4])
HIGH = 10**9
settings = Settings(limit_conversations_per_address=HIGH, limit_messages_per_conversation=HIGH,
                    limit_messages_per_address=HIGH, limit_detections_per_address=HIGH, limit_logins_per_address=HIGH)


async def main():
    app = web.Application()
    answer = web.Response(text="ok")

    async def handler(request):
        return answer

    app.router.add_get("/health", handler)
    app.router.add_post("/api/conversations", handler)
    app.router.add_post("/api/conversations/{id}/messages", handler)
    if REDIS:
        from router.adapters.redis_limits import RedisLimitStore
        store = RedisLimitStore(REDIS, limits.limit_policy(settings), "bench-key", settings.limit_max_keys,
                                prefix=f"navchat:limits:bench:{uuid.uuid4().hex[:8]}:")
        middleware = limits.limits_middleware(settings, store)
    else:
        middleware = limits.limits_middleware(settings)
    result = {}
    for kind, (method, path) in KINDS.items():
        request = make_mocked_request(method, path, app=app)
        request._match_info = await app.router.resolve(request)
        for _ in range(min(REQUESTS, 2000)):  # warm up
            await middleware(request, handler)
        started = clock()
        for _ in range(REQUESTS):
            await middleware(request, handler)
        result[kind] = round(REQUESTS / (clock() - started))
    if REDIS:
        if store.reachable is False:
            raise SystemExit("Redis was away: the figures would be the fallback's")
        await store.close()
    print(json.dumps(result))


asyncio.run(main())
"""


def measure(checkout: Path, redis_url: str = "", requests: int = REQUESTS, clock: str = "process_time") -> dict[str, int]:
    """Requests a second of ``clock``: the process's CPU time (steady on a shared machine, and all the in-memory
    tables spend), or the wall clock (``perf_counter``: a Redis round trip is mostly waiting)."""
    output = subprocess.run([sys.executable, "-c", MEASURE, json.dumps(KINDS), str(requests), redis_url, clock],
                            cwd=checkout, capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": str(checkout)})
    return json.loads(output.stdout)


def best(rounds: list[dict[str, int]]) -> dict[str, int]:
    return {kind: max(r[kind] for r in rounds) for kind in KINDS}


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.results import write_result

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base), BASE], cwd=ROOT, check=True)
        try:
            before, after = [], []
            for _ in range(ROUNDS):
                before.append(measure(base))
                after.append(measure(ROOT))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=True)
    redis_rounds = [measure(ROOT, REDIS_URL, max(1, REQUESTS // 20), "perf_counter") for _ in range(ROUNDS)]
    before_rps, after_rps, redis_rps = best(before), best(after), best(redis_rounds)
    result = {
        "base": BASE,
        "requests_per_kind": REQUESTS,
        "rounds": ROUNDS,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "embedded_before_rps": before_rps,
        "embedded_after_rps": after_rps,
        "embedded_after_over_before": {kind: round(after_rps[kind] / before_rps[kind], 3) for kind in KINDS},
        "embedded_clock": "CPU time of the measuring process",
        "scaled_redis_rps": redis_rps,
        "scaled_clock": "wall clock, one request at a time",
        "scaled_redis_over_embedded": {kind: round(redis_rps[kind] / after_rps[kind], 3) for kind in KINDS},
    }
    print(json.dumps(result, indent=2))
    write_result("limits", result)


if __name__ == "__main__":
    main()
