"""Words for NAV staff (bokmål, the console's language) for the codes the service keeps: their one home.

The codes stay in the data and in the API (tema KOM, state QUEUED, intent sosialhjelp_apply, history kind
sla_breached ...); what staff read comes from here. The staff views (router/services/views.py) put these words
beside the codes in every staff answer and live event, and the console and the dashboard show the words, so a
page has no table of its own. Where a code is useful to staff (tema, temagruppe, enhetsnummer) it is kept in
brackets: "Dagpenger (DAG)". Language names have their own home, router/texts (NORWEGIAN_LANGUAGE_NAMES); the
functions that need one take a lookup, so the domain stays free of the texts package.

Pure: no I/O. The action server may use it too (it shares pure code with the router).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from router.domain.assignment import Presence
from router.domain.conversation import (
    BRUKER_CLOSED,
    CONTINUED_IN_EARLIER,
    STAFF_CLOSE_OUTCOMES,
    ConversationState,
)
from router.domain.events import STAFF_NOTE, Transition
from router.domain.expiry import EXPIRED
from router.domain.language_policy import ENGLISH_REPLY_WORDS, NORWEGIAN_REPLY_WORDS
from router.domain.opening_hours import OSLO
from router.domain.queue import Priority
from router.domain.routing import EnhetType, Tema, Temagruppe, temagruppe_of

Lookup = Callable[[str], str | None]

# --- NAV's tema and temagruppe codes (router/domain/routing.py) ------------------------------------------------

TEMA_NAVN: Mapping[Tema, str] = {
    Tema.KOM: "Sosialhjelp og kommunale tjenester",
    Tema.DAG: "Dagpenger",
    Tema.OPP: "Arbeidsrettet oppfølging",
    Tema.IND: "Tiltakspenger",
    Tema.TIL: "Tilleggsstønader",
    Tema.SYK: "Sykepenger",
    Tema.SYM: "Sykmelding",
    Tema.AAP: "Arbeidsavklaringspenger",
    Tema.UFO: "Uføretrygd",
    Tema.BAR: "Barnetrygd",
    Tema.KON: "Kontantstøtte",
    Tema.FOR: "Foreldre- og svangerskapspenger",
    Tema.OMS: "Omsorgspenger, pleiepenger og opplæringspenger",
    Tema.ENF: "Enslig mor eller far",
    Tema.BID: "Barnebidrag",
    Tema.PEN: "Pensjon",
    Tema.HJE: "Hjelpemidler",
    Tema.BIL: "Stønad til bil",
    Tema.GEN: "Generelle spørsmål",
}

TEMAGRUPPE_NAVN: Mapping[Temagruppe, str] = {
    Temagruppe.ARBD: "Arbeid",
    Temagruppe.FMLI: "Familie",
    Temagruppe.HELSE: "Helse",
    Temagruppe.PENS: "Pensjon",
    Temagruppe.UFRT: "Uføretrygd",
    Temagruppe.HJLPM: "Hjelpemidler",
    Temagruppe.OVRG: "Øvrige spørsmål",
    Temagruppe.OKSOS: "Økonomisk sosialhjelp",
    Temagruppe.ANSOS: "Andre sosiale tjenester",
}

ENHET_TYPE_NAVN: Mapping[EnhetType, str] = {
    EnhetType.LOKAL: "NAV-kontor",
    EnhetType.KONTAKT: "NAV Kontaktsenter",
    EnhetType.KO: "Særskilt enhet",
    EnhetType.KONTAKTSENTER: "Kontaktsenterets kø",
}

# --- the conversation's own codes -------------------------------------------------------------------------------

STATE_LABELS: Mapping[ConversationState, str] = {
    ConversationState.BOT: "Hos chatroboten",
    ConversationState.QUEUED: "I kø",
    ConversationState.ASSIGNED: "Hos veileder",
    ConversationState.CLOSED: "Avsluttet",
}

PRIORITY_LABELS: Mapping[Priority, str] = {
    Priority.NORMAL: "Vanlig",
    Priority.EMERGENCY: "Nødhjelp",
}

# In the order the console offers them; the bruker's own close last (staff never choose it).
CLOSE_OUTCOME_LABELS: Mapping[str, str] = {
    "besvart": "Besvart",
    "henvist": "Henvist videre",
    "bruker_forlot": "Brukeren forlot samtalen",
    "ikke_nav": "Ikke en NAV-sak",
    "trusler": "Trusler eller sjikane",
    "annet": "Annet",
    BRUKER_CLOSED: "Brukeren avsluttet samtalen",
    CONTINUED_IN_EARLIER: "Brukeren logget inn og fortsatte i samtalen hen allerede hadde",
    # Closed by the system (router/domain/expiry.py): nobody acted on a waiting or assigned chat.
    EXPIRED: "Utløpt: ingen aktivitet",
}

PRESENCE_LABELS: Mapping[Presence, str] = {
    Presence.ONLINE: "Tilgjengelig",
    Presence.BUSY: "Opptatt",
    Presence.AWAY: "Borte",
    Presence.OFFLINE: "Frakoblet",
}

DISKRESJONSKODE_LABELS: Mapping[str, str] = {
    "SPSF": "Strengt fortrolig adresse (kode 6)",
    "SPFO": "Fortrolig adresse (kode 7)",
}

CHANNEL_LABELS: Mapping[str, str] = {
    "rest": "chatten på nav.no",
    "socketio": "chat innebygd i en nettside",
}

# --- what the bot understood (shared/spec/intents.yml and the bot's own additions) ------------------------------
# Lower case: they follow "Intensjon:", "Emner:" or "siste tema:".

INTENT_LABELS: Mapping[str, str] = {
    "greet": "hilsen",
    "goodbye": "avslutter samtalen",
    "thank": "takker",
    "affirm": "svarer ja",
    "deny": "svarer nei",
    "bot_challenge": "spør om det er en robot",
    "human_handoff": "vil snakke med en veileder",
    "request_interpreter": "ber om tolk",
    "language_preference": "vil bruke et annet språk",
    "sosialhjelp_apply": "søke om økonomisk sosialhjelp",
    "sosialhjelp_eligibility": "hvem som kan få økonomisk sosialhjelp",
    "sosialhjelp_documents": "dokumentasjon til søknaden om sosialhjelp",
    "sosialhjelp_send_attachment": "ettersende vedlegg",
    "sosialhjelp_status": "status på søknad om sosialhjelp",
    "sosialhjelp_emergency": "akutt behov for hjelp (nødhjelp)",
    "sosialhjelp_draft": "lagret, ikke sendt søknad",
    "payment_dates": "når utbetalingen kommer",
    "meldekort": "meldekort",
    "dagpenger": "dagpenger",
    "sykepenger": "sykepenger",
    "aap": "arbeidsavklaringspenger (AAP)",
    "barnetrygd": "barnetrygd",
    "foreldrepenger": "foreldrepenger",
    "change_bank_account": "endre kontonummer",
    "office_contact": "kontakt med NAV-kontoret",
    "book_appointment": "bestille time hos veileder",
    "complaint": "klage",
    "login_help": "problemer med innlogging",
    "job_seeker_registration": "registrere seg som arbeidssøker",
    "aktivitetsplan": "aktivitetsplan",
    "out_of_scope": "spørsmål utenfor NAV",
    "digisos_answer": "svar i søknadsveiledningen",
    "nlu_fallback": "chatroboten forsto ikke meldingen",
    "frustration": "er misfornøyd med chatroboten",
    "response_time": "spør når noen svarer",
    "followup_late": "spør hva som skjer om noe kommer for sent",
    "followup_how_long": "spør hvor lang tid det tar",
    "followup_what_now": "spør hva hen kan gjøre",
    "letter_from_nav": "har fått brev fra NAV",
    "on_behalf": "skriver for en annen person",
    "privacy": "spør om personvern i chatten (hva som lagres, hvem som leser)",
}

# --- what the bot learned (actions/handoff.py build_summary; the Rasa slots of bot/*.yml) ------------------------

SUMMARY_KEY_LABELS: Mapping[str, str] = {
    "emner": "Brukeren spurte om",
    "kommune": "Kommune",
    "bydel": "Bydel",
    "postnummer": "Postnummer",
    "digisos_done": "Gikk gjennom søknadsveiledningen",
    "digisos_oppsummering": "Søknadsveiledningen, alle svar",
    "digisos_antall_barn": "Antall barn",
    "digisos_formue_belop": "Formue, omtrent (kr)",
    "digisos_inntekt_belop": "Inntekt, omtrent (kr, /mnd eller /år når oppgitt)",
    "digisos_utgifter_belop": "Utgifter, omtrent (kr, /mnd eller /år når oppgitt)",
    "digisos_nylig_mottaker": "Har fått sosialhjelp nylig (kort søknad kan være aktuelt)",
    "topic": "Siste tema",
}

# The Digisos guide's questions (actions/digisos.py FIELDS), as slots "digisos_<field>" or plain "<field>".
DIGISOS_FIELD_LABELS: Mapping[str, str] = {
    "behov": "Trenger penger til",
    "arbeid": "Arbeid og utdanning",
    "sivilstatus": "Sivilstatus",
    "barn": "Har barn",
    "barnehage": "Barnehage eller SFO",
    "bosituasjon": "Bosituasjon",
    "inntekt": "Inntekt",
    "formue": "Formue",
    "utgifter": "Utgifter",
}
DIGISOS_PREFIX = "digisos_"

# The guide's answer vocabulary (actions/digisos.py), comma-separated where several fit.
DIGISOS_VALUE_LABELS: Mapping[str, str] = {
    "livsopphold": "livsopphold (mat, klær)",
    "husleie": "husleie",
    "strom": "strøm",
    "depositum": "depositum",
    "tannlege": "tannlege",
    "helse": "helse (lege, medisin, tannlege)",
    "annet": "annet",
    "vet_ikke": "vet ikke",
    "arbeid": "i arbeid",
    "student": "student",
    "ledig": "uten arbeid",
    "syk": "syk",
    "pensjonist": "pensjonist",
    "ja": "ja",
    "nei": "nei",
    "barnehage": "barnehage",
    "sfo": "SFO",
    "leier": "leier bolig",
    "eier": "eier bolig",
    "bor_hos_andre": "bor hos andre",
    "uten_bolig": "uten fast bolig",
    "lonn": "lønn",
    "nav_ytelse": "ytelse fra NAV",
    "pensjon": "pensjon",
    "bostotte": "bostøtte",
    "studielan": "studielån eller stipend",
    "barnebidrag": "barnebidrag",
    "barnetrygd": "barnetrygd eller kontantstøtte",
    "ingen": "ingen",
    "gjeld": "gjeld",
    "boliglan": "boliglån",
    "felleskostnader": "felleskostnader",
    "kommunale_avgifter": "kommunale avgifter eller eiendomsskatt",
    "telefon": "telefon",
    "enslig": "enslig",
    "gift": "gift eller registrert partner",
    "samboer": "samboer",
    "separert": "separert",
    "skilt": "skilt",
    "enke": "enke eller enkemann",
    "sparepenger": "sparepenger",
    "bsu": "BSU",
    "aksjer": "aksjer eller fond",
    "bil": "bil eller annet kjøretøy",
    "bolig": "hytte eller annen eiendom",
}

# --- the conversation's history (router/domain/events.py; Noted kinds from the domain and the services) ----------

HISTORY_LABELS: Mapping[str, str] = {
    Transition.HANDOFF.value: "Satt i kø for veileder",
    Transition.ASSIGN.value: "Tildelt veileder",
    Transition.TRANSFER.value: "Overført",
    Transition.VEILEDER_OFFLINE.value: "Tilbake i køen fordi veilederen ble frakoblet",
    Transition.BACK_TO_BOT.value: "Gitt tilbake til chatroboten",
    Transition.CLOSE.value: "Avsluttet",
    "created": "Samtalen startet",
    "routed": "Rutet",
    "sla_breached": "Fristen for svar gikk ut",
    "emergency_moved_unattended": "Akutt behov, ingen pålogget på kontoret kunne ta samtalen",
    "escalated": "Eskalert",
    "queue_acknowledged": "Brukeren fikk vite plassen sin i køen",
    "language_asked": "Brukeren ble bedt om å velge språk",
    "language_chosen": "Språk valgt",
    "interpreter_requested": "Brukeren trenger tolk",
    "acute_need_detected": "Akutt behov oppdaget",
    "place_asked": "Brukeren ble spurt hvor hen bor",
    "place_asked_in_queue": "Brukeren ble spurt hvor hen bor, i køen (svaret flytter samtalen til kontoret der)",
    "closing_told": "Brukeren fikk beskjed om at kontoret stengte, og når det svarer",
    "answer_promised": "Brukeren fikk vite når en veileder tidligst kan svare",
    "inactivity_warned": "Brukeren fikk varsel om at samtalen snart avsluttes fordi det var stille lenge",
    "expired": "Samtalen ble avsluttet av systemet fordi ingen gjorde noe med den",
    "place_answered": "Brukeren svarte på hvor hen bor",
    "bot_place_set_aside": "Stedet chatroboten oppfattet, ble ikke brukt til å finne kontoret",
    "emergency_contacts_shown": "Brukeren fikk nødnumrene",
    "logged_in": "Brukeren logget inn (ID-porten); det som eventuelt står før, ble skrevet uinnlogget",
    "logged_out": "Innloggingen ble avsluttet",
    "registered_elsewhere": "Samtalen ble værende hos veilederen etter innloggingen, selv om brukeren hører til et "
    "annet kontor",
    "veileder_reply_untranslated": "Brukeren fikk vite at veilederens svar ikke kan oversettes til språket deres "
    "(ingen oversettelse installert)",
    "moved_to_own_chat": "Brukeren flyttet samtalen fra chatten på en annen nettside til NAVs egen chatside for å logge inn",
    "personal_number_hidden": "Brukeren fikk vite at fødselsnummeret eller kontonummeret de skrev, ble skjult",
    "bruker_left": "Brukeren har lukket chatten eller mistet forbindelsen",
    "bruker_back": "Brukeren er tilbake i chatten",
    "contact_detail_hidden": "Brukeren fikk vite at telefonnummeret eller e-postadressen de skrev, ble skjult, også for "
    "veilederen",
    "secret_hidden": "Brukeren fikk vite at kortnummeret, passordet eller koden de skrev, ble skjult, også for veilederen, "
    "og at NAV aldri spør om slikt",
    "other_persons_number": "Brukeren skrev et fødselsnummer som ikke er den innloggedes; chatten svarte ikke om den "
    "andres sak",
    "bruker_resumed": "Brukeren logget inn på nytt i en ny fane eller nettleser og fikk samtalen tilbake",
    "answer_shown_at_close": "Brukeren startet en ny samtale fra denne, innlogget, etter at den ble avsluttet; "
    "svaret sto på skjermen hens",
    "messages_carried_over": "Brukeren ba om veileder i en ny fane før innloggingen; det hen skrev der, er flyttet "
    "hit",
    "earlier_threat": "Tidligere samtale avsluttet som trusler/sjikane (samme person eller adresse)",
    "earlier_threat_cleared": "Advarselen om trusler/sjikane er fjernet: brukeren logget inn, og den tidligere "
    "samtalen var ikke hens (bare samme nettverksadresse)",
    "queue_full_from_address": "Ikke satt i kø: flere samtaler fra samme adresse venter allerede",
    STAFF_NOTE: "Internt notat",
}
# On the queue card of a chat whose person or address closed an earlier chat as THREATS (conversation.py).
# The match may be an address only (a NAT, a library, a NAV office's PCs): said so, not pinned on a person.
EARLIER_THREAT_LABEL = ("Tidligere samtale fra samme person eller nettverksadresse avsluttet som trusler/sjikane "
                        "(en adresse kan deles av flere)")
UNKNOWN_HISTORY_LABEL = "Annen hendelse"

# What older conversations stored as the bot's handoff reason, before it was written in words.
_LEGACY_HANDOFF_REASONS: Mapping[str, str] = {
    "acute_need": "akutt behov: brukeren trenger hjelp i dag (nødhjelp)",
    "user_asked_for_human": "bruker ba om en veileder",
    "bot": "chatroboten kunne ikke hjelpe",
}
# How a conversation came to its veileder (router/services/assignment.py, dispatch.take).
_ASSIGN_REASONS: Mapping[str, str] = {"automatisk tildelt": "automatisk", "tatt fra køen": "veilederen tok den fra køen",
                                      # services/assignment.py RESERVED: sent by name, or the register's own veileder
                                      "tildelt den samtalen var holdt av til": "samtalen var holdt av til hen"}
_LAST_TOPIC = re.compile(r"\(siste tema: ([a-z][a-z0-9_]*)\)")
_QUEUE_POSITION = re.compile(r"\b(?:number|nummer) (\d+)\b")
_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


# --- one code at a time ---------------------------------------------------------------------------------------


def _named(navn: str, code: str) -> str:
    return f"{navn} ({code})"


def tema_label(code: str | None) -> str | None:
    """ "Dagpenger (DAG)"; a temagruppe code is named too ("Økonomisk sosialhjelp (OKSOS)")."""
    if not code:
        return None
    if code in Tema.__members__:
        return _named(TEMA_NAVN[Tema(code)], code)
    if code in Temagruppe.__members__:
        return _named(TEMAGRUPPE_NAVN[Temagruppe(code)], code)
    return f"Ukjent tema ({code})"


def temagruppe_label(code: str | None) -> str | None:
    if not code:
        return None
    if code in Temagruppe.__members__:
        return _named(TEMAGRUPPE_NAVN[Temagruppe(code)], code)
    return tema_label(code)


def queue_label(code: str | None) -> str:
    """The one name of the queue a conversation of this tema (or temagruppe) waits in, on every staff page: its
    temagruppe, as the kontaktsenter's overview groups the queues ("Økonomisk sosialhjelp (OKSOS)" for tema KOM;
    the dashboard said OKSOS where the console said KOM for the same queue)."""
    return _named(TEMAGRUPPE_NAVN[temagruppe_of(code)], temagruppe_of(code).value)


def _member_label(enum: type[Any], labels: Mapping[Any, str], code: str | None) -> str | None:
    if not code:
        return None
    try:
        return labels[enum(code)]
    except (ValueError, KeyError):
        return _words(code)


def state_label(state: str | None) -> str | None:
    return _member_label(ConversationState, STATE_LABELS, state)


def priority_label(priority: str | None) -> str | None:
    return _member_label(Priority, PRIORITY_LABELS, priority)


def messages_deleted_label(days: float, *, as_evidence: bool) -> str:
    """The one line an opened chat shows once retention deleted what was said (its history stays): it was blank."""
    if as_evidence:
        return f"Meldingene er slettet etter {days:g} dager (tatt vare på som bevis for trusler eller sjikane)."
    return f"Meldingene er slettet etter {days:g} dager, slik vi lovet."


def close_outcome_label(outcome: str | None) -> str | None:
    if not outcome:
        return None
    return CLOSE_OUTCOME_LABELS.get(outcome) or _words(outcome)


def presence_label(presence: str | None) -> str | None:
    return _member_label(Presence, PRESENCE_LABELS, presence)


def diskresjonskode_label(code: str | None) -> str | None:
    if not code or code == "ANY":
        return None
    return DISKRESJONSKODE_LABELS.get(code, code)


def enhet_type_label(code: str | None) -> str | None:
    return _member_label(EnhetType, ENHET_TYPE_NAVN, code)


def enhet_label(enhetsnummer: str | None, navn: str | None) -> str | None:
    """ "Nav Frogner (0312)"; the number alone when no name is known."""
    if not enhetsnummer:
        return None
    return _named(navn, enhetsnummer) if navn and navn != enhetsnummer else enhetsnummer


def intent_label(intent: str | None) -> str | None:
    """What the bot understood, in words ("søke om økonomisk sosialhjelp"); the code stays in the API."""
    if not intent:
        return None
    return INTENT_LABELS.get(intent) or _words(intent)


def language_label(code: str | None, language_name: Lookup) -> str | None:
    if not code:
        return None
    return language_name(code) or code


def handoff_reason_text(reason: str | None) -> str | None:
    """Why a human was asked for, in words: older codes (acute_need, bot:dagpenger) and intent names replaced."""
    if not reason:
        return None
    text = reason.strip()
    if text in _LEGACY_HANDOFF_REASONS:
        return _LEGACY_HANDOFF_REASONS[text]
    if text.startswith("bot:"):
        return f"{_LEGACY_HANDOFF_REASONS['bot']} (siste tema: {intent_label(text[4:].strip())})"
    if text in INTENT_LABELS:
        return INTENT_LABELS[text]
    return _LAST_TOPIC.sub(lambda m: f"(siste tema: {intent_label(m.group(1))})", text)


def _words(code: str) -> str:
    """A code nobody has named yet, made readable rather than shown raw ("ny_kode" -> "ny kode")."""
    return code.replace("_", " ").strip()


# --- what the bot learned ---------------------------------------------------------------------------------------


def _digisos_field(key: str) -> str | None:
    field = key.removeprefix(DIGISOS_PREFIX)
    return field if field in DIGISOS_FIELD_LABELS else None


def fact_label(key: str) -> str:
    """The label of one thing the bot learned ("digisos_bosituasjon" -> "Bosituasjon")."""
    if key in SUMMARY_KEY_LABELS:
        return SUMMARY_KEY_LABELS[key]
    field = _digisos_field(key)
    if field:
        return DIGISOS_FIELD_LABELS[field]
    words = _words(key.removeprefix(DIGISOS_PREFIX))
    return words[:1].upper() + words[1:]


def _split(value: Any) -> list[str]:
    items = value if isinstance(value, list | tuple) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def fact_text(key: str, value: Any, language_name: Lookup) -> str:
    """One learned value in words: intents named, the guide's answers in words."""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if key == "emner":
        return ", ".join(intent_label(item) or item for item in _split(value))
    if _digisos_field(key):
        return ", ".join(DIGISOS_VALUE_LABELS.get(item, item) for item in _split(value))
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{fact_label(str(k))}: {fact_text(str(k), v, language_name)}" for k, v in value.items())
    return str(value)


