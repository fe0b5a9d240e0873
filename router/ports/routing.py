"""The routing port: the reference data (NORG2-style rules, enheter, opening hours) asked the routing questions.

The policy itself is pure (router/domain/routing.py: find_enheter, queue.sla_deadline, opening_hours); the
adapter (router/adapters/reference_data.py) holds the data it runs on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from router.domain.conversation import Placement
from router.domain.opening_hours import Promise
from router.domain.queue import Priority


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
    def route(self, *, tema: str, kommune: str | None, diskresjonskode: str | None, skjermet: bool,
              now: datetime, priority: Priority = Priority.NORMAL) -> RoutingDecision:
        """The enhet for a handoff: never raises on an unknown place (the reason says what happened)."""
        ...

    def placement_at(self, enhetsnummer: str, *, tema: str | None, priority: Priority, now: datetime) -> Placement:
        """A conversation moved to ``enhetsnummer`` now: that enhet's name, SLA deadline and alternate."""
        ...

    def kontaktsenter_for(self, enhetsnummer: str) -> str:
        """Where a breached conversation goes when its alternate enhet did not answer in time either."""
        ...

    def is_known_enhet(self, enhetsnummer: str) -> bool: ...

    def enhet_navn(self, enhetsnummer: str) -> str: ...
