"""rasa-sdk actions of the Digisos application guide, thin wrappers around actions/digisos.py and vedlegg.py."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.apply_repeat import answered_recently, protected_again, protected_first, repeated_answer
from actions.common import (
    HUMAN_TITLE,
    known,
    language,
    latest_intent,
    latest_user_index,
    pick,
    previous_turn,
    slot_before,
)
from actions.conversation import bot_offered_human, previous_bot_turn, resume_with_typed_answer
from actions.digisos import (
    ADRESSEBESKYTTELSE,
    AMOUNT_SLOTS,
    DELAY_AND_DECISION,
    ELSEWHERE_CUES,
    FIELDS,
    LOST_JOB,
    OTHER_WORDS,
    OWN_WORDS,
    PROTECTED_ADDRESS,
    PROTECTED_DOCUMENTS,
    PROTECTED_SEND,
    SLOT_PREFIX,
    UNKNOWN_AMOUNT,
    VET_IKKE,
    amount,
    amount_with_period,
    answers_elsewhere,
    answers_from_slots,
    answers_in_text,
    apply_answers,
    button_home,
    capability_advice,
    capability_from_router,
    child_count,
    combined,
    details_from_slots,
    expenses_instead_of_formue,
    extract_extras,
    is_correction,
    normalise,
    own_words,
    parse_answer,
    required_fields,
    said_summary,
    slots_summary,
    summary_lines,
    takes_digital_applications,
)
from actions.digisos_steps import (
    APPLY_BUTTONS,
    KORT_SOKNAD,
    OPPSUMMERING,
    PERSONOPPLYSNINGER,
    PLACE_AGAIN,
    PLACE_BUTTONS,
    PLACE_NOTED,
    SEND_AND_AFTER,
    apply_offer,
    moved_place,
    oppsummering,
    place_summary,
    place_to_confirm,
    recent_recipient,
    utgifter_question,
    yes_or_no,
)
from actions.emergency import acute_follow_up
from actions.fallback import offers_for
from actions.guide_pause import GUIDE, NODHJELP_TODAY, acute_need_in_guide
from actions.guide_questions import (
    HIGH_CONFIDENCE,
    QUESTION_INTENTS,
    about_the_guide,
    asks_instead,
    asks_to_explain,
    is_explanation,
    is_question,
    known_question,
    question_reply,
)
from actions.handoff import ActionHandoff
from actions.kommune_named import (
    apply_details,
    kommune_follow_up,
    kommune_in_message,
    next_period,
    place_noted,
)
from actions.office_lookup import asks_for_the_bydel, extract_kommune_from_place_slots, validate_place_answer
from actions.places import parse_place, place_in_message, postnummer_confirmation, postnummer_place
from actions.router_client import RouterClient
from actions.short_questions import intro_program_answer, need_response
from actions.vedlegg import LIMITS, build_checklist, render_checklist
from router.domain.places import mentions_place

# bot/digisos.yml: a person offered to one who may not apply digitally, instead of the guide
PROTECTED_OFFER = "utter_sosialhjelp_apply_protected_offer"
STED_OK = "digisos_sted_ok"  # "ja" once the bruker confirmed the place a typed postnummer stands for
BEKREFTET = "digisos_bekreftet"  # "ja" once the bruker confirmed the oppsummering
NYLIG_MOTTAKER = "digisos_nylig_mottaker"  # the bruker said they get or recently got sosialhjelp (kort søknad)
# Living or staying abroad (regex entity, data/nlu/digisos.yml): sosialhjelp needs staying in Norway (bot/digisos.yml)
ABROAD_ENTITY = "utland_word"
ABROAD_RESPONSE = "utter_sosialhjelp_abroad"
# "jeg har ikke fast adresse" (data/nlu/conversation.yml): one can apply all the same
NO_ADDRESS_ENTITY = "adresse_word"
NO_ADDRESS_RESPONSE = "utter_sosialhjelp_no_address"
SEND_FOR_ME_ENTITY = "send_for_me_word"  # "kan du sende søknaden for meg?"
SEND_FOR_ME_RESPONSE = "utter_sosialhjelp_send_for_me"  # no: one sends it oneself (bot/digisos.yml)
GENERAL_APPLY_RESPONSE = "utter_sosialhjelp_apply"  # how and where to apply, said by action_sosialhjelp_apply first
# Said before ABROAD_RESPONSE to a logged-in person the folkeregister has abroad (ways-to-nav: registered_abroad).
REGISTERED_ABROAD = {"nb": "Ifølge folkeregisteret bor du i utlandet.",
                     "nn": "Ifølgje folkeregisteret bur du i utlandet.",
                     "en": "According to the Norwegian population register (folkeregisteret), you live abroad."}

TEXTS = {
    "formue_not_expenses": {
        "nb": "Husleie og andre utgifter spør jeg om etterpå. Her gjelder det penger du har spart og ting av verdi.",
        "nn": "Husleige og andre utgifter spør eg om etterpå. Her gjeld det pengar du har spart og ting av verdi.",
        "en": "I will ask about rent and other expenses afterwards. This question is about money you have saved and "
        "things of value.",
    },
    "corrected": {"nb": "Takk, jeg har rettet det: {what}.", "nn": "Takk, eg har retta det: {what}.",
                  "en": "Thanks, I have corrected it: {what}."},
    "unchanged": {"nb": "Det hadde jeg allerede notert: {what}. Er det noe annet som er feil, skriv det riktige.",
                  "nn": "Det hadde eg alt notert: {what}. Er det noko anna som er feil, skriv det rette.",
                  "en": "I already had that: {what}. If something else is wrong, write the right answer."},
    "understood": {
        "nb": "Takk! Dette har jeg forstått: {summary}. Stemmer ikke noe, skriv det riktige (for eksempel «jeg "
        "leier»), så oppdaterer jeg listen.",
        "nn": "Takk! Dette har eg forstått: {summary}. Stemmer ikkje noko, skriv det rette (til dømes «eg leiger»), "
        "så oppdaterer eg lista.",
        "en": "Thank you! This is what I understood: {summary}. If something is wrong, write the right answer "
        "(for example «I rent») and I will update the list.",
    },
    "checklist": {"nb": "Dette bør du legge ved søknaden:", "nn": "Dette bør du leggje ved søknaden:",
                  "en": "You should attach these documents:"},
    # What the bot says when words that look like an answer to the guide come outside it: most often a question
    # the model did not place ("har 20 000 på sparekonto, får jeg avslag?"), so no "Takk!" as if it had been
    # answered: it says it is unsure, and offers the guide, a person, or another wording.
    "no_form": {
        "nb": "Jeg er ikke sikker på at jeg forsto deg. Vil du at jeg hjelper deg å forberede en søknad om "
        "økonomisk sosialhjelp, eller vil du snakke med en veileder? Du kan også skrive spørsmålet ditt på en "
        "annen måte.",
        "nn": "Eg er ikkje sikker på at eg forstod deg. Vil du at eg hjelper deg å førebu ein søknad om "
        "økonomisk sosialhjelp, eller vil du snakke med ein rettleiar? Du kan også skrive spørsmålet ditt på ein "
        "annan måte.",
        "en": "I am not sure I understood you. Would you like me to help you prepare an application for financial "
        "assistance, or would you like to talk to an adviser? You can also write your question another way.",
    },
    # The same for one who may not apply digitally (adressebeskyttelse): no guide to offer.
    "no_form_no_guide": {
        "nb": "Jeg er ikke sikker på at jeg forsto deg. Vil du snakke med en veileder? Du kan også skrive spørsmålet "
        "ditt på en annen måte.",
        "nn": "Eg er ikkje sikker på at eg forstod deg. Vil du snakke med ein rettleiar? Du kan også skrive "
        "spørsmålet ditt på ein annan måte.",
        "en": "I am not sure I understood you. Would you like to talk to an adviser? You can also write your "
        "question another way.",
    },
    "guide_goes_on": {
        "nb": "Jeg hjelper deg gjerne videre med hva søknaden bør inneholde og hva du bør legge ved.",
        "nn": "Eg hjelper deg gjerne vidare med kva søknaden bør innehalde og kva du bør leggje ved.",
        "en": "I am happy to help you further with what the application should contain and what to attach.",
    },
    "guide_stops": {
        "nb": "Derfor stopper jeg gjennomgangen av søknaden her, for den gjelder den digitale søknaden.",
        "nn": "Difor stoppar eg gjennomgangen av søknaden her, for han gjeld den digitale søknaden.",
        "en": "So I will stop going through the application here, since it is for the online application.",
    },
    # An answer that fits none of the question's choices and reads like something else ("bananer og fotball"): asked
    # again once instead of stored; the second time the bruker's own words are kept (the oppsummering shows them).
    "unclear": {
        "nb": "Jeg er ikke sikker på at jeg forsto svaret ditt. Svar gjerne med noen få ord, velg et av svarene, "
        "eller skriv «vet ikke».",
        "nn": "Eg er ikkje sikker på at eg forstod svaret ditt. Svar gjerne med nokre få ord, vel eitt av svara, "
        "eller skriv «veit ikkje».",
        "en": "I am not sure I understood your answer. Answer in a few words, pick one of the answers, or write "
        "«don't know».",
    },
    # "Annet" chosen: what it is, in the bruker's own words, for the oppsummering and the caseworker.
    "own_words": {
        "nb": "Skriv gjerne med noen få ord hva det gjelder.",
        "nn": "Skriv gjerne med nokre få ord kva det gjeld.",
        "en": "Tell me in a few words what it is.",
    },
    # An answer to another of the guide's questions (answers_elsewhere): kept for that question, and the question
    # asked is asked again after this (one "noted" per message; NOTED_END lets asked_again_before find it).
    "noted": {
        "nb": "Takk, det noterer jeg: {what}. Da spør jeg igjen om det jeg lurte på:",
        "nn": "Takk, det noterer eg: {what}. Då spør eg igjen om det eg lurte på:",
        "en": "Thank you, I have noted that: {what}. So let me ask my question again:",
    },
    # The same for a message that corrects an earlier answer and answers nothing of the question asked ("nei vent,
    # jeg har 3 barn" at the housing question).
    "corrected_again": {
        "nb": "Takk, jeg har rettet det: {what}. Da spør jeg igjen om det jeg lurte på:",
        "nn": "Takk, eg har retta det: {what}. Då spør eg igjen om det eg lurte på:",
        "en": "Thanks, I have corrected it: {what}. So let me ask my question again:",
    },
    # After a need answer that the model took for dagpenger ("mat og strøm, jeg har mistet jobben").
    "dagpenger_hint": {
        "nb": "Har du mistet jobben, kan du også søke om dagpenger på nav.no/dagpenger. Søk med en gang: du kan "
        "tidligst få dagpenger fra dagen du søker.",
        "nn": "Har du mista jobben, kan du også søkje om dagpengar på nav.no/dagpenger. Søk med ein gong: du kan "
        "tidlegast få dagpengar frå dagen du søkjer.",
        "en": "If you have lost your job, you can also apply for unemployment benefit (dagpenger) at "
        "nav.no/dagpenger. Apply at once: you can get it from the day you apply at the earliest.",
    },
}
BUTTONS = {
    "human": HUMAN_TITLE,
    "office": {"nb": "Finn NAV-kontoret mitt", "nn": "Finn NAV-kontoret mitt", "en": "Find my NAV office"},
    "apply": {"nb": "Hjelp meg å søke", "nn": "Hjelp meg å søkje", "en": "Help me apply"},
}
OFFER_BUTTONS = {"sosialhjelp_apply": "apply", "human_handoff": "human"}  # ActionDigisosCorrection's offers


def answer_text(value: Any, tracker: Tracker) -> str:
    """The answer as text: a button's `answer` entity, else what the person typed."""
    entity = next(tracker.get_latest_entity_values("answer"), None)
    if entity:
        return str(entity)
    return "" if value is None else str(value)