_BOT_WORKING_SLOTS = frozenset({"requested_slot", "language"})
# Why the handoff did not route on the bot's kommune (Conversation.set_aside_bot_place), in the history's line and
# beside the bot's fact: a veileder reading "Sted: Bergen" took it for where the bruker lives.
BOT_PLACE_NOT_HOME = "brukeren skrev at hen ikke bor der"
BOT_PLACE_NOT_USED = f"ikke brukt – {BOT_PLACE_NOT_HOME}"


def bot_facts(summary: Mapping[str, Any] | None, slots: Mapping[str, Any] | None,
              language_name: Lookup, *, place_set_aside: str | None = None) -> list[dict[str, Any]]:
    """What the bot learned, summary first, then the slots it holds that the summary does not (no empty ones).

    Not the bot's own working slots: the form's next question, and the language it answers in (bokmål for a
    Polish bruker, whose text it reads translated: "Språk i chatroboten: norsk bokmål" beside "Språk: polsk"
    misled; the conversation's language is shown beside the conversation). The bot's kommune the handoff set
    aside (``place_set_aside``: she wrote she does not live there) says so in its text and ``set_aside``."""
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for source in (summary or {}, slots or {}):
        for key, value in source.items():
            if key in seen or value is None or value == "" or value == [] or key in _BOT_WORKING_SLOTS:
                continue
            seen.add(key)
            row: dict[str, Any] = {"key": key, "label": fact_label(key), "text": fact_text(key, value, language_name)}
            if key == "kommune" and place_set_aside and row["text"].casefold() == place_set_aside.casefold():
                row.update(text=f"{row['text']} ({BOT_PLACE_NOT_USED})", set_aside=True)
            rows.append(row)
    return rows


