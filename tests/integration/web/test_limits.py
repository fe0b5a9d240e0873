"""Limits against abuse (router/web/limits.py) with the default settings: 429, Retry-After, recovery.

Time is moved by replacing ``limits.clock``. The login policy tested here:
- 5 failures of one username (any addresses) within 15 minutes lock that username for every address, for 60 s
  after the latest failure, doubling with each further failure (at most 15 minutes); the right password gets
  429 too while locked; a successful login clears the username's failures.
- 20 failures from one address (any usernames) lock that address for every username, the same way.
- A locked attempt is answered before the password is checked and is not a failure; every attempt, locked or
  not, counts against the address's 10 logins per minute.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient

from router.adapters import limit_store
from router.config import Settings
from router.web import limits
from tests.conftest import open_conversation

DEFAULTS = Settings()
LIMIT_FIELDS = (
    "limit_window_s", "limit_conversations_per_address", "limit_messages_per_conversation",
    "limit_messages_per_address", "limit_detections_per_address", "limit_logins_per_address",
    "login_failures_per_account", "login_failures_per_address", "login_failure_window_s", "login_lockout_s",
    "login_lockout_max_s", "limit_max_keys",
)  # fmt: skip
PROXY = {"X-Forwarded-For": "203.0.113.7"}  # another address, through the trusted proxy 127.0.0.1


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared test settings with the production defaults for every limit; the test client is behind a
    trusted proxy at 127.0.0.1, so X-Forwarded-For gives it other addresses."""
    return replace(settings, trusted_proxies=("127.0.0.1",), **{f: getattr(DEFAULTS, f) for f in LIMIT_FIELDS})


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(limits, "clock", fake)
    return fake


def test_the_defaults() -> None:
    assert (DEFAULTS.limit_conversations_per_address, DEFAULTS.limit_messages_per_conversation) == (20, 30)
    assert (DEFAULTS.limit_messages_per_address, DEFAULTS.limit_detections_per_address) == (60, 60)
    assert (DEFAULTS.limit_logins_per_address, DEFAULTS.login_failures_per_account) == (10, 5)
    assert DEFAULTS.login_failure_window_s == 900 and DEFAULTS.trusted_proxies == ()


async def create(client: TestClient, headers: dict[str, str] | None = None) -> int:
    return (await client.post("/api/conversations", json={"kommune": "Asker"}, headers=headers)).status


async def test_creation_over_the_limit_gets_429_with_retry_after_and_recovers(
    client: TestClient, fake_clock: FakeClock
) -> None:
    statuses = [await create(client) for _ in range(25)]
    assert statuses == [201] * 20 + [429] * 5
    response = await client.post("/api/conversations", json={})
    assert response.status == 429
    assert response.headers["Retry-After"] == "3"  # 20 per minute: one more every 3 s
    assert "too many new conversations" in (await response.json())["error"]

    # Another address (through the trusted proxy) has its own budget.
    assert await create(client, PROXY) == 201

    fake_clock.advance(3)
    assert [await create(client) for _ in range(2)] == [201, 429]
    fake_clock.advance(60)
    assert [await create(client) for _ in range(21)] == [201] * 20 + [429]


async def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(
    aiohttp_client, settings: Settings, fake_bot, clock, fake_clock: FakeClock  # type: ignore[no-untyped-def]
) -> None:
    from router.adapters.language_layer import NorwegianOnlyLanguage
    from router.app import Overrides, create_app

    app = create_app(replace(settings, trusted_proxies=()), Overrides(bot=fake_bot, clock=clock,
                                                                      language=NorwegianOnlyLanguage()))
    client = await aiohttp_client(app)
    statuses = [await create(client, {"X-Forwarded-For": f"198.51.100.{i}"}) for i in range(21)]
    assert statuses == [201] * 20 + [429]


async def send(client: TestClient, conversation_id: str, auth: dict[str, str], n: int) -> int:
    response = await client.post(
        f"/api/conversations/{conversation_id}/messages", json={"client_msg_id": f"m{n}", "text": f"hei {n}"},
        headers=auth,
    )
    return response.status


