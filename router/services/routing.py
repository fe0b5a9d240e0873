"""Which enhet serves this: the one use case behind the handoff, the routing API and the operator CLI.

The policy is pure (router/domain/routing_policy.py); the routing port holds the data it runs on (rules,
geografi, opening hours). A handoff is lenient (an unknown place goes to the general kontaktsenter queue with the
reason saying so); the API and the CLI are strict (a bad input is a 400 / an error line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from router.domain.access import Permission
from router.domain.conversation import Conversation, Placement
from router.domain.geografi import GtType
from router.domain.opening_hours import OSLO
from router.domain.places import Place
from router.domain.queue import Priority, sla_minutes_for
from router.domain.routing_policy import Resolution, RoutingQuery, decide
from router.ports.routing import RoutingDecision, RoutingPolicy

# The strongest permission first: it is the one a staff list shows.
_STRONGEST_FIRST = (Permission.STRENGT_FORTROLIG, Permission.FORTROLIG, Permission.SKJERMET)


def resolve(routing: RoutingPolicy, query: RoutingQuery, *, on: date) -> Resolution:
    """The ranked enheter for a place and tema, with the GT and the reason for each; BadRoutingInput when the
    input is malformed, unknown or contradictory."""
    return routing.resolve(query, on=on, strict=True)


@dataclass(frozen=True)
class KnownPlace:
    """A place that resolved: its GT and how the veileder reads it ("Grünerløkka, Oslo")."""

    gt: str
    description: str


def office_from_data(routing: RoutingPolicy, gt: str, *, on: date) -> str | None:
    """The local office the sources name for økonomisk sosialhjelp (KOM) at this GT; None where only a fallback
    (a kontaktsenter) would take it."""
    match = resolve(routing, RoutingQuery(tema="KOM", gt=gt), on=on).office_from_data
    return match.enhetsnummer if match else None


def place_from_facts(routing: RoutingPolicy, *, kommune: str | None = None, bydel: str | None = None,
                     postnummer: str | None = None, on: date) -> KnownPlace | None:
    """The most precise GT what the bot or the page learned gives; never raises.

    All facts together first; when they contradict each other (an old postnummer, a bydel in another kommune),
    the most precise one alone: postnummer, then bydel, then kommune (a name or number, or any of them as text).
    """
    tries = [RoutingQuery(kommune=kommune, bydel=bydel, postnummer=postnummer)]
    tries += [RoutingQuery(postnummer=postnummer)] if postnummer else []
    tries += [RoutingQuery(bydel=bydel)] if bydel else []
    tries += [RoutingQuery(place_text=kommune)] if kommune else []
    for query in tries:
        if not any((query.kommune, query.bydel, query.postnummer, query.place_text)):
            continue
        gt = routing.resolve(query, on=on, strict=False).gt
        if gt is not None:
            kommune_navn = routing.kommune_navn(gt.kommunenummer)
            description = f"{gt.navn}, {kommune_navn}" if gt.type is GtType.BYDEL else gt.navn
            return KnownPlace(gt.gt, description)
    return None


def place_from_text(routing: RoutingPolicy, text: str, *, in_passing: bool, on: date) -> KnownPlace | None:
    """A place the bruker wrote: the answer to the router's question, or in passing while waiting."""
    place: Place = routing.parse_place(text, in_passing=in_passing)
    if not place.found:
        return None
    return place_from_facts(routing, kommune=place.kommunenummer, bydel=place.bydelsnummer,
                            postnummer=place.postnummer, on=on)


def route_handoff(routing: RoutingPolicy, *, tema: str, place_text: str | None, diskresjonskode: str | None,
                  skjermet: bool, priority: Priority, now: datetime, gt: str | None = None) -> RoutingDecision:
    """Where a handoff goes now, with its SLA deadline; never raises (what is promised: services/waiting.py).

    ``gt`` is the place the router resolved (Conversation.learn_place); ``place_text`` what it could not resolve.
    """
    query = RoutingQuery(tema=tema, place_text=None if gt else place_text or "", gt=gt,
                         diskresjonskode=diskresjonskode, skjermet=skjermet)
    choice = decide(routing.resolve(query, on=now.astimezone(OSLO).date(), strict=False))
    placement = routing.placement_at(choice.enhetsnummer, tema=tema, priority=priority, now=now,
                                     reason=choice.reason, alternate_enhetsnummer=choice.alternate_enhetsnummer,
                                     geografisk_tilknytning=choice.geografisk_tilknytning)
    strongest = next((p for p in _STRONGEST_FIRST if p in choice.requires_permissions), None)
    return RoutingDecision(
        placement=placement,
        sla_minutes=sla_minutes_for(choice.temagruppe.value, priority),
        requires_permission=strongest.value if strongest else None,
    )


# A move to where the registers place a logged-in bruker (staff_labels.why_the_router_moved words it).
REGISTERED_PLACE = "innlogget: registrert tilknytning"
# History: the logged-in bruker's registers name another office than the one whose veileder kept the chat at her
# login (services/login.py); it goes there once that veileder leaves it (dispatch.set_presence).
REGISTERED_ELSEWHERE = "registered_elsewhere"


def conversation_elsewhere_by_register(routing: RoutingPolicy, conversation: Conversation,
                                       now: datetime) -> Placement | None:
    """Where the registers place a logged-in bruker's conversation, when that is not where it is now; None when
    nothing registered places it, or it is there."""
    if not conversation.gt_from_register:
        return None
    decision = route_conversation(routing, conversation, now=now)
    return decision.placement if decision.enhetsnummer != conversation.enhetsnummer else None


def route_conversation(routing: RoutingPolicy, conversation: Conversation, *, now: datetime, tema: str | None = None,
                       priority: Priority | None = None) -> RoutingDecision:
    """Where this conversation belongs now, from what it knows: its place (GT, else the text that did not
    resolve), its protection, and its tema and priority unless a handoff gives new ones."""
    return route_handoff(routing, tema=tema or conversation.tema or "KOM", place_text=conversation.kommune,
                         gt=conversation.geografisk_tilknytning, diskresjonskode=conversation.diskresjonskode,
                         skjermet=conversation.skjermet, priority=priority or Priority(conversation.priority), now=now)