def previous_slot_value(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message (what a wrongly extracted entity overwrote)."""
    events = list(tracker.events)
    return slot_before(events, latest_user_index(events), slot)


PLACE_SLOTS = ("kommune", "bydel", "postnummer")


def slot_before_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message. Outside the guide Rasa's from_entity mappings set a named
    place before any action runs (the last one named: "Sandnes, not Stavanger" gave Stavanger), so a correction is
    weighed against what was known before the message, never against what a mapping made of it."""
    events = list(tracker.events)
    if any(e.get("event") == "slot" and e.get("name") == slot for e in events[latest_user_index(events) + 1:]):
        return previous_slot_value(tracker, slot)
    return tracker.get_slot(slot)


@dataclass(frozen=True)
class PlaceSaid:
    """A place the bruker says they live in ("jeg bor egentlig i Sandnes"), weighed against the place known before
    the message: `slots` is what the place slots become (the known ones where nothing moved), `described` the
    oppsummering's place line after it ("Kommune: Sandnes")."""

    moved: dict[str, Any]
    slots: dict[str, Any]
    described: str


def place_said(tracker: Tracker, text: str) -> PlaceSaid | None:
    """The place in a message that says where the bruker lives, or None (a kommune named in passing is no place to
    live: "husleie i Oslo")."""
    place = place_in_message(text)
    if not place.kommune:
        return None
    before = {name: slot_before_message(tracker, name) for name in PLACE_SLOTS}
    moved = moved_place(before, place)
    slots = {**before, **moved}
    return PlaceSaid(moved, slots, place_summary({**tracker.slots, **slots}, language(tracker)) or place.describe())


def intent_confidence(tracker: Tracker) -> float:
    return float(((tracker.latest_message or {}).get("intent") or {}).get("confidence") or 0.0)


def latest_text(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "")


def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, topic: str) -> None:
    """Answer a question asked inside the guide (the form asks its question again after this)."""
    lang = language(tracker)
    if next(tracker.get_latest_entity_values(SEND_FOR_ME_ENTITY), None):
        # "kan du sende søknaden for meg?" at the need question (its slot takes sosialhjelp_apply, so the form and
        # not the rule answers it): the honest no, never the general way to apply (probe 72)
        dispatcher.utter_message(response=SEND_FOR_ME_RESPONSE)
        return
    reply, unsure = question_reply(latest_text(tracker), topic, lang)
    intent = latest_intent(tracker)
    response = f"utter_{intent}"
    if unsure and intent in QUESTION_INTENTS and intent_confidence(tracker) >= HIGH_CONFIDENCE \
            and response in (domain.get("responses") or {}):
        dispatcher.utter_message(response=response)
    elif unsure:
        dispatcher.utter_message(text=reply, buttons=[{"title": pick(BUTTONS["human"], lang),
                                                       "payload": "/human_handoff"}])
    else:
        dispatcher.utter_message(text=reply)


