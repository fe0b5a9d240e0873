"""The bruker's own Digisos case, answered inside the bot's turn: the action asks the router, which alone knows
who logged in (the action never sees an identifier), and the router answers with facts worded in nb, nn or en.

Logged in with a digital application: the case's facts replace the general answer. Anonymous: the general answer,
then the offer to log in (when this service has login). Router unreachable or no case: the general answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import HUMAN_TITLE, language, latest_intent, pick
from actions.router_client import RouterClient

# The widget starts the login itself on this payload (router/web/static/widget/widget.js).
LOGIN_PAYLOAD = "router:login"
GENERAL_ANSWER = {"sosialhjelp_status": "utter_sosialhjelp_status", "payment_dates": "utter_payment_dates",
                  "sosialhjelp_documents": "utter_sosialhjelp_documents"}
LOGIN_BUTTON = {"nb": "Logg inn", "nn": "Logg inn", "en": "Log in"}
# The general answers that still hold for a logged-in person without a digital application.
GENERAL_WITHOUT_A_CASE = frozenset({"payment_dates", "sosialhjelp_documents"})
# Questions most people ask before they apply ("hvilke vedlegg trenger jeg?"): the general answer alone unless the
# person is logged in, no offer to log in after it (it would also take the general answer's own buttons away in
# a widget that shows only the last message's).
NO_LOGIN_OFFER = frozenset({"sosialhjelp_documents"})
# "Har dere fått vedleggene mine?": the case (digisos-soker) records what the office asked for, never which
# documents arrived, so that is said first, with where the bruker sees what they sent; the facts follow.
RECEIVED_DOCUMENTS_QUESTION = re.compile(
    r"(fått|fatt|mottatt|motteke|kommet fram|komme fram|kome fram|received|arrived?|got)\b.*\b(vedlegg\w*|"
    r"dokument\w*|papir\w*|attachments?|documents?|files?)|\b(vedlegg\w*|dokument\w*|attachments?|documents?)\b.*"
    r"\b(kommet fram|kome fram|komme fram|mottatt|motteke|arrived?|received)", re.I)
RECEIVED_DOCUMENTS = {
    "nb": "Hvilke vedlegg som har kommet fram, står ikke i saken jeg kan se. Vedleggene du har sendt, ser du under "
          "«Dine søknader» på nav.no.",
    "nn": "Kva vedlegg som har kome fram, står ikkje i saka eg kan sjå. Vedlegga du har sendt, ser du under «Dine "
          "søknader» på nav.no.",
    "en": "Which documents have arrived is not in the case information I can see. You can see the documents you "
          "have sent under «Dine søknader» on nav.no.",
}


# "How long does it take to get an answer?" taken for the status question (sosialhjelp_status): without the person's
# own case it is answered with the timing answer the follow-up "hvor lang tid tar det å få svar?" gets, not the
# status text, which says nothing of how long.
HOW_LONG_QUESTION = re.compile(r"\b(how long|how much time|how many (days|weeks)|hvor lang tid|kor lang tid|hvor lenge|"
                               r"kor lenge|hvor mange (dager|uker)|kor mange (dagar|veker)|saksbehandlingstid\w*|"
                               r"sakbehandlingstid\w*|processing times?)\b", re.I)
HOW_LONG_ANSWER = "utter_followup_how_long_sosialhjelp"


def general_answer(intent: str | None, question: str, result: dict[str, Any] | None) -> str:
    """The general answer for the intent; the timing answer for a status question that asks how long, unless the
    person's own case answers it."""
    own_case = bool(result and result.get("logged_in") and result.get("has_case"))
    if intent == "sosialhjelp_status" and not own_case and HOW_LONG_QUESTION.search(question):
        return HOW_LONG_ANSWER
    return GENERAL_ANSWER.get(intent or "", "utter_sosialhjelp_status")


def case_reply(result: dict[str, Any] | None, lang: str, intent: str | None = None,
               question: str = "") -> tuple[str | None, list[dict[str, str]], bool]:
    """(text, buttons, whether the general answer follows) for the router's answer (None: router unreachable)."""
    human = {"title": pick(HUMAN_TITLE, lang), "payload": "/human_handoff"}
    if not result:
        return None, [], True
    texts = [t for t in result.get("texts") or [] if isinstance(t, str) and t]
    if result.get("logged_in") and result.get("has_case") and texts and RECEIVED_DOCUMENTS_QUESTION.search(question):
        texts = [pick(RECEIVED_DOCUMENTS, lang), *texts]
    if result.get("logged_in"):
        # With a case, the person's own answer is the whole answer. Without one, the general answer follows only
        # where it still holds (payments of a paper application show under «Utbetalinger»): the status one ("log
        # in and look under «Dine søknader»") would tell a logged-in person to log in, about an application they
        # do not have.
        no_case = not result.get("has_case", True)
        return "\n\n".join(texts) or None, [human], not texts or (no_case and intent in GENERAL_WITHOUT_A_CASE)
    if result.get("login_available") and texts and intent not in NO_LOGIN_OFFER:
        return "\n\n".join(texts), [{"title": pick(LOGIN_BUTTON, lang), "payload": LOGIN_PAYLOAD}, human], True
    return None, [], True


class ActionCaseAnswer(Action):
    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_case_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        question = (tracker.latest_message or {}).get("text") or ""
        result = await self.client_factory().case_answer(tracker.sender_id, question)
        text, buttons, general_follows = case_reply(result, lang, latest_intent(tracker), question)
        general = general_answer(latest_intent(tracker), question, result)
        if any(b["payload"] == LOGIN_PAYLOAD for b in buttons):
            # The general answer first and the offer to log in last: a widget that shows only the last message's
            # buttons (rasa-webchat) keeps the login link, with the way to a person beside it.
            dispatcher.utter_message(response=general)
            dispatcher.utter_message(text=text, buttons=buttons)
            return []
        if text:
            dispatcher.utter_message(text=text, buttons=buttons)
        if general_follows:
            dispatcher.utter_message(response=general)
        return []
