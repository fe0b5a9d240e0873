"""Kommunenummer / bydelsnummer / postnummer → geografisk tilknytning (GT).

NORG2: the GT is the 6-digit bydelsnummer where the kommune has bydeler (Oslo, Bergen, Trondheim, Stavanger),
else the 4-digit kommunenummer. Pure lookups over a `Geografi` index that the reference-data adapter builds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class GtType(StrEnum):
    KOMMUNE = "KOMMUNE"
    BYDEL = "BYDEL"


@dataclass(frozen=True)
class Kommune:
    kommunenummer: str
    navn: str
    fylkesnummer: str
    fylke: str
    har_bydeler: bool


@dataclass(frozen=True)
class Bydel:
    bydelsnummer: str
    navn: str
    kommunenummer: str


@dataclass(frozen=True, slots=True)  # 5,000 of them, held for the router's life: no __dict__ each (#12)
class Poststed:
    postnummer: str
    poststed: str
    kommunenummer: str
    kategori: str
    bydelsnummer: str | None = None
    bydel_kilde: str = ""


@dataclass(frozen=True)
class GeografiskTilknytning:
    """A resolved GT with the kommune it belongs to and a human-readable reason for how it was found."""

    gt: str
    type: GtType
    kommunenummer: str
    navn: str
    reason: str


class GeografiError(ValueError):
    """When a place cannot be turned into a GT: unknown, malformed, ambiguous or contradictory input."""

    def __init__(self, message: str, *, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


class UnknownPlace(GeografiError):
    """When a kommune, bydel or postnummer is not in the reference data."""


class AmbiguousPlace(GeografiError):
    """When a name matches several kommuner (Herøy, Våler) or bydeler; `candidates` lists them."""


class MalformedInput(GeografiError):
    """When a number has the wrong shape (postnummer not 4 digits, GT not 4 or 6 digits)."""


_ASCII_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "aa", "ä": "ae", "ö": "o", "ü": "u", "á": "a", "č": "c",
                             "đ": "d", "ŋ": "n", "š": "s", "ŧ": "t", "ž": "z"})
_NOISE = re.compile(r"\b(kommune|kommun|suohkan|bydel|bydelen)\b")


def normalize_name(text: str) -> str:
    """Forgiving key for place names: case, æøå (and Sami letters), hyphens, dots, 'kommune'/'bydel' ignored."""
    lowered = unicodedata.normalize("NFC", text).casefold().strip().translate(_ASCII_FOLD)
    lowered = unicodedata.normalize("NFKD", lowered)
    lowered = "".join(c for c in lowered if not unicodedata.combining(c))
    lowered = _NOISE.sub(" ", lowered)
    lowered = re.sub(r"[-–/.,()]", " ", lowered)
    return " ".join(lowered.split())


def loose_name(text: str) -> str:
    """Looser key for people who type without æøå: 'alesund', 'barum', 'tromso' (aa/ae folded to a)."""
    return normalize_name(text).replace("aa", "a").replace("ae", "a")


def _lookup(names: Mapping[str, tuple[str, ...]], text: str) -> tuple[str, ...]:
    return names.get(normalize_name(text)) or names.get("~" + loose_name(text), ())


@dataclass(frozen=True)
class Geografi:
    """Everything needed to resolve a GT; built once by the reference-data adapter."""

    kommuner: Mapping[str, Kommune]
    bydeler: Mapping[str, Bydel]
    postnummer: Mapping[str, Poststed]
    # 2020 kommunenummer -> 2024 kommunenummer(s) (DERIVED crosswalk; Ålesund 1507 split into 1508 and 1580)
    kommunenummer_2020: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _kommune_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _bydel_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # names of former kommuner (Nøtterøy, Skedsmo ...) -> their 2024 successor(s)
    _former_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        kommuner: Mapping[str, Kommune],
        bydeler: Mapping[str, Bydel],
        postnummer: Mapping[str, Poststed],
        kommunenummer_2020: Mapping[str, tuple[str, ...]] | None = None,
        former_names: Mapping[str, tuple[str, ...]] | None = None,
    ) -> Geografi:
        kommune_names: dict[str, list[str]] = {}
        for k in kommuner.values():
            # "Herøy (Nordland)" / "Herøy Nordland" disambiguate the two Herøy and Våler kommuner
            for name in (k.navn, f"{k.navn} {k.fylke}"):
                kommune_names.setdefault(normalize_name(name), []).append(k.kommunenummer)
                kommune_names.setdefault("~" + loose_name(name), []).append(k.kommunenummer)
        bydel_names: dict[str, list[str]] = {}
        for b in bydeler.values():
            bydel_names.setdefault(normalize_name(b.navn), []).append(b.bydelsnummer)
            bydel_names.setdefault("~" + loose_name(b.navn), []).append(b.bydelsnummer)
        return cls(
            kommuner=dict(kommuner),
            bydeler=dict(bydeler),
            postnummer=dict(postnummer),
            kommunenummer_2020=dict(kommunenummer_2020 or {}),
            _kommune_names={k: tuple(sorted(set(v))) for k, v in kommune_names.items()},
            _bydel_names={k: tuple(sorted(set(v))) for k, v in bydel_names.items()},
            _former_names=_index_former(former_names or {}, kommune_names),
        )

    def served_per_bydel(self, kommunenummer: str) -> bool:
        """A kommune NAV serves per bydel (Oslo, Bergen, Trondheim, Stavanger): the kommune alone names no office."""
        kommune = self.kommuner.get(kommunenummer)
        return kommune is not None and kommune.har_bydeler

    def bydeler_in(self, kommunenummer: str) -> list[Bydel]:
        return sorted((b for b in self.bydeler.values() if b.kommunenummer == kommunenummer),
                      key=lambda b: b.bydelsnummer)


def _index_former(
    former: Mapping[str, tuple[str, ...]], current: Mapping[str, list[str]]
) -> dict[str, tuple[str, ...]]:
    index: dict[str, set[str]] = {}
    for name, successors in former.items():
        for key in (normalize_name(name), "~" + loose_name(name)):
            if key not in current:  # a current name always wins over a former one
                index.setdefault(key, set()).update(successors)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def find_kommune(geografi: Geografi, text: str) -> Kommune:
    """A kommune from a 2024 number, an old 2020 number (crosswalk) or a forgiving name."""
    value = text.strip()
    if not value:
        raise MalformedInput("empty kommune")
    if value.isdigit():
        if len(value) == 3:
            value = "0" + value  # "301" for Oslo, as some registers drop the leading zero
        if len(value) != 4:
            raise MalformedInput(f"kommunenummer must have 4 digits: {text!r}")
        if value in geografi.kommuner:
            return geografi.kommuner[value]
        successors = geografi.kommunenummer_2020.get(value, ())
        if len(successors) == 1 and successors[0] in geografi.kommuner:
            return geografi.kommuner[successors[0]]
        if len(successors) > 1:
            raise AmbiguousPlace(
                f"kommunenummer {value} (2020) was split in 2024: {', '.join(successors)}", candidates=successors
            )
        raise UnknownPlace(f"unknown kommunenummer {value}")
    numbers = _lookup(geografi._kommune_names, value) or _lookup(geografi._former_names, value)
    if not numbers:
        raise UnknownPlace(f"unknown kommune {text!r}")
    if len(numbers) > 1:
        names = ", ".join(f"{n} {geografi.kommuner[n].navn} ({geografi.kommuner[n].fylke})" for n in numbers)
        raise AmbiguousPlace(f"kommune name {text!r} is ambiguous: {names}", candidates=numbers)
    return geografi.kommuner[numbers[0]]


def find_bydel(geografi: Geografi, text: str, *, kommunenummer: str | None = None) -> Bydel:
    """A bydel from its 6-digit number or its name (optionally within one kommune)."""
    value = text.strip()
    if value.isdigit():
        if len(value) != 6:
            raise MalformedInput(f"bydelsnummer must have 6 digits: {text!r}")
        if value not in geografi.bydeler:
            raise UnknownPlace(f"unknown bydelsnummer {value}")
        return geografi.bydeler[value]
    numbers = _lookup(geografi._bydel_names, value)
    if kommunenummer:
        numbers = tuple(n for n in numbers if n.startswith(kommunenummer))
    if not numbers:
        raise UnknownPlace(f"unknown bydel {text!r}")
    if len(numbers) > 1:
        # "Uoppgitt" exists in every kommune with bydeler
        raise AmbiguousPlace(f"bydel name {text!r} is ambiguous", candidates=numbers)
    return geografi.bydeler[numbers[0]]


def find_kommune_of_place(geografi: Geografi, text: str) -> Kommune:
    """The kommune a place names: a kommune (find_kommune), or a bydel's kommune, from the bydel's number, its name,
    or "Grünerløkka, Oslo" as the router describes a bydel (what the bot's kommune slot holds when the page gave a
    bydel). Raises what find_kommune raised when the text is no bydel either."""
    try:
        return find_kommune(geografi, text)
    except GeografiError as not_a_kommune:
        head, _, tail = text.strip().rpartition(",")
        try:
            if head.strip() and tail.strip():
                kommune = find_kommune(geografi, tail)
                find_bydel(geografi, head, kommunenummer=kommune.kommunenummer)
                return kommune
            return geografi.kommuner[find_bydel(geografi, text).kommunenummer]
        except GeografiError:
            raise not_a_kommune from None


def gt_for_kommune(geografi: Geografi, text: str) -> GeografiskTilknytning:
    kommune = find_kommune(geografi, text)
    reason = f"kommune {kommune.kommunenummer} {kommune.navn}"
    if not text.strip().isdigit():
        former = not _lookup(geografi._kommune_names, text)
        reason += f" (from {'former kommune ' if former else ''}name {text.strip()!r})"
    elif text.strip().zfill(4) != kommune.kommunenummer:
        reason += f" (old kommunenummer {text.strip()} via 2020→2024 crosswalk)"
    if kommune.har_bydeler:
        # NORG2: these kommuner are served per bydel; without a bydel the GT can only be the kommune
        reason += "; the kommune has bydeler and the bydel is unknown, so the GT is the kommune"
    return GeografiskTilknytning(kommune.kommunenummer, GtType.KOMMUNE, kommune.kommunenummer, kommune.navn, reason)


def gt_for_bydel(geografi: Geografi, text: str, *, kommunenummer: str | None = None) -> GeografiskTilknytning:
    bydel = find_bydel(geografi, text, kommunenummer=kommunenummer)
    kommune = geografi.kommuner.get(bydel.kommunenummer)
    kommune_navn = kommune.navn if kommune else bydel.kommunenummer
    return GeografiskTilknytning(
        bydel.bydelsnummer, GtType.BYDEL, bydel.kommunenummer, bydel.navn,
        f"bydel {bydel.bydelsnummer} {bydel.navn} in {kommune_navn}",
    )


def gt_for_postnummer(geografi: Geografi, text: str) -> GeografiskTilknytning:
    value = text.strip().replace(" ", "")
    if not (value.isdigit() and len(value) == 4):
        raise MalformedInput(f"postnummer must have 4 digits: {text!r}")
    poststed = geografi.postnummer.get(value)
    if poststed is None:
        raise UnknownPlace(f"unknown postnummer {value}")
    kommune = geografi.kommuner.get(poststed.kommunenummer)
    if kommune is None:
        raise UnknownPlace(f"postnummer {value} belongs to unknown kommune {poststed.kommunenummer}")
    base = f"postnummer {value} {poststed.poststed} is in kommune {kommune.kommunenummer} {kommune.navn} (Bring 2026)"
    if poststed.bydelsnummer and poststed.bydelsnummer in geografi.bydeler:
        bydel = geografi.bydeler[poststed.bydelsnummer]
        return GeografiskTilknytning(
            bydel.bydelsnummer, GtType.BYDEL, kommune.kommunenummer, bydel.navn,
            f"{base}; bydel {bydel.bydelsnummer} {bydel.navn} from {poststed.bydel_kilde or 'the reference data'}",
        )
    if kommune.har_bydeler:
        return GeografiskTilknytning(
            kommune.kommunenummer, GtType.KOMMUNE, kommune.kommunenummer, kommune.navn,
            f"{base}; the data does not say which bydel, so the GT is the kommune",
        )
    return GeografiskTilknytning(kommune.kommunenummer, GtType.KOMMUNE, kommune.kommunenummer, kommune.navn, base)


def gt_from_code(geografi: Geografi, text: str) -> GeografiskTilknytning:
    """A GT given directly: 4 digits (kommune) or 6 digits (bydel)."""
    value = text.strip()
    if value.isdigit() and len(value) == 6:
        return gt_for_bydel(geografi, value)
    if value.isdigit() and len(value) == 4:
        return gt_for_kommune(geografi, value)
    raise MalformedInput(f"geografisk tilknytning must have 4 or 6 digits: {text!r}")


def resolve_gt(
    geografi: Geografi,
    *,
    kommune: str | None = None,
    postnummer: str | None = None,
    bydel: str | None = None,
    gt: str | None = None,
) -> GeografiskTilknytning | None:
    """The most precise GT the inputs give; contradictory inputs (a postnummer in another kommune) are an error.

    Precedence: gt > bydel > postnummer > kommune, but every given input must agree on the kommune.
    Returns None when no place was given.
    """
    found: list[GeografiskTilknytning] = []
    kommune_gt = gt_for_kommune(geografi, kommune) if kommune else None
    if gt:
        found.append(gt_from_code(geografi, gt))
    if bydel:
        scope = kommune_gt.kommunenummer if kommune_gt else None
        found.append(gt_for_bydel(geografi, bydel, kommunenummer=scope))
    if postnummer:
        found.append(gt_for_postnummer(geografi, postnummer))
    if kommune_gt:
        found.append(kommune_gt)
    if not found:
        return None
    kommuner = {f.kommunenummer for f in found}
    if len(kommuner) > 1:
        raise GeografiError(
            "contradictory places: " + "; ".join(f.reason for f in found), candidates=tuple(sorted(kommuner))
        )
    bydeler = {f.gt for f in found if f.type is GtType.BYDEL}
    if len(bydeler) > 1:
        raise GeografiError("contradictory bydeler: " + ", ".join(sorted(bydeler)), candidates=tuple(sorted(bydeler)))
    best = found[0]
    if best.type is GtType.KOMMUNE and bydeler:
        best = next(f for f in found if f.type is GtType.BYDEL)
    return best
