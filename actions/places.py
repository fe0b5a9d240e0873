"""The place understanding of router/domain/places.py over the router's reference data, for the bot's slots.

The bot and the router read the same reference/*.csv (and reference/place_aliases.json) through the router's
loader, so they understand the same places. Which NAV office serves a place is never decided here: the router
answers that.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from actions.common import pick
from router.adapters.reference_data import ReferenceData, load_reference_data
from router.config import Settings
from router.domain import places
from router.domain.places import Place, PlaceIndex, fold

__all__ = ["Place", "PostnummerPlace", "parse_place", "needs_bydel", "place_in_message", "kommune_for_postnummer",
           "kommune_for_bydel", "canonical_kommune", "postnummer_place", "describe_postnummer",
           "postnummer_confirmation", "postnummer_said", "office_named"]
_SMALL_WORDS = frozenset({"i", "på", "pa", "og"})


@lru_cache(maxsize=1)
def _reference() -> ReferenceData:
    return load_reference_data(Settings.from_env().reference_dir)


def _index() -> PlaceIndex:
    return _reference().places


@lru_cache(maxsize=1)
def _office_names() -> dict[str, str]:
    """The local offices' names, folded and without "Nav" ("bergen sentrum", "lillehammer gausdal") -> enhetsnummer."""
    return {fold(enhet.navn).removeprefix("nav "): nr for nr, enhet in sorted(_reference().enheter.items())
            if enhet.is_local_office and enhet.status == "Aktiv"}


def office_named(text: str) -> str | None:
    """The enhetsnummer of a local office the text names after "Nav" ("ka e åpningstidene te nav bergen sentrum":
    Nav Bergen sentrum, though Bergen alone is a city served per bydel); None without one."""
    words = fold(text).split()
    names = _office_names()
    for i, word in enumerate(words):
        if word != "nav":
            continue
        for n in (4, 3, 2, 1):
            name = " ".join(words[i + 1:i + 1 + n])
            if len(words) - i - 1 >= n and name in names:
                return names[name]
    return None


def parse_place(text: str) -> Place:
    """Understand a free-text answer to "which kommune do you live in?"."""
    return places.parse_place(_index(), text)


def needs_bydel(place: Place) -> bool:
    """Whether the office needs the bydel first (router/domain/places.py); the slots carry the kommune by name."""
    if not place.kommunenummer and place.kommune:
        found = canonical_kommune(place.kommune)
        place = replace(place, kommunenummer=found[0]) if found else place
    return places.needs_bydel(_index(), place)


def kommune_for_postnummer(postnummer: str) -> tuple[str, str] | None:
    return places.kommune_for_postnummer(_index(), postnummer)


def kommune_for_bydel(bydel: str) -> str | None:
    hit = _index().bydeler.get(fold(bydel))
    return hit[2] if hit else None


def canonical_kommune(name: str) -> tuple[str, str] | None:
    """(kommunenummer, official name) for a typed kommune name, tolerating case, æøå and small typos."""
    return places.canonical_kommune(_index(), name)


def place_in_message(text: str) -> Place:
    """A place mentioned in passing ("jeg bor forresten i Bærum"); nothing without a word about living somewhere."""
    return places.place_in_message(_index(), text)


@dataclass(frozen=True)
class PostnummerPlace:
    """What a postnummer stands for, to confirm it back to the bruker: "0557 er Oslo, bydel Grünerløkka"."""

    postnummer: str
    poststed: str
    kommune: str
    bydel: str | None = None


def _nice_poststed(name: str) -> str:
    """"MO I RANA" -> "Mo i Rana", "SANDNESSJØEN" -> "Sandnessjøen"."""
    words = name.lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else w.capitalize() for i, w in enumerate(words))


def postnummer_place(postnummer: str | None) -> PostnummerPlace | None:
    """The poststed, kommune and (where the data has it) bydel of a postnummer; None when it is not in the data."""
    if not postnummer:
        return None
    index = _index()
    hit = places.kommune_for_postnummer(index, postnummer)
    poststed = index.geografi.postnummer.get(postnummer)
    if hit is None or poststed is None:
        return None
    bydel = index.geografi.bydeler.get(poststed.bydelsnummer or "")
    return PostnummerPlace(postnummer, _nice_poststed(poststed.poststed), hit[1], bydel.navn if bydel else None)


# --- a postnummer said back in words (nb/nn/en) ------------------------------------------------------------------

_PLACE = {
    "same": {"nb": "{pn} er {kommune}", "nn": "{pn} er {kommune}", "en": "{pn} is {kommune}"},
    "other": {"nb": "{pn} er {poststed} i {kommune} kommune", "nn": "{pn} er {poststed} i {kommune} kommune",
              "en": "{pn} is {poststed} in {kommune} municipality"},
    "bydel": {"nb": ", bydel {bydel}", "nn": ", bydel {bydel}", "en": ", district {bydel}"},
}
CONFIRM_PLACE = {
    "nb": "Postnummer {place}. Stemmer det?",
    "nn": "Postnummer {place}. Stemmer det?",
    "en": "Postcode {place}. Is that right?",
}
PLACE_SAID = {"nb": "Postnummer {place}.", "nn": "Postnummer {place}.", "en": "Postcode {place}."}


def describe_postnummer(place: PostnummerPlace, lang: str) -> str:
    """"0557 er Oslo, bydel Grünerløkka", "1337 er Sandvika i Bærum kommune"."""
    same = place.poststed.casefold() == place.kommune.casefold()
    text = pick(_PLACE["same" if same else "other"], lang).format(pn=place.postnummer, kommune=place.kommune,
                                                                   poststed=place.poststed)
    return text + (pick(_PLACE["bydel"], lang).format(bydel=place.bydel) if place.bydel else "")


def postnummer_confirmation(place: PostnummerPlace, lang: str) -> str:
    return pick(CONFIRM_PLACE, lang).format(place=describe_postnummer(place, lang))


def postnummer_said(place: PostnummerPlace, lang: str) -> str:
    return pick(PLACE_SAID, lang).format(place=describe_postnummer(place, lang))
