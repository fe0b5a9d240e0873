"""A kommune the bruker names in an ordinary question, looked up and answered from its Digisos facts.

Probe 106 (2026-12-06): inside the guide a kommune's capability was checked ("Vik tar ikke imot digitale søknader.
Søk på papir"), but a kommune named in a question was not. "Jeg har søkt sosialhjelp i Engerdal, hvor ser jeg status
på søknaden?" got "follow it on nav.no under «Dine søknader»" and a login button, though Engerdal has neither digital
søknad nor innsyn; "jeg bor i Vik i Sogn, vil søke på nett" got the general answer (Vik is left out of the NLU
lookup, data/nlu/office_lookups.yml, for being a word too); "hva med Lurøy?" after the apply answer got the fallback.

The kommune is the NLU's ``kommune`` entity in the latest message, else a place the message says the bruker lives in
(actions/places.py place_in_message: "jeg bor i Vik" is the kommune Vik, 4639, in Vestland; the Vik in Nordland is
a village in Sømna, no kommune).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import HUMAN_TITLE, human_button, known, language, pick
from actions.digisos import KommuneCapability, capability_advice, capability_from_router
from actions.emergency import BUTTONS, OFFER, in_acute_thread
from actions.places import Place, needs_bydel, parse_place, place_in_message
from actions.router_client import RouterClient

OFFICE_TITLE = {"nb": "Finn NAV-kontoret mitt", "nn": "Finn NAV-kontoret mitt", "en": "Find my NAV office"}


def place_in_latest(tracker: Tracker) -> Place:
    """The place the latest message names: the place the bruker says they live in (with its bydel or postnummer:
    "æ bor på heimdal i trondheim"), else the NLU's place entities ("hva med Lurøy?")."""
    latest = tracker.latest_message or {}
    said = place_in_message(str(latest.get("text") or ""))
    if said.found:
        return said
    named = {e.get("entity"): str(e.get("value")) for e in latest.get("entities") or [] if known(e.get("value"))}
    if not any(named.get(name) for name in ("kommune", "bydel", "postnummer")):
        return Place()
    from actions.office_lookup import place_from_slots  # it imports the guide, which imports this module

    return place_from_slots(named.get("kommune"), named.get("bydel"), named.get("postnummer"))


def kommune_in_message(tracker: Tracker) -> str | None:
    """The kommune the latest message names: the place the bruker says they live in, else the NLU's entity."""
    return place_in_latest(tracker).kommune


def place_slots(place: Place) -> list[dict]:
    """The bot's place slots for a place the bruker named: all three, so a bydel of another kommune said earlier
    is not kept beside it (probe 117: "fyllingsdalen", then "lillehammer", and the office was not found)."""
    return [SlotSet("kommune", place.kommune), SlotSet("bydel", place.bydel),
            SlotSet("postnummer", place.postnummer)]


def named_or_known_kommune(tracker: Tracker) -> str | None:
    """The kommune named now, else the one the conversation knows (slot ``kommune``)."""
    return kommune_in_message(tracker) or known(tracker.get_slot("kommune"))


async def capability_of(client: RouterClient, kommune: str | None) -> KommuneCapability | None:
    """The kommune's Digisos capability from the router; None without a kommune."""
    if not kommune:
        return None
    return capability_from_router(kommune, await client.get_kommune(kommune))


