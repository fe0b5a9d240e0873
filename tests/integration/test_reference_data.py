"""The real reference data (reference/*.csv built from shared/data): loading, coverage and known routes."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from router.adapters.reference_data import (
    ReferenceData,
    ReferenceDataError,
    ReferenceRouting,
    load_reference_data,
)
from router.domain.geografi import AmbiguousPlace, GtType, resolve_gt
from router.domain.routing import VIKAFOSSEN, EnhetType, Permission, find_enheter, validate_rules
from router.domain.routing_policy import Resolution, RoutingQuery
from router.services import routing

ROOT = Path(__file__).resolve().parents[2]
ON = date(2026, 11, 22)


@pytest.fixture(scope="module")
def reference() -> ReferenceData:
    return load_reference_data(ROOT / "reference")


def kom(reference: ReferenceData, **place: str):
    return resolve(reference, tema="KOM", on=ON, **place)


def test_all_2024_kommuner_are_loaded(reference: ReferenceData) -> None:
    assert len(reference.geografi.kommuner) == 357
    with_bydeler = {k for k, v in reference.geografi.kommuner.items() if v.har_bydeler}
    assert with_bydeler == {"0301", "1103", "4601", "5001"}


def test_every_kommune_and_bydel_resolves_to_an_enhet_from_data_or_flagged_fallback(reference) -> None:
    for kommunenr, gts in reference.kommune_gts().items():
        for gt in gts:
            matches = find_enheter(reference.rules, gt, "KOM", diskresjonskode=None, skjermet=False, on=ON)
            assert matches, f"{kommunenr}/{gt} has no enhet"
            first = reference.enhet(matches[0].enhetsnummer)
            assert first is not None, f"{gt} routes to unknown enhet {matches[0].enhetsnummer}"
            if matches[0].fallback:
                assert first.type in (EnhetType.KONTAKT, EnhetType.KONTAKTSENTER), "fallback must be a kontaktsenter"
            else:
                assert first.type is EnhetType.LOKAL


def test_validator_has_no_errors_and_reports_the_fallbacks(reference) -> None:
    report = validate_rules(reference.rules, reference.enheter, reference.kommune_gts(), ON)
    assert report.errors == ()
    # DERIVED_UNVERIFIED: 37 kommuner without an office in the sources, plus Oslo (bydel Marka)
    assert len(report.fallback_kommuner) == 38
    assert report.kommuner_from_data == 319
    assert "1111" in report.fallback_kommuner  # Sokndal: 2020 office closed, successor unknown


@pytest.mark.parametrize(
    ("bydel", "enhetsnummer"),
    [("Grünerløkka", "0315"), ("Frogner", "0312"), ("Åsane", "1203"), ("Fana", "1202"), ("Madla", "1165"),
     ("Lerkendal", "5702")],
)
def test_known_bydeler_go_to_their_office(reference, bydel: str, enhetsnummer: str) -> None:
    result = kom(reference, bydel=bydel)
    assert result.gt is not None and result.gt.type is GtType.BYDEL
    assert result.matches[0].enhetsnummer == enhetsnummer
    assert not result.matches[0].fallback


def test_postnummer_0150_is_oslo(reference) -> None:
    gt = resolve_gt(reference.geografi, postnummer="0150")
    assert gt is not None and gt.kommunenummer == "0301"
    assert gt.type is GtType.KOMMUNE and "bydel" in gt.reason


def test_postnummer_with_a_bydel_in_the_data_goes_to_the_bydel_office(reference) -> None:
    result = kom(reference, postnummer="0175")
    assert result.gt.gt == "030102" and result.matches[0].enhetsnummer == "0315"


def test_kode_6_goes_to_vikafossen_for_every_gt(reference) -> None:
    for gts in reference.kommune_gts().values():
        for gt in gts:
            matches = find_enheter(reference.rules, gt, "KOM", diskresjonskode="SPSF", skjermet=False, on=ON)
            assert [m.enhetsnummer for m in matches] == [VIKAFOSSEN]
    assert reference.enhet(VIKAFOSSEN).navn == "Nav Vikafossen"


def test_kode_7_stays_local_with_permission(reference) -> None:
    result = resolve(reference, bydel="Frogner", tema="KOM", diskresjonskode="SPFO", on=ON)
    assert result.matches[0].enhetsnummer == "0312"
    assert result.matches[0].requires_permission is Permission.FORTROLIG


def test_state_tema_goes_to_kontaktsenter_queue(reference) -> None:
    result = resolve(reference, kommune="Bodø", tema="SYK", on=ON)
    assert result.matches[0].enhetsnummer == "NKS-HELSE"
    assert reference.enhet("NKS-HELSE").type is EnhetType.KONTAKTSENTER


def test_old_kommunenummer_and_names(reference) -> None:
    assert resolve_gt(reference.geografi, kommune="3803").kommunenummer == "3905"  # Tønsberg 2020 -> 2024
    assert resolve_gt(reference.geografi, kommune="0704").kommunenummer == "3905"  # Tønsberg 2019 -> 2024
    assert resolve_gt(reference.geografi, kommune="Våler (Innlandet)").kommunenummer == "3419"
    assert resolve_gt(reference.geografi, kommune="tromso").kommunenummer == "5501"


def test_digisos_flags_come_from_norg2(reference) -> None:
    enhet = reference.enhet("0315")
    assert enhet.digisos.digital_soknad is True
    assert enhet.digisos.midlertidig_stengt is None  # not in the source


def test_build_is_deterministic_and_matches_the_committed_files(tmp_path: Path) -> None:
    source = ROOT.parent / "shared" / "data"
    assert source.is_dir(), f"the raw sources must lie beside the checkout, at {source} (as in CI)"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_reference_data.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("enheter.csv", "kommuner.csv", "bydeler.csv", "postnummer.csv", "regler.csv",
                 "kommunenummer_2020.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "reference" / name).read_bytes(), name


def test_malformed_file_fails_loudly(tmp_path: Path) -> None:
    for name in ("enheter.csv", "kommuner.csv", "bydeler.csv", "postnummer.csv", "kommunenummer_2020.csv", "nav_dager.csv"):
        (tmp_path / name).write_bytes((ROOT / "reference" / name).read_bytes())
    (tmp_path / "regler.csv").write_text(
        "geografisk_omraade,tema,temagruppe,diskresjonskode,skjermet,gyldig_fra,gyldig_til,enhetsnummer\n"
        "0301,KOM,*,*,maybe,2024-01-01,,0315\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="regler.csv line 2"):
        load_reference_data(tmp_path)


def test_a_queue_that_is_no_norg2_enhet_must_name_the_real_enhet_it_belongs_to(tmp_path: Path,
                                                                               reference: ReferenceData) -> None:
    assert {e.del_av for e in reference.enheter.values() if e.enhetsnummer.startswith("NKS-")} == {"4100"}
    assert reference.enheter["4100"].type.value == "KONTAKT"
    for name in ("kommuner.csv", "bydeler.csv", "postnummer.csv", "kommunenummer_2020.csv", "regler.csv", "nav_dager.csv"):
        (tmp_path / name).write_bytes((ROOT / "reference" / name).read_bytes())
    enheter = (ROOT / "reference" / "enheter.csv").read_text(encoding="utf-8")
    (tmp_path / "enheter.csv").write_text(enheter.replace("temagruppe),4100", "temagruppe),"), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="names no real enhet"):
        load_reference_data(tmp_path)


def test_reference_routing_implements_the_handoff_port(reference) -> None:
    from router.domain.opening_hours import OSLO, is_open, next_opening
    from router.domain.queue import Priority
    from router.services.routing import route_handoff

    def route(**query: object):  # type: ignore[no-untyped-def]
        return route_handoff(ReferenceRouting(reference), place_text=query.pop("kommune"), priority=Priority.NORMAL,
                             **query)  # type: ignore[arg-type]

    saturday_evening = datetime(2026, 11, 21, 20, 0, tzinfo=OSLO)
    frogner = route(tema="KOM", kommune="Frogner", diskresjonskode=None, skjermet=False, now=saturday_evening)
    placement = frogner.placement
    assert (placement.enhetsnummer, placement.navn, placement.alternate_enhetsnummer) == ("0312", "Nav Frogner", "4106")
    hours = ReferenceRouting(reference).opening_hours("0312")
    assert not is_open(hours, saturday_evening) and next_opening(hours, saturday_evening) == datetime(
        2026, 11, 23, 9, 0, tzinfo=OSLO)
    assert placement.sla_deadline == datetime(2026, 11, 23, 9, 30, tzinfo=OSLO)  # 30 min of opening time
    kode6 = route(tema="KOM", kommune="Frogner", diskresjonskode="SPSF", skjermet=False, now=saturday_evening)
    assert kode6.enhetsnummer == "2103" and kode6.placement.geografisk_tilknytning is None
    assert kode6.requires_permission == "strengt_fortrolig"
    unknown = route(tema="KOM", kommune="Herøy", diskresjonskode=None, skjermet=True, now=saturday_evening)
    assert unknown.enhetsnummer == "NKS-OVRG" and "ambiguous" in unknown.placement.reason
    assert unknown.requires_permission == "skjermet"
    by_postnummer = route(tema="DAG", kommune="0175", diskresjonskode="SPFO", skjermet=False,
                                  now=saturday_evening)
    assert by_postnummer.enhetsnummer == "NKS-ARBD" and by_postnummer.requires_permission == "fortrolig"


def test_former_kommune_names_from_the_crosswalk(reference) -> None:
    assert resolve_gt(reference.geografi, kommune="Skedsmo").kommunenummer == "3205"  # Lillestrøm since 2020
    assert resolve_gt(reference.geografi, kommune="Røyken").kommunenummer == "3203"  # Asker
    with pytest.raises(AmbiguousPlace):  # split between Hitra and Orkland in 2020
        resolve_gt(reference.geografi, kommune="Snillfjord")


def resolve(reference: ReferenceData, *, on, **query) -> Resolution:  # type: ignore[no-untyped-def]
    return routing.resolve(ReferenceRouting(reference), RoutingQuery(**query), on=on)


def test_cli_validate_and_resolve(tmp_path: Path, capsys) -> None:
    from router.cli import main

    assert main(["reference", "validate", "--dir", str(ROOT / "reference"), "--on", "2026-11-22"]) == 0
    out = capsys.readouterr().out
    assert "319/357" in out and "38 kommuner" in out
    assert main(["reference", "resolve", "--dir", str(ROOT / "reference"), "--bydel", "Frogner", "--tema", "KOM"]) == 0
    assert "0312 Nav Frogner" in capsys.readouterr().out

    for name in ("enheter.csv", "kommuner.csv", "bydeler.csv", "postnummer.csv", "kommunenummer_2020.csv", "nav_dager.csv"):
        (tmp_path / name).write_bytes((ROOT / "reference" / name).read_bytes())
    broken = (ROOT / "reference" / "regler.csv").read_text(encoding="utf-8")
    broken += "030105,KOM,*,*,*,2024-01-01,,0999,,operator typo,middels,false\n"
    (tmp_path / "regler.csv").write_text(broken, encoding="utf-8")
    assert main(["reference", "validate", "--dir", str(tmp_path), "--on", "2026-11-22"]) == 1
    out = capsys.readouterr().out
    assert "unknown enhet 0999" in out and "overlapping rules" in out