def asks_instead_of_answering(tracker: Tracker, text: str, found: Any, topic: str) -> bool:
    """Whether the message is a question rather than an answer (`found`: what was understood as the answer;
    guide_questions.asks_instead). A question with an answer word in it is a question ("må jeg selge bilen?" at the
    assets question was stored as "eiendeler: bil" and never answered, probe 72) unless it also states the answer
    or is itself the answer ("hvordan skal jeg betale husleia nå?" at "what do you need money for?"). The need
    question invites the situation: a question there that names a need ("kan jeg få hjelp til husleie?") is its
    answer, unless it is a known question or one we can explain."""
    intent, confidence = latest_intent(tracker), intent_confidence(tracker)
    if topic == "behov" and found and found != "vet_ikke" and not known_question(text):
        return is_question(text, found, intent, confidence) and not question_reply(text, topic, "nb")[1]
    return asks_instead(text, found or None, intent, confidence, topic)


# Below this the model is not sure the message belongs to the guide at all.
UNSURE_CONFIDENCE = 0.5


def answers_nothing(field: str, text: str, tracker: Tracker) -> bool:
    """Whether a message at the guide's question `field` fits none of its answers, says nothing else the guide
    understands (another answer, a correction, a place, a number), and the model took it for something off the
    guide ("bananer og fotball", "jeg liker å gå på tur"): not an answer to store."""
    if parse_answer(field, text, latest_intent(tracker)) or is_correction(text) or extract_extras(text, asked=field):
        return False
    if child_count(text) or amount(text) or place_said(tracker, text) or recent_recipient(text):
        return False
    return latest_intent(tracker) in ("nlu_fallback", "out_of_scope") or intent_confidence(tracker) < UNSURE_CONFIDENCE


def asked_again_before(tracker: Tracker) -> str | None:
    """How the bot's turn before the latest message asked for the answer again ("unclear", "own_words", "noted"), if
    it did: asked once, the next answer is kept as it is (the guide never gets stuck on a question)."""
    asked = {pick(TEXTS[key], lang): key for key in ("unclear", "own_words") for lang in ("nb", "nn", "en")}
    noted = [pick(TEXTS[key], lang).split("{what}") for key in ("noted", "corrected_again") for lang in ("nb", "nn", "en")]
    events = list(tracker.events)
    for event in (events[i] for i in previous_turn(events)):
        text = str(event.get("text") or "") if event.get("event") == "bot" else ""
        if text in asked:
            return asked[text]
        if text and any(text.startswith(head) and text.endswith(tail) for head, tail in noted):
            return "noted"
    return None


def elsewhere_answers(field: str, text: str, tracker: Tracker) -> tuple[dict[str, str], bool]:
    """The answers to the guide's other questions in a message that answers nothing of `field` (answers_elsewhere):
    kept for their own questions, and `field` asked again. After a "noted" only when the message says something new,
    so that the guide never asks one question for ever: then ({}, True), the same said again."""
    found = answers_elsewhere(field, text, latest_intent(tracker))
    count = child_count(text)
    if found and asked_again_before(tracker) == "noted" and all(
            tracker.get_slot(SLOT_PREFIX + other) == value for other, value in found.items()) and (
            not count or count == tracker.get_slot(SLOT_PREFIX + "antall_barn")):
        return {}, True
    return found, False


def validate_field(field: str, value: Any, tracker: Tracker,
                   elsewhere: Mapping[str, str] | None = None) -> tuple[dict[str, Any], list[str]]:
    """Slot updates for an answer to `field` (plus pre-filled or corrected other fields) and the corrected ones.
    `elsewhere`: answers to other questions in a message that answers nothing of `field` (elsewhere_answers)."""
    text = answer_text(value, tracker)
    slot = SLOT_PREFIX + field
    parsed = None if elsewhere else parse_answer(field, text, latest_intent(tracker))
    correcting = is_correction(text)
    updates: dict[str, Any] = {}
    corrected: list[str] = []
    for other, other_value in {**extract_extras(text, asked=field), **(elsewhere or {})}.items():
        current = tracker.get_slot(SLOT_PREFIX + other)
        if current is None:
            updates[SLOT_PREFIX + other] = other_value
        elif correcting and current != other_value:
            updates[SLOT_PREFIX + other] = other_value
            # said in the bruker's words ("Sivilstatus: samboer"), not as a key
            corrected.append(summary_lines({other: other_value}, language(tracker)))
        elif other in (elsewhere or {}) and combined(other, current, other_value) != current:
            # the message answers that question only ("leier" at the income question after a "nei" stored for the
            # housing): the new answer is kept, and said back as it is now
            updates[SLOT_PREFIX + other] = combined(other, current, other_value)
    count = child_count(text, alone=field == "barn")
    if count and count != tracker.get_slot(SLOT_PREFIX + "antall_barn"):
        if tracker.get_slot(SLOT_PREFIX + "antall_barn") is not None:
            corrected.append(summary_lines({"barn": "ja"}, language(tracker), antall_barn=count))
        updates[SLOT_PREFIX + "antall_barn"] = count
        if field != "barn" and tracker.get_slot(SLOT_PREFIX + "barn") != "ja":
            updates[SLOT_PREFIX + "barn"] = "ja"
    formue_here = field == "formue" or "formue" in (elsewhere or {})
    belop = amount(text, bare=formue_here)
    formue_said = field == "formue" or updates.get(SLOT_PREFIX + "formue") not in (None, "ingen")
    # the income's or the expenses' own amount ("lønn, ca 8000 i mnd"), said with their answer and no savings
    own_amount = (field in ("inntekt", "utgifter") and parsed not in (None, "ingen", "vet_ikke") and not formue_said
                  and amount_with_period(text))
    if own_amount:
        updates[SLOT_PREFIX + AMOUNT_SLOTS[field]] = own_amount
    elif belop and (field in ("inntekt", "formue", "utgifter") or "formue" in (elsewhere or {})):
        if formue_said:
            updates[SLOT_PREFIX + "formue_belop"] = belop
    elif formue_here and not belop and VET_IKKE.search(normalise(text)):
        # "en gammel bil, vet ikke hva den er verdt": the car, of a value not known
        said_formue = parsed if field == "formue" else (elsewhere or {}).get("formue")
        if said_formue not in (None, "ingen", "vet_ikke"):
            updates[SLOT_PREFIX + "formue_belop"] = UNKNOWN_AMOUNT
    place = place_said(tracker, text)
    if place:
        updates.update(place.slots)
        if place.moved:
            corrected.append(place.described)
    if elsewhere:
        # "jeg leier en leilighet" to "Har du barn?": the answer is the housing question's, this one is asked again
        updates[slot] = None
    elif ((correcting and updates) or place) and parsed in (None, "ingen", "nei", "vet_ikke"):
        # "nei, jeg mener jeg leier", "jeg bor egentlig i Sandnes": the message corrects an earlier answer or the
        # place, and answers nothing here; ask the current question again
        updates[slot] = None
    else:
        updates[slot] = parsed or own_words(field, text)
    # Four digits in an answer to the guide's questions are an amount or a count, never a postnummer ("sparepenger
    # ca 8000", "husleia er 7500"), unless the bruker says it is where they live.
    postnummer_entity = next(tracker.get_latest_entity_values("postnummer"), None)
    if postnummer_entity and not place and (belop or field in ("inntekt", "formue", "utgifter")
                                            or not mentions_place(text)):
        updates["postnummer"] = previous_slot_value(tracker, "postnummer")
    if recent_recipient(text):
        updates[NYLIG_MOTTAKER] = True
    merged = {**tracker.slots, **updates}
    updates[SLOT_PREFIX + "oppsummering"] = slots_summary(merged, "nb") or None
    return updates, corrected


