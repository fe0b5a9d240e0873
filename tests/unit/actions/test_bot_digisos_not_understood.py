"""A short "hæ?", "hva mener du?" or "skjønner ikke" at a guide question asks for the question explained.

The model reads these as frustration (a person offered and the phone at once), which stopped the Digisos guide
where the bruker only wanted the current question explained. Inside the guide such a message now gets the question
explained and the guide goes on; real frustration ("dette er elendig, jeg gir opp") and a second "skjønner ikke"
after the explanation keep the frustration answer (the form gives way to data/rules/conversation.yml)."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from actions.guide_questions import asks_to_explain, question_reply
from tests.unit.actions.test_bot_digisos_place_correction import run_form, turn

AT_SIVILSTATUS = {"language": "nb", "kommune": "Bergen", "bydel": "Fana", "digisos_behov": "husleie",
                  "digisos_arbeid": "student"}


@pytest.mark.parametrize(("text", "explain"), [
    ("hæ?", True), ("hææ??", True), ("hva mener du?", True), ("hva mener du med det?", True),
    ("kva meiner du med det?", True), ("skjønner ikke", True), ("jeg skjønner ikke spørsmålet", True),
    ("forstår ikke hva du mener", True), ("eg forstår ikkje kva du meiner", True), ("what do you mean?", True),
    ("I don't understand", True), ("hva??", True),
    ("skjønner ikke, dette er elendig", False), ("jeg gir opp, skjønner ikke", False), ("du skjønner ingenting", False),
    ("du forstår ikke hva jeg sier", False), ("hva mener du, idiot", False), ("dette er dårlig", False),
    ("jeg skjønner ikke norsk", False), ("skjønner ikke, jeg vil snakke med et menneske", False),
    ("jeg skjønner ikke hva dere vil vite om meg og familien min nå", False), ("😭😭", False), ("", False),
])
def test_a_short_not_understood_asks_for_the_question_explained(text: str, explain: bool) -> None:
    assert asks_to_explain(text) is explain


def test_the_explanation_is_what_the_question_is_for_not_a_person() -> None:
    reply, unsure = question_reply("hæ?", "sivilstatus", "nb")
    assert reply.startswith("Søknaden spør om familien din") and not unsure


def _after_an_explanation(t: Tracker, explained: str) -> Tracker:
    """`t` with a turn before it where the bot explained the question (`explained`) and asked it again."""
    t.events[0:0] = [{"event": "user", "text": "hva mener du?"}, {"event": "action", "name": "digisos_form"},
                     {"event": "bot", "text": explained}, {"event": "bot", "text": "Er du gift eller samboer?"},
                     {"event": "action", "name": "action_listen"}]
    return t


async def test_hva_mener_du_at_a_guide_question_is_explained_and_the_next_answer_is_taken() -> None:
    slots, said = await run_form(turn(AT_SIVILSTATUS, "hva mener du?", requested="digisos_sivilstatus",
                                      intent="frustration"))
    assert slots["digisos_sivilstatus"] is None and slots["requested_slot"] == "digisos_sivilstatus", slots
    assert len(said) == 1 and said[0].startswith("Søknaden spør om familien din"), said
    assert "vet ikke" in said[0] and "55 55 33 33" not in said[0], said

    t = _after_an_explanation(turn(AT_SIVILSTATUS, "enslig", requested="digisos_sivilstatus",
                                   mapped={"digisos_sivilstatus": "enslig"}), said[0])
    slots, _ = await run_form(t)
    assert slots["digisos_sivilstatus"] == "enslig" and slots["asks"] == "digisos_barn", slots


@pytest.mark.parametrize("text", ["skjønner ikke", "kva meiner du?", "what do you mean?"])
async def test_each_language_gets_the_explanation_in_its_own_language(text: str) -> None:
    lang = {"skjønner ikke": "nb", "kva meiner du?": "nn", "what do you mean?": "en"}[text]
    slots, said = await run_form(turn({**AT_SIVILSTATUS, "language": lang}, text, requested="digisos_bosituasjon",
                                      intent="frustration"))
    assert slots["digisos_bosituasjon"] is None, slots
    start = {"nb": "Bosituasjonen avgjør", "nn": "Busituasjonen avgjer", "en": "Your housing decides"}[lang]
    assert said and said[0].startswith(start), said


@pytest.mark.parametrize("text", ["dette er elendig, jeg gir opp", "du skjønner ingenting", "😭😭"])
async def test_real_frustration_in_the_guide_keeps_the_frustration_answer(text: str) -> None:
    """Nothing validated: the form gives way, and the rule stops the guide and offers a person and the phone."""
    slots, said = await run_form(turn(AT_SIVILSTATUS, text, requested="digisos_sivilstatus", intent="frustration",
                                      mapped={}))
    assert "digisos_sivilstatus" not in slots and not said, (slots, said)


async def test_not_understood_again_after_the_explanation_gets_the_frustration_answer() -> None:
    """Explained once and still not understood: a person and the phone, as the guide never goes round in a circle."""
    _, said = await run_form(turn(AT_SIVILSTATUS, "hva mener du?", requested="digisos_sivilstatus",
                                  intent="frustration"))
    t = _after_an_explanation(turn(AT_SIVILSTATUS, "skjønner ikke", requested="digisos_sivilstatus",
                                   intent="frustration"), said[0])
    slots, said = await run_form(t)
    assert "digisos_sivilstatus" not in slots and not said, (slots, said)
