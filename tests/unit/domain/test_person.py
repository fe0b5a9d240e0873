"""What the registers say, in the router's words; the synthetic persons are valid and marked synthetic."""

from __future__ import annotations

import json
from pathlib import Path

from stdnum.no import fodselsnummer

from router.domain.person import (
    GeografiskTilknytning,
    Gradering,
    GtType,
    Oppfolging,
    Person,
    person_facts,
    pseudonym,
    strongest,
)

PERSONS = Path(__file__).resolve().parents[3] / "reference" / "synthetic" / "persons.json"


def test_every_synthetic_person_has_a_valid_fodselsnummer_and_the_file_says_synthetic() -> None:
    data = json.loads(PERSONS.read_text(encoding="utf-8"))
    assert "SYNTETISK" in data and "SYNTETISK" in data["SYNTETISK"]
    idents = [p["ident"] for p in data["personer"]]
    assert len(idents) == len(set(idents)) >= 6
    for ident in idents:
        assert fodselsnummer.is_valid(ident), ident


def test_the_gt_is_the_bydel_where_there_is_one_else_the_kommune_and_none_abroad() -> None:
    assert GeografiskTilknytning(GtType.BYDEL, "0301", "030102").gt == "030102"
    assert GeografiskTilknytning(GtType.KOMMUNE, "3201").gt == "3201"
    assert GeografiskTilknytning(GtType.UTLAND, gt_land="SWE").gt is None
    assert GeografiskTilknytning(GtType.UDEFINERT).gt is None


def test_the_strictest_gradering_counts_and_maps_to_norgs_codes() -> None:
    assert strongest([Gradering.FORTROLIG, Gradering.STRENGT_FORTROLIG_UTLAND]) is Gradering.STRENGT_FORTROLIG_UTLAND
    assert strongest([]) is Gradering.UGRADERT
    assert Person("A", "B", gradering=Gradering.STRENGT_FORTROLIG_UTLAND).diskresjonskode == "SPSF"
    assert Person("A", "B", gradering=Gradering.FORTROLIG).diskresjonskode == "SPFO"
    assert Person("A", "B").diskresjonskode is None


def test_the_pseudonym_is_keyed_stable_and_not_the_ident() -> None:
    ident = "01019012480"
    assert pseudonym(b"k", ident) == pseudonym(b"k", ident) != pseudonym(b"other", ident)
    assert ident not in pseudonym(b"k", ident)


def test_strengt_fortrolig_keeps_no_place_and_no_office() -> None:
    facts = person_facts(b"k", "23037734578", Person("S", "S", gradering=Gradering.STRENGT_FORTROLIG),
                         GeografiskTilknytning(GtType.BYDEL, None, "030102"), False, Oppfolging("v1", "0315"))
    assert facts.diskresjonskode == "SPSF" and facts.gt is None and facts.oppfolgingsenhet is None
    assert "23037734578" not in repr(facts)