# --- the history ------------------------------------------------------------------------------------------------


def history_label(kind: str) -> str:
    return HISTORY_LABELS.get(kind, UNKNOWN_HISTORY_LABEL)


def history_text(kind: str, reason: str | None, data: Mapping[str, Any] | None, *, actor: str | None,
                 language_name: Lookup, enhet_name: Lookup) -> str:
    """One line of the conversation's history in words: what happened and, where it says something, why."""
    data = data or {}
    reason = (reason or "").strip()

    def enhet(key: str) -> str | None:
        number = data.get(key)
        return enhet_label(str(number), enhet_name(str(number))) if number else None

    detail: str | None = None
    if kind == Transition.HANDOFF.value:
        detail = handoff_reason_text(reason)
    elif kind == Transition.ASSIGN.value:
        how = _ASSIGN_REASONS.get(reason, reason if reason and not _CODE.fullmatch(reason) else None)
        who = str(data.get("veileder_navn") or "").strip()
        detail = ", ".join(part for part in (who, how) if part) or None
    elif kind == Transition.TRANSFER.value:
        detail = _transfer_detail(reason, data, actor, enhet("to_enhetsnummer"))
    elif kind == Transition.CLOSE.value:
        return _close_text(reason, data, actor)
    elif kind == STAFF_NOTE:  # "Internt notat fra Kari Nordmann: ..." (after the purge only "notat" is left)
        who = str(data.get("by_navn") or "").strip()
        return f"{history_label(kind)}{f' fra {who}' if who else ''}: {reason}" if reason else history_label(kind)
    elif kind == "routed":
        detail = f"til {enhet('enhetsnummer')}" if data.get("enhetsnummer") else None
        if detail and "FALLBACK" in reason:
            detail += " (reserve: kildene oppgir ikke noe kontor for stedet)"
    elif kind == "registered_elsewhere":
        detail = f"brukeren er registrert ved {enhet('enhetsnummer')}, som veilederen kan overføre den til" \
            if data.get("enhetsnummer") else None
    elif kind == "emergency_moved_unattended":
        detail = f"flyttet til {enhet('to_enhetsnummer')} med en gang" if data.get("to_enhetsnummer") else None
    elif kind == "sla_breached":
        target = enhet("to_enhetsnummer")
        if target:
            detail = f"flyttet til {target}"
        elif data.get("nobody_on_duty_at"):  # queue.decide_breach: a step not taken now
            where = " og ".join(enhet_label(str(e), enhet_name(str(e))) for e in data["nobody_on_duty_at"])
            detail = f"ingen pålogget som kan ta den på {where}, så den ble stående; leder er varslet"
        else:
            detail = "ingen flere enheter å flytte til, leder er varslet"
    elif kind == "queue_acknowledged":
        position = data.get("position") or next(iter(_QUEUE_POSITION.findall(reason)), None)
        detail = f"nummer {position}" if position else None
    elif kind == "language_asked":
        detail = "meldingen var for kort til å kjenne igjen språket" if reason == "short text" else None
    elif kind in ("language_chosen", "interpreter_requested"):
        detail = language_label(reason, language_name)
    elif kind == "created":
        channel = reason.removeprefix("channel ").strip()
        detail = f"i {CHANNEL_LABELS[channel]}" if channel in CHANNEL_LABELS else None
    elif kind == "place_answered":
        detail = reason if reason and not _CODE.fullmatch(reason) else None
    elif kind not in HISTORY_LABELS or kind in ("acute_need_detected", "emergency_contacts_shown", "escalated",
                                                "bot_place_set_aside"):
        # Words written for staff pass; a code does not.
        detail = reason if reason and not _CODE.fullmatch(reason) and " " in reason else None
    label = history_label(kind)
    if not detail:
        return label
    return f"{label} {detail}" if detail.startswith(("til ", "i ")) else f"{label}: {detail}"


