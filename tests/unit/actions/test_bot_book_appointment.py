"""The meeting answer (bot/handoff.yml utter_book_appointment) works for someone with no activity plan (probe 106
#10): it sent everyone to «Min side» → «Aktivitetsplan», which many who apply for sosialhjelp do not have, and said
nothing about turning up at the office. Now, in each language: the phone with its hours, turning up and asking, the
opening hours on nav.no/kontor (they vary, and this service does not know them), the plan only as an extra way."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]


def variants() -> dict[str, str]:
    responses = yaml.safe_load((ROOT / "bot" / "handoff.yml").read_text(encoding="utf-8"))["responses"]
    found = {}
    for variant in responses["utter_book_appointment"]:
        language = next((c["value"] for c in variant.get("condition") or [] if c.get("name") == "language"), "nb")
        found[language] = variant["text"]
    return found


@pytest.mark.parametrize(("language", "walk_in", "plan"), [
    ("nb", "møte opp på kontoret", "Har du en aktivitetsplan"),
    ("nn", "møte opp på kontoret", "Har du ein aktivitetsplan"),
    ("en", "going to the office", "If you have an activity plan"),
])
def test_the_meeting_answer_works_without_an_activity_plan(language: str, walk_in: str, plan: str) -> None:
    text = variants()[language]
    assert "55 55 33 33" in text and "09–15" in text
    assert walk_in in text
    assert "nav.no/kontor" in text
    assert plan in text, "the activity plan only as an extra way, for those who have one"
    assert "«Aktivitetsplan»" not in text
