"""Operator commands for the reference data: `reference validate` and `reference resolve`.

    python -m router.cli reference validate [--dir reference] [--on 2026-11-22]
    python -m router.cli reference resolve --kommune Oslo --bydel Frogner --tema KOM [--diskresjonskode SPFO]

validate exits 1 on errors (unknown enhet in a rule, overlapping rules, a kommune with no office, an SPSF rule not
pointing to 2103), 0 with warnings (expired rules, kommuner served by a flagged fallback).
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from pathlib import Path

from router.adapters.reference_data import (
    ReferenceDataError,
    ReferenceRouting,
    load_reference_data,
    resolution_rows,
)
from router.config import Settings
from router.domain.opening_hours import OSLO
from router.domain.routing import validate_rules
from router.domain.routing_policy import BadRoutingInput, RoutingQuery
from router.services import routing


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("reference", help="check and query the reference data (enheter, rules)")
    sub = parser.add_subparsers(dest="reference_command", required=True)

    validate = sub.add_parser("validate", help="check reference/*.csv; non-zero exit on errors")
    _common(validate)
    validate.set_defaults(func=run_validate)

    res = sub.add_parser("resolve", help="print the ranked enheter for a place and tema (same as the API)")
    _common(res)
    for name in ("kommune", "postnummer", "bydel", "gt", "tema", "diskresjonskode"):
        res.add_argument(f"--{name}")
    res.add_argument("--skjermet", default="false")
    res.add_argument("--json", action="store_true", help="print the API's JSON")
    res.set_defaults(func=run_resolve)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", type=Path, default=None, help="reference folder (default: settings)")
    parser.add_argument("--on", type=date.fromisoformat, default=None, help="judge rules on this date (Oslo)")


def _load(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    folder = args.dir or Settings.from_env().reference_dir
    return load_reference_data(folder), (args.on or datetime.now(OSLO).date())


def run_validate(args: argparse.Namespace) -> int:
    try:
        reference, on = _load(args)
    except ReferenceDataError as exc:
        print(f"ERROR {exc}")
        return 1
    report = validate_rules(reference.rules, reference.enheter, reference.kommune_gts(), on)
    for error in report.errors:
        print(f"ERROR {error}")
    for warning in report.warnings:
        print(f"WARNING {warning}")
    names = reference.geografi.kommuner
    print(f"WARNING {len(report.fallback_kommuner)} kommuner served (wholly or partly) by a flagged fallback:")
    for nr in report.fallback_kommuner:
        print(f"  {nr} {names[nr].navn} ({names[nr].fylke})")
    print(
        f"kommuner with an office from data: {report.kommuner_from_data}/{report.kommuner_total} "
        f"({report.share_from_data:.1%}); rules: {len(reference.rules)}; enheter: {len(reference.enheter)}; "
        f"checked on {on}"
    )
    print("result: " + ("ERRORS" if report.errors else "ok (with warnings)" if report.warnings else "ok"))
    return 1 if report.errors else 0


def run_resolve(args: argparse.Namespace) -> int:
    reference, on = _load(args)
    try:
        query = RoutingQuery(kommune=args.kommune, postnummer=args.postnummer, bydel=args.bydel, gt=args.gt,
                             tema=args.tema, diskresjonskode=args.diskresjonskode, skjermet=args.skjermet)
        resolution = routing.resolve(ReferenceRouting(reference), query, on=on)
    except BadRoutingInput as exc:
        print(json.dumps({"error": str(exc)}, ensure_ascii=False) if args.json else f"error: {exc}")
        return 2
    rows = resolution_rows(resolution, reference)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if resolution.gt:
        print(f"GT {resolution.gt.gt}: {resolution.gt.reason}")
    for rank, row in enumerate(rows, start=1):
        flags = [f for f, on_ in (("ALTERNATE", row["alternate"]), ("FALLBACK", row["fallback"])) if on_]
        if row["requires_permission"]:
            flags.append(f"needs {row['requires_permission']}")
        print(f"{rank}. {row['enhetsnummer']} {row['navn']}" + (f" [{', '.join(flags)}]" if flags else ""))
        match_reason = resolution.matches[rank - 1].reason
        print(f"   {match_reason}")
    if not rows:
        print("no enhet found")
        return 1
    return 0
