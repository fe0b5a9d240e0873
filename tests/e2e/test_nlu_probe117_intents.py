"""Probe 117's misread messages (2026-12-06: dialect, SMS style, capitals, dictation, long stories, writing for
someone else) through the trained model: the intent each must get, the intents a message must never be read as
(a weak guess acted on), and the bot's first action after it at the start of a conversation (the rules, without the
action server)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_nlu_probe_intents import parse_with_the_model, run_in_rasa

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

LONG_DOCUMENTS = (
    "Hei. Jeg har vært syk i lang tid og fikk AAP, men den ble stoppet forrige måned fordi de mener jeg ikke har "
    "rett lenger. Jeg har klaget på det. Samboeren min flyttet ut i oktober og nå betaler jeg husleien alene, 12000 "
    "i måneden. Jeg har to barn på 4 og 7 år som bor hos meg annenhver uke. Jeg har prøvd å få jobb men ingen vil "
    "ansette meg nå. Strømregningen er forfalt og jeg har fått purring. Jeg har 800 kr på konto. Det jeg egentlig "
    "lurer på er: hvilke papirer må jeg legge ved når jeg søker om sosialhjelp?")
LONG_SEND_LATER = (
    "Jeg søkte om sosialhjelp for to uker siden. Jeg la ved kontoutskrift og husleiekontrakt. Så fikk jeg en "
    "melding om at de trengte mer dokumentasjon, men jeg skjønte ikke hva. Jeg ringte men kom ikke gjennom, ventet i "
    "40 minutter. Jeg er ganske stressa nå. Barna spør hvorfor vi ikke har mat. Hvordan sender jeg inn flere papirer "
    "etterpå?")
LONG_ACUTE = ("Jeg har ikke mat i dag og ingen penger. Barna mine er sultne og strømmen er stengt. Vi har ikke noe "
              "sted å gå. Hva er telefonnummeret til nav?")

EXPECTED: list[tuple[str, str]] = [
    # no money, said any way, is the acute need (it was payment_dates: "sjekk Utbetalinger" and «Logg inn»)
    ("😭😭 har ingen penger", "sosialhjelp_emergency"),
    ("kom ut av fengsel i går", "sosialhjelp_emergency"),
    ("trenger cash til mat og sånn", "sosialhjelp_emergency"),
    ("JEG HAR IKKE FÅTT PENGER PÅ 2 MÅNEDER", "sosialhjelp_emergency"),
    ("er student og lånekassen kommer ikke før 15. har ikke penger til mat", "sosialhjelp_emergency"),
    ("jeg bor alene og har stor gjeld og ikke penger til mat", "sosialhjelp_emergency"),
    # a decision felt unfair, in dialect (it was goodbye)
    ("æ syns det e urettferdig", "complaint"),
    ("eg synest vedtaket er urettferdig", "complaint"),
    # writing for someone else
    ("kan du sjekke søknaden hennes", "on_behalf"),
    ("broren min søkte sosialhjelp for en måned siden, hva er status på saken hans?", "on_behalf"),
    ("Kan jeg se saken hans?", "on_behalf"),
    ("kan jeg logge inn med min bankid for henne", "on_behalf"),
    ("kan jeg logge inn for han", "on_behalf"),
    ("mora mi er 80 og har ikke bankid. kan jeg søke sosialhjelp for henne?", "on_behalf"),
    ("Hei, jeg er verge for en mann med utviklingshemming.", "on_behalf"),
    ("kan jeg søke for bestemor", "on_behalf"),
    # the question at the end of a long story decides (bot/components/intent_classifier.py), but an acute need
    # told in the story stays
    (LONG_DOCUMENTS, "sosialhjelp_documents"),
    (LONG_SEND_LATER, "sosialhjelp_send_attachment"),
    (LONG_ACUTE, "sosialhjelp_emergency"),
    # the paper form, and which papers to bring
    ("Kan jeg få et skjema på papir i posten?", "sosialhjelp_apply"),
    ("hvor får jeg skjemaet", "sosialhjelp_apply"),
    ("ka æ må ha med mæ av papira når æ søke sosialhjelp", "sosialhjelp_documents"),
    # what now, in dialect (it was deny: "Helt greit." to the emergency offer)
    ("ka gjør æ no", "followup_what_now"),
    # one word; the case after a status answer; whom to talk to; closing time
    ("sosialhjelp", "sosialhjelp_apply"),
    ("JEG SØKTE FOR 3 UKER SIDEN", "sosialhjelp_status"),
    ("eg søkte for ei veke sidan", "sosialhjelp_status"),
    ("ingenting har skjedd", "sosialhjelp_status"),
    ("kem ska æ snakk me", "human_handoff"),
    ("ka tid stenge dem", "office_contact"),
    # a place given alone: the guide's kind of answer, which the actions read the place from
    ("Jeg bor i Lillehammer.", "digisos_answer"),
    ("jeg bor i fyllingsdalen", "digisos_answer"),
    ("eg bur i fyllingsdalen", "digisos_answer"),
    ("æ bor på lerkendal", "digisos_answer"),
    ("hun bor i moss", "digisos_answer"),
    ("han heter Ahmed og bor i Sandnes", "digisos_answer"),
    # a bydel alone, answering the acute answer's or the office form's place question (it was greet: "Hei! Hva lurer
    # du på?", or the fallback)
    ("hillevåg", "digisos_answer"),
    ("Madla", "digisos_answer"),
    ("fyllingsdalen", "digisos_answer"),
    ("lerkendal", "digisos_answer"),
    ("grünerløkka", "digisos_answer"),
    # Northern Sami: another language wished for
    ("buorre beaivi", "language_preference"),
]

# Weak guesses that were acted on: never these intents.
NEVER: list[tuple[str, set[str]]] = [
    ("penger", {"payment_dates"}),
    ("har 0 kr", {"payment_dates"}),
    ("trenger jeg foreldrene sin underskrift", {"foreldrepenger"}),
    ("hei jeg er ny i norge fra ukraina", {"sosialhjelp_emergency"}),
    ("jeg er 19 og bor hjemme selv om jeg vil flytte", {"sosialhjelp_emergency"}),
    # a greeting is no place, and a place in a question about something else no place answer
    ("hei", {"digisos_answer"}),
    ("heisann", {"digisos_answer"}),
    ("god morgen", {"digisos_answer"}),
    ("hvor finner jeg en god pizza i stavanger", {"digisos_answer"}),
]

FIRST_ACTION: list[tuple[str, set[str]]] = [
    ("kan jeg logge inn med min bankid for henne", {"utter_on_behalf"}),
    ("Hei, jeg er verge for en mann med utviklingshemming.", {"utter_on_behalf"}),
    ("😭😭 har ingen penger", {"action_emergency"}),
    ("hvor får jeg skjemaet", {"action_sosialhjelp_apply"}),
]


# The bot's next action after a conversation so far (the policies, without the action server): (kind, value) steps,
# kind "user" (text, intent), "bot" (text), "loop" (the active loop's name), "rejected" (a form that took no answer
# from the message, as digisos_form does for an intent its slots leave out) or "action" (name).
NEXT = r'''
import asyncio, json, sys
from rasa.core.agent import Agent
from rasa.shared.core.events import (
    ActionExecuted, ActionExecutionRejected, ActiveLoop, BotUttered, SessionStarted, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker


async def main():
    agent = Agent.load(sys.argv[1])
    found = {}
    for name, steps in json.loads(sys.argv[2]).items():
        events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
        for kind, value in steps:
            if kind == "user":
                events.append(UserUttered(value[0], {"name": value[1], "confidence": 1.0}))
            elif kind == "bot":
                events.append(BotUttered(value))
            elif kind == "loop":
                events.append(ActiveLoop(value))
            elif kind == "rejected":
                events.append(ActionExecutionRejected(value))
            else:
                events.append(ActionExecuted(value))
        await agent.tracker_store.save(DialogueStateTracker.from_events(name, events, agent.domain.slots))
        prediction = await agent.processor.predict_next_for_sender_id(name)
        found[name] = max(prediction["scores"], key=lambda s: s["score"])["action"]
    print(json.dumps(found))

asyncio.run(main())
'''

QUEUE_OFFERED_AGAIN = "Vil du at jeg setter deg i kø for en veileder? Saken din får prioritet."
BYDEL_ASKED = ("Hvilket NAV-kontor du hører til i Stavanger, avhenger av bydelen du bor i, så jeg trenger bydelen din "
               "eller postnummeret ditt.")
# Probe 117 #7: "ja" to the emergency queue offered again after a place (action_digisos_correction's answer) is
# handed over by action_answer_yes_no (FollowupAction); the policies knew no action after that handoff and the core
# fallback put "Beklager, jeg er ikke sikker på at jeg forstod" under the queue notice. The turn ends there.
NEXT_ACTION: dict[str, tuple[list[tuple[str, object]], str]] = {
    "yes to the queue offered again": ([
        ("user", ["æ bor på heimdal i trondheim", "digisos_answer"]), ("action", "action_digisos_correction"),
        ("bot", QUEUE_OFFERED_AGAIN), ("action", "action_listen"), ("user", ["ja", "affirm"]),
        ("action", "action_answer_yes_no"), ("action", "action_handoff")], "action_listen"),
    "what now right after the emergency answer": ([
        ("user", ["æ har itj penga te mat", "sosialhjelp_emergency"]), ("action", "action_emergency"),
        ("bot", QUEUE_OFFERED_AGAIN), ("action", "action_listen"), ("user", ["ka gjør æ no", "followup_what_now"])],
        "action_emergency"),
    "unfair after the complaint answer": ([
        ("user", ["jeg vil klage på vedtaket", "complaint"]), ("action", "utter_complaint"),
        ("action", "action_listen"), ("user", ["æ syns det e urettferdig", "complaint"])], "utter_complaint_heard"),
    "yes after the unfairness heard": ([
        ("user", ["jeg vil klage", "complaint"]), ("action", "utter_complaint"), ("action", "action_listen"),
        ("user", ["det er urettferdig", "complaint"]), ("action", "utter_complaint_heard"),
        ("action", "action_listen"), ("user", ["ja", "affirm"])], "action_handoff"),
    "yes to the person offered to one who writes for another": ([
        ("user", ["kan jeg søke for mora mi", "on_behalf"]), ("action", "utter_on_behalf"),
        ("action", "action_listen"), ("user", ["ja", "affirm"])], "action_handoff"),
    "writing for someone else in the middle of the guide: the answer, then the guide": ([
        ("user", ["hjelp meg å søke", "sosialhjelp_apply"]), ("action", "action_sosialhjelp_apply"),
        ("action", "action_listen"), ("user", ["ja", "affirm"]), ("action", "utter_digisos_intro"),
        ("action", "digisos_form"), ("loop", "digisos_form"), ("action", "action_listen"),
        ("user", ["kan jeg søke for mora mi", "on_behalf"]), ("rejected", "digisos_form")], "utter_on_behalf"),
    "... and after that answer the guide's question again": ([
        ("user", ["hjelp meg å søke", "sosialhjelp_apply"]), ("action", "action_sosialhjelp_apply"),
        ("action", "action_listen"), ("user", ["ja", "affirm"]), ("action", "utter_digisos_intro"),
        ("action", "digisos_form"), ("loop", "digisos_form"), ("action", "action_listen"),
        ("user", ["kan jeg søke for mora mi", "on_behalf"]), ("rejected", "digisos_form"),
        ("action", "utter_on_behalf")], "digisos_form"),
    # a bydel answering the bydel question in the acute thread: read as the place (action_digisos_correction finds
    # its office), not the greeting
    "a bydel answering the acute answer's bydel question": ([
        ("user", ["æ har itj penga te mat", "sosialhjelp_emergency"]), ("action", "action_emergency"),
        ("bot", QUEUE_OFFERED_AGAIN), ("action", "action_listen"), ("user", ["stavanger", "digisos_answer"]),
        ("action", "action_digisos_correction"), ("bot", BYDEL_ASKED), ("action", "action_listen"),
        ("user", ["hillevåg", "digisos_answer"])], "action_digisos_correction"),
    # ... and answering the office form's question: the form takes it
    "a bydel answering the office form's question": ([
        ("user", ["hvor er nav-kontoret i stavanger", "office_contact"]), ("action", "office_form"),
        ("loop", "office_form"), ("action", "action_listen"), ("user", ["madla", "digisos_answer"])], "office_form"),
    # "Jeg bor i Lillehammer." on its own: the guide's kind of answer outside the guide (the place noted)
    "a place said on its own": ([("user", ["Jeg bor i Lillehammer.", "digisos_answer"])],
                                "action_digisos_correction"),
}


@pytest.fixture(scope="module")
def next_actions(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return run_in_rasa(NEXT, tmp_path_factory.mktemp("probe117_next"), str(trained_model),
                       json.dumps({name: steps for name, (steps, _) in NEXT_ACTION.items()}))


@pytest.mark.parametrize("name", list(NEXT_ACTION))
def test_the_bot_takes_the_next_step(next_actions: dict[str, str], name: str) -> None:
    assert next_actions[name] == NEXT_ACTION[name][1]


@pytest.fixture(scope="module")
def parsed(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    texts = [t for t, _ in EXPECTED] + [t for t, _ in NEVER]
    return parse_with_the_model(trained_model, tmp_path_factory.mktemp("probe117"), texts,
                                [t for t, _ in FIRST_ACTION])


@pytest.mark.parametrize(("text", "intent"), EXPECTED)
def test_the_model_reads_the_probe_message_right(parsed: dict[str, dict[str, str]], text: str, intent: str) -> None:
    assert parsed["intents"][text] == intent


@pytest.mark.parametrize(("text", "wrong"), NEVER)
def test_the_model_does_not_act_on_a_weak_guess(parsed: dict[str, dict[str, str]], text: str,
                                               wrong: set[str]) -> None:
    assert parsed["intents"][text] not in wrong


@pytest.mark.parametrize(("text", "actions"), FIRST_ACTION)
def test_the_bot_answers_the_probe_message_with_its_action(parsed: dict[str, dict[str, str]], text: str,
                                                          actions: set[str]) -> None:
    assert parsed["actions"][text] in actions
