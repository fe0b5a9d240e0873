"""Low NLU confidence: first ask to rephrase with suggestions, the second time in a row offer a human. An unsure
out_of_scope is treated the same way: a vague follow-up is not told it is off-topic, and its rephrase counts as the
first of the two. NAV's phone is given with its hours while it is open, and with when it opens while it is closed
(the router's ways-to-nav ``nav_phone_opens``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import HUMAN_TITLE, language, pick, previous_turn, user_indices
from actions.emergency import acute_follow_up, emergency_way, worded
from actions.guide_questions import asks_to_explain
from actions.router_client import RouterClient
from bot.components.cries import cries_for_help

# Intents worth suggesting as buttons, with short titles. This service is økonomisk sosialhjelp: the state benefits
# (meldekort, dagpenger, sykepenger, AAP, barnetrygd, foreldrepenger) are answered when asked, never offered as a
# guess at a message the bot did not understand ("Sykepenger" and "Dagpenger" were offered to gibberish).
SUGGESTIONS: dict[str, dict[str, str]] = {
    "sosialhjelp_apply": {"nb": "Søke om sosialhjelp", "nn": "Søkje om sosialhjelp", "en": "Apply for financial assistance"},
    "sosialhjelp_eligibility": {"nb": "Hvem kan få sosialhjelp?", "nn": "Kven kan få sosialhjelp?", "en": "Who can get financial assistance?"},
    "sosialhjelp_documents": {"nb": "Hvilke vedlegg trenger jeg?", "nn": "Kva vedlegg treng eg?", "en": "Which documents do I need?"},
    "sosialhjelp_send_attachment": {"nb": "Ettersende vedlegg", "nn": "Ettersende vedlegg", "en": "Send documents later"},
    "sosialhjelp_status": {"nb": "Status på søknaden", "nn": "Status på søknaden", "en": "Status of my application"},
    "sosialhjelp_emergency": {"nb": "Jeg trenger hjelp i dag", "nn": "Eg treng hjelp i dag", "en": "I need help today"},
    "sosialhjelp_draft": {"nb": "Lagret søknad / utkast", "nn": "Lagra søknad / utkast", "en": "Saved draft"},
    "payment_dates": {"nb": "Når kommer pengene?", "nn": "Når kjem pengane?", "en": "When is the payment?"},
    "change_bank_account": {"nb": "Endre kontonummer", "nn": "Endre kontonummer", "en": "Change account number"},
    "office_contact": {"nb": "Finn NAV-kontoret mitt", "nn": "Finn NAV-kontoret mitt", "en": "Find my NAV office"},
    "book_appointment": {"nb": "Avtale et møte", "nn": "Avtale eit møte", "en": "Book a meeting"},
    "complaint": {"nb": "Klage på vedtak", "nn": "Klage på vedtak", "en": "Appeal a decision"},
    "login_help": {"nb": "Problemer med innlogging", "nn": "Problem med innlogging", "en": "Log-in problems"},
    "job_seeker_registration": {"nb": "Registrere meg som arbeidssøker", "nn": "Registrere meg som arbeidssøkjar", "en": "Register as a job seeker"},
    "aktivitetsplan": {"nb": "Aktivitetsplanen", "nn": "Aktivitetsplanen", "en": "Activity plan"},
    "request_interpreter": {"nb": "Jeg trenger tolk", "nn": "Eg treng tolk", "en": "I need an interpreter"},
    "human_handoff": HUMAN_TITLE,
}
DEFAULT_SUGGESTIONS = ("sosialhjelp_apply", "office_contact", "human_handoff")
# A message of emoji or punctuation alone ("😭😭😭🙏") says nothing the model can read, yet may be distress: its best
# guesses were "Problemer med innlogging" and "Registrere meg som arbeidssøker". Help today and a person instead.
CARING_SUGGESTIONS = ("sosialhjelp_emergency", "human_handoff", "sosialhjelp_apply")
REPHRASE = {
    "nb": "Beklager, jeg er ikke sikker på at jeg forstod. Kan du si det på en annen måte, gjerne med noen få ord? "
    "Eller velg et av disse. Du kan også snakke med en veileder, eller ringe NAV på {phone} ({phone_hours}).",
    "nn": "Orsak, eg er ikkje sikker på at eg forstod. Kan du seie det på ein annan måte, gjerne med nokre få ord? "
    "Eller vel eitt av desse. Du kan også snakke med ein rettleiar, eller ringje NAV på {phone} ({phone_hours}).",
    "en": "Sorry, I am not sure I understood. Could you say it another way, in a few words? Or choose one of these. "
    "You can also talk to an adviser, or call NAV on +47 {phone} ({phone_hours}).",
}
OFFER_HUMAN = {
    "nb": "Beklager, jeg forstår fortsatt ikke helt, og jeg vil ikke la deg gå i ring. Vil du snakke med en "
    "veileder? Du kan også ringe NAV på {phone} ({phone_hours}).",
    "nn": "Orsak, eg forstår framleis ikkje heilt, og eg vil ikkje la deg gå i ring. Vil du snakke med ein "
    "rettleiar? Du kan også ringje NAV på {phone} ({phone_hours}).",
    "en": "Sorry, I still do not quite understand, and I do not want to keep you going in circles. Would you like "
    "to talk to an adviser? You can also call NAV on +47 {phone} ({phone_hours}).",
}
# The same while NAV's phone is closed (evenings, weekends, public holidays): "(hverdager …)" on a Saturday did
# not say when it opens. The first 40 characters of OFFER_HUMAN_CLOSED are OFFER_HUMAN's (conversation.py reads them).
REPHRASE_CLOSED = {
    "nb": "Beklager, jeg er ikke sikker på at jeg forstod. Kan du si det på en annen måte, gjerne med noen få ord? "
    "Eller velg et av disse. Du kan også snakke med en veileder her, eller ringe NAV på {phone} fra {opens}.",
    "nn": "Orsak, eg er ikkje sikker på at eg forstod. Kan du seie det på ein annan måte, gjerne med nokre få ord? "
    "Eller vel eitt av desse. Du kan også snakke med ein rettleiar her, eller ringje NAV på {phone} frå {opens}.",
    "en": "Sorry, I am not sure I understood. Could you say it another way, in a few words? Or choose one of these. "
    "You can also talk to an adviser here, or call NAV on +47 {phone} from {opens}.",
}
OFFER_HUMAN_CLOSED = {
    "nb": "Beklager, jeg forstår fortsatt ikke helt, og jeg vil ikke la deg gå i ring. Vil du snakke med en "
    "veileder? NAV på telefon {phone} kan du ringe fra {opens}.",
    "nn": "Orsak, eg forstår framleis ikkje heilt, og eg vil ikkje la deg gå i ring. Vil du snakke med ein "
    "rettleiar? NAV på telefon {phone} kan du ringje frå {opens}.",
    "en": "Sorry, I still do not quite understand, and I do not want to keep you going in circles. Would you like "
    "to talk to an adviser? You can call NAV on +47 {phone} from {opens}.",
}
# A short "hæ?", "hva mener du?", "skjønner ikke" after an answer (actions/guide_questions.asks_to_explain): the
# bruker did not understand, the bot did not fail them. No apology for failing, no "en veileder nå" on a Saturday,
# and no question, so an "ok" after it is not a yes to anything (actions/conversation.py).
CLARIFY = {
    "nb": "Beklager, det var kanskje uklart. Si gjerne med egne ord hva du lurer på, så prøver jeg å svare enklere. "
    "Du kan også velge et av disse.",
    "nn": "Orsak, det var kanskje uklart. Sei gjerne med eigne ord kva du lurer på, så prøver eg å svare enklare. "
    "Du kan også velje eitt av desse.",
    "en": "Sorry, that may not have been clear. Tell me in your own words what you are wondering about, and I will "
    "try to answer more simply. You can also choose one of these.",
}
CLARIFY_SUGGESTIONS = ("sosialhjelp_apply", "sosialhjelp_status", "office_contact", "human_handoff")
TRY_AGAIN = {"nb": "Jeg prøver å skrive det på nytt", "nn": "Eg prøver å skrive det på nytt",
             "en": "I will try to rephrase"}
MAX_BUTTONS = 3


def suggestions(ranking: Iterable[Mapping[str, Any]], limit: int = MAX_BUTTONS) -> list[str]:
    """Up to `limit` intents to suggest: the model's best guesses first, then common topics, always a human last."""
    picked = [r.get("name") for r in ranking if r.get("name") in SUGGESTIONS and r.get("name") != "human_handoff"]
    picked = list(dict.fromkeys(picked))[: limit - 1]
    for intent in DEFAULT_SUGGESTIONS:
        if len(picked) >= limit - 1:
            break
        if intent not in picked and intent != "human_handoff":
            picked.append(intent)
    return picked + ["human_handoff"]