def closed_by(actor: str | None, by_navn: Any = None) -> str | None:
    """Who ended a conversation, as the history says it: the bruker, the staff member by name (every reader of the
    history may see the conversation, and the assignment row names its veileder too), else by username."""
    if actor == "bruker":
        return "brukeren"
    if actor and actor.startswith("veileder:"):
        return str(by_navn or "").strip() or f"veileder {actor.removeprefix('veileder:')}"
    return None


def _close_text(reason: str, data: Mapping[str, Any], actor: str | None) -> str:
    """ "Avsluttet av Kari Nordmann: Besvart", "Avsluttet av brukeren", "Avsluttet av Nks1 Testesen mens samtalen
    ventet i køen: Henvist": who ended the chat, and how."""
    text = history_label(Transition.CLOSE.value)
    if who := closed_by(actor, data.get("by_navn")):
        text += f" av {who}"
    elif actor == "router":  # retention: only the bot had it, and nobody wrote for a long while
        text += " automatisk"
    if data.get("while_queued"):  # nobody had taken it: no veileder ever spoke with the bruker
        text += " mens samtalen ventet i køen"
    outcome = close_outcome_label(reason) if reason != BRUKER_CLOSED or actor != "bruker" else None
    text = f"{text}: {outcome}" if outcome else text
    # What happened, as the veileder wrote it (a threat's note: evidence for a report).
    return f"{text}. Notat: {data['note']}" if data.get("note") else text


