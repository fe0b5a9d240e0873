"""The application's own steps around the guide's questions (pure functions and nb/nn/en texts).

- Where to apply (`apply_offer`): after the general answer (bot/digisos.yml utter_sosialhjelp_apply: digital where
  the kommune takes it, paper and the office always), the kommune's own Digisos capability when it is known.
- The place: a typed postnummer is confirmed back with its place (`place_to_confirm`; the words are
  actions/places.py's `postnummer_confirmation`).
- Personopplysninger, oppsummering (`oppsummering`) and send (`SEND_AND_AFTER`), as in the real application.
- The short form ("kort søknad") some kommuner offer to recent recipients (`recent_recipient`, `KORT_SOKNAD`),
  never promised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from actions.common import known, pick
from actions.digisos import SLOT_PREFIX, formue_parts, readable, readable_with_amount
from actions.places import Place, PostnummerPlace, postnummer_place

# --- where to apply -----------------------------------------------------------------------------------------------

APPLY = {
    "offer": {
        "nb": "Jeg kan hjelpe deg å forberede søknaden: jeg stiller noen korte spørsmål i samme rekkefølge som i "
        "søknaden, og du får en personlig liste over vedleggene du trenger. Vil du det?",
        "nn": "Eg kan hjelpe deg å førebu søknaden: eg stiller nokre korte spørsmål i same rekkjefølgje som i "
        "søknaden, og du får ei personleg liste over vedlegga du treng. Vil du det?",
        "en": "I can help you prepare the application: I ask a few short questions in the same order as the "
        "application, and you get a personal list of the documents you need. Would you like that?",
    },
    "offer_check": {
        "nb": "Jeg kan hjelpe deg å forberede søknaden: jeg spør først hvilken kommune du bor i og sjekker hva den "
        "tilbyr, så stiller jeg noen korte spørsmål i samme rekkefølge som i søknaden, og du får en personlig liste "
        "over vedleggene du trenger. Vil du det?",
        "nn": "Eg kan hjelpe deg å førebu søknaden: eg spør først kva kommune du bur i og sjekkar kva han tilbyr, så "
        "stiller eg nokre korte spørsmål i same rekkjefølgje som i søknaden, og du får ei personleg liste over "
        "vedlegga du treng. Vil du det?",
        "en": "I can help you prepare the application: first I ask which municipality you live in and check what it "
        "offers, then a few short questions in the same order as the application, and you get a personal list of "
        "the documents you need. Would you like that?",
    },
}
APPLY_BUTTONS = {
    "yes": {"nb": "Ja, hjelp meg", "nn": "Ja, hjelp meg", "en": "Yes, help me"},
    "no": {"nb": "Nei takk", "nn": "Nei takk", "en": "No thanks"},
}


def apply_offer(kommune: str | None, lang: str) -> str:
    """The offer to prepare the application; without a kommune, that the guide asks for it and checks it first.
    (The general answer is utter_sosialhjelp_apply, said before it by action_sosialhjelp_apply; the kommune's own
    capability is actions/digisos.py capability_advice.)"""
    return pick(APPLY["offer" if kommune else "offer_check"], lang)


# --- the short form for recent recipients ---------------------------------------------------------------------------

_AID = r"(økonomisk\s+)?(sosialhjelp\w*|sosialst(ø|o)nad\w*|sossen|social assistance|financial assistance)"
RECEIVING_NOW = re.compile(r"\b(får|mottar|går på|er på|lever på|get|am getting|i'?m getting|receive|am on|i'?m on)\s+"
                           + _AID)
RECEIVED = re.compile(r"\b(fikk|fått|fekk|fenge|mottok|mottatt|motteke|hatt|hadde|got|received|had)\b(?P<gap>.{0,25}?)"
                      + _AID)
RECENTLY = re.compile(
    r"\b(nylig|nyleg|nettopp|forrige|førre|sist|siste|denne|nå|no|fortsatt|framleis|recently|still|last (month|week|"
    r"few months)|this (month|year)|ago|siden|sidan|(i|in) (januar|februar|mars|april|mai|juni|juli|august|"
    r"september|oktober|november|desember|january|february|march|may|june|july|october|december|høst|haust|vår|"
    r"sommer|sommar|vinter))\b")
NEGATION = re.compile(r"\b(ikke|ikkje|aldri|avslag|avslått|avslege|not|never|rejected|refused|denied)\b")


def recent_recipient(text: str | None) -> bool:
    """Whether the bruker says they get, or recently got, økonomisk sosialhjelp ("fikk sosialhjelp forrige måned")."""
    t = " ".join((text or "").lower().split())
    if RECEIVING_NOW.search(t):
        return True
    m = RECEIVED.search(t)
    return bool(m and not NEGATION.search(m.group("gap")) and RECENTLY.search(t))


KORT_SOKNAD = {
    "nb": "Du nevnte at du har fått sosialhjelp nylig. Noen kommuner har en kortere søknad («kort søknad») for dem "
    "som har fått hjelp den siste tiden. Tilbyr kommunen din det, ser du det når du starter søknaden på "
    "nav.no/sosialhjelp; ellers fyller du ut den vanlige søknaden.",
    "nn": "Du nemnde at du har fått sosialhjelp nyleg. Nokre kommunar har ein kortare søknad («kort søknad») for dei "
    "som har fått hjelp den siste tida. Tilbyr kommunen din det, ser du det når du startar søknaden på "
    "nav.no/sosialhjelp; elles fyller du ut den vanlege søknaden.",
    "en": "You mentioned that you got financial assistance recently. Some municipalities have a shorter application "
    "(«kort søknad») for people who received help recently. If your municipality offers it, you will see it when "
    "you start the application at nav.no/sosialhjelp; otherwise you fill in the usual application.",
}

# --- the place ------------------------------------------------------------------------------------------------------

PLACE_BUTTONS = {
    "yes": {"nb": "Ja, det stemmer", "nn": "Ja, det stemmer", "en": "Yes, that's right"},
    "no": {"nb": "Nei", "nn": "Nei", "en": "No"},
}
PLACE_NOTED = {
    "nb": "Takk, da noterer jeg {kommune}.",
    "nn": "Takk, då noterer eg {kommune}.",
    "en": "Thank you, I have noted {kommune}.",
}
PLACE_AGAIN = {
    "nb": "Da retter vi det.",
    "nn": "Då rettar vi det.",
    "en": "Let's correct that.",
}


def place_to_confirm(slots: Mapping[str, Any]) -> PostnummerPlace | None:
    """The postnummer behind the kommune slot, while the bruker has not confirmed it; None when nothing to confirm
    (no postnummer, the kommune came from elsewhere, or already confirmed)."""
    if slots.get("digisos_sted_ok"):
        return None
    place = postnummer_place(known(slots.get("postnummer")))
    return place if place and place.kommune == known(slots.get("kommune")) else None


def moved_place(before: Mapping[str, Any], place: Place) -> dict[str, Any]:
    """The place slots (kommune, bydel, postnummer, digisos_sted_ok) that change when the bruker says they live at
    `place`; {} when it is what we had. Another kommune replaces the whole place; in the same kommune a new
    postnummer or bydel (an old postnummer of another bydel goes). A typed postnummer is confirmed with its place
    before the guide goes on (digisos_sted_ok asked), as at the kommune question."""
    if not place.kommune:
        return {}
    if place.kommune != known(before.get("kommune")):
        moved = {"kommune": place.kommune, "bydel": place.bydel, "postnummer": place.postnummer}
    elif place.postnummer and place.postnummer != before.get("postnummer"):
        moved = {"postnummer": place.postnummer, "bydel": place.bydel}
    elif place.bydel and place.bydel != before.get("bydel"):
        old = postnummer_place(known(before.get("postnummer")))
        moved = {"bydel": place.bydel, **({"postnummer": None} if old and old.bydel != place.bydel else {})}
    else:
        return {}
    if moved.get("postnummer"):
        moved["digisos_sted_ok"] = None
    elif "kommune" in moved:
        moved["digisos_sted_ok"] = "ja"  # a named kommune needs no confirmation
    return moved


YES_RE = re.compile(r"^(ja|jo|jepp|jada|ok|okei|stemmer|det stemmer|riktig|korrekt|rett|yes|yep|yeah|correct|right|"
                    r"that's right|thats right|sure)\b")
NO_RE = re.compile(r"^(nei|nope|no|feil|ikke riktig|stemmer ikke|stemmer ikkje|wrong|not right|noe er feil|"
                   r"noko er feil)\b")


def yes_or_no(text: str, intent: str | None) -> str | None:
    """"ja" / "nei" for an answer to the bot's own yes/no question, else None."""
    t = " ".join((text or "").lower().replace("!", " ").replace(".", " ").split())
    if intent == "affirm" or YES_RE.match(t):
        return "ja"
    if intent == "deny" or NO_RE.match(t):
        return "nei"
    return None


