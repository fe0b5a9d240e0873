"""Probe 117 (2026-12-06), the actions' side of places: the emergency answer named a kontaktsenter as "your office"
for a city NAV serves per bydel ("stavanger", and "æ bor på heimdal i trondheim" though Heimdal was understood);
"Jeg bor i Lillehammer." got the fallback, and "hvor er nav kontoret mitt" then "Jeg fant ikke kontoret ditt"; an
everyday word in a sentence ("kan jeg søke selv?") was taken as a kommune (Sel)."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.office_lookup import TEXTS, ActionOfficeLookup, ValidateOfficeForm, place_from_tracker
from tests.unit.actions.bot_action_fakes import ENHET, FakeRouter

NO_DIGISOS = {"digital_soknad": False, "midlertidig_stengt": None, "innsyn": False, "innsyn_nks": False}
KONTAKTSENTER = {**ENHET, "enhetsnummer": "4101", "navn": "Nav kontaktsenter Rogaland", "type": "KONTAKT"}
LERKENDAL = {**ENHET, "enhetsnummer": "5703", "navn": "Nav Lerkendal"}


def state(text: str, intent: str = "nlu_fallback", *, entities: list[dict[str, Any]] | None = None,
          before: list[dict[str, Any]] | None = None, slots: dict[str, Any] | None = None,
          lang: str = "nb", loop: str | None = None) -> Tracker:
    latest = {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [], "text": text,
              "intent_ranking": []}
    events = [{"event": "user", "text": "hei", "parse_data": {"intent": {"name": "greet"}}}, *(before or []),
              {"event": "user", "text": text, "parse_data": latest}]
    return Tracker("conv-1", {"language": lang, **(slots or {})}, latest, events, False, None,
                   {"name": loop} if loop else {}, "action_listen")


def said(text: str, intent: str = "nlu_fallback") -> list[dict[str, Any]]:
    """An earlier bruker message and the bot's answer to it."""
    return [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
            {"event": "action", "name": "action_handle_fallback"}, {"event": "bot", "text": "…"},
            {"event": "action", "name": "action_listen"}]


EMERGENCY = [{"event": "action", "name": "action_emergency"}, {"event": "bot", "text": "Det høres vanskelig ut."},
             {"event": "action", "name": "action_listen"}]


OFFICE_FORM = {"forms": {"office_form": {"required_slots": ["kommune"]}}}


def run(action: Any, router: Any, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    action.client_factory = lambda: router
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, OFFICE_FORM))
    return events, dispatcher.messages


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def fallback() -> Any:
    from actions.fallback import ActionHandleFallback

    return ActionHandleFallback()


def test_a_city_served_per_bydel_after_the_emergency_answer_is_asked_its_bydel_not_given_a_kontaktsenter() -> None:
    router = FakeRouter(kommune={"navn": "Stavanger", "digisos": NO_DIGISOS}, resolve=[{"enhetsnummer": "4101"}],
                        enhet=KONTAKTSENTER)
    _, messages = run(fallback(), router, state("stavanger", entities=[{"entity": "kommune", "value": "Stavanger"}],
                                                before=EMERGENCY))
    text = messages[0]["text"]
    assert TEXTS["bydel_needed"]["nb"].format(kommune="Stavanger") in text, text
    assert "kontaktsenter" not in text and "Kontoret ditt" not in text, text
    assert not [c for c in router.calls if c[0] == "resolve"], "no office looked up for the kommune alone"


def test_the_bydel_said_with_its_city_after_the_emergency_answer_gives_the_bydel_s_office() -> None:
    router = FakeRouter(kommune={"navn": "Trondheim", "digisos": NO_DIGISOS}, resolve=[{"enhetsnummer": "5703"}],
                        enhet=LERKENDAL)
    events, messages = run(fallback(), router, state(
        "æ bor på heimdal i trondheim", entities=[{"entity": "kommune", "value": "trondheim"}], before=EMERGENCY))
    [criteria] = [args for name, args in router.calls if name == "resolve"]
    assert (criteria["kommune"], criteria["bydel"]) == ("Trondheim", "Heimdal")
    assert "Kontoret ditt er Nav Lerkendal" in messages[0]["text"], messages
    assert slots_of(events)["bydel"] == "Heimdal"


def test_a_bydel_alone_after_the_acute_bydel_question_gives_its_office() -> None:
    router = FakeRouter(kommune={"navn": "Stavanger", "digisos": NO_DIGISOS}, resolve=[{"enhetsnummer": "1103"}],
                        enhet={**ENHET, "navn": "Nav Eiganes og Tasta"})
    _, messages = run(fallback(), router, state("hillevåg", before=EMERGENCY, slots={"kommune": "Stavanger"}))
    [criteria] = [args for name, args in router.calls if name == "resolve"]
    assert criteria["bydel"] == "Hillevåg", criteria
    assert "Kontoret ditt er Nav Eiganes og Tasta" in messages[0]["text"]


def test_a_kontaktsenter_is_never_named_as_the_office_in_an_emergency() -> None:
    router = FakeRouter(kommune={"navn": "Gamvik", "digisos": NO_DIGISOS}, resolve=[{"enhetsnummer": "4101"}],
                        enhet=KONTAKTSENTER)
    _, messages = run(fallback(), router, state("jeg bor i Gamvik", before=EMERGENCY))
    assert "kontaktsenter" not in messages[0]["text"] and "Kontoret ditt" not in messages[0]["text"]