def why_moved_automatically(data: Mapping[str, Any]) -> str:
    """Why the SLA ladder moved a conversation (Conversation.escalate's transfer ``data``): its deadline passed, or
    it was nødhjelp that nobody online where it was could take (queue.decide_unattended_emergency)."""
    if data.get("unattended"):
        return "fordi ingen pålogget kunne ta nødhjelpen der den ventet"
    return "fordi fristen for svar gikk ut"


def why_the_router_moved(reason: str) -> str | None:
    """Why the router itself moved a waiting conversation, from its transfer's reason (services/rerouting.py,
    services/login.py), in words without what the bruker wrote; None for another reason. Probe 162's veileder read
    "Overført fra Nav kontaktsenter generelt (NKS-OVRG)" and took it for a colleague's transfer."""
    if reason.startswith("bruker oppga sted"):
        return "fordi brukeren oppga hvor hen bor"
    if reason.startswith("innlogget"):
        return "etter at brukeren logget inn (folkeregistrert adresse)"
    return None


def _transfer_detail(reason: str, data: Mapping[str, Any], actor: str | None, target: str | None) -> str:
    text = f"til {target}" if target else "til en annen enhet"
    if data.get("to_veileder"):
        text += f", reservert for {data.get('to_veileder_navn') or data['to_veileder']}"
    if data.get("action"):  # the SLA ladder moved it (Conversation.escalate)
        text += f" {why_moved_automatically(data)}"
    elif reason and reason != "overført":
        by_person = bool(actor and actor.startswith("veileder:"))
        text += f" – notat: {reason}" if by_person else f" – {reason}"
    return text