# --- utgifter og gjeld, in the words of the housing ------------------------------------------------------------------

# A tenant pays husleie (asked about before, as a behov); a homeowner pays boliglån and felleskostnader instead;
# the others are not asked about a housing cost they may not have.
UTGIFTER_QUESTION = {
    "leier": {
        "nb": "Utgifter og gjeld: hvilke faste utgifter har du ved siden av husleie? For eksempel strøm, lån eller "
        "gjeld, medisiner eller tannlege. Skriv «ingen» hvis du ikke har noen.",
        "nn": "Utgifter og gjeld: kva faste utgifter har du ved sida av husleige? Til dømes straum, lån eller gjeld, "
        "medisinar eller tannlege. Skriv «ingen» om du ikkje har nokon.",
        "en": "Expenses and debt: what regular expenses do you have besides rent? For example electricity, loans or "
        "debt, medicine or the dentist. Write «none» if you have none.",
    },
    "eier": {
        "nb": "Utgifter og gjeld: hvilke faste utgifter har du? Når du eier boligen, er det for eksempel boliglån "
        "(renter og avdrag), felleskostnader, kommunale avgifter og strøm, og ellers annen gjeld, medisiner eller "
        "tannlege. Skriv «ingen» hvis du ikke har noen.",
        "nn": "Utgifter og gjeld: kva faste utgifter har du? Når du eig bustaden, er det til dømes bustadlån (renter "
        "og avdrag), felleskostnader, kommunale avgifter og straum, og elles anna gjeld, medisinar eller tannlege. "
        "Skriv «ingen» om du ikkje har nokon.",
        "en": "Expenses and debt: what regular expenses do you have? As you own your home, for example your "
        "mortgage (interest and instalments), shared costs, municipal charges and electricity, and otherwise other "
        "debt, medicine or the dentist. Write «none» if you have none.",
    },
    "other": {
        "nb": "Utgifter og gjeld: hvilke faste utgifter har du? For eksempel strøm, lån eller gjeld, medisiner eller "
        "tannlege. Skriv «ingen» hvis du ikke har noen.",
        "nn": "Utgifter og gjeld: kva faste utgifter har du? Til dømes straum, lån eller gjeld, medisinar eller "
        "tannlege. Skriv «ingen» om du ikkje har nokon.",
        "en": "Expenses and debt: what regular expenses do you have? For example electricity, loans or debt, "
        "medicine or the dentist. Write «none» if you have none.",
    },
}


