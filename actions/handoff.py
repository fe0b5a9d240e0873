"""Handoff to a human through the router (POST /api/internal/conversations/{id}/handoff).

The router decides the enhet and queue, stores the message and stops forwarding user messages to Rasa while a
human has the chat; the bot only shows the router's message, or an honest fallback when the router is down.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import human_button, known, language, pick
from actions.digisos import FIELDS, SLOT_PREFIX, slots_summary
from actions.guide_pause import guide_unfinished
from actions.office_lookup import find_office, place_from_slots
from actions.router_client import RouterClient
from router.domain.masking import may_contain_personal_number
from router.domain.queue import priority_for_intents

# Last topic intent -> NAV tema code. Intents not listed (greet, payment_dates, login_help ...) say nothing about
# the tema, so the search goes further back.
TEMA_BY_INTENT: dict[str, str] = {
    "sosialhjelp_apply": "KOM", "sosialhjelp_eligibility": "KOM", "sosialhjelp_documents": "KOM",
    "sosialhjelp_send_attachment": "KOM", "sosialhjelp_status": "KOM", "sosialhjelp_emergency": "KOM",
    "sosialhjelp_draft": "KOM", "digisos_answer": "KOM",
    "dagpenger": "DAG", "meldekort": "DAG",
    "sykepenger": "SYK", "aap": "AAP", "barnetrygd": "BAR", "foreldrepenger": "FOR",
    "job_seeker_registration": "OPP", "aktivitetsplan": "OPP",
}
DEFAULT_TEMA = "KOM"  # nothing known: the local NAV-kontor is the general entry point

OFFLINE_PREFIX = {
    "nb": "Akkurat nå får jeg ikke satt deg over til en veileder.",
    "nn": "Akkurat no får eg ikkje sett deg over til ein rettleiar.",
    "en": "Right now I cannot pass you to an adviser.",
}
OFFLINE = {
    "nb": "Ring NAV på {phone} ({phone_hours}) eller gå til NAV-kontoret ditt. Om økonomisk sosialhjelp "
    "finner du mer på nav.no/sosialhjelp.",
    "nn": "Ring NAV på {phone} ({phone_hours}) eller gå til NAV-kontoret ditt. Om økonomisk sosialhjelp "
    "finn du meir på nav.no/sosialhjelp.",
    "en": "Call NAV on +47 {phone} ({phone_hours}) or visit your NAV office. More about financial assistance is "
    "at nav.no/sosialhjelp.",
}
OFFLINE_EMERGENCY = {
    "nb": "Ring NAV-kontoret ditt eller {phone} ({phone_hours}) nå og si at du trenger nødhjelp. Utenfor "
    "åpningstid: ring legevakten på 116 117. Er noen i fare: ring 112 eller 113.",
    "nn": "Ring NAV-kontoret ditt eller {phone} ({phone_hours}) no og sei at du treng naudhjelp. Utanfor "
    "opningstida: ring legevakta på 116 117. Er nokon i fare: ring 112 eller 113.",
    "en": "Call your NAV office or +47 {phone} ({phone_hours}) now and say you need emergency help. Outside opening "
    "hours: call 116 117. If anyone is in danger: call 112 or 113.",
}
OFFICE_PHONE = {
    "nb": "{navn} har telefon {telefon}.",
    "nn": "{navn} har telefon {telefon}.",
    "en": "{navn}: phone {telefon}.",
}


# How sure the model must be of a message's next reading for a wish for a person to count as about that too: "Kan
# jeg få snakke med et menneske?" (human_handoff at 0.99) put book_appointment at 0.005 in the veileder's summary
# (probe 159), and such a near-zero reading could pick the tema.
ALSO_ABOUT_MIN_CONFIDENCE = 0.2


def user_intents(events: Iterable[Mapping[str, Any]]) -> list[str]:
    """The intents of the user's messages, oldest first. A message the router found a wish for a person in, about
    something else too, counts as what else it was read as, then the handoff (bot/components/person_asked.py):
    "… ikke penger til husleie. Kan jeg få snakke med noen?" is a KOM handoff."""
    found: list[str] = []
    for e in events:
        parse = (e.get("parse_data") or {}) if e.get("event") == "user" else {}
        name = (parse.get("intent") or {}).get("name")
        if not name:
            continue
        if name == "human_handoff" and (e.get("metadata") or {}).get("asks_for_person"):
            ranking = parse.get("intent_ranking") or []
            found += [i["name"] for i in ranking[1:2] if i.get("name") not in (None, "human_handoff")
                      and (i.get("confidence") or 0.0) >= ALSO_ABOUT_MIN_CONFIDENCE]
        found.append(name)
    return found


def message_intents(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The intent Rasa predicted for each of the router's messages (their id travels as message metadata)."""
    found = []
    for e in events:
        message_id = (e.get("metadata") or {}).get("message_id") if e.get("event") == "user" else None
        intent = (e.get("parse_data") or {}).get("intent") or {}
        if isinstance(message_id, int) and intent.get("name"):
            found.append({"message_id": message_id, "intent": intent["name"], "confidence": intent.get("confidence")})
    return found