def withdrawn_text(*, by: str | None, why: str | None = None, to_enhet: str | None, to_veileder: str | None = None,
                   note: str | None = None) -> str:
    """What the veileder who had a conversation is told when it is moved away from them: by whom, where, why.
    ``to_enhet`` is None when they may not know where it went (need-to-know: a kode 6 office is never named to
    someone without that permission); the note is then left out too."""
    if to_enhet is None:
        where = "til en enhet der du ikke har tilgang til den"
    elif to_veileder:
        where = f"til {to_veileder} i {to_enhet}"
    else:
        where = f"til køen til {to_enhet}"
    text = " ".join(part for part in ("Samtalen ble flyttet", f"av {by}" if by else None, where, why) if part) + "."
    note = (note or "").strip().rstrip(".!?")
    if note and to_enhet is not None:
        text += f" Notat: {note}."
    return f"{text} Den er ikke lenger din."


# --- the audit log (GET /api/admin/audit and its page, /tilgangslogg) ------------------------------------------
# Every action code services write to the audit log, in the order the page offers them as a filter.

AUDIT_ACTION_LABELS: Mapping[str, str] = {
    "read": "Åpnet samtalen",
    "live_read": "Fikk samtalen vist direkte på skjermen",
    "search": "Søkte i samtaler",
    "search_hit": "Samtalen var treff i et søk",
    "transcript_download": "Lastet ned samtalen",
    "refused": "Ble nektet tilgang",
    "take": "Tok samtalen",
    "reply": "Svarte brukeren",
    "transfer": "Overførte samtalen",
    "transfer_candidates": "Så hvem samtalen kan overføres til",
    "back_to_bot": "Ga samtalen tilbake til chatroboten",
    "close": "Avsluttet samtalen",
    "note": "Skrev et internt notat",
    "request_login": "Ba brukeren logge inn",
    "register_lookup": "Slo opp i personregistrene",
    "innsyn_lookup": "Slo opp brukerens sak",
    "person_shown": "Så brukerens navn og fødselsnummer",
    "innsyn_refused": "Ble nektet å se brukerens sak",
    "bruker_resumed": "Brukeren fortsatte samtalen etter innlogging",
    "evidence_deleted": "Samtale oppbevart som bevis ble slettet",
    "login": "Logget inn",
    "logout": "Logget ut",
    "audit_query": "Søkte i tilgangsloggen",
}

