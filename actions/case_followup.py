"""Follow-ups that know the bruker's own case: logged in, "hva skjer hvis jeg ikke rekker fristen?", "hva gjør jeg
nå?" and "hva betyr det?" are answered from what the bot just told her, not with the general answer (probe 106: Ola,
told both deadlines had passed, heard "si fra til NAV-kontoret før fristen går ut"; Nils, told "Den blir ikke
behandlet.", got a generic fallback to "hva betyr det?" and "Har du ikke søkt ennå …" to "hva gjør jeg nå?").

Only what the case says: never a prediction, the letter is the authority. Anonymous, without a case, or when the
router cannot tell: the general answer the rules gave before (``GENERAL``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import human_button, language, latest_intent, pick, previous_turn
from actions.router_client import RouterClient
from router.domain.innsyn import IN_PROGRESS
from router.domain.opening_hours import OSLO
from router.texts.case_answers import day, documents_list

# The general answers, by intent, for one whose case the bot cannot see (data/rules/conversation.yml gave them).
GENERAL = {"followup_late": "utter_followup_late_sosialhjelp", "followup_what_now": "utter_followup_what_now_sosialhjelp"}

TEXTS: dict[str, dict[str, str]] = {
    "behandles_ikke": {
        "nb": "At søknaden ikke blir behandlet, betyr at kontoret ikke kommer til å gjøre et vedtak om den: du får "
        "verken ja eller nei på denne søknaden. Hvorfor, står ikke i saken jeg kan se.",
        "nn": "At søknaden ikkje blir behandla, tyder at kontoret ikkje kjem til å gjere eit vedtak om han: du får "
        "verken ja eller nei på denne søknaden. Kvifor, står ikkje i saka eg kan sjå.",
        "en": "That your application will not be processed means that the office will not make a decision on it: you "
        "will get neither a yes nor a no to this application. Why is not in the case information I can see.",
    },
    "behandles_ikke_next": {
        "nb": "Neste steg: spør kontoret hvorfor. En veileder her i chatten kan hjelpe deg, eller du kan ringe "
        "{phone} ({phone_hours}). Trenger du fortsatt hjelp, kan du sende en ny søknad på nav.no/sosialhjelp eller "
        "på papir.",
        "nn": "Neste steg: spør kontoret kvifor. Ein rettleiar her i chatten kan hjelpe deg, eller du kan ringje "
        "{phone} ({phone_hours}). Treng du framleis hjelp, kan du sende ein ny søknad på nav.no/sosialhjelp eller "
        "på papir.",
        "en": "Next step: ask the office why. An adviser here in the chat can help you, or you can call +47 {phone} "
        "({phone_hours}). If you still need help, you can send a new application at nav.no/sosialhjelp or on paper.",
    },
    # "Hvorfor behandles den ikke?": the case holds no reason; who knows it, and the next step.
    "behandles_ikke_why": {
        "nb": "Hvorfor søknaden ikke blir behandlet, står ikke i saken jeg kan se, så det kan jeg dessverre ikke svare "
        "på. Det vet kontoret: en veileder her i chatten kan finne det ut med deg, eller du kan ringe {phone} "
        "({phone_hours}). Trenger du fortsatt hjelp, kan du sende en ny søknad på nav.no/sosialhjelp eller på papir.",
        "nn": "Kvifor søknaden ikkje blir behandla, står ikkje i saka eg kan sjå, så det kan eg diverre ikkje svare på. "
        "Det veit kontoret: ein rettleiar her i chatten kan finne det ut saman med deg, eller du kan ringje {phone} "
        "({phone_hours}). Treng du framleis hjelp, kan du sende ein ny søknad på nav.no/sosialhjelp eller på papir.",
        "en": "Why your application will not be processed is not in the case information I can see, so I am afraid I "
        "cannot answer that. The office knows: an adviser here in the chat can find out with you, or you can call "
        "+47 {phone} ({phone_hours}). If you still need help, you can send a new application at nav.no/sosialhjelp "
        "or on paper.",
    },
    # The same case answer asked for again ("hva gjør jeg nå?" right after "hva skjer hvis jeg ikke rekker
    # fristen?"): not word for word again, but briefly, with the step.
    "again": {
        "nb": "Som jeg skrev, er det dette som gjelder i saken din nå. Det viktigste du kan gjøre, er å ta kontakt med "
        "kontoret: snakk med en veileder her i chatten, eller ring {phone} ({phone_hours}).",
        "nn": "Som eg skreiv, er det dette som gjeld i saka di no. Det viktigaste du kan gjere, er å ta kontakt med "
        "kontoret: snakk med ein rettleiar her i chatten, eller ring {phone} ({phone_hours}).",
        "en": "As I wrote, that is where your case stands now. The most useful next step is to contact the office: "
        "talk to an adviser here in the chat, or call +47 {phone} ({phone_hours}).",
    },
    "overdue": {
        "nb": "Fristen har gått ut for: {documents}. Send dem likevel så snart du kan, under «Dine søknader» på "
        "nav.no: så lenge søknaden ikke er avgjort, kan kontoret ta dem med. Får du ikke tak i noe, si fra til "
        "kontoret nå og fortell hvorfor: snakk med en veileder her, eller ring {phone} ({phone_hours}). Kommer "
        "ingenting, kan søknaden bli behandlet med det kontoret har, og da kan den bli avslått; da kan du klage "
        "eller søke på nytt.",
        "nn": "Fristen har gått ut for: {documents}. Send dei likevel så snart du kan, under «Dine søknader» på "
        "nav.no: så lenge søknaden ikkje er avgjord, kan kontoret ta dei med. Får du ikkje tak i noko, sei frå til "
        "kontoret no og fortel kvifor: snakk med ein rettleiar her, eller ring {phone} ({phone_hours}). Kjem "
        "ingenting, kan søknaden bli behandla med det kontoret har, og då kan han bli avslegen; då kan du klage "
        "eller søkje på nytt.",
        "en": "The deadline has passed for: {documents}. Send them anyway as soon as you can, under «Dine søknader» "
        "on nav.no: as long as your application has not been decided, the office can take them into account. If you "
        "cannot get hold of something, tell the office now and explain why: talk to an adviser here, or call +47 "
        "{phone} ({phone_hours}). If nothing arrives, the application may be processed with what the office has, "
        "and it may then be refused; you can then appeal or apply again.",
    },
    "due": {
        "nb": "Kontoret har bedt om: {documents}. Send dem under «Dine søknader» på nav.no før fristen. Rekker du "
        "det ikke, si fra til kontoret før fristen går ut, så kan du ofte få litt mer tid: snakk med en veileder "
        "her, eller ring {phone} ({phone_hours}).",
        "nn": "Kontoret har bede om: {documents}. Send dei under «Dine søknader» på nav.no før fristen. Rekk du det "
        "ikkje, sei frå til kontoret før fristen går ut, så kan du ofte få litt meir tid: snakk med ein rettleiar "
        "her, eller ring {phone} ({phone_hours}).",
        "en": "The office has asked for: {documents}. Send them under «Dine søknader» on nav.no before the deadline. "
        "If you cannot make it, tell the office before the deadline, and you can often get a little more time: talk "
        "to an adviser here, or call +47 {phone} ({phone_hours}).",
    },
    "waiting": {
        "nb": "Kontoret har ikke bedt deg om flere dokumenter, så nå er det kontoret sin tur: søknaden din er under "
        "behandling, og vedtaket kommer under «Dine søknader» på nav.no. Haster det fordi du ikke har penger til "
        "mat eller et sted å bo nå, si fra: snakk med en veileder her, eller ring {phone} ({phone_hours}).",
        "nn": "Kontoret har ikkje bede deg om fleire dokument, så no er det kontoret sin tur: søknaden din er under "
        "behandling, og vedtaket kjem under «Dine søknader» på nav.no. Hastar det fordi du ikkje har pengar til mat "
        "eller ein stad å bu no, sei frå: snakk med ein rettleiar her, eller ring {phone} ({phone_hours}).",
        "en": "The office has not asked you for more documents, so it is now up to the office: your application is "
        "being processed, and the decision will appear under «Dine søknader» on nav.no. If it is urgent because you "
        "have no money for food or a place to stay now, say so: talk to an adviser here, or call +47 {phone} "
        "({phone_hours}).",
    },
    "decided": {
        "nb": "Det er gjort vedtak i saken din ({date}). Les vedtaksbrevet under «Dine søknader» på nav.no: det er "
        "brevet som gjelder. Er du uenig, kan du klage; fristen står i vedtaket, for økonomisk sosialhjelp som regel "
        "3 uker. En veileder her kan hjelpe deg med klagen.",
        "nn": "Det er gjort vedtak i saka di ({date}). Les vedtaksbrevet under «Dine søknader» på nav.no: det er "
        "brevet som gjeld. Er du usamd, kan du klage; fristen står i vedtaket, for økonomisk sosialhjelp som regel "
        "3 veker. Ein rettleiar her kan hjelpe deg med klaga.",
        "en": "A decision has been made in your case ({date}). Read the decision letter under «Dine søknader» on "
        "nav.no: the letter is what counts. If you disagree, you can appeal; the deadline is in the decision, for "
        "financial assistance usually 3 weeks. An adviser here can help you with the appeal.",
    },
}

# "Hva betyr det?", "hvorfor behandles den ikke?": a question about what the case answer said.
ASKS_MEANING = re.compile(r"\b(betyr|tyder|meiner|mener|means?|meaning|hvorfor|kvifor|korfor|why|forstår ikke|"
                          r"forstår ikkje|skjønner ikke|skjønar ikkje|don'?t understand)\b", re.I)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def newest_case(result: dict[str, Any] | None) -> dict[str, Any] | None:
    """The newest application's facts when the person is logged in and has one; None otherwise."""
    if not result or not result.get("logged_in") or not result.get("has_case"):
        return None
    facts = [f for f in result.get("facts") or [] if isinstance(f, dict)]
    return max(facts, key=lambda f: str(f.get("mottatt") or "")) if facts else None


