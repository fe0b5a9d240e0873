"""The bruker's own Digisos case, answered inside the bot's turn: the action asks the router, which alone knows
who logged in (the action never sees an identifier), and the router answers with facts worded in nb, nn or en.

Logged in with a digital application: the case's facts replace the general answer ("har jeg fått vedtak?" is answered
here from the facts: yes with its date, or "not yet", never a prediction). Anonymous: the general answer, then the
offer to log in (when this service has login) unless the question is a general one ("hva skjer etter at jeg har
søkt?"). Router unreachable or no case: the general answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import documents
from actions.case_followup import ASKS_MEANING, behandles_ikke, bot_turn_texts, case_today, newest_case
from actions.common import human_button, language, latest_intent, pick
from actions.kommune_named import (
    capability_of,
    named_or_known_kommune,
    next_period,
    office_buttons,
    own_case_shown,
    status_without_innsyn,
)
from actions.router_client import RouterClient
from router.domain.asked_before_login import LOGIN_PAYLOAD
from router.domain.innsyn import IN_PROGRESS, CaseLine
from router.texts.case_answers import TEXTS as CASE_TEXTS
from router.texts.case_answers import render, worded_language

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


# "kontoutskrift hvordan får jeg det", "hvor finner jeg kontoutskriften i nettbanken?": how to get a bank statement,
# which the general list of vedlegg did not say. Not "hvor mange måneder kontoutskrift?" nor sending one.
STATEMENT = re.compile(r"\b(kontoutskrift\w*|kontoutdrag\w*|(bank|account) ?statements?|kontoavskrift\w*)\b", re.I)
HOW_TO_GET = re.compile(
    r"\b(hvordan|korleis|åssen|how)\b|\b(hvor|kor|where)\s+(finner|finn|får|henter|hentar|can|do)\b|"
    r"\b(få tak i|skaffe\w*|laste ned|laster ned|lastar ned|hente|henter|hentar|download\w*|get hold)\b|"
    r"\b(finner|finn) (ikke|ikkje)\b|\b(can'?t|cannot) find\b", re.I)
SENDING = re.compile(r"\b(sende\w*|send|sendt|last\w* opp|upload\w*|ettersend\w*|legge ved|legg ved)\b", re.I)
STATEMENT_ANSWER = "utter_kontoutskrift_how"


def asks_how_to_get_a_statement(question: str) -> bool:
    """Whether the documents question asks how to get a kontoutskrift (not which documents, not how to send it)."""
    return bool(STATEMENT.search(question) and HOW_TO_GET.search(question) and not SENDING.search(question))


# "Når kommer pengene?" with holidays ahead (the router's ways-to-nav closed_days_ahead, by its clock and calendar):
# fewer bank days can move when the money reaches the account. No date is promised: no source says when a payment
# around a holiday arrives, only the vedtak and «Utbetalinger» say when it is paid.
HOLIDAY_PAYMENTS = {
    "christmas": {
        "nb": "I jula og rundt nyttår er det flere helligdager og færre bankdager. Det kan gjøre at pengene kommer "
        "inn på kontoen en annen dag enn du er vant til. Hvilken dato utbetalingen er satt til, ser du under "
        "«Utbetalinger» på nav.no. Lurer du på om pengene kommer før helligdagene, kan du spørre NAV: snakk med en "
        "veileder her eller ring NAV.",
        "nn": "I jula og rundt nyttår er det fleire heilagdagar og færre bankdagar. Det kan gjere at pengane kjem inn "
        "på kontoen ein annan dag enn du er van med. Kva dato utbetalinga er sett til, ser du under «Utbetalingar» "
        "på nav.no. Lurer du på om pengane kjem før heilagdagane, kan du spørje NAV: snakk med ein rettleiar her "
        "eller ring NAV.",
        "en": "Over Christmas and New Year there are several public holidays and fewer bank days. This can mean the "
        "money reaches your account on a different day than you are used to. The date the payment is set for is "
        "shown under «Utbetalinger» on nav.no. If you wonder whether the money comes before the holidays, ask NAV: "
        "talk to an adviser here or call NAV.",
    },
    "holidays": {
        "nb": "Det er helligdager de nærmeste ukene, og da er det færre bankdager. Det kan gjøre at pengene kommer inn "
        "på kontoen en annen dag enn du er vant til. Hvilken dato utbetalingen er satt til, ser du under "
        "«Utbetalinger» på nav.no. Lurer du på om pengene kommer før helligdagene, kan du spørre NAV: snakk med en "
        "veileder her eller ring NAV.",
        "nn": "Det er heilagdagar dei næraste vekene, og då er det færre bankdagar. Det kan gjere at pengane kjem inn "
        "på kontoen ein annan dag enn du er van med. Kva dato utbetalinga er sett til, ser du under «Utbetalingar» "
        "på nav.no. Lurer du på om pengane kjem før heilagdagane, kan du spørje NAV: snakk med ein rettleiar her "
        "eller ring NAV.",
        "en": "There are public holidays in the coming weeks, and so fewer bank days. This can mean the money reaches "
        "your account on a different day than you are used to. The date the payment is set for is shown under "
        "«Utbetalinger» on nav.no. If you wonder whether the money comes before the holidays, ask NAV: talk to an "
        "adviser here or call NAV.",
    },
}


async def holiday_payments(client: RouterClient, sender_id: str, lang: str) -> str | None:
    """The note on holidays ahead for the payment answer, None without any (or when the router cannot tell)."""
    ahead = [d for d in (_day(v) for v in (await client.ways_to_nav(sender_id)).get("closed_days_ahead") or []) if d]
    if not ahead:
        return None
    christmas = any(d.month == 12 or (d.month == 1 and d.day <= 6) for d in ahead)
    return pick(HOLIDAY_PAYMENTS["christmas" if christmas else "holidays"], lang)


# "How long does it take to get an answer?" taken for the status question (sosialhjelp_status): without the person's
# own case it is answered with the timing answer the follow-up "hvor lang tid tar det å få svar?" gets, not the
# status text, which says nothing of how long.
HOW_LONG_QUESTION = re.compile(r"\b(how long|how much time|how many (days|weeks)|hvor lang tid|kor lang tid|hvor lenge|"
                               r"kor lenge|hvor mange (dager|uker)|kor mange (dagar|veker)|saksbehandlingstid\w*|"
                               r"sakbehandlingstid\w*|processing times?)\b", re.I)
HOW_LONG_ANSWER = "utter_followup_how_long_sosialhjelp"


# "Hva skjer etter at jeg har søkt?" asks how it goes in general: no "Jeg kan ikke se saken din fordi du ikke er logget
# inn" after the general answer (the probe's bruker had not asked about a case of their own). "Hva skjer med
# søknaden min?" is their own.
GENERAL_QUESTION = re.compile(
    r"\b(hva|kva) skjer (det )?(etter|når|naar|med en søknad|med ein søknad)\b|\bwhat happens (after|when|once|to an)\b|"
    r"\b(hvordan|korleis) (foregår|behandles|blir .{0,20}behandla|går det for seg)\b|\bhow (is|are) (an )?applications? "
    r"(processed|handled)\b", re.I)
OWN_CASE = re.compile(r"\b(min|mi|mitt|mine|my|mine)\b|\b(har|have) (dere|de|you) (fått|fatt|got|received)\b", re.I)


def about_own_case(question: str) -> bool:
    """Whether a status question may be about the bruker's own application (anything but a general "what happens
    after one applies")."""
    return not GENERAL_QUESTION.search(question) or bool(OWN_CASE.search(question))


