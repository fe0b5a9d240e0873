"""Probe 154's misread message (2026-12-07) through the trained model: a bruker who gave her fødselsnummer and
account number, both masked before the bot reads them, and asked whether her application had come; the bot read
"kontonummeret" and told her how to change her account number. The words about the numbers are no question of
their own: the question decides. Asking to change the account number, with or without it, stays that."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_nlu_probe_intents import parse_with_the_model

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

EXPECTED: list[tuple[str, str]] = [
    # as the bot read it: "[fødselsnummer]" and "[kontonummer]" are the router's masks (router/domain/masking.py)
    ("Hei, fødselsnummeret mitt er [fødselsnummer] og kontonummeret er [kontonummer]. Har dere fått søknaden min?",
     "sosialhjelp_status"),
    ("kontonr [kontonummer]. er søknaden min mottatt?", "sosialhjelp_status"),
    ("Mitt telefonnummer er [tel]. Hvor lang tid tar det før jeg får svar på søknaden?", "sosialhjelp_status"),
    ("jeg har fått nytt kontonummer", "change_bank_account"),
    ("kontonummeret mitt er [kontonummer], hvordan endrer jeg det hos nav?", "change_bank_account"),
]


@pytest.fixture(scope="module")
def parsed(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    return parse_with_the_model(trained_model, tmp_path_factory.mktemp("probe154"), [t for t, _ in EXPECTED], [])


@pytest.mark.parametrize(("text", "intent"), EXPECTED)
def test_the_model_reads_the_probe_message_right(parsed: dict[str, dict[str, str]], text: str, intent: str) -> None:
    assert parsed["intents"][text] == intent