# The status question for a kommune whose cases cannot be followed on nav.no: no «Dine søknader», no login offer
# (logging in would not show the case either), the office instead.
STATUS_TEXTS: dict[str, dict[str, str]] = {
    "paper": {
        "nb": "{navn} tar ikke imot digitale søknader, så søknaden din er sendt på papir eller levert på "
        "NAV-kontoret, og den ser du ikke på nav.no. Spør NAV-kontoret i {navn} hvordan det går med saken og når du "
        "kan vente svar, eller ring {phone} ({phone_hours}). Vedtaket får du i posten.",
        "nn": "{navn} tek ikkje imot digitale søknader, så søknaden din er send på papir eller levert på "
        "NAV-kontoret, og han ser du ikkje på nav.no. Spør NAV-kontoret i {navn} korleis det går med saka og når du "
        "kan vente svar, eller ring {phone} ({phone_hours}). Vedtaket får du i posten.",
        "en": "{navn} does not accept online applications, so your application was sent on paper or handed in at the "
        "NAV office, and you cannot see it on nav.no. Ask the NAV office in {navn} how your case is going and when "
        "to expect an answer, or call +47 {phone} ({phone_hours}). You will get the decision by post.",
    },
    "no_innsyn": {
        "nb": "{navn} viser ikke status for søknader om sosialhjelp på nav.no ennå, så saken din ser du ikke under "
        "«Dine søknader». Spør NAV-kontoret i {navn} hvordan det går med saken og når du kan vente svar, eller ring "
        "{phone} ({phone_hours}).",
        "nn": "{navn} viser ikkje status for søknader om sosialhjelp på nav.no enno, så saka di ser du ikkje under "
        "«Dine søknader». Spør NAV-kontoret i {navn} korleis det går med saka og når du kan vente svar, eller ring "
        "{phone} ({phone_hours}).",
        "en": "{navn} does not show the status of applications for financial assistance on nav.no yet, so you cannot "
        "see your case under «Dine søknader». Ask the NAV office in {navn} how your case is going and when to expect "
        "an answer, or call +47 {phone} ({phone_hours}).",
    },
}


def status_without_innsyn(cap: KommuneCapability | None, lang: str) -> str | None:
    """The status answer for a kommune without innsyn (or without digital applications); None where nav.no shows
    the case or the router cannot tell."""
    if cap is None or not cap.navn:
        return None
    if cap.digital_soknad is False:
        key = "paper"
    elif cap.innsyn is False:
        key = "no_innsyn"
    else:
        return None
    return pick(STATUS_TEXTS[key], lang).format(navn=cap.navn)


def office_buttons(lang: str) -> list[dict[str, str]]:
    return [human_button(lang),
            {"title": pick(OFFICE_TITLE, lang), "payload": "/office_contact"}]


def own_case_shown(result: Mapping[str, Any] | None) -> bool:
    """Whether the router answered from the bruker's own case (logged in, with a digital application)."""
    return bool(result and result.get("logged_in") and result.get("has_case"))


# Questions of how to apply that the general answer leaves open (probe 106: both got the fallback). The two-per-24
# hours fact was said only at the guide's end (actions/vedlegg.py LIMITS).
# "to søknader samme dag", and the verb counted too: "kan jeg søke flere ganger samme dag?", "kan eg søkje igjen i
# dag?" (probe 156: the first got the general how-to-apply answer, without the rule).
TWO_APPLICATIONS = re.compile(
    r"\b(to|2|flere|fleire|two|several|ny|nye|en ny|ein ny|another)\s+(søknad\w*|applications?)\b.*\b(samme|same|"
    r"i dag|today|dag|dagen|day|døgn\w*|24)\b|\b(hvor|kor) mange søknader\b|\bhow many applications\b"
    r"|\b(søke|søkje|søka|apply)\s+((flere|fleire|mange|several|many|two|2|to)\s+(ganger|gonger|gongar|times)|"
    r"more than once)\b"
    r"|\b(søke|søkje|søka|apply)\s+(igjen|att|again|på nytt)\s+(samme dag|same dag|i dag|today|the same day)\b", re.I)
PAPER_FORM = re.compile(r"\bpapir\w*|\bpaper\b|\bskjema\w*\b.*\bpapir|\bpå papir\b", re.I)
# Help for the next month (probe 157: Fatima, granted help, asked "Får jeg penger neste måned også?" and got only how
# to apply, as if she had never applied): a decision covers a period, and after it one applies again.
NEXT_PERIOD = re.compile(
    r"\b(neste|kommende|next|following) (måned|månad|month)\b|\b(hver|kvar|every|each) (måned|månad|month)\b"
    r"|\b(hvor|kor) lenge (får|kan) (jeg|eg|vi|man|ein|en) (få |ha |motta )?(\w+ )?(sosialhjelp|penger|pengar|"
    r"hjelp|stønad|støtte)\b|\bhow long (will|can|do) (i|we) (get|receive|have)\b"
    r"|\b(søke|søkje|søka|apply)\s+(på nytt|igjen|att|again)\s+(når|etter|after|when)\b", re.I)
