"""The personal vedlegg checklist for an application for økonomisk sosialhjelp (pure functions).

Input: the answers the application guide collected (see actions/digisos.py for the value vocabulary).
Output: an ordered list of checklist item keys, and their text in nb/nn/en.
"""

from __future__ import annotations

from collections.abc import Mapping

from actions.common import pick

# key -> text per language. Order of this dict is the order of the checklist.
ITEMS: dict[str, dict[str, str]] = {
    "kontoutskrift": {
        "nb": "Kontoutskrift for alle kontoene dine (også sparekonto og BSU) som viser saldo og bevegelser",
        "nn": "Kontoutskrift for alle kontoane dine (også sparekonto og BSU) som viser saldo og rørsler",
        "en": "Bank statements for all your accounts (including savings and BSU) showing balance and transactions",
    },
    "lonnsslipp": {
        "nb": "Lønnsslipp for siste måned",
        "nn": "Lønsslipp for siste månad",
        "en": "Your payslip for the last month",
    },
    "lanekassen": {
        "nb": "Vedtak fra Lånekassen om studielån og stipend",
        "nn": "Vedtak frå Lånekassen om studielån og stipend",
        "en": "The decision from Lånekassen about your student loan and grant",
    },
    "nav_ytelse": {
        "nb": "Vedtak eller utbetalingsoversikt for penger du får fra NAV (for eksempel dagpenger, AAP eller sykepenger)",
        "nn": "Vedtak eller utbetalingsoversikt for pengar du får frå NAV (til dømes dagpengar, AAP eller sjukepengar)",
        "en": "Decision or payment overview for money you get from NAV (for example unemployment benefit, AAP or sick pay)",
    },
    "bostotte": {
        "nb": "Vedtak om bostøtte fra Husbanken",
        "nn": "Vedtak om bustøtte frå Husbanken",
        "en": "The decision on housing allowance (bostøtte) from Husbanken",
    },
    "barnebidrag": {
        "nb": "Dokumentasjon av barnebidrag du får eller betaler",
        "nn": "Dokumentasjon av barnebidrag du får eller betaler",
        "en": "Documentation of child support you receive or pay",
    },
    "husleiekontrakt": {
        "nb": "Husleiekontrakten",
        "nn": "Husleigekontrakten",
        "en": "Your rental contract",
    },
    "husleie_kvittering": {
        "nb": "Kvittering for betalt husleie for siste måned",
        "nn": "Kvittering for betalt husleige for siste månad",
        "en": "A receipt for last month's paid rent",
    },
    "depositum": {
        "nb": "Husleiekontrakt eller tilbud som viser depositumet",
        "nn": "Husleigekontrakt eller tilbod som viser depositumet",
        "en": "A rental contract or offer that shows the deposit",
    },
    "boliglan": {
        "nb": "Dokumentasjon av boliglånet (renter og avdrag) og kommunale avgifter",
        "nn": "Dokumentasjon av bustadlånet (renter og avdrag) og kommunale avgifter",
        "en": "Documentation of your mortgage (interest and instalments) and municipal charges",
    },
    "bor_hos_andre": {
        "nb": "Betaler du noe der du bor, en avtale eller kvittering som viser det",
        "nn": "Betaler du noko der du bur, ei avtale eller kvittering som viser det",
        "en": "If you pay something where you live, an agreement or receipt showing it",
    },
    "strom": {
        "nb": "Strømregning",
        "nn": "Straumrekning",
        "en": "Electricity bill",
    },
    "barnehage": {
        "nb": "Faktura for barnehage",
        "nn": "Faktura for barnehage",
        "en": "Invoice for kindergarten (barnehage)",
    },
    "sfo": {
        "nb": "Faktura for SFO",
        "nn": "Faktura for SFO",
        "en": "Invoice for after-school care (SFO)",
    },
    "gjeld": {
        "nb": "Oversikt over gjeld og eventuelle nedbetalingsavtaler",
        "nn": "Oversikt over gjeld og eventuelle nedbetalingsavtalar",
        "en": "An overview of debts and any repayment agreements",
    },
    "helse": {
        "nb": "Regning, kvittering eller kostnadsoverslag for medisiner, tannlege eller andre helseutgifter",
        "nn": "Rekning, kvittering eller kostnadsoverslag for medisinar, tannlege eller andre helseutgifter",
        "en": "Bill, receipt or estimate for medicine, dentist or other health costs",
    },
    "annet_behov": {
        "nb": "Dokumentasjon av det du søker penger til (for eksempel en regning eller et tilbud)",
        "nn": "Dokumentasjon av det du søkjer pengar til (til dømes ei rekning eller eit tilbod)",
        "en": "Documentation of what you are applying for (for example a bill or an offer)",
    },
}