def without_words(text: str) -> bool:
    """Emoji, punctuation or nothing: no letter and no digit (a postnummer is words here)."""
    return not any(ch.isalnum() for ch in text)


def is_second_fallback(events: list[Mapping[str, Any]]) -> bool:
    """True when the user message before the current one also got the rephrase: action_handle_fallback, or
    action_out_of_scope when the model was unsure of that message (it then answers as the fallback does)."""
    users = user_indices(events)
    before = events[users[-2]] if len(users) > 1 else {}
    for event in (events[i] for i in previous_turn(events)):
        if event.get("event") != "action":
            continue
        if event.get("name") == "action_handle_fallback":
            return True
        if event.get("name") == "action_out_of_scope" and not sure_out_of_scope(before):
            return True
    return False


# Wait for the bruker after asking: inside an active form the policies would otherwise predict this action
# again and again (up to Rasa's ten actions a turn) - a fallback must never loop.
LISTEN = [FollowupAction("action_listen")]


GUIDE_OFFER = "sosialhjelp_apply"  # [Søke om sosialhjelp]: leads to the offer of the digital guide


async def offers_for(client: RouterClient, sender_id: str, intents: Iterable[str]) -> list[str]:
    """The suggestions to show this bruker: without applying ([Søke om sosialhjelp], which offers the digital guide)
    for one who may not apply digitally (adressebeskyttelse): that was said once, and the guide never comes back."""
    intents = list(intents)
    if GUIDE_OFFER in intents and await client.may_apply_digitally(sender_id) is False:
        return [i for i in intents if i != GUIDE_OFFER]
    return intents


