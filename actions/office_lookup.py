"""Office contact: understand the person's place, ask the router which NAV office serves it, show its contact data.

The router owns the routing rules and office register (GET /api/routing/resolve, GET /api/enheter/{nr});
this module only formats what it returns and degrades to phone/nav.no when it cannot answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import UNKNOWN_PLACE, known, language, pick, slot_before
from actions.guide_pause import GUIDE, guide_interrupted_by, resume_guide
from actions.places import (
    Place,
    canonical_kommune,
    kommune_for_bydel,
    kommune_for_postnummer,
    needs_bydel,
    office_named,
    parse_place,
    place_in_message,
    postnummer_place,
    postnummer_said,
)
from actions.router_client import RouterClient
from router.domain.contact import NAV_PHONE

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = {
    "nb": ("man", "tir", "ons", "tor", "fre", "lør", "søn"),
    "nn": ("mån", "tys", "ons", "tor", "fre", "lau", "sun"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
TEXTS = {
    "office": {"nb": "Kontoret ditt er {navn}.", "nn": "Kontoret ditt er {navn}.", "en": "Your office is {navn}."},
    # An office the bruker asked about by its place ("nav-kontoret i Bodø"): not said to be hers, for she may not
    # live there. ("kontoret": "NAV-kontoret" beside the office's own name "Nav Bodø" read as two spellings.)
    "office_named": {"nb": "Kontoret der er {navn}.", "nn": "Kontoret der er {navn}.",
                     "en": "The office there is {navn}."},
    "office_likely": {
        "nb": "Kontoret ditt er mest sannsynlig {navn}, men det er ikke sikkert: sjekk det på nav.no/kontor eller "
        "ring NAV på {phone} ({phone_hours}).",
        "nn": "Kontoret ditt er truleg {navn}, men det er ikkje sikkert: sjekk det på nav.no/kontor eller ring NAV "
        "på {phone} ({phone_hours}).",
        "en": "Your office is most likely {navn}, but this is not certain: check at nav.no/kontor or call NAV on "
        "+47 {phone} ({phone_hours}).",
    },
    "address": {"nb": "Adresse: {v}.", "nn": "Adresse: {v}.", "en": "Address: {v}."},
    "post_address": {
        "nb": "Postadresse: {v} (dette er ikke besøksadressen; den finner du på nav.no/kontor).",
        "nn": "Postadresse: {v} (dette er ikkje besøksadressa; ho finn du på nav.no/kontor).",
        "en": "Postal address: {v} (not the visiting address; see nav.no/kontor for that).",
    },
    "phone": {"nb": "Telefon: {v}.", "nn": "Telefon: {v}.", "en": "Phone: {v}."},
    "hours": {"nb": "Åpningstider: {v}.", "nn": "Opningstider: {v}.", "en": "Opening hours: {v}."},
    # The office register has no opening hours (reference/README.md): the enhet's are a stated default
    # (aapningstider_is_default), NAV's phone hours, and were said as the office's own ("Åpningstider: man–fre
    # 09:00-15:00" for Nav Engerdal).
    "hours_unknown": {
        "nb": "Åpningstidene til kontoret har jeg ikke her: se nav.no/kontor.",
        "nn": "Opningstidene til kontoret har eg ikkje her: sjå nav.no/kontor.",
        "en": "I do not have the office's opening hours here: see nav.no/kontor.",
    },
    # After the post address, which already pointed to nav.no/kontor for the visiting address.
    "hours_unknown_also": {
        "nb": "Åpningstidene har jeg heller ikke her; de står også på nav.no/kontor.",
        "nn": "Opningstidene har eg heller ikkje her; dei står også på nav.no/kontor.",
        "en": "I do not have its opening hours here either; they are also at nav.no/kontor.",
    },
    "closed": {"nb": "stengt", "nn": "stengt", "en": "closed"},
    "next": {
        "nb": "Du kan også ringe NAV på {phone} ({phone_hours}), eller be om å chatte med en veileder her.",
        "nn": "Du kan også ringje NAV på {phone} ({phone_hours}), eller be om å chatte med ein rettleiar "
        "her.",
        "en": "You can also call NAV on +47 {phone} ({phone_hours}), or ask to chat with an adviser here.",
    },
    # After office_likely, which already gave NAV's phone with its hours.
    "next_no_phone": {
        "nb": "Du kan også be om å chatte med en veileder her.",
        "nn": "Du kan også be om å chatte med ein rettleiar her.",
        "en": "You can also ask to chat with an adviser here.",
    },
    "not_found": {
        "nb": "Jeg fant ikke kontoret ditt akkurat nå. Du finner NAV-kontoret ditt på nav.no/kontor, eller du kan "
        "ringe NAV på {phone} ({phone_hours}), så får du hjelp.",
        "nn": "Eg fann ikkje kontoret ditt akkurat no. Du finn NAV-kontoret ditt på nav.no/kontor, eller du kan "
        "ringje NAV på {phone} ({phone_hours}), så får du hjelp.",
        "en": "I could not find your office right now. You can find your NAV office at nav.no/kontor, or call NAV "
        "on +47 {phone} ({phone_hours}) for help.",
    },
    # Said for the kommuner served per bydel (Oslo, Bergen, Trondheim, Stavanger): not one office per bydel everywhere
    # (Bergen has 4 offices for its 8 bydeler), so only that the bydel decides.
    "bydel_needed": {
        "nb": "Hvilket NAV-kontor du hører til i {kommune}, avhenger av bydelen du bor i, så jeg trenger bydelen din "
        "eller postnummeret ditt.",
        "nn": "Kva NAV-kontor du høyrer til i {kommune}, kjem an på bydelen du bur i, så eg treng bydelen din eller "
        "postnummeret ditt.",
        "en": "Which NAV office you belong to in {kommune} depends on the city district (bydel) you live in, so I need "
        "your district or your postcode.",
    },
    # Logged in: NAV knows where the person lives from the folkeregister, so the bot does not ask. Said when the
    # router does not name the registered office (ways-to-nav registered_office): the chat goes to it all the same.
    "registered": {
        "nb": "Du er logget inn, så jeg trenger ikke spørre hvor du bor: NAV-kontoret ditt er kontoret for adressen "
        "din i folkeregisteret, og ber du om en veileder her, kommer du dit. Adresse og åpningstider finner du på "
        "nav.no/kontor.",
        "nn": "Du er logga inn, så eg treng ikkje spørje kvar du bur: NAV-kontoret ditt er kontoret for adressa di i "
        "folkeregisteret, og ber du om ein rettleiar her, kjem du dit. Adresse og opningstider finn du på "
        "nav.no/kontor.",
        "en": "You are logged in, so I do not need to ask where you live: your NAV office is the office for your "
        "address in the population register, and if you ask for an adviser here, you will reach it. Its address and "
        "opening hours are at nav.no/kontor.",
    },
    # Logged in and living abroad by the folkeregister (ways-to-nav registered_abroad): no local office to name.
    "registered_abroad": {
        "nb": "Ifølge folkeregisteret bor du i utlandet, så du hører ikke til et lokalt NAV-kontor i Norge. Du kan "
        "ringe NAV på +47 {phone} ({phone_hours}), norsk tid, eller be om en veileder her i chatten.",
        "nn": "Ifølgje folkeregisteret bur du i utlandet, så du høyrer ikkje til eit lokalt NAV-kontor i Noreg. Du "
        "kan ringje NAV på +47 {phone} ({phone_hours}), norsk tid, eller be om ein rettleiar her i chatten.",
        "en": "According to the Norwegian population register you live abroad, so you do not belong to a local NAV "
        "office in Norway. You can call NAV on +47 {phone} ({phone_hours}), Norwegian time, or ask for an adviser "
        "here in the chat.",
    },
    "place_not_recognised": {
        "nb": "Jeg kjente ikke igjen et sted i det du skrev.",
        "nn": "Eg kjende ikkje att ein stad i det du skreiv.",
        "en": "I did not recognise a place in what you wrote.",
    },
}


def format_hours(hours: Mapping[str, str | None] | None, lang: str) -> str | None:
    """{"mon": "09:00-15:00", ...} -> "man–fre 09:00-15:00", listing days separately when they differ."""
    if not hours:
        return None
    names = DAY_NAMES.get(lang, DAY_NAMES["nb"])
    groups: list[tuple[int, int, str | None]] = []
    for i, day in enumerate(DAYS):
        value = hours.get(day)
        if groups and groups[-1][2] == value and groups[-1][1] == i - 1:
            groups[-1] = (groups[-1][0], i, value)
        else:
            groups.append((i, i, value))
    parts = []
    for start, end, value in groups:
        if value is None and start >= 5:
            continue  # weekends closed: not worth saying
        label = names[start] if start == end else f"{names[start]}–{names[end]}"
        parts.append(f"{label} {value or pick(TEXTS['closed'], lang)}")
    return ", ".join(parts) or None


LOW_TRUST = ("lav", "ingen")


def is_post_address(enhet: Mapping[str, Any]) -> bool:
    """A post box or an address the source calls a postadresse is not where to go."""
    address = str(enhet.get("adresse") or "")
    source = str(enhet.get("adresse_kilde") or "")
    return address.lower().startswith(("postboks", "pb ", "pb.")) or "postadresse" in source.lower()


def format_office(enhet: Mapping[str, Any], lang: str, *, own: bool = True) -> str:
    """The office's name (said as "most likely" when the mapping's trust is low), address, phone and hours.
    ``own``: the bruker's own office (where she lives, or the folkeregister's); False for an office she asked about
    by a place ("nav-kontoret i Bodø"), which is not called hers."""
    key = "office_likely" if str(enhet.get("tillit") or "").lower() in LOW_TRUST else "office" if own else \
        "office_named"
    lines = [pick(TEXTS[key], lang).format(navn=enhet.get("navn") or enhet.get("enhetsnummer"))]
    phone_said = key == "office_likely"  # that text gives NAV's phone with its hours
    post_address = bool(enhet.get("adresse")) and is_post_address(enhet)
    if enhet.get("adresse"):
        key = "post_address" if post_address else "address"
        lines.append(pick(TEXTS[key], lang).format(v=enhet["adresse"]))
    if enhet.get("telefon") and not is_navs_phone(str(enhet["telefon"])):
        lines.append(pick(TEXTS["phone"], lang).format(v=enhet["telefon"]))
    if enhet.get("aapningstider_is_default"):
        lines.append(pick(TEXTS["hours_unknown_also" if post_address else "hours_unknown"], lang))
    else:
        hours = format_hours(enhet.get("aapningstider"), lang)
        if hours:
            lines.append(pick(TEXTS["hours"], lang).format(v=hours))
    # NAV's phone once, with its hours: an office whose number is NAV's own (Ola's NAV Grünerløkka) gave "Telefon:
    # 55 55 33 33." and then "Du kan også ringe NAV på 55 55 33 33".
    lines.append(pick(TEXTS["next_no_phone" if phone_said else "next"], lang))
    return " ".join(lines)


def is_local_office(enhet: Mapping[str, Any]) -> bool:
    """Whether the router's enhet is a local NAV office, not a kontaktsenter it falls back to (only a local office is
    called the bruker's office)."""
    return str(enhet.get("type") or "LOKAL").upper() == "LOKAL"


