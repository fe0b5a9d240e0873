"""Every answer in which the bot says it cannot help carries a way to a human and NAV's phone number."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
# The bot saying what it cannot do ("Jeg kan ikke se saken din", "Sorry, I cannot help with that").
CANNOT = re.compile(r"\b(jeg kan (dessverre )?ikke|kan jeg (dessverre )?ikke|eg kan (dessverre )?ikkje|"
                    r"kan eg (dessverre )?ikkje|I cannot|I can't|I could not|jeg fikk ikke|eg fekk ikkje)\b",
                    re.IGNORECASE)
PHONE = "55 55 33 33"


def _responses() -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for path in sorted((ROOT / "bot").glob("*.yml")):
        found.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    return found


def test_every_i_cannot_answer_has_a_human_and_the_phone() -> None:
    missing = []
    for name, variants in _responses().items():
        for variant in variants:
            text = variant.get("text") or ""
            if not CANNOT.search(text):
                continue
            payloads = [b.get("payload") for b in variant.get("buttons") or []]
            if PHONE not in text or "/human_handoff" not in payloads:
                missing.append(f"{name}: {text[:70]}")
    assert not missing, "\n".join(missing)
