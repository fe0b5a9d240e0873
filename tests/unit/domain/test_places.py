"""Unit tests for router/domain/places.py over the real reference data: what a bruker types -> the place."""

from __future__ import annotations

from functools import cache

import pytest

from router.adapters.reference_data import load_reference_data
from router.config import Settings
from router.domain.places import PlaceIndex, parse_place, place_in_message


@cache
def index() -> PlaceIndex:
    return load_reference_data(Settings.from_env().reference_dir).places


@pytest.mark.parametrize(("text", "kommune", "bydel", "postnummer"), [
    ("Jeg bor på Grünerløkka i Oslo", "Oslo", "Grünerløkka", None),
    ("løkka", "Oslo", "Grünerløkka", None),
    ("Årstad", "Bergen", "Årstad", None),
    ("jeg bor i bydel Heimdal", "Trondheim", "Heimdal", None),
    ("Hundvåg", "Stavanger", "Hundvåg", None),
    ("0552 Oslo", "Oslo", "Grünerløkka", "0552"),
    ("Sandvika", "Bærum", None, None),  # an everyday alias (reference/place_aliases.json)
    ("I live in Tromso", "Tromsø", None, None),
])
def test_places_people_type(text: str, kommune: str, bydel: str | None, postnummer: str | None) -> None:
    place = parse_place(index(), text)
    assert (place.kommune, place.bydel, place.postnummer) == (kommune, bydel, postnummer)
    assert place.bydelsnummer is None or place.bydelsnummer.startswith(place.kommunenummer or "?")


def test_amounts_are_not_postnumre_and_a_place_in_passing_needs_a_cue() -> None:
    assert not parse_place(index(), "jeg har 8000 kr på konto").postnummer
    assert not parse_place(index(), "sparepenger: kr 4000").postnummer
    assert not place_in_message(index(), "Hå?").found, "a kommune name alone, said in passing, is not a place"
    assert place_in_message(index(), "forresten, jeg bor på Frogner").bydel == "Frogner"
    assert place_in_message(index(), "postnummeret mitt er 7030").kommune == "Trondheim"
    assert not parse_place(index(), "vet ikke").found


@pytest.mark.parametrize(("text", "kommune"), [
    ("jeg bor ikke i Stavanger men i Sandnes", "Sandnes"),
    ("Jeg bor ikke i Oslo, men i Bærum", "Bærum"),
    ("eg bur ikkje på Voss, eg bur i Bergen", "Bergen"),
    ("I don't live in Bergen any more, I live in Tromso", "Tromsø"),
    ("jeg bor i Oslo, ikke i Bærum", "Oslo"),
    ("jeg bor ikke i Stavanger lenger", None),  # not Stavanger, nor Levanger ("lenger")
    ("jeg bor ikke lenger i Sandnes", None),
])
def test_a_place_the_bruker_does_not_live_in_is_not_taken(text: str, kommune: str | None) -> None:
    assert parse_place(index(), text).kommune == kommune


@pytest.mark.parametrize(("text", "kommune", "bydel"), [
    # A probe's waiting bruker: "flyttet til" must name where they live now, and the negated place stays out.
    ("Jeg bor ikke i Sandnes lenger, flyttet til Bergen", "Bergen", None),
    ("Jeg har flyttet fra Sandnes til Bergen", "Bergen", None),
    ("Jeg bodde i Sandnes, men har flyttet til Bergen", "Bergen", None),
    ("Jeg har flyttet til Sola fra Sandnes", "Sola", None),
    ("Jeg har nettopp flyttet hit til Sola", "Sola", None),
    ("har nettopp flytta til Bergen, bydel Årstad", "Bergen", "Årstad"),
    ("eg har flytta frå Sandnes til Voss", "Voss", None),  # nynorsk
    ("Eg har flytta til Voss", "Voss", None),
    ("I moved from Sandnes to Bergen", "Bergen", None),
    ("I have moved to Tromsø", "Tromsø", None),
    ("I used to live in Sandnes, now I live in Sola", "Sola", None),
    # Not where they live now: a place left, lived in before, or moved to later.
    ("Jeg har flyttet fra Sandnes", None, None),
    ("jeg har flytta ut av Sandnes", None, None),
    ("Jeg bodde i Sandnes før", None, None),
    ("Jeg bor i Sandnes, men flytter til Bergen neste måned", "Sandnes", None),
    ("Jeg skal flytte til Bergen", None, None),
])
def test_a_move_names_the_place_moved_to(text: str, kommune: str | None, bydel: str | None) -> None:
    place = place_in_message(index(), text)
    assert (place.kommune, place.bydel) == (kommune, bydel)
