"""Yes and no as answers to the bot's own question, never out of context.

A "ja" after "Vil du snakke med en veileder?" hands over; a "nei" there is accepted with the way back and the phone,
and when the offer stopped the Digisos guide in the middle (acute need, frustration), the guide goes on at its
question (actions/guide_pause.py).
An "ok", "greit" or "ja" after an answer that asked nothing is taken as what it is, an acknowledgement: "Fint! Er det
noe mer jeg kan hjelpe deg med?" (a "nei" there: "Helt greit. Er det noe annet …?"); it never hands over (the probe's
"ok" after the complaint answer put the bruker in the queue). A "ja"/"nei" that answers nothing at all (at the start,
after a question that was not a yes/no question, after gibberish) is not treated as agreement: the bot says it is
unsure what it refers to and offers topics, a human and the phone number.
Two yeses after an answer that asked nothing take its one offer: a "ja"/"fortsett" right after the guide stopped
kindly (utter_digisos_stopped) takes the guide up again, and a "ja takk"/"yes please" (not a mere "ok") after an
answer whose one offer is a person hands over, as the button does.
(The guide's own yes/no questions have their own rules in data/rules/digisos.yml.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.case_followup import case_followup
from actions.common import (
    LANGUAGES,
    human_button,
    language,
    latest_intent,
    latest_user_index,
    pick,
    previous_turn,
)
from actions.digisos import FIELDS, SLOT_PREFIX, own_words, parse_answer, summary_lines
from actions.emergency import APPLY_HINT, DECLINED, emergency_way, offers_emergency_queue, worded
from actions.fallback import CARING_SUGGESTIONS, CLARIFY, OFFER_HUMAN, SUGGESTIONS, offers_for, without_words
from actions.guide_pause import (
    GUIDE,
    asked_at_stop,
    guide_stopped_last_turn,
    guide_unfinished,
    message_at_stop,
    resume_guide,
)
from actions.guide_questions import asks_to_explain, is_question
from actions.router_client import RouterClient

# Bot turns that end by offering a human ("Vil du snakke med en veileder?").
OFFERS_HUMAN = frozenset({
    "utter_bot_challenge", "utter_request_interpreter", "utter_frustration", "action_frustration",
    "utter_book_appointment", "utter_complaint", "action_record_interpreter_need", "action_emergency",
    "utter_sosialhjelp_apply_protected_offer", "action_callback", "utter_complaint_heard", "utter_on_behalf",
})
# (action_response_time offers a person by its button only: an "ok" after it is an acknowledgement.)
SKIPPED = frozenset({"action_listen", "action_extract_slots", "action_session_start", "action_unlikely_intent"})

TEXTS = {
    "declined_human": {
        "nb": "Helt greit. Skriv gjerne hva du lurer på, så prøver jeg å hjelpe. Vil du snakke med noen senere, "
        "kan du be om en veileder her eller ringe NAV på {phone} ({phone_hours}).",
        "nn": "Heilt greitt. Skriv gjerne kva du lurer på, så prøver eg å hjelpe. Vil du snakke med nokon seinare, "
        "kan du be om ein rettleiar her eller ringje NAV på {phone} ({phone_hours}).",
        "en": "That is fine. Tell me what you are wondering about and I will try to help. If you want to talk to "
        "someone later, ask for an adviser here or call NAV on +47 {phone} ({phone_hours}).",
    },
    # A "nei" to the person offered in the middle of the guide (acute need, frustration): the guide goes on after it.
    "declined_human_in_guide": {
        "nb": "Helt greit. Vil du snakke med noen senere, kan du be om en veileder her eller ringe NAV på {phone} "
        "({phone_hours}).",
        "nn": "Heilt greitt. Vil du snakke med nokon seinare, kan du be om ein rettleiar her eller ringje NAV på "
        "{phone} ({phone_hours}).",
        "en": "That is fine. If you want to talk to someone later, ask for an adviser here or call NAV on +47 {phone} "
        "({phone_hours}).",
    },
    # The same while NAV's phone is closed (evenings, weekends, holidays): when it opens, from the router
    "declined_human_closed": {
        "nb": "Helt greit. Skriv gjerne hva du lurer på, så prøver jeg å hjelpe. Vil du snakke med noen senere, "
        "kan du be om en veileder her, eller ringe NAV på {phone} fra {opens}.",
        "nn": "Heilt greitt. Skriv gjerne kva du lurer på, så prøver eg å hjelpe. Vil du snakke med nokon seinare, "
        "kan du be om ein rettleiar her, eller ringje NAV på {phone} frå {opens}.",
        "en": "That is fine. Tell me what you are wondering about and I will try to help. If you want to talk to "
        "someone later, ask for an adviser here, or call NAV on +47 {phone} from {opens}.",
    },
    "declined_human_in_guide_closed": {
        "nb": "Helt greit. Vil du snakke med noen senere, kan du be om en veileder her, eller ringe NAV på {phone} "
        "fra {opens}.",
        "nn": "Heilt greitt. Vil du snakke med nokon seinare, kan du be om ein rettleiar her, eller ringje NAV på "
        "{phone} frå {opens}.",
        "en": "That is fine. If you want to talk to someone later, ask for an adviser here, or call NAV on +47 {phone} "
        "from {opens}.",
    },
    "out_of_context": {
        "nb": "Jeg er ikke sikker på hva du svarer {word} på. Skriv gjerne med noen få ord hva du lurer på, eller "
        "velg et av disse. Du kan også snakke med en veileder eller ringe NAV på {phone} ({phone_hours}).",
        "nn": "Eg er ikkje sikker på kva du svarar {word} på. Skriv gjerne med nokre få ord kva du lurer på, eller "
        "vel eitt av desse. Du kan også snakke med ein rettleiar eller ringje NAV på {phone} "
        "({phone_hours}).",
        "en": "I am not sure what your «{word}» refers to. Tell me in a few words what you are wondering about, or "
        "choose one of these. You can also talk to an adviser or call NAV on +47 {phone} ({phone_hours}).",
    },
    # "ok", "greit" after an answer that asked nothing: taken as an acknowledgement, and the bruker's turn again
    "acknowledged": {
        "nb": "Fint! Er det noe mer jeg kan hjelpe deg med?",
        "nn": "Fint! Er det noko meir eg kan hjelpe deg med?",
        "en": "Good! Is there anything else I can help you with?",
    },
    "acknowledged_no": {
        "nb": "Helt greit. Er det noe annet jeg kan hjelpe deg med?",
        "nn": "Heilt greitt. Er det noko anna eg kan hjelpe deg med?",
        "en": "That is fine. Is there anything else I can help you with?",
    },
    # The next answer of the guide typed instead of "Nei takk" to a person offered in the middle of it
    "noted_typed": {"nb": "Takk, det noterer jeg: {what}.", "nn": "Takk, det noterer eg: {what}.",
                    "en": "Thank you, I have noted that: {what}."},
    # "ja" to "Er det noe mer jeg kan hjelpe deg med?" ("nei" there is a goodbye: utter_goodbye)
    "something_more": {
        "nb": "Så bra! Skriv gjerne med noen få ord hva du lurer på, eller velg et av disse.",
        "nn": "Så bra! Skriv gjerne med nokre få ord kva du lurer på, eller vel eitt av desse.",
        "en": "Good! Tell me in a few words what you are wondering about, or choose one of these.",
    },
}
WORDS = {"affirm": {"nb": "ja", "nn": "ja", "en": "yes"}, "deny": {"nb": "nei", "nn": "nei", "en": "no"}}
OUT_OF_CONTEXT_BUTTONS = ("sosialhjelp_apply", "office_contact", "human_handoff")


def previous_bot_turn(events: Iterable[Mapping[str, Any]]) -> tuple[str | None, str]:
    """The bot's last action before the latest user message and the text it last said."""
    events = list(events)
    action, text = None, ""
    for event in reversed(events[:latest_user_index(events)]):
        if event.get("event") == "bot" and not text:
            text = str(event.get("text") or "")
        if event.get("event") == "action" and event.get("name") not in SKIPPED:
            action = event.get("name")
            break
        if event.get("event") == "user":
            break
    return action, text


