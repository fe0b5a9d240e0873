"""Short questions outside the guide that the model takes for a guide answer (digisos_answer) or does not understand.

Probe 106 (2026-12-06): "og strømregningen?" after the depositum answer and "og bostøtte?" after a question about
benefits got "Jeg er ikke sikker på at jeg forsto deg" (the regex entity was found, but the intent was a guide
answer); "jeg er i introduksjonsprogrammet" after the eligibility answer the same. Each gets its answer.
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.common import pick

# The need named in a short question, and its answer (bot/digisos.yml).
NEED_RESPONSES = (("strom_word", "utter_sosialhjelp_strom"), ("bostotte_word", "utter_bostotte"),
                  ("depositum_word", "utter_sosialhjelp_depositum"), ("tannlege_word", "utter_sosialhjelp_tannlege"))
QUESTION = re.compile(r"\?\s*$|^\W*(og|men|hva med|kva med|what about|and)\b", re.IGNORECASE)
INTRO_PROGRAM = re.compile(r"\bintro(duksjons)?(program\w*|stønad\w*|stønaden|stonad\w*)\b|\bintroduction programme\b",
                           re.IGNORECASE)
INTRO_ANSWER = {
    "nb": "I introduksjonsprogrammet får du introduksjonsstønad fra kommunen. Den regnes som inntekt når du søker om "
    "økonomisk sosialhjelp, men dekker den ikke det du trenger for å leve, for eksempel husleie og mat, kan du søke "
    "om sosialhjelp i tillegg. Programrådgiveren din eller NAV-kontoret kan hjelpe deg med søknaden, og du kan be "
    "om tolk.",
    "nn": "I introduksjonsprogrammet får du introduksjonsstønad frå kommunen. Han blir rekna som inntekt når du "
    "søkjer om økonomisk sosialhjelp, men dekkjer han ikkje det du treng for å leve, til dømes husleige og mat, kan "
    "du søkje om sosialhjelp i tillegg. Programrådgjevaren din eller NAV-kontoret kan hjelpe deg med søknaden, og "
    "du kan be om tolk.",
    "en": "In the introduction programme you get introduction benefit (introduksjonsstønad) from the municipality. "
    "It counts as income when you apply for financial assistance, but if it does not cover what you need to live, "
    "such as rent and food, you can apply for financial assistance as well. Your programme adviser or the NAV "
    "office can help you with the application, and you can ask for an interpreter.",
}
INTRO_BUTTONS = (("sosialhjelp_apply", {"nb": "Hjelp meg å søke", "nn": "Hjelp meg å søkje", "en": "Help me apply"}),
                 ("human_handoff", {"nb": "Snakk med en veileder", "nn": "Snakk med ein rettleiar",
                                    "en": "Talk to an adviser"}))


def need_response(tracker: Tracker) -> str | None:
    """The answer to a short question about one need ("og strømregningen?"); None for anything else."""
    latest = tracker.latest_message or {}
    if not QUESTION.search(str(latest.get("text") or "")):
        return None
    found = {e.get("entity") for e in latest.get("entities") or []}
    return next((response for entity, response in NEED_RESPONSES if entity in found), None)


def intro_program_answer(text: str, lang: str) -> tuple[str, list[dict[str, str]]] | None:
    """"Jeg er i introduksjonsprogrammet": the introduksjonsstønad counts as income, and one may apply besides."""
    if not INTRO_PROGRAM.search(text):
        return None
    return pick(INTRO_ANSWER, lang), [{"title": pick(title, lang), "payload": f"/{intent}"}
                                      for intent, title in INTRO_BUTTONS]
