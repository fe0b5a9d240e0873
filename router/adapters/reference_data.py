"""Load the reference tables in reference/*.csv into frozen domain objects, once.

The files are operator-editable CSV (UTF-8, header row); see reference/README.md for columns and provenance.
A malformed file raises `ReferenceDataError` naming the file and line, so an operator edit fails loudly at start.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from router.domain.conversation import Placement
from router.domain.geografi import (
    Bydel,
    Geografi,
    GeografiError,
    GeografiskTilknytning,
    Kommune,
    Poststed,
    UnknownPlace,
    resolve_gt,
)
from router.domain.opening_hours import OSLO, WEEKDAY_KEYS, OpeningHours, promise
from router.domain.queue import Priority, sla_deadline, sla_minutes_for
from router.domain.routing import (
    KOMMUNALE_TEMAGRUPPER,
    WILDCARD,
    Digisos,
    Diskresjonskode,
    Enhet,
    EnhetType,
    Permission,
    RoutingMatch,
    Rule,
    Temagruppe,
    UnknownTema,
    find_enheter,
    parse_tema,
    temagruppe_of,
)
from router.texts import NAV_PHONE

if TYPE_CHECKING:
    from router.ports.routing import RoutingDecision

FILES = ("enheter.csv", "kommuner.csv", "bydeler.csv", "postnummer.csv", "kommunenummer_2020.csv", "regler.csv")


class ReferenceDataError(ValueError):
    """When a reference file is missing or a row cannot be read (file and line in the message)."""


@dataclass(frozen=True)
class ReferenceData:
    enheter: Mapping[str, Enhet]
    geografi: Geografi
    rules: tuple[Rule, ...]
    source_dir: Path

    def enhet(self, enhetsnummer: str) -> Enhet | None:
        return self.enheter.get(enhetsnummer.strip())

    def opening_hours(self, enhetsnummer: str) -> OpeningHours:
        enhet = self.enhet(enhetsnummer)
        if enhet is None:
            return OpeningHours.default()
        return OpeningHours.from_strings(enhet.aapningstider, is_default=enhet.aapningstider_is_default)

    def kommune_gts(self) -> dict[str, list[str]]:
        """Each kommune with the GTs that must route: the kommune, plus its bydeler (not 'Uoppgitt' xx99)."""
        result: dict[str, list[str]] = {}
        for nr, kommune in sorted(self.geografi.kommuner.items()):
            gts = [nr]
            if kommune.har_bydeler:
                gts += [b.bydelsnummer for b in self.geografi.bydeler_in(nr) if not b.bydelsnummer.endswith("99")]
            result[nr] = gts
        return result


def _rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        raise ReferenceDataError(f"missing reference file {path}")
    with path.open(encoding="utf-8", newline="") as fh:
        return [(i, {k: (v or "").strip() for k, v in row.items()}) for i, row in enumerate(csv.DictReader(fh), start=2)]


def _bool(value: str) -> bool | None:
    return {"true": True, "false": False, "ja": True, "nei": False}.get(value.lower())


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _enhet(row: dict[str, str]) -> Enhet:
    hours = {i: (row.get(f"aapningstider_{key}") or None) for i, key in enumerate(WEEKDAY_KEYS)}
    OpeningHours.from_strings(hours)  # validates the intervals now, not at the first request
    return Enhet(
        enhetsnummer=row["enhetsnummer"],
        navn=row["navn"],
        type=EnhetType(row["type"]),
        status=row.get("status", "Aktiv"),
        adresse=row.get("adresse", ""),
        telefon=row.get("telefon") or NAV_PHONE,
        telefon_is_general=row.get("telefon_kilde", "").startswith("generelt") or not row.get("telefon"),
        aapningstider=MappingProxyType(hours),
        aapningstider_is_default=row.get("aapningstider_kilde", "").startswith("standard"),
        digisos=Digisos(
            digital_soknad=_bool(row.get("digisos_digital_soknad", "")),
            midlertidig_stengt=_bool(row.get("digisos_midlertidig_stengt", "")),
            innsyn=_bool(row.get("digisos_innsyn_bruker", "")),
            innsyn_nks=_bool(row.get("digisos_innsyn_nks", "")),
        ),
        kilde=row.get("kilde", ""),
    )


def _rule(row: dict[str, str]) -> Rule:
    skjermet = row["skjermet"].lower()
    if skjermet not in ("true", "false", WILDCARD):
        raise ValueError(f"skjermet must be true, false or *: {skjermet!r}")
    gyldig_fra = _date(row["gyldig_fra"])
    if gyldig_fra is None:
        raise ValueError("gyldig_fra is required")
    return Rule(
        geografisk_omraade=row["geografisk_omraade"] or WILDCARD,
        tema=(row["tema"] or WILDCARD).upper(),
        temagruppe=(row["temagruppe"] or WILDCARD).upper(),
        diskresjonskode=(row["diskresjonskode"] or WILDCARD).upper(),
        skjermet=skjermet,
        gyldig_fra=gyldig_fra,
        gyldig_til=_date(row["gyldig_til"]),
        enhetsnummer=row["enhetsnummer"],
        alternate_enhetsnummer=row.get("alternate_enhetsnummer") or None,
        kilde=row.get("kilde", ""),
        tillit=row.get("tillit", ""),
        fallback=_bool(row.get("fallback", "")) is True,
    )


def _parse(path: Path, build):  # type: ignore[no-untyped-def]
    out = []
    for line, row in _rows(path):
        try:
            out.append(build(row))
        except (KeyError, ValueError) as exc:
            raise ReferenceDataError(f"{path.name} line {line}: {exc!r}") from exc
    return out


def load_reference_data(folder: Path | str) -> ReferenceData:
    folder = Path(folder)
    enheter = {e.enhetsnummer: e for e in _parse(folder / "enheter.csv", _enhet)}
    kommuner = {
        k.kommunenummer: k
        for k in _parse(folder / "kommuner.csv", lambda r: Kommune(
            r["kommunenummer"], r["navn"], r["fylkesnummer"], r["fylke"], _bool(r["har_bydeler"]) is True))
    }
    bydeler = {
        b.bydelsnummer: b
        for b in _parse(folder / "bydeler.csv", lambda r: Bydel(r["bydelsnummer"], r["navn"], r["kommunenummer"]))
    }
    postnummer = {
        p.postnummer: p
        for p in _parse(folder / "postnummer.csv", lambda r: Poststed(
            r["postnummer"], r["poststed"], r["kommunenummer"], r["kategori"], r.get("bydelsnummer") or None,
            r.get("bydel_kilde", "")))
    }
    crosswalk: dict[str, list[str]] = {}
    former_names: dict[str, set[str]] = {}
    for old, name, new in _parse(folder / "kommunenummer_2020.csv",
                                 lambda r: (r["kommunenummer_2020"], r["navn_2020"], r["kommunenummer_2024"])):
        crosswalk.setdefault(old, []).append(new)
        former_names.setdefault(name, set()).add(new)
    rules = tuple(_parse(folder / "regler.csv", _rule))
    return ReferenceData(
        enheter=MappingProxyType(enheter),
        geografi=Geografi.build(kommuner, bydeler, postnummer, {k: tuple(sorted(v)) for k, v in crosswalk.items()},
                                {k: tuple(sorted(v)) for k, v in former_names.items()}),
        rules=rules,
        source_dir=folder,
    )


# --- one resolve for the API and the CLI, so both print the same ranked list --------------------------------


class BadRoutingInput(ValueError):
    """When resolve parameters are malformed, unknown or contradictory (the API answers 400)."""


@dataclass(frozen=True)
class Resolution:
    gt: GeografiskTilknytning | None
    matches: tuple[RoutingMatch, ...]

    def as_json(self, reference: ReferenceData) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for m in self.matches:
            enhet = reference.enhet(m.enhetsnummer)
            reason = m.reason if self.gt is None else f"{self.gt.reason}; {m.reason}"
            out.append({
                "enhetsnummer": m.enhetsnummer,
                "navn": enhet.navn if enhet else m.enhetsnummer,
                "reason": reason,
                "type": enhet.type.value if enhet else None,
                "alternate": m.is_alternate,
                "fallback": m.fallback,
                "tillit": m.tillit or None,
                "requires_permission": m.requires_permission.value if m.requires_permission else None,
                "geografisk_tilknytning": self.gt.gt if self.gt else None,
            })
        return out


def parse_diskresjonskode(value: str | None) -> Diskresjonskode:
    text = (value or "").strip().upper()
    aliases = {"": "ANY", "6": "SPSF", "KODE6": "SPSF", "7": "SPFO", "KODE7": "SPFO", "UGRADERT": "ANY"}
    text = aliases.get(text.replace(" ", ""), text)
    if text not in Diskresjonskode.__members__:
        raise BadRoutingInput(f"unknown diskresjonskode {value!r}; use SPSF, SPFO or ANY")
    return Diskresjonskode(text)


def parse_skjermet(value: str | None) -> bool:
    text = (value or "").strip().lower()
    if text in ("", "false", "0", "nei", "no"):
        return False
    if text in ("true", "1", "ja", "yes"):
        return True
    raise BadRoutingInput(f"skjermet must be true or false, not {value!r}")


def resolve(
    reference: ReferenceData,
    *,
    kommune: str | None = None,
    postnummer: str | None = None,
    bydel: str | None = None,
    gt: str | None = None,
    tema: str | None = None,
    diskresjonskode: str | None = None,
    skjermet: str | bool | None = None,
    on: date,
) -> Resolution:
    """Place + tema + protection → GT and the ranked enheter. Raises BadRoutingInput for a 400."""
    try:
        tema_code, temagruppe = parse_tema(tema or None)
        kode = parse_diskresjonskode(diskresjonskode)
        is_skjermet = skjermet if isinstance(skjermet, bool) else parse_skjermet(skjermet)
        place = resolve_gt(reference.geografi, kommune=kommune or None, postnummer=postnummer or None,
                           bydel=bydel or None, gt=gt or None)
    except UnknownPlace as exc:
        raise BadRoutingInput(str(exc)) from exc
    except (UnknownTema, GeografiError) as exc:
        raise BadRoutingInput(str(exc)) from exc
    if place is None and temagruppe in KOMMUNALE_TEMAGRUPPER and kode is not Diskresjonskode.SPSF:
        raise BadRoutingInput("kommunale tjenester (KOM) need a place: kommune, postnummer, bydel or gt")
    matches = find_enheter(reference.rules, place.gt if place else None, tema_code, diskresjonskode=kode,
                           skjermet=is_skjermet, on=on, temagruppe=temagruppe)
    return Resolution(place, tuple(matches))


# --- the RoutingLayer port (router/services/deps.py) on top of the reference data ---------------------------


class ReferenceRouting:
    """Implements the handoff service's RoutingLayer with the NORG2-style rules; never raises on bad places.

    `kommune` may be a kommune name or number, a bydel name/number or a postnummer (whatever the bot learned).
    An unknown or ambiguous place for tema KOM goes to NAV's general kontaktsenter queue, with the reason saying so.
    """

    GENERAL_QUEUE = "NKS-OVRG"

    def __init__(self, reference: ReferenceData) -> None:
        self.reference = reference
        # The alternate an enhet's own rules name (most often), for a conversation moved there.
        counts: dict[str, Counter[str]] = {}
        for rule in reference.rules:
            if rule.alternate_enhetsnummer and rule.alternate_enhetsnummer != rule.enhetsnummer:
                counts.setdefault(rule.enhetsnummer, Counter())[rule.alternate_enhetsnummer] += 1
        self._alternates = {enhet: c.most_common(1)[0][0] for enhet, c in counts.items()}

    def _place(self, text: str | None) -> tuple[GeografiskTilknytning | None, str]:
        if not text or not text.strip():
            return None, "no place known"
        value = text.strip()
        attempts = (("kommune", value), ("postnummer", value), ("bydel", value)) if value.isdigit() else (
            ("kommune", value), ("bydel", value))
        problems: list[str] = []
        for kind, given in attempts:
            try:
                return resolve_gt(self.reference.geografi, **{kind: given}), ""
            except GeografiError as exc:
                problems.append(str(exc))
        return None, "; ".join(problems)

    def route(
        self,
        *,
        tema: str,
        kommune: str | None,
        diskresjonskode: str | None,
        skjermet: bool,
        now: datetime,
        priority: Priority = Priority.NORMAL,
    ) -> RoutingDecision:
        from router.ports.routing import RoutingDecision

        try:
            tema_code, temagruppe = parse_tema(tema)
        except UnknownTema:
            tema_code, temagruppe = None, Temagruppe.OVRG
        try:
            kode = parse_diskresjonskode(diskresjonskode)
        except BadRoutingInput:
            kode = Diskresjonskode.ANY
        place, problem = self._place(kommune)
        if kode is Diskresjonskode.SPSF:
            place = None  # kode 6: keep no trace of where the person lives; 2103 serves the whole country
        on = now.astimezone(OSLO).date()
        matches = find_enheter(self.reference.rules, place.gt if place else None, tema_code, diskresjonskode=kode,
                               skjermet=skjermet, on=on, temagruppe=temagruppe)
        primaries = [m for m in matches if not m.is_alternate]
        if primaries:
            first = primaries[0]
            alternate = next((m.enhetsnummer for m in matches if m.is_alternate and m.rule is first.rule), None)
            reason = f"{place.reason}; {first.reason}" if place else first.reason
            enhetsnummer, permission = first.enhetsnummer, first.requires_permission
        else:
            enhetsnummer, alternate, permission = self.GENERAL_QUEUE, None, None
            if kode is Diskresjonskode.SPFO:
                permission = Permission.FORTROLIG
            elif skjermet:
                permission = Permission.SKJERMET
            reason = f"no rule matched ({problem or 'no place'}); NAV's general kontaktsenter queue"
        prio = Priority(priority)
        placement = Placement(enhetsnummer=enhetsnummer, navn=self.enhet_navn(enhetsnummer), reason=reason,
                              alternate_enhetsnummer=alternate,
                              sla_deadline=self._sla_deadline(enhetsnummer, temagruppe, prio, now),
                              geografisk_tilknytning=place.gt if place else None)
        hours = self.reference.opening_hours(enhetsnummer)
        return RoutingDecision(
            placement=placement,
            sla_minutes=sla_minutes_for(temagruppe.value, prio),
            promise=promise(hours, now, is_acute=prio is Priority.EMERGENCY),
            requires_permission=permission.value if permission else None,
        )

    def _sla_deadline(self, enhetsnummer: str, temagruppe: Temagruppe, priority: Priority,
                      now: datetime) -> datetime | None:
        try:
            return sla_deadline(now, sla_minutes_for(temagruppe.value, priority),
                                self.reference.opening_hours(enhetsnummer))
        except ValueError:
            return None  # the enhet never opens within the horizon: no deadline to breach

    def placement_at(self, enhetsnummer: str, *, tema: str | None, priority: Priority, now: datetime) -> Placement:
        """A conversation moved to ``enhetsnummer``: its name, a fresh SLA deadline there, and its alternate."""
        return Placement(enhetsnummer=enhetsnummer, navn=self.enhet_navn(enhetsnummer),
                         reason=f"moved to {enhetsnummer}",
                         alternate_enhetsnummer=self._alternates.get(enhetsnummer),
                         sla_deadline=self._sla_deadline(enhetsnummer, temagruppe_of(tema), priority, now))

    def is_known_enhet(self, enhetsnummer: str) -> bool:
        return self.reference.enhet(enhetsnummer) is not None

    def enhet_navn(self, enhetsnummer: str) -> str:
        enhet = self.reference.enhet(enhetsnummer) if enhetsnummer else None
        return enhet.navn if enhet else enhetsnummer

    def kontaktsenter_for(self, enhetsnummer: str) -> str:
        """Where a breached conversation goes when its alternate enhet did not answer in time either."""
        return self.GENERAL_QUEUE