# Bot turns that ask the bruker something even where their text has no question mark: a yes there is unclear.
ASKS_ALWAYS = frozenset({"action_handle_fallback", "action_out_of_scope", "action_greet", "utter_greet"})


def bot_turn_texts(events: Iterable[Mapping[str, Any]]) -> list[str]:
    """Everything the bot said in its turn before the latest user message."""
    events = list(events)
    return [str(events[i].get("text") or "") for i in previous_turn(events) if events[i].get("event") == "bot"]


def asked_nothing(action: str | None, texts: list[str]) -> bool:
    """Whether the bot's last turn was an answer that asked the bruker nothing: then "ok"/"greit" acknowledges it."""
    return action is not None and action not in ASKS_ALWAYS and any(texts) and not any("?" in t for t in texts)


def asked_anything_more(action: str | None, text: str) -> bool:
    """Whether the bot's last turn was its own "Er det noe mer jeg kan hjelpe deg med?" after an acknowledgement."""
    return action == "action_answer_yes_no" and any(
        text.startswith(pick(TEXTS[key], lang)) for key in ("acknowledged", "acknowledged_no") for lang in LANGUAGES)


def need_kept(events: list[dict[str, Any]], slots: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The need named in the message that stopped the guide ("vi har ikke mat i dag"): the need question's answer
    when the guide was at it; added to the need already answered when the guide was past it (the oppsummering then
    shows it: it showed "Behov: husleie" alone)."""
    text = message_at_stop(events)
    need = parse_answer("behov", text) if text else None
    if not need or need == "vet_ikke":
        return {}
    slot = SLOT_PREFIX + "behov"
    before = str((slots or {}).get(slot) or "")
    if asked_at_stop(events) == slot and before in ("", "vet_ikke"):
        return {slot: need}
    if not before or before == "vet_ikke":
        return {}  # not asked yet: the guide asks it
    merged = ",".join(dict.fromkeys([*before.split(","), *need.split(",")]))
    return {slot: merged} if merged != before else {}


def typed_answer(events: list[dict[str, Any]], text: str, intent: str | None, own: bool = True) -> dict[str, Any]:
    """The answer to the question the guide was at when a person was offered, typed instead of "Nei takk"
    ("samboer" after "Vil du at jeg setter deg i kø?"): the question's slot and its value (the bruker's own words
    when `own` and nothing fits). Nothing for a question, or for a question of the guide that is not a field."""
    asked = asked_at_stop(events)
    field = asked[len(SLOT_PREFIX):] if isinstance(asked, str) and asked.startswith(SLOT_PREFIX) else None
    if field not in FIELDS or not text.strip() or text.startswith("/"):
        return {}
    parsed = parse_answer(field, text, intent)
    if is_question(text, parsed, intent):
        return {}
    value = parsed or (own_words(field, text) if own else None)
    return {SLOT_PREFIX + field: value} if value else {}


def answers_the_guide_after_offer(tracker: Tracker, own: bool = True) -> dict[str, Any] | None:
    """Slot updates when the latest message answers the guide's question right after a person was offered in the
    middle of the guide and is no yes/no: it declines the person, as "Nei takk" does; None otherwise."""
    events = list(tracker.events)
    if latest_intent(tracker) in ("affirm", "deny") or not guide_stopped_last_turn(events) \
            or not bot_offered_human(*previous_bot_turn(events)):
        return None
    text = str((tracker.latest_message or {}).get("text") or "")
    answer = typed_answer(events, text, latest_intent(tracker), own)
    # the need of the stopping message joins a need typed now ("husleie" after "vi har ikke mat i dag")
    return {**answer, **need_kept(events, {**tracker.slots, **answer})} if answer else None


async def decline_in_guide(dispatcher: CollectingDispatcher, tracker: Tracker, client: RouterClient,
                           kept: Mapping[str, Any]) -> list[dict]:
    """A person offered in the middle of the guide, declined (a "nei", or the next answer typed): the way to a
    person later, then the guide goes on at its question, with `kept` stored."""
    lang = language(tracker)
    action, _ = previous_bot_turn(tracker.events)
    way, opens = await emergency_way(client, tracker.sender_id)
    if action == "action_emergency":
        declined = worded(DECLINED, way, opens, lang)
    else:
        key = "declined_human_in_guide" + ("_closed" if opens is not None else "")
        declined = worded({way: TEXTS[key]}, way, opens, lang)
    dispatcher.utter_message(text=declined)
    answered = {k: v for k, v in kept.items() if k != SLOT_PREFIX + "behov" or asked_at_stop(tracker.events) == k}
    if answered and latest_intent(tracker) not in ("affirm", "deny"):
        noted = summary_lines({k[len(SLOT_PREFIX):]: v for k, v in answered.items()}, lang)
        dispatcher.utter_message(text=pick(TEXTS["noted_typed"], lang).format(what=noted))
    return resume_guide(dispatcher, lang, kept)


async def resume_with_typed_answer(dispatcher: CollectingDispatcher, tracker: Tracker,
                                   client: RouterClient, own: bool = True) -> list[dict] | None:
    """The guide goes on with the answer typed after a person was offered in the middle of it (defect: "samboer"
    instead of "Nei takk" got "Jeg er ikke sikker på at jeg forsto deg", and every later answer a fallback);
    None when the latest message is no such answer. Called by the actions a typed answer reaches: the fallback
    (`own=False`: only an answer that fits the question) and action_digisos_correction (digisos_answer)."""
    kept = answers_the_guide_after_offer(tracker, own)
    if kept is None:
        return None
    return await decline_in_guide(dispatcher, tracker, client, kept)


APPLY_PAYLOAD = "/sosialhjelp_apply"
HANDOFF_PAYLOAD = "/human_handoff"
APPLY_ACTION = "action_sosialhjelp_apply"  # the way to apply, and what stands in the way (kode 6, abroad) first


def offered_payloads(events: Iterable[Mapping[str, Any]]) -> set[str]:
    """The payloads of the buttons the bot offered in its last turn."""
    events = list(events)
    return {str(button.get("payload")) for i in previous_turn(events) if events[i].get("event") == "bot"
            for button in ((events[i].get("data") or {}).get("buttons") or [])}


def offered_only_to_apply(events: Iterable[Mapping[str, Any]]) -> bool:
    """Whether the bot's last turn offered applying ([Hjelp meg å søke]) as its one offer besides a person."""
    payloads = offered_payloads(events)
    return APPLY_PAYLOAD in payloads and payloads <= {APPLY_PAYLOAD, HANDOFF_PAYLOAD}


