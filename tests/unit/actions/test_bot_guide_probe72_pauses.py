"""Probe 72 (/work/notes/probe-72.md) in the guide's pauses and yes/no: a typed answer after the acute offer, an acute
need in the oppsummering and the closing, "ja takk" to the offer to apply, and kode 7 never offered the digital guide
again."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from tests.unit.actions.bot_action_fakes import FakeRouter, tracker
from tests.unit.actions.test_bot_conversation import _events

ROOT = Path(__file__).resolve().parents[3]
PAST_HOUSING = {"language": "nb", "kommune": "Moss", "digisos_behov": "husleie", "digisos_arbeid": "ledig"}


def _after_acute_offer(typed: str, intent: str, requested: str = "digisos_sivilstatus",
                       slots: dict[str, Any] | None = None) -> Any:
    """r22: … Moss → husleie → ledig → at Familie: "vi har ikke mat i dag" (the numbers and "Vil du at jeg setter
    deg i kø?" [Ja][Nei takk]) → `typed` instead of a button."""
    emergency = {"event": "user", "text": "vi har ikke mat i dag",
                 "parse_data": {"intent": {"name": "sosialhjelp_emergency", "confidence": 0.9}}}
    events = [{"event": "active_loop", "name": "digisos_form"}, {"event": "action", "name": "digisos_form"},
              {"event": "slot", "name": "requested_slot", "value": requested},
              {"event": "action", "name": "action_listen"}, emergency,
              {"event": "action", "name": "action_deactivate_loop"}, {"event": "active_loop", "name": None},
              {"event": "slot", "name": "requested_slot", "value": None},
              *_events(("action", "action_emergency"), ("bot", "Det høres vanskelig ut. Vil du at jeg setter deg i kø?"),
                       ("action", "action_listen")),
              {"event": "user", "text": typed, "parse_data": {"intent": {"name": intent, "confidence": 0.9}}}]
    return tracker({**PAST_HOUSING, **(slots or {})}, [intent], text=typed, extra_events=events)


def _run(action: Any, t: Any, router: FakeRouter | None = None) -> tuple[list[dict], list[str]]:
    action.client_factory = lambda: router or FakeRouter()
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return events, [str(m.get("text") or m.get("response")) for m in dispatcher.messages]


# --- defect 5: the next answer typed instead of "Nei takk" -------------------------------------------------------

@pytest.mark.parametrize("intent", ["digisos_answer", "nlu_fallback"])
def test_r22_samboer_typed_after_the_acute_offer_is_the_answer_and_the_guide_goes_on(intent: str) -> None:
    """r22: "samboer" got "Jeg er ikke sikker på at jeg forsto deg. Vil du at jeg hjelper deg å forberede en søknad…",
    and "nei", "leier" after it got fallbacks. It declines the queue as "Nei takk" does: the numbers, the answer
    noted, and the guide activated again at its next question."""
    from actions.conversation import resume_with_typed_answer
    from actions.fallback import ActionHandleFallback

    t = _after_acute_offer("samboer", intent)
    if intent == "nlu_fallback":
        events, said = _run(ActionHandleFallback(), t)
    else:  # digisos_answer reaches action_digisos_correction, which asks this first
        dispatcher = CollectingDispatcher()
        events = asyncio.run(resume_with_typed_answer(dispatcher, t, FakeRouter()))  # type: ignore[arg-type]
        said = [str(m.get("text")) for m in dispatcher.messages]
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["digisos_sivilstatus"] == "samboer", events
    assert events[-1] == {"event": "followup", "name": "digisos_form", "timestamp": None}, events
    assert "116 117" in said[0], said
    assert "Takk, det noterer jeg: Sivilstatus: samboer." in said, said
    assert said[-1] == "Da fortsetter vi med søknaden der vi slapp.", said
    # the need said in the message that stopped the guide joins the need already answered (defect 21)
    assert slots["digisos_behov"] == "husleie,livsopphold", slots


def test_a_need_typed_at_the_need_question_after_the_acute_offer_keeps_both_needs() -> None:
    from actions.conversation import answers_the_guide_after_offer

    t = _after_acute_offer("husleie", "digisos_answer", requested="digisos_behov", slots={"digisos_behov": None})
    assert answers_the_guide_after_offer(t) == {"digisos_behov": "husleie,livsopphold"}


def test_only_a_typed_answer_right_after_a_person_offered_in_the_guide_resumes_it() -> None:
    from actions.conversation import answers_the_guide_after_offer

    assert answers_the_guide_after_offer(_after_acute_offer("samboer", "digisos_answer")) is not None
    # a question is no answer; yes and no keep their own way (action_answer_yes_no)
    assert answers_the_guide_after_offer(_after_acute_offer("hvor er nav-kontoret?", "digisos_answer")) is None
    assert answers_the_guide_after_offer(_after_acute_offer("nei takk", "deny")) is None
    # the fallback takes only an answer that fits the question; the bruker's own words are for digisos_answer
    assert answers_the_guide_after_offer(_after_acute_offer("asdf qwer", "nlu_fallback"), own=False) is None
    # outside the guide: no guide to go on with
    outside = tracker(PAST_HOUSING, ["digisos_answer"], text="samboer", extra_events=_events(
        ("user", "sosialhjelp_emergency"), ("action", "action_emergency"), ("action", "action_listen"),
        ("user", "digisos_answer")))
    assert answers_the_guide_after_offer(outside) is None


def test_an_unrelated_fallback_after_the_acute_offer_is_still_the_fallback() -> None:
    from actions.fallback import ActionHandleFallback

    events, said = _run(ActionHandleFallback(), _after_acute_offer("asdf qwer", "nlu_fallback"))
    assert events == [{"event": "followup", "name": "action_listen", "timestamp": None}], events
    assert said[0].startswith("Beklager, jeg er ikke sikker på at jeg forstod"), said


# --- defect 21: an acute need said in the guide ------------------------------------------------------------------

def test_r9_nei_takk_after_an_acute_need_at_barnehage_adds_food_to_the_need_and_the_closing_hears_of_it() -> None:
    """r9: … at Barnehage "vi har ikke mat i dag" → Nei takk → finish: "Behov: husleie" only, and the closing said
    nothing of nødhjelp the same day."""
    from actions.conversation import ActionAnswerYesNo
    from actions.guide_pause import NODHJELP_TODAY, acute_need_in_guide

    t = _after_acute_offer("Nei takk", "deny", requested="digisos_barnehage")
    events, said = _run(ActionAnswerYesNo(), t)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots == {"digisos_behov": "husleie,livsopphold"}, events
    assert not any("noterer" in s for s in said), said  # nothing typed to note
    assert acute_need_in_guide(t.events)
    outside = _events(("user", "sosialhjelp_emergency"), ("action", "action_emergency"))
    assert not acute_need_in_guide([{"event": "active_loop", "name": "digisos_form"},
                                    {"event": "active_loop", "name": None}, *outside])
    assert all("samme dag" in NODHJELP_TODAY["nb"] and "116 117" in text for text in NODHJELP_TODAY.values())


# --- defect 19: "ja takk" to the offer to apply ------------------------------------------------------------------

ELIGIBILITY = [{"event": "action", "name": "utter_sosialhjelp_eligibility"},
               {"event": "bot", "text": "Økonomisk sosialhjelp er for deg som ikke har nok penger … du kan søke selv "
                "om du er usikker.", "data": {"buttons": [{"title": "Hjelp meg å søke", "payload": "/sosialhjelp_apply"},
                                                          {"title": "Snakk med en veileder",
                                                           "payload": "/human_handoff"}]}},
               {"event": "action", "name": "action_listen"}, {"event": "user", "text": "ja takk",
                                                              "parse_data": {"intent": {"name": "affirm"}}}]


def test_r13_ja_takk_after_the_eligibility_answer_starts_the_guide() -> None:
    """r13: "… kan jeg få sosialhjelp?" → the eligibility answer with [Hjelp meg å søke] → "ja takk" got "Fint! Er
    det noe mer jeg kan hjelpe deg med?", and every answer after it a fallback."""
    from actions.conversation import ActionAnswerYesNo

    t = tracker({"language": "nb"}, ["affirm"], text="ja takk", extra_events=ELIGIBILITY)
    events, said = _run(ActionAnswerYesNo(), t)
    assert said == ["utter_digisos_intro"] and events == [{"event": "followup", "name": "digisos_form",
                                                           "timestamp": None}], (said, events)
    # kode 6/7: the apply answer says what stands in the way instead of starting the guide
    events, said = _run(ActionAnswerYesNo(), t, FakeRouter(may_apply_digitally=False))
    assert said == [] and events == [{"event": "followup", "name": "action_sosialhjelp_apply", "timestamp": None}]
    # an "ok" after an answer with more offers than applying stays an acknowledgement
    other = [*ELIGIBILITY[:1], {**ELIGIBILITY[1], "data": {"buttons": [
        {"payload": "/sosialhjelp_apply"}, {"payload": "/office_contact"}]}}, *ELIGIBILITY[2:]]
    _, said = _run(ActionAnswerYesNo(), tracker({"language": "nb"}, ["affirm"], text="ja", extra_events=other))
    assert said == ["Fint! Er det noe mer jeg kan hjelpe deg med?"], said


# --- defect 17: kode 7 is never offered the digital guide again ---------------------------------------------------

def test_b3_fatima_with_a_protected_address_is_not_offered_to_apply_by_the_fallback() -> None:
    """b3: after the guide stopped for her protected address, "mat og klær til barna" was answered with the offer to
    prepare the application and [Hjelp meg å søke]."""
    from actions.fallback import ActionHandleFallback

    t = tracker({"language": "nb"}, ["nlu_fallback"], text="mat og klær til barna",
                ranking=[{"name": "sosialhjelp_apply", "confidence": 0.3}])
    for may, offered in ((False, False), (None, True)):
        action = ActionHandleFallback()
        action.client_factory = lambda may=may: FakeRouter(may_apply_digitally=may)  # type: ignore[misc]
        dispatcher = CollectingDispatcher()
        asyncio.run(action.run(dispatcher, t, {}))
        payloads = [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]
        assert ("/sosialhjelp_apply" in payloads) is offered and "/human_handoff" in payloads, (may, payloads)
