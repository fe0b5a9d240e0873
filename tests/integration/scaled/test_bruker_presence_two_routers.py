"""The bruker's pages across two routers on PostgreSQL and Redis: a page left open on the other router keeps the
veileder from being told the bruker has gone; the last one closing tells the veileder, wherever they are."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from router.config import Settings
from router.web import ws as ws_module
from tests.conftest import login
from tests.integration.scaled.test_postgres_and_redis import two_routers
from tests.integration.web.test_bruker_presence import bruker_socket, presence_frames, staff_socket

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

GRACE_S = 0.5


async def next_presence(socket: Any, timeout_s: float = 15.0) -> dict[str, Any]:
    """The next presence frame, however long a loaded machine takes to sweep and fan it out (a fixed window of
    two seconds failed once under a full CI run)."""
    async with asyncio.timeout(timeout_s):
        while True:
            frame = await socket.receive_json()
            if frame.get("type") == "bruker_presence":
                return frame


async def test_the_last_page_on_either_router_decides(
    aiohttp_client: Callable[..., Any], settings: Settings, postgres_url: str, redis_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ws_module, "PRESENCE_PROBE_WAIT_S", 0.3)
    first, second = await two_routers(aiohttp_client, replace(settings, bruker_gone_after_s=GRACE_S), postgres_url,
                                      redis_url)
    opened = await first.post("/api/conversations", json={"kommune": "Asker"})
    conversation = await opened.json()
    conversation_id, auth = conversation["id"], {"Authorization": f"Bearer {conversation['token']}"}
    assert (await first.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)).status == 200
    csrf = await login(second, "veileder1")
    assert (await second.post(f"/api/staff/conversations/{conversation_id}/take", headers=csrf)).status == 200
    console = await staff_socket(second)

    # Two tabs, one on each router (the load balancer spreads the chat's sockets): the first closes.
    tab_a = await bruker_socket(first, conversation_id, auth)
    tab_b = await bruker_socket(second, conversation_id, auth)
    await tab_a.close()
    assert await presence_frames(console, GRACE_S + 0.8) == [], "a tab is still open on the other router"

    await tab_b.close()
    gone = await next_presence(console)
    assert (gone["conversation_id"], gone["present"]) == (conversation_id, False)

    # Back on the first router: the veileder on the second is told.
    tab_a = await bruker_socket(first, conversation_id, auth)
    back = await next_presence(console)
    assert back["present"] is True
    assert await presence_frames(console, 0.5) == [], "told more than once"
    await tab_a.close()
    await console.close()
    await asyncio.sleep(0)