# A bare yes or no to a question that is not a yes/no question ("nei" to "leier du, eier du, bor du hos andre ...?").
BARE_YES_NO = re.compile(r"(ja|jo|jepp|jada|nei|nope|no|yes|yep)( takk| thanks)?")
NOT_YES_NO = frozenset({"behov", "arbeid", "sivilstatus", "bosituasjon"})


def bare_yes_or_no(field: str, text: str) -> bool:
    return field in NOT_YES_NO and bool(BARE_YES_NO.fullmatch(normalise(text)))


def said_before(tracker: Tracker, text: str) -> bool:
    """Whether the bot said `text` earlier in the conversation."""
    return any(e.get("event") == "bot" and e.get("text") == text for e in tracker.events)


# Intents whose own answer always comes first, even inside the guide. privacy: "hvor lenge blir chatten lagret?" is
# about her data in this chat, never the guide's "hvor lang tid tar det?" (the known question's words).
NEVER_INTERCEPTED = frozenset({"frustration", "human_handoff", "sosialhjelp_emergency", "goodbye", "greet", "thank",
                               "request_interpreter", "language_preference", "privacy"})


def need_in_other_words(tracker: Tracker, requested: Any) -> bool:
    """Whether a message at the need question that the model gave an intent the question's slot does not take
    (dagpenger, a benefit) names what the money is for ("mat og strøm, jeg har mistet jobben") and asks nothing:
    the answer. Emergencies, a person asked for and the like keep their own answer (NEVER_INTERCEPTED)."""
    if requested != SLOT_PREFIX + "behov" or requested in tracker.slots_to_validate():
        return False
    intent, text = latest_intent(tracker), latest_text(tracker)
    found = parse_answer("behov", text, intent)
    if intent in NEVER_INTERCEPTED or not found or found == "vet_ikke":
        return False
    return not is_question(text, found, intent, intent_confidence(tracker))


def asks_about_the_question(tracker: Tracker, topic: str) -> bool:
    """Whether the latest message asks about the guide's question `topic` and gets it explained, the guide going on.
    Intents with their own answer keep it (NEVER_INTERCEPTED), but a short "hæ?" / "hva mener du?" / "skjønner
    ikke", which the model takes for frustration, asks for the question explained, not for a person; once explained
    and still not understood, the frustration answer comes (a person and the phone)."""
    intent, text = latest_intent(tracker), latest_text(tracker)
    if intent == "frustration":
        events = list(tracker.events)
        explained = any(events[i].get("event") == "bot" and is_explanation(str(events[i].get("text") or ""), topic)
                        for i in previous_turn(events))
        return asks_to_explain(text) and not explained
    return intent not in NEVER_INTERCEPTED and about_the_guide(text)


def bydel_of_known_kommune(text: str, tracker: Tracker) -> str | None:
    """The bydel a short message names ("Fana", "bydel Årstad") when it lies in the kommune already known (the guide
    does not ask for it, yet the office needs it in Bergen, Oslo, ...); None otherwise."""
    kommune = known(tracker.get_slot("kommune"))
    if not kommune or len(normalise(text).split()) > 3:
        return None
    place = parse_place(text)
    if not place.bydel or place.kommune != kommune or place.bydel == tracker.get_slot("bydel"):
        return None  # said again: taken as the answer, so that the question is never asked for ever
    return place.bydel


def guide_topic(requested: Any) -> str | None:
    """The guide question a requested slot stands for ("kommune", "sted_ok", "bekreftet", or a field)."""
    topics = {"kommune": "kommune", STED_OK: "sted_ok", BEKREFTET: "bekreftet"}
    topics |= {SLOT_PREFIX + field: field for field in FIELDS}
    return topics.get(requested) if isinstance(requested, str) else None


def place_answer(text: str, tracker: Tracker) -> dict[str, Any]:
    """The guide's kommune answer: a typed postnummer is confirmed back (digisos_sted_ok asked again); an older
    postnummer in another kommune is dropped."""
    slots = validate_place_answer(text, tracker)
    if slots.get("postnummer"):
        slots[STED_OK] = None
    else:
        stale = postnummer_place(known(tracker.get_slot("postnummer")))
        if stale and stale.kommune != slots.get("kommune"):
            slots["postnummer"] = None
    return slots


