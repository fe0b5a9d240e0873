"""Staff read words, not codes: every code the service keeps has bokmål words (router/domain/staff_labels.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from router.domain import language_policy
from router.domain import staff_labels as words
from router.domain.assignment import Presence
from router.domain.conversation import (
    BRUKER_CLOSED,
    CONTINUED_IN_EARLIER,
    STAFF_CLOSE_OUTCOMES,
    ConversationState,
)
from router.domain.events import Transition
from router.domain.expiry import EXPIRED
from router.domain.queue import Priority
from router.domain.routing import EnhetType, Tema, Temagruppe

ROOT = Path(__file__).resolve().parents[3]
NAMES = {"nb": "norsk bokmål", "pl": "polsk", "uk": "ukrainsk"}
ENHETER = {"0312": "Nav Frogner", "0315": "Nav Grünerløkka"}
CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # sosialhjelp_apply, bor_hos_andre, queue_acknowledged ...


def text(kind: str, reason: str = "", data: dict[str, object] | None = None, actor: str = "router") -> str:
    return words.history_text(kind, reason, data, actor=actor, language_name=NAMES.get, enhet_name=ENHETER.get)


def test_every_code_of_the_domain_has_words() -> None:
    assert set(words.TEMA_NAVN) == set(Tema)
    assert set(words.TEMAGRUPPE_NAVN) == set(Temagruppe)
    assert set(words.STATE_LABELS) == set(ConversationState)
    assert set(words.PRIORITY_LABELS) == set(Priority)
    assert set(words.PRESENCE_LABELS) == set(Presence)
    assert set(words.ENHET_TYPE_NAVN) == set(EnhetType)
    assert set(words.CLOSE_OUTCOME_LABELS) == STAFF_CLOSE_OUTCOMES | {BRUKER_CLOSED, CONTINUED_IN_EARLIER, EXPIRED}
    assert {t.value for t in Transition} <= set(words.HISTORY_LABELS)


def test_tema_and_temagruppe_keep_the_code_beside_the_words() -> None:
    assert words.tema_label("KOM") == "Sosialhjelp og kommunale tjenester (KOM)"
    assert words.tema_label("DAG") == "Dagpenger (DAG)"
    assert words.tema_label("OKSOS") == "Økonomisk sosialhjelp (OKSOS)", "a temagruppe code given as tema"
    assert words.temagruppe_label("ARBD") == "Arbeid (ARBD)"
    assert words.temagruppe_label("DAG") == "Dagpenger (DAG)"
    assert words.tema_label("XYZ") == "Ukjent tema (XYZ)"
    assert words.tema_label(None) is None and words.tema_label("") is None


def test_states_priorities_outcomes_presence_and_protection() -> None:
    assert [words.state_label(s.value) for s in ConversationState] == [
        "Hos chatroboten", "I kø", "Hos veileder", "Avsluttet"]
    assert (words.priority_label("emergency"), words.priority_label("normal")) == ("Nødhjelp", "Vanlig")
    assert words.close_outcome_label("ikke_nav") == "Ikke en NAV-sak"
    assert words.close_outcome_label("bruker_avsluttet") == "Brukeren avsluttet samtalen"
    assert words.close_outcome_label("ny_utgang") == "ny utgang", "an unnamed code is made readable, not raw"
    assert words.presence_label("online") == "Tilgjengelig"
    assert words.state_label("UKJENT") == "UKJENT"
    assert words.diskresjonskode_label("SPSF") == "Strengt fortrolig adresse (kode 6)"
    assert words.diskresjonskode_label("ANY") is None
    assert words.enhet_label("0312", "Nav Frogner") == "Nav Frogner (0312)"
    assert words.enhet_label("0312", "0312") == "0312" and words.enhet_label(None, "x") is None
    assert words.enhet_type_label("LOKAL") == "NAV-kontor"


def _bot_intents() -> set[str]:
    found: set[str] = set()
    for path in sorted((ROOT / "bot").glob("*.yml")):
        for intent in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents") or []:
            found.add(intent if isinstance(intent, str) else next(iter(intent)))
    spec = ROOT.parent / "shared" / "spec" / "intents.yml"
    if spec.exists():
        found |= set(yaml.safe_load(spec.read_text(encoding="utf-8"))["intents"])
    return found


def test_every_intent_of_the_bot_has_words() -> None:
    intents = _bot_intents()
    assert "sosialhjelp_apply" in intents, "the bot's domain was read"
    assert intents - set(words.INTENT_LABELS) == set()
    assert all(not CODE.search(label) for label in words.INTENT_LABELS.values())
    assert words.intent_label("sosialhjelp_apply") == "søke om økonomisk sosialhjelp"
    assert words.intent_label("ny_intensjon") == "ny intensjon"


def test_every_answer_of_the_digisos_guide_has_words() -> None:
    from actions import digisos

    values = {value for patterns in digisos.PATTERNS.values() for value, _ in patterns}
    values |= {digisos.fallback_value(field) for field in digisos.FIELDS} | {"ja", "nei", "ingen", "vet_ikke"}
    assert values - set(words.DIGISOS_VALUE_LABELS) == set()
    assert set(digisos.FIELDS) == set(words.DIGISOS_FIELD_LABELS)


def test_what_the_bot_learned_reads_as_words() -> None:
    facts = words.bot_facts(
        {"emner": "greet, sosialhjelp_emergency", "digisos_behov": "strom,husleie", "postnummer": "0150"},
        {"digisos_behov": "annet", "language": "pl", "digisos_barn": "vet_ikke", "digisos_done": False,
         "requested_slot": "digisos_barn", "bydel": "", "ukjent_slot": "x", "behov": "mat"},
        NAMES.get,
    )
    assert [(f["label"], f["text"]) for f in facts] == [
        ("Brukeren spurte om", "hilsen, akutt behov for hjelp (nødhjelp)"),
        ("Trenger penger til", "strøm, husleie"),
        ("Postnummer", "0150"),
        ("Har barn", "vet ikke"),
        ("Gikk gjennom søknadsveiledningen", "nei"),
        ("Ukjent slot", "x"),
        ("Trenger penger til", "mat"),
    ]
    assert all(not CODE.search(f["label"] + " " + f["text"]) for f in facts)
    assert words.bot_facts(None, None, NAMES.get) == []


@pytest.mark.parametrize(("reason", "expected"), [
    ("acute_need", "akutt behov: brukeren trenger hjelp i dag (nødhjelp)"),
    ("user_asked_for_human", "bruker ba om en veileder"),
    ("bot", "chatroboten kunne ikke hjelpe"),
    ("bot:dagpenger", "chatroboten kunne ikke hjelpe (siste tema: dagpenger)"),
    ("chatroboten kunne ikke hjelpe (siste tema: sosialhjelp_status)",
     "chatroboten kunne ikke hjelpe (siste tema: status på søknad om sosialhjelp)"),
    ("bruker ba om en veileder", "bruker ba om en veileder"),
    ("sosialhjelp_emergency", "akutt behov for hjelp (nødhjelp)"),
])
def test_the_handoff_reason_reads_as_words(reason: str, expected: str) -> None:
    assert words.handoff_reason_text(reason) == expected


def test_the_reasons_the_action_server_sends_read_as_words() -> None:
    from actions.handoff import reason_for

    for intents, priority in ((["sosialhjelp_emergency"], "emergency"), (["greet", "human_handoff"], "normal"),
                              (["sosialhjelp_apply"], "normal"), (["bot_challenge", "payment_dates"], "normal"), ([], "normal")):
        shown = words.handoff_reason_text(reason_for(intents, priority)) or ""
        assert not CODE.search(shown), shown


def test_history_lines_in_words() -> None:
    assert text("handoff", "acute_need") == "Satt i kø for veileder: akutt behov: brukeren trenger hjelp i dag (nødhjelp)"
    assert text("assign", "tatt fra køen") == "Tildelt veileder: veilederen tok den fra køen"
    assert text("assign", "automatisk tildelt") == "Tildelt veileder: automatisk"
    assert text("assign", "tildelt den samtalen var holdt av til", {"veileder_navn": "Aisha Ali"}) == (
        "Tildelt veileder: Aisha Ali, samtalen var holdt av til hen"), "sent by name: not «automatisk» (probe 162)"
    assert text("assign", "tatt fra køen", {"veileder_id": 7, "veileder_navn": "Kari Nordmann"}) == (
        "Tildelt veileder: Kari Nordmann, veilederen tok den fra køen"), "the history names who had it"
    assert text("veileder_reply_untranslated", "no translation model") == (
        "Brukeren fikk vite at veilederens svar ikke kan oversettes til språket deres (ingen oversettelse installert)")
    assert text("close", "bruker_forlot") == "Avsluttet automatisk: Brukeren forlot samtalen"
    assert text("back_to_bot", "back_to_bot") == "Gitt tilbake til chatroboten"
    assert text("veileder_offline", "veileder gikk offline") == "Tilbake i køen fordi veilederen ble frakoblet"
    assert text("routed", "rule on tema KOM; FALLBACK: the sources name no office here", {"enhetsnummer": "0315"}) == (
        "Rutet til Nav Grünerløkka (0315) (reserve: kildene oppgir ikke noe kontor for stedet)")
    assert text("routed", "rule on geografisk tilknytning 030102", {"enhetsnummer": "0315"}) == (
        "Rutet til Nav Grünerløkka (0315)"), "the rule's technical reason stays in the API"
    assert text("sla_breached", "SLA deadline passed; escalate to 0312", {"to_enhetsnummer": "0312"}) == (
        "Fristen for svar gikk ut: flyttet til Nav Frogner (0312)")
    assert text("sla_breached", "SLA deadline passed; no further enhet to try", {"to_enhetsnummer": None}) == (
        "Fristen for svar gikk ut: ingen flere enheter å flytte til, leder er varslet")
    assert text("transfer", "SLA deadline passed", {"to_enhetsnummer": "0312", "action": "move_to_alternate"}) == (
        "Overført til Nav Frogner (0312) fordi fristen for svar gikk ut")
    assert text("transfer", "overført", {"to_enhetsnummer": "0312"}, actor="veileder:kari") == (
        "Overført til Nav Frogner (0312)")
    assert text("transfer", "bruker oppga sted: Frogner", {"to_enhetsnummer": "0312"}) == (
        "Overført til Nav Frogner (0312) – bruker oppga sted: Frogner")
    assert text("queue_acknowledged", "number 3 in the queue") == "Brukeren fikk vite plassen sin i køen: nummer 3"
    assert text("language_asked", "short text") == (
        "Brukeren ble bedt om å velge språk: meldingen var for kort til å kjenne igjen språket")
    assert text("language_chosen", "pl") == "Språk valgt: polsk"
    assert text("interpreter_requested", "uk") == "Brukeren trenger tolk: ukrainsk"
    assert text("created", "channel rest") == "Samtalen startet i chatten på nav.no"
    assert text("place_asked", "stedet er ukjent") == "Brukeren ble spurt hvor hen bor"
    assert text("place_answered", "Frogner, Oslo") == "Brukeren svarte på hvor hen bor: Frogner, Oslo"
    assert text("acute_need_detected", "acute_need") == "Akutt behov oppdaget"
    assert text("moved_to_own_chat", "innlogging") == (
        "Brukeren flyttet samtalen fra chatten på en annen nettside til NAVs egen chatside for å logge inn")
    assert text("something_new", "some_code") == "Annen hendelse"
    assert text("something_new", "noe som skjedde") == "Annen hendelse: noe som skjedde"


def test_every_history_kind_the_router_writes_has_words() -> None:
    """A new note kind anywhere in the router must get its words here (else staff would read 'Annen hendelse')."""
    written, by_constant, constants = set(), set(), {}
    for path in (ROOT / "router").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        written |= set(re.findall(r"\.?_?note\(\s*\"([a-z_]+)\"", source))
        by_constant |= set(re.findall(r"\.note\(\s*([A-Z][A-Z_]+)\b", source))
        constants |= dict(re.findall(r"^([A-Z][A-Z_]+)(?:: [A-Za-z]+)? = \"([a-z_]+)\"$", source, re.MULTILINE))
    assert {"CONTACTS_SHOWN", "UNTRANSLATED_REPLY_TOLD"} <= by_constant <= set(constants), "kinds named by constant"
    written |= {constants[name] for name in by_constant}
    assert {"routed", "sla_breached", "queue_acknowledged"} <= written, "the router's notes were found"
    assert written - set(words.HISTORY_LABELS) == set()


def test_the_choices_the_console_offers() -> None:
    choices = words.staff_choices()
    assert {c["value"] for c in choices["close_outcomes"]} == STAFF_CLOSE_OUTCOMES
    assert choices["close_outcomes"][0] == {"value": "besvart", "label": "Besvart"}
    assert [c["value"] for c in choices["presences"]] == ["online", "busy", "away", "offline"]
    # The console's warning before a Norwegian reply to an English writer counts the router's own words.
    assert set(choices["reply_words"]["norwegian"]) == language_policy.NORWEGIAN_REPLY_WORDS
    assert set(choices["reply_words"]["english"]) == language_policy.ENGLISH_REPLY_WORDS


def test_a_veileder_is_told_by_whom_where_and_why_a_conversation_was_moved_away_as_far_as_they_may_know() -> None:
    assert words.withdrawn_text(by="Nina Kontaktsenter", to_enhet="Nav Frogner (0312)", to_veileder="Kari Nordmann",
                          note="Hun bor i Frogner.") == (
        "Samtalen ble flyttet av Nina Kontaktsenter til Kari Nordmann i Nav Frogner (0312). Notat: Hun bor i Frogner. "
        "Den er ikke lenger din.")
    # Where it went is kept from one who may not see it there (kode 6 at Vikafossen): the note too.
    assert words.withdrawn_text(by=None, why="etter at brukeren logget inn", to_enhet=None, note="kode 6") == (
        "Samtalen ble flyttet til en enhet der du ikke har tilgang til den etter at brukeren logget inn. "
        "Den er ikke lenger din.")


def test_a_queue_has_one_name_whether_named_by_a_tema_or_its_temagruppe() -> None:
    assert words.queue_label("KOM") == words.queue_label("OKSOS") == "Økonomisk sosialhjelp (OKSOS)"
    assert words.queue_label("DAG") == words.temagruppe_label("ARBD")


def test_the_history_says_who_ended_the_chat() -> None:
    """A user probe: the transcript did not say whether the bruker or the veileder ended it."""
    assert text("close", "besvart", {"by_navn": "Kari Nordmann"}, actor="veileder:veileder1") == (
        "Avsluttet av Kari Nordmann: Besvart")
    assert text("close", "besvart", {}, actor="veileder:veileder1") == "Avsluttet av veileder veileder1: Besvart", (
        "a row from before the name was kept names the username")
    assert text("close", "bruker_avsluttet", {}, actor="bruker") == "Avsluttet av brukeren"
    assert text("close", "bruker_forlot", {}, actor="router") == "Avsluttet automatisk: Brukeren forlot samtalen"


def test_a_resumed_chats_audit_detail_is_in_words() -> None:
    """Probe 157: the audit page read "from: 5425… · Avsluttet: nei" for a chat given back at a login."""
    assert words.audit_detail_text({"from": "5425abcd", "closed": False}) == "Fra samtale: 5425abcd · Avsluttet: nei"
