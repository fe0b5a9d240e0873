"""The kontaktsenter's overview figures from plain facts: the present and the history agree."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from router.domain.opening_hours import OSLO
from router.services import handoff, queue_overview
from router.services.queue_overview import ConversationFacts, summarize, waiting_at
from tests.unit.services.conftest import World

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def facts(id: str, state: str, *, queued_min_ago: float, assigned_min_ago: float | None = None) -> ConversationFacts:
    assigned = NOW - timedelta(minutes=assigned_min_ago) if assigned_min_ago is not None else None
    return ConversationFacts(id, state, "0220", "KOM", "nb", "normal", True, NOW - timedelta(minutes=60),
                             NOW - timedelta(minutes=queued_min_ago), assigned, None, None)


def test_a_conversation_back_in_the_queue_counts_as_waiting_now_and_in_the_history() -> None:
    overview = summarize([
        facts("waiting", "QUEUED", queued_min_ago=10),
        # Taken 20 minutes ago, then back in the queue (a transfer, its veileder offline): place and assigned_at kept.
        facts("requeued", "QUEUED", queued_min_ago=30, assigned_min_ago=20),
        facts("with a veileder", "ASSIGNED", queued_min_ago=8, assigned_min_ago=5),
    ], [], Counter(), NOW, {"0220": "Nav Asker"})
    (group,) = overview["groups"]
    assert overview["totals"]["waiting"] == group["waiting"] == overview["history"][-1]["waiting"] == 2
    # The waits: the two still waiting (10 min, and the requeued one since its veileder had it: 20 min at most, as
    # no history says when it came back) and the one answered (3 min).
    assert group["median_wait_s"] == 10 * 60
    assert group["oldest_wait_s"] == 20 * 60
    # 15 minutes ago: the requeued one waited (back from its veileder by then, at the latest), the others had not
    # come.
    point = next(p for p in overview["history"] if datetime.fromisoformat(p["at"]) == NOW - timedelta(minutes=15))
    assert point["waiting"] == 1


def test_a_breach_stays_counted_after_its_conversation_escalated_away() -> None:
    """A nødhjelp chat breached at 4106 and moved to NKS-OVRG: the dashboard showed 0 SLA-brudd everywhere."""
    moved = ConversationFacts("moved", "QUEUED", "NKS-OVRG", "KOM", "nb", "emergency", True,
                              NOW - timedelta(minutes=30), NOW - timedelta(minutes=25), None, None, None)
    overview = summarize([moved], [("4100", "online", 1, 3)], Counter({("4106", "OKSOS"): 1}), NOW,
                         {"4106": "Nav kontaktsenter Oslo", "NKS-OVRG": "Nav kontaktsenter generelt"},
                         {"NKS-OVRG": "4100"})
    rows = {(g["enhetsnummer"], g["sla_breaches"], g["waiting"], g["veiledere_online"]) for g in overview["groups"]}
    # NKS-OVRG is answered by 4100's staff: one of them online, not "0 pålogget" beside a waiting chat.
    assert rows == {("4106", 1, 0, 0), ("NKS-OVRG", 0, 1, 1)}
    assert sum(g["sla_breaches"] for g in overview["groups"]) == 1, "the dashboard's total is the rows' sum"


def test_the_figures_count_what_their_labels_say() -> None:
    """A probe: "Veiledere pålogget" counted only Tilgjengelig, and "Løst av chatroboten" counted open bot chats."""
    def bot(id: str, state: str) -> ConversationFacts:
        return ConversationFacts(id, state, None, None, "nb", "normal", False, NOW - timedelta(minutes=5), None, None,
                                 None, None)

    overview = summarize([bot("talking", "BOT"), bot("gone", "CLOSED"), bot("ended", "CLOSED"),
                          facts("waiting", "QUEUED", queued_min_ago=10)],
                         [("0220", "online", 1, 3), ("0220", "busy", 3, 3), ("0220", "away", 0, 3),
                          ("0220", "offline", 0, 3)], Counter(), NOW, {"0220": "Nav Asker"})
    (group,) = overview["groups"]
    assert (group["veiledere_online"], group["veiledere_logged_in"], group["capacity"]) == (1, 3, 3)
    totals = overview["totals"]
    assert (totals["bot_open"], totals["bot_closed"], totals["handed_off"]) == (1, 2, 1)
    assert totals["to_veileder"] == 0, "the one waiting is not yet overført: no veileder has got it"


def test_a_chat_closed_in_the_queue_ended_without_a_veileder() -> None:
    """A probe: the kontaktsenter closed 11 waiting chats, 7 never taken; "avsluttet uten veileder" stayed at 0."""
    closed_waiting = ConversationFacts("closed in the queue", "CLOSED", "0220", "KOM", "nb", "normal", True,
                                       NOW - timedelta(minutes=20), NOW - timedelta(minutes=15), None,
                                       NOW - timedelta(minutes=1), None)
    answered = facts("answered", "CLOSED", queued_min_ago=15, assigned_min_ago=10)
    with_the_bot = ConversationFacts("bot only", "CLOSED", None, None, "nb", "normal", False,
                                     NOW - timedelta(minutes=5), None, None, NOW, None)
    totals = summarize([closed_waiting, answered, with_the_bot], [], Counter(), NOW, {})["totals"]
    assert totals["closed_without_veileder"] == 2
    assert totals["bot_closed"] == 1


def test_the_available_total_counts_each_veileder_once() -> None:
    """An office with waiting chats in two temagrupper shows its veiledere in both rows, and the kontaktsenter's
    queues show 4100's: the dashboard added the rows up, 2 tilgjengelige at Nav Asker and 1 at 4100 said as 7."""
    def waiting(id: str, enhetsnummer: str, tema: str) -> ConversationFacts:
        return ConversationFacts(id, "QUEUED", enhetsnummer, tema, "nb", "normal", True, NOW - timedelta(minutes=9),
                                 NOW - timedelta(minutes=8), None, None, None)

    overview = summarize(
        [waiting("sosialhjelp", "0220", "KOM"), waiting("arbeid", "0220", "ARBD"),
         waiting("kontaktsenter", "NKS-OVRG", "KOM"), waiting("oslo", "4106", "ARBD"), waiting("ovrg", "4100", "KOM")],
        [("0220", "online", 1, 3), ("0220", "online", 0, 3), ("0220", "busy", 3, 3), ("4100", "online", 0, 3),
         ("0312", "online", 0, 3)],
        Counter(), NOW, {}, {"NKS-OVRG": "4100"})
    by_row = {(g["enhetsnummer"], g["temagruppe"]): g["veiledere_online"] for g in overview["groups"]}
    assert by_row[("0220", "OKSOS")] == by_row[("0220", "ARBD")] == 2
    assert by_row[("NKS-OVRG", "OKSOS")] == by_row[("4100", "OKSOS")] == 1
    # Nav Asker's two and 4100's one; 0312 has no queue shown (and 4106 nobody online).
    assert overview["totals"]["veiledere_online"] == 3


