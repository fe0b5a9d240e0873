"""A place given on its own, read by the model as the guide's kind of answer (digisos_answer), outside the guide
(probe 117): "Jeg bor i Lillehammer." got "Jeg er ikke sikker på at jeg forsto deg" from action_digisos_correction,
though the place was kept; a bydel alone ("hillevåg") after the acute answer asked for it, and inside the office
form, is a place (it was greet: "Hei! Hva lurer du på?")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from actions.digisos_form import ActionDigisosCorrection
from actions.emergency import OFFER
from actions.office_lookup import TEXTS, ValidateOfficeForm
from tests.unit.actions.bot_action_fakes import ENHET, FakeRouter
from tests.unit.actions.test_bot_probe117_places import EMERGENCY, NO_DIGISOS, run, slots_of, state

ROOT = Path(__file__).resolve().parents[3]


def correction() -> Any:
    return ActionDigisosCorrection()


@pytest.mark.parametrize(("text", "lang", "slots", "said"), [
    ("Jeg bor i Lillehammer.", "nb", {"kommune": "Lillehammer", "bydel": None, "postnummer": None},
     "Takk, da har jeg notert Lillehammer"),
    ("jeg bor i fyllingsdalen", "nb", {"kommune": "Bergen", "bydel": "Fyllingsdalen", "postnummer": None},
     "Takk, da har jeg notert"),
    ("eg bur i fyllingsdalen", "nn", {"kommune": "Bergen", "bydel": "Fyllingsdalen", "postnummer": None},
     "Takk, då har eg notert"),
    ("æ bor på lerkendal", "nb", {"kommune": "Trondheim", "bydel": "Lerkendal", "postnummer": None},
     "Takk, da har jeg notert"),
    ("hun bor i moss", "nb", {"kommune": "Moss", "bydel": None, "postnummer": None}, "Takk, da har jeg notert Moss"),
])
def test_a_place_alone_outside_the_guide_is_noted_and_she_is_asked_what_she_wants(
        text: str, lang: str, slots: dict[str, Any], said: str) -> None:
    events, messages = run(correction(), FakeRouter(), state(text, "digisos_answer", lang=lang))
    assert slots_of(events) == slots
    [message] = messages
    assert message["text"].startswith(said), message
    assert "ikke sikker" not in message["text"] and "ikkje sikker" not in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/office_contact", "/sosialhjelp_apply", "/human_handoff"]


def test_one_who_may_not_apply_digitally_is_not_offered_the_guide_with_the_place_noted() -> None:
    _, messages = run(correction(), FakeRouter(may_apply_digitally=False), state("Jeg bor i Lillehammer.",
                                                                                 "digisos_answer"))
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/office_contact", "/human_handoff"]


def test_after_the_guide_a_place_said_corrects_the_checklist_and_is_not_merely_noted() -> None:
    _, messages = run(correction(), FakeRouter(kommune={"navn": "Lillehammer", "digisos": NO_DIGISOS}), state(
        "Jeg bor i Lillehammer.", "digisos_answer", slots={"digisos_done": True, "kommune": "Hamar"}))
    assert messages and not messages[0]["text"].startswith("Takk, da har jeg notert"), messages


def test_a_question_with_no_place_is_still_asked_about() -> None:
    _, messages = run(correction(), FakeRouter(), state("har 20 000 på sparekonto, får jeg avslag da?",
                                                        "digisos_answer"))
    assert "ikke sikker på at jeg forsto" in messages[0]["text"]


def test_a_bydel_alone_read_as_a_guide_answer_after_the_acute_bydel_question_gives_its_office() -> None:
    router = FakeRouter(kommune={"navn": "Stavanger", "digisos": NO_DIGISOS}, resolve=[{"enhetsnummer": "1103"}],
                        enhet={**ENHET, "navn": "Nav Eiganes og Tasta"})
    asked = (f"{TEXTS['bydel_needed']['nb'].format(kommune='Stavanger')}\n\n{OFFER['nb']}")
    bydel_question = [{"event": "user", "text": "stavanger", "parse_data": {"intent": {"name": "digisos_answer"}}},
                      {"event": "action", "name": "action_digisos_correction"}, {"event": "bot", "text": asked},
                      {"event": "action", "name": "action_listen"}]
    _, messages = run(correction(), router, state("hillevåg", "digisos_answer", before=EMERGENCY + bydel_question,
                                                  entities=[{"entity": "bydel", "value": "Hillevåg"}],
                                                  slots={"kommune": "Stavanger"}))
    [criteria] = [args for name, args in router.calls if name == "resolve"]
    assert criteria["bydel"] == "Hillevåg", criteria
    assert "Kontoret ditt er Nav Eiganes og Tasta" in messages[0]["text"]
    assert not [c for c in router.calls if c[0] == "handoff"], "the bydel asked for is no yes to the queue"


@pytest.mark.parametrize(("text", "kommune", "bydel"), [
    ("madla", "Stavanger", "Madla"), ("hillevåg", "Stavanger", "Hillevåg"),
    ("fyllingsdalen", "Bergen", "Fyllingsdalen"), ("lerkendal", "Trondheim", "Lerkendal"),
    ("grünerløkka", "Oslo", "Grünerløkka")])
def test_a_bydel_alone_answering_the_office_form_is_the_place(text: str, kommune: str, bydel: str) -> None:
    tracker = state(text, "digisos_answer", loop="office_form", slots={"requested_slot": "kommune"})
    assert ValidateOfficeForm().validate_kommune(text, None, tracker, {}) == {"kommune": kommune, "bydel": bydel}


def test_the_office_form_asks_for_the_kommune_through_its_action() -> None:
    """Rasa asks a form's slot with action_ask_<form>_<slot> when the domain lists it (before utter_ask_…): without it
    in bot/office.yml, "hvor er nav-kontoret i stavanger" got the bydel question and "Hvilken kommune bor du i?"."""
    from actions.office_lookup import ActionAskOfficeFormKommune

    domain = yaml.safe_load((ROOT / "bot" / "office.yml").read_text(encoding="utf-8"))
    assert ActionAskOfficeFormKommune().name() in domain["actions"]
    assert "utter_ask_office_form_kommune" in domain["responses"], "the question the action says"


@pytest.mark.parametrize(("text", "entity", "slots"), [
    ("heimdal", {"entity": "bydel", "value": "Heimdal"}, {"kommune": "Trondheim", "bydel": "Heimdal"}),
    ("stavanger", {"entity": "kommune", "value": "Stavanger"}, {"kommune": "Stavanger", "bydel": None}),
])
def test_a_place_named_alone_and_read_as_a_place_answer_is_noted(text: str, entity: dict[str, str],
                                                                 slots: dict[str, Any]) -> None:
    """"heimdal" alone, with no question before it, got "Jeg er ikke sikker på at jeg forsto deg"."""
    events, messages = run(correction(), FakeRouter(), state(text, "digisos_answer", entities=[entity]))
    assert messages[0]["text"].startswith("Takk, da har jeg notert"), messages
    assert {k: slots_of(events)[k] for k in slots} == slots


def test_a_lone_word_the_fallback_got_is_not_noted_as_a_kommune() -> None:
    """"time" (kommune Time to the lookup, and to the fallback an unclear message) is no place she lives in."""
    from actions.fallback import ActionHandleFallback

    _, messages = run(ActionHandleFallback(), FakeRouter(), state("time", entities=[{"entity": "kommune",
                                                                                     "value": "Time"}]))
    assert not any(m.get("text", "").startswith("Takk, da har jeg notert") for m in messages), messages
