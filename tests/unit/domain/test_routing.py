"""Unit tests for router/domain/routing.py: ranking, wildcards, dates, alternates, kode 6/7, skjermet."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from router.domain.routing import (
    VIKAFOSSEN,
    Diskresjonskode,
    Enhet,
    EnhetType,
    Permission,
    Rule,
    Tema,
    Temagruppe,
    UnknownTema,
    find_enheter,
    parse_tema,
    validate_rules,
)

ON = date(2026, 11, 22)
FROM = date(2024, 1, 1)


def rule(gt="*", tema="*", gruppe="*", kode="*", skjermet="*", enhet="0315", alt=None, *, fra=FROM, til=None,
         fallback=False, tillit="middels") -> Rule:
    return Rule(gt, tema, gruppe, kode, skjermet, fra, til, enhet, alt, "test", tillit, fallback)


RULES = [
    rule(kode="SPSF", enhet=VIKAFOSSEN, tillit="høy"),
    rule(gruppe="ARBD", enhet="NKS-ARBD", alt="NKS-OVRG"),
    rule(gt="030102", tema="KOM", enhet="0315", alt="4106"),
    rule(gt="030105", tema="KOM", enhet="0312", alt="4106"),
    rule(gt="1111", tema="KOM", enhet="4111", alt="NKS-OVRG", fallback=True, tillit="ingen"),
]


def test_kom_goes_to_the_local_office_then_its_alternate() -> None:
    matches = find_enheter(RULES, "030102", Tema.KOM, diskresjonskode=None, skjermet=False, on=ON)
    assert [m.enhetsnummer for m in matches] == ["0315", "4106"]
    assert not matches[0].is_alternate and matches[1].is_alternate
    assert "030102" in matches[0].reason


def test_state_tema_goes_to_the_kontaktsenter_queue_of_its_temagruppe() -> None:
    matches = find_enheter(RULES, "030102", Tema.DAG, diskresjonskode=None, skjermet=False, on=ON)
    assert [m.enhetsnummer for m in matches] == ["NKS-ARBD", "NKS-OVRG"]


def test_more_specific_rule_beats_wildcard() -> None:
    rules = [rule(tema="KOM", enhet="4106"), rule(gt="030105", tema="KOM", enhet="0312")]
    matches = find_enheter(rules, "030105", "KOM", diskresjonskode=None, skjermet=False, on=ON)
    assert [m.enhetsnummer for m in matches] == ["0312", "4106"]


def test_rules_outside_their_dates_do_not_match() -> None:
    rules = [
        rule(gt="030105", tema="KOM", enhet="0312", til=date(2025, 12, 31)),
        rule(gt="030105", tema="KOM", enhet="0399", fra=date(2026, 1, 1)),
    ]
    assert [m.enhetsnummer for m in find_enheter(rules, "030105", "KOM", diskresjonskode=None, skjermet=False,
                                                  on=date(2025, 12, 31))] == ["0312"]
    assert [m.enhetsnummer for m in find_enheter(rules, "030105", "KOM", diskresjonskode=None, skjermet=False,
                                                  on=ON)] == ["0399"]


def test_fallback_is_flagged_in_the_match() -> None:
    matches = find_enheter(RULES, "1111", "KOM", diskresjonskode=None, skjermet=False, on=ON)
    assert matches[0].enhetsnummer == "4111" and matches[0].fallback
    assert "FALLBACK" in matches[0].reason


def test_spfo_stays_local_but_needs_the_fortrolig_permission() -> None:
    matches = find_enheter(RULES, "030102", "KOM", diskresjonskode="SPFO", skjermet=False, on=ON)
    assert matches[0].enhetsnummer == "0315"
    assert matches[0].requires_permission == Permission.FORTROLIG


def test_skjermet_needs_the_skjermet_permission() -> None:
    matches = find_enheter(RULES, "030102", "KOM", diskresjonskode="ANY", skjermet=True, on=ON)
    assert matches[0].enhetsnummer == "0315"
    assert matches[0].requires_permission == Permission.SKJERMET
    both = find_enheter(RULES, "030102", "KOM", diskresjonskode="SPFO", skjermet=True, on=ON)
    assert both[0].requires_permissions == (Permission.FORTROLIG, Permission.SKJERMET)


def test_spsf_goes_to_vikafossen_only() -> None:
    matches = find_enheter(RULES, "030102", "KOM", diskresjonskode="SPSF", skjermet=False, on=ON)
    assert [m.enhetsnummer for m in matches] == [VIKAFOSSEN]
    assert "table agrees" in matches[0].reason


def test_spsf_is_enforced_even_when_the_table_is_misedited() -> None:
    misedited = [rule(gt="030102", kode="SPSF", enhet="0315"), rule(gt="030102", tema="KOM", enhet="0315")]
    matches = find_enheter(misedited, "030102", "KOM", diskresjonskode=Diskresjonskode.SPSF, skjermet=False, on=ON)
    assert [m.enhetsnummer for m in matches] == [VIKAFOSSEN]
    assert "enforced in code" in matches[0].reason


codes = st.sampled_from(["*", "SPSF", "SPFO", "ANY"])
gts = st.sampled_from(["*", "030102", "030105", "1111", "4601"])
temaer = st.sampled_from(["*", "KOM", "DAG", "PEN"])
enheter = st.sampled_from(["0315", "0312", "1203", "4106", "NKS-ARBD", VIKAFOSSEN])
rules_strategy = st.lists(
    st.builds(rule, gt=gts, tema=temaer, kode=codes, skjermet=st.sampled_from(["*", "true", "false"]), enhet=enheter,
              alt=st.one_of(st.none(), enheter)),
    max_size=12,
)


@given(rules=rules_strategy, gt=gts.filter(lambda g: g != "*"), tema=st.sampled_from(["KOM", "DAG", "PEN", "AAP"]),
       skjermet=st.booleans())
def test_property_spsf_never_reaches_a_local_office_whatever_the_rules(rules, gt, tema, skjermet) -> None:
    matches = find_enheter(rules, gt, tema, diskresjonskode="SPSF", skjermet=skjermet, on=ON)
    assert [m.enhetsnummer for m in matches] == [VIKAFOSSEN]


@given(rules=rules_strategy, gt=gts.filter(lambda g: g != "*"), kode=st.sampled_from(["ANY", "SPFO"]))
def test_property_non_spsf_never_goes_to_vikafossen_and_no_duplicates(rules, gt, kode) -> None:
    matches = find_enheter(rules, gt, "KOM", diskresjonskode=kode, skjermet=False, on=ON)
    numbers = [m.enhetsnummer for m in matches]
    assert VIKAFOSSEN not in numbers
    assert len(numbers) == len(set(numbers))


def test_parse_tema_maps_codes_to_temagruppe() -> None:
    assert parse_tema("KOM") == (Tema.KOM, Temagruppe.OKSOS)
    assert parse_tema("dag") == (Tema.DAG, Temagruppe.ARBD)
    assert parse_tema("ANSOS") == (Tema.KOM, Temagruppe.ANSOS)
    assert parse_tema(None) == (Tema.KOM, Temagruppe.OKSOS)
    with pytest.raises(UnknownTema):
        parse_tema("XYZ")


def test_validate_reports_unknown_enhet_overlap_expired_and_missing_office() -> None:
    enh = {nr: Enhet(nr, nr, EnhetType.LOKAL) for nr in ("0315", "4106")}
    enh[VIKAFOSSEN] = Enhet(VIKAFOSSEN, "Nav Vikafossen", EnhetType.KO)
    rules = [
        rule(kode="SPSF", enhet=VIKAFOSSEN),
        rule(gt="030102", tema="KOM", enhet="0315", alt="9999"),
        rule(gt="030102", tema="KOM", enhet="4106", fra=date(2025, 1, 1)),
        rule(gt="030105", tema="KOM", enhet="0315", til=date(2025, 1, 1)),
    ]
    report = validate_rules(rules, enh, {"0301": ["030102", "030105"]}, ON)
    text = "\n".join(report.errors)
    assert "unknown enhet 9999" in text
    assert "overlapping rules" in text
    assert "030105" in text  # no valid office any more
    assert any("expired" in w for w in report.warnings)
    assert report.kommuner_from_data == 0
