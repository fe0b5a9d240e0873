"""The staff pages warn before the idle timeout (staff.js IdleWarning): GET /api/staff/me says when the session ends
unless used, and the page's own read of it (X-Navchat-Background) puts nothing off; the person's own does."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from tests.conftest import login

BACKGROUND = {"X-Navchat-Background": "1"}


async def ends_in(client: TestClient, headers: dict[str, str] | None = None) -> int:
    response = await client.get("/api/staff/me", headers=headers or {})
    assert response.status == 200, await response.text()
    return int((await response.json())["session_ends_in_s"])


async def test_the_page_learns_when_the_session_ends_and_its_own_look_puts_nothing_off(
        client: TestClient, clock: FixedClock) -> None:
    await login(client, "veileder1")
    assert await ends_in(client, BACKGROUND) == 30 * 60
    clock.advance(minutes=27)
    # Looked at by the page every minute: the end stays where the person's last activity put it.
    assert await ends_in(client, BACKGROUND) == 3 * 60
    clock.advance(minutes=1)
    assert await ends_in(client, BACKGROUND) == 2 * 60
    # "Fortsett å være pålogget": a read of the person's own counts as activity.
    assert await ends_in(client) == 30 * 60
    clock.advance(minutes=29)
    assert await ends_in(client, BACKGROUND) == 60
    clock.advance(minutes=2)
    assert (await client.get("/api/staff/me", headers=BACKGROUND)).status == 401
