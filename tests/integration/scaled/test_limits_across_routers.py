"""The limits against abuse across two routers on one PostgreSQL and one Redis (the scaled profile): HAProxy is
sticky only for sockets, so a client's POSTs spread over the routers. Counted per router, a guesser got the
account's failures once on each router before the lock, and every rate N times; counted in Redis, once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from router.config import Settings
from tests.integration.scaled.test_postgres_and_redis import two_routers
from tests.integration.web.test_limits import DEFAULTS, LIMIT_FIELDS

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The production defaults for every limit; the test clients are behind a trusted proxy at 127.0.0.1, so
    each test comes from an address of its own (X-Forwarded-For)."""
    return replace(settings, trusted_proxies=("127.0.0.1",), **{f: getattr(DEFAULTS, f) for f in LIMIT_FIELDS})


@pytest.fixture
def redis_url(redis_url: str) -> str:
    return redis_url.rsplit("/", 1)[0] + "/11"  # a database of these tests' own


def an_address() -> dict[str, str]:
    return {"X-Forwarded-For": f"2001:db8:{uuid.uuid4().hex[:4]}::1"}


async def log_in(client: TestClient, username: str, password: str, headers: dict[str, str]) -> Any:
    return await client.post("/api/staff/login", json={"username": username, "password": password}, headers=headers)


async def test_login_failures_spread_over_two_routers_lock_the_account_at_the_threshold(
    aiohttp_client: Callable[..., Any], settings: Settings, postgres_url: str, redis_url: str
) -> None:
    first, second = await two_routers(aiohttp_client, settings, postgres_url, redis_url)
    routers = (first, second)
    address = an_address()
    # 5 wrong passwords (login_failures_per_account), alternating routers as the balancer spreads them.
    statuses = [(await log_in(routers[i % 2], "veileder1", "feil", address)).status for i in range(5)]
    assert statuses == [401] * 5
    # Locked on both, from any address, the right password too (each router alone had seen 2 or 3 failures).
    for router in routers:
        locked = await log_in(router, "veileder1", "passord-veileder1", an_address())
        assert locked.status == 429, "each router counted the failures on its own"
        assert locked.headers["Retry-After"] == "60"
        assert (await locked.json())["error"] == "too many login attempts; try again later"
    assert (await log_in(second, "veileder3", "passord-veileder3", address)).status == 200  # another account


async def test_an_address_failing_on_two_routers_is_locked_at_its_threshold(
    aiohttp_client: Callable[..., Any], settings: Settings, postgres_url: str, redis_url: str
) -> None:
    settings = replace(settings, limit_logins_per_address=0)  # only the failures count here
    first, second = await two_routers(aiohttp_client, settings, postgres_url, redis_url)
    address = an_address()
    statuses = [(await log_in((first, second)[i % 2], f"gjest{i}", "feil", address)).status for i in range(20)]
    assert statuses == [401] * 20
    assert (await log_in(first, "veileder3", "passord-veileder3", address)).status == 429
    assert (await log_in(second, "veileder3", "passord-veileder3", an_address())).status == 200


async def test_rates_hold_across_routers(
    aiohttp_client: Callable[..., Any], settings: Settings, postgres_url: str, redis_url: str
) -> None:
    first, second = await two_routers(aiohttp_client, settings, postgres_url, redis_url)
    address = an_address()
    statuses = [(await (first, second)[i % 2].post("/api/conversations", json={"kommune": "Asker"},
                                                     headers=address)).status for i in range(22)]
    assert statuses == [201] * 20 + [429] * 2  # limit_conversations_per_address, not twice it
