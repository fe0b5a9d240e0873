"""Writes router/adapters/unicode_scripts.json: the code point ranges of the Unicode properties the language
detector matches (``\\p{L}`` and the Script of each of lingua's alphabets), as the ``regex`` package defines them.

    .venv/bin/python scripts/build_unicode_scripts.py

Why: the standard ``re`` has no ``\\p{...}``, and importing ``regex`` for it costs the router 7-11 MB resident (its
property tables are built at import). With the ranges written once, the router compiles the same classes with
``re``; tests/unit/adapters/test_unicode_scripts.py holds them equal to ``regex``'s over every code point, so a new
``regex`` release with a newer Unicode shows up as a failing test, and this script brings the file up to date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from router.adapters.ngram_store import RULES_PATH, UNICODE_SCRIPTS_PATH  # noqa: E402

# Every code point in order, in two pieces around the surrogates: a run of matches in one is a range of code points.
CODE_POINTS = ("".join(map(chr, range(0xD800))), "".join(map(chr, range(0xE000, 0x110000))))


def ranges_of(pattern: str, engine=regex) -> list[list[int]]:  # type: ignore[no-untyped-def]
    """[first, last] code point of each run that ``engine`` matches with ``pattern`` (one character class)."""
    return [[ord(match.group()[0]), ord(match.group()[-1])]
            for piece in CODE_POINTS for match in engine.finditer(f"(?:{pattern})+", piece)]


def properties() -> dict[str, list[list[int]]]:
    alphabets = json.loads(RULES_PATH.read_text(encoding="utf-8"))["alphabets"]
    return {"L": ranges_of(r"\p{L}"),
            **{name: ranges_of(rf"\p{{Script={name.capitalize()}}}") for name in alphabets}}


def main() -> int:
    table = {"source": f"regex {regex.__version__} (\\p{{L}}, \\p{{Script=...}}); scripts/build_unicode_scripts.py",
             "properties": properties()}
    UNICODE_SCRIPTS_PATH.write_text(json.dumps(table, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"written: {UNICODE_SCRIPTS_PATH} ({UNICODE_SCRIPTS_PATH.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
