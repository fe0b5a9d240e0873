"""The bot's English responses (bot/*.yml) call the human the bruker can talk to an adviser, as the action server's
texts and the router's do (probe 106 #13): "Talk to a person" and "counsellor" stood beside "adviser"."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
OTHER_WORDS = re.compile(r"\b(talk to|ask for|pass you to|write with|like) a person\b|\ba person can\b|\bcounsellor\b",
                         re.I)


def english_variants() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "bot").glob("*.yml")):
        for name, variants in ((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}).items():
            for variant in variants:
                if {"type": "slot", "name": "language", "value": "en"} in (variant.get("condition") or []):
                    titles = " ".join(str(b.get("title")) for b in variant.get("buttons") or [])
                    found.append((name, f"{variant.get('text') or ''} {titles}"))
    return found


def test_the_human_is_an_adviser_in_the_english_responses() -> None:
    variants = english_variants()
    assert len(variants) > 50
    wrong = [f"{name}: {text[:100]}" for name, text in variants if OTHER_WORDS.search(text)]
    assert not wrong, "\n".join(wrong)
