"""Understanding a place the person typed: kommune, bydel or postnummer (pure functions).

The places are the router's reference data (reference/*.csv, read by router/adapters/reference_data.py) and names
are compared with the router's own folding rule (router/domain/geografi.py ``loose_name``), so the bot and the
router understand the same places. actions/data/places.json adds only the everyday aliases people use
(scripts/build_nlu_lookups.py). Which NAV office serves a place is never decided here: the router answers that.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from router.adapters.reference_data import load_reference_data
from router.config import Settings
from router.domain.geografi import Geografi, loose_name

ALIASES_JSON = Path(__file__).resolve().parent / "data" / "places.json"
# Bydel "names" that are not places people live in, or are everyday words.
SKIPPED_BYDELER = {"Uoppgitt", "Marka", "Sentrum"}

POSTNUMMER_RE = re.compile(r"\b(\d{4})\b")
_FILLER = re.compile(
    r"\b(jeg|eg|i|bor|bur|på|paa|pa|kommune|kommunen|bydel|bydelen|nav|kontor|kontoret|er|det|in|live|"
    r"my|postnummer|postnummeret|mitt|min|is|the|municipality|at|fra|frå|ligger)\b"
)
_PUNCTUATION = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class Place:
    """What we understood of a place. Every field may be None."""

    kommune: str | None = None
    kommunenummer: str | None = None
    bydel: str | None = None
    postnummer: str | None = None

    @property
    def found(self) -> bool:
        return bool(self.kommune or self.bydel or self.postnummer)


@lru_cache(maxsize=1)
def _geografi() -> Geografi:
    return load_reference_data(Settings.from_env().reference_dir).geografi


@lru_cache(maxsize=1)
def _aliases() -> dict[str, list[str]]:
    return json.loads(ALIASES_JSON.read_text(encoding="utf-8"))["aliases"]


def _fold(text: str) -> str:
    """The router's folding rule (case, æøå, Sami letters, 'kommune'/'bydel'), punctuation read as spaces."""
    return loose_name(_PUNCTUATION.sub(" ", text))


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str, str]]]:
    """folded name -> (kommunenummer, kommune) and folded bydel -> (bydel, kommune, kommunenummer)."""
    geografi = _geografi()
    kommuner = {_fold(k.navn): (nr, k.navn) for nr, k in sorted(geografi.kommuner.items())}
    by_name = {k.navn: nr for nr, k in geografi.kommuner.items()}
    for name, aliases in _aliases().items():
        for alias in aliases:
            if name in by_name:
                kommuner.setdefault(_fold(alias), (by_name[name], name))
    bydeler = {
        _fold(b.navn): (b.navn, geografi.kommuner[b.kommunenummer].navn, b.kommunenummer)
        for nr, b in sorted(geografi.bydeler.items())
        if b.navn not in SKIPPED_BYDELER and b.kommunenummer in geografi.kommuner
    }
    grunerlokka = next((v for v in bydeler.values() if v[0] == "Grünerløkka"), None)
    if grunerlokka:
        bydeler.setdefault("lokka", grunerlokka)
    return kommuner, bydeler


def kommune_for_postnummer(postnummer: str) -> tuple[str, str] | None:
    geografi = _geografi()
    poststed = geografi.postnummer.get(postnummer)
    if poststed is None or poststed.kommunenummer not in geografi.kommuner:
        return None
    return poststed.kommunenummer, geografi.kommuner[poststed.kommunenummer].navn


def kommune_for_bydel(bydel: str) -> str | None:
    _, bydeler = _index()
    hit = bydeler.get(_fold(bydel))
    return hit[1] if hit else None


def canonical_kommune(name: str) -> tuple[str, str] | None:
    """(kommunenummer, official name) for a typed kommune name, tolerating case, æøå and small typos."""
    kommuner, _ = _index()
    folded = _fold(name)
    if folded in kommuner:
        return kommuner[folded]
    close = difflib.get_close_matches(folded, list(kommuner), n=1, cutoff=0.85)
    return kommuner[close[0]] if close else None


def parse_place(text: str) -> Place:
    """Understand a free-text answer to "which kommune do you live in?"."""
    if not text:
        return Place()
    match = POSTNUMMER_RE.search(text)
    if match and kommune_for_postnummer(match.group(1)):
        nr, name = kommune_for_postnummer(match.group(1))  # type: ignore[misc]
        return Place(kommune=name, kommunenummer=nr, postnummer=match.group(1))
    kommuner, bydeler = _index()
    folded = _fold(text)
    words = _FILLER.sub(" ", folded).split()
    candidates = [" ".join(words)] + [" ".join(words[i:i + n]) for n in (3, 2, 1) for i in range(len(words))]
    for cand in candidates:
        if cand in bydeler:
            bydel, kommune, kommunenummer = bydeler[cand]
            return Place(kommune=kommune, kommunenummer=kommunenummer, bydel=bydel)
        if cand in kommuner:
            nr, name = kommuner[cand]
            return Place(kommune=name, kommunenummer=nr)
    for cand in candidates:
        if len(cand) >= 4:
            hit = canonical_kommune(cand)
            if hit:
                return Place(kommune=hit[1], kommunenummer=hit[0])
    return Place()