async def start_the_guide(dispatcher: CollectingDispatcher, tracker: Tracker, client: RouterClient) -> list[dict]:
    """The guide started from a yes to the offer to apply; one who may not apply digitally, or whom the
    folkeregister has abroad, gets the apply answer, which says what stands in the way instead."""
    if await client.may_apply_digitally(tracker.sender_id) is False or \
            await client.registered_abroad(tracker.sender_id):
        return [FollowupAction(APPLY_ACTION)]
    dispatcher.utter_message(response="utter_digisos_intro")
    return [FollowupAction(GUIDE)]


def offered_only_a_person(events: Iterable[Mapping[str, Any]]) -> bool:
    """Whether the bot's last turn offered the way to a person ([Snakk med en veileder]) as its one offer."""
    return offered_payloads(events) == {HANDOFF_PAYLOAD}


# A yes that says yes ("ja takk", "yes please"), not a mere "ok"/"greit"/"takk" taking note of an answer.
SAYS_YES = re.compile(r"\b(ja|jo|jepp|japp|jada|javisst|gjerne|yes|yeah|yep|yup|please|sure|absolutt|selvsagt)\b",
                      re.IGNORECASE)
# The guide stopped kindly ("stopp": "skriv «fortsett med søknaden» når du vil gå videre", utter_digisos_stopped)
GUIDE_STOPPED = "utter_digisos_stopped"


