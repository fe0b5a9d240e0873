"""Questions about the bruker's own data in this chat (intent privacy, probe: Kari's four questions got the general
answer, a fallback, "jeg vil ikke la deg gå i ring" and the chatbot hours): the answer states the period the router
keeps, in nb, nn and en; a wish to have it deleted gets the deletion answer; in the Digisos guide the question is no
answer to the guide's question."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.privacy import ActionPrivacy, privacy_response
from router.config import Settings

ROOT = Path(__file__).resolve().parents[3]
RESPONSES = yaml.safe_load((ROOT / "bot" / "privacy.yml").read_text(encoding="utf-8"))["responses"]


@pytest.mark.parametrize(("text", "response"), [
    ("Jeg vil at dere sletter denne samtalen og alt dere har lagret om meg.", "utter_privacy_delete"),
    ("slett chatten min", "utter_privacy_delete"),
    ("Eg vil at de slettar samtalen", "utter_privacy_delete"),
    ("can you delete my messages", "utter_privacy_delete"),
    ("fjern det jeg skrev", "utter_privacy_delete"),
    ("Hva lagrer NAV om denne chatten?", "utter_privacy"),
    ("Hvor lenge blir samtalen lagret?", "utter_privacy"),
    ("Hvem kan lese det jeg skriver her?", "utter_privacy"),
    ("jeg vil ha slettet alt", "utter_privacy_delete"),
    ("hvordan ber jeg om sletting?", "utter_privacy_delete"),
    ("når blir chatten slettet?", "utter_privacy"),
    ("when is this chat deleted", "utter_privacy"),
    ("", "utter_privacy"),
])
def test_a_wish_to_delete_gets_the_deletion_answer(text: str, response: str) -> None:
    assert privacy_response(text) == response


def test_the_action_says_the_response_for_the_message() -> None:
    tracker = Tracker("k", {}, {"text": "slett alt dere har om meg", "intent": {"name": "privacy"}}, [], False,
                      None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    assert asyncio.run(ActionPrivacy().run(dispatcher, tracker, {})) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_privacy_delete"]


def _variants(name: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for variant in RESPONSES[name]:
        conditions: list[dict[str, Any]] = variant.get("condition") or []
        found[conditions[0]["value"] if conditions else "nb"] = variant["text"]
    return found


def test_the_answers_state_the_period_the_router_keeps_in_nb_nn_and_en() -> None:
    days = f"{Settings().retention_days:g}"
    period = {"nb": f"{days} dager etter", "nn": f"{days} dagar etter", "en": f"{days} days after"}
    for name in ("utter_privacy", "utter_privacy_delete"):
        variants = _variants(name)
        assert set(variants) == {"nb", "nn", "en"}, name
        for lang, text in variants.items():
            assert period[lang] in text, (name, lang)
            assert "Datatilsynet" in text, (name, lang)


def test_the_general_answer_says_who_reads_it_that_reads_are_logged_how_to_ask_and_where_the_page_is() -> None:
    page_link = {"nb": "«Slik behandler vi opplysningene dine»", "nn": "«Slik behandlar vi opplysningane dine»",
                 "en": "«How we process your information»"}
    logged = {"nb": "blir det logget", "nn": "blir det logga", "en": "it is logged"}
    for lang, text in _variants("utter_privacy").items():
        assert page_link[lang] in text and logged[lang] in text, lang
        assert "55 55 33 33" in text, f"{lang}: how to use her rights (ask NAV)"


def test_the_page_link_named_is_the_widget_s_own_link_text() -> None:
    from router.texts import fixed_text

    for lang, text in _variants("utter_privacy").items():
        assert f"«{fixed_text('widget_privacy_link', lang)}»" in text, lang


def test_the_deletion_answer_promises_no_button_that_deletes() -> None:
    """The bruker can end the chat (the widget's close button) and ask NAV; nothing here deletes at once."""
    from router.texts import fixed_text

    for lang, text in _variants("utter_privacy_delete").items():
        assert f"«{fixed_text('widget_close', lang)}»" in text, lang
        assert "55 55 33 33" in text and "nav.no/personvernerklaering" in text, lang


def test_no_answer_slot_of_the_guide_or_its_kommune_question_takes_a_privacy_question() -> None:
    for domain_file in ("digisos.yml", "office.yml"):
        slots = yaml.safe_load((ROOT / "bot" / domain_file).read_text(encoding="utf-8"))["slots"]
        for name, slot in slots.items():
            for mapping in slot.get("mappings") or []:
                if mapping.get("type") == "from_text" and "not_intent" in mapping:
                    assert "privacy" in mapping["not_intent"], (domain_file, name)
