"""The routing policy as one pure function: a place, a tema and the person's protection → the enhet that serves them.

``resolve`` turns what is known (kommune, postnummer, bydel, GT, or the free text the bot learned) into a
geografisk tilknytning and the ranked enheter of the rule table (routing.find_enheter); ``decide`` picks the one a
handoff goes to, with the alternate its own rule names and NAV's general kontaktsenter queue when no rule
matches. The routing API, the operator CLI and the handoff all come here, so they agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from router.domain.access import Permission, required_permissions
from router.domain.geografi import Geografi, GeografiError, GeografiskTilknytning, resolve_gt
from router.domain.routing import (
    KOMMUNALE_TEMAGRUPPER,
    Diskresjonskode,
    RoutingMatch,
    Rule,
    Temagruppe,
    UnknownTema,
    find_enheter,
    parse_tema,
)

# Where a handoff goes when no rule matches (an unknown or ambiguous place, an unknown tema).
GENERAL_QUEUE = "NKS-OVRG"


class BadRoutingInput(ValueError):
    """When routing parameters are malformed, unknown or contradictory (the API answers 400)."""


@dataclass(frozen=True)
class RoutingQuery:
    """What is known about the bruker and the question. Any place field may be None."""

    tema: str | None = None
    kommune: str | None = None
    postnummer: str | None = None
    bydel: str | None = None
    gt: str | None = None
    # whatever the bot or the page learned: a kommune name or number, a bydel, or a postnummer
    place_text: str | None = None
    diskresjonskode: str | None = None
    skjermet: bool | str | None = None


@dataclass(frozen=True)
class Resolution:
    gt: GeografiskTilknytning | None
    matches: tuple[RoutingMatch, ...]
    temagruppe: Temagruppe
    diskresjonskode: Diskresjonskode
    skjermet: bool
    place_problem: str = ""

    @property
    def primary(self) -> RoutingMatch | None:
        """The best primary enhet (never an alternate), or None when no rule matched."""
        return next((m for m in self.matches if not m.is_alternate), None)

    @property
    def office_from_data(self) -> RoutingMatch | None:
        """The best primary that the sources name (not a flagged fallback)."""
        return next((m for m in self.matches if not m.is_alternate and not m.fallback), None)


@dataclass(frozen=True)
class EnhetChoice:
    enhetsnummer: str
    alternate_enhetsnummer: str | None
    reason: str
    requires_permissions: frozenset[Permission]
    geografisk_tilknytning: str | None
    temagruppe: Temagruppe


def parse_diskresjonskode(value: str | None) -> Diskresjonskode:
    text = (value or "").strip().upper()
    aliases = {"": "ANY", "6": "SPSF", "KODE6": "SPSF", "7": "SPFO", "KODE7": "SPFO", "UGRADERT": "ANY"}
    text = aliases.get(text.replace(" ", ""), text)
    if text not in Diskresjonskode.__members__:
        raise BadRoutingInput(f"unknown diskresjonskode {value!r}; use SPSF, SPFO or ANY")
    return Diskresjonskode(text)


def parse_skjermet(value: bool | str | None) -> bool:
    if isinstance(value, bool):
        return value
    text = (value or "").strip().lower()
    if text in ("", "false", "0", "nei", "no"):
        return False
    if text in ("true", "1", "ja", "yes"):
        return True
    raise BadRoutingInput(f"skjermet must be true or false, not {value!r}")


def place_from_text(geografi: Geografi, text: str | None) -> tuple[GeografiskTilknytning | None, str]:
    """The GT for free text the bot learned, trying kommune, then postnummer (digits), then bydel; never raises."""
    if not text or not text.strip():
        return None, "no place known"
    value = text.strip()
    kinds = ("kommune", "postnummer", "bydel") if value.isdigit() else ("kommune", "bydel")
    problems: list[str] = []
    for kind in kinds:
        try:
            return resolve_gt(geografi, **{kind: value}), ""
        except GeografiError as error:
            problems.append(str(error))
    return None, "; ".join(problems)


def resolve(rules: tuple[Rule, ...] | list[Rule], geografi: Geografi, query: RoutingQuery, *, on: object,
            strict: bool) -> Resolution:
    """Place + tema + protection → GT and the ranked enheter.

    ``strict`` (the API and the CLI): a malformed or unknown input raises BadRoutingInput, and kommunale tjenester
    need a place. Lenient (a handoff): nothing raises; an unknown tema counts as øvrig, a bad code as none, and
    the place problem is kept in the resolution's reason.
    """
    try:
        tema_code, temagruppe = parse_tema(query.tema or None)
    except UnknownTema as error:
        if strict:
            raise BadRoutingInput(str(error)) from None
        tema_code, temagruppe = None, Temagruppe.OVRG
    try:
        kode = parse_diskresjonskode(query.diskresjonskode)
        skjermet = parse_skjermet(query.skjermet)
    except BadRoutingInput:
        if strict:
            raise
        kode, skjermet = Diskresjonskode.ANY, bool(query.skjermet is True)
    problem = ""
    if query.place_text is not None and not any((query.kommune, query.postnummer, query.bydel, query.gt)):
        place, problem = place_from_text(geografi, query.place_text)
    else:
        try:
            place = resolve_gt(geografi, kommune=query.kommune or None, postnummer=query.postnummer or None,
                               bydel=query.bydel or None, gt=query.gt or None)
        except GeografiError as error:
            if strict:
                raise BadRoutingInput(str(error)) from error
            place, problem = None, str(error)
    if kode is Diskresjonskode.SPSF:
        place = None  # kode 6: keep no trace of where the person lives; 2103 serves the whole country
    elif strict and place is None and temagruppe in KOMMUNALE_TEMAGRUPPER:
        raise BadRoutingInput("kommunale tjenester (KOM) need a place: kommune, postnummer, bydel or gt")
    matches = find_enheter(rules, place.gt if place else None, tema_code,
                           diskresjonskode=kode, skjermet=skjermet, on=on, temagruppe=temagruppe)  # type: ignore[arg-type]
    return Resolution(place, tuple(matches), temagruppe, kode, skjermet, problem)


def decide(resolution: Resolution) -> EnhetChoice:
    """The enhet a handoff goes to: the best primary with its own rule's alternate, else the general queue."""
    protection = required_permissions(
        None if resolution.diskresjonskode is Diskresjonskode.ANY else resolution.diskresjonskode.value,
        resolution.skjermet)
    gt = resolution.gt.gt if resolution.gt else None
    first = resolution.primary
    if first is None:
        reason = f"no rule matched ({resolution.place_problem or 'no place'}); NAV's general kontaktsenter queue"
        return EnhetChoice(GENERAL_QUEUE, None, reason, protection, gt, resolution.temagruppe)
    alternate = next((m.enhetsnummer for m in resolution.matches if m.is_alternate and m.rule is first.rule), None)
    reason = f"{resolution.gt.reason}; {first.reason}" if resolution.gt else first.reason
    return EnhetChoice(first.enhetsnummer, alternate, reason, protection, gt, resolution.temagruppe)
