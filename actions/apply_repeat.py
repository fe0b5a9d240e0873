""""Hvordan søker jeg?" asked again: the part asked about, or a short "Som jeg skrev: …" with the next step, never the
same long answer word for word (probe 106: "hvordan søker jeg da?" after the Engerdal answer got its three messages
again; "kan dere betale husleia for meg?" the general answer and the guide's offer again; Fatima, kode 7, got "Fordi
adressen din er beskyttet …" three times to "hvorfor kan jeg ikke søke digitalt?" and "kan jeg søke på papir?").

With adressebeskyttelse: fortrolig adresse (kode 7) keeps the local office, which knows how to handle a protected
address, and paper is possible; strengt fortrolig (kode 6) is served by a unit of its own, reached safely through
NAV's phone, whose name and address are never said (DESIGN.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from actions.common import pick

APPLY_ACTION = "action_sosialhjelp_apply"
# A repeat within this many of the bruker's messages is answered briefly.
RECENT_TURNS = 3

# Kode 7, the first answer: not only the phone (probe 106, w03: "Fatima is offered only the phone number, never her
# office or paper").
PROTECTED_ADDRESS_LOCAL = {
    "nb": "Fordi adressen din er beskyttet, kan du ikke søke digitalt. Du kan søke på papir: kontakt NAV-kontoret "
    "ditt, som vet hvordan søknader fra personer med beskyttet adresse skal behandles, eller ring oss på {phone} "
    "({phone_hours}), så får du hjelp til å søke på en trygg måte.",
    "nn": "Fordi adressa di er verna, kan du ikkje søkje digitalt. Du kan søkje på papir: kontakt NAV-kontoret ditt, "
    "som veit korleis søknader frå personar med verna adresse skal behandlast, eller ring oss på {phone} "
    "({phone_hours}), så får du hjelp til å søkje på ein trygg måte.",
    "en": "Because your address is protected, you cannot apply online. You can apply on paper: contact your NAV "
    "office, which knows how to handle applications from people with a protected address, or call us on +47 {phone} "
    "({phone_hours}) and we will help you apply safely.",
}

# Asked again ("hvorfor kan jeg ikke søke digitalt?", "kan jeg søke på papir?"): why (unless only paper is asked
# about), and the way that works.
PROTECTED_WHY = {
    "nb": "Den digitale søknaden henter adressen din fra folkeregisteret og sender den med søknaden, og da kan "
    "adressen bli kjent for flere enn dem som skal se den. Derfor kan du ikke søke digitalt.",
    "nn": "Den digitale søknaden hentar adressa di frå folkeregisteret og sender henne med søknaden, og då kan "
    "adressa bli kjend for fleire enn dei som skal sjå henne. Difor kan du ikkje søkje digitalt.",
    "en": "The online application takes your address from the population register and sends it with the "
    "application, and then your address could become known to more people than those who need to see it. That "
    "is why you cannot apply online.",
}
PROTECTED_PAPER = {
    "local": {
        "nb": "Ja, du kan søke på papir: ta kontakt med NAV-kontoret ditt, eller ring {phone} ({phone_hours}). "
        "Kontoret vet hvordan de skal behandle en søknad fra noen med beskyttet adresse, og hjelper deg å sende den "
        "trygt.",
        "nn": "Ja, du kan søkje på papir: ta kontakt med NAV-kontoret ditt, eller ring {phone} ({phone_hours}). "
        "Kontoret veit korleis dei skal behandle ein søknad frå nokon med verna adresse, og hjelper deg å sende han "
        "trygt.",
        "en": "Yes, you can apply on paper: contact your NAV office, or call +47 {phone} ({phone_hours}). The office "
        "knows how to handle an application from someone with a protected address and helps you send it safely.",
    },
    "strict": {
        "nb": "Du kan søke på papir eller få hjelp på telefon: ring NAV på {phone} ({phone_hours}). Med strengt "
        "fortrolig adresse får du hjelp av en egen enhet i NAV, ikke et lokalt NAV-kontor, og på telefonen får du vite "
        "hvordan du sender søknaden dit trygt.",
        "nn": "Du kan søkje på papir eller få hjelp på telefon: ring NAV på {phone} ({phone_hours}). Med strengt "
        "fortruleg adresse får du hjelp av ei eiga eining i NAV, ikkje eit lokalt NAV-kontor, og på telefonen får du "
        "vite korleis du sender søknaden dit trygt.",
        "en": "You can apply on paper or get help by phone: call NAV on +47 {phone} ({phone_hours}). With a strictly "
        "confidential address, a special unit in NAV helps you, not a local NAV office, and on the phone you will be "
        "told how to send the application there safely.",
    },
}
PAPER_QUESTION = re.compile(r"\b(papir\w*|paper|skjema\w*|form)\b", re.I)
WHY_QUESTION = re.compile(r"\b(hvorfor|kvifor|korfor|why|how come)\b", re.I)


# "Kan dere betale husleia for meg?" after the way to apply: the part asked about.
RENT_QUESTION = re.compile(r"husle(i|ig)\w*|\b(leia|leiga|leien|rent)\b", re.I)
RENT = {
    "nb": "Hjelp til husleie søker du om som økonomisk sosialhjelp, og det er kommunen som vurderer søknaden; jeg kan "
    "ikke love hva den blir. Skriv i søknaden at det gjelder husleia og om utleieren har sagt deg opp, og legg ved "
    "husleiekontrakten og varselet fra utleieren. Står du i fare for å miste boligen snart, ring NAV-kontoret ditt "
    "eller {phone} ({phone_hours}) nå: de kan hjelpe raskt.",
    "nn": "Hjelp til husleige søkjer du om som økonomisk sosialhjelp, og det er kommunen som vurderer søknaden; eg kan "
    "ikkje love kva han blir. Skriv i søknaden at det gjeld husleiga og om utleigaren har sagt deg opp, og legg ved "
    "husleigekontrakten og varselet frå utleigaren. Står du i fare for å miste bustaden snart, ring NAV-kontoret ditt "
    "eller {phone} ({phone_hours}) no: dei kan hjelpe raskt.",
    "en": "Help with rent is applied for as financial assistance (økonomisk sosialhjelp), and the municipality "
    "assesses the application; I cannot promise the outcome. Write in the application that it is about the rent "
    "and whether your landlord has given you notice, and attach the rental contract and the landlord's notice. If "
    "you are about to lose your home soon, call your NAV office or +47 {phone} ({phone_hours}) now: they can help "
    "quickly.",
}

AS_I_WROTE = {"nb": "Som jeg skrev: {said}", "nn": "Som eg skreiv: {said}", "en": "As I wrote: {said}"}
# Without a kommune: the general answer in one sentence.
GENERAL_SHORT = {
    "nb": "du søker hos NAV-kontoret i kommunen der du bor, på nav.no/sosialhjelp hvis kommunen tar imot digitale "
    "søknader, og ellers på papir eller på NAV-kontoret.",
    "nn": "du søkjer hos NAV-kontoret i kommunen der du bur, på nav.no/sosialhjelp om kommunen tek imot digitale "
    "søknader, og elles på papir eller på NAV-kontoret.",
    "en": "you apply to the NAV office in the municipality where you live, at nav.no/sosialhjelp if the "
    "municipality accepts online applications, and otherwise on paper or at the NAV office.",
}
# The next step, briefly, with the guide's buttons ([Ja, hjelp meg] [Nei takk]).
NEXT_STEP = {
    "nb": "Neste steg kan være å forberede søknaden: vil du at jeg stiller noen korte spørsmål og lager en liste "
    "over vedleggene du trenger?",
    "nn": "Neste steg kan vere å førebu søknaden: vil du at eg stiller nokre korte spørsmål og lagar ei liste over "
    "vedlegga du treng?",
    "en": "A next step could be to prepare the application: would you like me to ask a few short questions and make "
    "a list of the documents you need?",
}


def answered_recently(events: Iterable[Mapping[str, Any]], action: str = APPLY_ACTION,
                      turns: int = RECENT_TURNS) -> bool:
    """Whether ``action`` answered one of the bruker's last ``turns`` messages before this one (the tracker holds
    the events up to the latest message; the running action is not among them)."""
    seen_users = 0
    for event in reversed(list(events)):
        if event.get("event") == "user":
            seen_users += 1
            if seen_users > turns:
                return False
        elif seen_users >= 1 and event.get("event") == "action" and event.get("name") == action:
            return True
    return False


def protected_first(lang: str, local_office: bool | None) -> str | None:
    """The first answer with adressebeskyttelse for kode 7 (paper and the office as well as the phone); None for
    kode 6, whose answer is the phone (actions/digisos.py PROTECTED_ADDRESS)."""
    return None if local_office is False else pick(PROTECTED_ADDRESS_LOCAL, lang)


def protected_again(lang: str, local_office: bool | None, text: str = "") -> str:
    """For a protected person who asks again: why not digitally, and how on paper; only how on paper when that alone
    is asked ("kan jeg søke på papir?" after the why: the same answer twice was no answer)."""
    paper = pick(PROTECTED_PAPER["strict" if local_office is False else "local"], lang)
    if PAPER_QUESTION.search(text or "") and not WHY_QUESTION.search(text or ""):
        return paper
    return pick(PROTECTED_WHY, lang) + " " + paper


def repeated_answer(text: str, lang: str, where: str | None) -> str:
    """The answer to the apply question asked again: the rent asked about, or "Som jeg skrev: …" (the kommune's
    way to apply when known) and the next step."""
    if RENT_QUESTION.search(text or ""):
        return pick(RENT, lang) + " " + pick(NEXT_STEP, lang)
    said = where or pick(GENERAL_SHORT, lang)
    if said.startswith(("Kommunen din", "Your municipality")):  # the kommune's name stays capitalised
        said = said[:1].lower() + said[1:]
    return pick(AS_I_WROTE, lang).format(said=said) + " " + pick(NEXT_STEP, lang)
