"""The routing port: the reference data (NORG2-style rules, geografi, enheter, opening hours) behind the policy.

The policy is pure (router/domain/routing_policy.py) and the use case is router/services/routing.py; the adapter
(router/adapters/reference_data.py) holds the data they run on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from router.domain.conversation import Placement
from router.domain.opening_hours import OpeningHours
from router.domain.places import Place
from router.domain.queue import Priority
from router.domain.routing_policy import Resolution, RoutingQuery


@dataclass(frozen=True)
class RoutingDecision:
    """Where a handoff goes: the placement, its SLA and the permission a veileder needs."""

    placement: Placement
    sla_minutes: int
    requires_permission: str | None = None

    @property
    def enhetsnummer(self) -> str:
        return self.placement.enhetsnummer

    @property
    def navn(self) -> str:
        return self.placement.navn


class RoutingPolicy(Protocol):
    def resolve(self, query: RoutingQuery, *, on: date, strict: bool) -> Resolution:
        """routing_policy.resolve over the port's rules and geografi."""
        ...

    def placement_at(self, enhetsnummer: str, *, tema: str | None, priority: Priority, now: datetime,
                     reason: str = "", alternate_enhetsnummer: str | None = None,
                     geografisk_tilknytning: str | None = None) -> Placement:
        """A conversation placed at ``enhetsnummer`` now: its name and SLA deadline there, and an alternate (the
        one given, else the one the enhet's own rules name)."""
        ...

    def kontaktsenter_for(self, enhetsnummer: str) -> str:
        """Where a breached conversation goes when its alternate enhet did not answer in time either."""
        ...

    def is_known_enhet(self, enhetsnummer: str) -> bool: ...

    def staffed_from(self, enhetsnummer: str) -> str | None:
        """The enhet whose staff answer this queue when it has none of its own (the kontaktsenter's queues, part of
        4100: column del_av), else None."""
        ...

    def queues_answered_by(self, enhetsnummer: str) -> tuple[str, ...]:
        """The queues the staff of ``enhetsnummer`` answer: its own, then those staffed from it."""
        ...

    def served_per_bydel(self, geografisk_tilknytning: str) -> bool:
        """Whether the GT is a kommune NAV serves per bydel (Oslo, Bergen, Trondheim, Stavanger): the kommune alone
        does not tell the office."""
        ...

    def kommune_navn(self, kommunenummer: str) -> str: ...

    def bydel_names(self, kommunenummer: str) -> tuple[str, ...]:
        """The names of the kommune's bydeler, in their number's order ("Uoppgitt" left out); none for most."""
        ...

    def opening_hours(self, enhetsnummer: str) -> OpeningHours:
        """The hours a veileder may answer this enhet's queue: the chat's staffed hours (tjenestens bemanningstid,
        Settings.chat_hours; the same for every queue), with the NAV-wide days closed or short (julaften,
        nyttårsaften: reference/nav_dager.csv). Never an office's visiting hours, which no source has."""
        ...

    def nav_phone_hours(self) -> OpeningHours:
        """NAV's phone (55 55 33 33): weekdays 09–15 and the NAV-wide days closed or short (julaften)."""
        ...

    def parse_place(self, text: str, *, in_passing: bool) -> Place:
        """The place in a bruker's text (router/domain/places.py); ``in_passing``: only with a place cue."""
        ...

    def abroad_in_answer(self, text: str) -> str | None:
        """Where outside Norway an answer to the place question says the bruker is ("Spania", "utlandet"), or
        None (router/domain/places.py abroad_in_answer)."""
        ...

    def enhet_navn(self, enhetsnummer: str) -> str: ...

    def kontaktsenter_has_innsyn(self, enhetsnummer: str) -> bool | None:
        """Whether the office (its kommune) lets the kontaktsenter see Digisos cases (``digisos.innsyn_nks``);
        None when the reference data does not say."""
        ...