async def test_messages_into_one_conversation_over_the_limit_get_429(
    client: TestClient, fake_clock: FakeClock
) -> None:
    conversation_id, auth = await open_conversation(client)
    statuses = [await send(client, conversation_id, auth, n) for n in range(35)]
    assert statuses == [201] * 30 + [429] * 5
    response = await client.post(
        f"/api/conversations/{conversation_id}/messages", json={"client_msg_id": "x", "text": "hei"}, headers=auth
    )
    assert response.status == 429 and response.headers["Retry-After"] == "2"  # 30 per minute: one every 2 s

    # The limit is per conversation: another one from the same address goes through, until the address's 60
    # per minute are used up (36 so far: a message the conversation's limit refused still counts for the address).
    other_id, other_auth = await open_conversation(client)
    assert [await send(client, other_id, other_auth, n) for n in range(25)] == [201] * 24 + [429]
    third_id, third_auth = await open_conversation(client)
    assert await send(client, third_id, third_auth, 0) == 429

    fake_clock.advance(60)
    assert await send(client, conversation_id, auth, 100) == 201


async def test_language_detection_per_address(client: TestClient, fake_clock: FakeClock) -> None:
    async def detect() -> int:
        return (await client.post("/api/language/detect", json={"text": "hei"})).status

    statuses = [await detect() for _ in range(61)]
    assert statuses == [200] * 60 + [429]
    fake_clock.advance(1)
    assert await detect() == 200


