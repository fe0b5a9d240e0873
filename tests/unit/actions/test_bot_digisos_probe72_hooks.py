"""Probe 72 (/work/notes/probe-72.md) in the guide's own actions (actions/digisos_form.py): a typed answer after the
acute offer reaches action_digisos_correction too (defect 5), a question with an answer word is answered (7), "hvor
lang tid tar det?" after the guide is about sosialhjelp (11), one who may not apply digitally is stopped before the
kommune question and never offered the guide again (17), and the closing after an acute need says nødhjelp can be had
the same day (21)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.unit.actions.bot_action_fakes import FakeRouter, tracker
from tests.unit.actions.test_bot_digisos_place_correction import DIGITAL, FORM_DOMAIN, run_form, turn
from tests.unit.actions.test_bot_guide_probe72_pauses import _after_acute_offer

PAST_HOUSING = {"language": "nb", "kommune": "Moss", "digisos_behov": "husleie", "digisos_arbeid": "ledig"}
ALL_ANSWERED = {**PAST_HOUSING, "digisos_sivilstatus": "enslig", "digisos_barn": "nei", "digisos_bosituasjon": "leier",
                "digisos_inntekt": "ingen", "digisos_formue": "ingen", "digisos_utgifter": "strom",
                "digisos_bekreftet": "ja"}


def _run(action: Any, t: Tracker, router: FakeRouter | None = None) -> tuple[list[dict], list[dict]]:
    action.client_factory = lambda: router or FakeRouter(kommune=DIGITAL)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, FORM_DOMAIN))
    return events, dispatcher.messages


def _texts(messages: list[dict]) -> list[str]:
    return [str(m.get("text") or m.get("response")) for m in messages]


def _payloads(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons") or []]


# --- defect 5: the next answer typed after the acute offer, as digisos_answer -------------------------------------

def test_r22_samboer_typed_after_the_acute_offer_is_the_answer_in_the_correction_action_too() -> None:
    """r22: … at Familie "vi har ikke mat i dag" (the numbers, [Ja][Nei takk]) → "samboer" (digisos_answer, which
    reaches action_digisos_correction) got "Jeg er ikke sikker på at jeg forsto deg. Vil du at jeg hjelper deg å
    forberede en søknad…", and every later answer a fallback."""
    from actions.digisos_form import ActionDigisosCorrection

    events, messages = _run(ActionDigisosCorrection(), _after_acute_offer("samboer", "digisos_answer"))
    said = _texts(messages)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots["digisos_sivilstatus"] == "samboer", events
    assert events[-1] == {"event": "followup", "name": "digisos_form", "timestamp": None}, events
    assert "Takk, det noterer jeg: Sivilstatus: samboer." in said, said
    assert not any("ikke sikker på at jeg forsto" in s for s in said), said


def test_a_guide_answer_outside_the_guide_without_an_offer_before_is_still_the_correction_actions() -> None:
    from actions.digisos_form import ActionDigisosCorrection

    t = tracker({"language": "nb"}, ["digisos_answer"], text="samboer")
    events, messages = _run(ActionDigisosCorrection(), t)
    assert _texts(messages)[0].startswith("Jeg er ikke sikker på at jeg forsto deg. Vil du at jeg hjelper deg"), \
        messages
    assert not any(e.get("event") == "followup" for e in events), events


# --- defect 7: a question with an answer word asked at a guide question ------------------------------------------

FORMUE_ASKED = {**PAST_HOUSING, "digisos_sivilstatus": "enslig", "digisos_barn": "nei", "digisos_bosituasjon": "leier",
                "digisos_inntekt": "ingen"}


async def test_must_i_sell_the_car_without_its_question_mark_is_answered_and_formue_asked_again() -> None:
    """b11/r3: "må jeg selge bilen" at Formue was stored as "eiendeler: bil" (and a vognkort asked for)."""
    slots, said = await run_form(turn(FORMUE_ASKED, "må jeg selge bilen", requested="digisos_formue",
                                      mapped={"digisos_formue": "må jeg selge bilen"}))
    assert slots["digisos_formue"] is None and slots["asks"] == "digisos_formue", slots
    assert any("En bil må du ikke nødvendigvis selge" in s for s in said), said


async def test_a_yes_no_question_with_an_answer_word_is_a_question_not_the_answer() -> None:
    """The same in general: "regnes det som å leie hvis jeg bor hos kjæresten?" at Bosituasjon is no "bor hos
    andre"; it is answered (here: a person offered, as we cannot tell) and the question asked again."""
    known = {**PAST_HOUSING, "digisos_sivilstatus": "enslig", "digisos_barn": "nei"}
    text = "regnes det som å leie hvis jeg bor hos kjæresten?"
    slots, said = await run_form(turn(known, text, requested="digisos_bosituasjon",
                                      mapped={"digisos_bosituasjon": text}))
    assert slots["digisos_bosituasjon"] is None and slots["asks"] == "digisos_bosituasjon", slots
    assert said, said


@pytest.mark.parametrize("text", ["kan jeg få hjelp til husleie?", "hvordan skal jeg betale husleia nå?"])
async def test_a_question_that_names_a_need_at_the_need_question_is_its_answer(text: str) -> None:
    """The need question invites the situation: "kan jeg få hjelp til husleie?" there says what the money is for."""
    slots, _ = await run_form(turn({"language": "nb", "kommune": "Moss"}, text, requested="digisos_behov",
                                   mapped={"digisos_behov": text}))
    assert slots["digisos_behov"] == "husleie" and slots["asks"] == "digisos_arbeid", slots