def utgifter_question(bosituasjon: str | None, lang: str) -> str:
    """The utgifter question for this bruker's bosituasjon (leier, eier, or anything else)."""
    return pick(UTGIFTER_QUESTION.get(bosituasjon or "", UTGIFTER_QUESTION["other"]), lang)


# --- personopplysninger, oppsummering, send ------------------------------------------------------------------------

PERSONOPPLYSNINGER = {
    "nb": "Nesten ferdig! Selve søknaden begynner med personopplysninger: når du logger inn på nav.no/sosialhjelp "
    "med ID-porten (BankID eller annen elektronisk ID), er navn, adresse, telefonnummer og kontonummer fylt ut fra "
    "registrene. Sjekk at de stemmer, og rett det som er feil der. Adressen din avgjør hvilket NAV-kontor som får "
    "søknaden. Fødselsnummer og kontonummer skal du aldri skrive her i chatten.",
    "nn": "Nesten ferdig! Sjølve søknaden byrjar med personopplysningar: når du loggar inn på nav.no/sosialhjelp "
    "med ID-porten (BankID eller anna elektronisk ID), er namn, adresse, telefonnummer og kontonummer fylte ut frå "
    "registera. Sjekk at dei stemmer, og rett det som er feil der. Adressa di avgjer kva NAV-kontor som får "
    "søknaden. Fødselsnummer og kontonummer skal du aldri skrive her i chatten.",
    "en": "Almost done! The application itself starts with personal details: when you log in at nav.no/sosialhjelp "
    "with ID-porten (BankID or another electronic ID), your name, address, phone number and account number are "
    "filled in from the registers. Check that they are right, and correct anything wrong there. Your address "
    "decides which NAV office gets the application. Never write your national ID number or account number here "
    "in the chat.",
}
OPPSUMMERING = {
    "head": {
        "nb": "Her er oppsummeringen av svarene dine, i samme rekkefølge som i søknaden:",
        "nn": "Her er oppsummeringa av svara dine, i same rekkjefølgje som i søknaden:",
        "en": "Here is the summary of your answers, in the same order as in the application:",
    },
    "ask": {
        "nb": "Stemmer dette? Trykk «Ja, det stemmer», eller skriv det som er feil (for eksempel «jeg er samboer» "
        "eller «2 barn»).",
        "nn": "Stemmer dette? Trykk «Ja, det stemmer», eller skriv det som er feil (til dømes «eg er sambuar» eller "
        "«2 born»).",
        "en": "Is this right? Press «Yes, that's right», or write what is wrong (for example «I live with my "
        "partner» or «2 children»).",
    },
    "again": {
        "nb": "Skriv det som skal rettes (for eksempel «jeg leier» eller «inntekt: dagpenger»), eller trykk «Ja, det "
        "stemmer» når alt er riktig.",
        "nn": "Skriv det som skal rettast (til dømes «eg leiger» eller «inntekt: dagpengar»), eller trykk «Ja, det "
        "stemmer» når alt er rett.",
        "en": "Write what should be corrected (for example «I rent» or «income: unemployment benefit»), or press "
        "«Yes, that's right» when everything is right.",
    },
    "nothing_found": {
        "nb": "Jeg fant ikke hva som skal rettes i det du skrev.",
        "nn": "Eg fann ikkje kva som skal rettast i det du skreiv.",
        "en": "I could not find what to correct in what you wrote.",
    },
    "updated": {
        "nb": "Slik ser oppsummeringen ut nå:",
        "nn": "Slik ser oppsummeringa ut no:",
        "en": "This is the summary now:",
    },
}
SECTIONS = {
    "personopplysninger": {"nb": "Personopplysninger", "nn": "Personopplysningar", "en": "Personal details"},
    "kommune": {"nb": "Kommune", "nn": "Kommune", "en": "Municipality"},
    "behov": {"nb": "Behov", "nn": "Behov", "en": "Need"},
    "arbeid": {"nb": "Arbeid og utdanning", "nn": "Arbeid og utdanning", "en": "Work and education"},
    "familie": {"nb": "Familiesituasjon", "nn": "Familiesituasjon", "en": "Family"},
    "bosituasjon": {"nb": "Bosituasjon", "nn": "Busituasjon", "en": "Housing"},
    "inntekt": {"nb": "Inntekt og formue", "nn": "Inntekt og formue", "en": "Income and assets"},
    "utgifter": {"nb": "Utgifter og gjeld", "nn": "Utgifter og gjeld", "en": "Expenses and debt"},
}
WORDS = {
    "from_registers": {"nb": "fylles ut fra registrene når du logger inn", "nn": "blir fylte ut frå registera når "
                       "du loggar inn", "en": "filled in from the registers when you log in"},
    "not_said": {"nb": "ikke oppgitt", "nn": "ikkje oppgitt", "en": "not given"},
    "postnummer": {"nb": "postnummer {pn}", "nn": "postnummer {pn}", "en": "postcode {pn}"},
    "bydel": {"nb": "bydel {bydel}", "nn": "bydel {bydel}", "en": "district {bydel}"},
    "children": {"nb": "{n} barn", "nn": "{n} born", "en": "{n} children"},
    "has_children": {"nb": "har barn", "nn": "har born", "en": "has children"},
    "no_children": {"nb": "ingen barn", "nn": "ingen born", "en": "no children"},
    "children_unknown": {"nb": "barn: vet ikke", "nn": "born: veit ikkje", "en": "children: don't know"},
    "income": {"nb": "inntekt: {v}", "nn": "inntekt: {v}", "en": "income: {v}"},
    "assets": {"nb": "formue: {v}", "nn": "formue: {v}", "en": "assets: {v}"},
    "things": {"nb": "eiendeler: {v}", "nn": "eigedelar: {v}", "en": "possessions: {v}"},
}


