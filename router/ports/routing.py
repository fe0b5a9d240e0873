"""The routing port: the reference data (NORG2-style rules, geografi, enheter, opening hours) behind the policy.

The policy is pure (router/domain/routing_policy.py) and the use case is router/services/routing.py; the adapter
(router/adapters/reference_data.py) holds the data they run on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from router.domain.conversation import Placement
from router.domain.opening_hours import Promise
from router.domain.queue import Priority
from router.domain.routing_policy import Resolution, RoutingQuery


@dataclass(frozen=True)
class RoutingDecision:
    """Where a handoff goes, and what the bruker may honestly be told about when a human answers."""

    placement: Placement
    sla_minutes: int
    promise: Promise  # what may honestly be said about when a human answers (opening_hours.promise)
    requires_permission: str | None = None

    @property
    def open_now(self) -> bool:
        return self.promise.is_open

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

    def promise_at(self, enhetsnummer: str, now: datetime, *, is_acute: bool) -> Promise:
        """What may honestly be said about when a human at the enhet answers (opening_hours.promise)."""
        ...

    def kontaktsenter_for(self, enhetsnummer: str) -> str:
        """Where a breached conversation goes when its alternate enhet did not answer in time either."""
        ...

    def is_known_enhet(self, enhetsnummer: str) -> bool: ...

    def enhet_navn(self, enhetsnummer: str) -> str: ...