def tema_for(intents: list[str], slots: Mapping[str, Any]) -> str:
    """NAV tema from the last topic the person asked about; KOM when the Digisos guide was used."""
    for intent in reversed(intents):
        if intent in TEMA_BY_INTENT:
            return TEMA_BY_INTENT[intent]
    if any(slots.get(SLOT_PREFIX + f) for f in FIELDS):
        return "KOM"
    return DEFAULT_TEMA


def priority_for(intents: list[str]) -> str:
    """Acute need anywhere in the last few messages makes the handoff an emergency (the router's rule, one home)."""
    return priority_for_intents(intents).value


def reason_for(intents: list[str], priority: str) -> str:
    """Why the bot handed off, in words for the veileder (bokmål, like the rest of the console), not codes."""
    if priority == "emergency":
        return "akutt behov: brukeren trenger hjelp i dag (nødhjelp)"
    last = intents[-1] if intents else None
    if last == "human_handoff":
        return "bruker ba om en veileder"
    return f"chatroboten kunne ikke hjelpe (siste tema: {last})" if last else "chatroboten kunne ikke hjelpe"


def _clean(value: Any) -> str | None:
    """Slot values for the summary: strings only, never anything that looks like a personal number."""
    if value is None or value == "":
        return None
    text = str(value)
    return None if may_contain_personal_number(text) else text[:200]


def build_summary(intents: list[str], slots: Mapping[str, Any]) -> dict[str, str]:
    """What the bot learned, for the veileder: topics, place and the guide's answers (no personal numbers)."""
    summary: dict[str, str] = {}
    topics = [i for i in dict.fromkeys(reversed(intents)) if i not in ("greet", "affirm", "deny", "thank",
                                                                        "nlu_fallback", "human_handoff")]
    if topics:
        summary["emner"] = ", ".join(reversed(topics[:5]))
    for key in ("kommune", "bydel", "postnummer", "language"):
        value = _clean(known(slots.get(key)))
        if value:
            summary[key] = value
    for field in FIELDS:
        value = _clean(slots.get(SLOT_PREFIX + field))
        if value:
            summary[f"digisos_{field}"] = value  # the answer codes; the console puts them in words
    for extra in ("antall_barn", "formue_belop", "inntekt_belop", "utgifter_belop"):
        value = _clean(slots.get(SLOT_PREFIX + extra))
        if value:
            summary[f"digisos_{extra}"] = value
    if slots.get(SLOT_PREFIX + "nylig_mottaker"):
        summary["digisos_nylig_mottaker"] = "ja"  # said they get or recently got sosialhjelp
    # One readable line for the veileder with every answer the guide learned, corrections included.
    overview = _clean(slots_summary(slots, "nb"))
    if overview:
        summary["digisos_oppsummering"] = overview
    return summary


# "er det noen som kan hjelpe meg å fylle ut søknaden" (human_handoff to the model): the bot's own guide helps with
# exactly this and at once (a person may be queued till Monday), so it is offered first and a person second. Words
# that ask for a human ("veileder", "snakke med", "noen hos NAV") keep the handoff.
FILL_IN = re.compile(r"\b(fylle ut|fylla ut|fylle inn|utfylling\w*|skjema\w*|søknaden|søknadsskjema\w*|"
                     r"søknaden min|fill (in|out)|application form|the form|my application)\b")
ASKS_FOR_A_HUMAN = re.compile(r"\b(veileder\w*|veiledar\w*|rettleiar\w*|saksbehandl\w*|sakshandsam\w*|"
                              r"person\w*|menneske\w*|ansatt\w*|tilsett\w*|snakke|prate|chatte|ringe|ringje|"
                              r"(hos|på|hjå|fra|frå) nav|nav-kontor\w*|caseworker|adviser|advisor|human|talk|speak|"
                              r"call|someone at nav)\b")
