"""Unit tests for router/domain/queue.py: FIFO, nødhjelp, bounded ageing, SLA within opening hours, breaches."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from router.domain.opening_hours import OSLO, OpeningHours
from router.domain.queue import (
    EMERGENCY_HEAD_START,
    BreachAction,
    Priority,
    QueueEntry,
    decide_breach,
    decide_unattended_emergency,
    is_breached,
    order_queue,
    priority_score,
    sla_deadline,
)

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)
HOURS = OpeningHours.default()


def entry(cid: str, minutes: float, priority=Priority.NORMAL, **kw) -> QueueEntry:
    return QueueEntry(cid, T0 + timedelta(minutes=minutes), priority, **kw)


def test_emergency_first_fifo_within_priority() -> None:
    q = [entry("n1", 0), entry("n2", 1), entry("e1", 2, Priority.EMERGENCY), entry("e2", 3, Priority.EMERGENCY)]
    now = T0 + timedelta(minutes=4)
    assert [e.conversation_id for e in order_queue(q, now)] == ["e1", "e2", "n1", "n2"]


def test_normal_entry_overtakes_emergencies_that_came_much_later() -> None:
    bound = EMERGENCY_HEAD_START.total_seconds() / 60
    q = [entry("old", 0), entry("e_soon", bound - 1, Priority.EMERGENCY), entry("e_late", bound + 1, Priority.EMERGENCY)]
    order = [e.conversation_id for e in order_queue(q, T0 + timedelta(hours=1))]
    assert order == ["e_soon", "old", "e_late"]


def test_score_grows_with_waiting() -> None:
    e = entry("a", 0)
    assert priority_score(e, T0 + timedelta(minutes=10)) > priority_score(e, T0 + timedelta(minutes=5))


entries = st.lists(
    st.builds(entry, cid=st.uuids().map(str), minutes=st.integers(0, 600), priority=st.sampled_from(list(Priority))),
    max_size=30,
)


@given(entries)
def test_property_fifo_within_priority(q) -> None:
    ordered = order_queue(q, T0 + timedelta(hours=12))
    for priority in Priority:
        times = [e.queued_at for e in ordered if e.priority is priority]
        assert times == sorted(times)


@given(entries, st.integers(0, 600))
def test_property_ageing_bounds_who_can_be_ahead(q, minutes) -> None:
    # A normal entry is never behind an emergency that arrived more than EMERGENCY_HEAD_START after it, so once it
    # has waited that long the set ahead of it can only shrink: no starvation.
    target = entry("target", minutes)
    ordered = order_queue([*q, target], T0 + timedelta(hours=12))
    ahead = ordered[: ordered.index(target)]
    for e in ahead:
        assert e.queued_at <= target.queued_at + (EMERGENCY_HEAD_START if e.priority is Priority.EMERGENCY
                                                  else timedelta(0))


@given(entries)
def test_property_order_does_not_depend_on_now(q) -> None:
    assert order_queue(q, T0) == order_queue(q, T0 + timedelta(days=3))


def test_quiet_user_is_not_pushed_back_by_activity() -> None:
    # Nothing about messages or activity exists in the entry; an active user re-queued keeps the old queued_at.
    quiet, active = entry("quiet", 0), entry("active", 1)
    assert [e.conversation_id for e in order_queue([active, quiet], T0)] == ["quiet", "active"]


def test_sla_counts_only_opening_hours() -> None:
    # 14:45 monday + 30 min: 15 today, 15 tomorrow from 09:00
    assert sla_deadline(T0.replace(hour=14, minute=45), 30, HOURS) == T0.replace(day=24, hour=9, minute=15)
    # queued saturday: the clock starts monday 09:00
    assert sla_deadline(datetime(2026, 11, 21, 12, tzinfo=OSLO), 60, HOURS) == T0.replace(hour=10)
    # aware UTC input is fine
    assert sla_deadline(datetime(2026, 11, 23, 8, 0, tzinfo=UTC), 10, HOURS) == T0.replace(hour=9, minute=10)


def test_breach_escalates_alternate_then_kontaktsenter_then_alert_only() -> None:
    e = entry("c", 0, enhetsnummer="0315")
    deadline = T0 + timedelta(minutes=30)
    assert not is_breached(deadline, T0 + timedelta(minutes=29))
    ok = decide_breach(e, T0 + timedelta(minutes=29), deadline, alternate_enhetsnummer="4106",
                       kontaktsenter_enhetsnummer="NKS-OVRG")
    assert ok.action is BreachAction.NONE and not ok.alert_supervisor
    first = decide_breach(e, deadline, deadline, alternate_enhetsnummer="4106", kontaktsenter_enhetsnummer="NKS-OVRG")
    assert (first.action, first.target_enhetsnummer, first.alert_supervisor) == (
        BreachAction.MOVE_TO_ALTERNATE, "4106", True)
    moved = replace(e, enhetsnummer="4106", escalation_level=first.escalation_level)  # as Conversation.escalate does
    assert moved.enhetsnummer == "4106" and moved.queued_at == e.queued_at
    second = decide_breach(moved, deadline, deadline, alternate_enhetsnummer="4106",
                           kontaktsenter_enhetsnummer="NKS-OVRG")
    assert second.action is BreachAction.MOVE_TO_KONTAKTSENTER and second.target_enhetsnummer == "NKS-OVRG"
    third = decide_breach(replace(moved, enhetsnummer="NKS-OVRG", escalation_level=second.escalation_level), deadline, deadline, alternate_enhetsnummer="4106",
                          kontaktsenter_enhetsnummer="NKS-OVRG")
    assert third.action is BreachAction.ALERT_ONLY and third.alert_supervisor


def test_breach_skips_missing_alternate() -> None:
    e = entry("c", 0, enhetsnummer="0315")
    d = decide_breach(e, T0, T0, alternate_enhetsnummer=None, kontaktsenter_enhetsnummer="4106")
    assert d.action is BreachAction.MOVE_TO_KONTAKTSENTER and d.escalation_level == 2


def test_brukere_who_have_gone_wait_behind_those_who_are_there_each_in_queue_order() -> None:
    """Probe 71: dead chats took the places of live nødhjelp brukere. A bruker who comes back is in their old place."""
    q = [entry("dead_e", 0, Priority.EMERGENCY), entry("dead_n", 1), entry("live_n", 2),
         entry("live_e", 3, Priority.EMERGENCY)]
    now = T0 + timedelta(minutes=5)
    assert [e.conversation_id for e in order_queue(q, now, gone={"dead_e", "dead_n"})] == [
        "live_e", "live_n", "dead_e", "dead_n"]
    assert [e.conversation_id for e in order_queue(q, now, gone={"dead_n"})] == [
        "dead_e", "live_e", "live_n", "dead_n"], "dead_e came back: first again"


@given(entries, st.sets(st.integers(0, 29)))
def test_property_gone_ones_keep_their_order_among_themselves_and_the_live_ones_too(q, picked) -> None:
    gone = {e.conversation_id for i, e in enumerate(q) if i in picked}
    ordered = order_queue(q, T0, gone=gone)
    plain = order_queue(q, T0)
    assert [e for e in ordered if e.conversation_id not in gone] == [e for e in plain if e.conversation_id not in gone]
    assert [e for e in ordered if e.conversation_id in gone] == [e for e in plain if e.conversation_id in gone]
    behind = [e.conversation_id in gone for e in ordered]
    assert behind == sorted(behind), "every live bruker before every gone one"


def test_a_breach_skips_a_step_to_an_enhet_with_nobody_on_duty_and_tries_it_again_later() -> None:
    e = QueueEntry("c1", Priority.NORMAL, T0, "0220", escalation_level=0)
    deadline = T0 + timedelta(minutes=30)
    to_kontaktsenter = decide_breach(e, deadline, deadline, alternate_enhetsnummer="4106",
                                     kontaktsenter_enhetsnummer="NKS-OVRG", on_duty={"NKS-OVRG"})
    assert (to_kontaktsenter.action, to_kontaktsenter.target_enhetsnummer) == (
        BreachAction.MOVE_TO_KONTAKTSENTER, "NKS-OVRG")
    nobody = decide_breach(e, deadline, deadline, alternate_enhetsnummer="4106",
                           kontaktsenter_enhetsnummer="NKS-OVRG", on_duty=set())
    assert (nobody.action, nobody.escalation_level, nobody.alert_supervisor) == (BreachAction.ALERT_ONLY, 0, True)
    assert "4106, NKS-OVRG" in nobody.reason
    unknown = decide_breach(e, deadline, deadline, alternate_enhetsnummer="4106",
                            kontaktsenter_enhetsnummer="NKS-OVRG")
    assert unknown.target_enhetsnummer == "4106", "without on_duty every step counts, as before"


def test_an_emergency_nobody_at_its_enhet_may_take_moves_at_once_to_the_first_step_where_someone_may() -> None:
    """Gamle Oslo has no chat veileder online: acute need does not wait out its ten minutes for nobody. Its
    alternate 4106 has no chat staff either, so the kontaktsenter's queue, where someone is on duty."""
    e = entry("c", 0, Priority.EMERGENCY, enhetsnummer="0316")
    steps = {"alternate_enhetsnummer": "4106", "kontaktsenter_enhetsnummer": "NKS-OVRG"}
    to_kontaktsenter = decide_unattended_emergency(e, **steps, on_duty={"NKS-OVRG"})
    assert (to_kontaktsenter.action, to_kontaktsenter.target_enhetsnummer, to_kontaktsenter.escalation_level) == (
        BreachAction.MOVE_TO_KONTAKTSENTER, "NKS-OVRG", 2)
    assert not to_kontaktsenter.alert_supervisor, "not a breach: nobody is alerted"
    assert "nobody on duty at 0316" in to_kontaktsenter.reason
    to_alternate = decide_unattended_emergency(e, **steps, on_duty={"4106", "NKS-OVRG"})
    assert (to_alternate.action, to_alternate.target_enhetsnummer) == (BreachAction.MOVE_TO_ALTERNATE, "4106")
    assert decide_unattended_emergency(e, **steps, on_duty=set()).action is BreachAction.NONE, \
        "nobody anywhere: it waits, and its deadline alerts a supervisor as ever"
    normal = decide_unattended_emergency(replace(e, priority=Priority.NORMAL), **steps, on_duty={"NKS-OVRG"})
    assert normal.action is BreachAction.NONE, "an ordinary question waits for its own office"
    at_the_top = decide_unattended_emergency(replace(e, enhetsnummer="NKS-OVRG", escalation_level=2), **steps,
                                             on_duty={"4106", "NKS-OVRG"})
    assert at_the_top.action is BreachAction.NONE, "never back down the ladder"
