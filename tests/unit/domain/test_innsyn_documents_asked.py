"""Documents the office asks for are said in every case answer, not only to "mangler det noe?": a probe's Ola
asked "har dere fått søknaden min?" and heard only that it was received and under behandling, although the bot
had promised before login to say "om noe mangler"."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from router.domain.innsyn import Question, case_facts
from router.domain.innsyn import answer as case_lines
from router.texts.case_answers import render

DOCUMENTS = Path(__file__).resolve().parents[3] / "reference" / "synthetic" / "innsyn"
SATURDAY = date(2026, 12, 5)  # the probe's day: Ola's deadline (1 December) has passed
NAMES = {"0315": "Nav Grünerløkka", "0312": "Nav Frogner"}
# What the bruker must read, whatever the question: the document, its deadline, and how to send it.
MUST = {
    "nb": ("Husleiekontrakt", "frist 1. desember 2026", "fristen er passert", "ettersende", "«Dine søknader» på nav.no"),
    "nn": ("Husleiekontrakt", "frist 1. desember 2026", "fristen er passert", "ettersende", "«Dine søknader» på nav.no"),
    "en": ("Husleiekontrakt", "deadline 1 December 2026", "the deadline has passed", "send them later",
           "«Dine søknader» on nav.no"),
}


def document(name: str) -> dict[str, Any]:
    return dict(json.loads((DOCUMENTS / name).read_text(encoding="utf-8")))


def said(question: Question, doc: dict[str, Any], language: str = "nb", today: date = SATURDAY) -> list[str]:
    return render(case_lines(question, [case_facts(doc)], office_names=NAMES, today=today), language)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("question", list(Question))
def test_every_answer_says_what_the_office_asks_for_with_its_deadline_and_how_to_send_it(
        question: Question, language: str) -> None:
    text = " ".join(said(question, document("ola-under-behandling.json"), language))
    assert all(words in text for words in MUST[language]), (question, language, text)


def test_the_received_answer_names_the_documents_after_where_the_application_is() -> None:
    assert said(Question.RECEIVED, document("ola-under-behandling.json")) == [
        "Ja, vi har fått søknaden din 2. november 2026. Den er under behandling hos Nav Grünerløkka.",
        "Kontoret venter også på dokumenter fra deg: Husleiekontrakt, frist 1. desember 2026 (fristen er passert); "
        "Kontoutskrift, frist 1. desember 2026 (fristen er passert). Du kan ettersende dem under «Dine søknader» på "
        "nav.no."]


@pytest.mark.parametrize("question", [Question.RECEIVED, Question.OFFICE, Question.PAYMENT])
def test_nothing_is_said_of_documents_when_none_are_asked_for(question: Question) -> None:
    for name in ("kari-mottatt.json", "fatima-ferdigbehandlet.json"):
        text = " ".join(said(question, document(name)))
        assert "dokument" not in text and "ettersende" not in text, (name, text)


def test_a_decision_s_dokumentasjonkrav_not_yet_delivered_is_said_and_one_delivered_is_not() -> None:
    doc = document("fatima-ferdigbehandlet.json")
    krav = {"type": "dokumentasjonkrav", "hendelsestidspunkt": "2026-10-10T13:04:00.000Z",
            "dokumentasjonkravreferanse": "KRAV-1", "tittel": "Kvittering for strøm", "frist": "2026-12-20",
            "status": "RELEVANT"}
    doc["hendelser"].append(krav)
    text = " ".join(said(Question.PAYMENT, doc))
    assert "Kontoret venter også på dokumenter fra deg: Kvittering for strøm, frist 20. desember 2026." in text
    doc["hendelser"].append({**krav, "hendelsestidspunkt": "2026-10-11T13:04:00.000Z", "status": "LEVERT_TIDLIGERE"})
    assert "venter også" not in " ".join(said(Question.PAYMENT, doc))
