"""Login questions ("hvem er jeg logget inn som?", "er jeg logget inn?", "BankID virker ikke"), answered for the
login this conversation has: a logged-in bruker is told so, without a login button; an anonymous one gets how to
log in with the button (utter_login_help).

The action never sees who logged in: the router tells it only how the person may reach NAV (ways-to-nav), and
``may_apply_digitally`` is ``true`` only for a logged-in person without adressebeskyttelse, ``null`` when nobody has
logged in. ``false`` (adressebeskyttelse) stays after a logout, so it says that someone logged in, not that they
still are. The name is not said: the router keeps it from the bot, and the fødselsnummer is never said.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import human_button, language, pick
from actions.fallback import SUGGESTIONS
from actions.router_client import RouterClient

GENERAL = "utter_login_help"
# Asking whether, or as whom, one is logged in (not how to log in).
STATUS_QUESTION = re.compile(
    r"\b(logget inn som|logga inn som|innlogget som|innlogga som|logged in as|er jeg logget inn|er jeg innlogget|"
    r"er eg logga inn|er eg innlogga|am i logged in|who am i|hvem er jeg|kven er eg)\b", re.I)
# Having no electronic ID at all ("Jeg har ikke BankID i det hele tatt"), not BankID that fails: it got the login
# answer again. How to apply and reach NAV without it, and where BankID comes from.
NO_EID = re.compile(
    r"\b(har (ikke|ikkje|ingen)|mangler|manglar|uten|utan|ingen|no|without|(do not|don't|dont) have)\b"
    r"(\s+\w+){0,2}?\s+(bank ?id|elektronisk id|e-?id|electronic id)\b", re.I)
TEXTS = {
    "no_eid": {
        "nb": "Du får hjelp fra NAV uten BankID. Økonomisk sosialhjelp kan du søke om på papir: skjemaet får du på "
        "NAV-kontoret ditt, som også kan hjelpe deg å fylle det ut. Du kan også ringe NAV på {phone} "
        "({phone_hours}). BankID får du i banken din når du er over 18 år: spør banken hva du trenger (som regel gyldig "
        "legitimasjon).",
        "nn": "Du får hjelp frå NAV utan BankID. Økonomisk sosialhjelp kan du søkje om på papir: skjemaet får du på "
        "NAV-kontoret ditt, som også kan hjelpe deg å fylle det ut. Du kan også ringje NAV på {phone} "
        "({phone_hours}). BankID får du i banken din når du er over 18 år: spør banken kva du treng (som regel gyldig "
        "legitimasjon).",
        "en": "NAV helps you without BankID. You can apply for financial assistance on paper: you get the form at "
        "your NAV office, which can also help you fill it in. You can also call NAV on +47 {phone} ({phone_hours}). "
        "You get BankID from your bank once you are over 18: ask the bank what you need (usually valid ID).",
    },
    "logged_in": {
        "nb": "Du er logget inn med ID-porten i denne samtalen. Hvem som er logget inn, ser ikke jeg: navn og "
        "fødselsnummer viser jeg aldri i chatten. Er det ikke deg som logget inn, trykker du «Logg ut» i chatten. "
        "Nå kan du spørre meg om din egen søknad om økonomisk sosialhjelp, for eksempel om vi har fått den, eller "
        "når du får svar.",
        "nn": "Du er logga inn med ID-porten i denne samtalen. Kven som er logga inn, ser ikkje eg: namn og "
        "fødselsnummer viser eg aldri i chatten. Er det ikkje du som logga inn, trykkjer du «Logg ut» i chatten. "
        "No kan du spørje meg om din eigen søknad om økonomisk sosialhjelp, til dømes om vi har fått han, eller "
        "når du får svar.",
        "en": "You are logged in with ID-porten in this conversation. I cannot see who is logged in: I never show "
        "names or national identity numbers in the chat. If it was not you who logged in, press «Log out» in the "
        "chat. You can now ask me about your own application for financial assistance, for example whether we "
        "have received it or when you will get an answer.",
    },
    "logged_in_before": {
        "nb": "Du har logget inn med ID-porten i denne samtalen. Er du fortsatt logget inn, ser du knappen «Logg ut» "
        "i chatten. Hvem som er logget inn, ser ikke jeg: navn og fødselsnummer viser jeg aldri i chatten.",
        "nn": "Du har logga inn med ID-porten i denne samtalen. Er du framleis logga inn, ser du knappen «Logg ut» "
        "i chatten. Kven som er logga inn, ser ikkje eg: namn og fødselsnummer viser eg aldri i chatten.",
        "en": "You have logged in with ID-porten in this conversation. If you are still logged in, you see the "
        "«Log out» button in the chat. I cannot see who is logged in: I never show names or national identity "
        "numbers in the chat.",
    },
    "not_logged_in": {
        "nb": "Du er ikke logget inn her i chatten nå.",
        "nn": "Du er ikkje logga inn her i chatten no.",
        "en": "You are not logged in here in the chat now.",
    },
}


def login_reply(ways: dict[str, object], question: str) -> tuple[str | None, bool]:
    """(what to say about this conversation's login, whether the general login help follows) for the router's
    ways-to-nav answer (``{}`` when the router cannot tell)."""
    may = ways.get("may_apply_digitally", "unknown")
    if may is True:
        return "logged_in", False
    if may is False:
        return "logged_in_before", False
    if may is None and STATUS_QUESTION.search(question):
        return "not_logged_in", True
    return None, True


class ActionLoginHelp(Action):
    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_login_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        question = (tracker.latest_message or {}).get("text") or ""
        ways = await self.client_factory().ways_to_nav(tracker.sender_id)
        if NO_EID.search(question) and ways.get("local_office") is not False:
            # Kode 6 (no local office) keeps the answer below: the login that was made, and no NAV-kontor named.
            dispatcher.utter_message(text=pick(TEXTS["no_eid"], lang), buttons=[
                human_button(lang),
                {"title": pick(SUGGESTIONS["office_contact"], lang), "payload": "/office_contact"}])
            return []
        said, general_follows = login_reply(ways, question)
        if said and general_follows:
            dispatcher.utter_message(text=pick(TEXTS[said], lang))
        elif said:
            dispatcher.utter_message(text=pick(TEXTS[said], lang),
                                     buttons=[human_button(lang)])
        if general_follows:
            dispatcher.utter_message(response=GENERAL)  # how to log in, with the login button last
        return []