# Whether it was granted or refused: the letter says, never the bot (innsyn.py's rule); a "Ja." before the decision's
# date read as "yes, granted" (probe 157: "Ble søknaden min innvilget?" got "Ja. Det er fattet vedtak ...").
OUTCOME_WORDS = r"innvilg\w*|avslag\w*|avslått|avslege|avslo|granted|approved|refused|rejected"
OUTCOME_QUESTION = re.compile(rf"\b({OUTCOME_WORDS})\b", re.I)
# "Har jeg fått vedtak?", "hvor mye fikk jeg innvilget?": the case's vedtakFattet answers, yes with its date or "not
# yet", never a prediction and never an amount the case does not hold (the letter says what was granted). The router
# took "har jeg fått vedtak?" for "have you received it?" and answered "Ja, vi har fått søknaden din".
DECISION_QUESTION = re.compile(
    rf"\b(vedtak\w*|{OUTCOME_WORDS}|decision|decided)\b|"
    r"\b(fått|fatt|fekk|fenge) (noe |noko |et |eit )?(svar|brev)\b|\b(got|had|received) (an? )?(answer|reply|letter)\b|"
    r"\b(hvor|kor) (mye|mykje|mykkje) (fikk|får|fekk|har) (jeg|eg)\b|\bhow much (did|do|will|have) i\b", re.I)
