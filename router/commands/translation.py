"""Operator commands for machine-translation models: list, install from files, install from the Argos index.

    python -m router.cli translation-models list [--dir DIR]
    python -m router.cli translation-models install FILE.argosmodel... [--dir DIR]
    python -m router.cli translation-models install-from-index FROM TO [--dir DIR]

Models go to ``Settings.argos_packages_dir`` (``NAVCHAT_ARGOS_PACKAGES_DIR``) unless ``--dir`` says otherwise.
The index needs internet; on an offline machine, download the ``.argosmodel`` elsewhere and ``install`` it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from router.adapters.translator import (
    PIVOT_LANGUAGE,
    BadPackage,
    find_installed_models,
    format_pairs,
    install_package,
    reachable_pairs,
)
from router.config import Settings

ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
NETWORK_TIMEOUT_S = 15.0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("translation-models", help="list and install Argos Translate models")
    sub = parser.add_subparsers(dest="translation_command", required=True)

    listing = sub.add_parser("list", help="installed model pairs, and the pairs reachable through English")
    _common(listing)
    listing.set_defaults(func=run_list)

    install = sub.add_parser("install", help="install .argosmodel files")
    install.add_argument("files", nargs="+", type=Path, metavar="FILE")
    _common(install)
    install.set_defaults(func=run_install)

    from_index = sub.add_parser("install-from-index", help="download and install a pair (needs internet)")
    from_index.add_argument("from_code", metavar="FROM")
    from_index.add_argument("to_code", metavar="TO")
    from_index.add_argument("--index-url", default=ARGOS_INDEX_URL, help="Argos package index (%(default)s)")
    _common(from_index)
    from_index.set_defaults(func=run_install_from_index)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", type=Path, default=None, help="packages directory (default: settings)")


def _packages_dir(args: argparse.Namespace) -> Path:
    return args.dir or Settings.from_env().argos_packages_dir


def run_list(args: argparse.Namespace) -> int:
    packages_dir = _packages_dir(args)
    models = find_installed_models(packages_dir)
    if not models:
        print(f"No translation models installed in {packages_dir}.")
        print("Install: python -m router.cli translation-models install FILE.argosmodel")
        return 0
    print(f"Installed in {packages_dir}:")
    for model in models:
        print(
            f"  {model.from_code}->{model.to_code}  version {model.package_version or '?'}  {model.path.name}"
        )
    direct = {model.pair for model in models}
    pivoted = reachable_pairs(direct) - direct
    if pivoted:
        print(f"Through {PIVOT_LANGUAGE}: {', '.join(format_pairs(pivoted))}")
    return 0


def run_install(args: argparse.Namespace) -> int:
    packages_dir = _packages_dir(args)
    failed = 0
    for archive in args.files:
        if not archive.is_file():
            print(f"ERROR {archive}: no such file", file=sys.stderr)
            failed += 1
            continue
        try:
            model = install_package(archive, packages_dir, progress=_progress_bar(archive.name))
        except (BadPackage, OSError) as exc:
            print(f"ERROR {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"installed {model.from_code}->{model.to_code} into {model.path}")
    return 1 if failed else 0


def run_install_from_index(args: argparse.Namespace) -> int:
    try:
        with urllib.request.urlopen(args.index_url, timeout=NETWORK_TIMEOUT_S) as response:
            index = json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        print(
            f"ERROR could not read the Argos package index at {args.index_url} ({_reason(exc)}).\n"
            "This machine seems to have no internet access. Download the .argosmodel file on a machine that "
            "has (https://www.argosopentech.com/argospm/index/), copy it here and run:\n"
            "  python -m router.cli translation-models install FILE.argosmodel",
            file=sys.stderr,
        )
        return 2
    matches = [
        entry
        for entry in index
        if isinstance(entry, dict)
        and entry.get("type", "translate") == "translate"
        and (entry.get("from_code"), entry.get("to_code")) == (args.from_code, args.to_code)
    ]
    if not matches:
        pairs = sorted({f"{e.get('from_code')}->{e.get('to_code')}" for e in index if isinstance(e, dict)})
        print(f"ERROR the index has no {args.from_code}->{args.to_code} package. It has: {', '.join(pairs)}")
        return 1
    entry = matches[0]
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / f"translate-{args.from_code}_{args.to_code}.argosmodel"
        try:
            _download(entry.get("links", []), archive)
            model = install_package(archive, _packages_dir(args), progress=_progress_bar("unpacking"))
        except (urllib.error.URLError, OSError, BadPackage) as exc:
            print(
                f"ERROR could not install {args.from_code}->{args.to_code}: {_reason(exc)}", file=sys.stderr
            )
            return 2
    print(f"installed {model.from_code}->{model.to_code} version {model.package_version} into {model.path}")
    return 0


def _download(links: list[str], destination: Path) -> None:
    if not links:
        raise OSError("the index lists no download link")
    last_error: Exception | None = None
    for link in links:
        try:
            with (
                urllib.request.urlopen(link, timeout=NETWORK_TIMEOUT_S) as response,
                destination.open("wb") as f,
            ):
                total = int(response.headers.get("Content-Length") or 0)
                progress = _progress_bar(f"downloading {link.rsplit('/', 1)[-1]}")
                done = 0
                while chunk := response.read(1 << 16):
                    f.write(chunk)
                    done += len(chunk)
                    progress(done, total)
            return
        except (urllib.error.URLError, OSError) as exc:
            last_error = exc
    raise OSError(f"download failed: {_reason(last_error)}")


def _reason(exc: BaseException | None) -> str:
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) if exc else "unknown error"


def _progress_bar(label: str, width: int = 30) -> Callable[[int, int], None]:
    """A one-line progress bar on stderr; ``total == 0`` means unknown size (bytes only)."""

    def show(done: int, total: int) -> None:
        if total > 0:
            filled = int(width * done / total)
            line = f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {100 * done // total:3d}%"
        else:
            line = f"\r{label} {done // 1024} KiB"
        sys.stderr.write(line)
        if total > 0 and done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