def is_navs_phone(telefon: str) -> bool:
    """Whether an office's phone is NAV's general number (with or without +47 and spaces)."""
    digits = "".join(c for c in telefon if c.isdigit())
    own = "".join(c for c in NAV_PHONE if c.isdigit())
    return digits in (own, "47" + own, "0047" + own)


def place_from_slots(kommune: str | None, bydel: str | None, postnummer: str | None) -> Place:
    """Combine the place slots (any of them may be missing) into one Place, filling the kommune if we can."""
    kommune, bydel, postnummer = known(kommune), known(bydel), known(postnummer)
    if not kommune and bydel:
        kommune = kommune_for_bydel(bydel)
    if not kommune and postnummer:
        hit = kommune_for_postnummer(postnummer)
        kommune = hit[1] if hit else None
    return Place(kommune=kommune, bydel=bydel, postnummer=postnummer)


PLACE_SLOTS = ("kommune", "bydel", "postnummer")


def place_from_tracker(tracker: Tracker) -> Place:
    """The place the slots hold. Set from two messages they may disagree ("jeg bor i fyllingsdalen", later "jeg bor
    i lillehammer": bydel Fyllingsdalen beside kommune Lillehammer, and the router found no office): the one set
    last wins."""
    kommune, bydel, postnummer = (known(tracker.get_slot(name)) for name in PLACE_SLOTS)
    if not kommune:
        return place_from_slots(kommune, bydel, postnummer)
    official = (canonical_kommune(kommune) or ("", kommune))[1]
    last = {event.get("name"): i for i, event in enumerate(tracker.events)
            if event.get("event") == "slot" and event.get("name") in PLACE_SLOTS and event.get("value")}

    def kommune_is_newer(other: str) -> bool:
        return last.get("kommune", -1) > last.get(other, -1)

    if bydel and kommune_for_bydel(bydel) not in (None, official):
        bydel, kommune = (None, kommune) if kommune_is_newer("bydel") else (bydel, None)
    of_postnummer = kommune_for_postnummer(postnummer) if postnummer else None
    if kommune and of_postnummer and of_postnummer[1] != official:
        postnummer, kommune = (None, kommune) if kommune_is_newer("postnummer") else (postnummer, None)
    return place_from_slots(kommune, bydel, postnummer)


