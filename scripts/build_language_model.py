"""Builds the router's language-ID model file: lingua's n-gram models for the supported languages in one indexed
SQLite file, read per message by ``router.adapters.ngram_store`` instead of held in memory (about 390 MB).

    .venv/bin/python scripts/build_language_model.py [--out PATH] [--force]

Source: the pure-Python wheel of lingua 1.4.2 from PyPI (Apache-2.0), the last release whose models are plain
files; run by `scripts/setup.sh`, never by the code under test. Its model files are byte for byte those of the
lingua 2.1.1 the project also installs, except Turkish, which lingua retrained later (measured in
tests/integration/test_ngram_store.py and reports/language/eval.md). Only the n-gram relative frequencies
(1- to 5-grams) of the languages below are taken, stored as natural logs; lingua's rule tables come with the
router (router/adapters/lingua_rules.json).

The file is rebuilt only when the wheel, the language list or this script changes (hash kept in the file).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from router.adapters.language_detector import LATIN_LANGUAGES, SHARED_SCRIPT_LANGUAGES  # noqa: E402
from router.adapters.ngram_store import DEFAULT_PATH, ORDERS, PAIR, SCHEMA_VERSION  # noqa: E402

WHEEL = "lingua_language_detector-1.4.2-py3-none-any.whl"
WHEEL_SHA256 = "f43ce6e7b8b9ec083907c34fc1bf5d5bacee7fb3191afa90efb3b321e5a85953"
WHEEL_DIR = ROOT / "var" / "wheels"
# The languages the router asks lingua about (router.adapters.language_detector: Latin, Cyrillic, Arabic script),
# and Thai, which scripts/eval_language.py compares lingua on.
LANGUAGES = (*sorted(LATIN_LANGUAGES | SHARED_SCRIPT_LANGUAGES), "th")
ORDER_NAMES = {1: "unigrams", 2: "bigrams", 3: "trigrams", 4: "quadrigrams", 5: "fivegrams"}


def wheel_path() -> Path:
    path = WHEEL_DIR / WHEEL
    if not path.exists():
        WHEEL_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check", "--no-deps",
             "lingua-language-detector==1.4.2", "--only-binary", ":all:", "-d", str(WHEEL_DIR)],
            check=True,
        )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{path}: sha256 {digest}, expected {WHEEL_SHA256}")
    return path


def build_hash() -> str:
    h = hashlib.sha256()
    for part in (WHEEL_SHA256, ",".join(LANGUAGES), str(SCHEMA_VERSION), Path(__file__).read_text()):
        h.update(part.encode())
    return h.hexdigest()[:16]


def current_hash(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'build_hash'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def read_model(archive: zipfile.ZipFile, code: str, order: int) -> dict[str, float]:
    import brotli

    raw = archive.read(f"lingua/language-models/{code}/{ORDER_NAMES[order]}.json.br")
    model = json.loads(brotli.decompress(raw))
    frequencies: dict[str, float] = {}
    for fraction, ngrams in model["ngrams"].items():
        numerator, denominator = fraction.split("/")
        logp = math.log(int(numerator) / int(denominator))
        for ngram in ngrams.split(" "):
            frequencies[ngram] = logp
    return frequencies


def build(out: Path, wheel: Path, digest: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    languages = list(LANGUAGES)
    table: dict[str, list[tuple[int, float]]] = {}
    with zipfile.ZipFile(wheel) as archive:
        for index, code in enumerate(languages):
            for order in ORDERS:
                for ngram, logp in read_model(archive, code, order).items():
                    table.setdefault(ngram, []).append((index, logp))
    db = sqlite3.connect(tmp)
    db.executescript(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096;"
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE ngrams (ngram TEXT PRIMARY KEY, probs BLOB NOT NULL) WITHOUT ROWID;"
    )
    db.executemany(
        "INSERT INTO ngrams VALUES (?, ?)",
        ((ngram, b"".join(PAIR.pack(i, p) for i, p in pairs)) for ngram, pairs in sorted(table.items())),
    )
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "build_hash": digest,
        "source": f"{WHEEL} sha256:{WHEEL_SHA256}",
        "languages": json.dumps(languages),
    }
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    db.commit()
    db.execute("VACUUM")
    db.close()
    os.replace(tmp, out)
    print(f"{out}: {len(table):,} n-grams, {len(languages)} languages, {out.stat().st_size / 1e6:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    wheel = wheel_path()
    digest = build_hash()
    if not args.force and current_hash(args.out) == digest:
        return 0
    build(args.out, wheel, digest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
