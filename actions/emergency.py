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

# Probe 106: simple questions in an acute situation lost the thread. "Hva betyr nødhjelp?" and "hvem er
# sosialvakten?" got only "Det høres vanskelig ut. Vil du at jeg setter deg i kø …" (the router leaves out numbers it
# showed minutes before), "og hva om jeg har barn?" the fallback, and "hva gjør jeg hvis NAV-kontoret er stengt?" was
# told first to ring the office. The question is answered, and the person is still offered.
NODHJELP_QUESTION = re.compile(r"\b(hva|kva|what)\b.{0,30}\b(nødhjelp\w*|naudhjelp\w*|emergency (help|assistance|aid))\b|"
                               r"\b(nødhjelp|naudhjelp)\b.{0,20}\b(betyr|tyder|means?|er det)\b", re.IGNORECASE)
SOSIALVAKT_QUESTION = re.compile(r"\bsosial ?vakt\w*|\bsocial emergency service\b", re.IGNORECASE)
CLOSED_QUESTION = re.compile(r"\b(stengt|stengd|lukka|lukket|closed|helg\w*|weekend\w*|kveld\w*|natt\w*|evening|night|"
                             r"lørdag|søndag|laurdag|sundag|saturday|sunday|fredag|friday)\b", re.IGNORECASE)
CHILDREN_WORDS = re.compile(r"\b(barn|barna|barnet|ungen|ungene|borna|bornet|kids?|child|children)\b", re.IGNORECASE)
FOLLOW_UPS: dict[str, dict[str, str]] = {
    "nodhjelp": {
        "nb": "Nødhjelp er hjelp fra NAV-kontoret samme dag når du ikke har penger til det aller mest nødvendige, "
        "som mat, medisiner eller et sted å sove i natt. Kontoret ser på situasjonen din med en gang og kan for "
        "eksempel gi deg penger til mat eller finne et midlertidig sted å bo. Du ber om nødhjelp ved å ringe eller gå "
        "til NAV-kontoret ditt; når NAV er stengt, ringer du legevakten på 116 117, som kan sette deg i kontakt med "
        "sosialvakten.",
        "nn": "Naudhjelp er hjelp frå NAV-kontoret same dag når du ikkje har pengar til det aller mest naudsynte, som "
        "mat, medisinar eller ein stad å sove i natt. Kontoret ser på situasjonen din med ein gong og kan til dømes "
        "gi deg pengar til mat eller finne ein mellombels stad å bu. Du ber om naudhjelp ved å ringje eller gå til "
        "NAV-kontoret ditt; når NAV er stengt, ringjer du legevakta på 116 117, som kan setje deg i kontakt med "
        "sosialvakta.",
        "en": "Emergency assistance (nødhjelp) is help from the NAV office the same day when you do not have money "
        "for what you need most, such as food, medicine or somewhere to sleep tonight. The office looks at your "
        "situation at once and can, for example, give you money for food or find a temporary place to stay. You ask "
        "for it by calling or going to your NAV office; when NAV is closed, call the emergency medical service "
        "(legevakten) on 116 117, who can put you in touch with the social emergency service (sosialvakten).",
    },
    "sosialvakt": {
        "nb": "Sosialvakten er kommunens vakttjeneste for akutt hjelp når NAV-kontoret er stengt, på kvelder, i "
        "helger og på helligdager. Den kan hjelpe deg med det mest nødvendige til NAV åpner igjen, for eksempel mat "
        "eller et sted å sove. Du når den gjennom legevakten på 116 117: si at du trenger sosialvakten. Er noen i "
        "fare, ring 112 (politi) eller 113 (ambulanse).",
        "nn": "Sosialvakta er vakttenesta til kommunen for akutt hjelp når NAV-kontoret er stengt, på kveldar, i "
        "helgar og på heilagdagar. Ho kan hjelpe deg med det mest naudsynte til NAV opnar igjen, til dømes mat eller "
        "ein stad å sove. Du når henne gjennom legevakta på 116 117: sei at du treng sosialvakta. Er nokon i fare, "
        "ring 112 (politi) eller 113 (ambulanse).",
        "en": "The social emergency service (sosialvakten) is the municipality's on-call service for acute help when "
        "the NAV office is closed: evenings, weekends and public holidays. It can help you with what you need most "
        "until NAV opens again, such as food or somewhere to sleep. You reach it through the emergency medical "
        "service (legevakten) on 116 117: say that you need sosialvakten. If anyone is in danger, call 112 (police) "
        "or 113 (ambulance).",
    },
    "closed": {
        "nb": "Når NAV-kontoret er stengt, på kvelder og i helgene, ringer du legevakten på 116 117: de kan sette "
        "deg i kontakt med sosialvakten i kommunen, som kan hjelpe med det mest nødvendige, som mat, til NAV åpner "
        "igjen. Er noen i fare, ring 112 (politi) eller 113 (ambulanse). Før kontoret stenger kan du ringe "
        "NAV-kontoret ditt eller {phone} ({phone_hours}) og be om nødhjelp samme dag.",
        "nn": "Når NAV-kontoret er stengt, på kveldar og i helgane, ringjer du legevakta på 116 117: dei kan setje "
        "deg i kontakt med sosialvakta i kommunen, som kan hjelpe med det mest naudsynte, som mat, til NAV opnar "
        "igjen. Er nokon i fare, ring 112 (politi) eller 113 (ambulanse). Før kontoret stengjer, kan du ringje "
        "NAV-kontoret ditt eller {phone} ({phone_hours}) og be om naudhjelp same dag.",
        "en": "When the NAV office is closed, in the evenings and at weekends, call the emergency medical service "
        "(legevakten) on 116 117: they can put you in touch with the municipality's social emergency service "
        "(sosialvakten), which can help with what you need most, such as food, until NAV opens again. If anyone is "
        "in danger, call 112 (police) or 113 (ambulance). Before the office closes, you can call your NAV office or "
        "+47 {phone} ({phone_hours}) and ask for emergency help the same day.",
    },
    "children": {
        "nb": "Har du barn, si det med en gang når du ber om hjelp: barnas behov skal alltid tas med, og NAV-kontoret "
        "skal sørge for at barna får mat og et trygt sted å bo, også når du trenger nødhjelp i dag. Når NAV er "
        "stengt, ring legevakten på 116 117, som kan sette deg i kontakt med sosialvakten.",
        "nn": "Har du born, sei det med ein gong når du ber om hjelp: behova til borna skal alltid takast med, og "
        "NAV-kontoret skal sørgje for at borna får mat og ein trygg stad å bu, også når du treng naudhjelp i dag. "
        "Når NAV er stengt, ring legevakta på 116 117, som kan setje deg i kontakt med sosialvakta.",
        "en": "If you have children, say so at once when you ask for help: the children's needs are always taken "
        "into account, and the NAV office must make sure the children have food and a safe place to stay, also when "
        "you need emergency help today. When NAV is closed, call the emergency medical service (legevakten) on "
        "116 117, who can put you in touch with the social emergency service (sosialvakten).",
    },
}


