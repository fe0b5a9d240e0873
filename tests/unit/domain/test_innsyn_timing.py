"""'Når får jeg svar?', what the office asks for and what it recorded as delivered, from the bruker's own case."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from router.domain.innsyn import Question, case_facts, classify_question
from router.domain.innsyn import answer as case_lines
from router.texts.case_answers import render

DOCUMENTS = Path(__file__).resolve().parents[3] / "reference" / "synthetic" / "innsyn"
TODAY = date(2026, 11, 24)
NAMES = {"0315": "Nav Grünerløkka", "0312": "Nav Frogner", "1203": "Nav Bergen nord"}


def document(name: str) -> dict[str, Any]:
    return dict(json.loads((DOCUMENTS / name).read_text(encoding="utf-8")))


def said(question: Question, doc: dict[str, Any], language: str = "nb") -> str:
    return " ".join(render(case_lines(question, [case_facts(doc)], office_names=NAMES, today=TODAY), language))


@pytest.mark.parametrize(("text", "question"), [
    ("Når får jeg svar?", Question.TIMING),
    ("når får eg svar på søknaden?", Question.TIMING),
    ("Hvor lang tid tar det å behandle søknaden?", Question.TIMING),
    ("How long does it take?", Question.TIMING),
    ("When will I get an answer?", Question.TIMING),
    ("Når får jeg svar? Jeg sendte vedlegg i går.", Question.TIMING),
    ("når blir saken min ferdig", Question.TIMING),
    ("hvor lenge må jeg vente på svar fra nav", Question.TIMING),
    ("søkte sosialhjelp mandag, når får jeg vite noe", Question.TIMING),
    ("jeg venter fortsatt på svar", Question.TIMING),
    ("saksbehandlingstid sosialhjelp", Question.TIMING),
    ("Hvor lang tid tar det før pengene kommer?", Question.PAYMENT),
    # A document named is not by itself "is anything missing?"
    ("Jeg har sendt alle vedleggene, hvordan går det med saken?", Question.STATUS),
    ("Har dere fått vedleggene mine?", Question.MISSING),  # the case records what is asked, not what arrived
    ("Hvilke dokumenter trenger dere fra meg?", Question.MISSING),
    ("Do you need more documents from me?", Question.MISSING),
    ("mangler det noe?", Question.MISSING),
    ("Har dere fått søknaden min?", Question.RECEIVED),
])
def test_the_question(text: str, question: Question) -> None:
    assert classify_question(text) is question


def test_when_will_i_get_an_answer_is_answered_honestly_without_a_number() -> None:
    """The probe: 'Når får jeg svar?' got the whole status and nothing on how long it takes. The case format holds
    no processing time or expected date: it says so, who decides, and how to ask; never a number of weeks."""
    text = said(Question.TIMING, document("ola-under-behandling.json"))
    # A "when" question is answered with the timing first: a probe's answer began "Ja, vi har fått søknaden din".
    assert text.startswith("Saken din sier ikke når du får svar"), text
    assert "avgjør kontoret som har søknaden din" in text and "Ja," not in text
    assert "Vi har fått søknaden din 2. november 2026. Den er under behandling hos Nav Grünerløkka." in text
    assert text.endswith("spørre en veileder her i chatten.")
    # Two documents are asked for: they come first, and waiting for them can delay the answer.
    assert text.index("Husleiekontrakt") < text.index("Kontoret venter på dokumentene over")
    timing = text[:text.index("Vi har fått")] + text[text.index("Kontoret venter på"):]
    assert not any(word in timing for word in ("uke", "dag", "måned")), timing
    assert "utbetaling" not in text.lower(), "payments were not asked about"


def test_a_provisional_reply_points_to_its_letter() -> None:
    text = said(Question.TIMING, document("kari-mottatt.json"), "nn")
    assert text.startswith("Saka di seier ikkje når du får svar") and "Ja," not in text
    assert "førebels svar" in text and "Brevet med det førebelse svaret ligg under «Dine søknader»" in text
    assert text.index("Du har fått eit førebels svar") < text.index("Brevet med det førebelse svaret")
    assert "Kontoret ventar på dokumenta" not in text, "Kari is asked for nothing"
    english = said(Question.TIMING, document("kari-mottatt.json"), "en")
    assert english.startswith("Your case does not say when you will get an answer") and "Yes," not in english
    assert "provisional reply is under" in english


def test_a_decided_case_gets_no_line_on_waiting() -> None:
    text = said(Question.TIMING, document("fatima-ferdigbehandlet.json"))
    assert "ferdig behandlet" in text and "vedtak" in text and "sier ikke når du får svar" not in text
    assert text.startswith("Vi har fått søknaden din"), "no yes to a when"
    assert said(Question.RECEIVED, document("fatima-ferdigbehandlet.json")).startswith("Ja, vi har fått")


def test_an_english_answer_says_the_document_names_are_the_offices_norwegian_words() -> None:
    text = said(Question.MISSING, document("ola-under-behandling.json"), "en")
    assert "Husleiekontrakt (Gjeldende kontrakt med leiebeløp)" in text
    assert "The names and notes are the office's own, in Norwegian." in text
    assert "office's own" not in said(Question.MISSING, document("ola-under-behandling.json"))


def krav(reference: str, tittel: str, status: str, at: str = "2026-11-20T10:00:00.000Z") -> dict[str, Any]:
    return {"type": "dokumentasjonkrav", "hendelsestidspunkt": at, "dokumentasjonkravreferanse": reference,
            "tittel": tittel, "beskrivelse": "for november", "frist": "2026-12-10T00:00:00.000Z", "status": status}


def test_dokumentasjonkrav_still_relevant_are_asked_for_and_levert_tidligere_is_said_as_met() -> None:
    """A decision's dokumentasjonkrav were read by nobody: 'nothing is missing' while the office still asked for
    documentation, and a requirement met through another channel (LEVERT_TIDLIGERE) never told."""
    doc = document("fatima-ferdigbehandlet.json")
    doc["hendelser"] += [krav("k1", "Kvittering for husleie", "RELEVANT"),
                         krav("k2", "Lønnsslipp", "LEVERT_TIDLIGERE"),
                         krav("k3", "Strømregning", "RELEVANT"),
                         krav("k3", "Strømregning", "ANNULLERT", at="2026-11-21T10:00:00.000Z")]
    text = said(Question.MISSING, doc)
    assert "Kontoret har bedt deg sende: Kvittering for husleie (for november), frist 10. desember 2026." in text
    assert "Kontoret har registrert at dette allerede er levert: Lønnsslipp." in text
    assert "Strømregning" not in text, "annulled: not shown"
    assert "har ikke bedt deg om flere dokumenter" not in text
    # Delivered once asked: the later hendelse about the same reference is its state.
    doc["hendelser"].append(krav("k1", "Kvittering for husleie", "LEVERT_TIDLIGERE", at="2026-11-22T10:00:00.000Z"))
    text = said(Question.MISSING, doc, "en")
    assert "The office has not asked you for more documents." in text
    assert "already been delivered: Kvittering for husleie; Lønnsslipp (the office's own words" in text
    facts = case_facts(doc).as_dict()["dokumentasjonkrav"]  # for the console and the action server
    assert [(k["tittel"], k["levert_tidligere"]) for k in facts] == [("Kvittering for husleie", True),
                                                                     ("Lønnsslipp", True)]
