"""Answers from the bruker's own digisos-soker document: what it says, never a prediction."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from router.domain.innsyn import Question, case_facts, classify_question
from router.domain.innsyn import answer as case_lines
from router.texts.case_answers import anonymous_hint, render

DOCUMENTS = Path(__file__).resolve().parents[3] / "reference" / "synthetic" / "innsyn"
TODAY = date(2026, 11, 24)
NAMES = {"0315": "Nav Grünerløkka", "0312": "Nav Frogner", "1203": "Nav Bergen nord"}


def facts(name: str):  # type: ignore[no-untyped-def]
    return case_facts(json.loads((DOCUMENTS / name).read_text(encoding="utf-8")))


def answer(question: Question, cases: list, *, office_names: dict[str, str], today: date,  # type: ignore[type-arg]
           language: str = "nb") -> list[str]:
    """The domain's lines as the bruker reads them (router/texts/case_answers.py)."""
    return render(case_lines(question, cases, office_names=office_names, today=today), language)


@pytest.mark.parametrize(("text", "question"), [
    ("Har dere fått søknaden min?", Question.RECEIVED),
    ("mangler det noe?", Question.MISSING),
    ("Når blir pengene utbetalt?", Question.PAYMENT),
    ("når kjem pengane?", Question.PAYMENT),  # nynorsk
    ("manglar det noko?", Question.MISSING),
    ("Hvilket kontor har søknaden?", Question.OFFICE),
    ("hvordan går det med saken", Question.STATUS),
])
def test_the_four_questions_are_told_apart(text: str, question: Question) -> None:
    assert classify_question(text) is question


def test_mottatt_with_a_provisional_answer() -> None:
    texts = answer(Question.RECEIVED, [facts("kari-mottatt.json")], office_names=NAMES, today=TODAY)
    assert texts[0].startswith("Ja, vi har fått søknaden din 20. november 2026. Den er mottatt hos Nav Frogner.")
    assert "foreløpig svar" in texts[0]


def test_under_behandling_lists_the_documents_asked_for_with_their_deadlines() -> None:
    texts = answer(Question.MISSING, [facts("ola-under-behandling.json")], office_names=NAMES, today=TODAY)
    assert "Husleiekontrakt" in texts[0] and "Kontoutskrift" in texts[0] and "frist 1. desember 2026" in texts[0]
    late = answer(Question.MISSING, [facts("ola-under-behandling.json")], office_names=NAMES, today=date(2026, 12, 2))
    assert "fristen er passert" in late[0]


def test_payments_say_amounts_status_and_dates_and_a_decision_points_to_the_letter() -> None:
    texts = answer(Question.PAYMENT, [facts("fatima-ferdigbehandlet.json")], office_names=NAMES, today=TODAY)
    joined = " ".join(texts)
    assert "utbetalt 15. oktober 2026" in joined and "planlagt utbetalt 15. desember 2026" in joined
    assert "vedtaksbrevet" in joined and "INNVILGET" not in joined and "innvilget" not in joined
    assert "kontonummer" not in joined.lower()


def test_nothing_paid_yet_is_said_without_a_prediction() -> None:
    texts = answer(Question.PAYMENT, [facts("ola-under-behandling.json")], office_names=NAMES, today=TODAY)
    assert texts[0] == "Det er ingen utbetalinger registrert i saken din."
    assert texts[1].startswith("Kontoret venter også på dokumenter fra deg: Husleiekontrakt")
    assert texts[2].startswith("Jeg kan bare fortelle hva som står i saken din, ikke hva som blir bestemt")


def test_behandles_ikke_points_to_a_human_not_to_a_letter_the_case_does_not_show() -> None:
    texts = answer(Question.STATUS, [facts("nils-behandles-ikke.json")], office_names=NAMES, today=TODAY)
    assert "blir ikke behandlet" in texts[0] and "veileder" in texts[0]
    assert "brev" not in " ".join(texts), "the case has no decision and no letter"


def test_behandles_ikke_says_what_it_means_and_the_next_step() -> None:
    """Probe 106 (w06): Nils, told "Den blir ikke behandlet.", asked "hva betyr det?" and "hva gjør jeg nå?"."""
    for lang, means, then in (("nb", "ikke kommer til å gjøre et vedtak", "kan du sende en ny søknad"),
                              ("nn", "ikkje kjem til å gjere eit vedtak", "kan du sende ein ny søknad"),
                              ("en", "will not make a decision on this application", "send a new application")):
        [first, *_] = render(case_lines(Question.STATUS, [facts("nils-behandles-ikke.json")], office_names=NAMES,
                                        today=TODAY), lang)
        assert means in first and then in first and "NAV-kontoret" not in first, first


def test_the_office_question() -> None:
    assert answer(Question.OFFICE, [facts("ola-under-behandling.json")], office_names=NAMES, today=TODAY) == [
        "Søknaden din behandles av Nav Grünerløkka.",
        "Kontoret venter også på dokumenter fra deg: Husleiekontrakt, frist 1. desember 2026; Kontoutskrift, frist "
        "1. desember 2026. Du kan ettersende dem under «Dine søknader» på nav.no."]
    assert answer(Question.OFFICE, [facts("kari-mottatt.json")], office_names=NAMES, today=TODAY) == [
        "Søknaden din behandles av Nav Frogner."], "nothing asked for: nothing said of documents"


def test_no_application_and_the_anonymous_hint() -> None:
    assert "ingen digital søknad" in answer(Question.STATUS, [], office_names=NAMES, today=TODAY)[0]
    assert "her i chatten" in anonymous_hint("nb") and "«Logg inn»" in anonymous_hint("nb")
    assert "«Log in»" in anonymous_hint("en") and anonymous_hint("so") == anonymous_hint("nb")


@pytest.mark.parametrize(("language", "words"), [
    ("nb", ["Ja, vi har fått søknaden din 20. november 2026.", "Kontoret har ikke bedt deg"]),
    ("nn", ["Ja, vi har fått søknaden din 20. november 2026. Han er motteken hos Nav Frogner.", "førebels svar"]),
    ("en", ["Yes, we received your application on 20 November 2026. It has been received at Nav Frogner.",
            "provisional reply"]),
])
def test_the_answer_in_nynorsk_and_english(language: str, words: list[str]) -> None:
    joined = " ".join(answer(Question.STATUS, [facts("kari-mottatt.json")], office_names=NAMES, today=TODAY,
                             language=language))
    assert all(w in joined for w in words), joined


def test_amounts_are_written_for_the_language() -> None:
    nb = " ".join(answer(Question.PAYMENT, [facts("fatima-ferdigbehandlet.json")], office_names=NAMES, today=TODAY))
    en = " ".join(answer(Question.PAYMENT, [facts("fatima-ferdigbehandlet.json")], office_names=NAMES, today=TODAY,
                         language="en"))
    assert "7\u00a0850 kroner" in nb and "NOK 7,850" in en, (nb, en)


def test_dates_are_the_day_in_norway_not_in_utc() -> None:
    """Midnight in Oslo is 23:00 the day before in UTC: a deadline then is the next day, and not passed today."""
    document = json.loads((DOCUMENTS / "ola-under-behandling.json").read_text(encoding="utf-8"))
    asked = next(h for h in document["hendelser"] if h.get("type") == "dokumentasjonEtterspurt")
    for dokument in asked["dokumenter"]:
        dokument["innsendelsesfrist"] = "2026-11-30T23:00:00Z"
    texts = answer(Question.MISSING, [case_facts(document)], office_names=NAMES, today=date(2026, 12, 1))
    assert "frist 1. desember 2026" in texts[0] and "fristen er passert" not in texts[0]