def place_said_earlier(tracker: Tracker, *, within: int = 20) -> Place:
    """The place the bruker last said they live in, in their last ``within`` messages ("Jeg bor i Lillehammer.",
    whatever the bot made of it): probe 117's "hvor er nav kontoret mitt" after it got "Jeg fant ikke kontoret ditt".
    """
    said = [str(e.get("text") or "") for e in tracker.events if e.get("event") == "user"][-within:]
    for text in reversed(said):
        place = place_in_message(text)
        if place.found:
            return place
    return Place()


async def find_office(client: RouterClient, place: Place, tema: str = "KOM") -> dict[str, Any] | None:
    """The best enhet for a place via the router, with its contact data; None if the router cannot tell."""
    if not place.found:
        return None
    ranked = await client.resolve(kommune=place.kommune, bydel=place.bydel, postnummer=place.postnummer, tema=tema)
    if not ranked:
        return None
    best = ranked[0]
    enhet = await client.get_enhet(str(best.get("enhetsnummer", "")))
    if not enhet:
        return best
    return {**enhet, "tillit": best.get("tillit"), "fallback": best.get("fallback")}


class ValidateOfficeForm(FormValidationAction):
    """office_form asks for the kommune only when no kommune, bydel or postnummer is known yet, and never a person
    with strengt fortrolig adresse (kode 6), who has no local office (action_office_lookup says how NAV helps)."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "validate_office_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        if tracker.get_slot("requested_slot") == "kommune" and await self.client_factory().logged_in(tracker.sender_id):
            # The place question was pending when the person logged in: it is no longer asked. The place slot set as
            # it was, so that Rasa takes the form as answered (it rejected every message that named no place, and the
            # question came again after each of them) and the office is looked up (action_office_lookup).
            return [SlotSet("kommune", tracker.get_slot("kommune")), SlotSet("requested_slot", None)]
        return await super().run(dispatcher, tracker, domain)

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        # kommune stays required (and so validated: "5003" typed as the answer becomes Bergen); a known bydel or
        # postnummer fills it in extract_kommune, so the question is not asked then.
        unknown = not any(known(tracker.get_slot(name)) for name in PLACE_SLOTS) \
            and not place_said_earlier(tracker).found
        client = self.client_factory()
        if unknown and await client.local_office(tracker.sender_id) is False:
            return []  # a probe's kode 6 person was asked "Hvilken kommune bor du i?" for an office he has not got
        if await client.logged_in(tracker.sender_id):
            # Logged in, the folkeregister says where the person lives (the router routes by it): "Hvilken kommune
            # bor du i?" was asked again after every answer, even after the login.
            return []
        if office_in_question(tracker):
            return []  # "åpningstidene til nav bergen sentrum": that office is answered, no place asked
        return domain_slots

    async def extract_kommune(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> dict[str, Any]:
        # Only the kommune: rasa-sdk drops an extracted slot the form does not ask for (bydel, postnummer) after
        # validating the kommune, so validate_kommune sets them, from the whole message.
        found = new_postnummer_place(tracker) or extract_kommune_from_place_slots(tracker) \
            or place_said_before_the_form(tracker)
        return {"kommune": found["kommune"]} if found.get("kommune") else {}

    def validate_kommune(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> dict[str, Any]:
        # Inside a form no entity fills bydel or postnummer (bot/office.yml): the whole answer gives them ("jeg bor
        # i Årstad i Bergen", "5003"), where the kommune slot holds only the kommune named.
        message = str((tracker.latest_message or {}).get("text") or "")
        return validate_place_answer(message if parse_place(message).found else value, tracker)


def new_postnummer_place(tracker: Tracker) -> dict[str, Any]:
    """A postnummer in the office question itself ("hvor er nav for 7030?") wins over a kommune learned earlier."""
    postnummer = next(tracker.get_latest_entity_values("postnummer"), None)
    place = postnummer_place(str(postnummer)) if postnummer else None
    if place is None or (place.kommune == tracker.get_slot("kommune") and place.bydel == tracker.get_slot("bydel")):
        return {}
    return {"kommune": place.kommune, "bydel": place.bydel, "postnummer": place.postnummer}


def extract_kommune_from_place_slots(tracker: Tracker) -> dict[str, Any]:
    """No kommune yet: a known postnummer or bydel (from the answer, the page or earlier) tells it."""
    if tracker.get_slot("kommune"):
        return {}
    place = place_from_slots(None, tracker.get_slot("bydel"), tracker.get_slot("postnummer"))
    return {"kommune": place.kommune} if place.kommune else {}


def place_said_before_the_form(tracker: Tracker) -> dict[str, Any]:
    """No place slot, and the form not yet asking: a place the bruker said earlier in the chat. Its bydel rides in the
    kommune's text ("Fyllingsdalen, Bergen"), which validate_place_answer reads whole (an extracted bydel slot would
    be dropped)."""
    if tracker.get_slot("requested_slot") or any(known(tracker.get_slot(name)) for name in PLACE_SLOTS):
        return {}
    place = place_said_earlier(tracker)
    return {"kommune": place.postnummer or place.describe()} if place.found else {}


def validate_place_answer(value: Any, tracker: Tracker) -> dict[str, Any]:
    """Understand a place answer; unknown places become "ukjent" so the question is never asked twice."""
    place = parse_place(str(value or ""))
    if not place.found:
        entity_bydel = next(tracker.get_latest_entity_values("bydel"), None)
        if entity_bydel:
            return {"kommune": kommune_for_bydel(entity_bydel) or UNKNOWN_PLACE, "bydel": entity_bydel}
        return {"kommune": UNKNOWN_PLACE}
    slots: dict[str, Any] = {"kommune": place.kommune}
    if place.bydel:
        slots["bydel"] = place.bydel
    if place.postnummer:
        slots["postnummer"] = place.postnummer
    return slots


# With strengt fortrolig adresse (kode 6) the person is served by one office, a unit of its own (DESIGN.md: NAV
# Vikafossen), never a local office; NAV's phone is the safe way to it. The unit is not named and its address never
# given. ("…på telefon 55 55 33 33, ikke på et lokalt NAV-kontor" read as if the person had no office at all.)
PROTECTED_OFFICE = {
    "nb": "Fordi adressen din er strengt fortrolig, hører du ikke til et lokalt NAV-kontor: du får hjelp av en egen "
    "enhet i NAV for personer med strengt fortrolig adresse. Den trygge veien dit er å ringe NAV på {phone} "
    "({phone_hours}). Du kan også be om en veileder her i chatten.",
    "nn": "Fordi adressa di er strengt fortruleg, høyrer du ikkje til eit lokalt NAV-kontor: du får hjelp av ei eiga "
    "eining i NAV for personar med strengt fortruleg adresse. Den trygge vegen dit er å ringje NAV på {phone} "
    "({phone_hours}). Du kan også be om ein rettleiar her i chatten.",
    "en": "Because your address is strictly confidential, you do not belong to a local NAV office: a special unit "
    "in NAV for people with a strictly confidential address helps you. The safe way to reach it is to call NAV on "
    "+47 {phone} ({phone_hours}). You can also ask for an adviser here in the chat.",
}


class ActionOfficeLookup(Action):
    """Names the person's NAV office with address, phone and opening hours (from the router)."""

    client_factory: Callable[[], RouterClient] = RouterClient

    def name(self) -> str:
        return "action_office_lookup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        lang = language(tracker)
        events = await self._answer(dispatcher, tracker, lang)
        if any(e.get("event") == "active_loop" for e in events) or (tracker.active_loop or {}).get("name") == GUIDE:
            return events  # still asking for the place, or the guide still runs (its rule asks its question again)
        asked = guide_interrupted_by(tracker.events, "office_contact")
        if asked is None:
            return events
        # The office question came in the middle of the guide, and its own form asked for the place: the office is
        # named, and the guide goes on. A place answer that named no place leaves the guide's place as it was.
        kept = {} if known(tracker.get_slot("kommune")) else {
            name: slot_before(list(tracker.events), asked, name) for name in ("kommune", "bydel", "postnummer")}
        return events + resume_guide(dispatcher, lang, kept)

    async def _answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str) -> list[dict]:
        client = self.client_factory()
        if await client.local_office(tracker.sender_id) is False:
            # Strengt fortrolig adresse: one office serves the person, by phone; a local office is never named.
            dispatcher.utter_message(text=pick(PROTECTED_OFFICE, lang))
            return []
        office = office_in_question(tracker)
        enhet = await client.get_enhet(office) if office else None
        if enhet:
            # An office asked about by its name (probe 117: "ka e åpningstidene te nav bergen sentrum" got "I need
            # your bydel" and "Which kommune do you live in?"): that office, hers only if she says so.
            text = str((tracker.latest_message or {}).get("text") or "")
            own = bool(LIVES_THERE.search(text)) and not for_someone_else(tracker)
            dispatcher.utter_message(text=format_office(enhet, lang, own=own))
            return []
        asked_about = place_asked_in_the_guide(tracker)
        if asked_about is None and named_place(tracker) is None and await client.logged_in(tracker.sender_id):
            # "hvor er NAV-kontoret mitt?" logged in: the office of the folkeregister, never a question of the place
            registered = await client.registered_office(tracker.sender_id)
            enhet = await client.get_enhet(registered) if registered else None
            if enhet:
                dispatcher.utter_message(text=format_office(enhet, lang))
            elif await client.registered_abroad(tracker.sender_id):
                dispatcher.utter_message(text=pick(TEXTS["registered_abroad"], lang))
            else:
                dispatcher.utter_message(text=pick(TEXTS["registered"], lang))
            return []
        place = asked_about or place_from_tracker(tracker)
        if not place.found and not _asked_twice(tracker):
            place = place_said_earlier(tracker)
        if not place.found:
            if _asked_twice(tracker):
                dispatcher.utter_message(text=pick(TEXTS["not_found"], lang))
                return []
            # Asked once more by the form itself, open again, so the answer is read as the place and looked up (a
            # question outside the form left "Voss" to whatever the bot guessed next).
            dispatcher.utter_message(text=pick(TEXTS["place_not_recognised"], lang))
            return [SlotSet("kommune", None), ActiveLoop("office_form"), SlotSet("requested_slot", "kommune")]
        if needs_bydel(place) and not _asked_twice(tracker):
            # "Oslo" alone names the regional kontaktsenter, not the person's NAV-kontor: ask for the bydel, with
            # the question open so the answer ("Frogner", "0557") is read as the place.
            dispatcher.utter_message(text=pick(TEXTS["bydel_needed"], lang).format(kommune=place.kommune))
            return [SlotSet("kommune", None), ActiveLoop("office_form"), SlotSet("requested_slot", "kommune")]
        enhet = await find_office(client, place)
        own = not asks_about_a_place(tracker) and not for_someone_else(tracker)
        text = format_office(enhet, lang, own=own) if enhet else pick(TEXTS["not_found"], lang)
        said = postnummer_said_back(place, lang)
        dispatcher.utter_message(text=f"{said} {text}" if said else text)
        return []


