"""Probe 72 defects 3 and 9, and yes after the guide's stop or a lone offer of a person (probe 70 defect 8).

"hvorfor spør du om det?" at the need question (frustration to the model) ended the guide; "kan du sende søknaden
for meg?" at the need question got the general way to apply; "fortsett" after "stopp" got "Fint! Er det noe mer …";
"yes please" after an answer whose one offer was [Talk to a person] got "Good! Is there anything else …"."""

from __future__ import annotations

from typing import Any

import pytest

from actions.guide_questions import asks_to_explain
from tests.unit.actions.bot_action_fakes import tracker
from tests.unit.actions.test_bot_digisos_place_correction import FORM_DOMAIN, run_form, turn
from tests.unit.actions.test_bot_guide_probe72_pauses import _run

AT_BEHOV = {"language": "nb", "kommune": "Bærum"}
AT_ARBEID = {**AT_BEHOV, "digisos_behov": "husleie"}


# --- defect 3: "why do you ask?" at every guide question ----------------------------------------------------------

@pytest.mark.parametrize(("text", "explain"), [
    ("hvorfor spør du om det?", True), ("hvorfor trenger dere å vite det?", True), ("kvifor spør du om det?", True),
    ("kvifor treng de å vete det?", True), ("why do you ask?", True), ("why do you need to know?", True),
    ("hva skal du med det?", True), ("hvorfor lurer du på det?", True), ("hvorfor må jeg svare på det?", True),
    ("hvorfor?", True),
    ("hvorfor skjønner du ingenting", False), ("hvorfor er dere så dårlige", False),
    ("dette er elendig, hvorfor spør du", False), ("hvorfor må jeg vente så lenge", False),
    ("hvorfor får jeg ikke hjelp", False),
])
def test_why_do_you_ask_asks_for_the_question_explained(text: str, explain: bool) -> None:
    assert asks_to_explain(text) is explain


@pytest.mark.parametrize(("known", "requested", "lang", "text", "start"), [
    (AT_BEHOV, "digisos_behov", "nb", "hvorfor spør du om det?", "Søknaden spør hva du trenger penger til"),
    (AT_BEHOV, "digisos_behov", "nb", "hvorfor trenger dere å vite det?", "Søknaden spør hva du trenger penger til"),
    (AT_ARBEID, "digisos_arbeid", "nb", "hvorfor spør du om det?", ""),
    (AT_BEHOV, "digisos_behov", "nn", "kvifor spør du om det?", ""),
    (AT_BEHOV, "digisos_behov", "en", "why do you ask?", ""),
    (AT_BEHOV, "digisos_behov", "en", "why do you need to know?", ""),
])
async def test_why_do_you_ask_taken_for_frustration_is_explained_and_asked_again(
        known: dict[str, Any], requested: str, lang: str, text: str, start: str) -> None:
    """Probe 72 defect 3: at Behov the form rejected it and the rule "guide: frustration stops the guide" ended the
    guide ("Beklager at jeg ikke hjelper deg godt nok …")."""
    slots, said = await run_form(turn({**known, "language": lang}, text, requested=requested, intent="frustration"))
    assert slots[requested] is None and slots["requested_slot"] == requested and slots["asks"] == requested, slots
    assert len(said) == 1 and said[0].startswith(start) and "godt nok" not in said[0], said


# --- defect 9 at the need question -------------------------------------------------------------------------------

async def test_send_it_for_me_at_the_need_question_gets_the_honest_no_and_the_question_again() -> None:
    """The need question's slot takes sosialhjelp_apply, so the form answered it: with the general way to apply."""
    from rasa_sdk.executor import CollectingDispatcher

    from actions.digisos_form import ValidateDigisosForm
    from tests.unit.actions.bot_action_fakes import FakeRouter
    from tests.unit.actions.test_bot_digisos_place_correction import DIGITAL

    text = "kan du sende søknaden for meg?"
    t = turn(AT_BEHOV, text, requested="digisos_behov", intent="sosialhjelp_apply",
             mapped={"digisos_behov": text})
    t.latest_message["entities"] = [{"entity": "send_for_me_word", "value": "sende søknaden for meg"}]
    form = ValidateDigisosForm()
    form.client_factory = lambda: FakeRouter(kommune=DIGITAL)  # type: ignore[assignment,misc]
    dispatcher = CollectingDispatcher()
    events = await form.run(dispatcher, t, FORM_DOMAIN)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_sosialhjelp_send_for_me"], dispatcher.messages
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots.get("digisos_behov") is None, slots
    # without the entity a question about applying keeps its own answer
    t = turn(AT_BEHOV, "hvordan søker jeg?", requested="digisos_behov", intent="sosialhjelp_apply",
             mapped={"digisos_behov": "hvordan søker jeg?"})
    dispatcher = CollectingDispatcher()
    await form.run(dispatcher, t, FORM_DOMAIN)
    assert "utter_sosialhjelp_send_for_me" not in [m.get("response") for m in dispatcher.messages]