class ActionHandleFallback(Action):
    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_handle_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        # (conversation.py imports this module)
        from actions.conversation import HARD_NOW, HARD_NOW_CLOSED, resume_with_typed_answer
        from actions.kommune_named import kommune_follow_up  # it imports the guide, which imports this module

        # The guide's next answer typed instead of "Nei takk" to a person offered in the middle of the guide
        # ("samboer"): it declines the person, and the guide goes on with it (only an answer that fits the question)
        client = self.client_factory()
        resumed = await resume_with_typed_answer(dispatcher, tracker, client, own=False)
        if resumed is not None:
            return resumed
        # Probe 106: a simple question right after the emergency answer ("hvem er sosialvakten?"), or a kommune named
        # after an answer that depends on it ("hva med Lurøy?" after the apply answer): answered for it.
        answered = await acute_follow_up(dispatcher, tracker)
        if answered is None:
            answered = await kommune_follow_up(dispatcher, tracker, client, domain)
        if answered is not None:
            return answered + LISTEN
        lang = language(tracker)
        text = str((tracker.latest_message or {}).get("text") or "")
        if not is_second_fallback(list(tracker.events)) and asks_to_explain(text) and not tracker.active_loop:
            buttons = [{"title": pick(SUGGESTIONS[i], lang), "payload": f"/{i}"}
                       for i in await offers_for(client, tracker.sender_id, CLARIFY_SUGGESTIONS)]
            dispatcher.utter_message(text=pick(CLARIFY, lang), buttons=buttons)
            return LISTEN
        # NAV's phone with its hours, or with when it opens while it is closed (the router owns the hours)
        way, opens = await emergency_way(client, tracker.sender_id)
        if cries_for_help(text):
            # "HJELP!!!" (bot/components/cry_for_help.py): no "jeg forstod ikke" to a cry; a caring word, help today
            # and a person, as to a message of emoji alone (a "ja" after it hands over: actions/conversation.py)
            buttons = [{"title": pick(SUGGESTIONS[i], lang), "payload": f"/{i}"}
                       for i in await offers_for(client, tracker.sender_id, CARING_SUGGESTIONS)]
            texts = HARD_NOW_CLOSED if opens is not None else HARD_NOW
            dispatcher.utter_message(text=worded({way: texts}, way, opens, lang), buttons=buttons)
            return LISTEN
        if is_second_fallback(list(tracker.events)):
            buttons = [{"title": pick(SUGGESTIONS["human_handoff"], lang), "payload": "/human_handoff"},
                       {"title": pick(TRY_AGAIN, lang), "payload": "/deny"}]
            texts = OFFER_HUMAN_CLOSED if opens is not None else OFFER_HUMAN
            dispatcher.utter_message(text=worded({way: texts}, way, opens, lang), buttons=buttons)
            return LISTEN
        latest = tracker.latest_message or {}
        picked = CARING_SUGGESTIONS if without_words(text) \
            else suggestions(latest.get("intent_ranking") or [])
        buttons = [{"title": pick(SUGGESTIONS[i], lang), "payload": f"/{i}"}
                   for i in await offers_for(client, tracker.sender_id, picked)]
        texts = REPHRASE_CLOSED if opens is not None else REPHRASE
        dispatcher.utter_message(text=worded({way: texts}, way, opens, lang), buttons=buttons)
        return LISTEN


# Below this, out_of_scope is a guess, not a finding: "hva kan jeg gjøre?" after a status question got "Det kan jeg
# dessverre ikke hjelpe med" at 0.38. Real off-topic questions (weather, football, a restaurant) score 0.58 and
# above on the held-out set (eval/nlu/heldout.yml).
OUT_OF_SCOPE_SURE = 0.5


def sure_out_of_scope(user_event: Mapping[str, Any]) -> bool:
    """Whether the model was sure a message (a user event, or a tracker's latest_message) is off-topic; a confidence
    it did not give counts as sure, as before."""
    parse = user_event.get("parse_data", user_event) or {}
    confidence = (parse.get("intent") or {}).get("confidence")
    return not isinstance(confidence, (int, float)) or confidence >= OUT_OF_SCOPE_SURE


class ActionOutOfScope(Action):
    """out_of_scope: "only NAV questions here" when the model is sure; otherwise the rephrase with its best guesses,
    a person and the phone, as for any message the bot did not understand."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        if sure_out_of_scope(tracker.latest_message or {}):
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        fallback = ActionHandleFallback()
        fallback.client_factory = self.client_factory
        return await fallback.run(dispatcher, tracker, domain)