def _values(answers: Mapping[str, str | None], key: str) -> set[str]:
    raw = answers.get(key) or ""
    return {v.strip() for v in raw.split(",") if v.strip()}


def build_checklist(answers: Mapping[str, str | None]) -> list[str]:
    """The vedlegg this person most likely needs, as item keys in a stable order.

    `answers` maps the guide's fields (behov, arbeid, barn, barnehage, bosituasjon, inntekt, utgifter) to the
    normalised values of actions/digisos.py; missing or "vet_ikke" answers add nothing beyond the basics.
    """
    behov, arbeid = _values(answers, "behov"), _values(answers, "arbeid")
    inntekt, utgifter = _values(answers, "inntekt"), _values(answers, "utgifter")
    barnehage, bosituasjon = _values(answers, "barnehage"), _values(answers, "bosituasjon")
    barn = _values(answers, "barn")

    needed = {"kontoutskrift"}
    if "arbeid" in arbeid or "lonn" in inntekt:
        needed.add("lonnsslipp")
    if "student" in arbeid or "studielan" in inntekt:
        needed.add("lanekassen")
    if "nav_ytelse" in inntekt or "syk" in arbeid:
        needed.add("nav_ytelse")
    if "bostotte" in inntekt:
        needed.add("bostotte")
    if "barnebidrag" in inntekt or ("ja" in barn and "barnebidrag" in utgifter):
        needed.add("barnebidrag")
    rents = "leier" in bosituasjon or (
        "husleie" in behov and not bosituasjon & {"eier", "uten_bolig", "bor_hos_andre"}
    )
    if rents:
        needed |= {"husleiekontrakt", "husleie_kvittering"}
    if "depositum" in behov:
        needed.add("depositum")
    if "eier" in bosituasjon:
        needed.add("boliglan")
    if "bor_hos_andre" in bosituasjon:
        needed.add("bor_hos_andre")
    if "strom" in behov or "strom" in utgifter:
        needed.add("strom")
    if "ja" in barn or not barn:
        if "barnehage" in barnehage or "barnehage" in utgifter:
            needed.add("barnehage")
        if "sfo" in barnehage or "sfo" in utgifter:
            needed.add("sfo")
    if "gjeld" in utgifter:
        needed.add("gjeld")
    if "helse" in behov or "helse" in utgifter:
        needed.add("helse")
    if "annet" in behov:
        needed.add("annet_behov")
    return [key for key in ITEMS if key in needed]


def render_checklist(keys: list[str], lang: str) -> str:
    """The checklist as a bulleted text in the conversation language."""
    return "\n".join(f"• {pick(ITEMS[key], lang)}" for key in keys)


LIMITS = {
    "nb": "Slik sender du vedleggene: PDF, PNG eller JPEG, høyst 10 MB per fil (et tydelig mobilbilde går fint). "
    "Mangler du noe, kan du sende søknaden likevel og ettersende vedlegg i den samme saken under «Dine søknader». "
    "Et påbegynt utkast lagres i 14 dager, og du kan sende høyst to søknader i løpet av 24 timer.",
    "nn": "Slik sender du vedlegga: PDF, PNG eller JPEG, høgst 10 MB per fil (eit tydeleg mobilbilete går fint). "
    "Manglar du noko, kan du sende søknaden likevel og ettersende vedlegg i same saka under «Dine søknader». "
    "Eit påbyrja utkast blir lagra i 14 dagar, og du kan sende høgst to søknader i løpet av 24 timar.",
    "en": "How to send the documents: PDF, PNG or JPEG, at most 10 MB per file (a clear phone photo is fine). "
    "If something is missing, you can still send the application and send documents later into the same case "
    "under «Dine søknader». An unfinished draft is kept for 14 days, and you can send at most two applications "
    "within 24 hours.",
}