APPLY_DETAILS: dict[str, dict[str, str]] = {
    "two": {
        "nb": "Du kan sende høyst to søknader om økonomisk sosialhjelp i løpet av 24 timer. Har du glemt noe i en "
        "søknad du har sendt, trenger du ikke sende en ny: ettersend vedlegg i den samme saken under «Dine "
        "søknader», eller si fra til NAV-kontoret.",
        "nn": "Du kan sende høgst to søknader om økonomisk sosialhjelp i løpet av 24 timar. Har du gløymt noko i ein "
        "søknad du har sendt, treng du ikkje sende ein ny: ettersend vedlegg i den same saka under «Dine søknader», "
        "eller sei frå til NAV-kontoret.",
        "en": "You can send at most two applications for financial assistance within 24 hours. If you forgot "
        "something in an application you have sent, you do not need to send a new one: send documents later in the "
        "same case under «Dine søknader», or tell the NAV office.",
    },
    "period": {
        "nb": "Vedtaket ditt sier hvilken periode hjelpen gjelder for. Trenger du hjelp også etter den, sender du en ny "
        "søknad, gjerne i god tid før perioden er over. Er du usikker på hva vedtaket gjelder, kan NAV-kontoret ditt "
        "svare deg.",
        "nn": "Vedtaket ditt seier kva periode hjelpa gjeld for. Treng du hjelp også etter den, sender du ein ny "
        "søknad, gjerne i god tid før perioden er over. Er du usikker på kva vedtaket gjeld, kan NAV-kontoret ditt "
        "svare deg.",
        "en": "Your decision says which period the help covers. If you need help after that period too, you send a "
        "new application, preferably well before the period ends. If you are unsure what your decision covers, "
        "your NAV office can tell you.",
    },
    "paper": {
        "nb": "Papirskjemaet får du på NAV-kontoret i kommunen der du bor; kontoret kan også hjelpe deg å fylle det "
        "ut. Du kan også ringe {phone} ({phone_hours}) og spørre hvordan du får skjemaet.",
        "nn": "Papirskjemaet får du på NAV-kontoret i kommunen der du bur; kontoret kan også hjelpe deg å fylle det "
        "ut. Du kan også ringje {phone} ({phone_hours}) og spørje korleis du får skjemaet.",
        "en": "You get the paper form at the NAV office in the municipality where you live; the office can also help "
        "you fill it in. You can also call +47 {phone} ({phone_hours}) and ask how to get the form.",
    },
}


def next_period(text: str, lang: str) -> str | None:
    """That a decision covers a period and one applies again after it, when the question asks about next month."""
    return pick(APPLY_DETAILS["period"], lang) if NEXT_PERIOD.search(text) else None


def apply_details(text: str, lang: str) -> list[str]:
    """The facts a how-to-apply question asks for beyond the general answer: help after the decision's period, two
    applications a day, the paper form."""
    said = [period] if (period := next_period(text, lang)) else []
    if TWO_APPLICATIONS.search(text):
        said.append(pick(APPLY_DETAILS["two"], lang))
    if PAPER_FORM.search(text):
        said.append(pick(APPLY_DETAILS["paper"], lang))
    return said


async def kommune_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker, client: RouterClient,
                            domain: DomainDict, after_apply: bool = True) -> list[dict] | None:
    """A kommune named on its own after an answer that depends on it ("hva med Lurøy?" after the apply answer, "jeg
    bor i Gamvik" after the emergency answer), read as the question asked again for that kommune. None otherwise."""
    # (imported here: conversation.py and digisos_form.py import the fallback, which imports this module)
    from actions.conversation import previous_bot_turn
    from actions.digisos_form import ActionSosialhjelpApply

    if tracker.active_loop:
        return None
    place = place_in_latest(tracker)
    if in_acute_thread(list(tracker.events)):
        place = place if place.found else bydel_answer(tracker)
        return await _acute_kommune(dispatcher, tracker, client, place) if place.kommune else None
    if not place.kommune:
        return None
    # (a guide answer to the apply answer's offer, "jeg bor i Bergen", is a yes to the guide: action_digisos_correction)
    if after_apply and previous_bot_turn(tracker.events)[0] == "action_sosialhjelp_apply":
        apply = ActionSosialhjelpApply()
        apply.client_factory = lambda: client
        return await apply.run(dispatcher, tracker, domain)
    return await place_noted(dispatcher, tracker, client) if after_apply else None