AMOUNT_QUESTION = re.compile(r"\b(hvor|kor) (mye|mykje|mykkje)\b|\bhow much\b|\bbel(ø|o)p\w*|\bamount\b", re.I)
# (the router's own answers hold for these: "når får jeg vedtak?" is a timing question, "hvilket kontor?" an office)
DECISION_ANSWERS_INSTEAD_OF = frozenset({"received", "status", "payment"})
DECISION_TEXTS = {
    "yes": {"nb": "Ja.", "nn": "Ja.", "en": "Yes."},
    "not_yet": {
        "nb": "Nei, ikke ennå: det er ikke fattet vedtak i saken din. Når vedtaket er klart, finner du det under "
        "«Dine søknader» på nav.no.",
        "nn": "Nei, ikkje enno: det er ikkje gjort vedtak i saka di. Når vedtaket er klart, finn du det under «Dine "
        "søknader» på nav.no.",
        "en": "No, not yet: no decision has been made in your case. When it has, you will find it under «Dine "
        "søknader» on nav.no.",
    },
    # "hvor mye fikk jeg innvilget?" before a vedtak: "Nei, ikke ennå" did not answer "hvor mye"
    "not_yet_amount": {
        "nb": "Det er ikke fattet vedtak i saken din ennå, så det er ikke bestemt noe beløp. Når vedtaket er klart, "
        "finner du det under «Dine søknader» på nav.no.",
        "nn": "Det er ikkje gjort vedtak i saka di enno, så det er ikkje bestemt noko beløp. Når vedtaket er klart, "
        "finn du det under «Dine søknader» på nav.no.",
        "en": "No decision has been made in your case yet, so no amount has been set. When it has, you will find it "
        "under «Dine søknader» on nav.no.",
    },
    "not_decided": {
        "nb": "Hva vedtaket blir, kan jeg ikke si: det avgjør en saksbehandler.",
        "nn": "Kva vedtaket blir, kan eg ikkje seie: det avgjer ein saksbehandlar.",
        "en": "I cannot say what the decision will be: a caseworker decides that.",
    },
    "no_amount_yet": {
        "nb": "Hvor mye du får, kan jeg ikke si noe om: det avgjør en saksbehandler.",
        "nn": "Kor mykje du får, kan eg ikkje seie noko om: det avgjer ein saksbehandlar.",
        "en": "I cannot say how much you will get: a caseworker decides that.",
    },
    "amount_in_letter": {
        "nb": "Der står det også hva du har fått innvilget, og hvor mye.",
        "nn": "Der står det også kva du har fått innvilga, og kor mykje.",
        "en": "It also says what you were granted, and how much.",
    },
    "outcome_in_letter": {
        "nb": "Der står det om du har fått innvilget noe eller fått avslag, og hvorfor.",
        "nn": "Der står det om du har fått innvilga noko eller fått avslag, og kvifor.",
        "en": "It says whether anything was granted or refused, and why.",
    },
}
NO = {"nb": "Nei, ", "nn": "Nei, ", "en": "No, "}


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def decision_reply(result: dict[str, Any], lang: str, question: str, today: date) -> list[str] | None:
    """The answer to "har jeg fått vedtak?" from the newest application's facts; None where the router's answer holds
    (no such question, no case, or an application that will not be decided: BEHANDLES_IKKE)."""
    facts = [f for f in result.get("facts") or [] if isinstance(f, dict)]
    if result.get("question") not in DECISION_ANSWERS_INSTEAD_OF or not facts or not DECISION_QUESTION.search(question):
        return None
    newest = max(facts, key=lambda f: str(f.get("mottatt") or ""))
    decided = [d for d in (_day(v) for v in newest.get("vedtak") or []) if d]
    amount = bool(AMOUNT_QUESTION.search(question))
    outcome = bool(OUTCOME_QUESTION.search(question)) and not amount
    lines: list[CaseLine] = []
    if decided:
        decision = render([CaseLine("decision", {"date": decided[-1]})], lang)[0]
        # "Ja." answers "har jeg fått vedtak?" only: not an amount, and never whether it was granted
        said = [decision if amount or outcome else f"{pick(DECISION_TEXTS['yes'], lang)} {decision}"]
        if amount or outcome:
            said.append(pick(DECISION_TEXTS["amount_in_letter" if amount else "outcome_in_letter"], lang))
            payments = [{"amount": p.get("belop"), "what": p.get("beskrivelse"), "status": p.get("status"),
                         "date": _day(p.get("dato"))} for p in newest.get("utbetalinger") or [] if isinstance(p, dict)]
            if payments:
                lines.append(CaseLine("payments", {"payments": sorted(payments, key=lambda p: p["date"] or date.min)}))
    elif newest.get("status") in IN_PROGRESS:
        said = [pick(DECISION_TEXTS["not_yet_amount" if amount else "not_yet"], lang)
                # the letter that says the processing takes longer than usual (the router's words)
                + (CASE_TEXTS[worded_language(lang)]["forelopig_svar"] if newest.get("forelopig_svar") else ""),
                pick(DECISION_TEXTS["no_amount_yet" if amount else "not_decided"], lang)]
        asked = [{"type": d.get("dokumenttype"), "extra": None, "due": _day(d.get("innsendelsesfrist"))}
                 for d in newest.get("dokumenter") or [] if isinstance(d, dict)]
        asked += [{"type": k.get("tittel"), "extra": None, "due": _day(k.get("frist"))}
                  for k in newest.get("dokumentasjonkrav") or [] if isinstance(k, dict) and not k.get("levert_tidligere")]
        if asked:
            lines.append(CaseLine("also_missing", {"documents": [
                {**d, "overdue": d["due"] is not None and d["due"] < today} for d in asked]}))
    else:
        return None
    if len(facts) > 1:
        lines.append(CaseLine("several", {"count": len(facts)}))
    return said + render(lines, lang)


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
    human = human_button(lang)
    if not result:
        return None, [], True
    texts = [t for t in result.get("texts") or [] if isinstance(t, str) and t]
    own_case = bool(result.get("logged_in") and result.get("has_case"))
    decision = decision_reply(result, lang, question, case_today(result)) if own_case else None
    if decision:
        texts = decision
    elif own_case and ASKS_MEANING.search(question) and (newest_case(result) or {}).get("status") == "BEHANDLES_IKKE":
        # "hvorfor behandles den ikke?" got the whole status again (probe 106, Nils): what it means and what to do
        texts = [behandles_ikke(lang, question)]
    elif own_case and texts and RECEIVED_DOCUMENTS_QUESTION.search(question):
        texts = [pick(RECEIVED_DOCUMENTS, lang), *texts]
    elif own_case and result.get("question") == "missing" and texts[:1] == render([CaseLine("nothing_missing")], lang):
        # "Mangler det noen dokumenter?": a plain "Nei, kontoret har ikke bedt deg om flere dokumenter."
        texts = [pick(NO, lang) + texts[0][:1].lower() + texts[0][1:], *texts[1:]]
    if result.get("logged_in"):
        # With a case, the person's own answer is the whole answer. Without one, the general answer follows only
        # where it still holds (payments of a paper application show under «Utbetalinger»): the status one ("log
        # in and look under «Dine søknader»") would tell a logged-in person to log in, about an application they
        # do not have.
        no_case = not result.get("has_case", True)
        return "\n\n".join(texts) or None, [human], not texts or (no_case and intent in GENERAL_WITHOUT_A_CASE)
    if result.get("login_available") and texts and intent not in NO_LOGIN_OFFER and about_own_case(question):
        return "\n\n".join(texts), [{"title": pick(LOGIN_BUTTON, lang), "payload": LOGIN_PAYLOAD}, human], True
    return None, [], True