def bot_offered_human(action: str | None, text: str) -> bool:
    if action in OFFERS_HUMAN or offers_emergency_queue(text):  # the queue offered again after a follow-up (probe 106)
        return True
    # the second fallback's offer, and the caring word to a cry for help ("HJELP!!!"), which asks the same
    offers = {pick(said, lang)[:40] for said in (OFFER_HUMAN, HARD_NOW) for lang in ("nb", "nn", "en")}
    return action == "action_handle_fallback" and any(text.startswith(o) for o in offers)


class ActionAnswerYesNo(Action):
    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_answer_yes_no"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        intent = latest_intent(tracker) or "affirm"
        action, text = previous_bot_turn(tracker.events)
        if bot_offered_human(action, text):
            if intent == "affirm":
                return [FollowupAction("action_handoff")]
            if guide_stopped_last_turn(tracker.events):
                # offered in the middle of the guide: then the question the guide was at, with a need said in the
                # message that brought the person ("vi har ikke penger til mat") kept
                kept = need_kept(list(tracker.events), tracker.slots)
                return await decline_in_guide(dispatcher, tracker, self.client_factory(), kept)
            # the numbers as they can be followed now (NAV's phone closed, no local office): "(hverdager …)" to a
            # bruker on a Saturday said nothing of when NAV's phone opens
            way, opens = await emergency_way(self.client_factory(), tracker.sender_id)
            if action == "action_emergency":
                declined = f"{worded(DECLINED, way, opens, lang)} {pick(APPLY_HINT, lang)}"
            else:
                key = "declined_human" + ("_closed" if opens is not None else "")
                declined = worded({way: TEXTS[key]}, way, opens, lang)
            dispatcher.utter_message(text=declined)
            return []
        said = str((tracker.latest_message or {}).get("text") or "")
        if action == GUIDE_STOPPED and intent == "affirm" and guide_unfinished(tracker.events, tracker.slots):
            # "fortsett" or "ja" right after the guide stopped (its text says «fortsett med søknaden»): it got "Fint!
            # Er det noe mer …?". The guide goes on at its question, as «fortsett med søknaden» does.
            return resume_guide(dispatcher, lang)
        if intent == "affirm" and SAYS_YES.search(said) and offered_only_a_person(tracker.events):
            # "yes please" after an answer whose one offer is [Talk to an adviser] ("are you open now? I need to talk
            # to someone", probe 70) got "Good! Is there anything else …?": the yes takes the offer, as the button
            # does. A mere "ok" there stays an acknowledgement.
            return [FollowupAction("action_handoff")]
        buttons = [{"title": pick(SUGGESTIONS[i], lang), "payload": f"/{i}"}
                   for i in await offers_for(self.client_factory(), tracker.sender_id, OUT_OF_CONTEXT_BUTTONS)]
        if action == "action_handle_fallback" and any(text.startswith(pick(CLARIFY, lg)) for lg in LANGUAGES):
            # "ok" after "Si gjerne med egne ord hva du lurer på" (a "hæ?" answered): no question was asked
            key = "something_more" if intent == "affirm" else "acknowledged_no"
            dispatcher.utter_message(text=pick(TEXTS[key], lang), buttons=buttons if intent == "affirm" else [])
            return []
        if asked_anything_more(action, text):
            # the answer to the bot's own "anything more?": more is asked for, or it is a goodbye
            if intent == "affirm":
                dispatcher.utter_message(text=pick(TEXTS["something_more"], lang), buttons=buttons)
            else:
                dispatcher.utter_message(response="utter_goodbye")
            return []
        if asked_nothing(action, bot_turn_texts(tracker.events)):
            if intent == "affirm" and offered_only_to_apply(tracker.events) and not tracker.get_slot("digisos_done"):
                # "ja takk" after the answer on who can get sosialhjelp, whose one offer is [Hjelp meg å søke]: it
                # got "Fint! Er det noe mer …?", and every answer after it a fallback. The yes takes the offer.
                return await start_the_guide(dispatcher, tracker, self.client_factory())
            key = "acknowledged" if intent == "affirm" else "acknowledged_no"
            dispatcher.utter_message(text=pick(TEXTS[key], lang))
            return []
        word = pick(WORDS.get(intent, WORDS["affirm"]), lang)
        dispatcher.utter_message(text=pick(TEXTS["out_of_context"], lang).format(word=word), buttons=buttons)
        return []