class ActionAskOfficeFormKommune(Action):
    """The office form's place question (bot/office.yml utter_ask_office_form_kommune), not said right after the
    office lookup asked for the bydel in the same turn: "hvor er nav-kontoret i stavanger" got "… jeg trenger
    bydelen din" and then "Hvilken kommune bor du i?" though the kommune was named (probe 117). Rasa uses it for the
    form's question once bot/office.yml lists it among its actions."""

    def name(self) -> str:
        return "action_ask_office_form_kommune"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        if not bydel_asked_this_turn(tracker):
            dispatcher.utter_message(response="utter_ask_office_form_kommune")
        return []


def bydel_asked_this_turn(tracker: Tracker) -> bool:
    """Whether the bot asked for the bydel (TEXTS["bydel_needed"]) since the bruker's latest message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and asks_for_the_bydel(str(event.get("text") or "")):
            return True
    return False


def asks_for_the_bydel(text: str) -> bool:
    """Whether a bot text asks for the bydel (TEXTS["bydel_needed"], in any language)."""
    return text.startswith(tuple(said.split("{kommune}")[0] for said in TEXTS["bydel_needed"].values()))


def office_in_question(tracker: Tracker) -> str | None:
    """The enhetsnummer of a local office the office question names ("åpningstidene til Nav Bergen sentrum")."""
    latest = tracker.latest_message or {}
    if (latest.get("intent") or {}).get("name") != "office_contact":
        return None
    return office_named(str(latest.get("text") or ""))


def place_asked_in_the_guide(tracker: Tracker) -> Place | None:
    """The place an office question names while the Digisos guide runs ("hvor er NAV-kontoret i Sandnes?"): the
    answer is about that office, and the guide's own place stays (bot/office.yml maps no place entity there)."""
    if (tracker.active_loop or {}).get("name") != "digisos_form":
        return None
    named = {e.get("entity"): e.get("value") for e in (tracker.latest_message or {}).get("entities") or []}
    place = place_from_slots(named.get("kommune"), named.get("bydel"), named.get("postnummer"))
    return place if place.found else None


