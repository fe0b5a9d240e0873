"""The kontaktsenter's overview figures from plain facts: the present and the history agree."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from router.domain.opening_hours import OSLO
from router.services import handoff, queue_overview
from router.services.queue_overview import ConversationFacts, summarize
from tests.unit.services.conftest import World
from tests.unit.services.overview_facts import NOW, chat


def facts(id: str, state: str, *, queued_min_ago: float, assigned_min_ago: float | None = None) -> ConversationFacts:
    """Waiting (QUEUED), with a veileder (ASSIGNED), or back in the queue from one (QUEUED, assigned before)."""
    back = (assigned_min_ago - 5 if assigned_min_ago is not None and state == "QUEUED" else None)
    return chat(id, queued=queued_min_ago, assigned=assigned_min_ago, back=back)


def test_a_conversation_back_in_the_queue_counts_as_waiting_now_and_in_the_history() -> None:
    overview = summarize([
        facts("waiting", "QUEUED", queued_min_ago=10),
        # Waited 10 min, taken 20 minutes ago, back in the queue 15 minutes ago (its veileder went offline).
        facts("requeued", "QUEUED", queued_min_ago=30, assigned_min_ago=20),
        facts("with a veileder", "ASSIGNED", queued_min_ago=8, assigned_min_ago=5),
    ], [], Counter(), NOW, {"0220": "Nav Asker"})
    (group,) = overview["groups"]
    assert overview["totals"]["waiting"] == group["waiting"] == 2
    # The last quarter's peak: the three waited at once from 9:52 to 9:55 (the one with a veileder since 9:55 too).
    assert overview["history"][-1]["waiting"] == 3
    # Every wait: the two still waiting (10 and 15 min), the requeued one's first wait (10 min, answered) and the
    # one answered (3 min).
    assert group["median_wait_s"] == 10 * 60
    assert group["oldest_wait_s"] == 15 * 60
    # 9:30-9:45: only the requeued one waited, until a veileder took it at 9:40.
    point = next(p for p in overview["history"] if datetime.fromisoformat(p["at"]) == NOW - timedelta(minutes=30))
    assert (point["waiting"], point["to_veileder"], point["asked"]) == (1, 1, 1)


def test_a_breach_stays_counted_after_its_conversation_escalated_away() -> None:
    """A nødhjelp chat breached at 4106 and moved to NKS-OVRG: the dashboard showed 0 SLA-brudd everywhere."""
    moved = chat("moved", enhet="4106", queued=25, moved=(5, "NKS-OVRG"), priority="emergency")
    overview = summarize([moved], [("4100", "online", 1, 3)], Counter({("4106", "OKSOS"): 1}), NOW,
                         {"4106": "Nav kontaktsenter Oslo", "NKS-OVRG": "Nav kontaktsenter generelt"},
                         {"NKS-OVRG": "4100"})
    rows = {(g["enhetsnummer"], g["sla_breaches"], g["waiting"], g["veiledere_online"], g["moved_on"])
            for g in overview["groups"]}
    # NKS-OVRG is answered by 4100's staff: one of them online, not "0 pålogget" beside a waiting chat; 4106 is
    # credited with the 20 minutes it waited there.
    assert rows == {("4106", 1, 0, 0, 1), ("NKS-OVRG", 0, 1, 1, 0)}
    assert {g["enhetsnummer"]: g["median_wait_s"] for g in overview["groups"]} == {"4106": 20 * 60,
                                                                                    "NKS-OVRG": 5 * 60}
    assert overview["totals"]["oldest_wait_s"] == 25 * 60, "the bruker's whole wait, across the move"
    assert sum(g["sla_breaches"] for g in overview["groups"]) == 1, "the dashboard's total is the rows' sum"


def test_the_figures_count_what_their_labels_say() -> None:
    """A probe: "Veiledere pålogget" counted only Tilgjengelig, and "Løst av chatroboten" counted open bot chats."""
    def bot(id: str, closed: float | None = None) -> ConversationFacts:
        return chat(id, closed=closed, outcome="bruker_avsluttet", closed_by="bruker", created=5)

    overview = summarize([bot("talking"), bot("gone", 1), bot("ended", 2),
                          facts("waiting", "QUEUED", queued_min_ago=10)],
                         [("0220", "online", 1, 3), ("0220", "busy", 3, 3), ("0220", "away", 0, 3),
                          ("0220", "offline", 0, 3)], Counter(), NOW, {"0220": "Nav Asker"})
    (group,) = overview["groups"]
    assert (group["veiledere_online"], group["veiledere_logged_in"], group["capacity"]) == (1, 3, 3)
    totals = overview["totals"]
    assert (totals["bot_open"], totals["bot_closed"], totals["handed_off"]) == (1, 2, 1)
    assert totals["to_veileder"] == 0, "the one waiting is not yet overført: no veileder has got it"


def test_a_chat_closed_in_the_queue_is_told_apart_from_one_the_bruker_left() -> None:
    """A probe: "avsluttet uten veileder" mixed brukere who left the queue, chats the kontaktsenter closed as ikke
    en NAV-sak, and bot-only closes."""
    closed_waiting = chat("closed in the queue", queued=15, closed=1, outcome="ikke_nav")
    answered = facts("answered", "CLOSED", queued_min_ago=15, assigned_min_ago=10)
    left = chat("left", queued=12, left=11)
    closed_by_bruker = chat("closed by the bruker", queued=12, closed=10, outcome="bruker_avsluttet",
                            closed_by="bruker")
    with_the_bot = chat("bot only", closed=0, outcome="bruker_avsluttet", closed_by="bruker", created=5)
    totals = summarize([closed_waiting, answered, left, closed_by_bruker, with_the_bot], [], Counter(), NOW,
                       {})["totals"]
    assert (totals["left_queue"], totals["closed_in_queue"], totals["bot_closed"]) == (2, 1, 1)
    assert totals["bot_open"] == 1, "the one back with the bot from the queue is with the bot now"


def test_the_available_total_counts_each_veileder_once() -> None:
    """An office with waiting chats in two temagrupper shows its veiledere in both rows, and the kontaktsenter's
    queues show 4100's: the dashboard added the rows up, 2 tilgjengelige at Nav Asker and 1 at 4100 said as 7."""
    def waiting(id: str, enhetsnummer: str, tema: str) -> ConversationFacts:
        return chat(id, enhet=enhetsnummer, tema=tema, queued=8)

    overview = summarize(
        [waiting("sosialhjelp", "0220", "KOM"), waiting("arbeid", "0220", "ARBD"),
         waiting("kontaktsenter", "NKS-OVRG", "KOM"), waiting("oslo", "4106", "ARBD"), waiting("ovrg", "4100", "KOM")],
        [("0220", "online", 1, 3), ("0220", "online", 0, 3), ("0220", "busy", 3, 3), ("4100", "online", 0, 3),
         ("0312", "online", 0, 3)],
        Counter(), NOW, {}, {"NKS-OVRG": "4100"})
    by_row = {(g["enhetsnummer"], g["temagruppe"]): g["veiledere_online"] for g in overview["groups"]}
    assert by_row[("0220", "OKSOS")] == by_row[("0220", "ARBD")] == 2
    assert by_row[("NKS-OVRG", "OKSOS")] == by_row[("4100", "OKSOS")] == 1
    # Everyone Tilgjengelig, each once: Nav Asker's two, 4100's one and 0312's one (who takes chats too, though no
    # queue of 0312 is shown: probe 118 read "1 tilgjengelig" with nks1 Tilgjengelig too).
    assert overview["totals"]["veiledere_online"] == 4


