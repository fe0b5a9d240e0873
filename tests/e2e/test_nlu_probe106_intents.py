"""Probe 106's misread messages (2026-12-06) through the trained model: the intent each must get, and the bot's
first action after it at the start of a conversation (the rules, without the action server). The action server's
side (the kommune looked up, acute follow-ups) is in tests/unit/actions/test_bot_probe106_kommune_and_acute.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_nlu_probe_intents import parse_with_the_model

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

EXPECTED: list[tuple[str, str]] = [
    # a kommune named with the wish to apply online (Værøy was the fallback); Vik is read by the action
    ("jeg bor på Værøy, kan jeg søke på nett?", "sosialhjelp_apply"),
    ("kan jeg søke digitalt? jeg bor i Vik", "sosialhjelp_apply"),
    ("Jeg bor i Vik i Sogn. Vil søke sosialhjelp på nett", "sosialhjelp_apply"),
    ("jeg har søkt sosialhjelp i Engerdal, hvor ser jeg status på søknaden?", "sosialhjelp_status"),
    # questions of how to apply the general answer left open (the fallback)
    ("kan jeg sende to søknader samme dag?", "sosialhjelp_apply"),
    ("hvor finner jeg papirskjemaet?", "sosialhjelp_apply"),
    # a rejection asked about before applying is no complaint; one received is
    ("Får jeg avslag hvis jeg har penger på konto?", "sosialhjelp_eligibility"),
    ("så jeg får avslag da?", "sosialhjelp_eligibility"),
    ("jeg fikk avslag på søknaden om sosialhjelp. hva kan jeg gjøre?", "complaint"),
    ("hvorfor fikk jeg avslag", "complaint"),
    # the dentist, a bruker under 18
    ("kan jeg få dekket tannlege?", "sosialhjelp_eligibility"),
    ("jeg er 16 år og har flyttet hjemmefra fordi det er vanskelig hjemme. kan jeg søke sosialhjelp?",
     "sosialhjelp_eligibility"),
    # what nødhjelp and sosialvakten are: questions of the acute need (actions/emergency.py answers them)
    ("hva betyr nødhjelp?", "sosialhjelp_emergency"),
    ("hvem er sosialvakten?", "sosialhjelp_emergency"),
    # a word from a letter after a thank-you ("Så fint at jeg kunne hjelpe!"); who decides an appeal (out_of_scope)
    ("ok takk. hva betyr vedtak?", "letter_from_nav"),
    ("hvem bestemmer klagen?", "complaint"),
]

FIRST_ACTION: list[tuple[str, set[str]]] = [
    ("Får jeg avslag hvis jeg har penger på konto?", {"utter_sosialhjelp_rejection_risk"}),
    ("så jeg får avslag da?", {"utter_sosialhjelp_rejection_risk"}),
    ("har det noe å si at jeg har penger på sparekonto", {"utter_sosialhjelp_savings"}),
    ("kan jeg få dekket tannlege?", {"utter_sosialhjelp_tannlege"}),
    ("jeg er 16 år og har flyttet hjemmefra fordi det er vanskelig hjemme. kan jeg søke sosialhjelp?",
     {"utter_sosialhjelp_under_18"}),
    ("jeg bor på Værøy, kan jeg søke på nett?", {"action_sosialhjelp_apply"}),
    ("jeg har søkt sosialhjelp i Engerdal, hvor ser jeg status på søknaden?", {"action_case_answer"}),
    ("hvem er sosialvakten?", {"action_emergency"}),
    ("ok takk. hva betyr vedtak?", {"utter_letter_from_nav"}),
    ("hvem bestemmer klagen?", {"utter_complaint"}),
    ("jeg fikk avslag på søknaden om sosialhjelp. hva kan jeg gjøre?", {"utter_complaint"}),
]


@pytest.fixture(scope="module")
def parsed(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    return parse_with_the_model(trained_model, tmp_path_factory.mktemp("probe106"), [t for t, _ in EXPECTED],
                                [t for t, _ in FIRST_ACTION])


@pytest.mark.parametrize(("text", "intent"), EXPECTED)
def test_the_model_reads_the_probe_message_right(parsed: dict[str, dict[str, str]], text: str, intent: str) -> None:
    assert parsed["intents"][text] == intent


@pytest.mark.parametrize(("text", "actions"), FIRST_ACTION)
def test_the_bot_answers_the_probe_message_with_its_action(parsed: dict[str, dict[str, str]], text: str,
                                                          actions: set[str]) -> None:
    assert parsed["actions"][text] in actions
