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
    # The statements for all accounts hold the savings and BSU accounts' too: one line, naming the account said.
    "kontoutskrift_sparekonto": {
        "nb": "Kontoutskrift for alle kontoene dine, også sparekontoen, som viser bevegelser og hvor mye som står der "
        "i dag",
        "nn": "Kontoutskrift for alle kontoane dine, også sparekontoen, som viser rørsler og kor mykje som står der "
        "i dag",
        "en": "Bank statements for all your accounts, including your savings account, showing transactions and "
        "today's balance",
    },
    "kontoutskrift_bsu": {
        "nb": "Kontoutskrift for alle kontoene dine, også BSU-kontoen, som viser bevegelser og hvor mye som står der "
        "i dag",
        "nn": "Kontoutskrift for alle kontoane dine, også BSU-kontoen, som viser rørsler og kor mykje som står der "
        "i dag",
        "en": "Bank statements for all your accounts, including your BSU account, showing transactions and today's "
        "balance",
    },
    "kontoutskrift_sparekonto_bsu": {
        "nb": "Kontoutskrift for alle kontoene dine, også sparekontoen og BSU-kontoen, som viser bevegelser og hvor "
        "mye som står der i dag",
        "nn": "Kontoutskrift for alle kontoane dine, også sparekontoen og BSU-kontoen, som viser rørsler og kor "
        "mykje som står der i dag",
        "en": "Bank statements for all your accounts, including your savings account and BSU account, showing "
        "transactions and today's balance",
    },
    "aksjer": {
        "nb": "Oversikt over aksjer og fond med verdien i dag (for eksempel fra nettbanken)",
        "nn": "Oversikt over aksjar og fond med verdien i dag (til dømes frå nettbanken)",
        "en": "An overview of shares and funds with today's value (for example from your online bank)",
    },
    "kjoretoy": {
        "nb": "Vognkort for bilen (eller annet kjøretøy eller båt) du eier",
        "nn": "Vognkort for bilen (eller anna køyretøy eller båt) du eig",
        "en": "The registration certificate (vognkort) for the car, other vehicle or boat you own",
    },
    "eiendom": {
        "nb": "Dokumentasjon av hytte eller annen eiendom du eier (for eksempel takst eller skattemelding)",
        "nn": "Dokumentasjon av hytte eller annan eigedom du eig (til dømes takst eller skattemelding)",
        "en": "Documentation of a cabin or other property you own (for example a valuation or your tax return)",
    },
    "ektefelle": {
        "nb": "Dokumentasjon av inntekten til ektefellen din (lønnsslipp eller vedtak) og kontoutskrift for "
        "kontoene hans eller hennes",
        "nn": "Dokumentasjon av inntekta til ektefellen din (lønsslipp eller vedtak) og kontoutskrift for kontoane "
        "hans eller hennar",
        "en": "Documentation of your spouse's income (payslip or decision) and statements for their accounts",
    },
    "samboer": {
        "nb": "Dokumentasjon av inntekten til samboeren din (lønnsslipp eller vedtak) og kontoutskrift for "
        "kontoene hans eller hennes",
        "nn": "Dokumentasjon av inntekta til sambuaren din (lønsslipp eller vedtak) og kontoutskrift for kontoane "
        "hans eller hennar",
        "en": "Documentation of your partner's income (payslip or decision) and statements for their accounts",
    },
    "separasjon": {
        "nb": "Separasjonsbevilling, eller kvittering for at dere har søkt om separasjon",
        "nn": "Separasjonsløyve, eller kvittering for at de har søkt om separasjon",
        "en": "Your separation permit (separasjonsbevilling), or a receipt showing that you have applied for one",
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
    "pensjon": {
        "nb": "Vedtak eller utbetalingsoversikt for pensjonen din (alderspensjon fra NAV og eventuell tjenestepensjon)",
        "nn": "Vedtak eller utbetalingsoversikt for pensjonen din (alderspensjon frå NAV og eventuell tenestepensjon)",
        "en": "The decision or payment overview for your pension (retirement pension from NAV and any occupational "
        "pension)",
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
    "barnetrygd": {
        "nb": "Oversikt over barnetrygd og eventuell kontantstøtte du får (på nav.no under «Utbetalinger»)",
        "nn": "Oversikt over barnetrygd og eventuell kontantstøtte du får (på nav.no under «Utbetalingar»)",
        "en": "An overview of child benefit and any cash-for-care benefit you get (on nav.no under «Utbetalinger»)",
    },
    "samvaer": {
        "nb": "Avtale om bosted og samvær for barna, hvis de også bor hos den andre forelderen eller har samvær med "
        "ham eller henne",
        "nn": "Avtale om bustad og samvær for borna, om dei også bur hos den andre forelderen eller har samvær med "
        "han eller henne",
        "en": "The agreement on residence and contact for the children, if they also live with or visit the other "
        "parent",
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
        "nb": "For boligen du skal leie: husleiekontrakt eller tilbud som viser depositumet",
        "nn": "For bustaden du skal leige: husleigekontrakt eller tilbod som viser depositumet",
        "en": "For the home you are going to rent: the rental contract or offer that shows the deposit",
    },
    "boliglan": {
        "nb": "Dokumentasjon av boliglånet (renter og avdrag) og kommunale avgifter",
        "nn": "Dokumentasjon av bustadlånet (renter og avdrag) og kommunale avgifter",
        "en": "Documentation of your mortgage (interest and instalments) and municipal charges",
    },
    "felleskostnader": {
        "nb": "Faktura for felleskostnader (fra borettslaget eller sameiet)",
        "nn": "Faktura for felleskostnader (frå burettslaget eller sameiget)",
        "en": "Invoices for shared costs (from the housing cooperative or owners' association)",
    },
    "kommunale_avgifter": {
        "nb": "Faktura for kommunale avgifter (og eventuell eiendomsskatt)",
        "nn": "Faktura for kommunale avgifter (og eventuell eigedomsskatt)",
        "en": "Invoices for municipal charges (and any property tax)",
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
    "telefon": {
        "nb": "Telefonregning",
        "nn": "Telefonrekning",
        "en": "Phone bill",
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
    # "annet:<the bruker's words>" (actions/digisos.py OWN_WORDS) counts as "annet"
    return {v.strip().split(":", 1)[0] for v in raw.split(",") if v.strip()}


def build_checklist(answers: Mapping[str, str | None]) -> list[str]:
    """The vedlegg this person most likely needs, as item keys in a stable order.

    `answers` maps the guide's fields (behov, arbeid, sivilstatus, barn, barnehage, bosituasjon, inntekt, formue,
    utgifter) to the normalised values of actions/digisos.py; missing or "vet_ikke" answers add nothing beyond the
    basics. Every answer that calls for a document shows in the list, so a corrected answer changes it.
    """
    needed = {"kontoutskrift"}
    needed |= _work_and_income(answers)
    needed |= _household(answers)
    needed |= _formue(answers)
    needed |= _housing(answers)
    needed |= _expenses(answers)
    return [key for key in ITEMS if key in _one_statement(needed)]


# The savings and BSU accounts said in the formue answer (FORMUE_ITEMS), and the kontoutskrift line that names them.
ACCOUNTS = frozenset({"sparekonto", "bsu"})
STATEMENTS = {
    frozenset(): "kontoutskrift",
    frozenset({"sparekonto"}): "kontoutskrift_sparekonto",
    frozenset({"bsu"}): "kontoutskrift_bsu",
    ACCOUNTS: "kontoutskrift_sparekonto_bsu",
}


def _one_statement(needed: set[str]) -> set[str]:
    """One kontoutskrift line: the statements for all accounts hold the savings and BSU accounts' too (they were two
    or three lines that each asked for a kontoutskrift)."""
    accounts = needed & ACCOUNTS
    return (needed - ACCOUNTS - {"kontoutskrift"}) | {STATEMENTS[frozenset(accounts)]}


def _work_and_income(answers: Mapping[str, str | None]) -> set[str]:
    arbeid, inntekt = _values(answers, "arbeid"), _values(answers, "inntekt")
    needed: set[str] = set()
    if "arbeid" in arbeid or "lonn" in inntekt:
        needed.add("lonnsslipp")
    if "student" in arbeid or "studielan" in inntekt:
        needed.add("lanekassen")
    if "nav_ytelse" in inntekt or "syk" in arbeid:
        needed.add("nav_ytelse")
    if "pensjon" in inntekt or "pensjonist" in arbeid:
        needed.add("pensjon")
    if "bostotte" in inntekt:
        needed.add("bostotte")
    return needed


def _has_children(answers: Mapping[str, str | None]) -> bool:
    return "ja" in _values(answers, "barn")


# Answers that each call for one document of their own.
SIVILSTATUS_ITEMS = {"gift": "ektefelle", "samboer": "samboer", "separert": "separasjon"}
FORMUE_ITEMS = {"sparepenger": "sparekonto", "bsu": "bsu", "aksjer": "aksjer", "bil": "kjoretoy", "bolig": "eiendom"}
BOSITUASJON_ITEMS = {"eier": "boliglan", "bor_hos_andre": "bor_hos_andre"}


def _items(values: set[str], table: Mapping[str, str]) -> set[str]:
    return {item for value, item in table.items() if value in values}


def _household(answers: Mapping[str, str | None]) -> set[str]:
    """Spouse or samboer, separation, and the children's money: barnetrygd, barnebidrag, samvær."""
    sivilstatus, inntekt = _values(answers, "sivilstatus"), _values(answers, "inntekt")
    utgifter = _values(answers, "utgifter")
    children = _has_children(answers)
    needed = _items(sivilstatus, SIVILSTATUS_ITEMS)
    if children or "barnetrygd" in inntekt:
        needed.add("barnetrygd")
    apart = bool(sivilstatus & {"enslig", "separert", "skilt"})
    if "barnebidrag" in inntekt or (children and ("barnebidrag" in utgifter or sivilstatus & {"separert", "skilt"})):
        needed.add("barnebidrag")
    if children and apart:
        needed.add("samvaer")
    return needed


def _formue(answers: Mapping[str, str | None]) -> set[str]:
    return _items(_values(answers, "formue"), FORMUE_ITEMS)


def _housing(answers: Mapping[str, str | None]) -> set[str]:
    behov, bosituasjon = _values(answers, "behov"), _values(answers, "bosituasjon")
    needed = _items(bosituasjon, BOSITUASJON_ITEMS)
    rents = "leier" in bosituasjon or (
        "husleie" in behov and not bosituasjon & {"eier", "uten_bolig", "bor_hos_andre"}
    )
    if rents:
        needed |= {"husleiekontrakt", "husleie_kvittering"}
    if "depositum" in behov:
        needed.add("depositum")
    return needed


def _expenses(answers: Mapping[str, str | None]) -> set[str]:
    behov, utgifter, barnehage = _values(answers, "behov"), _values(answers, "utgifter"), _values(answers, "barnehage")
    needed: set[str] = set()
    if "strom" in behov or "strom" in utgifter:
        needed.add("strom")
    if _has_children(answers) or not _values(answers, "barn"):
        if "barnehage" in barnehage or "barnehage" in utgifter:
            needed.add("barnehage")
        if "sfo" in barnehage or "sfo" in utgifter:
            needed.add("sfo")
    if "gjeld" in utgifter:
        needed.add("gjeld")
    needed |= _items(utgifter, {"boliglan": "boliglan", "felleskostnader": "felleskostnader", "telefon": "telefon"})
    if "kommunale_avgifter" in utgifter and "eier" not in _values(answers, "bosituasjon") \
            and "boliglan" not in utgifter:
        needed.add("kommunale_avgifter")  # the boliglån document names the kommunale avgifter already
    if (behov | utgifter) & {"helse", "tannlege"}:
        needed.add("helse")
    if "annet" in behov:
        needed.add("annet_behov")
    return needed


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
