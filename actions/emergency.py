"""The emergency answer to an acute need (no money for food, nowhere to sleep tonight): the numbers as they can be
followed now, and a person offered at once with priority (a "ja" hands over, data/rules/digisos.yml; a "nei" gets the
numbers again, actions/conversation.py).

"Ring NAV-kontoret ditt eller NAV på 55 55 33 33" was said to everyone at any time. While NAV's phone is closed
(evenings, weekends, public holidays: the router owns the hours and says when it opens, ways-to-nav
``nav_phone_opens``), what answers now comes first (legevakten, who can reach sosialvakten; 112/113) and NAV's phone
after it, with when it opens. A person with strengt fortrolig adresse (kode 6, ways-to-nav ``local_office`` false) is
never sent to "NAV-kontoret ditt": NAV's phone instead. The router's own texts say the same
(router/texts emergency_contacts*, router/domain/acute_need.py contacts_key), and this answer is composed from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language, pick
from actions.router_client import RouterClient
from router.domain.acute_need import AcuteCategory, detect, help_key
from router.texts import fixed_text
from router.texts.formatting import day_and_time

OPEN, CALL_NAV, CLOSED = "open", "call_nav", "closed"

# The numbers themselves are the router's fixed texts (router/texts emergency_contacts*), the one home of those
# sentences: the bot says what the router's safety net and queue notices say, in the same words. Here only the
# sentence before them.
CONTACTS_KEY = {OPEN: "emergency_contacts", CALL_NAV: "emergency_contacts_call_nav", CLOSED: "emergency_contacts_closed"}
HEARD = {"nb": "Det høres vanskelig ut.", "nn": "Det høyrest vanskeleg ut.", "en": "That sounds hard."}
# An eviction notice, rent the bruker cannot pay, or power cut or about to be: what the office can do and what to keep,
# before the offer. The sentences are the router's (acute_need.help_key: its safety net says them in every language);
# these words catch rent and power that its patterns, written for statements of danger, leave to the bot.
HOUSING_WORDS = re.compile(r"utkast(else|ing)|kast(et|a|es|ar)? ut|kaste meg ut|kaster (meg|oss) ut|fravikelse|"
                           r"namsm|husleig?[ea]|evict|\brent\b", re.IGNORECASE)
POWER_WORDS = re.compile(r"str(ø|au)m|electricity|\bpower\b", re.IGNORECASE)
# The queue tells honestly when a veileder answers (the router's queue notice), so the offer stands at any hour.
OFFER = {
    "nb": "Vil du at jeg setter deg i kø for en veileder? Saken din får prioritet, og du får vite med en gang når en "
    "veileder kan svare.",
    "nn": "Vil du at eg set deg i kø for ein rettleiar? Saka di får prioritet, og du får vite med ein gong når ein "
    "rettleiar kan svare.",
    "en": "Shall I put you in the queue for an adviser? Your case gets priority, and you will be told at once when an "
    "adviser can answer.",
}
BUTTONS = {
    "yes": {"nb": "Ja, sett meg i kø", "nn": "Ja, set meg i kø", "en": "Yes, put me in the queue"},
    "no": {"nb": "Nei takk", "nn": "Nei takk", "en": "No thanks"},
}
# A "nei" to the offer (actions/conversation.py): the numbers again, as they can be followed now.
DECLINED = {
    OPEN: {
        "nb": "Helt greit. Trenger du nødhjelp i dag, får du den raskest ved å ringe NAV-kontoret ditt eller NAV på "
        "{phone} ({phone_hours}), eller legevakten på 116 117 når NAV er stengt.",
        "nn": "Heilt greitt. Treng du naudhjelp i dag, får du ho raskast ved å ringje NAV-kontoret ditt eller NAV på "
        "{phone} ({phone_hours}), eller legevakta på 116 117 når NAV er stengt.",
        "en": "That is fine. If you need emergency help today, the quickest way is to call your NAV office or NAV on "
        "+47 {phone} ({phone_hours}), or the emergency medical service on 116 117 when NAV is closed.",
    },
    CALL_NAV: {
        "nb": "Helt greit. Trenger du nødhjelp i dag, får du den raskest ved å ringe NAV på {phone} ({phone_hours}), "
        "eller legevakten på 116 117 når NAV er stengt.",
        "nn": "Heilt greitt. Treng du naudhjelp i dag, får du ho raskast ved å ringje NAV på {phone} "
        "({phone_hours}), eller legevakta på 116 117 når NAV er stengt.",
        "en": "That is fine. If you need emergency help today, the quickest way is to call NAV on +47 {phone} "
        "({phone_hours}), or the emergency medical service on 116 117 when NAV is closed.",
    },
    CLOSED: {
        "nb": "Helt greit. NAV er stengt nå: trenger du hjelp før det åpner, ring legevakten på 116 117, som kan sette "
        "deg i kontakt med sosialvakten, eller 112 eller 113 hvis noen er i fare. NAV kan du ringe på {phone} fra "
        "{opens}.",
        "nn": "Heilt greitt. NAV er stengt no: treng du hjelp før det opnar, ring legevakta på 116 117, som kan setje "
        "deg i kontakt med sosialvakta, eller 112 eller 113 viss nokon er i fare. NAV kan du ringje på {phone} frå "
        "{opens}.",
        "en": "That is fine. NAV is closed now: if you need help before it opens, call the emergency medical service "
        "(legevakten) on 116 117, who can put you in touch with the social emergency service, or 112 or 113 if anyone "
        "is in danger. You can call NAV on +47 {phone} from {opens}.",
    },
}

# After DECLINED outside the guide: the other way to help here.
APPLY_HINT = {
    "nb": "Jeg kan også hjelpe deg å forberede en søknad om sosialhjelp: skriv «hjelp meg å søke».",
    "nn": "Eg kan også hjelpe deg å førebu ein søknad om sosialhjelp: skriv «hjelp meg å søkje».",
    "en": "I can also help you prepare an application for financial assistance: write «help me apply».",
}

async def emergency_way(client: RouterClient, sender_id: str) -> tuple[str, datetime | None]:
    """Which numbers lead (OPEN, CALL_NAV or CLOSED) and when NAV's phone opens, from the router's ways-to-nav. When
    the router cannot tell, the general text, which says what to do when NAV is closed."""
    ways = await client.ways_to_nav(sender_id)
    opens = _parsed(ways.get("nav_phone_opens"))
    if opens is not None:
        return CLOSED, opens
    return (CALL_NAV if ways.get("local_office") is False else OPEN), None


def _parsed(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def worded(texts: dict[str, dict[str, str]], way: str, opens: datetime | None, lang: str) -> str:
    """The text for this way in ``lang``, with NAV's phone and when it opens (Babel's words for the day and time)."""
    text = pick(texts[way], lang)
    return text.replace("{opens}", day_and_time(opens, lang)) if opens is not None else text


def contacts(way: str, opens: datetime | None, lang: str) -> str:
    """The emergency numbers for this way in ``lang``, from the router's fixed texts, after "that sounds hard"."""
    key = CONTACTS_KEY[way]
    numbers = fixed_text(key, lang, opens=day_and_time(opens, lang)) if opens is not None else fixed_text(key, lang)
    return f"{pick(HEARD, lang)} {numbers}"


def what_the_office_can_do(text: str, lang: str) -> str:
    """For a home at risk or a power cut, what the NAV office can do about it (the router's sentence); else nothing."""
    signal = detect(text)
    key = help_key(signal.category) if signal is not None else None
    if key is None and HOUSING_WORDS.search(text):
        key = help_key(AcuteCategory.HOME_AT_RISK)
    elif key is None and POWER_WORDS.search(text):
        key = help_key(AcuteCategory.POWER_CUT)
    return fixed_text(key, lang) if key else ""


class ActionEmergency(Action):
    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        way, opens = await emergency_way(self.client_factory(), tracker.sender_id)
        buttons = [{"title": pick(BUTTONS["yes"], lang), "payload": "/human_handoff"},
                   {"title": pick(BUTTONS["no"], lang), "payload": "/deny"}]
        said = [contacts(way, opens, lang), what_the_office_can_do(tracker.latest_message.get("text") or "", lang),
                pick(OFFER, lang)]
        dispatcher.utter_message(text=" ".join(part for part in said if part), buttons=buttons)
        return []