async def place_noted(dispatcher: CollectingDispatcher, tracker: Tracker, client: RouterClient,
                      answer: bool = False) -> list[dict] | None:
    """"Jeg bor i Lillehammer." on its own, outside the guide and before it (probe 117: the fallback, or read as a
    guide answer "Jeg er ikke sikker på at jeg forsto deg", and "hvor er nav kontoret mitt" then found no office):
    the place is kept for what comes next, and the bruker is asked what she wants. None when the message says no
    place she lives in, or after the guide (where a place said changes the checklist's place: the correction's).
    ``answer``: the model read the message as a place answer (digisos_answer), so a place named alone ("heimdal",
    the NLU's entity) is one too; the fallback's message needs "bor i" (a lone "time" is no kommune Time)."""
    from actions.fallback import offers_for  # the fallback imports this module

    if tracker.active_loop or tracker.get_slot("digisos_done"):
        return None
    place = place_in_latest(tracker) if answer \
        else place_in_message(str((tracker.latest_message or {}).get("text") or ""))
    if not place.kommune:
        return None
    lang = language(tracker)
    titles = {"office_contact": OFFICE_TITLE, "sosialhjelp_apply": APPLY_TITLE, "human_handoff": HUMAN_TITLE}
    offers = await offers_for(client, tracker.sender_id, titles)
    dispatcher.utter_message(text=pick(PLACE_NOTED, lang).format(place=place.describe()),
                             buttons=[{"title": pick(titles[i], lang), "payload": f"/{i}"} for i in offers])
    return place_slots(place)


def bydel_answer(tracker: Tracker) -> Place:
    """A bydel alone ("hillevåg") after the acute answer asked for it: the bydel of the kommune the slot holds."""
    kommune = known(tracker.get_slot("kommune"))
    if not kommune or known(tracker.get_slot("bydel")) or not needs_bydel(Place(kommune=kommune)):
        return Place()
    place = parse_place(str((tracker.latest_message or {}).get("text") or ""))
    return place if place.bydel and place.kommune == kommune or place.postnummer else Place()


PLACE_NOTED = {
    "nb": "Takk, da har jeg notert {place}. Hva kan jeg hjelpe deg med?",
    "nn": "Takk, då har eg notert {place}. Kva kan eg hjelpe deg med?",
    "en": "Thank you, I have noted {place}. What can I help you with?",
}
APPLY_TITLE = {"nb": "Søke om sosialhjelp", "nn": "Søkje om sosialhjelp", "en": "Apply for financial assistance"}


async def _acute_kommune(dispatcher: CollectingDispatcher, tracker: Tracker, client: RouterClient,
                         place: Place) -> list[dict]:
    """In an acute situation: the place's NAV office (unless the person's address is protected), how to apply
    there, and the person offered again. A kommune NAV serves per bydel, named without its bydel: the bydel is asked
    for (probe 117: "stavanger" got "Kontoret ditt er mest sannsynlig Nav kontaktsenter Rogaland", and "æ bor på
    heimdal i trondheim" Nav kontaktsenter Trøndelag); a kontaktsenter is never named as the bruker's office."""
    from actions.office_lookup import TEXTS, find_office, format_office, is_local_office

    lang = language(tracker)
    kommune = str(place.kommune)
    said = []
    if await client.local_office(tracker.sender_id) is not False:
        if needs_bydel(place):
            said.append(pick(TEXTS["bydel_needed"], lang).format(kommune=kommune))
        else:
            enhet = await find_office(client, place)
            if enhet and is_local_office(enhet):
                said.append(f"{format_office(enhet, lang)} {pick(ASK_FOR_NODHJELP, lang)}")
    cap = await capability_of(client, kommune)
    may = await client.may_apply_digitally(tracker.sender_id)
    if cap is not None and may is not False:
        said.append(capability_advice(cap, lang))
    said.append(pick(OFFER, lang))
    buttons = [{"title": pick(BUTTONS["yes"], lang), "payload": "/human_handoff"},
               {"title": pick(BUTTONS["no"], lang), "payload": "/deny"}]
    dispatcher.utter_message(text="\n\n".join(said), buttons=buttons)
    return place_slots(replace(place, kommune=cap.navn if cap and cap.navn else kommune))


ASK_FOR_NODHJELP = {
    "nb": "Ring kontoret eller gå dit og si at du trenger nødhjelp i dag.",
    "nn": "Ring kontoret eller gå dit og sei at du treng naudhjelp i dag.",
    "en": "Call the office or go there and say that you need emergency help today.",
}