def test_a_conversation_back_with_the_bot_is_not_waiting_and_was_not_handed_to_a_veileder() -> None:
    """A probe: "5 venter på veileder nå" beside a chart saying "Nå venter 7, 7 er overført": the two that went back
    to the bot ("Tilbake til chatroboten") waited forever in the chart and counted as overført to a veileder."""
    left = chat("left", queued=30, left=20)
    left_then_closed = chat("gone", queued=30, left=20, closed=5, outcome="bruker_avsluttet", closed_by="bruker")
    overview = summarize([left, left_then_closed, facts("waiting", "QUEUED", queued_min_ago=10),
                          facts("with a veileder", "ASSIGNED", queued_min_ago=8, assigned_min_ago=5)],
                         [], Counter(), NOW, {"0220": "Nav Asker"})
    (group,) = overview["groups"]
    assert overview["totals"]["waiting"] == group["waiting"] == 1
    assert overview["totals"]["to_veileder"] == group["to_veileder"] == overview["history"][-1]["to_veileder"] == 1
    assert overview["totals"]["handed_off"] == 4, "they all asked for a person (the /metrics outcome)"
    assert overview["totals"]["left_queue"] == group["left_queue"] == 2
    # Their 10 minutes of waiting count in the median: 10, 10, 10 (still waiting) and 3 (answered).
    assert group["median_wait_s"] == 10 * 60
    points = {NOW - datetime.fromisoformat(p["at"]): p["waiting"] for p in overview["history"]}
    assert points[timedelta(minutes=15)] == 2, "from 15 minutes ago: the one waiting, and the one taken at 9:55"
    assert points[timedelta(minutes=30)] == 2, "the two that left, together, before 20 minutes ago"
    assert points[timedelta(minutes=45)] == 0


