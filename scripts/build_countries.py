"""Write reference/countries.json: the names of the world's countries in bokmål, nynorsk and English, from CLDR
(through Babel), for the router's "she lives abroad" answer to the place question (router/domain/places.py).

Built ahead and kept as a small file: loading three CLDR locales in the router costs about 7 MB of memory for
417 names. Norway, Svalbard og Jan Mayen and Bouvetøya are left out. Run again after a Babel upgrade:

    .venv/bin/python scripts/build_countries.py
"""

from __future__ import annotations

import json
from pathlib import Path

import babel
from babel import Locale

LANGUAGES = ("nb", "nn", "en")
NORWEGIAN_TERRITORIES = frozenset({"NO", "SJ", "BV"})
OUT = Path(__file__).resolve().parent.parent / "reference" / "countries.json"


def main() -> None:
    names: dict[str, list[str]] = {}
    for language in LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            # Two letters: a country or territory (regions such as "Europa" have three digits).
            if len(code) == 2 and code.isalpha() and code not in NORWEGIAN_TERRITORIES:
                names.setdefault(code, [])
                if name not in names[code]:
                    names[code].append(name)
    document = {"source": f"CLDR as in Babel {babel.__version__}: territory names in {', '.join(LANGUAGES)}",
                "countries": dict(sorted(names.items()))}
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(names)} countries")


if __name__ == "__main__":
    main()
