"""Probe 156's misread messages (2026-12-07) through the trained model.

- "Jeg bor på Grünerløkka og lurer på om jeg kan få hjelp til depositum til en ny leilighet." was read as out of
  scope: the bot noted the place and asked what she wanted, and her question went unanswered; without the place it
  said it answers only questions about NAV.
- A payment question beside masked numbers ("... kontonummeret er [kontonummer], kan dere sjekke om pengene er
  sendt?") was read as changing the account number, and without them as a question of response time.

Asking to change the account number, with the number masked, stays that."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_nlu_probe_intents import parse_with_the_model

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

DEPOSITUM = [
    "Jeg bor på Grünerløkka og lurer på om jeg kan få hjelp til depositum til en ny leilighet.",
    "Jeg lurer på om jeg kan få hjelp til depositum til en ny leilighet.",
    "Eg bur i Bergen og lurer på om de kan hjelpe meg med depositumet.",
]
EXPECTED: list[tuple[str, str]] = [
    *((text, "sosialhjelp_eligibility") for text in DEPOSITUM),
    # as the bot reads it: "[fødselsnummer]" and "[kontonummer]" are the router's masks (router/domain/masking.py)
    ("Hei, fødselsnummeret mitt er [fødselsnummer] og kontonummeret er [kontonummer]. Kan dere sjekke om pengene er "
     "sendt?", "payment_dates"),
    ("kan dere sjekke om pengene er sendt?", "payment_dates"),
    ("har dere sendt pengene til meg?", "payment_dates"),
    ("kontonummeret mitt er [kontonummer], jeg vil bytte til en annen konto", "change_bank_account"),
]


@pytest.fixture(scope="module")
def parsed(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    return parse_with_the_model(trained_model, tmp_path_factory.mktemp("probe156"), [t for t, _ in EXPECTED],
                                DEPOSITUM)


@pytest.mark.parametrize(("text", "intent"), EXPECTED)
def test_the_model_reads_the_probe_message_right(parsed: dict[str, dict[str, str]], text: str, intent: str) -> None:
    assert parsed["intents"][text] == intent


@pytest.mark.parametrize("text", DEPOSITUM)
def test_a_depositum_question_gets_the_depositum_answer_first(parsed: dict[str, dict[str, str]], text: str) -> None:
    assert parsed["actions"][text] == "utter_sosialhjelp_depositum"
