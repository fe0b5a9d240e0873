"""Probe 118 drove a scripted load and compared the kontaktsenter page with the truth: its numbers, through the
overview's pure part (queue_overview.summarize)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta

from router.domain.events import Noted
from router.services.queue_overview import summarize
from tests.unit.services.overview_facts import NOW, chat


def test_the_median_counts_those_who_gave_up_waiting() -> None:
    """Mon 09:37 at 0312: answered after 57.5 s, waiting 354 s and 24.6 s, left after 3.0 s and 20.1 s: median
    24.6 s, not "58 s" (a queue looked better the more people gave up)."""
    s = 1 / 60
    chats = [chat("answered", enhet="0312", queued=400 * s, assigned=(400 - 57.5) * s),
             chat("long", enhet="0312", queued=354 * s), chat("short", enhet="0312", queued=24.6 * s),
             chat("left", enhet="0312", queued=300 * s, left=297 * s),
             chat("closed", enhet="0312", queued=200 * s, closed=(200 - 20.1) * s, outcome="bruker_avsluttet",
                  closed_by="bruker")]
    overview = summarize(chats, [], Counter(), NOW, {})
    (row,) = overview["groups"]
    assert row["median_wait_s"] == 25
    assert (row["waiting"], row["to_veileder"], row["left_queue"], row["handed_off"]) == (2, 1, 2, 5)
    assert overview["totals"]["left_queue"] == 2


def test_the_window_counts_by_when_things_happened() -> None:
    """Tue 08:59: ten chats asked for a person on Monday and still wait (four after a veileder had them); "ba om en
    veileder (8 t)" read 10 and "kom til en veileder (8 t)" 4, the truth 0 and 0."""
    day = 24 * 60
    chats = [chat(f"w{i}", queued=day, assigned=day - 5 if i < 4 else None, back=day - 10 if i < 4 else None,
                  created=day + 1) for i in range(10)]
    totals = summarize(chats, [], Counter(), NOW, {})["totals"]
    assert (totals["asked"], totals["handed_off"], totals["to_veileder"], totals["waiting"]) == (0, 0, 0, 10)


def test_a_refused_request_for_a_veileder_is_counted() -> None:
    """Handoffs refused with queue_full_from_network were counted as bot chats: "ba om en veileder" 11, 14 asked."""
    chats = [chat(f"q{i}", queued=30) for i in range(11)] + [chat(f"r{i}", refused=20) for i in range(3)]
    totals = summarize(chats, [], Counter(), NOW, {})["totals"]
    assert (totals["asked"], totals["handed_off"], totals["refused"]) == (14, 11, 3)
    # Those three talk to the bot again: they are with the bot now, and not "only with the bot" by choice.
    assert totals["bot_open"] == 3


def test_a_refusal_is_counted_in_the_row_of_the_queue_it_would_have_waited_in() -> None:
    """The page's rows left refusals out ("avvist: køen full" in the totals only): 0312 had two refused, 0220 one
    queued; an office with refusals alone gets its row; a note written before it named the queue is a total only."""
    chats = [chat("q", enhet="0220", queued=30), chat("r1", enhet="0312", refused=20),
             chat("r2", enhet="0312", refused=10), chat("r3", enhet="0312", tema="ARBD", refused=5),
             chat("old", refused=5)]
    unnamed = chats[-1].history[0]
    assert isinstance(unnamed, Noted)
    chats[-1] = replace(chats[-1], history=(replace(unnamed, data={}),))
    overview = summarize(chats, [], Counter(), NOW, {})
    rows = {(g["enhetsnummer"], g["temagruppe"]): g for g in overview["groups"]}
    assert {key: g["refused"] for key, g in rows.items()} == {
        ("0220", "OKSOS"): 0, ("0312", "OKSOS"): 2, ("0312", "ARBD"): 1}
    assert (rows[("0312", "OKSOS")]["waiting"], rows[("0312", "OKSOS")]["handed_off"]) == (0, 0)
    assert overview["totals"]["refused"] == 4


def test_a_bruker_back_with_the_bot_from_the_queue_is_with_the_bot_now() -> None:
    """"i chat med chatroboten nå" read 6 where 7 were (one had gone back to the bot from the queue)."""
    chats = [chat(f"b{i}") for i in range(6)] + [chat("back", queued=10, left=5)]
    assert summarize(chats, [], Counter(), NOW, {})["totals"]["bot_open"] == 7


def test_chats_the_viewer_may_not_see_are_counted_and_said_to_be_left_out() -> None:
    """0315 read 3 waiting on the page and 4 in /metrics: a kode 7 chat was left out without a sign."""
    chats = [chat(f"w{i}", enhet="0315", queued=10) for i in range(3)] + [
        chat("kode7", enhet="0315", queued=40, shown=False)]
    overview = summarize(chats, [], Counter(), NOW, {})
    assert overview["groups"][0]["waiting"] == 4
    assert overview["totals"]["waiting_not_shown"] == 1
    assert "kode7" not in overview["waiting_since"] and overview["stuck"] == []


def test_nothing_waiting_reads_as_no_longest_wait_and_no_language_is_unknown() -> None:
    """"Lengste ventetid nå 0 s" beside a median of "–"; a chat with no language read as norsk bokmål in the row
    and "ukjent" in the waiting list."""
    overview = summarize([chat("done", queued=30, assigned=20, language=None)], [], Counter(), NOW, {})
    (row,) = overview["groups"]
    assert row["oldest_wait_s"] is None and overview["totals"]["oldest_wait_s"] is None
    assert row["median_wait_s"] == 600
    assert row["languages"] == {"und": 1}


def test_the_hours_say_what_happened_in_each_hour() -> None:
    """The hourly table gave snapshots at the refresh moment; now each hour's asked, taken, left, peak and median."""
    chats = [chat("a", queued=100, assigned=95), chat("b", queued=90, left=80), chat("c", queued=50)]
    hours = {h["at"]: h for h in summarize(chats, [], Counter(), NOW, {})["hours"]}
    nine = hours[(NOW - timedelta(hours=1)).isoformat()]
    eight = hours[(NOW - timedelta(hours=2)).isoformat()]
    # 8:20 a asked, taken 8:25 (5 min); 8:30 b asked, left 8:40 (10 min): never two at once.
    assert (eight["asked"], eight["to_veileder"], eight["left_queue"], eight["waiting"]) == (2, 1, 1, 1)
    assert eight["median_wait_s"] == 450
    # 9:10 c asked, still waiting: in no median of an hour yet.
    assert (nine["asked"], nine["to_veileder"], nine["left_queue"], nine["waiting"]) == (1, 0, 0, 1)
    assert nine["median_wait_s"] is None