class ActionCaseAnswer(Action):
    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_case_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        question = (tracker.latest_message or {}).get("text") or ""
        if latest_intent(tracker) == "sosialhjelp_documents":
            # Asked as a particular question (a period, no contract, something missing): answered as asked, the
            # same for everyone; "has my office asked for more?" is the person's own case, below.
            if particular := documents.particular_answer(question, lang):
                dispatcher.utter_message(text=particular, buttons=[human_button(lang)])
                return []
            if asks_how_to_get_a_statement(question):
                dispatcher.utter_message(response=STATEMENT_ANSWER)  # from the bank: the same for everyone
                return []
        client = self.client_factory()
        result = await client.case_answer(tracker.sender_id, question)
        if latest_intent(tracker) == "sosialhjelp_status" and not own_case_shown(result):
            # "Jeg har søkt i Engerdal, hvor ser jeg status?": a kommune without innsyn (or without digital
            # applications) shows nothing on nav.no, so neither «Dine søknader» nor a login: the office (probe 106).
            kommune = named_or_known_kommune(tracker)
            cap = await capability_of(client, kommune)
            instead = status_without_innsyn(cap, lang)
            if instead and cap is not None:
                dispatcher.utter_message(text=instead, buttons=office_buttons(lang))
                return [SlotSet("kommune", cap.navn)] if cap.navn != tracker.get_slot("kommune") else []
        text, buttons, general_follows = case_reply(result, lang, latest_intent(tracker), question)
        general = general_answer(latest_intent(tracker), question, result)
        holidays = await holiday_payments(client, tracker.sender_id, lang) \
            if latest_intent(tracker) == "payment_dates" else None
        if holidays and any(holidays in said for said in bot_turn_texts(tracker.events)):
            # Said in the answer just before (the same question answered again after her login: probe 161 read the
            # Christmas paragraph twice in a row).
            holidays = None
        if latest_intent(tracker) == "payment_dates" and (period := next_period(question, lang)):
            # "Will I get money next month too?": the payments listed say nothing of the month after the decision's
            holidays = f"{holidays}\n\n{period}" if holidays else period
        if any(b["payload"] == LOGIN_PAYLOAD for b in buttons):
            # The general answer first and the offer to log in last: a widget that shows only the last message's
            # buttons (rasa-webchat) keeps the login link, with the way to a person beside it.
            dispatcher.utter_message(response=general)
            if holidays:
                dispatcher.utter_message(text=holidays)
            dispatcher.utter_message(text=text, buttons=buttons)
            return []
        if text and holidays and not general_follows:
            # the person's own payments and the holidays in one answer, as before one message (a follow-up on it,
            # "fristen var jo 1. desember", answers the message before it)
            text, holidays = f"{text}\n\n{holidays}", None
        if text:
            dispatcher.utter_message(text=text, buttons=buttons)
        if general_follows and general == GENERAL_ANSWER["sosialhjelp_documents"] and tracker.get_slot("digisos_done"):
            # Her own list was given at the guide's end: pointed to, not offered again (probe 159).
            dispatcher.utter_message(text=documents.after_the_list(lang))
        elif general_follows:
            dispatcher.utter_message(response=general)
        if holidays:
            dispatcher.utter_message(text=holidays)
        return topic_of_the_answer(result) if text else []


# The case answer's lines that ask for documents: a follow-up ("fristen var jo 1. desember, hva skjer nå?") is about
# them, whatever the question was (payments, say), and gets the vedlegg answer (data/rules/conversation.yml).
DOCUMENT_LINES = frozenset({"missing", "also_missing", "timing_documents"})


def topic_of_the_answer(result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The topic slot for what the person's own case answer spoke of: documents asked for set ``vedlegg``."""
    if result and DOCUMENT_LINES & set(result.get("lines") or []):
        return [SlotSet("topic", "vedlegg")]
    return []