# --- "fortsett" after the guide was stopped -----------------------------------------------------------------------

STOPPED = "Greit, jeg stopper her. Svarene du har gitt så langt, tar jeg vare på i denne samtalen: skriv «fortsett " \
    "med søknaden» når du vil gå videre. Vil du heller snakke med en veileder, kan du be om det her eller ringe NAV."


def _after_stop(typed: str, intent: str, slots: dict[str, Any] | None = None) -> Any:
    """At Arbeid: "stopp" (goodbye: the guide stops kindly, utter_digisos_stopped) → `typed`."""
    events = [{"event": "active_loop", "name": "digisos_form"}, {"event": "action", "name": "digisos_form"},
              {"event": "slot", "name": "requested_slot", "value": "digisos_arbeid"},
              {"event": "action", "name": "action_listen"},
              {"event": "user", "text": "stopp", "parse_data": {"intent": {"name": "goodbye", "confidence": 0.9}}},
              {"event": "action", "name": "action_deactivate_loop"}, {"event": "active_loop", "name": None},
              {"event": "slot", "name": "requested_slot", "value": None},
              {"event": "action", "name": "utter_digisos_stopped"},
              {"event": "bot", "text": STOPPED, "data": {"buttons": [{"title": "Snakk med en veileder",
                                                                       "payload": "/human_handoff"}]}},
              {"event": "action", "name": "action_listen"},
              {"event": "user", "text": typed, "parse_data": {"intent": {"name": intent, "confidence": 0.9}}}]
    return tracker({**AT_ARBEID, **(slots or {})}, [intent], text=typed, extra_events=events)


@pytest.mark.parametrize("typed", ["fortsett", "ja", "ja, la oss fortsette"])
def test_fortsett_after_the_guide_stopped_takes_it_up_again(typed: str) -> None:
    from actions.conversation import ActionAnswerYesNo

    events, said = _run(ActionAnswerYesNo(), _after_stop(typed, "affirm"))
    assert said == ["Da fortsetter vi med søknaden der vi slapp."], said
    assert events == [{"event": "followup", "name": "digisos_form", "timestamp": None}], events


def test_after_the_stop_a_no_or_a_finished_guide_is_no_way_back() -> None:
    from actions.conversation import ActionAnswerYesNo

    events, said = _run(ActionAnswerYesNo(), _after_stop("nei", "deny"))
    assert events == [] and said == ["Helt greit. Er det noe annet jeg kan hjelpe deg med?"], said
    events, said = _run(ActionAnswerYesNo(), _after_stop("fortsett", "affirm", {"digisos_done": True}))
    assert not any(e.get("name") in ("digisos_form", "action_handoff") for e in events), events
    assert said != ["Da fortsetter vi med søknaden der vi slapp."], said


# --- probe 70 defect 8: yes after an answer whose one offer is a person -------------------------------------------

def _after_open_now(typed: str, buttons: list[dict[str, str]]) -> Any:
    events = [{"event": "user", "text": "are you open now? I need to talk to someone",
               "parse_data": {"intent": {"name": "response_time", "confidence": 0.9}}},
              {"event": "action", "name": "action_response_time"},
              {"event": "bot", "text": "I am a chatbot and answer straight away, day and night. You can also call "
               "NAV on +47 55 55 33 33.", "data": {"buttons": buttons}},
              {"event": "action", "name": "action_listen"},
              {"event": "user", "text": typed, "parse_data": {"intent": {"name": "affirm", "confidence": 0.9}}}]
    return tracker({"language": "en"}, ["affirm"], text=typed, extra_events=events)


PERSON = [{"title": "Talk to an adviser", "payload": "/human_handoff"}]


@pytest.mark.parametrize("typed", ["yes please", "yes", "ja takk", "ja"])
def test_yes_after_an_answer_whose_one_offer_is_a_person_hands_over(typed: str) -> None:
    from actions.conversation import ActionAnswerYesNo

    events, said = _run(ActionAnswerYesNo(), _after_open_now(typed, PERSON))
    assert events == [{"event": "followup", "name": "action_handoff", "timestamp": None}] and said == [], said


def test_ok_after_it_or_yes_after_more_offers_stays_an_acknowledgement() -> None:
    from actions.conversation import ActionAnswerYesNo

    for typed, buttons in (("ok", PERSON), ("thanks", PERSON), ("yes please", []),
                           ("yes please", [*PERSON, {"title": "Find my NAV office", "payload": "/office_contact"}])):
        events, said = _run(ActionAnswerYesNo(), _after_open_now(typed, buttons))
        assert events == [] and said == ["Good! Is there anything else I can help you with?"], (typed, said)