async def log_in(client: TestClient, username: str, password: str, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return await client.post("/api/staff/login", json={"username": username, "password": password}, headers=headers)


RIGHT = "passord-veileder1"


async def test_login_locks_the_account_for_every_address_but_not_other_accounts(
    client: TestClient, fake_clock: FakeClock
) -> None:
    assert [(await log_in(client, "veileder1", "feil")).status for _ in range(5)] == [401] * 5

    locked = await log_in(client, "veileder1", RIGHT)  # the right password learns nothing
    assert locked.status == 429 and locked.headers["Retry-After"] == "60"
    assert (await locked.json())["error"] == "too many login attempts; try again later"
    # The staff page says what it is and for how long (it said "Mange forespørsler på kort tid", a probe found).
    assert (await locked.json())["error_nb"].startswith("For mange mislykkede innlogginger. Innloggingen er sperret i "
                                                        "1 minutt")
    assert (await log_in(client, "VEILEDER1 ", RIGHT)).status == 429  # the same account, however written
    assert (await log_in(client, "veileder1", RIGHT, PROXY)).status == 429  # from another address too
    assert (await log_in(client, "veileder2", "passord-veileder2")).status == 200  # another account is open

    fake_clock.advance(59)
    assert (await log_in(client, "veileder1", RIGHT)).status == 429
    fake_clock.advance(1)
    assert (await log_in(client, "veileder1", RIGHT)).status == 200
    # The same account however typed, at login too (a probe's "VEILEDER1" was refused as an unknown user)
    assert (await log_in(client, " VEILEDER1", RIGHT)).status == 200
    # The success cleared the account's failures: one new failure is an ordinary 401.
    assert (await log_in(client, "veileder1", "feil")).status == 401


async def test_the_lockout_grows_with_each_further_failure(client: TestClient, fake_clock: FakeClock) -> None:
    for _ in range(5):
        assert (await log_in(client, "nks1", "feil", PROXY)).status == 401
    fake_clock.advance(60)
    assert (await log_in(client, "nks1", "feil", PROXY)).status == 401  # the 6th failure ...
    refused = await log_in(client, "nks1", "passord-nks1", PROXY)
    assert refused.status == 429 and refused.headers["Retry-After"] == "120"  # ... locks for twice as long
    fake_clock.advance(120)
    assert (await log_in(client, "nks1", "feil", PROXY)).status == 401
    assert (await log_in(client, "nks1", "passord-nks1", PROXY)).headers["Retry-After"] == "240"


async def test_unknown_usernames_are_locked_like_real_ones(client: TestClient, fake_clock: FakeClock) -> None:
    assert [(await log_in(client, "finnes-ikke", "feil")).status for _ in range(5)] == [401] * 5
    response = await log_in(client, "finnes-ikke", "feil")
    assert response.status == 429 and response.headers["Retry-After"] == "60"


async def test_failures_from_one_address_lock_the_address(client: TestClient, fake_clock: FakeClock) -> None:
    for i in range(20):
        fake_clock.advance(6)  # below 10 logins a minute: only the failures count here
        assert (await log_in(client, f"gjest{i}", "feil", PROXY)).status == 401
    fake_clock.advance(6)
    assert (await log_in(client, "veileder1", RIGHT, PROXY)).status == 429  # every account, from this address
    assert (await log_in(client, "veileder1", RIGHT)).status == 200  # another address: fine


async def test_logins_per_address_per_minute(client: TestClient, fake_clock: FakeClock) -> None:
    statuses = [(await log_in(client, "veileder2", "passord-veileder2")).status for _ in range(11)]
    assert statuses == [200] * 10 + [429]
    fake_clock.advance(6)
    assert (await log_in(client, "veileder2", "passord-veileder2")).status == 200


async def test_parallel_guesses_cannot_slip_past_the_threshold(client: TestClient, fake_clock: FakeClock) -> None:
    # Each attempt counts as a failure from its start, not after the slow password check.
    responses = await asyncio.gather(*(log_in(client, "veileder1", f"gjett{i}", PROXY) for i in range(30)))
    statuses = sorted(r.status for r in responses)
    assert statuses == [401] * 5 + [429] * 25


async def test_limits_endpoint_and_the_server_limit_agree(client: TestClient) -> None:
    body = await (await client.get("/api/limits")).json()
    assert body["max_message_chars"] == DEFAULTS.max_message_chars == 2000
    assert body["too_long"]["nb"] == "Meldingen er for lang. Del den opp i flere meldinger."
    assert {"nb", "nn", "en", "ar", "uk"} <= set(body["too_long"])
    conversation_id, auth = await open_conversation(client)
    url = f"/api/conversations/{conversation_id}/messages"
    exact = await client.post(url, json={"client_msg_id": "a", "text": "x" * 2000}, headers=auth)
    assert exact.status == 201
    over = await client.post(url, json={"client_msg_id": "b", "text": "x" * 2001}, headers=auth)
    assert over.status == 400


# ---------------------------------------------------------------- the tables themselves


def test_idle_keys_expire_and_the_key_count_is_capped() -> None:
    table = limit_store.RateLimit(limit=2, window_s=60, max_keys=3)
    assert [table.take("a", now=0.0) for _ in range(3)] == [0.0, 0.0, 30.0]
    for key in "bcd":
        table.take(key, now=0.0)
    assert len(table) == 3  # the least recently used ("a") went first ...
    assert table.take("a", now=0.0) == 0.0  # ... and starts anew
    table.take("z", now=61.0)
    assert len(table) == 1  # every bucket idle for a full window is dropped

    failures = limit_store.FailureCounter(threshold=2, window_s=900, lockout_s=60, max_lockout_s=900, max_keys=2)
    for key in "abc":
        failures.add(key, now=0.0)
    assert len(failures) == 2
    failures.add("d", now=901.0)
    assert failures.locked_for("d", now=901.0) == 0.0 and len(failures) == 1


def test_client_address_through_trusted_proxies_only() -> None:
    from aiohttp.test_utils import make_mocked_request

    proxies = limits.parse_networks(("10.0.0.0/8",))

    def address(remote: str, forwarded: str | None) -> str:
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        request = make_mocked_request("GET", "/", headers=headers)
        return limits.client_address(request.clone(remote=remote), proxies)

    assert address("203.0.113.9", "198.51.100.1") == "203.0.113.9"  # not a trusted proxy: header ignored
    assert address("10.0.0.2", "198.51.100.1") == "198.51.100.1"
    # The client may write anything in front; the rightmost address not a proxy is the one the proxy saw.
    assert address("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3") == "198.51.100.1"
    assert address("10.0.0.2", None) == "10.0.0.2"
    assert address("2001:db8:1:2:3:4:5:6", None) == "2001:db8:1:2::/64"
