"""Every answer's Date header is the router's clock (router/web/middleware.py date_on_the_routers_clock): the staff
pages take "now" from it (shared/dom.js serverNow). With NAVCHAT_CLOCK_START aiohttp wrote the host's time, and
every queued chat read "Venter 0 s"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock, SystemClock
from router.app import Overrides, create_app
from router.config import Settings
from tests.conftest import login


def date_of(response: Any) -> datetime:
    return parsedate_to_datetime(response.headers["Date"])


async def test_the_date_is_the_routers_clock_on_staff_and_public_answers(client: TestClient,
                                                                         clock: FixedClock) -> None:
    await login(client, "veileder1")
    queue = await client.get("/api/staff/queue")
    assert queue.status == 200
    assert date_of(queue) == clock.now()
    clock.advance(minutes=7)
    languages = await client.get("/api/languages")
    assert date_of(languages) == clock.now()
    missing = await client.get("/api/staff/conversations/no-such-conversation")  # a refusal carries it too
    assert date_of(missing) == clock.now()


async def test_a_clock_moved_by_navchat_clock_start_is_the_date(aiohttp_client, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)  # a Monday morning, whenever the test runs
    client = await aiohttp_client(create_app(settings, Overrides(clock=SystemClock(start))))
    date = date_of(await client.get("/api/languages"))
    assert abs(date - start) < timedelta(seconds=30)


async def test_the_real_clock_gives_the_real_time(aiohttp_client, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    client = await aiohttp_client(create_app(settings, Overrides(clock=SystemClock())))
    date = date_of(await client.get("/api/languages"))
    assert abs(date - datetime.now(UTC)) < timedelta(seconds=5)