def named_place(tracker: Tracker) -> Place | None:
    """A place named in the office question itself ("hvor er NAV-kontoret i Sandnes?"): that office is asked about,
    logged in or not."""
    named = {e.get("entity"): e.get("value") for e in (tracker.latest_message or {}).get("entities") or []}
    if (tracker.latest_message or {}).get("intent", {}).get("name") != "office_contact":
        return None
    place = place_from_slots(named.get("kommune"), named.get("bydel"), named.get("postnummer"))
    return place if place.found else None


# Words by which the bruker says the place is where she lives or the office is hers ("jeg bor i Bodø", "kontoret
# mitt"): then it is her office.
LIVES_THERE = re.compile(r"\b(bor|bur|budd|flytta|flyttet|live|lives|living|moved|mitt|mi|min|my)\b", re.I)


def asks_about_a_place(tracker: Tracker) -> bool:
    """Whether the office question names a place without saying the bruker lives there ("kva er opningstidene til
    nav-kontoret i Bodø?"): that office is answered about, not called hers ("Kontoret ditt er Nav Bodø" assumed
    where she lives)."""
    if place_asked_in_the_guide(tracker) is None and named_place(tracker) is None:
        return False
    return not LIVES_THERE.search(str((tracker.latest_message or {}).get("text") or ""))


