"""The limit store in Redis (router/adapters/redis_limits.py) against the real local Redis (database 11, a key
prefix of each test's own): the same answers as the in-memory tables for the same requests at the same times,
atomic across routers, keys that expire and name no one, and each router's own tables while Redis is away."""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
import redis.asyncio as redis

from router.adapters.limit_store import InMemoryLimitStore
from router.adapters.redis_limits import RedisLimitStore
from router.domain.abuse_limits import Bucket, LimitPolicy, Lockout
from router.ports import faults
from tests.integration.scaled.conftest import _ensure_services
from tests.integration.web.test_limits import FakeClock

pytestmark = [pytest.mark.redis]

REDIS = "redis://127.0.0.1:6379/11"
SECRET = "a-test-pseudonym-key-of-the-deployment"
POLICY = LimitPolicy(
    rates={"fast": Bucket(3, 6.0), "slow": Bucket(2, 60.0), "off": Bucket(0, 60.0)},
    per_account=Lockout(3, 100.0, 10.0, 80.0),
    per_address=Lockout(5, 100.0, 10.0, 80.0),
)


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    """A key prefix of this test's own, its keys deleted after it."""
    _ensure_services()
    prefix = f"navchat:limits:test:{uuid.uuid4().hex[:12]}:"
    yield prefix
    client = redis.from_url(REDIS)
    keys = [key async for key in client.scan_iter(match=f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@pytest.fixture
async def stores(prefix: str) -> AsyncIterator[Callable[..., RedisLimitStore]]:
    made: list[RedisLimitStore] = []

    def make(clock: Callable[[], float] | None = None, url: str = REDIS, policy: LimitPolicy = POLICY) -> RedisLimitStore:
        made.append(RedisLimitStore(url, policy, SECRET, 1000, prefix=prefix, clock=clock))
        return made[-1]

    yield make
    for store in made:
        await store.close()


async def test_buckets_answer_as_the_in_memory_tables_do(stores: Callable[..., RedisLimitStore]) -> None:
    clock = FakeClock()
    memory, shared = InMemoryLimitStore(POLICY, 1000, clock=clock), stores(clock)
    steps = random.Random(7)
    answers: list[tuple[float, float]] = []
    for _ in range(400):
        clock.advance(steps.choice((0.0, 0.0, 0.1, 0.7, 1.9, 2.0, 7.0, 61.0)))
        checks = steps.choice(([("fast", "a")], [("fast", "b")], [("slow", "a"), ("fast", "a")], [("off", "a")]))
        answers.append((await memory.take(checks), await shared.take(checks)))
    assert [round(m, 6) for m, _ in answers] == [round(s, 6) for _, s in answers]
    assert sum(1 for m, _ in answers if m) > 30 and sum(1 for m, _ in answers if not m) > 30  # both kinds seen


async def test_login_lockouts_answer_as_the_in_memory_tables_do(stores: Callable[..., RedisLimitStore]) -> None:
    clock = FakeClock()
    memory, shared = InMemoryLimitStore(POLICY, 1000, clock=clock), stores(clock)
    steps = random.Random(11)
    waits: list[tuple[float, float]] = []
    for _ in range(300):
        clock.advance(steps.choice((0.0, 1.0, 5.0, 11.0, 30.0, 101.0)))
        account, address = steps.choice(("kari", "ola")), steps.choice(("10.0.0.1", "10.0.0.2"))
        tickets = [await memory.begin_login(account, address), await shared.begin_login(account, address)]
        waits.append((tickets[0].retry_after_s, tickets[1].retry_after_s))
        outcome = steps.choice(("failed", "failed", "failed", "succeeded", "cancelled"))
        if not tickets[0].retry_after_s and outcome != "failed":
            for store, ticket in zip((memory, shared), tickets, strict=True):
                await (store.login_succeeded(ticket) if outcome == "succeeded" else store.login_cancelled(ticket))
    assert [round(m, 6) for m, _ in waits] == [round(s, 6) for _, s in waits]
    assert len({round(m) for m, _ in waits if m}) >= 4  # locks of several lengths: the doubling was exercised


async def test_routers_share_each_bucket_atomically(stores: Callable[..., RedisLimitStore]) -> None:
    # Three routers, 60 requests at once from one address against a burst of 2 (refilled once a minute).
    routers = [stores(), stores(), stores()]
    waits = await asyncio.gather(*(routers[i % 3].take([("slow", "203.0.113.7")]) for i in range(60)))
    assert sum(1 for wait in waits if wait == 0) == 2
    assert all(0 < wait <= 60 for wait in waits if wait)


async def test_parallel_guesses_on_two_routers_cannot_slip_past_the_threshold(
    stores: Callable[..., RedisLimitStore],
) -> None:
    first, second = stores(), stores()
    tickets = await asyncio.gather(*((first, second)[i % 2].begin_login("kari", f"198.51.100.{i}")
                                     for i in range(30)))
    assert sum(1 for ticket in tickets if not ticket.retry_after_s) == 3  # the account's threshold
    locked = await second.begin_login("kari", "198.51.100.200")
    assert 9 < locked.retry_after_s <= 10


async def test_success_forgets_the_account_not_the_address_and_cancel_takes_back_both(
    stores: Callable[..., RedisLimitStore],
) -> None:
    clock = FakeClock()
    first, second = stores(clock), stores(clock)
    for _ in range(2):
        await first.begin_login("kari", "10.0.0.9")  # two failures
    cancelled = await second.begin_login("kari", "10.0.0.9")
    await second.login_cancelled(cancelled)  # neither right nor wrong: not a third
    assert not (await first.begin_login("kari", "10.0.0.9")).retry_after_s  # a third failure ...
    assert (await second.begin_login("kari", "10.0.0.9")).retry_after_s == 10  # ... locks the account
    clock.advance(10)
    await first.login_succeeded(await first.begin_login("kari", "10.0.0.9"))  # the right password
    for _ in range(2):
        assert not (await second.begin_login("kari", "10.0.0.9")).retry_after_s  # the account starts anew
    # The address kept its failures: 3, + 2 now = 5, its threshold (the success was taken back from it).
    other = await first.begin_login("ola", "10.0.0.9")
    assert other.retry_after_s == 10


async def test_keys_expire_and_name_no_one(stores: Callable[..., RedisLimitStore], prefix: str) -> None:
    store = stores()  # on Redis's own clock
    await store.take([("slow", "203.0.113.7"), ("fast", "conversation-1")])
    assert await store.take([("off", "203.0.113.7")]) == 0  # switched off: not counted, no key
    await store.begin_login("kari.nordmann", "203.0.113.7")
    client = redis.from_url(REDIS)
    try:
        keys = sorted([key.decode() async for key in client.scan_iter(match=f"{prefix}*")])
        ttls = {key.removeprefix(prefix).split(":")[0]: await client.pttl(key) for key in keys}
    finally:
        await client.aclose()
    assert set(ttls) == {"slow", "fast", "login_account", "login_address"}
    assert 59_000 < ttls["slow"] <= 60_000 and 5_000 < ttls["fast"] <= 6_000  # full again after the window
    assert 99_000 < ttls["login_account"] <= 100_000  # the window (longer than the longest lockout)
    assert not any(name in key for key in keys for name in ("203.0.113", "kari", "conversation"))


async def forward(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()


async def to_redis(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A TCP relay to the local Redis: stopped, Redis is away for whoever connects through it."""
    upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", 6379)
    await asyncio.gather(forward(reader, upstream_writer), forward(upstream_reader, writer))


async def test_redis_away_each_router_counts_alone_until_it_is_back(
    stores: Callable[..., RedisLimitStore], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(RedisLimitStore, "RETRY_S", 0.3)
    # Redis through a relay on port 20597 (this test's own range), not listening yet: refused, as Redis down is.
    store = stores(url="redis://127.0.0.1:20597/11")
    before = faults.counted("navchat_limits_unshared")
    with caplog.at_level(logging.INFO, logger="router.adapters.redis_limits"):
        # Rates: still limited, by this router's own tables (a burst of 2), not refused outright.
        assert [await store.take([("slow", "203.0.113.7")]) == 0 for _ in range(3)] == [True, True, False]
        # Logins: the account still locks at its threshold, on this router.
        tickets = [await store.begin_login("kari", "203.0.113.7") for _ in range(4)]
        assert [bool(t.retry_after_s) for t in tickets] == [False, False, False, True]
        assert all(t.fallback for t in tickets)
        assert store.reachable is False
        warnings = [r for r in caplog.records if r.getMessage().startswith("limits.redis_unreachable")]
        assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING  # once for the outage
        after = faults.counted("navchat_limits_unshared")
        assert (after["rate"] - before["rate"], after["login"] - before["login"]) == (3, 4)

        # Redis back: after RETRY_S the next check asks it again, and the count is shared once more.
        relay = await asyncio.start_server(to_redis, "127.0.0.1", 20597)
        try:
            await asyncio.sleep(0.35)
            other = stores()
            assert await store.take([("slow", "198.51.100.1")]) == 0
            assert store.reachable is True
            assert await other.take([("slow", "198.51.100.1")]) == 0
            assert await store.take([("slow", "198.51.100.1")]) > 0  # the third of a burst of 2, on either router
        finally:
            relay.close()
    assert any(r.getMessage() == "limits.redis_back" for r in caplog.records)


async def test_a_hung_redis_costs_one_timeout_per_retry_not_one_per_request(
    stores: Callable[..., RedisLimitStore],
) -> None:
    # A listener that accepts and never answers: the first check waits out the timeout, the next ones do not.
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(-1)
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 20598)
    try:
        store = stores(url="redis://127.0.0.1:20598/11")
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert await store.take([("slow", "a")]) == 0
        first = loop.time() - started
        started = loop.time()
        for _ in range(20):
            await store.take([("slow", "b")])
        rest = loop.time() - started
    finally:
        server.close()
    assert RedisLimitStore.TIMEOUT_S * 0.9 <= first < RedisLimitStore.TIMEOUT_S * 4
    assert rest < 0.05
