"""The need question invites the situation ("Hva trenger du penger til, og hvorfor? … Skriv gjerne kort om
situasjonen din."), so a situation written there is its answer.

A probe: "mat og strøm, jeg har mistet jobben" got the dagpenger answer and the same question again (the model took
it for dagpenger, which the need slot does not take); "vi har ikke penger til mat" got the emergency answer and,
after "Nei takk" to the person, the need question again: "mat" was lost both times."""

from __future__ import annotations

import pytest

from tests.unit.actions.test_bot_digisos_place_correction import run_form, turn

AT_NEED = {"language": "nb", "kommune": "Bergen", "bydel": "Fana"}


async def test_a_situation_the_model_took_for_dagpenger_is_the_need_answer_with_a_short_dagpenger_hint() -> None:
    slots, said = await run_form(turn(AT_NEED, "mat og strøm, jeg har mistet jobben", requested="digisos_behov",
                                      intent="dagpenger"))
    assert slots["digisos_behov"] == "livsopphold,strom" and slots["digisos_arbeid"] == "ledig", slots
    assert slots["asks"] == "digisos_sivilstatus", slots
    assert any("nav.no/dagpenger" in s for s in said) and not any("Hva trenger du" in s for s in said), said


@pytest.mark.parametrize("text", ["hva er dagpenger?", "hvordan søker jeg dagpenger"])
async def test_a_dagpenger_question_at_the_need_question_is_not_taken_as_the_need(text: str) -> None:
    from actions.digisos_form import need_in_other_words

    t = turn(AT_NEED, text, requested="digisos_behov", intent="dagpenger")
    assert not need_in_other_words(t, "digisos_behov")


def test_the_emergency_keeps_its_own_answer() -> None:
    from actions.digisos_form import need_in_other_words

    t = turn(AT_NEED, "vi har ikke penger til mat", requested="digisos_behov", intent="sosialhjelp_emergency")
    assert not need_in_other_words(t, "digisos_behov")



def test_the_answers_validation_reacts_only_to_intents_the_guides_slots_take() -> None:
    """An acute need at the need question ("vi har ikke mat i dag") gets the emergency answer with its numbers and a
    person at once (the need slot leaves sosialhjelp_emergency out, the rule answers it): the validation's own
    "acute_hint" for that intent could never be reached. No branch of an answer's validation may wait for an intent
    that none of the guide's answer slots takes."""
    import inspect
    import re
    from pathlib import Path

    import yaml

    from actions.digisos import FIELDS, SLOT_PREFIX
    from actions.digisos_form import ValidateDigisosForm

    slots = yaml.safe_load((Path(__file__).resolve().parents[3] / "bot" / "digisos.yml").read_text())["slots"]
    left_out = set.intersection(*(set(mapping.get("not_intent") or []) for field in FIELDS
                                  for mapping in slots[SLOT_PREFIX + field]["mappings"]))
    assert "sosialhjelp_emergency" in left_out
    named = set(re.findall(r"latest_intent\(tracker\) == \"(\w+)\"", inspect.getsource(ValidateDigisosForm._validate)))
    assert not named & left_out, named & left_out


def _declined_after_emergency(text: str, requested: str) -> list[dict]:
    """"Nei takk" to the person the emergency answer offered in the middle of the guide at `requested`."""
    import asyncio

    from rasa_sdk.executor import CollectingDispatcher

    from actions.conversation import ActionAnswerYesNo
    from tests.unit.actions.bot_action_fakes import FakeRouter, tracker
    from tests.unit.actions.test_bot_conversation import _events

    emergency = {"event": "user", "text": text,
                 "parse_data": {"intent": {"name": "sosialhjelp_emergency", "confidence": 0.9}}}
    events = [{"event": "active_loop", "name": "digisos_form"}, {"event": "action", "name": "digisos_form"},
              {"event": "slot", "name": "requested_slot", "value": requested},
              {"event": "action", "name": "action_listen"}, emergency,
              {"event": "action", "name": "action_deactivate_loop"}, {"event": "active_loop", "name": None},
              *_events(("action", "action_emergency"), ("bot", "Det høres vanskelig ut."), ("action", "action_listen"),
                       ("user", "deny"))]
    action = ActionAnswerYesNo()
    action.client_factory = FakeRouter  # type: ignore[assignment]
    return asyncio.run(action.run(CollectingDispatcher(), tracker({"language": "nb"}, ["deny"], text="Nei takk",
                                                                  extra_events=events), {}))


def test_no_to_the_person_after_an_emergency_at_the_need_question_keeps_the_need() -> None:
    events = _declined_after_emergency("vi har ikke penger til mat", "digisos_behov")
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert slots == {"digisos_behov": "livsopphold"}, events
    assert events[-1]["event"] == "followup" and events[-1]["name"] == "digisos_form", events


def test_an_emergency_at_another_question_or_without_a_need_keeps_nothing() -> None:
    for text, requested in (("vi har ikke penger til mat", "digisos_arbeid"), ("jeg trenger hjelp nå", "digisos_behov")):
        events = _declined_after_emergency(text, requested)
        assert not [e for e in events if e.get("event") == "slot"], events


async def test_a_bydel_of_the_known_kommune_at_the_need_question_is_the_bydel_and_the_question_comes_again() -> None:
    """"Fana" right after "jeg bor i Bergen" started the guide was stored as the need ("Behov: «Fana»")."""
    known = {"language": "nb", "kommune": "Bergen"}
    slots, said = await run_form(turn(known, "Fana", requested="digisos_behov", mapped={"digisos_behov": "Fana"}))
    assert slots["bydel"] == "Fana" and slots["digisos_behov"] is None and slots["asks"] == "digisos_behov", slots
    assert said == ["Takk, det noterer jeg: Kommune: Bergen, bydel Fana. Da spør jeg igjen om det jeg lurte på:"], said
    # said again, or a place of another kommune, or a need: not taken as a bydel
    for text, before in (("Fana", {**known, "bydel": "Fana"}), ("Sandnes", known), ("mat", known)):
        slots, _ = await run_form(turn(before, text, requested="digisos_behov", mapped={"digisos_behov": text}))
        assert slots.get("bydel") in (None, before.get("bydel")) and slots["digisos_behov"], (text, slots)