# What an attempt (``refused``'s detail.attempt) was, when it is no action of the list above.
AUDIT_ATTEMPT_LABELS: Mapping[str, str] = {
    "typing": "Skrev i samtalen",
    "watch": "Fulgte samtalen direkte",
    "case": "Så brukerens sak",
}

AUDIT_REFUSAL_LABELS: Mapping[str, str] = {
    "not_handed_off": "brukeren hadde ikke bedt om en veileder, eller var tilbake hos chatroboten",
    "missing_permission": "mangler tilgangen samtalen krever",
    "other_enhet": "samtalen hører til en annen enhet",
    "role_reads_no_content": "rollen leser ikke samtaler",
    "role_answers_no_brukere": "rollen svarer ikke brukere",
    "transfer_refused": "flyttingen ble avvist",
    "closed_not_theirs": "avsluttet samtale som ikke var deres",
}

# Why a staff member read a conversation (a read's detail.why: access.ReadPurpose), from the reader's rule.
READ_PURPOSE_LABELS: Mapping[str, str] = {
    "assigned": "tildelt veilederen",
    "transferred_to_them": "overført til veilederen",
    "transferred_to_enhet": "overført til egen enhet",
    "enhet_queue": "samtale ved egen enhet",
    "had_it": "egen avsluttet samtale",
    "same_person": "samme bruker, samtale du har nå",
    "kontaktsenter": "kontaktsenter-oversikt",
}

PROTECTION_LABELS: Mapping[str, str] = {
    "strengt_fortrolig": "Strengt fortrolig (kode 6)",
    "fortrolig": "Fortrolig (kode 7)",
    "skjermet": "Skjermet",
}

_AUDIT_DETAIL_WORDS: Mapping[str, str] = {
    "attempt": "Forsøkte",
    "reason": "Grunn",
    "needs": "Krever",
    "outcome": "Utfall",
    "while_queued": "Mens samtalen ventet i køen",
    "kept_as_evidence_until": "Oppbevares som bevis til",
    "note_chars": "Notat (antall tegn)",
    "to": "Til enhet",
    "because": "Fordi",
    "veileder": "Til veileder",
    "enhet": "Enhet",
    "hits": "Treff",
    "searched": "Søkte etter",
    "messages": "Meldinger",
    "why": "Formål",
    "purpose": "Formål",
    "registers": "Registre",
    "person": "Person (pseudonym)",
    "refused": "Nektet",
    "closed": "Avsluttet",
    "closed_at": "Avsluttet",
    # a bruker's chat given back at a login in a new tab: the chat she logged in from (probe 157 read "from: 5425…")
    "from": "Fra samtale",
    "rows": "Rader vist",
    "conversation_id": "Samtale",
    "username": "Brukernavn",
    "action": "Handling",
    "since": "Fra",
    "until": "Til",
    "before_id": "Eldre enn rad",
}