# Someone else said to live there ("hun bor i moss", "mamma bur i Voss", "my mother lives in Bergen"): a pronoun or a
# family word before the verb, not "jeg"/"vi".
SOMEONE_ELSE_LIVES = re.compile(
    r"\b(hun|han|ho|hen|de|dei|she|he|they|mor|moren|mora|mamma|far|faren|pappa|bror|broren|bror\w* min|søster\w*|"
    r"sønn\w*|datter\w*|dotter\w*|dattera|kona|mannen|samboer\w*|sambuar\w*|kjæreste\w*|venn\w*|kompis\w*|"
    r"bestemor|bestefar|besteforeldre\w*|foreldre\w*|foreldra|onkel\w*|tante\w*|mother|mum|mom|father|dad|brother|"
    r"sister|son|daughter|wife|husband|partner|friend|parents)\b(\s+(min|mi|mitt|mine|my))?\s+"
    r"(bor|bur|budde|lives|live|is living|are living)\b", re.I)
# The messages since which someone else's errand counts (the on_behalf answer offers [Finn NAV-kontoret]).
ON_BEHALF_WITHIN = 3


def for_someone_else(tracker: Tracker) -> bool:
    """Whether the place is someone else's: the message says another person lives there, or the bruker said she
    writes for someone else a few messages ago (on_behalf). Her office is then not called the bruker's ("Kontoret
    ditt er Nav Moss" to "hun bor i moss")."""
    if SOMEONE_ELSE_LIVES.search(str((tracker.latest_message or {}).get("text") or "")):
        return True
    users = [e for e in tracker.events if e.get("event") == "user"][-ON_BEHALF_WITHIN:]
    return any(((e.get("parse_data") or {}).get("intent") or {}).get("name") == "on_behalf" for e in users)


def _asked_twice(tracker: Tracker) -> bool:
    """Whether the office question has been opened twice since the bruker asked for their office (the rule's
    opening and one more): a place still unknown then gets the way to find the office without the bot."""
    opened = 0
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == "office_form":
            opened += 1
        elif event.get("event") == "user" and \
                ((event.get("parse_data") or {}).get("intent") or {}).get("name") == "office_contact":
            break
    return opened >= 2


def postnummer_said_back(place: Place, lang: str) -> str | None:
    """"Postnummer 5003 er Bergen, bydel Bergenhus." before the office, when the place came from a postnummer, so
    a wrong number shows at once."""
    hit = postnummer_place(place.postnummer)
    return postnummer_said(hit, lang) if hit and hit.kommune == place.kommune else None
