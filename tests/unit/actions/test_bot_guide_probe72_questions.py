"""Probe 72 (/work/notes/probe-72.md): questions asked at a guide question are answered, with one answer wherever they
are asked (the car, paper, how long), and the guide's question asked again; a question is never stored as the answer
unless it also states it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.unit.actions.test_bot_digisos_place_correction import run_form, turn

ROOT = Path(__file__).resolve().parents[3]
PAST_HOUSING = {"language": "nb", "kommune": "Moss", "digisos_behov": "husleie", "digisos_arbeid": "ledig"}


# --- defects 7, 10, 11: questions at a guide question ------------------------------------------------------------

async def test_b11_must_i_sell_the_car_at_formue_is_answered_and_formue_asked_again() -> None:
    """b11/r3: "må jeg selge bilen?" at Formue was stored as "eiendeler: bil" and never answered."""
    known = {**PAST_HOUSING, "digisos_sivilstatus": "enslig", "digisos_barn": "nei", "digisos_bosituasjon": "leier",
             "digisos_inntekt": "ingen"}
    slots, said = await run_form(turn(known, "må jeg selge bilen?", requested="digisos_formue",
                                      mapped={"digisos_formue": "må jeg selge bilen?"}))
    assert slots["digisos_formue"] is None and slots["asks"] == "digisos_formue", slots
    assert any("En bil må du ikke nødvendigvis selge" in s for s in said), said
    # clearly stating the answer as well: the answer is kept
    slots, _ = await run_form(turn(known, "jeg har en bil, må jeg selge den?", requested="digisos_formue",
                                   mapped={"digisos_formue": "jeg har en bil, må jeg selge den?"}))
    assert slots["digisos_formue"] == "bil", slots


@pytest.mark.parametrize(("text", "intent", "answer"), [
    ("kan jeg søke på papir?", "sosialhjelp_apply", "Ja, du kan alltid søke på papir"),
    ("hvor lang tid tar det?", "followup_how_long", "ofte noen dager til noen uker"),
])
async def test_r21_paper_and_how_long_in_the_guide_are_answered_and_the_question_asked_again(
        text: str, intent: str, answer: str) -> None:
    """r21/b7: "kan jeg søke på papir?" at Arbeid got "Vi er allerede i gang med søknaden"; r3/b11: "hvor lang tid
    tar det?" got "Det kan jeg ikke svare sikkert på her"."""
    slots, said = await run_form(turn({"language": "nb", "kommune": "Moss", "digisos_behov": "husleie"}, text,
                                      requested="digisos_arbeid", intent=intent))
    assert slots["asks"] == "digisos_arbeid" and not slots.get("digisos_arbeid"), slots
    assert any(answer in s for s in said) and not any("ikke svare sikkert" in s for s in said), said


def test_how_long_is_one_answer_in_and_outside_the_guide() -> None:
    """Outside the guide utter_followup_how_long_sosialhjelp answers; in the guide the same words (and the car
    question the formue answer's), in every language."""
    from actions.common import pick
    from actions.guide_questions import ANSWER_TIME, ASSETS

    responses: dict[str, Any] = {}
    for path in sorted((ROOT / "bot").glob("*.yml")):
        responses.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})
    for name, texts in (("utter_followup_how_long_sosialhjelp", ANSWER_TIME), ("utter_sosialhjelp_savings", ASSETS)):
        for variant in responses[name]:
            lang = next((c["value"] for c in variant.get("condition") or [] if c.get("name") == "language"), "nb")
            assert pick(texts, lang) == variant["text"], (name, lang)


@pytest.mark.parametrize(("text", "asks"), [
    ("må jeg selge bilen?", True), ("må jeg bruke sparepengene først?", True), ("kan jeg søke på papir?", True),
    ("kor lang tid tek det?", True), ("how long does it take?", True),
    ("kan jeg søke på papir", True), ("må jeg selge bilen", True),
    ("jeg har en bil, må jeg selge den?", False), ("bil", False), ("papir og blyant", False),
    ("skal selge bilen, men trenger penger til mat nå", False),
    ("hvordan skal jeg betale husleia nå?", False),
])
def test_asks_instead_of_answering(text: str, asks: bool) -> None:
    """The detection for the answers' validation: a question with an answer word in it is a question unless it also
    states the answer, or is a cry that answers ("hvordan skal jeg betale husleia nå?" at the need question)."""
    from actions.digisos import parse_answer
    from actions.guide_questions import asks_instead

    field = "behov" if "husleia" in text or "mat" in text else "formue"
    assert asks_instead(text, parse_answer(field, text), "digisos_answer", 0.9, field) is asks