def _field(slots: Mapping[str, Any], field: str) -> str | None:
    value = slots.get(SLOT_PREFIX + field)
    return value if isinstance(value, str) and value else None


def _family(slots: Mapping[str, Any], lang: str) -> str | None:
    parts: list[str] = []
    sivilstatus, barn, antall = _field(slots, "sivilstatus"), _field(slots, "barn"), _field(slots, "antall_barn")
    if sivilstatus:
        parts.append(readable(sivilstatus, lang))
    if barn == "ja":
        parts.append(pick(WORDS["children"], lang).format(n=antall) if antall else pick(WORDS["has_children"], lang))
    elif barn == "nei":
        parts.append(pick(WORDS["no_children"], lang))
    elif barn:
        parts.append(pick(WORDS["children_unknown"], lang))
    barnehage = _field(slots, "barnehage")
    if barn != "nei" and barnehage and barnehage not in ("nei", "vet_ikke"):
        parts.append(readable(barnehage, lang))
    return ", ".join(parts) or None


def _income_and_assets(slots: Mapping[str, Any], lang: str) -> str | None:
    parts: list[str] = []
    inntekt, formue, belop = _field(slots, "inntekt"), _field(slots, "formue"), _field(slots, "formue_belop")
    if inntekt:
        parts.append(pick(WORDS["income"], lang).format(v=readable_with_amount(inntekt, _field(slots, "inntekt_belop"),
                                                                                lang)))
    if formue:
        money, things = formue_parts(formue, belop, lang)
        parts += [pick(WORDS[key], lang).format(v=part) for key, part in (("assets", money), ("things", things)) if part]
    return ", ".join(parts) or None


