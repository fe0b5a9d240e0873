"""SLA escalation, the group-level overview for the kontaktsenter, and the Prometheus metrics."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from router.adapters.sqlite_inline import statements_sent_to_threads
from router.services.supervision import escalate_breaches
from router.texts import fixed_text
from router.web.appkeys import DEPS
from tests.conftest import login, metric, open_conversation, scrape_metrics
from tests.integration.web.test_conversation_rules import on_duty_but_full


async def handed_off(client: TestClient, **body: str) -> str:
    conversation_id, auth = await open_conversation(client, **body)
    response = await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    assert response.status == 200
    return conversation_id


async def test_a_breached_wait_escalates_one_step_at_a_time(client: TestClient, clock: FixedClock) -> None:
    deps = client.app[DEPS]
    await on_duty_but_full(client, "alt1", "4101")  # a move goes only where someone may take it (supervision.py)
    conversation_id = await handed_off(client)
    await login(client, "nks1")
    before = (await (await client.get(f"/api/staff/conversations/{conversation_id}")).json())["conversation"]
    assert before["enhetsnummer"] == "0220" and before["sla_deadline"]

    assert await escalate_breaches(deps) == 0  # within SLA
    clock.advance(minutes=31)
    assert await escalate_breaches(deps) == 1
    await login(client, "nks1")  # the session ended while idle
    after = (await (await client.get(f"/api/staff/conversations/{conversation_id}")).json())["conversation"]
    assert after["enhetsnummer"] != "0220" and after["state"] == "QUEUED"
    assert after["queued_at"] == before["queued_at"], "the bruker keeps their place"
    assert await escalate_breaches(deps) == 0  # a new deadline at the new place
    async with deps.uow() as uow:
        kinds = [record.kind for record in await uow.history.list(conversation_id)]
        told = [m.original_text for m in await uow.messages.list(conversation_id) if m.sender == "system"]
    assert "sla_breached" in kinds
    assert told[-1].startswith(fixed_text("conversation_moved", "nb", enhet=after["enhet_navn"])), "the bruker is told"
    assert "en veileder svarer deg om" in told[-1], "and, honestly, what the new queue promises"


async def test_overview_is_group_level_and_needs_the_kontaktsenter_role(client: TestClient, clock: FixedClock) -> None:
    await handed_off(client)
    await handed_off(client)
    await open_conversation(client)  # stays with the bot
    clock.advance(minutes=5)
    await login(client, "veileder1")
    assert (await client.get("/api/staff/overview")).status == 403
    await login(client, "nks1")
    figures = await (await client.get("/api/staff/overview")).json()
    group = next(g for g in figures["groups"] if g["enhetsnummer"] == "0220")
    assert group["waiting"] == 2 and group["oldest_wait_s"] == 300 and group["temagruppe"] == "OKSOS"
    assert figures["totals"]["bot_only"] == 1 and figures["totals"]["handed_off"] == 2
    assert figures["history"] and "veileder_id" not in str(figures)


async def test_metrics_expose_the_same_figures(client: TestClient) -> None:
    assert (await client.get("/metrics")).status == 403, "off until a token is configured"
    before = await scrape_metrics(client)
    await handed_off(client)
    assert (await client.get("/metrics")).status == 401
    assert (await client.get("/metrics", headers={"Authorization": "Bearer wrong"})).status == 401
    body = await scrape_metrics(client)
    assert 'navchat_queue_waiting{enhetsnummer="0220",temagruppe="OKSOS"} 1.0' in body
    # What only grows is a counter (an 8-hour gauge fell as the window moved on, which rate() reads as resets).
    handoffs = 'navchat_handoffs_total{enhetsnummer="0220",temagruppe="OKSOS"}'
    assert metric(body, handoffs) - metric(before, handoffs) == 1
    assert metric(body, "navchat_conversations_started_total") - metric(before, "navchat_conversations_started_total") \
        == 1
    for name in ("navchat_conversations_started", "navchat_handoffs", "navchat_handoffs_refused",
                 "navchat_queue_waits_ended", "navchat_sla_breaches", "navchat_conversations_closed"):
        assert f"# TYPE {name}_total counter" in body, name
    for name in ("navchat_queue_waiting", "navchat_veiledere_online", "navchat_conversations_with_bot"):
        assert f"# TYPE {name} gauge" in body, name
    assert "navchat_conversations{" not in body and "navchat_queue_waits{" not in body, "the window gauges are gone"
    assert "navchat_bot_turns_waiting 0.0" in body
    # Process-wide, and other tests in this process make it rise on purpose (tests/integration/test_sqlite_inline.py).
    assert f"navchat_sqlite_statements_on_threads_total {float(statements_sent_to_threads())}" in body


async def test_transcripts_are_purged_after_the_retention_period(client: TestClient, clock: FixedClock) -> None:
    from router.services.retention import purge_transcripts

    deps = client.app[DEPS]
    conversation_id, auth = await open_conversation(client)
    await client.post(f"/api/conversations/{conversation_id}/close", headers=auth)
    open_id, open_auth = await open_conversation(client)
    clock.advance(days=91)
    assert await purge_transcripts(deps, 90) == 1
    gone = await (await client.get(f"/api/conversations/{conversation_id}/messages", headers=auth)).json()
    kept = await (await client.get(f"/api/conversations/{open_id}/messages", headers=open_auth)).json()
    assert gone["messages"] == [] and kept["messages"]