# "hjelp" or "jeg trenger hjelp" (greet to the model, as "hei" is) is a request, not a hello: "Hva lurer du på?"
# alone gave nothing to choose from.
ASKS_FOR_HELP = re.compile(r"\b(hjelp\w*|help\w*)\b", re.IGNORECASE)
HELP_OPTIONS = ("sosialhjelp_apply", "sosialhjelp_status", "sosialhjelp_emergency", "office_contact", "human_handoff")
WHAT_HELP = {
    "nb": "Så bra at du tar kontakt, jeg hjelper deg gjerne! Hva trenger du hjelp med? Velg et av disse, eller skriv "
    "med noen få ord hva det gjelder. Du kan når som helst be om å snakke med en veileder.",
    "nn": "Så bra at du tek kontakt, eg hjelper deg gjerne! Kva treng du hjelp med? Vel eitt av desse, eller skriv "
    "med nokre få ord kva det gjeld. Du kan når som helst be om å snakke med ein rettleiar.",
    "en": "Good that you got in touch, I am happy to help! What do you need help with? Choose one of these, or tell "
    "me in a few words what it is about. You can ask to talk to an adviser at any time.",
}


class ActionGreet(Action):
    """A hello gets the greeting (utter_greet); a hello that asks for help gets what it needs help with, with the
    main topics as buttons."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        text = str((tracker.latest_message or {}).get("text") or "")
        if not ASKS_FOR_HELP.search(text):
            dispatcher.utter_message(response="utter_greet")
            return []
        lang = language(tracker)
        buttons = [{"title": pick(SUGGESTIONS[i], lang), "payload": f"/{i}"} for i in HELP_OPTIONS]
        dispatcher.utter_message(text=pick(WHAT_HELP, lang), buttons=buttons)
        return []


# Emoji alone ("😭😭😭🙏"), which the model takes for frustration: no complaint about the bot ("Beklager at jeg ikke
# hjelper deg godt nok" to a first message made no sense), maybe distress. A caring word, a person offered, help today.
HARD_NOW = {
    "nb": "Det ser ut som du har det tungt nå, og det er bra at du tar kontakt. Vil du snakke med en veileder? Du kan "
    "også skrive med noen få ord hva det gjelder, eller velge et av disse. NAV kan du ringe på {phone} "
    "({phone_hours}).",
    "nn": "Det ser ut som du har det tungt no, og det er bra at du tek kontakt. Vil du snakke med ein rettleiar? Du "
    "kan også skrive med nokre få ord kva det gjeld, eller velje eitt av desse. NAV kan du ringje på {phone} "
    "({phone_hours}).",
    "en": "It looks like things are hard right now, and it is good that you got in touch. Would you like to talk to "
    "an adviser? You can also tell me in a few words what it is about, or choose one of these. You can call NAV on "
    "+47 {phone} ({phone_hours}).",
}
HARD_NOW_CLOSED = {
    "nb": "Det ser ut som du har det tungt nå, og det er bra at du tar kontakt. Vil du snakke med en veileder? Du kan "
    "også skrive med noen få ord hva det gjelder, eller velge et av disse. NAV kan du ringe på {phone} fra {opens}.",
    "nn": "Det ser ut som du har det tungt no, og det er bra at du tek kontakt. Vil du snakke med ein rettleiar? Du "
    "kan også skrive med nokre få ord kva det gjeld, eller velje eitt av desse. NAV kan du ringje på {phone} frå "
    "{opens}.",
    "en": "It looks like things are hard right now, and it is good that you got in touch. Would you like to talk to "
    "an adviser? You can also tell me in a few words what it is about, or choose one of these. You can call NAV on "
    "+47 {phone} from {opens}.",
}


# Frustration in words: a person offered at once, and NAV's phone. While NAV's phone is closed (evenings, weekends,
# holidays: the router's ways-to-nav nav_phone_opens) "en veileder nå … (hverdager …)" was untrue on a Saturday:
# the queue is answered when the office opens, and the phone opens at the time the router gives.
FRUSTRATED = {
    "nb": "Beklager at jeg ikke hjelper deg godt nok. Jeg kan sette deg over til en veileder nå, eller du kan ringe "
    "NAV på {phone} ({phone_hours}).",
    "nn": "Orsak at eg ikkje hjelper deg godt nok. Eg kan setje deg over til ein rettleiar no, eller du kan ringje "
    "NAV på {phone} ({phone_hours}).",
    "en": "I am sorry I am not helping you well enough. I can pass you to an adviser now, or you can call NAV on "
    "+47 {phone} ({phone_hours}).",
}
FRUSTRATED_CLOSED = {
    "nb": "Beklager at jeg ikke hjelper deg godt nok. Jeg kan sette deg i kø for en veileder: køen blir besvart når "
    "kontoret åpner. NAV på telefon {phone} kan du ringe fra {opens}.",
    "nn": "Orsak at eg ikkje hjelper deg godt nok. Eg kan setje deg i kø for ein rettleiar: køen blir svart når "
    "kontoret opnar. NAV på telefon {phone} kan du ringje frå {opens}.",
    "en": "I am sorry I am not helping you well enough. I can put you in the queue for an adviser: the queue is "
    "answered when the office opens. You can call NAV on +47 {phone} from {opens}.",
}


# "jeg vil ikke mer", "orker ikke mer" and "I give up", said on their own, can mean "I want to stop chatting" or "I
# cannot go on". Ending with a cheerful "Ha det bra!" fits only the first. The answer fits both: stopping is fine,
# and someone can be talked to day and night. With an object ("orker ikke mer av dette skjemaet") it is frustration.
WEARY = re.compile(
    r"(?:\b(?:vil|orker|orkar|klarer|greier|takler|gidder)\s+(?:ikke|ikkje)\s+(?:mer|meir)"
    r"|\bgir\s+opp|\bgiving\s+up|\bgive\s+up"
    r"|\bcan'?t\s+(?:take\s+(?:it|this)\s+any\s?more|go\s+on|cope\s+any\s?more|do\s+this\s+any\s?more))"
    r"(?:\s+(?:nå|no|now|lenger|lengre|lenger\s+nå))?\W*$", re.IGNORECASE)
# Who can be talked to day and night (the router's self_harm_contacts names the same two).
TALK_TO_SOMEONE = {
    "nb": "Mental Helse på 116 123 eller Kirkens SOS på 22 40 00 40",
    "nn": "Mental Helse på 116 123 eller Kirkens SOS på 22 40 00 40",
    "en": "Mental Helse on 116 123 or Kirkens SOS on 22 40 00 40",
}
ALSO_TALK = {
    "nb": "Du kan også snakke med noen hele døgnet: {talk}.",
    "nn": "Du kan også snakke med nokon heile døgnet: {talk}.",
    "en": "You can also talk to someone day or night: {talk}.",
}
GOODBYE_GENTLY = {
    "nb": "Det er helt i orden å stoppe her. Har du det tungt, kan du snakke med noen hele døgnet: {talk}. Du er "
    "velkommen tilbake hit når som helst, eller ring NAV på {phone} ({phone_hours}).",
    "nn": "Det er heilt i orden å stoppe her. Har du det tungt, kan du snakke med nokon heile døgnet: {talk}. Du er "
    "velkomen tilbake hit når som helst, eller ring NAV på {phone} ({phone_hours}).",
    "en": "It is completely fine to stop here. If things feel hard, you can talk to someone day or night: {talk}. "
    "You are welcome back here at any time, or call NAV on +47 {phone} ({phone_hours}).",
}


def sounds_weary(text: str) -> bool:
    """"jeg vil ikke mer" and its kin said on their own (WEARY): maybe a goodbye, maybe despair."""
    return bool(WEARY.search(text.strip()))


class ActionGoodbye(Action):
    """A goodbye gets utter_goodbye; one that sounds weary ("jeg vil ikke mer") gets GOODBYE_GENTLY, which fits a
    wish to stop and despair alike."""

    def name(self) -> str:
        return "action_goodbye"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        said = str((tracker.latest_message or {}).get("text") or "")
        if not sounds_weary(said):
            dispatcher.utter_message(response="utter_goodbye")
            return []
        lang = language(tracker)
        dispatcher.utter_message(text=pick(GOODBYE_GENTLY, lang).replace("{talk}", pick(TALK_TO_SOMEONE, lang)))
        return []


def stopped_guide_now(events: list[dict[str, Any]]) -> bool:
    """Whether this turn stopped the guide (its frustration rule runs action_deactivate_loop first)."""
    return any(e.get("event") == "action" and e.get("name") == "action_deactivate_loop"
               for e in events[latest_user_index(events):])


# The actions that answer from the bruker's own case: "hva betyr det?" after them is about what they said.
CASE_ANSWERS = frozenset({"action_case_answer", "action_followup_case"})


class ActionFrustration(Action):
    """Frustration offers a person at once (FRUSTRATED, honest about the hours); a message of emoji alone gets
    HARD_NOW instead, with help today, a person and applying for sosialhjelp as buttons. A "ja" after either hands
    over. A short "hæ?" outside the guide is not frustration: the bruker did not understand, and the fallback says
    so plainly and offers to say it another way (actions/fallback.py CLARIFY), which asks no yes/no question: an
    "ok" after it is no yes to a person."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_frustration"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        said = str((tracker.latest_message or {}).get("text") or "")
        if asks_to_explain(said) and previous_bot_turn(tracker.events)[0] in CASE_ANSWERS:
            # "hva betyr det?" after "Den blir ikke behandlet." (probe 106, Nils): what the case's state means and
            # the next step, not "Beklager, det var kanskje uklart".
            lang = language(tracker)
            meant = await case_followup(self.client_factory(), tracker.sender_id, None, lang)
            if meant:
                dispatcher.utter_message(text=meant, buttons=[human_button(lang)])
                return []
        if asks_to_explain(said) and not stopped_guide_now(list(tracker.events)):
            return [FollowupAction("action_handle_fallback")]
        lang = language(tracker)
        way, opens = await emergency_way(self.client_factory(), tracker.sender_id)
        if not without_words(said) and not sounds_weary(said):
            text = worded({way: FRUSTRATED_CLOSED if opens is not None else FRUSTRATED}, way, opens, lang)
            dispatcher.utter_message(text=text, buttons=[human_button(lang)])
            return []
        text = worded({way: HARD_NOW_CLOSED if opens is not None else HARD_NOW}, way, opens, lang)
        if sounds_weary(said):  # "jeg orker ikke mer": maybe despair, not a complaint about the bot
            text = f"{text} {pick(ALSO_TALK, lang).replace('{talk}', pick(TALK_TO_SOMEONE, lang))}"
        buttons = [{"title": pick(SUGGESTIONS[i], lang), "payload": f"/{i}"} for i in CARING_SUGGESTIONS]
        dispatcher.utter_message(text=text, buttons=buttons)
        return []
