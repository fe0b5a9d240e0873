"""Which enhet serves this: the one use case behind the handoff, the routing API and the operator CLI.

The policy is pure (router/domain/routing_policy.py); the routing port holds the data it runs on (rules,
geografi, opening hours). A handoff is lenient (an unknown place goes to the general kontaktsenter queue with the
reason saying so); the API and the CLI are strict (a bad input is a 400 / an error line).
"""

from __future__ import annotations

from datetime import date, datetime

from router.domain.access import Permission
from router.domain.opening_hours import OSLO
from router.domain.queue import Priority, sla_minutes_for
from router.domain.routing_policy import Resolution, RoutingQuery, decide
from router.ports.routing import RoutingDecision, RoutingPolicy

# The strongest permission first: it is the one a staff list shows.
_STRONGEST_FIRST = (Permission.STRENGT_FORTROLIG, Permission.FORTROLIG, Permission.SKJERMET)


def resolve(routing: RoutingPolicy, query: RoutingQuery, *, on: date) -> Resolution:
    """The ranked enheter for a place and tema, with the GT and the reason for each; BadRoutingInput when the
    input is malformed, unknown or contradictory."""
    return routing.resolve(query, on=on, strict=True)


def route_handoff(routing: RoutingPolicy, *, tema: str, place_text: str | None, diskresjonskode: str | None,
                  skjermet: bool, priority: Priority, now: datetime) -> RoutingDecision:
    """Where a handoff goes now, with its SLA deadline and what may honestly be promised; never raises."""
    query = RoutingQuery(tema=tema, place_text=place_text or "", diskresjonskode=diskresjonskode, skjermet=skjermet)
    choice = decide(routing.resolve(query, on=now.astimezone(OSLO).date(), strict=False))
    placement = routing.placement_at(choice.enhetsnummer, tema=tema, priority=priority, now=now,
                                     reason=choice.reason, alternate_enhetsnummer=choice.alternate_enhetsnummer,
                                     geografisk_tilknytning=choice.geografisk_tilknytning)
    strongest = next((p for p in _STRONGEST_FIRST if p in choice.requires_permissions), None)
    return RoutingDecision(
        placement=placement,
        sla_minutes=sla_minutes_for(choice.temagruppe.value, priority),
        promise=routing.promise_at(choice.enhetsnummer, now, is_acute=priority is Priority.EMERGENCY),
        requires_permission=strongest.value if strongest else None,
    )
