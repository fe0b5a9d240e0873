"""Load the reference tables in reference/*.csv into frozen domain objects, once.

The files are operator-editable CSV (UTF-8, header row); see reference/README.md for columns and provenance.
A malformed file raises `ReferenceDataError` naming the file and line, so an operator edit fails loudly at start.
"""

from __future__ import annotations

import csv
import json
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
    Kommune,
    Poststed,
)
from router.domain.opening_hours import (
    DEFAULT_CHAT_HOURS,
    NAV_PHONE_HOURS,
    WEEKDAY_KEYS,
    NavDay,
    OpeningHours,
    parse_intervals,
    parse_weekly,
)
from router.domain.places import Place, PlaceIndex, abroad_in_answer, parse_place, place_in_message
from router.domain.queue import Priority, sla_deadline, sla_minutes_for
from router.domain.routing import (
    WILDCARD,
    Digisos,
    Enhet,
    EnhetType,
    Rule,
    Temagruppe,
    temagruppe_of,
)
from router.domain.routing_policy import (
    GENERAL_QUEUE,
    Resolution,
    RoutingQuery,
    resolve,
)
from router.texts import NAV_PHONE

if TYPE_CHECKING:
    pass

# Everyday names of places (Sandvika for Bærum), made by scripts/build_nlu_lookups.py; optional.
PLACE_ALIASES = "place_aliases.json"
# The countries outside Norway by name, made by scripts/build_countries.py from CLDR; optional.
COUNTRIES = "countries.json"
FILES = ("enheter.csv", "kommuner.csv", "bydeler.csv", "postnummer.csv", "kommunenummer_2020.csv", "regler.csv",
         "nav_dager.csv")
# What a NAV-wide day (nav_dager.csv column gjelder) is for: every enhet's chat hours, and NAV's phone.
NAV_DAY_APPLIES_TO = frozenset({"kontor", "telefon"})


class ReferenceDataError(ValueError):
    """When a reference file is missing or a row cannot be read (file and line in the message)."""


@dataclass(frozen=True)
class ReferenceData:
    enheter: Mapping[str, Enhet]
    geografi: Geografi
    rules: tuple[Rule, ...]
    source_dir: Path
    places: PlaceIndex
    # The NAV-wide days closed or short (nav_dager.csv): for the enheter's chat hours, and for NAV's phone.
    office_days: tuple[NavDay, ...] = ()
    phone_days: tuple[NavDay, ...] = ()

    def enhet(self, enhetsnummer: str) -> Enhet | None:
        return self.enheter.get(enhetsnummer.strip())

    def chat_hours(self, staffed: OpeningHours) -> OpeningHours:
        """The chat's staffed hours (``staffed``: the service's setting, Settings.chat_hours) with the NAV-wide days
        of nav_dager.csv that apply to it (gjelder kontor)."""
        return staffed.with_nav_days(self.office_days)

    def nav_phone_hours(self) -> OpeningHours:
        """NAV's phone (55 55 33 33): weekdays 09–15 (opening_hours.NAV_PHONE_HOURS) and the NAV-wide days."""
        return NAV_PHONE_HOURS.with_nav_days(self.phone_days)

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
    """Each row by column name, its values stripped. A value that recurs (OSLO in 600 rows of postnummer.csv, a
    kommunenummer, a source note) is one string object for the whole file, not one per row: the tables are held for
    the router's life, and 15,000 copies of a few hundred values were 1 MB of them (#12)."""
    if not path.exists():
        raise ReferenceDataError(f"missing reference file {path}")
    one_copy: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        return [(i, {k: one_copy.setdefault(value := (v or "").strip(), value) for k, v in row.items()})
                for i, row in enumerate(csv.DictReader(fh), start=2)]


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
        aapningstider_is_default=_hours_unknown(hours, row.get("aapningstider_kilde", "")),
        digisos=Digisos(
            digital_soknad=_bool(row.get("digisos_digital_soknad", "")),
            midlertidig_stengt=_bool(row.get("digisos_midlertidig_stengt", "")),
            innsyn=_bool(row.get("digisos_innsyn_bruker", "")),
            innsyn_nks=_bool(row.get("digisos_innsyn_nks", "")),
        ),
        kilde=row.get("kilde", ""),
        del_av=row.get("del_av") or None,
    )