# --- defect 17: one who may not apply digitally ------------------------------------------------------------------

def _activation(lang: str = "nb") -> Tracker:
    """The guide's form activated after "Ja, hjelp meg" to the offer (nothing asked, nothing answered yet)."""
    return turn({"language": lang}, "Ja, hjelp meg", requested=None, intent="affirm")


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_b3_a_protected_address_stops_the_guide_at_its_start_before_the_kommune_question(lang: str) -> None:
    """b3: Fatima (kode 7) logged in after the guide was offered, pressed "Ja, hjelp meg" and was asked "Hvilken
    kommune bor du i?"; only after "Oslo" did she hear that she cannot apply digitally."""
    from actions.common import pick
    from actions.digisos import PROTECTED_ADDRESS
    from actions.digisos_form import PROTECTED_OFFER, TEXTS, ValidateDigisosForm

    events, messages = _run(ValidateDigisosForm(), _activation(lang), FakeRouter(may_apply_digitally=False))
    assert events == [{"event": "active_loop", "name": None, "timestamp": None},
                      {"event": "followup", "name": PROTECTED_OFFER, "timestamp": None}], events
    assert _texts(messages) == [pick(PROTECTED_ADDRESS, lang) + " " + pick(TEXTS["guide_stops"], lang)], messages


def test_the_guide_starts_as_before_for_one_who_may_apply_digitally_or_is_not_logged_in() -> None:
    from actions.digisos_form import ValidateDigisosForm

    for may in (True, None):
        events, messages = _run(ValidateDigisosForm(), _activation(), FakeRouter(may_apply_digitally=may))
        assert messages == [] and not any(e.get("event") in ("active_loop", "followup") for e in events), events


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_b3_after_the_stop_a_guide_answer_is_not_met_with_the_offer_to_apply(lang: str) -> None:
    """b3: her next message ("mat og klær til barna", digisos_answer) got "Vil du at jeg hjelper deg å forberede en
    søknad …" and [Hjelp meg å søke]: no guide offered, a person is."""
    from actions.common import pick
    from actions.digisos_form import TEXTS, ActionDigisosCorrection

    t = tracker({"language": lang}, ["digisos_answer"], text="mat og klær til barna")
    _, messages = _run(ActionDigisosCorrection(), t, FakeRouter(may_apply_digitally=False))
    assert _texts(messages) == [pick(TEXTS["no_form_no_guide"], lang)], messages
    assert _payloads(messages) == ["/human_handoff"], messages
    assert "søknad" not in pick(TEXTS["no_form_no_guide"], lang)
    # one who may apply (or is not logged in) is still offered the guide
    for may in (True, None):
        _, messages = _run(ActionDigisosCorrection(), t, FakeRouter(may_apply_digitally=may))
        assert _texts(messages) == [pick(TEXTS["no_form"], lang)], messages
        assert _payloads(messages) == ["/sosialhjelp_apply", "/human_handoff"], messages


# --- defects 21 and 11: the closing -------------------------------------------------------------------------------

def _closing(after_acute_need: bool, lang: str = "nb") -> Tracker:
    """action_digisos_checklist after the oppsummering was confirmed; `after_acute_need`: "vi har ikke mat i dag"
    stopped the guide on the way, and "Nei takk" took it up again."""
    slots = {**ALL_ANSWERED, "language": lang}
    if not after_acute_need:
        return tracker(slots, ["affirm"], text="ja")
    paused = _after_acute_offer("Nei takk", "deny", slots=slots)
    events = [*paused.events, {"event": "action", "name": "action_answer_yes_no"},
              {"event": "active_loop", "name": "digisos_form"}, {"event": "action", "name": "action_listen"},
              {"event": "user", "text": "ja", "parse_data": {"intent": {"name": "affirm", "confidence": 0.9}}}]
    return tracker(slots, ["affirm"], text="ja", extra_events=events)


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_r9_the_closing_after_an_acute_need_in_the_guide_says_nodhjelp_can_be_had_today(lang: str) -> None:
    """r9: … at Barnehage "vi har ikke mat i dag" → Nei takk → finish: the closing said nothing of nødhjelp the same
    day."""
    from actions.common import pick
    from actions.digisos_form import ActionDigisosChecklist
    from actions.guide_pause import NODHJELP_TODAY, acute_need_in_guide

    t = _closing(after_acute_need=True, lang=lang)
    assert acute_need_in_guide(t.events)
    _, messages = _run(ActionDigisosChecklist(), t)
    said = _texts(messages)
    assert len(said) == 3 and said[1].endswith(pick(NODHJELP_TODAY, lang)), said
    _, messages = _run(ActionDigisosChecklist(), _closing(after_acute_need=False, lang=lang))
    assert not any(pick(NODHJELP_TODAY, lang) in s for s in _texts(messages)), messages


def test_run1b_the_topic_is_sosialhjelp_after_the_guide() -> None:
    """run1b/r26: "jeg er arbeidsledig" in the guide set the topic to dagpenger, and "hvor lang tid tar det?" right
    after the guide got nav.no/saksbehandlingstider and «Mine saker»."""
    from actions.digisos_form import ActionDigisosChecklist

    t = tracker({**ALL_ANSWERED, "topic": "dagpenger"}, ["affirm"], text="ja")
    events, _ = _run(ActionDigisosChecklist(), t)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots == {"digisos_done": True, "topic": "sosialhjelp"}, events
