"""Probe 106 t27: to the formue question the bruker wrote "husleie 12000, strøm og barnehage"; the guide recorded
"formue: sparepenger (ca. 12000 kr)" and the vedlegg list asked for "også sparekontoen". Expenses are no savings:
they are kept for the expenses question, and the formue question is asked again, saying what it is about."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.digisos import parse_answer
from tests.unit.actions.test_bot_digisos_steps import form_tracker

SLOTS = {"language": "nb", "kommune": "Bergen", "digisos_behov": "husleie", "digisos_arbeid": "arbeid",
         "digisos_sivilstatus": "samboer", "digisos_barn": "ja", "digisos_barnehage": "barnehage",
         "digisos_bosituasjon": "leier", "digisos_inntekt": "lonn,barnetrygd"}


def _answer(text: str, lang: str = "nb") -> tuple[dict[str, Any], str]:
    from actions.digisos_form import ValidateDigisosForm

    dispatcher = CollectingDispatcher()
    updates = ValidateDigisosForm().validate_digisos_formue(
        text, dispatcher, form_tracker({**SLOTS, "language": lang}, text, requested="digisos_formue"), {})
    return updates, " ".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_rent_and_expenses_at_the_formue_question_are_no_savings(lang: str) -> None:
    updates, said = _answer("husleie 12000, strøm og barnehage", lang)
    assert updates["digisos_formue"] is None, updates
    assert updates.get("digisos_formue_belop") is None, updates
    assert {"nb": "utgifter spør jeg om etterpå", "nn": "utgifter spør eg om etterpå",
            "en": "rent and other expenses afterwards"}[lang] in said, said


@pytest.mark.parametrize(("text", "value"), [
    ("husleie 12000, strøm og barnehage", None), ("husleie 12000", None),
    ("ca 3000", "sparepenger"), ("har 500 kr", "sparepenger"), ("sparekonto ca 5000 kr", "sparepenger"),
    ("5000 på konto og strømregning", "sparepenger")])
def test_an_amount_is_savings_only_without_expenses_named(text: str, value: str | None) -> None:
    assert parse_answer("formue", text) == value


def test_savings_with_an_amount_are_still_recorded() -> None:
    updates, _ = _answer("sparekonto ca 5000 kr")
    assert (updates["digisos_formue"], updates["digisos_formue_belop"]) == ("sparepenger", "5000"), updates


@pytest.mark.parametrize(("lang", "said"), [("nb", "Et vedtak er NAVs skriftlige avgjørelse"),
                                            ("nn", "Eit vedtak er den skriftlege avgjerda"),
                                            ("en", "A decision (vedtak) is NAV's written decision")])
def test_what_a_vedtak_is_asked_in_the_guide_is_explained(lang: str, said: str) -> None:
    """t29: "ok takk. hva betyr vedtak?" at the need question got "Det kan jeg ikke svare sikkert på her"."""
    from actions.guide_questions import glossary_reply, question_reply

    reply, unanswered = question_reply("ok takk. hva betyr vedtak?", "behov", lang)
    assert said in reply and not unanswered
    assert glossary_reply("når kommer vedtaket?", lang) is None  # a question of when, not of the word