# Times in an audit row's detail (ISO 8601, UTC), shown in Norwegian time as the page shows a row's own.
_AUDIT_DETAIL_TIMES = frozenset({"since", "until", "kept_as_evidence_until", "closed_at"})


# What is kept from a staff member without the permission a chat needs (kode 6, kode 7, skjermet), in one word for
# every note that says so: never which kind a hidden chat is.
PROTECTED_WORDS = "adressebeskyttelse/skjerming"


def hidden_conversations_note(count: int) -> str | None:
    """What a reader of the audit log is told when rows matching the search are withheld from them (kode 6/7,
    skjermet, access.audit_rows_hidden_from): how many conversations, never which nor why each one. Not for a search
    of one named conversation (AUDIT_ONE_CONVERSATION_NOTE)."""
    if count <= 0:
        return None
    said = "1 samtale er skjult" if count == 1 else f"{count} samtaler er skjult"
    return f"{said} for deg ({PROTECTED_WORDS})."


# The veileder console's queue, to staff from whom a chat could be kept by its protection
# (access.may_have_protected_hidden): said whether or not any such chat waits. A count, or a line shown only while
# one waits, would tell a small office the moment a kode 7 or skjermet bruker (a colleague, someone who just rang)
# came into its queue (docs/PRIVACY.md).
QUEUE_HIDDEN_NOTE = (f"Samtaler med {PROTECTED_WORDS} som du ikke har tilgang til, vises ikke i køen, og køen sier "
                     "ikke om det venter noen. Kolleger med tilgang tar dem.")

# The audit log searched for one conversation by its id, to a reader from whom rows could be withheld: the same words
# whether the conversation has no rows or its rows are withheld, so an id learnt from a colleague or a transfer does
# not tell that the chat is protected (docs/PRIVACY.md).
AUDIT_ONE_CONVERSATION_NOTE = (f"Rader om samtaler med {PROTECTED_WORDS} som du ikke har tilgang til, vises ikke, og "
                               "ved søk på én samtale sier vi ikke om den har det.")


def audit_action_label(action: str) -> str:
    """An audit row's action in words; an unknown code as it is."""
    return AUDIT_ACTION_LABELS.get(action) or AUDIT_ATTEMPT_LABELS.get(action) or action


def protection_label(permissions: list[str]) -> str | None:
    """The protection of the conversation an audit row is about (the permissions it needs), or None."""
    return ", ".join(PROTECTION_LABELS.get(p, p) for p in permissions) or None


def _detail_value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, list):
        return ", ".join(_detail_value(key, item) for item in value)
    if key == "attempt" or key == "action":
        return audit_action_label(str(value)).lower()
    if key == "reason":
        return AUDIT_REFUSAL_LABELS.get(str(value), str(value))
    if key == "why":
        return READ_PURPOSE_LABELS.get(str(value), str(value))
    if key == "needs":
        return PROTECTION_LABELS.get(str(value), str(value)).lower()
    if key == "outcome":
        return CLOSE_OUTCOME_LABELS.get(str(value), str(value))
    if key in _AUDIT_DETAIL_TIMES:
        try:
            return datetime.fromisoformat(str(value)).astimezone(OSLO).strftime("%d.%m.%Y %H:%M:%S")
        except ValueError:
            return str(value)
    return str(value)


# The detail that says why (a read's derived ground, a lookup's reason, a download's typed purpose): the page's
# "Formål" column, not repeated in the detail text.
_AUDIT_PURPOSE_KEYS = ("why", "purpose")


def audit_purpose_label(detail: Mapping[str, Any]) -> str | None:
    """Why the row's action was done, in words (READ_PURPOSE_LABELS for a read's code, else as stated), or None."""
    parts = [_detail_value(key, detail[key]) for key in _AUDIT_PURPOSE_KEYS if detail.get(key)]
    return " · ".join(parts) or None


def audit_detail_text(detail: Mapping[str, Any]) -> str:
    """An audit row's detail in words, "Forsøkte: åpnet samtalen · Grunn: ..." (codes kept where no word is
    known), its purpose left to audit_purpose_label; empty when there is none."""
    return " · ".join(f"{_AUDIT_DETAIL_WORDS.get(key, key)}: {_detail_value(key, value)}"
                      for key, value in detail.items() if value is not None and key not in _AUDIT_PURPOSE_KEYS)


# --- the choices the console offers -----------------------------------------------------------------------------


def staff_choices() -> dict[str, Any]:
    """The fixed choices of the staff pages, each code with its words: how to close, which presence; and the words
    that tell a Norwegian reply from an English one (language_policy.reads_as_norwegian), for the console's warning
    before a Norwegian reply goes to a bruker who writes English."""
    return {
        "close_outcomes": [{"value": code, "label": label} for code, label in CLOSE_OUTCOME_LABELS.items()
                           if code in STAFF_CLOSE_OUTCOMES],
        "presences": [{"value": presence.value, "label": label} for presence, label in PRESENCE_LABELS.items()],
        "reply_words": {"norwegian": sorted(NORWEGIAN_REPLY_WORDS), "english": sorted(ENGLISH_REPLY_WORDS)},
        "audit_actions": [{"value": code, "label": label} for code, label in AUDIT_ACTION_LABELS.items()],
    }

