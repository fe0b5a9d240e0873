"""Through the HTTP API on the SQLite store, with the real reference data's hours (Nav Asker, 09-15): a bruker who
waits past closing time is told, once (services/closing_time.py; probe 87)."""

from __future__ import annotations

from datetime import datetime

from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.domain.opening_hours import OSLO
from router.services import closing_time
from router.texts import fixed_text
from router.web.appkeys import DEPS
from tests.conftest import open_conversation


async def test_a_bruker_waiting_past_closing_time_is_told_once(client: TestClient, clock: FixedClock) -> None:
    clock.advance(seconds=(datetime(2026, 12, 7, 14, 50, tzinfo=OSLO) - clock.now()).total_seconds())  # Monday
    conversation_id, auth = await open_conversation(client, kommune="Asker")
    assert (await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)).status == 200
    deps = client.app[DEPS]
    assert await closing_time.tell_the_waiting_at_closing(deps) == 0
    clock.advance(minutes=11)  # 15:01
    assert await closing_time.tell_the_waiting_at_closing(deps) == 1
    assert await closing_time.tell_the_waiting_at_closing(deps) == 0
    shown = (await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json())
    told = [m["text"] for m in shown["messages"]
            if m["text"].startswith(fixed_text("office_closed_keep_place", "nb", enhet="Nav Asker"))]
    assert len(told) == 1 and "tirsdag 8. desember kl. 09:00" in told[0], told