def test_a_conversation_back_with_the_bot_is_not_waiting_and_was_not_handed_to_a_veileder() -> None:
    """A probe: "5 venter på veileder nå" beside a chart saying "Nå venter 7, 7 er overført": the two that went back
    to the bot ("Tilbake til chatroboten") waited forever in the chart and counted as overført to a veileder."""
    left = ConversationFacts("left", "BOT", "0220", "KOM", "nb", "normal", True, NOW - timedelta(minutes=40),
                             NOW - timedelta(minutes=30), None, None, None, left_queue_at=NOW - timedelta(minutes=20))
    left_then_closed = ConversationFacts("gone", "CLOSED", "0220", "KOM", "nb", "normal", True,
                                         NOW - timedelta(minutes=40), NOW - timedelta(minutes=30), None,
                                         NOW - timedelta(minutes=5), None, left_queue_at=NOW - timedelta(minutes=20))
    overview = summarize([left, left_then_closed, facts("waiting", "QUEUED", queued_min_ago=10),
                          facts("with a veileder", "ASSIGNED", queued_min_ago=8, assigned_min_ago=5)],
                         [], Counter(), NOW, {"0220": "Nav Asker"})
    (group,) = overview["groups"]
    now_point = overview["history"][-1]
    assert overview["totals"]["waiting"] == group["waiting"] == now_point["waiting"] == 1
    assert overview["totals"]["to_veileder"] == group["to_veileder"] == now_point["to_veileder"] == 1
    assert overview["totals"]["handed_off"] == 4, "they all asked for a person (the /metrics outcome)"
    # 25 minutes ago both still waited; 15 minutes ago they had gone back to the bot.
    points = {NOW - datetime.fromisoformat(p["at"]): p["waiting"] for p in overview["history"]}
    assert points[timedelta(minutes=15)] == 0
    assert sum(1 for f in (left, left_then_closed) if waiting_at(f, NOW - timedelta(minutes=25))) == 2


async def test_the_overview_reads_from_the_history_when_a_bruker_left_the_queue(world: World) -> None:
    """Through the use cases: handed off, then "Tilbake til chatroboten"; the chart's "now" agrees with the key
    figure (0 waiting), and nobody counts as overført to a veileder."""
    stayed, left = await world.queued(), await world.queued()
    world.clock.advance(minutes=20)
    await handoff.leave_queue(world.deps, left)
    world.clock.advance(minutes=20)
    overview = await queue_overview.overview(world.deps)
    totals, now_point = overview["totals"], overview["history"][-1]
    assert totals["waiting"] == now_point["waiting"] == 1
    assert totals["to_veileder"] == now_point["to_veileder"] == 0
    assert world.conversation(stayed).state.value == "QUEUED"
    # 30 minutes ago (10 after the handoff) both waited.
    point = next(p for p in overview["history"]
                 if datetime.fromisoformat(p["at"]) == world.clock.now() - timedelta(minutes=30))
    assert point["waiting"] == 2


def test_a_closed_office_reads_as_closed_with_when_it_opens() -> None:
    """On a Saturday every office's row read "ingen pålogget", as if nobody had come to work."""
    monday = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    overview = summarize([facts("waiting", "QUEUED", queued_min_ago=10)], [], Counter(), NOW, {"0220": "Nav Asker"},
                         opens={"0220": monday})
    (group,) = overview["groups"]
    assert group["open_now"] is False
    assert group["opens_at"] == monday.isoformat()
    open_now = summarize([facts("waiting", "QUEUED", queued_min_ago=10)], [], Counter(), NOW, {"0220": "Nav Asker"},
                         opens={"0220": NOW})
    assert open_now["groups"][0]["open_now"] is True and open_now["groups"][0]["opens_at"] is None


async def test_the_overview_asks_the_enhet_s_opening_hours(world: World) -> None:
    """Through the service: while the enhet is open its row says so; closed (open 07–08 only, at 10:30), it says
    when it opens: tomorrow at 07:00."""
    await world.queued()
    (open_row,) = (await queue_overview.overview(world.deps))["groups"]
    assert open_row["open_now"] is True and open_row["opens_at"] is None
    world.routing.open_now = False
    (closed_row,) = (await queue_overview.overview(world.deps))["groups"]
    assert closed_row["open_now"] is False
    opens = datetime.fromisoformat(closed_row["opens_at"]).astimezone(OSLO)
    assert (opens.date() - NOW.date()).days == 1 and (opens.hour, opens.minute) == (7, 0)