async def test_the_overview_reads_from_the_history_when_a_bruker_left_the_queue(world: World) -> None:
    """Through the use cases: handed off, then "Tilbake til chatroboten"; the chart's "now" agrees with the key
    figure (0 waiting), and nobody counts as overført to a veileder."""
    stayed, left = await world.queued(), await world.queued()
    world.clock.advance(minutes=20)
    await handoff.leave_queue(world.deps, left)
    world.clock.advance(minutes=20)
    overview = await queue_overview.overview(world.deps)
    totals, last = overview["totals"], overview["history"][-1]
    # 9:30 + 40 min = 10:10: the last quarter (10:00-10:10) had the one still waiting.
    assert totals["waiting"] == last["waiting"] == 1
    assert totals["to_veileder"] == last["to_veileder"] == 0
    assert (totals["left_queue"], totals["handed_off"]) == (1, 2)
    assert world.conversation(stayed).state.value == "QUEUED"
    # 9:30-9:45: both waited.
    point = next(p for p in overview["history"]
                 if datetime.fromisoformat(p["at"]) == world.clock.now() - timedelta(minutes=40))
    assert point["waiting"] == 2 and point["asked"] == 2
    # The bruker who left waited 20 minutes: counted in the median with the one waiting (40 min).
    assert overview["groups"][0]["median_wait_s"] == 30 * 60


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


def test_a_queue_nobody_in_the_service_answers_is_told_from_one_whose_staff_are_away() -> None:
    """Probe: 4106 and 4112 (regional kontaktsentre: an escalation's alternate enhet, a GT with no office in the
    sources) read "ingen pålogget" like an office whose veiledere had not come yet; no user belongs to them, so their
    chats wait until the kontaktsenter moves them. A queue staffed from another enhet (NKS-OVRG by 4100) has staff."""
    overview = summarize(
        [chat("oslo", enhet="4106", tema="KOM", queued=8), chat("frogner", enhet="0312", tema="KOM", queued=8),
         chat("generelt", enhet="NKS-OVRG", tema="KOM", queued=8)],
        [("0312", "offline", 0, 3), ("4100", "online", 0, 3)],
        Counter(), NOW, {}, {"NKS-OVRG": "4100"})
    rows = {g["enhetsnummer"]: g for g in overview["groups"]}
    assert rows["4106"]["has_veiledere"] is False
    assert rows["0312"]["has_veiledere"] is True and rows["0312"]["veiledere_logged_in"] == 0
    assert rows["NKS-OVRG"]["has_veiledere"] is True


def test_nodhjelp_where_nobody_who_answers_the_queue_is_available_is_stuck_at_once() -> None:
    """Probe 162: an acute chat waited at an office with nobody logged in as a plain row, not "står fast", until
    its 30 minutes or its SLA deadline; a normal one there, or an acute one where someone is Tilgjengelig, waits."""
    acute = chat("acute", enhet="0312", queued=1, priority="emergency")
    normal = chat("normal", enhet="0312", queued=1)
    staffed = chat("staffed", enhet="0315", queued=1, priority="emergency")
    at_nks = chat("at nks", enhet="NKS-OVRG", queued=1, priority="emergency")
    closed = chat("closed", enhet="0314", queued=1, priority="emergency")
    overview = summarize([acute, normal, staffed, at_nks, closed],
                         [("0312", "offline", 0, 3), ("0315", "online", 0, 3), ("4100", "online", 1, 3)], Counter(),
                         NOW, {}, {"NKS-OVRG": "4100"}, {"0314": NOW + timedelta(hours=12)})
    assert [(s["id"], s["nobody_online"]) for s in overview["stuck"]] == [("acute", True)], \
        "4100's staff answer NKS-OVRG; a closed office's queue waits for its opening"
