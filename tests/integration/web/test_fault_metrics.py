"""/metrics counts the bot's errors, bot turns recovered and lost, 5xx answers and the store unavailable (probe 98:
nothing there told an operator the bot or the database was failing)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from aiohttp.test_utils import TestClient

from router.app import DEPS
from router.ports.store import StoreUnavailable
from tests.conftest import open_conversation, settle
from tests.fakes import FakeBot

TOKEN = "m" * 32


async def scrape(client: TestClient) -> str:
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status == 200
    return await response.text()


def value(body: str, sample: str) -> float:
    found = re.search(rf"^{re.escape(sample)} (\S+)$", body, re.MULTILINE)
    assert found, f"{sample} not in /metrics"
    return float(found.group(1))


async def test_metrics_count_the_bot_unavailable_5xx_and_the_store_unavailable(client: TestClient,
                                                                               fake_bot: FakeBot) -> None:
    deps = client.app[DEPS]
    deps.settings = dataclasses.replace(deps.settings, metrics_token=TOKEN)
    before = await scrape(client)
    for sample in ('navchat_rasa_unavailable_total{reason="timeout"}', "navchat_bot_turns_recovered_total",
                   'navchat_bot_turns_lost_total{reason="given_up"}', "navchat_bot_turns_failed_total",
                   'navchat_http_responses_5xx_total{status="500"}', 'navchat_store_unavailable_total{transport="http"}'):
        value(before, sample)  # shown from the start, at 0 or more (the counters are the process's)

    conversation_id, auth = await open_conversation(client)
    fake_bot.down = True
    await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                      json={"client_msg_id": "m1", "text": "hei"})
    await settle(client)

    real_uow = deps.uow

    def unavailable() -> Any:
        raise StoreUnavailable("every database connection is busy")

    deps.uow = unavailable
    try:
        refused = await client.post(f"/api/conversations/{conversation_id}/messages", headers=auth,
                                    json={"client_msg_id": "m2", "text": "hallo"})
    finally:
        deps.uow = real_uow
    assert refused.status == 503
    after = await scrape(client)
    rose = {sample: value(after, sample) - value(before, sample) for sample in (
        'navchat_rasa_unavailable_total{reason="unreachable"}', 'navchat_http_responses_5xx_total{status="503"}',
        'navchat_store_unavailable_total{transport="http"}')}
    assert rose == {'navchat_rasa_unavailable_total{reason="unreachable"}': 1.0,
                    'navchat_http_responses_5xx_total{status="503"}': 1.0,
                    'navchat_store_unavailable_total{transport="http"}': 1.0}
