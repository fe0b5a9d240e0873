"""Unit tests for router/domain/assignment.py: filters, selectors, and properties over sequences of picks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from router.domain.access import Permission
from router.domain.assignment import (
    Needs,
    Presence,
    VeilederId,
    VeilederLoad,
    pick_veileder,
    plan_assignments,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def v(vid: str, *, enhet="0315", presence=Presence.ONLINE, open_chats=0, capacity=3, languages=(), temaer=(),
      fortrolig=False, skjermet=False, idle_min: int | None = 5) -> VeilederLoad:
    return VeilederLoad(
        VeilederId(vid), enhet, presence, open_chats, capacity, frozenset(languages), frozenset(temaer),
        frozenset({Permission.FORTROLIG} if fortrolig else set()) | frozenset({Permission.SKJERMET} if skjermet else set()),
        None if idle_min is None else NOW - timedelta(minutes=idle_min),
    )


def test_own_veileder_first_if_online_and_under_capacity() -> None:
    team = [v("a", open_chats=0), v("own", open_chats=2)]
    assert pick_veileder(team, Needs("0315", own_veileder=VeilederId("own")), NOW) == "own"


def test_own_veileder_skipped_when_full_or_not_online() -> None:
    full = [v("a"), v("own", open_chats=3)]
    assert pick_veileder(full, Needs("0315", own_veileder=VeilederId("own")), NOW) == "a"
    away = [v("a"), v("own", presence=Presence.AWAY)]
    assert pick_veileder(away, Needs("0315", own_veileder=VeilederId("own")), NOW) == "a"


def test_only_online_receives_new_chats() -> None:
    team = [v(p.value, presence=p) for p in (Presence.BUSY, Presence.AWAY, Presence.OFFLINE)]
    assert pick_veileder(team, Needs("0315"), NOW) is None


def test_same_enhet_only() -> None:
    assert pick_veileder([v("x", enhet="0312")], Needs("0315"), NOW) is None


def test_skills_beat_load_language_before_tema() -> None:
    team = [v("idle", open_chats=0), v("tema", open_chats=1, temaer={"KOM"}),
            v("lang", open_chats=2, languages={"uk"})]
    assert pick_veileder(team, Needs("0315", language="uk", tema="KOM"), NOW) == "lang"
    assert pick_veileder(team, Needs("0315", tema="KOM"), NOW) == "tema"
    assert pick_veileder(team, Needs("0315", language="so"), NOW) == "idle"  # nobody speaks it: least loaded


def test_least_loaded_then_longest_idle() -> None:
    team = [v("busy", open_chats=2), v("recent", open_chats=1, idle_min=1), v("long", open_chats=1, idle_min=30)]
    assert pick_veileder(team, Needs("0315"), NOW) == "long"
    never = [v("recent", idle_min=1), v("never", idle_min=None)]
    assert pick_veileder(never, Needs("0315"), NOW) == "never"


def test_permissions_for_fortrolig_and_skjermet() -> None:
    team = [v("plain"), v("f", fortrolig=True, open_chats=2), v("fs", fortrolig=True, skjermet=True, open_chats=2)]
    assert pick_veileder(team, Needs("0315", requires_permissions=(Permission.FORTROLIG,)), NOW) in {"f", "fs"}
    both = (Permission.FORTROLIG, Permission.SKJERMET)
    assert pick_veileder(team, Needs("0315", requires_permissions=both), NOW) == "fs"
    assert pick_veileder([v("plain")], Needs("0315", requires_permissions=both), NOW) is None


def test_nobody_above_capacity_means_wait() -> None:
    assert pick_veileder([v("a", open_chats=3, capacity=3)], Needs("0315"), NOW) is None


def test_excluded_veileder_is_not_picked() -> None:
    assert pick_veileder([v("a")], Needs("0315", excluded=frozenset({VeilederId("a")})), NOW) is None


veileder_strategy = st.builds(
    v,
    vid=st.sampled_from([f"v{i}" for i in range(8)]),
    enhet=st.sampled_from(["0315", "0312"]),
    presence=st.sampled_from(list(Presence)),
    open_chats=st.integers(0, 4),
    capacity=st.integers(0, 4),
    languages=st.sets(st.sampled_from(["nb", "uk", "ar", "so"]), max_size=2),
    temaer=st.sets(st.sampled_from(["KOM", "DAG"]), max_size=2),
    fortrolig=st.booleans(),
    skjermet=st.booleans(),
    idle_min=st.one_of(st.none(), st.integers(0, 120)),
)
needs_strategy = st.builds(
    Needs,
    enhetsnummer=st.sampled_from(["0315", "0312"]),
    language=st.one_of(st.none(), st.sampled_from(["uk", "ar", "so"])),
    tema=st.one_of(st.none(), st.sampled_from(["KOM", "DAG"])),
    own_veileder=st.one_of(st.none(), st.sampled_from([VeilederId(f"v{i}") for i in range(8)])),
    requires_permissions=st.sampled_from([(), (Permission.FORTROLIG,), (Permission.SKJERMET,)]),
)


def _unique(team: list[VeilederLoad]) -> list[VeilederLoad]:
    return list({x.veileder_id: x for x in team}.values())


@given(team=st.lists(veileder_strategy, max_size=8).map(_unique), needs=needs_strategy)
def test_property_pick_respects_every_filter(team, needs) -> None:
    chosen = pick_veileder(team, needs, NOW)
    if chosen is None:
        return
    picked = next(x for x in team if x.veileder_id == chosen)
    assert picked.presence is Presence.ONLINE
    assert picked.open_chats < picked.capacity
    assert picked.enhetsnummer == needs.enhetsnummer
    if Permission.FORTROLIG in needs.requires_permissions:
        assert picked.may_see_fortrolig
    if Permission.SKJERMET in needs.requires_permissions:
        assert picked.may_see_skjermet


@settings(max_examples=150)
@given(
    team=st.lists(veileder_strategy, max_size=8).map(_unique),
    queue=st.lists(st.tuples(st.sampled_from([f"c{i}" for i in range(25)]), needs_strategy), max_size=40),
)
def test_property_sequence_of_picks_never_exceeds_capacity_nor_double_assigns(team, queue) -> None:
    plan = plan_assignments(queue, team, NOW)
    conversation_ids = [a.conversation_id for a in plan.assignments]
    assert len(conversation_ids) == len(set(conversation_ids)), "a conversation was assigned twice"
    before = {x.veileder_id: x for x in team}
    for after in plan.loads:
        gained = after.open_chats - before[after.veileder_id].open_chats
        assert gained == sum(1 for a in plan.assignments if a.veileder_id == after.veileder_id)
        if gained:
            assert after.open_chats <= after.capacity, "assigned above capacity"



def test_a_plan_stops_walking_the_queue_once_nobody_has_room() -> None:
    """Freeing one slot with a long queue: the first conversation of the enhet gets it, and the walk ends at the
    next one (the other 4,998 are never looked at)."""
    looked_at: list[str] = []

    def queue():  # type: ignore[no-untyped-def]
        for n in range(5000):
            looked_at.append(f"c{n}")
            yield f"c{n}", Needs(enhetsnummer="0315")

    full = [v(f"v{n}", open_chats=3) for n in range(50)]
    plan = plan_assignments(queue(), [*full, v("freed", open_chats=2), v("away", presence=Presence.OFFLINE)], NOW)
    assert [(a.conversation_id, a.veileder_id) for a in plan.assignments] == [("c0", "freed")]
    assert looked_at == ["c0", "c1"]
    assert {load.veileder_id: load.open_chats for load in plan.loads}["freed"] == 3
