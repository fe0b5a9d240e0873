"""The routing the handoff service calls: enhet for a conversation, SLA deadline and opening hours."""

from __future__ import annotations

from datetime import datetime, timedelta

from router.config import Settings
from router.services.deps import RoutingDecision

DEFAULT_SLA_MINUTES = 30


class SingleQueueRouting:
    """One queue for everyone: used until the NORG2-style rules are loaded."""

    def __init__(self, enhetsnummer: str = "0000", navn: str = "NAV") -> None:
        self._enhetsnummer = enhetsnummer
        self._navn = navn

    def route(
        self, *, tema: str, kommune: str | None, diskresjonskode: str | None, skjermet: bool, now: datetime
    ) -> RoutingDecision:
        return RoutingDecision(
            enhetsnummer=self._enhetsnummer,
            navn=self._navn,
            reason="one queue",
            alternate_enhetsnummer=None,
            geografisk_tilknytning=None,
            sla_minutes=DEFAULT_SLA_MINUTES,
            sla_deadline=now + timedelta(minutes=DEFAULT_SLA_MINUTES),
            open_now=True,
            opens_at=None,
        )

    def enhet_navn(self, enhetsnummer: str) -> str:
        return self._navn if enhetsnummer == self._enhetsnummer else enhetsnummer


def build_routing_layer(settings: Settings) -> SingleQueueRouting:
    return SingleQueueRouting()
