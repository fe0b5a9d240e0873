"""The place understanding of router/domain/places.py over the router's reference data, for the bot's slots.

The bot and the router read the same reference/*.csv (and reference/place_aliases.json) through the router's
loader, so they understand the same places. Which NAV office serves a place is never decided here: the router
answers that.
"""

from __future__ import annotations

from functools import lru_cache

from router.adapters.reference_data import load_reference_data
from router.config import Settings
from router.domain import places
from router.domain.places import Place, PlaceIndex, fold

__all__ = ["Place", "parse_place", "kommune_for_postnummer", "kommune_for_bydel", "canonical_kommune"]


@lru_cache(maxsize=1)
def _index() -> PlaceIndex:
    return load_reference_data(Settings.from_env().reference_dir).places


def parse_place(text: str) -> Place:
    """Understand a free-text answer to "which kommune do you live in?"."""
    return places.parse_place(_index(), text)


def kommune_for_postnummer(postnummer: str) -> tuple[str, str] | None:
    return places.kommune_for_postnummer(_index(), postnummer)


def kommune_for_bydel(bydel: str) -> str | None:
    hit = _index().bydeler.get(fold(bydel))
    return hit[2] if hit else None


def canonical_kommune(name: str) -> tuple[str, str] | None:
    """(kommunenummer, official name) for a typed kommune name, tolerating case, æøå and small typos."""
    return places.canonical_kommune(_index(), name)