class ValidateDigisosForm(FormValidationAction):
    """Asks only what applies (no barnehage question without children, the place confirmed only when a postnummer
    was typed), accepts "vet ikke" and corrections, answers questions instead of storing them, and ends with the
    oppsummering to confirm."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "validate_digisos_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        """A question about the guide's own question that the NLU gave an intent the question's slot does not take
        ("hvorfor trenger dere å vite det?" as sosialhjelp_status): answered here, and the same question asked
        again, instead of the form giving way to that intent's answer."""
        requested = tracker.get_slot("requested_slot")
        if await self.client_factory().may_apply_digitally(tracker.sender_id) is False:
            # Adressebeskyttelse (a bruker who logged in after the guide was offered, or during it): no digital
            # application to prepare. Checked at the guide's start too, before its first question: Fatima (kode 7)
            # was asked "Hvilken kommune bor du i?" first (probe 72). The guide stops, with the way in by phone and
            # a person offered, as to one who asks to apply (ActionSosialhjelpApply); a "ja" hands over
            # (data/rules/digisos.yml), a "nei" gets the phone.
            lang = language(tracker)
            dispatcher.utter_message(text=pick(PROTECTED_ADDRESS, lang) + " " + pick(TEXTS["guide_stops"], lang))
            return [ActiveLoop(None), FollowupAction(PROTECTED_OFFER)]
        if requested is None and (tracker.get_slot(STED_OK) or any(tracker.get_slot(SLOT_PREFIX + field) is not None
                                                                  for field in FIELDS)):
            # The guide taken up again after a pause (actions/guide_pause.py): the answers were validated when they
            # were given, and the latest message ("nei" to a person offered, a bydel) answers none of them. Only
            # the question it goes on with (this form's own order, not the domain's).
            next_slot = await self.next_requested_slot(dispatcher, tracker, domain)
            return [next_slot] if next_slot else []
        if need_in_other_words(tracker, requested):
            # "mat og strøm, jeg har mistet jobben" (dagpenger to the model) to "Hva trenger du penger til, og
            # hvorfor? … Skriv gjerne kort om situasjonen din.": the question invites the situation, so this is
            # its answer, not a question about dagpenger; a short hint follows instead of the dagpenger answer.
            updates = self._validate("behov", latest_text(tracker), dispatcher, tracker, domain)
            if latest_intent(tracker) == "dagpenger":
                dispatcher.utter_message(text=pick(TEXTS["dagpenger_hint"], language(tracker)))
            events = [SlotSet(k, v) for k, v in updates.items()]
            tracker.add_slots(events)
            next_slot = await self.next_requested_slot(dispatcher, tracker, domain)
            return [*events, *([next_slot] if next_slot else [])]
        topic = guide_topic(requested)
        if topic and requested not in tracker.slots_to_validate() and asks_about_the_question(tracker, topic):
            answer_question(dispatcher, tracker, domain, topic)
            return [SlotSet(requested, None), SlotSet("requested_slot", requested)]
        return await super().run(dispatcher, tracker, domain)

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        answers = answers_from_slots(tracker.slots)
        place = [STED_OK] if tracker.get_slot(STED_OK) or place_to_confirm(tracker.slots) else []
        return ["kommune", *place, *[SLOT_PREFIX + f for f in required_fields(answers)], BEKREFTET]

    async def extract_kommune(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        return extract_kommune_from_place_slots(tracker)

    async def validate_kommune(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        requested = tracker.get_slot("requested_slot")
        if requested not in (None, "kommune", STED_OK):
            # While the guide asks something else, the place is what that answer's validation makes of the whole
            # message (validate_field, validate_digisos_bekreftet), never a kommune entity on its own.
            place = place_said(tracker, latest_text(tracker))
            return place.slots if place else {name: slot_before_message(tracker, name) for name in PLACE_SLOTS}
        if requested == "kommune" and next(tracker.get_latest_entity_values(ABROAD_ENTITY), None):
            # "jeg bor i Spania" is no kommune: økonomisk sosialhjelp needs staying in Norway, said before the
            # question comes again (one in Norway now names the kommune where they stay)
            dispatcher.utter_message(response=ABROAD_RESPONSE)
            return {"kommune": None}
        text = answer_text(value, tracker)
        if requested == "kommune" and parse_place(latest_text(tracker)).kommune:
            # the whole answer: an entity mapping holds the last kommune named ("Sandnes, ikke Stavanger")
            text = latest_text(tracker)
        if requested == "kommune" and asks_instead_of_answering(tracker, text, parse_place(text).kommune, "kommune"):
            answer_question(dispatcher, tracker, domain, "kommune")
            return {"kommune": None}
        slots = place_answer(text, tracker)
        kommune = known(slots.get("kommune"))
        if kommune and requested in (None, "kommune"):
            # The guide promised to check what the kommune offers first (apply_offer): said now, not after ten
            # questions and a walk through the digital application, when it takes none. None: the kommune came
            # with the yes to the offer ("eg bur på Voss"), as the form starts.
            await say_what_the_kommune_offers(dispatcher, self.client_factory(), kommune, language(tracker))
        return slots

    def validate_digisos_sted_ok(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        """"Postnummer 0557 er Oslo, bydel Grünerløkka. Stemmer det?": yes, no (ask again), or another place."""
        text = answer_text(value, tracker)
        reply = yes_or_no(text, latest_intent(tracker))
        place = parse_place(text)
        if place.found and place.kommune:
            if not place.postnummer:  # a named kommune needs no confirmation; a new postnummer is asked about
                dispatcher.utter_message(text=pick(PLACE_NOTED, language(tracker)).format(kommune=place.kommune))
            return {**place_answer(text, tracker), STED_OK: None if place.postnummer else "ja"}
        if reply == "ja":
            return {STED_OK: "ja"}
        if reply is None and asks_instead_of_answering(tracker, text, None, "sted_ok"):
            answer_question(dispatcher, tracker, domain, "sted_ok")
            return {STED_OK: None}
        if reply == "nei":
            dispatcher.utter_message(text=pick(PLACE_AGAIN, language(tracker)))
        # no, or something unclear: ask for the place again (that question takes "vet ikke" too)
        return {STED_OK: None, "kommune": None, "postnummer": None, "bydel": None}

    def validate_digisos_bekreftet(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        """The oppsummering: "ja" confirms; a correction changes the answers and shows the summary again."""
        text = answer_text(value, tracker)
        lang = language(tracker)
        said = answers_in_text(text, tracker.slots)
        place = place_said(tracker, text)
        reply = yes_or_no(text, latest_intent(tracker))
        if not said and not place and reply == "ja":
            return {BEKREFTET: "ja"}
        if not said and not place and asks_instead_of_answering(tracker, text, reply, "bekreftet"):
            answer_question(dispatcher, tracker, domain, "bekreftet")
            return {BEKREFTET: None}
        changed, slots = apply_answers(tracker.slots, said)
        known_place = place.slots if place else {}  # also undoes a place a slot mapping may have set
        changed.update(place.moved if place else {})
        slots = {**slots, **known_place, **changed}
        what = "; ".join(filter(None, [said_summary(said, slots, lang), place and place.described]))
        if not changed:
            if what:
                dispatcher.utter_message(text=pick(TEXTS["unchanged"], lang).format(what=what))
            elif reply is None:
                dispatcher.utter_message(text=pick(OPPSUMMERING["nothing_found"], lang))
            return {**known_place, BEKREFTET: None}
        what = "; ".join(filter(None, [said_summary(said, slots, lang), place and place.moved and place.described]))
        dispatcher.utter_message(text=pick(TEXTS["corrected"], lang).format(what=what))
        dispatcher.utter_message(text=pick(OPPSUMMERING["updated"], lang) + "\n" + oppsummering(slots, lang))
        return {**known_place, **changed, BEKREFTET: None,
                SLOT_PREFIX + "oppsummering": slots_summary(slots, "nb") or None}

    def _validate(self, field: str, value: Any, dispatcher: CollectingDispatcher,
                  tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        text = answer_text(value, tracker)
        slot = SLOT_PREFIX + field
        asked_now = tracker.get_slot("requested_slot") == slot
        lang = language(tracker)
        button = next(tracker.get_latest_entity_values("answer"), None)
        home = button_home(field, str(button)) if asked_now and button else None
        if home == {}:
            # an old button of no clear question pressed late ("Ja" while Familie is asked): no answer to this one
            dispatcher.utter_message(text=pick(TEXTS["unclear"], lang))
            return {slot: None}
        elsewhere, repeated = (home, False) if home else elsewhere_answers(field, text, tracker) if asked_now \
            else ({}, False)
        # an answer to another question is an answer all the same ("300 kr på konto og ingen inntekt" is no question);
        # a word of the household in a question is not ("er jeg enslig hvis jeg har kjæreste?")
        found = parse_answer(field, text, latest_intent(tracker)) or ",".join(
            value for other, value in elsewhere.items() if home or other in ELSEWHERE_CUES) or None
        bydel = bydel_of_known_kommune(text, tracker) if asked_now and not found else None
        if bydel:
            # "Fana" at the need question after "jeg bor i Bergen": the bydel the office needs, not a need; kept as
            # the bydel, and the question asked again
            lang = language(tracker)
            what = place_summary({**tracker.slots, "bydel": bydel}, lang) or bydel
            dispatcher.utter_message(text=pick(TEXTS["noted"], lang).format(what=what))
            return {SLOT_PREFIX + field: None, "bydel": bydel}
        if asked_now and asks_instead_of_answering(tracker, text, found, field):
            answer_question(dispatcher, tracker, domain, field)
            return {slot: None}
        if asked_now and field == "formue" and expenses_instead_of_formue(text):
            # "husleie 12000, strøm og barnehage" to the formue question: expenses, not savings of 12000 kr (probe 106
            # t27); the expenses are kept for their question, and this one is asked again
            dispatcher.utter_message(text=pick(TEXTS["formue_not_expenses"], lang))
            kept = {SLOT_PREFIX + other: value for other, value in elsewhere.items() if other != "formue"
                    and tracker.get_slot(SLOT_PREFIX + other) is None}
            return {slot: None, **kept}
        if asked_now:
            asked = asked_again_before(tracker)
            if OTHER_WORDS.match(normalise(text)) and asked != "own_words":
                dispatcher.utter_message(text=pick(TEXTS["own_words"], lang))
                return {slot: None}
            if not elsewhere and asked is None and (answers_nothing(field, text, tracker)
                                                    or bare_yes_or_no(field, text)):
                dispatcher.utter_message(text=pick(TEXTS["unclear"], lang))
                return {slot: None}
        updates, corrected = validate_field(field, value, tracker, elsewhere)
        if repeated and str(updates.get(slot) or "").startswith(OWN_WORDS):
            # another question's answer said again after it was noted: never this question's words, and the guide
            # goes on ("vet ikke") instead of asking for ever
            updates[slot] = "vet_ikke"
            updates[SLOT_PREFIX + "oppsummering"] = slots_summary({**tracker.slots, **updates}, "nb") or None
        if elsewhere:
            slots = {**tracker.slots, **updates}
            noted = [other for other in FIELDS
                     if other in elsewhere or (other != field and SLOT_PREFIX + other in updates)]
            what = summary_lines({other: slots.get(SLOT_PREFIX + other) for other in noted}, lang,
                                 **details_from_slots(slots))
            dispatcher.utter_message(text=pick(TEXTS["corrected_again" if corrected else "noted"], lang)
                                     .format(what=what))
        elif corrected:
            dispatcher.utter_message(text=pick(TEXTS["corrected"], lang).format(what=", ".join(corrected)))
        elif updates.get(SLOT_PREFIX + field) is None and (place := place_said(tracker, text)):
            # only the place we already had, and no answer: said, so the question asked again makes sense
            dispatcher.utter_message(text=pick(TEXTS["unchanged"], lang).format(what=place.described))
        if field == "arbeid" and "ledig" in str(updates.get(slot) or "").split(",") and \
                LOST_JOB.search(normalise(text)) and not said_before(tracker, pick(TEXTS["dagpenger_hint"], lang)):
            # "jeg har mistet jobben" at the work question: dagpenger, as the need question tells it
            dispatcher.utter_message(text=pick(TEXTS["dagpenger_hint"], lang))
        return updates

    def validate_digisos_behov(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> dict[str, Any]:
        return self._validate("behov", value, dispatcher, tracker, domain)

    def validate_digisos_arbeid(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        return self._validate("arbeid", value, dispatcher, tracker, domain)

    def validate_digisos_sivilstatus(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return self._validate("sivilstatus", value, dispatcher, tracker, domain)

    def validate_digisos_formue(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> dict[str, Any]:
        return self._validate("formue", value, dispatcher, tracker, domain)

    def validate_digisos_barn(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        return self._validate("barn", value, dispatcher, tracker, domain)

    def validate_digisos_barnehage(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict[str, Any]:
        return self._validate("barnehage", value, dispatcher, tracker, domain)

    def validate_digisos_bosituasjon(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict[str, Any]:
        return self._validate("bosituasjon", value, dispatcher, tracker, domain)

    def validate_digisos_inntekt(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict[str, Any]:
        return self._validate("inntekt", value, dispatcher, tracker, domain)

    def validate_digisos_utgifter(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict[str, Any]:
        return self._validate("utgifter", value, dispatcher, tracker, domain)


def human_and_office_buttons(lang: str) -> list[dict[str, str]]:
    return [{"title": pick(BUTTONS["human"], lang), "payload": "/human_handoff"},
            {"title": pick(BUTTONS["office"], lang), "payload": "/office_contact"}]


async def say_what_the_kommune_offers(dispatcher: CollectingDispatcher, client: RouterClient, kommune: str,
                                      lang: str) -> None:
    """Right after the kommune answer, as the guide's offer promised ("jeg spør først hvilken kommune du bor i og
    sjekker hva den tilbyr"): one that takes digital applications, in one line (probe 163: a nynorsk bruker who
    said Voss heard nothing of it); one that takes none (now or at all), with the way to apply instead, and that the
    guide goes on (the vedlegg list holds on paper too). Unknown (the router cannot tell) says nothing here; the end
    of the guide is honest about it. (A person who may not apply digitally never gets here: ValidateDigisosForm.run
    stops the guide first.)"""
    cap = capability_from_router(kommune, await client.get_kommune(kommune))
    if cap.midlertidig_stengt or cap.digital_soknad is False:
        dispatcher.utter_message(text=capability_advice(cap, lang) + " " + pick(TEXTS["guide_goes_on"], lang))
    elif cap.digital_soknad is True:
        dispatcher.utter_message(text=takes_digital_applications(cap, lang))


async def where_to_apply(client: RouterClient, kommune: str | None, lang: str, may_apply_digitally: bool | None) -> str:
    """How this person can apply: with adressebeskyttelse by phone (whatever the kommune offers); otherwise the
    kommune's Digisos capability in words (unknown when the router cannot tell), always with paper."""
    if may_apply_digitally is False:
        return pick(PROTECTED_ADDRESS, lang)
    info = await client.get_kommune(kommune) if kommune else None
    return capability_advice(capability_from_router(kommune, info), lang)


async def send_checklist(dispatcher: CollectingDispatcher, slots: Mapping[str, Any], lang: str,
                         client: RouterClient, sender_id: str, full: bool = True, acute: bool = False) -> None:
    """The end of the guide, after the confirmed oppsummering: the personal vedlegg list, how to send them, where to
    apply (the kommune's capability), the short form for recent recipients, nødhjelp the same day for one who said
    in the guide that they need help now (`acute`), what happens after sending.
    After a correction (`full=False`) only the summary and the updated list, with the way to a human."""
    answers = answers_from_slots(slots)
    checklist = render_checklist(build_checklist(answers), lang)
    if not full:
        summary = slots_summary(slots, lang)
        if summary:
            dispatcher.utter_message(text=pick(TEXTS["understood"], lang).format(summary=summary))
        dispatcher.utter_message(text=pick(TEXTS["checklist"], lang) + "\n" + checklist,
                                 buttons=human_and_office_buttons(lang))
        return
    # three messages: the documents, where to apply, what happens after sending (a turn never floods the chat)
    may = await client.may_apply_digitally(sender_id)
    protected = may is False  # adressebeskyttelse: by phone or paper, nothing of uploads, drafts, «Dine søknader»
    sending = pick(PROTECTED_DOCUMENTS if protected else LIMITS, lang)
    dispatcher.utter_message(text=pick(TEXTS["checklist"], lang) + "\n" + checklist + "\n\n" + sending)
    where = [await where_to_apply(client, known(slots.get("kommune")), lang, may)]
    if may is None:  # nobody logged in: the general caveat (a logged-in person is told what holds for them)
        where.append(pick(ADRESSEBESKYTTELSE, lang))
    if slots.get(NYLIG_MOTTAKER) and not protected:
        where.append(pick(KORT_SOKNAD, lang))
    if acute:  # "vi har ikke mat i dag" in the guide: the closing said nothing of help today (probe 72)
        where.append(pick(NODHJELP_TODAY, lang))
    dispatcher.utter_message(text=" ".join(where))
    after = pick(PROTECTED_SEND if protected else SEND_AND_AFTER, lang)
    buttons = human_and_office_buttons(lang)[:1] if protected else human_and_office_buttons(lang)
    dispatcher.utter_message(text=after + " " + pick(DELAY_AND_DECISION, lang), buttons=buttons)


class ActionDigisosChecklist(Action):
    """After the guide: personal vedlegg checklist and kommune-specific advice."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_digisos_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        await send_checklist(dispatcher, tracker.slots, language(tracker), self.client_factory(), tracker.sender_id,
                             acute=acute_need_in_guide(tracker.events))
        # The topic is sosialhjelp again: "jeg er arbeidsledig" in the guide set it to dagpenger (its from_intent
        # mapping), and "hvor lang tid tar det?" right after the guide got the state benefits' answer
        # (nav.no/saksbehandlingstider, «Mine saker»), probe 72.
        return [SlotSet("digisos_done", True), SlotSet("topic", "sosialhjelp")]


class ActionAskDigisosStedOk(Action):
    """"Postnummer 0557 er Oslo, bydel Grünerløkka. Stemmer det?" """

    def name(self) -> str:
        return "action_ask_digisos_sted_ok"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        place = place_to_confirm(tracker.slots) or postnummer_place(known(tracker.get_slot("postnummer")))
        if place is None:  # nothing to confirm after all: ask for the place again
            dispatcher.utter_message(response="utter_ask_digisos_form_kommune")
            return []
        dispatcher.utter_message(text=postnummer_confirmation(place, lang),
                                 buttons=[{"title": pick(PLACE_BUTTONS["yes"], lang), "payload": "/affirm"},
                                          {"title": pick(PLACE_BUTTONS["no"], lang), "payload": "/deny"}])
        return []


class ActionAskDigisosUtgifter(Action):
    """"Utgifter og gjeld" in the words of the bruker's housing: a homeowner is asked about boliglån and
    felleskostnader, a tenant about expenses besides the husleie."""

    def name(self) -> str:
        return "action_ask_digisos_utgifter"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        dispatcher.utter_message(text=utgifter_question(tracker.get_slot(SLOT_PREFIX + "bosituasjon"),
                                                        language(tracker)))
        return []


class ActionAskDigisosBekreftet(Action):
    """The application's last steps before sending: personopplysninger, then the oppsummering to confirm or correct.
    Asked again after a correction or a question, only the short prompt (the validation showed what changed)."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_ask_digisos_bekreftet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        buttons = [{"title": pick(PLACE_BUTTONS["yes"], lang), "payload": "/affirm"},
                   {"title": pick(BUTTONS["human"], lang), "payload": "/human_handoff"}]
        if previous_slot_value(tracker, "requested_slot") == BEKREFTET:
            dispatcher.utter_message(text=pick(OPPSUMMERING["again"], lang), buttons=buttons)
            return []
        # "filled in from the registers when you log in on nav.no": not for one who may not apply digitally.
        if await self.client_factory().may_apply_digitally(tracker.sender_id) is not False:
            dispatcher.utter_message(text=pick(PERSONOPPLYSNINGER, lang))
        dispatcher.utter_message(text=pick(OPPSUMMERING["head"], lang) + "\n" + oppsummering(tracker.slots, lang)
                                 + "\n\n" + pick(OPPSUMMERING["ask"], lang), buttons=buttons)
        return []


class ActionSosialhjelpApply(Action):
    """"Jeg vil søke om sosialhjelp": the general answer (utter_sosialhjelp_apply: digital where the kommune takes it,
    paper and the office always), the kommune's own Digisos capability when the kommune is known, the short form for
    recent recipients, and the offer to prepare the application with the guide. A person who may not apply
    digitally (kode 6) or whom the folkeregister has abroad gets what stands in the way instead, first."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_sosialhjelp_apply"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        # the kommune the question names ("jeg bor i Vik i Sogn", not in the NLU lookup), else the one known (probe 106)
        kommune = kommune_in_message(tracker) or known(tracker.get_slot("kommune"))
        recent = recent_recipient(latest_text(tracker))
        remembered = [SlotSet(NYLIG_MOTTAKER, True)] if recent else []
        if kommune and kommune != tracker.get_slot("kommune"):
            remembered.append(SlotSet("kommune", kommune))
        client = self.client_factory()
        may = await client.may_apply_digitally(tracker.sender_id)
        again = answered_recently(tracker.events) and not names_a_place(tracker)
        if may is False:
            # Adressebeskyttelse: no digital application to prepare, and the guide's first question is where the
            # person lives. The way in (kode 7: paper and the office too; kode 6: the phone), then a person offered
            # as its own response, so that a "ja" hands over instead of starting the guide (data/rules/digisos.yml).
            # Asked again ("hvorfor kan jeg ikke søke digitalt?", "kan jeg søke på papir?"): why, and paper.
            local = await client.local_office(tracker.sender_id)
            first = protected_first(lang, local) or pick(PROTECTED_ADDRESS, lang)
            if period := next_period(latest_text(tracker), lang):  # "får jeg penger neste måned også?" (probe 157)
                dispatcher.utter_message(text=period)
            dispatcher.utter_message(text=protected_again(lang, local, latest_text(tracker)) if again else first)
            return [*remembered, FollowupAction(PROTECTED_OFFER)]
        if await client.registered_abroad(tracker.sender_id):
            # Emma, registered in Sweden, got four messages: the general answer, this line, the abroad answer and the
            # guide's offer, which contradicted it. The fact first, then the abroad answer (its ways to NAV and a
            # person), as its own response: no guide offer, so a "ja" starts no guide.
            dispatcher.utter_message(text=pick(REGISTERED_ABROAD, lang))
            return [*remembered, FollowupAction(ABROAD_RESPONSE)]
        if again and not recent:
            # Asked again ("hvordan søker jeg da?", "kan dere betale husleia for meg?"): the part asked about, or a
            # short "Som jeg skrev: …" and the next step, with the guide's buttons; the three messages word for
            # word were no answer (probe 106, t03 and t04).
            where = await where_to_apply(client, kommune, lang, may) if kommune else None
            dispatcher.utter_message(text=repeated_answer(latest_text(tracker), lang, where),
                                     buttons=[{"title": pick(APPLY_BUTTONS["yes"], lang), "payload": "/affirm"},
                                              {"title": pick(APPLY_BUTTONS["no"], lang), "payload": "/deny"}])
            return remembered
        if latest_intent(tracker) == "sosialhjelp_apply":  # not after the lost-job answer, which said it its way
            dispatcher.utter_message(response=GENERAL_APPLY_RESPONSE)
        said = [await where_to_apply(client, kommune, lang, may)] if kommune else []
        said += apply_details(latest_text(tracker), lang)  # two applications a day, the paper form (probe 106)
        if recent or tracker.get_slot(NYLIG_MOTTAKER):
            said.append(pick(KORT_SOKNAD, lang))
        if said:
            dispatcher.utter_message(text=" ".join(said))
        dispatcher.utter_message(text=apply_offer(kommune, lang),
                                 buttons=[{"title": pick(APPLY_BUTTONS["yes"], lang), "payload": "/affirm"},
                                          {"title": pick(APPLY_BUTTONS["no"], lang), "payload": "/deny"}])
        return remembered


class ActionDigisosCorrection(Action):
    """A guide-style answer outside the guide: correct the finished checklist, or offer the guide."""

    client_factory: Callable[[], RouterClient] = RouterClient

    APPLY_OFFER = "action_sosialhjelp_apply"  # says the guide's offer last

    def name(self) -> str:
        return "action_digisos_correction"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        client = self.client_factory()
        # The guide's next answer typed instead of "Nei takk" to a person offered in the middle of the guide
        # ("samboer" after "vi har ikke mat i dag" got "Jeg er ikke sikker på at jeg forsto deg", probe 72): it
        # declines the person, and the guide goes on with it (action_handle_fallback does the same).
        resumed = await resume_with_typed_answer(dispatcher, tracker, client)
        if resumed is not None:
            return resumed
        if next(tracker.get_latest_entity_values(ABROAD_ENTITY), None):
            # "jeg bor i Spania": økonomisk sosialhjelp needs staying in Norway, said before anything else
            dispatcher.utter_message(response=ABROAD_RESPONSE)
            return []
        if next(tracker.get_latest_entity_values(NO_ADDRESS_ENTITY), None):
            # "jeg har ikke fast adresse" outside the guide is a question, not an answer to correct: one can apply
            # all the same (and nowhere to sleep tonight is nødhjelp)
            dispatcher.utter_message(response=NO_ADDRESS_RESPONSE)
            return []
        # Probe 106: a question in an acute situation ("og hva om jeg har barn?", "jeg bor i Gamvik"), a short
        # question about one need ("og strømregningen?"), the introduction programme: answered, not "not understood".
        answered = await acute_follow_up(dispatcher, tracker)
        if answered is not None:
            return answered
        if not tracker.get_slot("digisos_done") and need_response(tracker):
            dispatcher.utter_message(response=need_response(tracker))
            return []
        intro = intro_program_answer(latest_text(tracker), language(tracker))
        if intro is not None:
            dispatcher.utter_message(text=intro[0], buttons=intro[1])
            return []
        if names_a_place(tracker) and previous_bot_turn(tracker.events)[0] == self.APPLY_OFFER:
            # "jeg bor på Grünerløkka i Oslo" to the guide's offer ("jeg spør først hvilken kommune du bor i ... Vil
            # du det?") is a yes that answers its first question (the slots took the place); it was "Jeg er ikke
            # sikker på at jeg forsto deg", after every answer that followed too.
            dispatcher.utter_message(response="utter_digisos_intro")
            return [FollowupAction(GUIDE)]
        if names_a_place(tracker) and bot_offered_human(*previous_bot_turn(tracker.events)) \
                and not asks_for_the_bydel(previous_bot_turn(tracker.events)[1]) and says_where_she_lives(tracker):
            # (the bydel the acute answer asked for, "hillevåg", is that answer: its office, kommune_follow_up)
            # (a place alone, "Bergen", is no yes (probe 117: it queued her): after the emergency answer the place's
            # office and the offer again, kommune_follow_up; after another offer the place noted, place_noted)
            # "Jeg bor i Bærum" answering "Vil du snakke med en veileder?" got "Jeg er ikke sikker på at jeg forsto
            # deg": it answers the offer, and where to be routed (the router reads the place in this message). The
            # handoff runs here, not as a follow-up action: no rule follows a follow-up handoff from this action, so
            # Rasa's fallback spoke after it ("Beklager, jeg er ikke sikker ...") to a bruker already in the queue.
            handoff = ActionHandoff()
            handoff.client_factory = self.client_factory
            return await handoff.run(dispatcher, tracker, domain)
        # "jeg bor i Gamvik" in an acute situation, not answering an offer: its office and how to apply there
        answered = await kommune_follow_up(dispatcher, tracker, client, domain, after_apply=False)
        if answered is None:
            # "Jeg bor i Lillehammer." on its own before the guide: the place noted, and what she wants asked
            answered = await place_noted(dispatcher, tracker, client, answer=True)
        if answered is not None:
            return answered
        lang = language(tracker)
        text = latest_text(tracker)
        said = answers_in_text(answer_text(text, tracker), tracker.slots)
        done = tracker.get_slot("digisos_done")
        place = place_said(tracker, text) if done else None
        # After the guide a place is changed by what the bruker says they live in, never by the kommune a slot
        # mapping took from the message on its own: that one is put back.
        before = {name: slot_before_message(tracker, name) for name in PLACE_SLOTS} if done else {}
        known_place = place.slots if place else before
        if not done or not (said or place):
            # One who may not apply digitally (adressebeskyttelse) was told so, and the guide never comes back: no
            # offer to prepare an application, nor [Hjelp meg å søke] (Fatima, kode 7, probe 72).
            offers = await offers_for(client, tracker.sender_id, ["sosialhjelp_apply", "human_handoff"])
            key = "no_form" if "sosialhjelp_apply" in offers else "no_form_no_guide"
            dispatcher.utter_message(text=pick(TEXTS[key], lang),
                                     buttons=[{"title": pick(BUTTONS[OFFER_BUTTONS[i]], lang), "payload": f"/{i}"}
                                              for i in offers])
            return slot_events(known_place)
        changed, slots = apply_answers({**tracker.slots, **known_place}, said)
        moved = {k: v for k, v in (place.moved if place else {}).items() if k != STED_OK}  # no guide to confirm in
        changed.update(moved)
        slots = {**slots, **changed}
        if not changed:
            what = "; ".join(filter(None, [said_summary(said, slots, lang), place and place.described]))
            dispatcher.utter_message(text=pick(TEXTS["unchanged"], lang).format(what=what))
            return slot_events(known_place)
        what = "; ".join(filter(None, [said_summary(said, slots, lang), place and moved and place.described]))
        corrected = [pick(TEXTS["corrected"], lang).format(what=what)]
        if "kommune" in moved:  # where to apply is the new kommune's to say (digital or not, paper always)
            may = await client.may_apply_digitally(tracker.sender_id)
            corrected.append(await where_to_apply(client, known(moved["kommune"]), lang, may))
        dispatcher.utter_message(text=" ".join(corrected))
        changed[SLOT_PREFIX + "oppsummering"] = slots_summary(slots, "nb")
        await send_checklist(dispatcher, slots, lang, client, tracker.sender_id, full=False)
        return slot_events({**known_place, **changed})


def names_a_place(tracker: Tracker) -> bool:
    """Whether the latest message names a place in Norway (a kommune, bydel or postnummer entity)."""
    return any(next(tracker.get_latest_entity_values(name), None) for name in PLACE_SLOTS)


# "Jeg bor i Bærum", "æ bur i Voss", "I live in Bergen": a sentence about where she lives (the router's place cues
# hold "kommune" and "postnummer" too, which a place alone carries: "Bergen kommune").
LIVES_IN = re.compile(r"\b(bor|bur|live|lives|living)\b", re.IGNORECASE)


def says_where_she_lives(tracker: Tracker) -> bool:
    """Whether the latest message says the bruker lives somewhere ("Jeg bor i Bærum"), not a place alone ("Bergen",
    "Bergen kommune", "5003"), which answers no question of consent."""
    text = latest_text(tracker)
    return bool(LIVES_IN.search(text)) and place_in_message(text).found


def slot_events(slots: Mapping[str, Any]) -> list[dict]:
    return [SlotSet(k, v) for k, v in sorted(slots.items())]


__all__ = ["FIELDS", "ActionAskDigisosBekreftet", "ActionAskDigisosStedOk", "ActionAskDigisosUtgifter",
           "ActionDigisosChecklist", "ActionDigisosCorrection", "ActionSosialhjelpApply", "ValidateDigisosForm"]