def _hours_unknown(hours: Mapping[int, str | None], kilde: str) -> bool:
    """The office's own visiting hours are not known: none given, or a stated default without a source (the build
    before 2026-12-06 wrote NAV's phone hours as every office's, "standard (kilde mangler)")."""
    return not any(hours.values()) or kilde.startswith("standard") or "kilde mangler" in kilde


def _nav_day(row: dict[str, str]) -> tuple[NavDay, frozenset[str]]:
    """A row of nav_dager.csv: ``dag`` MM-DD or påske±N (days from Easter Sunday), ``aapningstider`` the most it is
    open (empty: closed), ``gjelder`` kontor and/or telefon, ``kilde`` required: no NAV-wide day without a source."""
    if not row.get("kilde"):
        raise ValueError("kilde is required: say who says NAV keeps other hours this day")
    applies = frozenset(row.get("gjelder", "").split())
    if not applies or not applies <= NAV_DAY_APPLIES_TO:
        raise ValueError(f"gjelder must be kontor and/or telefon: {row.get('gjelder')!r}")
    hours = parse_intervals(row.get("aapningstider", ""))
    dag = row["dag"]
    if dag.startswith("påske"):
        return NavDay(hours, from_easter=int(dag.removeprefix("påske") or "0"), kilde=row["kilde"]), applies
    month, _, day = dag.partition("-")
    return NavDay(hours, month=int(month), day=int(day), kilde=row["kilde"]), applies


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


def _optional_json(path: Path, key: str) -> dict[str, list[str]]:
    """``key`` of an optional JSON file the build scripts write (place_aliases.json, countries.json), or nothing."""
    return dict(json.loads(path.read_text(encoding="utf-8"))[key]) if path.exists() else {}


def load_reference_data(folder: Path | str) -> ReferenceData:
    folder = Path(folder)
    enheter = {e.enhetsnummer: e for e in _parse(folder / "enheter.csv", _enhet)}
    for enhet in enheter.values():
        # No invented enhet numbers: anything that is not a NORG2 number is a named queue inside a real enhet.
        parent = enheter.get(enhet.del_av or "")
        if not enhet.enhetsnummer.isdigit() and (parent is None or not parent.enhetsnummer.isdigit()):
            raise ReferenceDataError(f"enheter.csv: {enhet.enhetsnummer} is not a NORG2 enhetsnummer and names no "
                                     "real enhet it belongs to (column del_av)")
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
    geografi = Geografi.build(kommuner, bydeler, postnummer, {k: tuple(sorted(v)) for k, v in crosswalk.items()},
                              {k: tuple(sorted(v)) for k, v in former_names.items()})
    aliases, countries = _optional_json(folder / PLACE_ALIASES, "aliases"), _optional_json(folder / COUNTRIES, "countries")
    nav_days = _parse(folder / "nav_dager.csv", _nav_day)
    return ReferenceData(
        enheter=MappingProxyType(enheter),
        geografi=geografi,
        rules=rules,
        source_dir=folder,
        places=PlaceIndex.build(geografi, aliases, countries),
        office_days=tuple(day for day, applies in nav_days if "kontor" in applies),
        phone_days=tuple(day for day, applies in nav_days if "telefon" in applies),
    )


# --- the routing port on top of the reference data (one policy: router/domain/routing_policy.py) -------------


def resolution_rows(resolution: Resolution, reference: ReferenceData) -> list[dict[str, object]]:
    """The ranked enheter as the API and the CLI show them."""
    out: list[dict[str, object]] = []
    for m in resolution.matches:
        enhet = reference.enhet(m.enhetsnummer)
        reason = m.reason if resolution.gt is None else f"{resolution.gt.reason}; {m.reason}"
        out.append({
            "enhetsnummer": m.enhetsnummer,
            "navn": enhet.navn if enhet else m.enhetsnummer,
            "reason": reason,
            "type": enhet.type.value if enhet else None,
            "alternate": m.is_alternate,
            "fallback": m.fallback,
            "tillit": m.tillit or None,
            "requires_permission": m.requires_permission.value if m.requires_permission else None,
            "geografisk_tilknytning": resolution.gt.gt if resolution.gt else None,
        })
    return out


