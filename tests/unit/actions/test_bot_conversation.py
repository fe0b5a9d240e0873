"""Whole-conversation behaviour of the actions: the guide's household and formue, amounts that are not postnumre,
real corrections, the veileder's summary, yes/no only in context, honest office facts."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.unit.actions.bot_action_fakes import tracker


def _run(action: Any, t: Any) -> tuple[list[dict], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return events, dispatcher


def test_household_and_formue_are_understood() -> None:
    from actions.digisos import amount, child_count, extract_extras, parse_answer

    assert parse_answer("sivilstatus", "bor alene, ikke gift") == "enslig"
    assert parse_answer("sivilstatus", "eg har sambuar") == "samboer"
    assert parse_answer("sivilstatus", "married") == "gift"
    assert parse_answer("barn", "ja, 2 barn") == "ja" and child_count("ja, 2 barn") == "2"
    assert child_count("vi har tre unger") == "3"
    assert parse_answer("formue", "ingen sparepenger") == "ingen"
    assert parse_answer("formue", "BSU på 20 000 kr") == "bsu" and amount("BSU på 20 000 kr") == "20000"
    assert extract_extras("ingen inntekt, men sparepenger ca 8000", asked="inntekt") == {"formue": "sparepenger"}


def test_an_amount_is_never_a_postnummer() -> None:
    from actions.digisos_form import validate_field

    t = tracker({"postnummer": "8000"}, ["digisos_answer"], text="ingen inntekt, men sparepenger ca 8000",
                entities=[{"entity": "postnummer", "value": "8000"}])
    updates, _ = validate_field("inntekt", "ingen inntekt, men sparepenger ca 8000", t)
    assert updates["postnummer"] is None
    assert updates["digisos_inntekt"] == "ingen"
    assert updates["digisos_formue"] == "sparepenger" and updates["digisos_formue_belop"] == "8000"
    assert "Formue: sparepenger (ca. 8000 kr)" in updates["digisos_oppsummering"]


def test_a_correction_changes_the_answers_for_real() -> None:
    from actions.digisos_form import ActionDigisosCorrection
    from tests.unit.actions.bot_action_fakes import FakeRouter

    slots = {"digisos_done": True, "digisos_barn": "nei", "digisos_formue": "ingen", "language": "nb"}
    t = tracker(slots, ["digisos_answer"], text="jeg mener jeg har 2 barn og sparekonto")
    action = ActionDigisosCorrection()
    action.client_factory = FakeRouter  # type: ignore[assignment]
    events, dispatcher = _run(action, t)
    values = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert values["digisos_barn"] == "ja" and values["digisos_antall_barn"] == "2"
    assert values["digisos_formue"] == "sparepenger"
    assert "2 barn" in values["digisos_oppsummering"]
    assert "rettet" in dispatcher.messages[0]["text"] and "2 barn" in dispatcher.messages[0]["text"]


def test_a_question_the_model_took_for_a_guide_answer_is_not_thanked_for() -> None:
    """'har 20 000 på sparekonto, får jeg avslag da?' outside the guide got 'Takk! Vil du ...'."""
    from actions.digisos_form import ActionDigisosCorrection
    from tests.unit.actions.bot_action_fakes import FakeRouter

    t = tracker({"language": "nb"}, ["digisos_answer"], text="har 20 000 på sparekonto, får jeg avslag da?")
    action = ActionDigisosCorrection()
    action.client_factory = FakeRouter  # type: ignore[assignment]
    _, dispatcher = _run(action, t)
    [said] = dispatcher.messages
    assert not said["text"].startswith("Takk") and "ikke sikker på at jeg forsto" in said["text"]
    assert [b["payload"] for b in said["buttons"]] == ["/sosialhjelp_apply", "/human_handoff"]


def test_the_veileder_summary_carries_every_answer() -> None:
    from actions.handoff import build_summary

    slots = {"kommune": "Bodø", "digisos_sivilstatus": "samboer", "digisos_barn": "ja", "digisos_antall_barn": "2",
             "digisos_formue": "sparepenger", "digisos_formue_belop": "8000", "digisos_inntekt": "ingen"}
    summary = build_summary(["sosialhjelp_apply", "digisos_answer"], slots)
    assert summary["digisos_sivilstatus"] == "samboer" and summary["digisos_antall_barn"] == "2"
    assert "Barn: 2 barn" in summary["digisos_oppsummering"] and "ca. 8000 kr" in summary["digisos_oppsummering"]
    assert "digisos_nylig_mottaker" not in summary
    recent = build_summary(["sosialhjelp_apply"], {**slots, "digisos_nylig_mottaker": True})
    assert recent["digisos_nylig_mottaker"] == "ja"

    from router.domain.staff_labels import fact_label
    assert "kort søknad" in fact_label("digisos_nylig_mottaker"), "the veileder reads it in words"


def _yes_no() -> Any:
    """action_answer_yes_no with a router that says NAV's phone is open and knows of no protection."""
    from actions.conversation import ActionAnswerYesNo
    from tests.unit.actions.bot_action_fakes import FakeRouter

    action = ActionAnswerYesNo()
    action.client_factory = FakeRouter  # type: ignore[assignment]
    return action


