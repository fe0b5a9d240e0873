"""Rebuild the operator-editable reference tables in reference/ from the raw public data in shared/data.

Usage: ``python scripts/build_reference_data.py [--source DIR] [--out DIR]``

Output is deterministic (sorted rows, fixed column order, no timestamps), so a rebuild with unchanged sources gives
byte-identical files and a diff shows exactly what an operator edited. Provenance: reference/README.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from router.texts import NAV_PHONE  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "reference"

# NAV's general phone number (router/texts): used where a source has no office phone.
NAV_TELEFON = NAV_PHONE
# No source has an office's visiting hours: the columns stay empty and say so. (Until 2026-12-06 every row carried
# NAV's phone hours, 09:00-15:00, as its own; the chat's staffed hours are a setting of the service, Settings.chat_hours.)
NO_HOURS_SOURCE = "kilde mangler (ingen kilde har kontorets åpningstider)"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
GYLDIG_FRA = "2024-01-01"  # the 2024 kommune structure the geography follows
VIKAFOSSEN = "2103"

# Kontaktsenter queues per temagruppe. NORG2 (2025-04) has regional kontaktsenter enheter (41xx) but no enhet per
# temagruppe, so these queue ids are project-defined and flagged as such in enheter.csv.
NKS_QUEUES: dict[str, tuple[str, str]] = {
    "ARBD": ("NKS-ARBD", "Nav kontaktsenter arbeid"),
    "FMLI": ("NKS-FMLI", "Nav kontaktsenter familie"),
    "HELSE": ("NKS-HELSE", "Nav kontaktsenter helse"),
    "PENS": ("NKS-PENS", "Nav kontaktsenter pensjon"),
    "HJLPM": ("NKS-HJLPM", "Nav kontaktsenter hjelpemidler"),
    "OVRG": ("NKS-OVRG", "Nav kontaktsenter generelt"),
}
# Temagruppe whose queue is shared with another (project choice: uføretrygd questions go to the helse queue).
SHARED_QUEUES = {"UFRT": "NKS-HELSE"}
GENERAL_QUEUE = "NKS-OVRG"
# The real NORG2 enhet the project's named queues belong to: Nav styringsenhet kontaktsenter.
KONTAKTSENTER_ENHET = "4100"

# 2024 fylke -> regional kontaktsenter in NORG2 2025-04, matched on the region in the enhet's name
# (Akershus/Østfold = former Øst-Viken, Buskerud = former Vest-Viken). Used only as a flagged fallback.
FYLKE_KONTAKTSENTER = {
    "03": "4106", "31": "4101", "32": "4101", "33": "4106", "34": "4105", "39": "4107", "40": "4107",
    "42": "4110", "11": "4111", "46": "4112", "15": "4114", "50": "4116", "18": "4118", "55": "4119",
    "56": "4119",
}
BYDEL_KOMMUNER = {"0301", "1103", "4601", "5001"}


@dataclass(frozen=True)
class Sources:
    folder: Path

    def csv_rows(self, name: str, delimiter: str = ",", header: bool = True) -> list[dict[str, str]] | list[list[str]]:
        with (self.folder / name).open(encoding="utf-8", newline="") as fh:
            if header:
                return list(csv.DictReader(fh, delimiter=delimiter))
            return [row for row in csv.reader(fh, delimiter=delimiter) if row]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def flag(value: str) -> str:
    return {"ja": "true", "nei": "false"}.get(value.strip().lower(), "")


def _norm(name: str) -> str:
    return name.lower().replace("nav ", "").strip()


def build(source: Path, out: Path) -> dict[str, int]:
    src = Sources(source)
    out.mkdir(parents=True, exist_ok=True)

    # --- geography (SSB/Kartverket 2024, SSB bydeler, Bring 2026) -------------------------------------------
    kommuner = sorted(
        (r[2], r[3].strip(), r[0], r[1]) for r in src.csv_rows("ssb_kartverket_kommuner_2024_digihot.csv", ";", False)
    )
    kommune_fylke = {nr: fylkenr for nr, _, fylkenr, _ in kommuner}
    bydeler = sorted((r[0], r[1].strip()) for r in src.csv_rows("ssb_bydeler_digihot.csv", ";", False))
    write_csv(
        out / "kommuner.csv",
        ["kommunenummer", "navn", "fylkesnummer", "fylke", "har_bydeler"],
        [[nr, navn, fnr, fylke, str(nr in BYDEL_KOMMUNER).lower()] for nr, navn, fnr, fylke in kommuner],
    )
    write_csv(
        out / "bydeler.csv",
        ["bydelsnummer", "navn", "kommunenummer"],
        [[nr, navn, nr[:4]] for nr, navn in bydeler],
    )
    crosswalk = src.csv_rows("DERIVED_kommunenr_2020_til_2024.csv")
    cross_rows = {
        (r["kommunenr_2020"], r["kommunenr_2024"]): [
            r["kommunenr_2020"], r["kommunenavn_2020"], r["kommunenr_2024"], r["kommunenavn_2024"], r["merknad"]]
        for r in crosswalk
    }
    # Older (2019) numbers as NAV's 2020 postnummer sheet pairs them with 2020 numbers, chained to 2024; only numbers
    # that are not also a 2020 or 2024 number, so no current number is ever reinterpreted.
    to_2024: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in crosswalk:
        to_2024[r["kommunenr_2020"]].append(r)
    taken = {r["kommunenr_2020"] for r in crosswalk} | {nr for nr, *_ in kommuner}
    for r in src.csv_rows("nav_postnummer_til_navkontor_2020-10.csv"):
        old = r["kommunenr_2019"]
        if old and old not in taken:
            for target in to_2024.get(r["kommunenr_2020"], []):
                cross_rows[(old, target["kommunenr_2024"])] = [
                    old, r["kommunenavn_2019"].title(), target["kommunenr_2024"], target["kommunenavn_2024"],
                    "2019-nr via NAV postnummerark 2020"]
    write_csv(
        out / "kommunenummer_2020.csv",
        ["kommunenummer_2020", "navn_2020", "kommunenummer_2024", "navn_2024", "merknad"],
        [cross_rows[k] for k in sorted(cross_rows)],
    )

    # --- enheter (NORG2 2025-04 + 2020 postal addresses) ----------------------------------------------------
    norg2 = src.csv_rows("nav_norg2_enheter_2025-04.csv")
    active = {r["enhetNr"]: r for r in norg2 if r["status"] == "Aktiv"}
    wb = openpyxl.load_workbook(source / "nav_navkontor_postnummer_2020-10.xlsx", read_only=True)
    adresser: dict[str, str] = {}
    for row in list(wb["Postadresser NAV kontor"].iter_rows(values_only=True))[1:]:
        if not row or not row[0]:
            continue
        nr, _navn, _fylke, kind, postnr, boks, sted, gate, husnr, bokstav = row[:10]
        postnr_s = f"{int(postnr):04d}" if postnr else ""
        if kind == "POSTBOKSADRESSE" and boks:
            line = f"Postboks {boks}"
        elif gate:
            line = " ".join(str(p) for p in (gate, husnr or "", bokstav or "") if p != "").strip()
        else:
            line = ""
        adresser[str(nr).zfill(4)] = ", ".join(p for p in (line, f"{postnr_s} {sted or ''}".strip()) if p)

    enhet_rows: list[list[str]] = []
    kept_types = {"LOKAL", "KONTAKT"}
    for nr in sorted(active):
        r = active[nr]
        if r["type"] not in kept_types and nr != VIKAFOSSEN:
            continue
        adresse = adresser.get(nr, "")
        enhet_rows.append(
            [
                nr, r["navn"], r["type"], r["status"],
                adresse, "NAV postadresse 2020-10" if adresse else "",
                NAV_TELEFON, "generelt nummer (kilde mangler kontorets nummer)",
                *["" for _ in WEEKDAYS], NO_HOURS_SOURCE,
                flag(r["digisos_digital_soknad"]), flag(r["digisos_innsyn_bruker"]), flag(r["digisos_innsyn_nks"]),
                "NORG2 2025-04", "",
            ]
        )
    # Each queue per temagruppe is a named queue inside NAV's national kontaktsenter enhet, never an enhet of its own.
    for queue_id, navn in sorted(NKS_QUEUES.values()):
        enhet_rows.append(
            [
                queue_id, navn, "KONTAKTSENTER", "Aktiv", "", "",
                NAV_TELEFON, "generelt nummer",
                *["" for _ in WEEKDAYS], NO_HOURS_SOURCE,
                "", "", "", "prosjektdefinert kø i 4100 Nav styringsenhet kontaktsenter (NORG2 har ingen enhet per "
                "temagruppe)", KONTAKTSENTER_ENHET,
            ]
        )
    write_csv(
        out / "enheter.csv",
        [
            "enhetsnummer", "navn", "type", "status", "adresse", "adresse_kilde", "telefon", "telefon_kilde",
            *[f"aapningstider_{d}" for d in WEEKDAYS], "aapningstider_kilde",
            "digisos_digital_soknad", "digisos_innsyn_bruker", "digisos_innsyn_nks", "kilde", "del_av",
        ],
        enhet_rows,
    )
    known_enheter = {row[0] for row in enhet_rows}

    # --- regler (NORG2 arbeidsfordeling style) ---------------------------------------------------------------
    header = [
        "geografisk_omraade", "tema", "temagruppe", "diskresjonskode", "skjermet", "gyldig_fra", "gyldig_til",
        "enhetsnummer", "alternate_enhetsnummer", "kilde", "tillit", "fallback",
    ]
    rules: list[list[str]] = [
        # DESIGN/NORG2: strengt fortrolig adresse (kode 6) is always handled by NAV Vikafossen.
        ["*", "*", "*", "SPSF", "*", GYLDIG_FRA, "", VIKAFOSSEN, "", "NAV: kode 6 behandles av Nav Vikafossen", "høy",
         "false"],
    ]
    for temagruppe, (queue_id, _navn) in sorted(NKS_QUEUES.items()):
        alternate = "" if queue_id == GENERAL_QUEUE else GENERAL_QUEUE
        rules.append(["*", "*", temagruppe, "*", "*", GYLDIG_FRA, "", queue_id, alternate,
                      "prosjekt: statlige temaer til kontaktsenterets kø for temagruppen", "prosjekt", "false"])
    for temagruppe, queue_id in sorted(SHARED_QUEUES.items()):
        rules.append(["*", "*", temagruppe, "*", "*", GYLDIG_FRA, "", queue_id, GENERAL_QUEUE,
                      "prosjekt: delt kø", "prosjekt", "false"])

    derived = src.csv_rows("DERIVED_UNVERIFIED_gt_til_navkontor_2025.csv")
    covered: set[str] = set()
    for r in sorted(derived, key=lambda r: r["geografisk_tilknytning"]):
        gt = r["geografisk_tilknytning"]
        kommunenr = gt[:4]
        nks = FYLKE_KONTAKTSENTER[kommune_fylke[kommunenr][:2]]
        enhet = r["enhetsnr_antatt_2025"]
        if enhet and enhet in known_enheter and r["tillit"] != "ingen":
            other = r["andre_enhetsnr_2020"]
            alternate = other if other in active and active[other]["type"] == "LOKAL" and other != enhet else nks
            rules.append([gt, "KOM", "*", "*", "*", GYLDIG_FRA, "", enhet, alternate,
                          f"DERIVED_UNVERIFIED: {r['metode']}", r["tillit"], "false"])
        else:
            # No office in the sources: a named, flagged fallback (the fylke's kontaktsenter), never an invented office.
            rules.append([gt, "KOM", "*", "*", "*", GYLDIG_FRA, "", nks, GENERAL_QUEUE,
                          f"FALLBACK: ingen kontor i kildene ({r['metode']}); fylkets kontaktsenter", "ingen",
                          "true"])
        covered.add(gt)
    for kommunenr in sorted(BYDEL_KOMMUNER):
        # A kommune with bydeler has an office per bydel; the kommune alone (e.g. from a postnummer) has none.
        nks = FYLKE_KONTAKTSENTER[kommune_fylke[kommunenr][:2]]
        rules.append([kommunenr, "KOM", "*", "*", "*", GYLDIG_FRA, "", nks, GENERAL_QUEUE,
                      "FALLBACK: kommunen har kontor per bydel, bydel ukjent; fylkets kontaktsenter", "ingen", "true"])
        covered.add(kommunenr)
    for nr, navn, _fnr, _fylke in kommuner:
        if nr not in covered and nr not in BYDEL_KOMMUNER:
            print(f"warning: kommune {nr} {navn} has no row in the DERIVED table", file=sys.stderr)
    write_csv(out / "regler.csv", header, rules)

    # --- postnummer (Bring 2026) + bydel where NAV's 2020 postnummer sheet says so --------------------------
    # A postnummer gets a bydel only if its 2020 NAV office is named after exactly one bydel of the kommune and,
    # when that office still exists, it serves no other bydel (DERIVED table); otherwise the bydel stays unknown.
    bydel_by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for nr, navn in bydeler:
        bydel_by_name[(nr[:4], _norm(navn))].append(nr)
    bydeler_per_office: dict[str, set[str]] = defaultdict(set)
    for r in derived:
        if r["type"] == "BYDEL" and r["enhetsnr_antatt_2025"]:
            bydeler_per_office[r["enhetsnr_antatt_2025"]].add(r["geografisk_tilknytning"])
    office_2020 = {r["postnummer"]: r for r in src.csv_rows("nav_postnummer_til_navkontor_2020-10.csv")}
    post_rows: list[list[str]] = []
    for row in sorted(src.csv_rows("bring_postnummerregister_2026-01_digihot.tsv", "\t", False)):
        postnr, sted, kommunenr, _kommunenavn, kategori = (c.strip() for c in row[:5])
        bydel, kilde = "", ""
        old = office_2020.get(postnr)
        if kommunenr in BYDEL_KOMMUNER and old and old["navkontor"]:
            matches = bydel_by_name.get((kommunenr, _norm(old["navkontor"])), [])
            still = bydeler_per_office.get(old["enhetsnr"], set())
            if len(matches) == 1 and (not still or still == {matches[0]}):
                bydel, kilde = matches[0], f"NAV postnummerark 2020: {old['navkontor']} ({old['enhetsnr']})"
        post_rows.append([postnr, sted, kommunenr, kategori, bydel, kilde])
    write_csv(
        out / "postnummer.csv",
        ["postnummer", "poststed", "kommunenummer", "kategori", "bydelsnummer", "bydel_kilde"],
        post_rows,
    )
    return {
        "kommuner": len(kommuner), "bydeler": len(bydeler), "enheter": len(enhet_rows), "regler": len(rules),
        "postnummer": len(post_rows), "postnummer_med_bydel": sum(1 for r in post_rows if r[4]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    counts = build(args.source, args.out)
    print(json.dumps(counts, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
