"""An answer to another of the guide's questions (housing, income, savings, expenses) never answers the one asked.

A probe: to "Har du barn under 18 år?" the bruker wrote "jeg leier en leilighet"; the guide stored the children as
"vet ikke" and went on to "Går barna i barnehage eller SFO?", which then took "jeg har 300 kr på konto og ingen
inntekt" as a "nei", and the oppsummering ended as "inntekt: «husleie 9000 og strøm rundt 1500»", "Utgifter og
gjeld: «ja»". Now the answer is kept for its own question (not asked again) and the question asked is asked again.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.digisos import answers_elsewhere, required_fields
from tests.unit.actions.test_bot_digisos_steps import form_tracker


@pytest.mark.parametrize(("field", "text", "expected"), [
    ("barn", "jeg leier en leilighet", {"bosituasjon": "leier"}),
    ("barnehage", "jeg har 300 kr på konto og ingen inntekt", {"inntekt": "ingen", "formue": "sparepenger"}),
    ("barn", "ingen inntekt", {"inntekt": "ingen"}),
    ("inntekt", "husleie 9000 og strøm rundt 1500", {"utgifter": "strom"}),
    ("arbeid", "jeg har gjeld hos inkasso", {"utgifter": "gjeld"}),
    ("bosituasjon", "jeg har ingen inntekt", {"inntekt": "ingen"}),
    ("barn", "I rent a flat", {"bosituasjon": "leier"}), ("barn", "eg leiger ei leilegheit", {"bosituasjon": "leier"}),
    ("barnehage", "I have 300 kr in my account and no income", {"inntekt": "ingen", "formue": "sparepenger"}),
    ("barn", "I have two children and rent", {}),
    # answers to the question asked stay answers to it
    ("arbeid", "lønn", {}), ("barn", "nei, men jeg leier", {}), ("barnehage", "nei", {}), ("behov", "strøm", {}),
    ("behov", "gjeld", {}), ("formue", "300 kr på konto", {}), ("inntekt", "dagpenger", {}), ("utgifter", "ingen", {}),
    ("sivilstatus", "enslig og leier", {}), ("barn", "2 barn og jeg leier", {}),
])
def test_answers_elsewhere(field: str, text: str, expected: dict[str, str]) -> None:
    assert answers_elsewhere(field, text) == expected


def _answer(slots: dict[str, Any], field: str, text: str, noted_before: bool = False) -> tuple[dict[str, Any], str]:
    from actions.digisos_form import TEXTS, ValidateDigisosForm

    form = ValidateDigisosForm()
    t = form_tracker(slots, text, requested=f"digisos_{field}")
    if noted_before:
        t.events.insert(1, {"event": "bot", "text": TEXTS["noted"]["nb"].format(what="Bosituasjon: leier")})
    dispatcher = CollectingDispatcher()
    updates = getattr(form, f"validate_digisos_{field}")(text, dispatcher, t, {})
    return updates, " ".join(m.get("text") or "" for m in dispatcher.messages)


def test_the_probe_s_answers_are_kept_for_their_own_questions_and_the_question_is_asked_again() -> None:
    slots: dict[str, Any] = {"language": "nb", "kommune": "Bergen", "digisos_behov": "livsopphold",
                             "digisos_arbeid": "ledig", "digisos_sivilstatus": "enslig"}
    updates, said = _answer(slots, "barn", "jeg leier en leilighet")
    assert updates["digisos_barn"] is None and updates["digisos_bosituasjon"] == "leier", updates
    assert said == "Takk, det noterer jeg: Bosituasjon: leier. Da spør jeg igjen om det jeg lurte på:", said
    slots.update(updates)
    assert "barnehage" in required_fields({"barn": None})  # asked again: no children assumed

    updates, said = _answer(slots, "barn", "jeg har 300 kr på konto og ingen inntekt", noted_before=True)
    assert updates["digisos_barn"] is None, updates
    assert (updates["digisos_inntekt"], updates["digisos_formue"], updates["digisos_formue_belop"]) == (
        "ingen", "sparepenger", "300"), updates
    assert "Inntekt: ingen; Formue: sparepenger (ca. 300 kr)" in said, said
    slots.update(updates)

    updates, _ = _answer(slots, "barn", "nei")
    assert updates["digisos_barn"] == "nei"
    slots.update(updates)
    fields = required_fields({f: slots.get(f"digisos_{f}") for f in ("barn",)})
    assert "barnehage" not in fields

    updates, said = _answer({**slots, "digisos_barn": "nei"}, "utgifter", "husleie 9000 og strøm rundt 1500")
    assert updates["digisos_utgifter"] == "strom", updates


def test_the_same_answer_again_after_noted_is_kept_as_the_answer_the_guide_never_loops() -> None:
    slots = {"language": "nb", "digisos_bosituasjon": "leier"}
    updates, said = _answer(slots, "barn", "jeg leier", noted_before=True)
    assert updates["digisos_barn"] == "vet_ikke" and "noterer" not in said, (updates, said)
    updates, said = _answer(slots, "barn", "jeg leier")  # not noted before: asked again
    assert updates["digisos_barn"] is None and "Bosituasjon: leier" in said, (updates, said)