HELP = re.compile(r"\b(hjelp\w*|help\w*)\b")
GUIDE_FIRST = {
    "nb": "Jeg kan hjelpe deg å fylle ut søknaden nå: jeg går gjennom det søknaden spør om, og du får en liste over "
    "hva du bør legge ved. Vil du heller ha hjelp av en veileder, kan du velge det.",
    "nn": "Eg kan hjelpe deg å fylle ut søknaden no: eg går gjennom det søknaden spør om, og du får ei liste over "
    "kva du bør leggje ved. Vil du heller ha hjelp av ein rettleiar, kan du velje det.",
    "en": "I can help you fill in the application now: I go through what the application asks, and you get a list "
    "of what to attach. If you would rather have help from an adviser, you can choose that.",
}
APPLY_TITLE = {"nb": "Hjelp meg å søke", "nn": "Hjelp meg å søkje", "en": "Help me apply"}


def wants_help_filling_in(text: str) -> bool:
    """Whether a typed message asks for help filling in the application without asking for a human."""
    t = " ".join((text or "").lower().split())
    return not t.startswith("/") and bool(FILL_IN.search(t) and HELP.search(t)) and not ASKS_FOR_A_HUMAN.search(t)


class ActionHandoff(Action):
    """Asks the router to hand the conversation to a human; shows its message or an honest fallback."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        if wants_help_filling_in(str((tracker.latest_message or {}).get("text") or "")) \
                and not guide_unfinished(tracker.events, tracker.slots):
            dispatcher.utter_message(text=pick(GUIDE_FIRST, lang), buttons=[
                {"title": pick(APPLY_TITLE, lang), "payload": "/sosialhjelp_apply"},
                human_button(lang)])
            return []
        intents = user_intents(tracker.events)
        priority = priority_for(intents)
        body = {
            "reason": reason_for(intents, priority),
            "tema": tema_for(intents, tracker.slots),
            "priority": priority,
            "summary": build_summary(intents, tracker.slots),
            "kommune": known(tracker.get_slot("kommune")),
            "bydel": known(tracker.get_slot("bydel")),
            "postnummer": known(tracker.get_slot("postnummer")),
            "intents": message_intents(tracker.events),
        }
        client = self.client_factory()
        result = await client.handoff(tracker.sender_id, body)
        # A person asked for in the middle of the office question: the router asks where they live itself (or
        # knows it); the bot's own "Hvilken kommune bor du i?" came beside it and again after every answer.
        stop_office_question = [ActiveLoop(None), SlotSet("requested_slot", None)] \
            if (tracker.active_loop or {}).get("name") == "office_form" else []
        if result and result.get("stored"):
            # The router has posted its hand-written queue notice in the bruker's language (docs/CONTRACTS.md).
            return stop_office_question
        if result and result.get("message"):
            dispatcher.utter_message(text=str(result["message"]))
            return stop_office_question
        # Router unreachable or unknown conversation (rasa shell, rasa test): tell honestly how to reach NAV.
        text = pick(OFFLINE_PREFIX, lang) + " " + pick(OFFLINE_EMERGENCY if priority == "emergency" else OFFLINE,
                                                       lang)
        place = place_from_slots(tracker.get_slot("kommune"), tracker.get_slot("bydel"),
                                 tracker.get_slot("postnummer"))
        if priority == "emergency" and place.found:
            enhet = await find_office(client, place)
            if enhet and enhet.get("telefon"):
                text += " " + pick(OFFICE_PHONE, lang).format(navn=enhet.get("navn", ""), telefon=enhet["telefon"])
        dispatcher.utter_message(text=text)
        return stop_office_question


class ActionCallback(Action):
    """"Kan dere ringe meg?": the honest answer (the chat books no call-back), NAV's phone and a veileder here.
    It named "NAV-kontoret ditt" with a button to find it also to a person with strengt fortrolig adresse
    (kode 6), who has no local office: the router's ways-to-nav tells (``local_office`` false)."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_callback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        protected = await self.client_factory().local_office(tracker.sender_id) is False
        # Its offer of a veileder: a "ja" hands over (data/rules/handoff.yml, actions/conversation.py OFFERS_HUMAN).
        dispatcher.utter_message(response="utter_callback_protected" if protected else "utter_callback")
        return []