def asked_documents(case: dict[str, Any], today: date) -> list[dict[str, Any]]:
    """What the office still asks for, with its deadline and whether it has passed."""
    asked = [(d.get("dokumenttype"), _day(d.get("innsendelsesfrist"))) for d in case.get("dokumenter") or []
             if isinstance(d, dict)]
    asked += [(k.get("tittel"), _day(k.get("frist"))) for k in case.get("dokumentasjonkrav") or []
              if isinstance(k, dict) and not k.get("levert_tidligere")]
    return [{"type": name, "extra": None, "due": due, "overdue": due is not None and due < today}
            for name, due in asked if name]


ASKS_WHY = re.compile(r"\b(hvorfor|kvifor|korfor|why|how come)\b", re.I)


def behandles_ikke(lang: str, question: str = "") -> str:
    """What BEHANDLES_IKKE means and the next step; asked why, that the case does not say and who knows."""
    if ASKS_WHY.search(question or ""):
        return pick(TEXTS["behandles_ikke_why"], lang)
    return pick(TEXTS["behandles_ikke"], lang) + " " + pick(TEXTS["behandles_ikke_next"], lang)


def late_reply(case: dict[str, Any], lang: str, today: date) -> str | None:
    """ "Hva skjer hvis jeg ikke rekker fristen?" from the case: the deadlines that passed, or the ones to come; None
    when the office asks for nothing (the general answer holds)."""
    asked = asked_documents(case, today)
    if not asked or case.get("status") not in IN_PROGRESS:
        return None
    overdue = [d for d in asked if d["overdue"]]
    if overdue:
        # "Fristen har gått ut for: Husleiekontrakt, frist 1. desember 2026" (no "(fristen er passert)" again)
        return pick(TEXTS["overdue"], lang).format(documents=documents_list(
            [{**d, "overdue": False} for d in overdue], lang))
    return pick(TEXTS["due"], lang).format(documents=documents_list(asked, lang))