def follow_up_key(text: str) -> str | None:
    """Which simple question of an acute situation the message asks, if any."""
    if SOSIALVAKT_QUESTION.search(text):
        return "sosialvakt"
    if NODHJELP_QUESTION.search(text):
        return "nodhjelp"
    if CHILDREN_WORDS.search(text):
        return "children"
    if CLOSED_QUESTION.search(text) and re.search(r"\b(hvis|viss|om|når|if|when)\b", text, re.IGNORECASE):
        return "closed"
    return None


def in_acute_thread(events: list[dict]) -> bool:
    """Whether the emergency answer was given within the bruker's last three messages."""
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    since = users[-4] if len(users) > 3 else 0
    return any(e.get("event") == "action" and e.get("name") == "action_emergency" for e in events[since:])


async def emergency_way(client: RouterClient, sender_id: str) -> tuple[str, datetime | None]:
    """Which numbers lead (OPEN, CALL_NAV or CLOSED) and when NAV's phone opens, from the router's ways-to-nav. When
    the router cannot tell, the general text, which says what to do when NAV is closed."""
    return phone_way(await client.ways_to_nav(sender_id))


def phone_way(ways: dict) -> tuple[str, datetime | None]:
    """emergency_way from an answer of the router's ways-to-nav already at hand (``{}``: it cannot tell)."""
    opens = router_moment(ways.get("nav_phone_opens"))
    if opens is not None:
        return CLOSED, opens
    return (CALL_NAV if ways.get("local_office") is False else OPEN), None


def router_moment(value: object) -> datetime | None:
    """A moment the router's ways-to-nav gives (ISO 8601 with its offset), or None for anything else."""
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
        text = tracker.latest_message.get("text") or ""
        key = follow_up_key(text)
        if key in ("nodhjelp", "sosialvakt") or (key == "children" and in_acute_thread(list(tracker.events)[:-1])):
            # a question about the acute need itself: answered, the person still offered (probe 106)
            dispatcher.utter_message(text=f"{pick(FOLLOW_UPS[key], lang)} {pick(OFFER, lang)}", buttons=buttons)
            return []
        first = contacts(way, opens, lang)
        if key == "closed" and way != CLOSED:
            # "hva gjør jeg hvis NAV-kontoret er stengt?": the way when it is closed first, not "ring NAV-kontoret"
            first = f"{pick(HEARD, lang)} {pick(FOLLOW_UPS['closed'], lang)}"
        said = [first, what_the_office_can_do(text, lang), pick(OFFER, lang)]
        dispatcher.utter_message(text=" ".join(part for part in said if part), buttons=buttons)
        return []


async def acute_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict] | None:
    """A simple question right after the emergency answer that the model did not take for acute need ("og hva om jeg
    har barn?" was the fallback): answered, with the person offered again (a "ja" hands over,
    actions/conversation.py bot_offered_human). None when it is no such question."""
    events = list(tracker.events)
    key = follow_up_key(str((tracker.latest_message or {}).get("text") or ""))
    if tracker.active_loop or key is None or not in_acute_thread(events):
        return None
    lang = language(tracker)
    buttons = [{"title": pick(BUTTONS["yes"], lang), "payload": "/human_handoff"},
               {"title": pick(BUTTONS["no"], lang), "payload": "/deny"}]
    dispatcher.utter_message(text=f"{pick(FOLLOW_UPS[key], lang)} {pick(OFFER, lang)}", buttons=buttons)
    return []


def offers_emergency_queue(text: str) -> bool:
    """Whether a bot text ends with the emergency answer's offer of a person (in nb, nn or en)."""
    return any(pick(OFFER, lang) in text for lang in ("nb", "nn", "en"))
