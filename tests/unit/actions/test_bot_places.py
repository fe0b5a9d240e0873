import pytest

from actions.places import parse_place


@pytest.mark.parametrize(("text", "kommune", "bydel", "postnummer"), [
    ("Bergen", "Bergen", None, None),
    ("jeg bor i trondhiem", "Trondheim", None, None),
    ("0557", "Oslo", "Grünerløkka", "0557"),  # the postnummer's bydel, from the reference data
    ("postnummer 5003", "Bergen", "Bergenhus", "5003"),
    ("jeg har 8000 kr i Bodø", "Bodø", None, None),  # an amount is not a postnummer
    ("Grünerløkka", "Oslo", "Grünerløkka", None),
    ("fana", "Bergen", "Fana", None),
    ("tromso", "Tromsø", None, None),
    ("bærum kommune", "Bærum", None, None),
    ("Time", "Time", None, None),
])
def test_parse_place(text: str, kommune: str, bydel: str | None, postnummer: str | None) -> None:
    place = parse_place(text)
    assert (place.kommune, place.bydel, place.postnummer) == (kommune, bydel, postnummer)


def test_unknown_place() -> None:
    assert not parse_place("vet ikke").found
    assert not parse_place("").found
