"""Probe 157's misread questions of a logged-in bruker about her decided case (2026-12-07), through the trained
model. "Er søknaden min avslått?" and "Fikk jeg avslag?" were read as complaints and answered with how to appeal, her
own case never looked at (she had been granted help); "Hvor mye fikk jeg?" got "I am not sure I understood" in
bokmål and nynorsk. As status questions, the case answer says what her case holds. Asking why, or saying she will
appeal, stays a complaint."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_nlu_probe_intents import parse_with_the_model

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

EXPECTED: list[tuple[str, str]] = [
    ("Er søknaden min avslått?", "sosialhjelp_status"),
    ("Fikk jeg avslag?", "sosialhjelp_status"),
    ("Was my application rejected?", "sosialhjelp_status"),
    ("Hvor mye fikk jeg?", "sosialhjelp_status"),
    ("Kor mykje fekk eg?", "sosialhjelp_status"),
    ("How much did I get?", "sosialhjelp_status"),
    ("Hvorfor fikk jeg avslag?", "complaint"),
    ("Jeg fikk avslag og vil klage", "complaint"),
]


@pytest.fixture(scope="module")
def parsed(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    return parse_with_the_model(trained_model, tmp_path_factory.mktemp("probe157"), [t for t, _ in EXPECTED],
                                [t for t, intent in EXPECTED if intent == "sosialhjelp_status"])


@pytest.mark.parametrize(("text", "intent"), EXPECTED)
def test_the_model_reads_the_probe_question_right(parsed: dict[str, dict[str, str]], text: str, intent: str) -> None:
    assert parsed["intents"][text] == intent


@pytest.mark.parametrize("text", [t for t, intent in EXPECTED if intent == "sosialhjelp_status"])
def test_the_case_answer_answers_it(parsed: dict[str, dict[str, str]], text: str) -> None:
    assert parsed["actions"][text] == "action_case_answer"