def what_now_reply(case: dict[str, Any], lang: str, today: date) -> str | None:
    """ "Hva gjør jeg nå?" from the case: the next step for where the application stands."""
    status = case.get("status")
    if status == "BEHANDLES_IKKE":
        return behandles_ikke(lang)
    decided = [d for d in (_day(v) for v in case.get("vedtak") or []) if d]
    if decided and status not in IN_PROGRESS:
        return pick(TEXTS["decided"], lang).format(date=day(decided[-1], lang))
    if status in IN_PROGRESS:
        return late_reply(case, lang, today) or pick(TEXTS["waiting"], lang)
    return None


def meaning_reply(case: dict[str, Any], lang: str, today: date) -> str | None:
    """ "Hva betyr det?" / "hvorfor?" after the case answer: what its state means and the next step, where the
    case's state needs explaining (BEHANDLES_IKKE; deadlines passed)."""
    if case.get("status") == "BEHANDLES_IKKE":
        return behandles_ikke(lang)
    if any(d["overdue"] for d in asked_documents(case, today)):
        return late_reply(case, lang, today)
    return None


def bot_turn_texts(events: Any) -> list[str]:
    """What the bot said in its turn before the latest message."""
    events = list(events)
    return [str(events[i].get("text") or "") for i in previous_turn(events) if events[i].get("event") == "bot"]


def case_today(result: dict[str, Any] | None) -> date:
    """Today as the router reads it (its answer's ``today``: its clock, which a trial run may start elsewhere, as
    every deadline it judged was), else today in Norway."""
    said = (result or {}).get("today")
    try:
        return date.fromisoformat(said) if isinstance(said, str) else datetime.now(OSLO).date()
    except ValueError:
        return datetime.now(OSLO).date()


async def case_followup(client: RouterClient, sender_id: str, intent: str | None, lang: str) -> str | None:
    """The case-aware answer to a follow-up, or None where the general answer holds."""
    result = await client.case_answer(sender_id, "status")
    case = newest_case(result)
    if case is None:
        return None
    today = case_today(result)
    if intent == "followup_late":
        return late_reply(case, lang, today)
    if intent == "followup_what_now":
        return what_now_reply(case, lang, today)
    return meaning_reply(case, lang, today)


class ActionFollowupCase(Action):
    """followup_late / followup_what_now after sosialhjelp or vedlegg: the case-aware answer when the person is
    logged in with a digital application, else the general answer (GENERAL)."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_followup_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        intent = latest_intent(tracker)
        text = await case_followup(self.client_factory(), tracker.sender_id, intent, lang)
        if text and text in bot_turn_texts(tracker.events):
            text = pick(TEXTS["again"], lang)  # said just now: the same long answer again was no answer
        if text:
            dispatcher.utter_message(text=text, buttons=[human_button(lang)])
        else:
            dispatcher.utter_message(response=GENERAL.get(intent or "", GENERAL["followup_what_now"]))
        return []
