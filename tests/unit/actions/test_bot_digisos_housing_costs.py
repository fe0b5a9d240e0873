"""Utgifter og gjeld asked in the words of the bruker's housing. A homeowner (bosituasjon = eier) was asked which
expenses they have "ved siden av husleie"; an owner pays boliglån (renter and avdrag) and felleskostnader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.digisos import parse_answer
from actions.vedlegg import build_checklist
from tests.unit.actions.bot_action_fakes import tracker

ROOT = Path(__file__).resolve().parents[3]
RENT = {"nb": "husleie", "nn": "husleige", "en": "rent"}
MORTGAGE = {"nb": "boliglån", "nn": "bustadlån", "en": "mortgage"}
SHARED = {"nb": "felleskostnader", "nn": "felleskostnader", "en": "shared costs"}


async def ask(bosituasjon: str | None, lang: str) -> str:
    from actions.digisos_form import ActionAskDigisosUtgifter

    dispatcher = CollectingDispatcher()
    await ActionAskDigisosUtgifter().run(dispatcher, tracker({"digisos_bosituasjon": bosituasjon, "language": lang},
                                                             ["digisos_answer"]), {})
    [said] = dispatcher.messages
    return str(said["text"])


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
async def test_a_homeowner_is_asked_about_boliglan_and_felleskostnader_not_husleie(lang: str) -> None:
    question = (await ask("eier", lang)).lower()
    assert RENT[lang] not in question, question
    assert MORTGAGE[lang] in question and SHARED[lang] in question, question


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
async def test_a_tenant_is_asked_besides_the_husleie_and_others_about_no_housing_cost_they_may_not_have(
        lang: str) -> None:
    assert RENT[lang] in (await ask("leier", lang)).lower()
    for bosituasjon in ("bor_hos_andre", "uten_bolig", "vet_ikke", None):
        question = (await ask(bosituasjon, lang)).lower()
        assert RENT[lang] not in question and MORTGAGE[lang] not in question, (bosituasjon, question)


def test_the_guide_asks_utgifter_with_its_own_action() -> None:
    """Rasa's form asks with action_ask_<slot> before utter_ask_<slot>: the fixed text must not come back."""
    domain = yaml.safe_load((ROOT / "bot" / "digisos.yml").read_text(encoding="utf-8"))
    assert "action_ask_digisos_utgifter" in domain["actions"]
    assert "utter_ask_digisos_utgifter" not in domain["responses"]


@pytest.mark.parametrize(("text", "expected"), [
    ("boliglån og strøm", "strom,boliglan"),
    ("renter og avdrag på huslånet", "boliglan"),
    ("felleskostnader til borettslaget", "felleskostnader"),
    ("kommunale avgifter og forbrukslån", "kommunale_avgifter,gjeld"),
    ("mortgage and shared costs", "boliglan,felleskostnader"),
])
def test_a_homeowners_costs_are_understood(text: str, expected: str) -> None:
    assert parse_answer("utgifter", text) == expected


def test_a_homeowners_costs_are_in_the_checklist() -> None:
    keys = build_checklist({"bosituasjon": "eier", "utgifter": "boliglan,felleskostnader"})
    assert "boliglan" in keys and "felleskostnader" in keys and "husleiekontrakt" not in keys
