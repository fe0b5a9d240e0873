"""Writes router/texts/cldr_entries.json: the CLDR entries the router formats dates, times and numbers with, for
each supported language, copied from the installed Babel's data.

    .venv/bin/python scripts/build_cldr_entries.py

Why: Babel keeps a language's whole CLDR data in memory once it formats anything in it (18 MB resident for the
20 languages); the router reads ten entries of it (router/texts/formatting.py). tests/unit/test_formatting.py
holds the file equal to the installed Babel, so a new Babel release with new CLDR data shows up as a failing test,
and this script brings the file up to date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import babel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from router.texts.formatting import CLDR_ENTRIES_PATH, cldr_entries, cldr_identifiers  # noqa: E402


def build() -> dict[str, object]:
    return {"source": f"Babel {babel.__version__} (CLDR), scripts/build_cldr_entries.py",
            "locales": {identifier: cldr_entries(identifier) for identifier in cldr_identifiers()}}


def main() -> None:
    CLDR_ENTRIES_PATH.write_text(json.dumps(build(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                 encoding="utf-8")
    print(f"wrote {CLDR_ENTRIES_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
