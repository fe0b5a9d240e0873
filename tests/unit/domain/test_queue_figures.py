"""The kontaktsenter's counting rules (router/domain/queue_figures.py), with probe 118's scripted numbers: every
wait counts where and when it happened, however it ended."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from router.domain.events import ConversationState as S
from router.domain.events import HistoryRecord, Noted, StateChanged, Transition
from router.domain.expiry import EXPIRED
from router.domain.queue_figures import (
    WaitBegin,
    WaitEnd,
    periods,
    wait_episodes,
    wait_figures,
)

T0 = datetime(2026, 12, 7, 8, 30, tzinfo=UTC)  # Mon 09:30 in Oslo


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def handoff(cid: str, seconds: float, enhet: str) -> list[HistoryRecord]:
    return [StateChanged(cid, Transition.HANDOFF, S.BOT, S.QUEUED, "bruker", "", at(seconds)),
            Noted(cid, "routed", "router", "", at(seconds), {"enhetsnummer": enhet})]


def change(cid: str, seconds: float, kind: Transition, before: S, after: S, *, actor: str = "router",
           reason: str = "", **data: str) -> StateChanged:
    return StateChanged(cid, kind, before, after, actor, reason, at(seconds), dict(data))


def test_a_wait_that_ended_by_leaving_counts_as_a_wait_up_to_leaving() -> None:
    """Mon 09:37 at 0312: answered after 57.5 s, waiting 354 s and 24.6 s, left after 3.0 s and 20.1 s: the median
    is 24.6 s (the page showed "58 s", the median of the answered and waiting alone)."""
    now = at(400)
    chats = {
        "answered": [*handoff("answered", 0, "0312"), change("answered", 57.5, Transition.ASSIGN, S.QUEUED, S.ASSIGNED)],
        "waiting_long": handoff("waiting_long", 46, "0312"),
        "waiting_short": handoff("waiting_short", 400 - 24.6, "0312"),
        "left_bot": [*handoff("left_bot", 100, "0312"),
                     change("left_bot", 103, Transition.BACK_TO_BOT, S.QUEUED, S.BOT, actor="bruker")],
        "left_closed": [*handoff("left_closed", 200, "0312"),
                        change("left_closed", 220.1, Transition.CLOSE, S.QUEUED, S.CLOSED, actor="bruker",
                               reason="bruker_avsluttet")],
    }
    episodes = [e for cid, history in chats.items() for e in wait_episodes(cid, history)]
    figures = wait_figures(episodes, now - timedelta(hours=8), now)
    assert round(figures.median_wait_s or 0, 1) == 24.6
    assert (figures.waiting, figures.answered, figures.left) == (2, 1, 2)
    assert round(figures.oldest_wait_s or 0) == 354


def test_a_chat_back_in_the_queue_keeps_its_first_answered_wait() -> None:
    """0315: a wait of 297 s answered, the veileder went offline and it waits again (40 s so far): both waits count
    (the median went from 297 s to "40 s" when the first one vanished)."""
    history = [*handoff("c", 0, "0315"), change("c", 297, Transition.ASSIGN, S.QUEUED, S.ASSIGNED),
               change("c", 600, Transition.VEILEDER_OFFLINE, S.ASSIGNED, S.QUEUED)]
    episodes = wait_episodes("c", history)
    assert [(e.seconds(at(640)), e.ended_by, e.enhetsnummer) for e in episodes] == [
        (297.0, WaitEnd.ANSWERED, "0315"), (40.0, None, "0315")]
    assert episodes[1].began_by is WaitBegin.BACK
    assert wait_figures(episodes, at(0), at(640)).median_wait_s == (297 + 40) / 2


def test_each_office_is_credited_with_the_wait_in_its_own_queue() -> None:
    """B3 waited 177 s at 0312, veileder2 (0312) took it and transferred it to 0315 after 30 s, where it waited 90 s:
    0312 asked 1, took 1, waited 177 s; 0315 got it moved there, took it after 90 s (not 297.5 s, the time with
    veileder2 included)."""
    history = [*handoff("B3", 0, "0312"), change("B3", 177, Transition.ASSIGN, S.QUEUED, S.ASSIGNED),
               change("B3", 207, Transition.TRANSFER, S.ASSIGNED, S.QUEUED, from_enhetsnummer="0312",
                      to_enhetsnummer="0315"),
               change("B3", 297, Transition.ASSIGN, S.QUEUED, S.ASSIGNED)]
    episodes = wait_episodes("B3", history, enhetsnummer_now="0315")
    at_0312 = wait_figures([e for e in episodes if e.enhetsnummer == "0312"], at(0), at(400))
    at_0315 = wait_figures([e for e in episodes if e.enhetsnummer == "0315"], at(0), at(400))
    assert (at_0312.handed_off, at_0312.answered, at_0312.median_wait_s) == (1, 1, 177)
    assert (at_0315.handed_off, at_0315.came, at_0315.answered, at_0315.median_wait_s) == (0, 1, 1, 90)


def test_an_escalation_while_waiting_splits_the_wait_between_the_queues() -> None:
    """At closing time 0312's waiting chats moved to 4106: 4106 is credited with the wait in its queue only (it
    showed "Median 5 t 22 min" of waits nearly all at 0312)."""
    history = [*handoff("c", 0, "0312"),
               change("c", 5 * 3600, Transition.TRANSFER, S.QUEUED, S.QUEUED, from_enhetsnummer="0312",
                      to_enhetsnummer="4106"),
               change("c", 5 * 3600 + 120, Transition.ASSIGN, S.QUEUED, S.ASSIGNED)]
    episodes = wait_episodes("c", history)
    assert [(e.enhetsnummer, e.seconds(at(6 * 3600)), e.ended_by) for e in episodes] == [
        ("0312", 5 * 3600.0, WaitEnd.MOVED), ("4106", 120.0, WaitEnd.ANSWERED)]


def test_how_a_wait_ended_is_told_apart() -> None:
    closes = {"bruker": ("bruker", "bruker_avsluttet"), "expired": ("router", EXPIRED),
              "ikke_nav": ("veileder:7", "ikke_nav"), "tab": ("bruker", "fortsatt_i_tidligere_samtale")}
    ended = {cid: wait_episodes(cid, [*handoff(cid, 0, "0315"),
                                      change(cid, 10, Transition.CLOSE, S.QUEUED, S.CLOSED, actor=actor,
                                             reason=reason)])[0].ended_by
             for cid, (actor, reason) in closes.items()}
    assert ended == {"bruker": WaitEnd.LEFT, "expired": WaitEnd.EXPIRED, "ikke_nav": WaitEnd.CLOSED_BY_NAV,
                     "tab": WaitEnd.CLOSED_BY_NAV}


def test_a_wait_before_the_window_is_not_counted_in_it() -> None:
    """Tue 08:59: Monday's waits, answered on Monday, are not in the last 8 hours' figures (the page showed 10
    asked and 4 to a veileder, by the chats' creation)."""
    history = [*handoff("c", 0, "0315"), change("c", 60, Transition.ASSIGN, S.QUEUED, S.ASSIGNED)]
    tuesday = at(0) + timedelta(hours=23, minutes=29)
    figures = wait_figures(wait_episodes("c", history), tuesday - timedelta(hours=8), tuesday)
    assert (figures.handed_off, figures.answered, figures.median_wait_s) == (0, 0, None)


def test_the_peak_between_two_quarter_hours_is_seen() -> None:
    """Ten waited at once from 09:31:12 to 09:32:09; the 09:30 and 09:45 snapshots saw 0 and 2."""
    histories = [[*handoff(f"c{i}", 72 + i, "0315"), change(f"c{i}", 129 + i, Transition.ASSIGN, S.QUEUED,
                                                             S.ASSIGNED)] for i in range(8)]
    histories += [handoff(f"w{i}", 72 + i, "0315") for i in range(2)]
    episodes = [e for i, h in enumerate(histories) for e in wait_episodes(h[0].conversation_id, h)]
    [quarter] = periods(episodes, [e.began_at for e in episodes], [], at(0), at(900), timedelta(minutes=15))
    assert (quarter.peak_waiting, quarter.asked, quarter.to_veileder) == (10, 10, 8)
    assert quarter.median_wait_s == 57


def test_a_move_between_queues_is_one_bruker_waiting_at_that_moment() -> None:
    history = [*handoff("c", 0, "0312"),
               change("c", 60, Transition.TRANSFER, S.QUEUED, S.QUEUED, from_enhetsnummer="0312",
                      to_enhetsnummer="0315")]
    [quarter] = periods(wait_episodes("c", history), [], [], at(0), at(900), timedelta(minutes=15))
    assert quarter.peak_waiting == 1
