"""Build the NLU lookup tables, synonyms and regexes for place names and benefits.

Reads the SSB/Kartverket kommune list and the SSB bydel list in /work/shared/data (override with
NAVCHAT_SHARED_DATA) and writes data/nlu/office_lookups.yml, plus the place aliases in reference/place_aliases.json. Run again when the reference data changes:

    .venv/bin/python scripts/build_nlu_lookups.py
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A postnummer is four digits that are not an amount ("ca 8000", "8000 kr", "kroner 8000", "5000 på konto",
# "7500 i husleie", "7500 i måneden" are amounts).
POSTNUMMER_REGEX = r"\b(?<!kr )(?<!kr\. )(?<!kroner )(?<!ca )(?<!ca\. )(?<!cirka )(?<!kring )(?<!rundt )(?<!omtrent )(?<!over )(?<!under )(?<!about )(?<!nok )(?<!med )(?<!beløp )(?<!betaler )\d{4}\b(?!\s*(kr\b|kroner|krone\b|nok\b|,-|\.-|,\d|\.\d|\s*(på|i) (konto|sparekonto|bsu|banken)|\s*in (the bank|savings)|\s*(i|per|pr\.?|om|a|in) (måned\w*|månad\w*|mnd|uka|uke|veka|veke|året|husleie\w*|husleige\w*|leie|leige|lønn|løn|gjeld|month|week|year|rent)\b))"
SHARED_DATA = Path(os.environ.get("NAVCHAT_SHARED_DATA", "/work/shared/data"))
KOMMUNER_CSV = SHARED_DATA / "ssb_kartverket_kommuner_2024_digihot.csv"
BYDELER_CSV = SHARED_DATA / "ssb_bydeler_digihot.csv"
OUT = ROOT / "data" / "nlu" / "office_lookups.yml"
PLACES_OUT = ROOT / "reference" / "place_aliases.json"

# Kommune names that are also everyday words (Time, Sola, Heim, Stad, Gran ...). Matching them anywhere in a
# sentence would tag "what time is it" or "ikkje stad å sove" as a kommune. They stay out of the lookup; the
# bot still understands them as a direct answer to "Hvilken kommune bor du i?" (the router resolves the text).
AMBIGUOUS_KOMMUNER = {
    "Time", "Sola", "Heim", "Stad", "Gran", "Os", "Nes", "Hole", "Fjord", "Vik", "Sel", "Ås", "Ål", "Lom",
    "Vang", "Alver", "Lier", "Moss", "Bø", "Leka", "Kinn", "Tinn", "Rana", "Vega", "Valle", "Grane", "Sande",
    "Tana", "Lund", "Hol", "Gol", "Nome", "Strand", "Frosta", "Hå", "Lesja", "Øyer", "Grue", "Aure", "Osen",
    "Skaun", "Fedje", "Vinje", "Klepp", "Sund",
}
# Bydel "names" that are not places people live in, or are everyday words.
SKIPPED_BYDELER = {"Uoppgitt", "Marka", "Sentrum"}

# Old (pre-2020/2024) kommune names and other common names people still use -> current kommune.
ALIASES: dict[str, list[str]] = {
    "Oslo": ["oslo kommune", "christiania"],
    "Trondheim": ["trondhjem", "klæbu", "tr.heim"],
    "Kristiansand": ["krsand", "kr.sand", "kristiansand s", "søgne", "songdalen"],
    "Bærum": ["sandvika"],
    "Asker": ["røyken", "hurum"],
    "Drammen": ["nedre eiker", "svelvik"],
    "Lillestrøm": ["skedsmo", "sørum"],
    "Nordre Follo": ["oppegård", "ski kommune", "kolbotn"],
    "Færder": ["tjøme", "nøtterøy"],
    "Sandefjord": ["stokke", "andebu"],
    "Lindesnes": ["mandal", "marnardal", "audnedal"],
    "Bjørnafjorden": ["fusa", "os i hordaland"],
    "Øygarden": ["sotra"],
    "Sunnfjord": ["førde", "naustdal", "jølster", "gaular"],
    "Stavanger": ["finnøy kommune", "rennesøy kommune"],
    "Senja": ["lenvik", "finnsnes"],
    "Kautokeino": ["guovdageaidnu"],
    "Karasjok": ["kárášjohka", "karasjohka"],
    "Tana": ["deatnu"],
    "Nesseby": ["unjárga", "unjarga"],
    "Porsanger": ["porsáŋgu", "porsangu"],
    "Kåfjord": ["gáivuotna", "gaivuotna"],
    "Ålesund": ["aalesund", "ålesund kommune"],
    "Tromsø": ["tromsoe", "romsa"],
    "Bodø": ["bodo", "bodoe"],
}

BENEFITS: dict[str, list[str]] = {
    "økonomisk sosialhjelp": ["sosialhjelp", "sosialhjelpen", "økonomisk sosialhjelp", "sosialstønad", "sossen",
                              "økonomisk stønad", "nødhjelp"],
    "dagpenger": ["dagpenger", "dagpengene", "dagpengar"],
    "sykepenger": ["sykepenger", "sykepengene", "sjukepengar"],
    "arbeidsavklaringspenger": ["aap", "arbeidsavklaringspenger", "arbeidsavklaringspengar"],
    "barnetrygd": ["barnetrygd", "barnetrygden", "utvidet barnetrygd"],
    "foreldrepenger": ["foreldrepenger", "foreldrepengene", "foreldrepengar", "engangsstønad"],
    "bostøtte": ["bostøtte", "bostøtten", "bustøtte"],
    "uføretrygd": ["uføretrygd", "uføre", "uførepensjon"],
    "kontantstøtte": ["kontantstøtte"],
    "overgangsstønad": ["overgangsstønad"],
    "pensjon": ["pensjon", "alderspensjon"],
}

ASCII_FOLDS = [("æ", ["ae", "e"]), ("ø", ["o", "oe"]), ("å", ["a", "aa"]), ("ü", ["u"]), ("á", ["a"])]


def read_kommuner(path: Path = KOMMUNER_CSV) -> list[str]:
    """Kommune names (2024 structure), unique, in file order. Columns: fylkenr;fylke;kommunenr;kommune."""
    names: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter=";"):
            if len(row) >= 4 and row[3].strip() and row[3].strip() not in names:
                names.append(row[3].strip())
    return names


def read_bydeler(path: Path = BYDELER_CSV) -> list[str]:
    """Bydel names (Oslo, Bergen, Trondheim, Stavanger) without the non-place codes. Columns: nr;navn."""
    names: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter=";"):
            if len(row) >= 2 and row[1].strip() and row[1].strip() not in SKIPPED_BYDELER:
                names.append(row[1].strip())
    return names


def spelling_variants(name: str) -> set[str]:
    """Common ways people type a place name: lower case, without æøå, with/without hyphens and dots."""
    forms = {name.lower()}
    for src, targets in ASCII_FOLDS:
        forms |= {f.replace(src, t) for f in list(forms) for t in targets}
    forms |= {f.replace("-", " ") for f in forms} | {f.replace("-", "") for f in forms}
    forms |= {f.replace(". ", " ").replace(".", "") for f in forms}
    forms |= {f.replace("st ", "sankt ") for f in forms if f.startswith("st ")}
    return forms


def _block(lines: Iterable[str]) -> str:
    return "".join(f"    - {line}\n" for line in sorted(set(lines)))


def build(kommuner: list[str], bydeler: list[str]) -> str:
    kommune_lookup: set[str] = set()
    synonyms: dict[str, set[str]] = {}
    for name in kommuner:
        if name in AMBIGUOUS_KOMMUNER:
            continue
        variants = spelling_variants(name) | {a.lower() for a in ALIASES.get(name, [])}
        kommune_lookup |= variants | {name}
        synonyms.setdefault(name, set()).update(v for v in variants if v != name)
    bydel_lookup: set[str] = set()
    for name in bydeler:
        variants = spelling_variants(name)
        if name == "Grünerløkka":
            variants |= {"løkka", "lokka"}
        bydel_lookup |= variants | {name}
        synonyms.setdefault(name, set()).update(v for v in variants if v != name)
    benefit_lookup: set[str] = set()
    for canonical, forms in BENEFITS.items():
        benefit_lookup |= set(forms)
        synonyms.setdefault(canonical, set()).update(f for f in forms if f != canonical)

    clash = kommune_lookup & bydel_lookup
    kommune_lookup -= clash  # a name that is both (e.g. Finnøy) is tagged as bydel; the router resolves both

    out = [
        '# GENERATED by scripts/build_nlu_lookups.py from /work/shared/data (SSB, Kartverket). Do not edit.\n',
        'version: "3.1"\n',
        "nlu:\n",
        "- regex: postnummer\n  examples: |\n    - " + POSTNUMMER_REGEX + "\n",
        "- lookup: kommune\n  examples: |\n" + _block(kommune_lookup),
        "- lookup: bydel\n  examples: |\n" + _block(bydel_lookup),
        "- lookup: benefit\n  examples: |\n" + _block(benefit_lookup),
    ]
    for canonical in sorted(synonyms):
        examples = synonyms[canonical] - {canonical}
        if examples:
            out.append(f"- synonym: {canonical}\n  examples: |\n" + _block(examples))
    return "".join(out)


def build_places() -> dict[str, dict]:
    """The everyday place aliases (router/domain/places.py, loaded with the reference data).

    The places themselves (kommuner, bydeler, postnumre) come from reference/ through the router's loader, so the
    bot and the router know the same places; which office serves a place is asked from the router at run time.
    """
    return {"aliases": ALIASES}


def main() -> int:
    kommuner, bydeler = read_kommuner(), read_bydeler()
    if len(kommuner) < 300:
        print(f"expected ~357 kommuner in {KOMMUNER_CSV}, found {len(kommuner)}", file=sys.stderr)
        return 1
    OUT.write_text(build(kommuner, bydeler), encoding="utf-8")
    PLACES_OUT.parent.mkdir(parents=True, exist_ok=True)
    PLACES_OUT.write_text(json.dumps(build_places(), ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {PLACES_OUT.relative_to(ROOT)}")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(kommuner)} kommuner, {len(bydeler)} bydeler")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