def _events(*turns: tuple[str, str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for kind, value in turns:
        if kind == "user":
            out.append({"event": "user", "text": value, "parse_data": {"intent": {"name": value}}})
        elif kind == "action":
            out.append({"event": "action", "name": value})
        else:
            out.append({"event": "bot", "text": value})
    return out


def test_yes_only_answers_a_question_the_bot_asked() -> None:
    from actions.conversation import ActionAnswerYesNo

    # "ja" at the start, before the bot said anything: not agreement, topics + human + phone instead
    t = tracker({}, ["affirm"], text="ja", extra_events=_events(("user", "affirm")))
    events, dispatcher = _run(ActionAnswerYesNo(), t)
    assert events == [] and "ikke sikker på hva du svarer ja på" in dispatcher.messages[0]["text"]
    assert "55 55 33 33" in dispatcher.messages[0]["text"]
    assert "/human_handoff" in [b["payload"] for b in dispatcher.messages[0]["buttons"]]

    # a "ja" after a question that was not a yes/no question: unclear, as before
    t = tracker({}, ["affirm"], text="ja", extra_events=_events(
        ("user", "followup_what_now"), ("action", "utter_followup_unclear"), ("bot", "Hva gjelder det?"),
        ("action", "action_listen"), ("user", "affirm")))
    _, dispatcher = _run(ActionAnswerYesNo(), t)
    assert "ikke sikker på hva du svarer ja på" in dispatcher.messages[0]["text"]

    # "ja" to "Vil du snakke med en veileder?" hands over
    t = tracker({}, ["affirm"], text="ja", extra_events=_events(
        ("user", "bot_challenge"), ("action", "utter_bot_challenge"), ("bot", "Jeg er en chatrobot"),
        ("action", "action_listen"), ("user", "affirm")))
    events, _ = _run(ActionAnswerYesNo(), t)
    assert events == [{"event": "followup", "name": "action_handoff", "timestamp": None}]


def test_acute_need_offers_a_person_yes_hands_over_no_offers_help_to_apply() -> None:
    """The emergency answer offers a person (it used to hand over at once: at night the bruker sat in a queue
    until Monday with the bot gone). "ja" hands over; "nei" gets the way to apply for nødhjelp here."""

    def after_emergency(answer: str) -> Tracker:
        return tracker({}, [answer], text=answer, extra_events=_events(
            ("user", "sosialhjelp_emergency"), ("action", "action_emergency"), ("bot", "Det høres vanskelig ut."),
            ("action", "action_listen"), ("user", answer)))

    events, _ = _run(_yes_no(), after_emergency("affirm"))
    assert events == [{"event": "followup", "name": "action_handoff", "timestamp": None}]
    events, dispatcher = _run(_yes_no(), after_emergency("deny"))
    assert events == [] and "nødhjelp i dag" in dispatcher.messages[0]["text"] and "116 117" in dispatcher.messages[0]["text"]
    assert "55 55 33 33" in dispatcher.messages[0]["text"]


def test_the_person_offered_to_one_who_writes_for_another_or_finds_a_decision_unfair() -> None:
    """Probe 117: utter_on_behalf (writing for someone else) and utter_complaint_heard ("det er urettferdig" after
    the complaint answer) end by offering a veileder: "ja" hands over, "nei" is taken kindly with the way back."""
    for offer in ("utter_on_behalf", "utter_complaint_heard"):
        def after(answer: str, offer: str = offer) -> Tracker:
            return tracker({}, [answer], text=answer, extra_events=_events(
                ("user", "complaint"), ("action", offer), ("bot", "Vil du at en veileder hjelper deg?"),
                ("action", "action_listen"), ("user", answer)))

        events, _ = _run(_yes_no(), after("affirm"))
        assert events == [{"event": "followup", "name": "action_handoff", "timestamp": None}], offer
        events, dispatcher = _run(_yes_no(), after("deny"))
        assert events == [] and "Helt greit" in dispatcher.messages[0]["text"], offer
        assert "55 55 33 33" in dispatcher.messages[0]["text"], offer


def test_a_low_trust_office_is_most_likely_and_a_post_box_is_not_a_visiting_address() -> None:
    from actions.office_lookup import format_office

    text = format_office({"navn": "Nav Halden-Aremark", "adresse": "Postboks 56, 1751 HALDEN", "tillit": "lav"}, "nb")
    assert "mest sannsynlig" in text and "nav.no/kontor" in text and "55 55 33 33" in text
    assert "Postadresse: Postboks 56" in text and "ikke besøksadressen" in text
    sure = format_office({"navn": "Nav Frogner", "adresse": "Fridtjof Nansens plass 5", "tillit": "høy"}, "en")
    assert "Your office is Nav Frogner" in sure and "Address: Fridtjof" in sure


def test_every_fallback_carries_a_human_and_the_phone() -> None:
    from actions.common import pick
    from actions.fallback import OFFER_HUMAN, REPHRASE

    for texts in (REPHRASE, OFFER_HUMAN):
        for lang in ("nb", "nn", "en"):
            assert "55 55 33 33" in pick(texts, lang)


def test_no_to_the_veileder_offered_after_asking_to_be_called_gets_the_way_back_and_the_phone() -> None:
    """"Kan dere ringe meg?" is answered honestly (no call-back booked here) with a veileder offered: "nei" is an
    answer to that offer, not a "ja"/"nei" out of context."""
    from actions.conversation import ActionAnswerYesNo

    t = tracker({}, ["deny"], text="nei", extra_events=_events(
        ("user", "human_handoff"), ("action", "action_callback"), ("bot", "Fra chatten kan jeg ikke bestille ..."),
        ("action", "action_listen"), ("user", "deny")))
    events, dispatcher = _run(ActionAnswerYesNo(), t)
    assert events == [] and dispatcher.messages[0]["text"].startswith("Helt greit.")
    assert "55 55 33 33" in dispatcher.messages[0]["text"]


def test_living_abroad_said_as_a_guide_answer_outside_the_guide_gets_the_abroad_answer() -> None:
    """"jeg bor i Spania" (a place answer to the model) got "not sure I understood, shall I help you apply?":
    økonomisk sosialhjelp needs staying in Norway, so that is said instead, whatever the guide had learned."""
    from actions.digisos_form import ActionDigisosCorrection
    from tests.unit.actions.bot_action_fakes import FakeRouter

    for slots in ({"language": "nb"}, {"language": "nb", "digisos_done": True, "kommune": "Bergen"}):
        t = tracker(slots, ["digisos_answer"], text="jeg bor i Spania",
                    entities=[{"entity": "utland_word", "value": "bor i Spania"}])
        action = ActionDigisosCorrection()
        action.client_factory = FakeRouter  # type: ignore[assignment]
        events, dispatcher = _run(action, t)
        assert events == [] and [m.get("response") for m in dispatcher.messages] == ["utter_sosialhjelp_abroad"]


def test_no_fixed_address_said_as_a_guide_answer_outside_the_guide_is_answered_as_the_question_it_is() -> None:
    """"jeg har ikke fast adresse" (digisos_answer 0.57 to the probe's model) got the guide's offer: one can apply
    all the same, and nowhere to sleep tonight is nødhjelp (utter_sosialhjelp_no_address)."""
    from actions.digisos_form import ActionDigisosCorrection
    from tests.unit.actions.bot_action_fakes import FakeRouter

    t = tracker({"language": "nb"}, ["digisos_answer"], text="jeg har ikke fast adresse",
                entities=[{"entity": "adresse_word", "value": "fast adresse"}])
    action = ActionDigisosCorrection()
    action.client_factory = FakeRouter  # type: ignore[assignment]
    events, dispatcher = _run(action, t)
    assert events == [] and [m.get("response") for m in dispatcher.messages] == ["utter_sosialhjelp_no_address"]


def test_no_to_the_person_offered_in_the_middle_of_the_guide_takes_the_guide_up_again() -> None:
    """"jeg har ikke mat i dag" inside the guide stops it (a "ja" must hand over); a "nei" then dropped the guide
    with "write «hjelp meg å søke»". Now the numbers again and the guide activated again; outside it, as before."""

    in_guide = [{"event": "active_loop", "name": "digisos_form"}, *_events(
        ("action", "digisos_form"), ("action", "action_listen"), ("user", "sosialhjelp_emergency"))]
    in_guide += [{"event": "action", "name": "action_deactivate_loop"}, {"event": "active_loop", "name": None},
                 *_events(("action", "action_emergency"), ("bot", "Det høres vanskelig ut."),
                          ("action", "action_listen"), ("user", "deny"))]
    events, dispatcher = _run(_yes_no(), tracker({}, ["deny"], text="nei", extra_events=in_guide))
    assert events[-1] == {"event": "followup", "name": "digisos_form", "timestamp": None}, events
    said = [m["text"] for m in dispatcher.messages]
    assert "116 117" in said[0] and "hjelp meg å søke" not in said[0], said
    assert said[1] == "Da fortsetter vi med søknaden der vi slapp.", said

    # The emergency answer outside the guide (the guide ran before, but had ended): no guide to take up.
    after_guide = [{"event": "active_loop", "name": "digisos_form"}, {"event": "active_loop", "name": None},
                   *_events(("user", "sosialhjelp_emergency"), ("action", "action_emergency"),
                            ("action", "action_listen"), ("user", "deny"))]
    events, _ = _run(_yes_no(), tracker({}, ["deny"], text="nei", extra_events=after_guide))
    assert events == []


def test_an_office_question_that_opened_its_own_form_in_the_guide_takes_the_guide_up_again() -> None:
    """In Oslo the office question asks for the bydel with its own form, which replaces the guide: once the office
    is named, the guide goes on; a place answer that named no place leaves the guide's kommune as it was."""
    from actions.office_lookup import ActionOfficeLookup
    from tests.unit.actions.bot_action_fakes import ENHET, FakeRouter

    def run(slots: dict[str, Any], opened: int = 1) -> tuple[list[dict], CollectingDispatcher]:
        action = ActionOfficeLookup()
        action.client_factory = lambda: FakeRouter(  # type: ignore[assignment,misc]
            resolve=[{"enhetsnummer": "0315"}], enhet=ENHET)
        events = [{"event": "slot", "name": "kommune", "value": "Oslo"},
                  {"event": "active_loop", "name": "digisos_form"},
                  {"event": "user", "text": "hvor er nav-kontoret mitt?",
                   "parse_data": {"intent": {"name": "office_contact"}}},
                  {"event": "slot", "name": "kommune", "value": None},
                  *[{"event": "active_loop", "name": "office_form"}] * opened,
                  {"event": "user", "text": "x", "parse_data": {"intent": {"name": "digisos_answer"}}},
                  {"event": "active_loop", "name": None}]
        t = Tracker("conv-1", slots, {"intent": {"name": "digisos_answer"}, "entities": [], "text": "x"}, events,
                    False, None, {}, "office_form")
        return _run(action, t)

    events, dispatcher = run({"kommune": "Oslo", "bydel": "Grünerløkka"})
    assert "NAV Grünerløkka" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[-1]["text"] == "Da fortsetter vi med søknaden der vi slapp."
    assert events == [{"event": "followup", "name": "digisos_form", "timestamp": None}], events
    events, _ = run({"kommune": "ukjent"}, opened=2)  # asked twice: the way to find it, and the guide again
    assert {"event": "slot", "name": "kommune", "value": "Oslo", "timestamp": None} in events, events
    assert events[-1]["name"] == "digisos_form"


def test_a_place_answering_the_offer_of_a_person_hands_over_and_elsewhere_does_not() -> None:
    """"Jeg bor i Bærum" after "Vil du snakke med en veileder?" (the emergency answer, the call-back answer) got
    "Jeg er ikke sikker på at jeg forsto deg": it answers the offer (the router routes by the place in it). The same
    words answering nothing are a place noted, and she is asked what she wants (probe 117: they were "not
    understood")."""
    from actions.digisos_form import ActionDigisosCorrection
    from tests.unit.actions.bot_action_fakes import FakeRouter

    place = [{"entity": "kommune", "value": "Bærum"}]
    for offer in ("action_emergency", "action_callback", "utter_bot_challenge"):
        t = tracker({"language": "nb", "kommune": "Bærum"}, ["digisos_answer"], text="Jeg bor i Bærum",
                    entities=place, extra_events=_events(
                        ("user", "sosialhjelp_emergency"), ("action", offer), ("bot", "Vil du snakke med en veileder?"),
                        ("action", "action_listen"), ("user", "digisos_answer")))
        router = FakeRouter(handoff={"stored": True})
        action = ActionDigisosCorrection()
        action.client_factory = lambda router=router: router  # type: ignore[assignment]
        events, dispatcher = _run(action, t)
        # The handoff itself, not a follow-up action (after which Rasa's fallback spoke to a bruker in the queue)
        assert events == [], (offer, events)
        [(_, (_, body))] = [call for call in router.calls if call[0] == "handoff"]
        assert body["kommune"] == "Bærum", body
        assert dispatcher.messages == []
    t = tracker({"language": "nb", "kommune": "Bærum"}, ["digisos_answer"], text="Jeg bor i Bærum", entities=place,
                extra_events=_events(("user", "greet"), ("action", "utter_greet"), ("bot", "Hei!"),
                                     ("action", "action_listen"), ("user", "digisos_answer")))
    action = ActionDigisosCorrection()
    action.client_factory = FakeRouter  # type: ignore[assignment]
    events, dispatcher = _run(action, t)
    assert dispatcher.messages[0]["text"].startswith("Takk, da har jeg notert Bærum"), dispatcher.messages
    assert {"event": "slot", "name": "kommune", "value": "Bærum", "timestamp": None} in events, events


@pytest.mark.parametrize(("text", "entities"), [
    ("Bergen", [{"entity": "kommune", "value": "Bergen"}]),
    ("bergen kommune", [{"entity": "kommune", "value": "Bergen"}]),
    ("i Bærum", [{"entity": "kommune", "value": "Bærum"}]),
])
def test_a_place_alone_after_the_emergency_answer_is_no_yes_to_its_queue(text: str,
                                                                        entities: list[dict[str, Any]]) -> None:
    """Probe 117: a bare "Bergen" after the emergency answer's "Vil du at jeg setter deg i kø …?" put the bruker in
    the queue. A place alone is the place, not consent: its office (or, for Bergen, the bydel asked for) and the
    queue offered again with its buttons; only "Jeg bor i …" answers the offer (the test above)."""
    from actions.digisos_form import ActionDigisosCorrection
    from actions.emergency import OFFER
    from tests.unit.actions.bot_action_fakes import FakeRouter

    kommune = entities[0]["value"]
    t = tracker({"language": "nb", "kommune": kommune}, ["digisos_answer"], text=text, entities=entities,
                extra_events=_events(("user", "sosialhjelp_emergency"), ("action", "action_emergency"),
                                     ("bot", "Det høres vanskelig ut. ... " + OFFER["nb"]),
                                     ("action", "action_listen"), ("user", "digisos_answer")))
    router = FakeRouter(handoff={"stored": True})
    action = ActionDigisosCorrection()
    action.client_factory = lambda: router  # type: ignore[assignment]
    events, dispatcher = _run(action, t)
    assert not [call for call in router.calls if call[0] == "handoff"], router.calls
    [said] = dispatcher.messages
    assert said["text"].endswith(OFFER["nb"]), said
    assert [b["payload"] for b in said["buttons"]] == ["/human_handoff", "/deny"], said
    if kommune == "Bergen":
        assert "bydel" in said["text"], said
    assert {"event": "slot", "name": "kommune", "value": kommune, "timestamp": None} in events, events


async def test_hjelp_alone_is_asked_what_it_needs_help_with_and_a_hello_is_greeted() -> None:
    """"hjelp" (greet to the model) got the greeting's "Hva lurer du på?" with nothing to choose from: a request for
    help gets what it needs help with and the main topics as buttons; "hei" gets the greeting."""
    from actions.conversation import ActionGreet

    for text, lang, said in (("hjelp", "nb", "Hva trenger du hjelp med?"), ("jeg trenger hjelp", "nb", "Hva trenger"),
                             ("eg treng hjelp", "nn", "Kva treng du hjelp med?"),
                             ("I need help", "en", "What do you need help with?")):
        dispatcher = CollectingDispatcher()
        assert await ActionGreet().run(dispatcher, tracker({"language": lang}, ["greet"], text=text), {}) == []
        [message] = dispatcher.messages
        assert said in message["text"], message
        assert [b["payload"] for b in message["buttons"]] == [
            "/sosialhjelp_apply", "/sosialhjelp_status", "/sosialhjelp_emergency", "/office_contact", "/human_handoff"]
    for text in ("hei", "god morgen", "hei, jeg har et spørsmål om sosialhjelp"):
        dispatcher = CollectingDispatcher()
        await ActionGreet().run(dispatcher, tracker({}, ["greet"], text=text), {})
        assert [m.get("response") for m in dispatcher.messages] == ["utter_greet"], text


def _after(action: str, said: str, answer: str, lang: str = "nb") -> Tracker:
    return tracker({"language": lang}, [answer], text=answer, extra_events=_events(
        ("user", "question"), ("action", action), ("bot", said), ("action", "action_listen"), ("user", answer)))


def test_ok_after_an_answer_that_asked_nothing_is_acknowledged_never_a_handoff() -> None:
    """The probe: "ok", "ok takk", "greit" after an answer got "Jeg er ikke sikker på hva du svarer ja på", and
    "ok" after the complaint answer ("En veileder kan hjelpe deg med å skrive klagen.") queued the bruker. An
    answer that asked nothing is acknowledged; the bot's own question ("Er det noe mer …?") is then answered."""
    from actions.conversation import ActionAnswerYesNo

    for lang, expected in (("nb", "Fint! Er det noe mer jeg kan hjelpe deg med?"),
                           ("nn", "Fint! Er det noko meir eg kan hjelpe deg med?"),
                           ("en", "Good! Is there anything else I can help you with?")):
        events, dispatcher = _run(ActionAnswerYesNo(), _after("utter_meldekort", "Meldekortet sender du ...",
                                                              "affirm", lang))
        assert events == [] and [m["text"] for m in dispatcher.messages] == [expected]
    # "når svarer dere?" is answered with a button to a person and no question: "ok" is not a yes to a person
    events, dispatcher = _run(_yes_no(), _after("action_response_time", "Jeg er en chatrobot og svarer med en gang, "
                                                "hele døgnet. Du kan også ringe NAV på 55 55 33 33.", "affirm"))
    assert events == [] and dispatcher.messages[0]["text"].startswith("Fint!")
    events, dispatcher = _run(_yes_no(), _after("utter_meldekort", "Meldekortet sender du ...", "deny"))
    assert events == [] and dispatcher.messages[0]["text"] == "Helt greit. Er det noe annet jeg kan hjelpe deg med?"

    # then "ja" to "Er det noe mer …?" asks what, with topics; "nei" is a goodbye
    _, dispatcher = _run(_yes_no(), _after("action_answer_yes_no", "Fint! Er det noe mer jeg kan hjelpe deg med?",
                                           "affirm"))
    assert dispatcher.messages[0]["text"].startswith("Så bra!") and dispatcher.messages[0]["buttons"]
    _, dispatcher = _run(_yes_no(), _after("action_answer_yes_no", "Fint! Er det noe mer jeg kan hjelpe deg med?",
                                           "deny"))
    assert dispatcher.messages[0]["response"] == "utter_goodbye"

    # a real question keeps its meaning: "ja" to the complaint answer's "Vil du at en veileder hjelper deg …?"
    events, _ = _run(_yes_no(), _after("utter_complaint", "… Vil du at en veileder hjelper deg med klagen?", "affirm"))
    assert events == [{"event": "followup", "name": "action_handoff", "timestamp": None}]


def test_the_complaint_answer_asks_whether_a_veileder_should_help_with_yes_and_no_buttons() -> None:
    """Its "En veileder kan hjelpe deg med å skrive klagen." asked nothing, yet an "ok" after it handed over."""
    from tests.unit.actions.test_bot_responses import _responses

    for variant in _responses()["utter_complaint"]:
        assert variant["text"].endswith("?"), variant["text"]
        assert [b["payload"] for b in variant["buttons"]] == ["/human_handoff", "/deny"], variant
    assert all(v["text"].endswith("?") for v in _responses()["utter_book_appointment"])


def test_crying_emojis_taken_for_frustration_get_a_caring_word_and_help_today_not_an_apology() -> None:
    """"😭😭😭🙏" (frustration to the model) got "Beklager at jeg ikke hjelper deg godt nok" as the first answer of a
    conversation; words of frustration keep that answer."""
    from actions.conversation import ActionFrustration
    from tests.unit.actions.bot_action_fakes import FakeRouter

    action = ActionFrustration()
    action.client_factory = lambda: FakeRouter(nav_phone_opens="2026-12-07T09:00:00+01:00")  # type: ignore[assignment]
    _, dispatcher = _run(action, tracker({}, ["frustration"], text="😭😭😭🙏"))
    [said] = dispatcher.messages
    assert said["text"].startswith("Det ser ut som du har det tungt nå") and "Beklager" not in said["text"], said
    assert "Vil du snakke med en veileder?" in said["text"] and "55 55 33 33 fra mandag" in said["text"], said
    assert [b["title"] for b in said["buttons"]] == ["Jeg trenger hjelp i dag", "Snakk med en veileder",
                                                     "Søke om sosialhjelp"]
    _, dispatcher = _run(action, tracker({}, ["frustration"], text="dette er helt håpløst"))
    assert [m["text"][:42] for m in dispatcher.messages] == ["Beklager at jeg ikke hjelper deg godt nok."]
    # a "ja" after it hands over
    events, _ = _run(_yes_no(), _after("action_frustration", "Det ser ut som du har det tungt nå … Vil du snakke med "
                                       "en veileder?", "affirm"))
    assert events == [{"event": "followup", "name": "action_handoff", "timestamp": None}]


SATURDAY = "2026-12-07T09:00:00+01:00"  # NAV's phone opens Monday 09:00 (the router's nav_phone_opens)


def _frustration(opens: str | None = SATURDAY) -> Any:
    from actions.conversation import ActionFrustration
    from tests.unit.actions.bot_action_fakes import FakeRouter

    action = ActionFrustration()
    action.client_factory = lambda: FakeRouter(nav_phone_opens=opens)  # type: ignore[assignment]
    return action


def _hae(lang: str = "nb", text: str = "hæ?", guide_stopped: bool = False) -> Tracker:
    """ "når svarer dere?" answered, then a short "hæ?" (frustration to the model)."""
    turn = [("user", "response_time"), ("action", "action_response_time"), ("bot", "Jeg er en chatrobot ..."),
            ("action", "action_listen"), ("user", "frustration")]
    if guide_stopped:
        turn.append(("action", "action_deactivate_loop"))
    return tracker({"language": lang}, ["frustration"], text=text, extra_events=_events(*turn))


def test_hae_after_an_answer_is_answered_plainly_with_an_offer_to_say_it_another_way_not_an_apology() -> None:
    """The Saturday probe: "når svarer dere?" → answer → "hæ?" got "Beklager at jeg ikke hjelper deg godt nok. Jeg
    kan sette deg over til en veileder nå …" for someone who only did not understand. The fallback says it plainly
    instead, with the main topics and a person as buttons, and asks no yes/no question."""
    from actions.fallback import ActionHandleFallback
    from tests.unit.actions.bot_action_fakes import FakeRouter

    for text in ("hæ?", "hva mener du?", "skjønner ikke"):
        events, dispatcher = _run(_frustration(), _hae(text=text))
        assert events == [{"event": "followup", "name": "action_handle_fallback", "timestamp": None}], text
        assert dispatcher.messages == [], dispatcher.messages
    fallback = ActionHandleFallback()
    fallback.client_factory = lambda: FakeRouter(nav_phone_opens=SATURDAY)  # type: ignore[assignment]
    for lang, start, person in (
            ("nb", "Beklager, det var kanskje uklart. Si gjerne med egne ord hva du lurer på", "Snakk med en veileder"),
            ("nn", "Orsak, det var kanskje uklart. Sei gjerne med eigne ord kva du lurer på", "Snakk med ein rettleiar"),
            ("en", "Sorry, that may not have been clear. Tell me in your own words", "Talk to an adviser")):
        events, dispatcher = _run(fallback, _hae(lang))
        [said] = dispatcher.messages
        assert said["text"].startswith(start), said
        assert "?" not in said["text"] and "godt nok" not in said["text"] and " nå" not in said["text"], said
        assert said["buttons"][-1] == {"title": person, "payload": "/human_handoff"}, said
        assert len(said["buttons"]) == 4, said
        assert events == [{"event": "followup", "name": "action_listen", "timestamp": None}]


def test_ok_after_the_plain_answer_to_hae_is_not_a_yes_to_a_person() -> None:
    """The probe's "ok" to the frustration answer queued the bruker ("chatroboten kunne ikke hjelpe (siste tema:
    affirm)"). After the plain answer to "hæ?" an "ok" hands nothing over: the bruker is asked what they wonder."""
    from actions.fallback import CLARIFY

    for lang, start in (("nb", "Så bra!"), ("nn", "Så bra!"), ("en", "Good!")):
        events, dispatcher = _run(_yes_no(), _after("action_handle_fallback", CLARIFY[lang], "affirm", lang))
        assert events == [], events
        [said] = dispatcher.messages
        assert said["text"].startswith(start) and said["buttons"], said


def test_real_frustration_on_a_saturday_promises_no_veileder_now_and_says_when_the_phone_opens() -> None:
    """ "Jeg kan sette deg over til en veileder nå … (hverdager 09–15)" on a Saturday was untrue: the queue is
    answered when the office opens, and the phone opens Monday. While NAV is open the answer stays as it was."""
    for lang, expected in (
            ("nb", ["køen blir besvart når kontoret åpner", "55 55 33 33 kan du ringe fra mandag"]),
            ("nn", ["køen blir svart når kontoret opnar", "55 55 33 33 kan du ringje frå måndag"]),
            ("en", ["the queue is answered when the office opens", "55 55 33 33 from Monday"])):
        events, dispatcher = _run(_frustration(), _hae(lang, text="dette er helt håpløst"))
        [said] = dispatcher.messages
        assert all(e in said["text"] for e in expected), said
        assert not any(w in said["text"] for w in ("veileder nå", "rettleiar no", "person now", "09–15")), said
        assert [b["payload"] for b in said["buttons"]] == ["/human_handoff"] and events == [], said
    _, dispatcher = _run(_frustration(None), _hae(text="dette er helt håpløst"))
    assert dispatcher.messages[0]["text"] == ("Beklager at jeg ikke hjelper deg godt nok. Jeg kan sette deg over til "
                                              "en veileder nå, eller du kan ringe NAV på 55 55 33 33 (hverdager "
                                              "09–15)."), dispatcher.messages
    # a "hæ?" that stopped the guide keeps the frustration answer (the guide explains its own questions)
    events, dispatcher = _run(_frustration(), _hae(text="hæ?", guide_stopped=True))
    assert events == [] and "godt nok" in dispatcher.messages[0]["text"], dispatcher.messages
    # a "ja" after the frustration answer still hands over
    events, _ = _run(_yes_no(), _after("action_frustration", dispatcher.messages[0]["text"], "affirm"))
    assert events == [{"event": "followup", "name": "action_handoff", "timestamp": None}]


def test_a_weary_goodbye_names_someone_to_talk_to_and_a_plain_one_does_not() -> None:
    """"jeg vil ikke mer" outside the guide got "Ha det bra!": it can mean "I want to stop" or "I cannot go on". The
    answer now fits both; "ha det" and "stopp" keep the plain goodbye."""
    from actions.conversation import ActionGoodbye

    for lang, text, start in (("nb", "jeg vil ikke mer", "Det er helt i orden å stoppe her."),
                              ("nb", "orker ikke mer nå...", "Det er helt i orden å stoppe her."),
                              ("nn", "eg vil ikkje meir", "Det er heilt i orden å stoppe her."),
                              ("en", "I give up", "It is completely fine to stop here.")):
        _, dispatcher = _run(ActionGoodbye(), tracker({"language": lang}, ["goodbye"], text=text))
        [said] = dispatcher.messages
        assert said["text"].startswith(start) and "116 123" in said["text"] and "22 40 00 40" in said["text"], said
        assert "{" not in said["text"], said
    for text in ("ha det bra", "stopp", "jeg vil ikke svare på flere spørsmål", "jeg orker ikke mer av dette"):
        _, dispatcher = _run(ActionGoodbye(), tracker({}, ["goodbye"], text=text))
        assert [m.get("response") for m in dispatcher.messages] == ["utter_goodbye"], text


def test_weary_words_read_as_frustration_get_the_caring_answer_not_an_apology() -> None:
    _, dispatcher = _run(_frustration(opens=None), tracker({}, ["frustration"], text="jeg orker ikke mer"))
    [said] = dispatcher.messages
    assert said["text"].startswith("Det ser ut som du har det tungt nå"), said
    assert said["text"].endswith("Du kan også snakke med noen hele døgnet: Mental Helse på 116 123 eller Kirkens "
                                 "SOS på 22 40 00 40."), said
    _, dispatcher = _run(_frustration(opens=None), tracker({}, ["frustration"], text="jeg orker ikke mer av dette"))
    assert dispatcher.messages[0]["text"].startswith("Beklager at jeg ikke hjelper deg godt nok.")
