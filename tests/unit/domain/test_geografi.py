"""Unit tests for router/domain/geografi.py on a small hand-made index (the real data: tests/integration)."""

from __future__ import annotations

import pytest

from router.domain.geografi import (
    AmbiguousPlace,
    Bydel,
    Geografi,
    GeografiError,
    GtType,
    Kommune,
    MalformedInput,
    Poststed,
    UnknownPlace,
    find_kommune,
    gt_for_postnummer,
    normalize_name,
    resolve_gt,
)

GEO = Geografi.build(
    kommuner={
        "0301": Kommune("0301", "Oslo", "03", "Oslo", True),
        "1515": Kommune("1515", "Herøy", "15", "Møre og Romsdal", False),
        "1818": Kommune("1818", "Herøy", "18", "Nordland", False),
        "3451": Kommune("3451", "Nord-Aurdal", "34", "Innlandet", False),
        "1508": Kommune("1508", "Ålesund", "15", "Møre og Romsdal", False),
        "1580": Kommune("1580", "Haram", "15", "Møre og Romsdal", False),
        "3907": Kommune("3907", "Sandefjord", "39", "Vestfold", False),
    },
    bydeler={
        "030102": Bydel("030102", "Grünerløkka", "0301"),
        "030105": Bydel("030105", "Frogner", "0301"),
    },
    postnummer={
        "0150": Poststed("0150", "OSLO", "0301", "G"),
        "0175": Poststed("0175", "OSLO", "0301", "G", "030102", "NAV postnummerark 2020"),
        "3210": Poststed("3210", "SANDEFJORD", "3907", "G"),
    },
    kommunenummer_2020={"3804": ("3907",), "1507": ("1508", "1580")},
)


@pytest.mark.parametrize("text", ["Oslo", "oslo", "OSLO kommune", "Oslo Kommune", " oslo "])
def test_kommune_name_matching_is_forgiving(text: str) -> None:
    assert find_kommune(GEO, text).kommunenummer == "0301"


def test_hyphens_and_case_are_ignored() -> None:
    assert find_kommune(GEO, "nord aurdal").kommunenummer == "3451"
    assert find_kommune(GEO, "NORD-AURDAL").kommunenummer == "3451"
    assert find_kommune(GEO, "alesund").kommunenummer == "1508"
    assert find_kommune(GEO, "Aalesund").kommunenummer == "1508"


def test_normalize_name_folds_norwegian_letters() -> None:
    assert normalize_name("Grünerløkka bydel") == normalize_name("grunerlokka")
    assert normalize_name("Ålesund kommune") == "aalesund"


def test_ambiguous_name_lists_candidates_and_fylke_disambiguates() -> None:
    with pytest.raises(AmbiguousPlace) as exc:
        find_kommune(GEO, "Herøy")
    assert exc.value.candidates == ("1515", "1818")
    assert find_kommune(GEO, "Herøy (Nordland)").kommunenummer == "1818"


def test_old_2020_number_via_crosswalk_and_split_is_ambiguous() -> None:
    assert find_kommune(GEO, "3804").kommunenummer == "3907"
    with pytest.raises(AmbiguousPlace):
        find_kommune(GEO, "1507")


def test_unknown_and_malformed() -> None:
    with pytest.raises(UnknownPlace):
        find_kommune(GEO, "Atlantis")
    with pytest.raises(MalformedInput):
        find_kommune(GEO, "12345")
    with pytest.raises(MalformedInput):
        gt_for_postnummer(GEO, "15O")
    with pytest.raises(UnknownPlace):
        gt_for_postnummer(GEO, "9999")


def test_bydel_by_name_or_number_gives_a_6_digit_gt() -> None:
    assert resolve_gt(GEO, bydel="Grünerløkka").gt == "030102"
    assert resolve_gt(GEO, bydel="030105").gt == "030105"
    assert resolve_gt(GEO, kommune="Oslo", bydel="frogner").type is GtType.BYDEL


def test_postnummer_in_a_kommune_with_bydeler_gives_the_kommune_unless_the_data_says_the_bydel() -> None:
    plain = resolve_gt(GEO, postnummer="0150")
    assert plain.gt == "0301" and plain.type is GtType.KOMMUNE
    assert "does not say which bydel" in plain.reason
    known = resolve_gt(GEO, postnummer="0175")
    assert known.gt == "030102"


def test_postnummer_outside_bydel_kommuner_gives_the_kommune() -> None:
    assert resolve_gt(GEO, postnummer="3210").gt == "3907"


def test_contradictory_inputs_raise() -> None:
    with pytest.raises(GeografiError):
        resolve_gt(GEO, kommune="Sandefjord", postnummer="0150")
    with pytest.raises(GeografiError):
        resolve_gt(GEO, bydel="030102", postnummer="3210")
    assert resolve_gt(GEO, kommune="Oslo", postnummer="0175").gt == "030102"


def test_nothing_given_gives_none() -> None:
    assert resolve_gt(GEO) is None


def test_former_kommune_names_resolve_to_their_successor() -> None:
    geo = Geografi.build(GEO.kommuner, GEO.bydeler, GEO.postnummer, GEO.kommunenummer_2020,
                         former_names={"Stokke": ("3907",), "Sandefjord": ("3907",), "Ålesund": ("1508", "1580")})
    assert find_kommune(geo, "Stokke").kommunenummer == "3907"
    assert "former kommune" in resolve_gt(geo, kommune="stokke").reason
    assert find_kommune(geo, "Ålesund").kommunenummer == "1508"  # a current name wins over a former one
