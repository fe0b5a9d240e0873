"""Veileder filters and selectors: own veileder, skills, least loaded, longest idle.

A Chatwoot-style pipeline of small functions of one shape: candidates → filters (online, same enhet, may see
fortrolig/skjermet, has capacity) → selectors (own veileder, skills, least loaded, longest idle). Pure: the
service loads the counts (`VeilederLoad`), the domain picks; the atomic claim (SKIP LOCKED) stays in the adapter.
Capacity counts open chats only (DESIGN); nobody is ever assigned above capacity: the conversation waits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import NewType

from router.domain.access import Permission

VeilederId = NewType("VeilederId", str)


class Presence(StrEnum):
    ONLINE = "online"  # the only state that receives new chats
    BUSY = "busy"
    AWAY = "away"
    OFFLINE = "offline"


@dataclass(frozen=True)
class VeilederLoad:
    veileder_id: VeilederId
    enhetsnummer: str
    presence: Presence
    open_chats: int
    capacity: int
    languages: frozenset[str] = frozenset()
    temaer: frozenset[str] = frozenset()  # tema or temagruppe codes the veileder handles well
    permissions: frozenset[Permission] = frozenset()
    # when the veileder last got or finished a chat; None = never (idle longest)
    idle_since: datetime | None = None

    @property
    def may_see_fortrolig(self) -> bool:
        return Permission.FORTROLIG in self.permissions

    @property
    def may_see_skjermet(self) -> bool:
        return Permission.SKJERMET in self.permissions

    @property
    def is_online(self) -> bool:
        return self.presence is Presence.ONLINE

    @property
    def has_capacity(self) -> bool:
        return self.open_chats < self.capacity


@dataclass(frozen=True)
class Needs:
    enhetsnummer: str
    language: str | None = None  # the conversation language, when a speaker of it would help
    tema: str | None = None
    temagruppe: str | None = None
    own_veileder: VeilederId | None = None
    # from access.required_permissions: the same rule staff views use (kode 6, kode 7, skjermet)
    requires_permissions: frozenset[Permission] = frozenset()
    excluded: frozenset[VeilederId] = frozenset()  # e.g. the veileder who just transferred it away


Filter = Callable[[VeilederLoad, Needs], bool]


def is_available(v: VeilederLoad, needs: Needs) -> bool:
    return v.is_online and v.veileder_id not in needs.excluded


def is_in_enhet(v: VeilederLoad, needs: Needs) -> bool:
    return v.enhetsnummer == needs.enhetsnummer


def may_see(v: VeilederLoad, needs: Needs) -> bool:
    # DESIGN: kode 6, kode 7 and skjermet conversations go only to staff with that permission
    return frozenset(needs.requires_permissions) <= v.permissions


def has_room(v: VeilederLoad, needs: Needs) -> bool:
    del needs
    return v.has_capacity


# Cheapest and most selective first: most candidates belong to another enhet.
FILTERS: tuple[Filter, ...] = (is_in_enhet, is_available, has_room, may_see)


def eligible(candidates: Iterable[VeilederLoad], needs: Needs, filters: Sequence[Filter] = FILTERS) -> list[VeilederLoad]:
    """Narrow the candidates one filter at a time (as Chatwoot narrows its agent list step by step)."""
    pool = list(candidates)
    for keep in filters:
        pool = [v for v in pool if keep(v, needs)]
    return pool


def skill_score(v: VeilederLoad, needs: Needs) -> tuple[int, int]:
    """(speaks the language, knows the tema): language first, since a shared language avoids machine translation."""
    speaks = int(bool(needs.language) and needs.language in v.languages)
    knows = int(any(t and t in v.temaer for t in (needs.tema, needs.temagruppe)))
    return speaks, knows


def select_own_veileder(pool: Sequence[VeilederLoad], needs: Needs) -> VeilederLoad | None:
    # DESIGN: continuity first, if the own veileder is online and under capacity (already ensured by the filters)
    if needs.own_veileder is None:
        return None
    return next((v for v in pool if v.veileder_id == needs.own_veileder), None)


def select_skilled(pool: Sequence[VeilederLoad], needs: Needs) -> list[VeilederLoad]:
    """The veiledere with the best skill match; the whole pool when nobody matches (skills are a preference)."""
    if not pool:
        return []
    best = max(skill_score(v, needs) for v in pool)
    return [v for v in pool if skill_score(v, needs) == best]


def select_least_loaded(pool: Sequence[VeilederLoad]) -> VeilederLoad | None:
    """Fewest open chats; ties by longest idle (never-idle-stamped first); then id for a stable result."""
    if not pool:
        return None
    return min(pool, key=lambda v: (v.open_chats, v.idle_since is not None, v.idle_since or datetime.min,
                                    v.veileder_id))


def pick_veileder(candidates: Sequence[VeilederLoad], needs: Needs, now: datetime) -> VeilederId | None:
    """The veileder who should get the conversation now, or None (it waits in the queue)."""
    del now  # the loads carry idle_since; kept in the signature so policies may use time without a change
    pool = eligible(candidates, needs)
    chosen = select_own_veileder(pool, needs) or select_least_loaded(select_skilled(pool, needs))
    return chosen.veileder_id if chosen else None


@dataclass(frozen=True)
class Assignment:
    conversation_id: str
    veileder_id: VeilederId


@dataclass(frozen=True)
class AssignmentPlan:
    assignments: tuple[Assignment, ...]
    loads: tuple[VeilederLoad, ...] = field(default=())


def plan_assignments(
    ordered: Iterable[tuple[str, Needs]],
    veiledere: Sequence[VeilederLoad],
    now: datetime,
) -> AssignmentPlan:
    """Walk a queue (already ordered, best first) and pick for each conversation, updating loads as we go.

    Each conversation id is assigned at most once; a veileder's open chats grow with every pick, so capacity
    holds across the whole batch. The service still claims each row atomically before it commits.
    """
    loads = {v.veileder_id: v for v in veiledere}
    # Only an enhet's own veiledere can take its conversations, and only those online with room: one list per
    # enhet of those, each leaving it when full, so freeing one slot in a big queue is one short walk.
    teams: dict[str, list[VeilederLoad]] = {}
    for v in veiledere:
        if v.is_online and v.has_capacity:
            teams.setdefault(v.enhetsnummer, []).append(v)
    with_room = sum(len(team) for team in teams.values())
    done: set[str] = set()
    assignments: list[Assignment] = []
    for conversation_id, needs in ordered:
        if with_room == 0:
            break  # nobody anywhere has room: the rest of the queue waits
        if conversation_id in done:
            continue
        team = teams.get(needs.enhetsnummer)
        if not team:
            continue
        chosen = pick_veileder(team, needs, now)
        if chosen is None:
            continue
        index = next(i for i, v in enumerate(team) if v.veileder_id == chosen)
        picked = replace(team[index], open_chats=team[index].open_chats + 1, idle_since=now)
        loads[chosen] = picked
        if picked.has_capacity:
            team[index] = picked
        else:
            del team[index]
            with_room -= 1
        done.add(conversation_id)
        assignments.append(Assignment(conversation_id, chosen))
    return AssignmentPlan(tuple(assignments), tuple(loads[v.veileder_id] for v in veiledere))


def own_veileder_passed_over(needs: Needs, taker: VeilederId, own: VeilederLoad | None) -> bool:
    """Whether the bruker is told that her own veileder cannot take the chat now, as ``taker`` does (probe: Ola
    asked for Aisha by name and read only "Kari fra NAV har tatt over samtalen"). She has one (needs.own_veileder:
    the follow-up register's, else who last had her chat), it is not the taker, and it is one who could have had
    the chat (of its enhet, with the permissions it needs: for a kode 6 chat at 2103 an own veileder at the local
    office is never a candidate, and a word about her would speak of a tie the routing leaves aside) and is not
    online with room now. A colleague who takes it by hand while she is free says nothing untrue by saying nothing.
    The notice names nobody."""
    if needs.own_veileder is None or needs.own_veileder == taker or own is None or own.veileder_id != needs.own_veileder:
        return False
    return is_in_enhet(own, needs) and may_see(own, needs) and not (own.is_online and own.has_capacity)