def _kommune(slots: Mapping[str, Any], lang: str) -> str | None:
    kommune = known(slots.get("kommune"))
    if not kommune:
        return None
    postnummer = known(slots.get("postnummer"))
    place = postnummer_place(postnummer)
    if place and place.kommune == kommune:
        return f"{kommune} ({pick(WORDS['postnummer'], lang).format(pn=postnummer)})"
    bydel = known(slots.get("bydel"))
    return f"{kommune}, {pick(WORDS['bydel'], lang).format(bydel=bydel)}" if bydel else kommune


def place_summary(slots: Mapping[str, Any], lang: str) -> str | None:
    """The oppsummering's place line without its bullet ("Kommune: Oslo, bydel Frogner"), for saying a correction."""
    place = _kommune(slots, lang)
    return f"{pick(SECTIONS['kommune'], lang)}: {place}" if place else None


def oppsummering(slots: Mapping[str, Any], lang: str) -> str:
    """The guide's answers as the application's summary page shows them, section by section, as bullet lines."""
    plain = {field: _field(slots, field) for field in ("behov", "arbeid", "bosituasjon", "utgifter")}
    rows = {
        "personopplysninger": pick(WORDS["from_registers"], lang),
        "kommune": _kommune(slots, lang),
        "behov": plain["behov"] and readable(plain["behov"], lang),
        "arbeid": plain["arbeid"] and readable(plain["arbeid"], lang),
        "familie": _family(slots, lang),
        "bosituasjon": plain["bosituasjon"] and readable(plain["bosituasjon"], lang),
        "inntekt": _income_and_assets(slots, lang),
        "utgifter": plain["utgifter"] and readable_with_amount(plain["utgifter"], _field(slots, "utgifter_belop"), lang),
    }
    return "\n".join(f"• {pick(SECTIONS[key], lang)}: {value or pick(WORDS['not_said'], lang)}"
                     for key, value in rows.items())


SEND_AND_AFTER = {
    "nb": "Søknaden sender du selv; jeg kan ikke sende den for deg. Når den er sendt, går den til NAV-kontoret i "
    "kommunen din, som behandler den. Trenger de mer fra deg, sier de fra, og vedlegg som mangler kan du "
    "ettersende. Hvor lang tid det tar, varierer mellom kommunene.",
    "nn": "Søknaden sender du sjølv; eg kan ikkje sende han for deg. Når han er send, går han til NAV-kontoret i "
    "kommunen din, som handsamar han. Treng dei meir frå deg, seier dei frå, og vedlegg som manglar kan du "
    "ettersende. Kor lang tid det tek, varierer mellom kommunane.",
    "en": "You send the application yourself; I cannot send it for you. Once it is sent, it goes to the NAV office "
    "in your municipality, which handles it. If they need more from you, they will tell you, and you can send "
    "missing documents later. How long it takes varies between municipalities.",
}