def test_where_the_bruker_lives_said_alone_is_kept_and_she_is_asked_what_she_wants() -> None:
    events, messages = run(fallback(), FakeRouter(), state("Jeg bor i Lillehammer."))
    assert slots_of(events) == {"kommune": "Lillehammer", "bydel": None, "postnummer": None}
    assert "Lillehammer" in messages[0]["text"] and "Beklager" not in messages[0]["text"]
    assert "/office_contact" in [b["payload"] for b in messages[0]["buttons"]]
    events, _ = run(fallback(), FakeRouter(), state("eg bur i fyllingsdalen", lang="nn"))
    assert slots_of(events) == {"kommune": "Bergen", "bydel": "Fyllingsdalen", "postnummer": None}


def test_an_everyday_word_in_a_sentence_is_not_kept_as_a_place() -> None:
    events, messages = run(fallback(), FakeRouter(), state(
        "jeg er 18 år og går på videregående, bor hjemme. kan jeg søke selv?"))
    assert "kommune" not in slots_of(events) and "Sel" not in str(messages)


def test_the_office_question_uses_the_place_said_earlier_in_the_chat() -> None:
    router = FakeRouter(resolve=[{"enhetsnummer": "3405"}], enhet={**ENHET, "navn": "Nav Lillehammer-Gausdal"})
    tracker = state("hvor er nav kontoret mitt", "office_contact", before=said("Jeg bor i Lillehammer."))
    form_events, _ = run(ValidateOfficeForm(), router, state(
        "hvor er nav kontoret mitt", "office_contact", before=said("Jeg bor i Lillehammer."), loop="office_form"))
    assert slots_of(form_events)["kommune"] == "Lillehammer", form_events
    _, messages = run(ActionOfficeLookup(), router, tracker)
    assert "Kontoret ditt er Nav Lillehammer-Gausdal" in messages[0]["text"], messages
    [criteria] = [args for name, args in router.calls if name == "resolve"]
    assert criteria["kommune"] == "Lillehammer"


def test_a_bydel_said_earlier_rides_with_its_kommune_into_the_office_form() -> None:
    tracker = state("hvor er nav kontoret mitt", "office_contact", before=said("jeg bor i fyllingsdalen"),
                    loop="office_form")
    events, _ = run(ValidateOfficeForm(), FakeRouter(), tracker)
    assert (slots_of(events)["kommune"], slots_of(events).get("bydel")) == ("Bergen", "Fyllingsdalen")


def test_a_kommune_said_after_a_bydel_of_another_kommune_wins() -> None:
    """D3: "jeg bor i fyllingsdalen", then "jeg bor i lillehammer": the slots held bydel Fyllingsdalen beside kommune
    Lillehammer, and the router found no office."""
    slots = {"kommune": "Lillehammer", "bydel": "Fyllingsdalen"}
    set_bydel = {"event": "slot", "name": "bydel", "value": "Fyllingsdalen"}
    set_kommune = {"event": "slot", "name": "kommune", "value": "Lillehammer"}
    newer_kommune = state("hvor er nav kontoret mitt", "office_contact", slots=slots, before=[set_bydel, set_kommune])
    assert (place_from_tracker(newer_kommune).kommune, place_from_tracker(newer_kommune).bydel) == ("Lillehammer", None)
    newer_bydel = state("hvor er nav kontoret mitt", "office_contact", slots=slots, before=[set_kommune, set_bydel])
    assert (place_from_tracker(newer_bydel).kommune, place_from_tracker(newer_bydel).bydel) == ("Bergen",
                                                                                              "Fyllingsdalen")


# --- 4. one question at a time; an office named by its name is answered -------------------------------------------

def test_an_office_named_in_the_question_is_answered_without_any_place_question() -> None:
    """"ka e åpningstidene te nav bergen sentrum" got "I need your bydel" and "Which kommune do you live in?"."""
    router = FakeRouter(enhet={**ENHET, "enhetsnummer": "1208", "navn": "Nav Bergen sentrum"})
    tracker = state("ka e åpningstidene te nav bergen sentrum", "office_contact",
                    entities=[{"entity": "kommune", "value": "bergen"}], slots={"kommune": "bergen"})
    _, messages = run(ActionOfficeLookup(), router, tracker)
    assert [m["text"].split(".")[0] for m in messages] == ["Kontoret der er Nav Bergen sentrum"], messages
    assert ("enhet", "1208") in router.calls
    assert not [c for c in router.calls if c[0] == "resolve"]
    form = ValidateOfficeForm()
    form.client_factory = lambda: router
    assert asyncio.run(form.required_slots(["kommune"], CollectingDispatcher(), tracker, OFFICE_FORM)) == []


def test_the_form_does_not_ask_for_the_kommune_right_after_the_bydel_was_asked_for() -> None:
    """"hvor er nav-kontoret i stavanger": "… trenger bydelen din" and then "Hvilken kommune bor du i?"."""
    from actions.office_lookup import ActionAskOfficeFormKommune

    tracker = state("hvor er nav-kontoret i stavanger", "office_contact",
                    entities=[{"entity": "kommune", "value": "stavanger"}], slots={"kommune": "Stavanger"})
    events, messages = run(ActionOfficeLookup(), FakeRouter(), tracker)
    assert [m["text"] for m in messages] == [TEXTS["bydel_needed"]["nb"].format(kommune="Stavanger")]
    after = Tracker("conv-1", {"language": "nb"}, tracker.latest_message,
                    [*tracker.events, {"event": "bot", "text": messages[0]["text"]}], False, None,
                    {"name": "office_form"}, "action_office_lookup")
    assert run(ActionAskOfficeFormKommune(), FakeRouter(), after)[1] == [], "one question, not two"
    _, asked = run(ActionAskOfficeFormKommune(), FakeRouter(), state("hvor er nav kontoret mitt", "office_contact"))
    assert [m.get("response") for m in asked] == ["utter_ask_office_form_kommune"]
