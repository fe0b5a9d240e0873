"""The kontaktsenter's figures through the real store and API, on a scripted clock (probe 118): a wait that ended
by leaving counts as a wait, and the "(8 t)" figures count by when things happened, not when the chat began."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from router.adapters.clock import FixedClock
from tests.conftest import login, metric, open_conversation, scrape_metrics


async def handed_off(client: TestClient) -> tuple[str, dict[str, str]]:
    conversation_id, auth = await open_conversation(client)
    response = await client.post(f"/api/conversations/{conversation_id}/handoff", headers=auth)
    assert response.status == 200 and (await response.json())["state"] == "QUEUED"
    return conversation_id, auth


async def overview(client: TestClient) -> dict:  # type: ignore[type-arg]
    await login(client, "nks1")
    response = await client.get("/api/staff/overview")
    assert response.status == 200
    return await response.json()


async def test_the_overview_counts_every_wait_by_when_it_happened(client: TestClient, clock: FixedClock) -> None:
    before = await scrape_metrics(client)
    taken, _ = await handed_off(client)
    left, left_auth = await handed_off(client)
    waiting, _ = await handed_off(client)
    clock.advance(seconds=20)
    assert (await client.post(f"/api/conversations/{left}/close", json={}, headers=left_auth)).status == 200
    clock.advance(seconds=40)
    csrf = await login(client, "nks1")
    assert (await client.post(f"/api/staff/conversations/{taken}/take", headers=csrf)).status == 200
    clock.advance(seconds=60)

    figures = await overview(client)
    (row,) = [g for g in figures["groups"] if g["enhetsnummer"] == "0220"]
    # Waits of 60 s (taken), 20 s (left) and 120 s (still waiting): the median is 60 s, not the 90 s of the
    # answered and waiting alone.
    assert (row["median_wait_s"], row["oldest_wait_s"], row["waiting"]) == (60, 120, 1)
    assert (row["handed_off"], row["to_veileder"], row["left_queue"]) == (3, 1, 1)
    totals = figures["totals"]
    assert (totals["asked"], totals["to_veileder"], totals["left_queue"], totals["refused"]) == (3, 1, 1, 0)
    hour = figures["hours"][-1]
    assert (hour["asked"], hour["to_veileder"], hour["left_queue"], hour["waiting"]) == (3, 1, 1, 3)

    # The next morning, 23 h later: yesterday's chat still waiting is waiting, but nothing of yesterday is in the
    # "(8 t)" figures; the chat created yesterday and taken this morning is this morning's.
    clock.advance(hours=23)
    figures = await overview(client)
    totals = figures["totals"]
    assert (totals["asked"], totals["to_veileder"], totals["left_queue"], totals["waiting"]) == (0, 0, 0, 1)
    csrf = await login(client, "nks1")
    assert (await client.post(f"/api/staff/conversations/{waiting}/take", headers=csrf)).status == 200
    totals = (await overview(client))["totals"]
    assert (totals["asked"], totals["to_veileder"], totals["waiting"]) == (0, 1, 0)

    # /metrics counts each wait's end once, when it happened: both taken, one left, whatever the window says.
    body = await scrape_metrics(client)
    for how, number in (("answered", 2), ("left", 1), ("expired", 0), ("moved", 0)):
        sample = f'navchat_queue_waits_ended_total{{ended_by="{how}",enhetsnummer="0220",temagruppe="OKSOS"}}'
        assert metric(body, sample) - metric(before, sample) == number, how
    sample = 'navchat_handoffs_total{enhetsnummer="0220",temagruppe="OKSOS"}'
    assert metric(body, sample) - metric(before, sample) == 3


async def test_a_transferred_chat_is_credited_to_each_office_for_its_own_wait(client: TestClient,
                                                                             clock: FixedClock) -> None:
    """Probe 118's B3: 177 s waiting, taken, transferred after 30 s, 90 s waiting at the next office, taken there.
    The last office got it all (asked 1, taken 1, a wait of 297 s with the 30 s with a veileder in it); the first
    showed neither."""
    chat, _ = await handed_off(client)
    clock.advance(seconds=177)
    csrf = await login(client, "nks1")
    assert (await client.post(f"/api/staff/conversations/{chat}/take", headers=csrf)).status == 200
    clock.advance(seconds=30)
    moved = await client.post(f"/api/staff/conversations/{chat}/transfer", headers=csrf,
                              json={"to_enhetsnummer": "0312", "note": "bor på Frogner"})
    assert moved.status == 200, await moved.text()
    clock.advance(seconds=90)
    csrf = await login(client, "veileder2")
    assert (await client.post(f"/api/staff/conversations/{chat}/take", headers=csrf)).status == 200
    clock.advance(seconds=10)
    figures = await overview(client)
    rows = {g["enhetsnummer"]: g for g in figures["groups"]}
    first, second = rows["0220"], rows["0312"]
    assert (first["handed_off"], first["to_veileder"], first["median_wait_s"]) == (1, 1, 177)
    assert (second["handed_off"], second["came_to_queue"], second["to_veileder"], second["median_wait_s"]) == (
        0, 1, 1, 90)
    assert (figures["totals"]["asked"], figures["totals"]["to_veileder"]) == (1, 1), "one chat, once"