class ReferenceRouting:
    """The routing port (router/ports/routing.py) over the reference data."""

    GENERAL_QUEUE = GENERAL_QUEUE

    def __init__(self, reference: ReferenceData, *, chat_hours: OpeningHours | None = None) -> None:
        """``chat_hours``: the chat's staffed hours (Settings.chat_hours parsed); the service's default if not
        given. Every queue's promises, SLA deadlines and expiry count these, never an office's visiting hours."""
        self.reference = reference
        self._chat_hours = reference.chat_hours(chat_hours or parse_weekly(DEFAULT_CHAT_HOURS))
        # The alternate an enhet's own rules name (most often), for a conversation moved there.
        counts: dict[str, Counter[str]] = {}
        for rule in reference.rules:
            if rule.alternate_enhetsnummer and rule.alternate_enhetsnummer != rule.enhetsnummer:
                counts.setdefault(rule.enhetsnummer, Counter())[rule.alternate_enhetsnummer] += 1
        self._alternates = {enhet: c.most_common(1)[0][0] for enhet, c in counts.items()}

    def resolve(self, query: RoutingQuery, *, on: date, strict: bool) -> Resolution:
        return resolve(self.reference.rules, self.reference.geografi, query, on=on, strict=strict)

    def _sla_deadline(self, enhetsnummer: str, temagruppe: Temagruppe, priority: Priority,
                      now: datetime) -> datetime | None:
        try:
            return sla_deadline(now, sla_minutes_for(temagruppe.value, priority), self.opening_hours(enhetsnummer))
        except ValueError:
            return None  # the enhet never opens within the horizon: no deadline to breach

    def placement_at(self, enhetsnummer: str, *, tema: str | None, priority: Priority, now: datetime,
                     reason: str = "", alternate_enhetsnummer: str | None = None,
                     geografisk_tilknytning: str | None = None) -> Placement:
        return Placement(enhetsnummer=enhetsnummer, navn=self.enhet_navn(enhetsnummer),
                         reason=reason or f"placed at {enhetsnummer}",
                         alternate_enhetsnummer=alternate_enhetsnummer or self._alternates.get(enhetsnummer),
                         sla_deadline=self._sla_deadline(enhetsnummer, temagruppe_of(tema), priority, now),
                         geografisk_tilknytning=geografisk_tilknytning)

    def is_known_enhet(self, enhetsnummer: str) -> bool:
        return self.reference.enhet(enhetsnummer) is not None

    def staffed_from(self, enhetsnummer: str) -> str | None:
        enhet = self.reference.enhet(enhetsnummer)
        return enhet.del_av if enhet is not None else None

    def queues_answered_by(self, enhetsnummer: str) -> tuple[str, ...]:
        return (enhetsnummer, *sorted(nr for nr, e in self.reference.enheter.items() if e.del_av == enhetsnummer))

    def opening_hours(self, enhetsnummer: str) -> OpeningHours:
        return self._chat_hours  # one setting for every queue (the port's docstring)

    def nav_phone_hours(self) -> OpeningHours:
        return self.reference.nav_phone_hours()

    def kommune_navn(self, kommunenummer: str) -> str:
        kommune = self.reference.geografi.kommuner.get(kommunenummer)
        return kommune.navn if kommune else kommunenummer

    def served_per_bydel(self, geografisk_tilknytning: str) -> bool:
        return self.reference.geografi.served_per_bydel(geografisk_tilknytning)

    def bydel_names(self, kommunenummer: str) -> tuple[str, ...]:
        return tuple(b.navn for b in self.reference.geografi.bydeler_in(kommunenummer)
                     if not b.bydelsnummer.endswith("99"))

    def parse_place(self, text: str, *, in_passing: bool) -> Place:
        if in_passing:
            return place_in_message(self.reference.places, text)
        return parse_place(self.reference.places, text)

    def abroad_in_answer(self, text: str) -> str | None:
        return abroad_in_answer(self.reference.places, text)

    def enhet_navn(self, enhetsnummer: str) -> str:
        enhet = self.reference.enhet(enhetsnummer) if enhetsnummer else None
        return enhet.navn if enhet else enhetsnummer

    def kontaktsenter_has_innsyn(self, enhetsnummer: str) -> bool | None:
        enhet = self.reference.enhet(enhetsnummer) if enhetsnummer else None
        return enhet.digisos.innsyn_nks if enhet else None

    def kontaktsenter_for(self, enhetsnummer: str) -> str:
        """Where a breached conversation goes when its alternate enhet did not answer in time either."""
        return self.GENERAL_QUEUE
