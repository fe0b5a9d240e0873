"""The application's steps around the guide: where to apply (Digisos capability), the postnummer confirmed with its
place, questions inside the guide, personopplysninger, oppsummering, send, the short form, the tolk answer."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.digisos import answers_in_text, apply_answers
from actions.digisos_steps import apply_offer, oppsummering, place_to_confirm, recent_recipient, yes_or_no
from actions.guide_questions import is_question, question_reply
from actions.places import describe_postnummer, postnummer_confirmation, postnummer_place
from tests.unit.actions.bot_action_fakes import FakeRouter, tracker

ROOT = Path(__file__).resolve().parents[3]
DIGITAL = {"navn": "Bergen", "digisos": {"digital_soknad": True, "midlertidig_stengt": False, "innsyn": True}}


def form_tracker(slots: dict[str, Any], text: str, intent: str = "digisos_answer", requested: str | None = None,
                 entities: list[dict[str, Any]] | None = None, confidence: float = 0.9) -> Tracker:
    """A tracker inside digisos_form: `requested` was asked before the latest message `text`."""
    events: list[dict[str, Any]] = [{"event": "slot", "name": "requested_slot", "value": requested},
                                    {"event": "user", "text": text,
                                     "parse_data": {"intent": {"name": intent, "confidence": confidence}}}]
    latest = {"intent": {"name": intent, "confidence": confidence}, "entities": entities or [], "text": text}
    return Tracker("conv-1", {"requested_slot": requested, **slots}, latest, events, False, None,
                   {"name": "digisos_form"}, "action_listen")


DOMAIN: dict[str, Any] = {"responses": {"utter_dagpenger": [{"text": "Dagpenger ..."}]}}


# --- 1. where to apply: the kommune's capability, paper and the office always --------------------------------------

@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_general_apply_answer_says_digital_depends_on_the_kommune_and_offers_paper(lang: str) -> None:
    domain = yaml.safe_load((ROOT / "bot" / "digisos.yml").read_text(encoding="utf-8"))
    variants = domain["responses"]["utter_sosialhjelp_apply"]
    text = next(v["text"] for v in variants if lang == "nb" and "condition" not in v
                or any(c.get("value") == lang for c in v.get("condition", [])))
    assert "nav.no/sosialhjelp" in text
    assert {"nb": "Tar kommunen din imot digitale søknader", "nn": "Tek kommunen din imot digitale søknader",
            "en": "If your municipality accepts online applications"}[lang] in text
    assert {"nb": "papir", "nn": "papir", "en": "paper"}[lang] in text
    assert {"nb": "NAV-kontoret", "nn": "NAV-kontoret", "en": "NAV office"}[lang] in text
    assert {"nb": "kommune du bor i", "nn": "kommune du bur i", "en": "municipality you live in"}[lang] in \
        apply_offer(None, lang)


@pytest.mark.parametrize(("digisos", "said"), [
    ({"digital_soknad": True, "midlertidig_stengt": True}, "midlertidig stengt"),
    ({"digital_soknad": False}, "tar ikke imot digitale søknader"),
    (None, "fikk ikke sjekket"),
])
async def test_apply_with_a_kommune_uses_its_capability_and_paper_always(digisos: dict[str, Any] | None,
                                                                        said: str) -> None:
    from actions.digisos_form import ActionSosialhjelpApply

    action = ActionSosialhjelpApply()
    action.client_factory = lambda: FakeRouter(kommune={"navn": "Moss", "digisos": digisos} if digisos else None)  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker({"kommune": "Moss"}, ["sosialhjelp_apply"]), {})
    assert dispatcher.messages[0]["response"] == "utter_sosialhjelp_apply"  # the general answer first
    where = dispatcher.messages[1]["text"]
    assert said in where and "papir" in where and "kan du søke på nav.no" not in where


async def test_apply_action_asks_the_router_only_for_a_known_kommune() -> None:
    from actions.digisos_form import ActionSosialhjelpApply

    router = FakeRouter(kommune=DIGITAL)
    action = ActionSosialhjelpApply()
    action.client_factory = lambda: router  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker({"kommune": "Bergen"}, ["sosialhjelp_apply"]), {})
    assert router.calls == [("may_apply_digitally", "conv-1"), ("registered_abroad", "conv-1"), ("kommune", "Bergen")]
    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_sosialhjelp_apply"
    assert "Bergen tar imot digitale søknader" in dispatcher.messages[1]["text"]
    assert [b["payload"] for b in dispatcher.messages[2]["buttons"]] == ["/affirm", "/deny"]

    router = FakeRouter(kommune=DIGITAL)
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker({"language": "en"}, ["sosialhjelp_apply"]), {})
    assert router.calls == [("may_apply_digitally", "conv-1"), ("registered_abroad", "conv-1")]
    assert len(dispatcher.messages) == 2
    # the general answer, then the offer
    assert dispatcher.messages[0]["response"] == "utter_sosialhjelp_apply"
    assert "first I ask which municipality you live in" in dispatcher.messages[1]["text"]


async def test_one_registered_abroad_is_told_that_sosialhjelp_needs_a_stay_in_norway_first() -> None:
    """Emma got four messages: the general answer, the register line, the abroad answer and the guide's offer,
    which contradicted it. The register line, then the abroad answer (its ways to NAV, a person) as its own
    response; neither the general answer nor the guide."""
    from actions.digisos_form import ABROAD_RESPONSE, ActionSosialhjelpApply

    action = ActionSosialhjelpApply()
    action.client_factory = lambda: FakeRouter(may_apply_digitally=True, registered_abroad=True)  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker({"kommune": "Bergen"}, ["sosialhjelp_apply"]), {})
    assert [m.get("text") for m in dispatcher.messages] == ["Ifølge folkeregisteret bor du i utlandet."]
    assert events == [{"event": "followup", "timestamp": None, "name": ABROAD_RESPONSE}]


async def test_apply_action_mentions_the_short_form_to_a_recent_recipient() -> None:
    from actions.digisos_form import ActionSosialhjelpApply

    action = ActionSosialhjelpApply()
    action.client_factory = lambda: FakeRouter()  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    t = tracker({}, ["sosialhjelp_apply"], text="jeg fikk sosialhjelp forrige måned, må jeg søke på nytt?")
    events = await action.run(dispatcher, t, {})
    assert "kort søknad" in dispatcher.messages[1]["text"] and "Noen kommuner" in dispatcher.messages[1]["text"]
    assert events == [{"event": "slot", "timestamp": None, "name": "digisos_nylig_mottaker", "value": True}]


@pytest.mark.parametrize(("text", "recent"), [
    ("jeg fikk sosialhjelp forrige måned", True),
    ("fekk sosialhjelp for to månader sidan", True),
    ("jeg får sosialhjelp nå, men det holder ikke", True),
    ("I got financial assistance last month", True),
    ("fikk avslag på sosialhjelp forrige måned", False),
    ("jeg har aldri fått sosialhjelp", False),
    ("jeg får ikke sosialhjelp", False),
    ("fikk sosialhjelp i 2015", False),
])
def test_recent_recipient(text: str, recent: bool) -> None:
    assert recent_recipient(text) is recent


# --- 3. the postnummer confirmed with its place; an amount is never a postnummer ---------------------------------

def test_a_postnummer_is_said_back_with_its_place() -> None:
    oslo, sandvika = postnummer_place("0557"), postnummer_place("1337")
    assert oslo is not None and sandvika is not None
    assert postnummer_confirmation(oslo, "nb") == "Postnummer 0557 er Oslo, bydel Grünerløkka. Stemmer det?"
    assert describe_postnummer(sandvika, "nn") == "1337 er Sandvika i Bærum kommune"
    assert postnummer_confirmation(sandvika, "en") == "Postcode 1337 is Sandvika in Bærum municipality. Is that right?"
    assert postnummer_place("9999") is None and postnummer_place(None) is None


def test_only_a_typed_postnummer_of_the_kommune_is_confirmed() -> None:
    assert place_to_confirm({"kommune": "Oslo", "postnummer": "0557"}) is not None
    assert place_to_confirm({"kommune": "Oslo", "postnummer": "0557", "digisos_sted_ok": "ja"}) is None
    assert place_to_confirm({"kommune": "Bergen", "postnummer": "0557"}) is None  # the kommune came from elsewhere
    assert place_to_confirm({"kommune": "Oslo"}) is None


def _postnummer_regex() -> re.Pattern[str]:
    data = yaml.safe_load((ROOT / "data" / "nlu" / "office_lookups.yml").read_text(encoding="utf-8"))
    entry = next(e for e in data["nlu"] if e.get("regex") == "postnummer")
    return re.compile(entry["examples"].strip().removeprefix("- "), re.IGNORECASE)


@pytest.mark.parametrize("text", ["8000 kr", "8000 kroner", "kroner 8000", "kr 8000", "ca 8000", "8000,-", "NOK 8000",
                                  "jeg har 5000 kroner på sparekonto", "jeg betaler 7500 i husleie",
                                  "7500 i måneden", "8000 krone"])
def test_an_amount_is_never_a_postnummer_entity(text: str) -> None:
    assert _postnummer_regex().search(text) is None


@pytest.mark.parametrize("text", ["0557", "postnummer 5003", "jeg bor på 3015", "nav kontor for 7030"])
def test_a_postnummer_is_a_postnummer_entity(text: str) -> None:
    assert _postnummer_regex().search(text) is not None


async def test_office_lookup_says_the_postnummer_back() -> None:
    from actions.office_lookup import ActionOfficeLookup

    action = ActionOfficeLookup()
    action.client_factory = lambda: FakeRouter()  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker({"postnummer": "5003", "kommune": "Bergen"}, ["office_contact"]), {})
    assert dispatcher.messages[0]["text"].startswith("Postnummer 5003 er Bergen, bydel Bergenhus.")


async def test_a_new_postnummer_in_the_office_question_wins_over_an_old_kommune() -> None:
    from actions.office_lookup import ValidateOfficeForm

    t = tracker({"kommune": "Bergen", "postnummer": "7030"}, ["office_contact"], text="hvor er nav for 7030",
                entities=[{"entity": "postnummer", "value": "7030"}])
    events = await ValidateOfficeForm().run(CollectingDispatcher(), t, {"forms": {"office_form": {
        "required_slots": ["kommune"]}}})
    slots = {e["name"]: e["value"] for e in events}
    assert slots["kommune"] == "Trondheim" and slots["postnummer"] == "7030"


async def test_the_guide_asks_to_confirm_a_typed_postnummer() -> None:
    from actions.digisos_form import ActionAskDigisosStedOk, ValidateDigisosForm

    form = ValidateDigisosForm()
    form.client_factory = FakeRouter  # type: ignore[assignment]
    t = form_tracker({"kommune": "0557"}, "0557", requested="kommune",
                     entities=[{"entity": "postnummer", "value": "0557"}])
    slots = await form.validate_kommune("0557", CollectingDispatcher(), t, {})
    assert slots == {"kommune": "Oslo", "bydel": "Grünerløkka", "postnummer": "0557", "digisos_sted_ok": None}
    t = form_tracker(slots, "0557", requested="kommune")
    required = await form.required_slots([], CollectingDispatcher(), t, {})
    assert required[:3] == ["kommune", "digisos_sted_ok", "digisos_behov"] and required[-1] == "digisos_bekreftet"
    dispatcher = CollectingDispatcher()
    await ActionAskDigisosStedOk().run(dispatcher, t, {})
    assert dispatcher.messages[0]["text"] == "Postnummer 0557 er Oslo, bydel Grünerløkka. Stemmer det?"

    t = form_tracker({"kommune": "Bergen"}, "Bergen", requested="kommune")
    assert "digisos_sted_ok" not in await form.required_slots([], CollectingDispatcher(), t, {})


def test_the_place_confirmation_takes_yes_no_or_another_place() -> None:
    from actions.digisos_form import ValidateDigisosForm

    form = ValidateDigisosForm()
    slots = {"kommune": "Oslo", "postnummer": "0557", "bydel": "Grünerløkka"}
    ok = form.validate_digisos_sted_ok("ja", CollectingDispatcher(), form_tracker(slots, "ja", "affirm",
                                                                                  "digisos_sted_ok"), {})
    assert ok == {"digisos_sted_ok": "ja"}
    dispatcher = CollectingDispatcher()
    no = form.validate_digisos_sted_ok("nei", dispatcher, form_tracker(slots, "nei", "deny", "digisos_sted_ok"), {})
    assert no == {"digisos_sted_ok": None, "kommune": None, "postnummer": None, "bydel": None}
    assert dispatcher.messages[0]["text"] == "Da retter vi det."
    other = form.validate_digisos_sted_ok("nei, 5003", CollectingDispatcher(),
                                          form_tracker(slots, "nei, 5003", "deny", "digisos_sted_ok"), {})
    assert other["kommune"] == "Bergen" and other["postnummer"] == "5003" and other["digisos_sted_ok"] is None
    dispatcher = CollectingDispatcher()
    named = form.validate_digisos_sted_ok("nei, jeg bor i Bærum", dispatcher,
                                          form_tracker(slots, "nei, jeg bor i Bærum", "deny", "digisos_sted_ok"), {})
    assert named["kommune"] == "Bærum" and named["postnummer"] is None and named["digisos_sted_ok"] == "ja"
    assert dispatcher.messages[0]["text"] == "Takk, da noterer jeg Bærum."


def test_an_amount_in_a_guide_answer_is_not_a_postnummer() -> None:
    from actions.digisos_form import validate_field

    t = form_tracker({"postnummer": "7500"}, "husleia er 7500 og strøm", requested="digisos_behov",
                     entities=[{"entity": "postnummer", "value": "7500"}])
    updates, _ = validate_field("behov", "husleia er 7500 og strøm", t)
    assert updates["postnummer"] is None and updates["digisos_behov"] == "husleie,strom"


# --- 4. questions inside the guide are answered, not stored -------------------------------------------------------

@pytest.mark.parametrize(("text", "answer", "intent", "question"), [
    ("hva betyr bostøtte?", "bostotte", "digisos_answer", True),
    ("hvorfor trenger dere å vite det", None, "nlu_fallback", True),
    ("kva er bsu?", "bsu", "digisos_answer", True),
    ("teller bostøtte som inntekt?", "bostotte", "digisos_answer", True),
    ("what does formue mean", None, "digisos_answer", True),
    ("jeg leier", "leier", "digisos_answer", False),
    ("vet ikke?", "vet_ikke", "digisos_answer", False),
    ("Når husleia er betalt har jeg ingenting igjen til mat", "husleie,livsopphold", "digisos_answer", False),
    ("ja?", "ja", "affirm", False),
    ("dagpenger", "nav_ytelse", "dagpenger", False),
])
def test_is_question(text: str, answer: str | None, intent: str, question: bool) -> None:
    assert is_question(text, answer, intent, 0.9) is question


def test_question_replies() -> None:
    reply, unsure = question_reply("hva betyr bostøtte?", "bosituasjon", "nb")
    assert reply.startswith("Bostøtte er penger fra Husbanken") and not unsure
    reply, unsure = question_reply("hvorfor trenger dere å vite det?", "bosituasjon", "nn")
    assert "Busituasjonen" in reply and "veit ikkje" in reply and not unsure
    reply, unsure = question_reply("what do you mean?", "sivilstatus", "en")
    assert "spouse" in reply and not unsure
    reply, unsure = question_reply("hvor mye kan jeg få?", "behov", "nb")
    assert unsure and "55 55 33 33" in reply


async def test_a_question_at_a_guide_question_is_answered_and_the_question_asked_again() -> None:
    from actions.digisos_form import ValidateDigisosForm

    form = ValidateDigisosForm()
    dispatcher = CollectingDispatcher()
    t = form_tracker({}, "hva betyr bostøtte?", requested="digisos_bosituasjon")
    assert form.validate_digisos_bosituasjon("hva betyr bostøtte?", dispatcher, t, DOMAIN) == {
        "digisos_bosituasjon": None}
    assert "Husbanken" in dispatcher.messages[0]["text"]

    dispatcher = CollectingDispatcher()
    t = form_tracker({}, "hvordan søker jeg dagpenger?", "dagpenger", "digisos_inntekt", confidence=0.95)
    assert form.validate_digisos_inntekt("x", dispatcher, t, DOMAIN) == {"digisos_inntekt": None}
    assert "Dagpenger er penger fra NAV" in dispatcher.messages[0]["text"]  # the word explained first

    dispatcher = CollectingDispatcher()
    t = form_tracker({}, "hvor mye får man?", "sosialhjelp_apply", "digisos_arbeid", confidence=0.95)
    assert form.validate_digisos_arbeid("x", dispatcher, t, DOMAIN) == {"digisos_arbeid": None}
    assert dispatcher.messages[0]["buttons"][0]["payload"] == "/human_handoff"

    dispatcher = CollectingDispatcher()
    t = form_tracker({}, "hvorfor må dere vite det?", "nlu_fallback", "kommune")
    assert await form.validate_kommune("hvorfor må dere vite det?", dispatcher, t, DOMAIN) == {"kommune": None}
    assert "NAV-kontoret i kommunen" in dispatcher.messages[0]["text"]

    # an answer that is phrased as a question we cannot explain is still the answer
    t = form_tracker({}, "hvordan skal jeg betale husleia nå?", requested="digisos_behov")
    assert form.validate_digisos_behov("hvordan skal jeg betale husleia nå?", CollectingDispatcher(), t,
                                       DOMAIN)["digisos_behov"] == "husleie"


# --- 5. personopplysninger, oppsummering, send, kort søknad --------------------------------------------------------

SLOTS = {"kommune": "Oslo", "postnummer": "0557", "digisos_behov": "husleie", "digisos_arbeid": "ledig",
         "digisos_sivilstatus": "samboer", "digisos_barn": "ja", "digisos_antall_barn": "2",
         "digisos_barnehage": "barnehage", "digisos_bosituasjon": "leier", "digisos_inntekt": "nav_ytelse",
         "digisos_formue": "sparepenger", "digisos_formue_belop": "8000", "digisos_utgifter": "strom"}


def test_oppsummering_reads_like_the_application() -> None:
    text = oppsummering(SLOTS, "nb")
    assert text.splitlines() == [
        "• Personopplysninger: fylles ut fra registrene når du logger inn",
        "• Kommune: Oslo (postnummer 0557)",
        "• Behov: husleie",
        "• Arbeid og utdanning: uten arbeid",
        "• Familiesituasjon: samboer, 2 barn, barnehage",
        "• Bosituasjon: leier",
        "• Inntekt og formue: inntekt: ytelse fra NAV, formue: sparepenger (ca. 8000 kr)",
        "• Utgifter og gjeld: strøm",
    ]
    assert "• Busituasjon: leiger" in oppsummering(SLOTS, "nn")
    assert "• Work and education: not given" in oppsummering({}, "en")


def test_a_car_is_listed_as_a_possession_and_the_amount_stays_with_the_savings() -> None:
    """A probe's "jeg har 300 kr på konto og en bil" read "formue: sparepenger, bil (ca. 300 kr)", as if the car
    were savings worth 300 kr."""
    from actions.digisos import amount, parse_answer, summary_lines

    text = "jeg har 300 kr på konto og en bil"
    slots = {"digisos_formue": parse_answer("formue", text), "digisos_formue_belop": amount(text)}
    assert "• Inntekt og formue: formue: sparepenger (ca. 300 kr), eiendeler: bil" in oppsummering(slots, "nb")
    assert "assets: savings (about 300 kr), possessions: car" in oppsummering(slots, "en")
    assert "formue: sparepengar (ca. 300 kr), eigedelar: bil" in oppsummering(slots, "nn")
    assert summary_lines({"formue": "sparepenger,bil"}, "nb", formue_belop="300") == \
        "Formue: sparepenger (ca. 300 kr); Eiendeler: bil"
    # with no money named, the amount is what the things are worth; "ingen" has no amount
    assert summary_lines({"formue": "bil"}, "nb", formue_belop="30000") == "Eiendeler: bil (ca. 30000 kr)"
    assert summary_lines({"formue": "ingen"}, "nb", formue_belop="300") == "Formue: ingen"
    assert "formue: hytte/eiendom" not in oppsummering({"digisos_formue": "bolig"}, "nb")


async def test_the_oppsummering_is_shown_once_then_a_short_prompt() -> None:
    from actions.digisos_form import ActionAskDigisosBekreftet

    dispatcher = CollectingDispatcher()
    action = ActionAskDigisosBekreftet()
    action.client_factory = FakeRouter  # type: ignore[assignment]
    await action.run(dispatcher, form_tracker(SLOTS, "strøm", requested="digisos_utgifter"), {})
    texts = [m["text"] for m in dispatcher.messages]
    assert len(texts) == 2
    assert "ID-porten" in texts[0] and "kontonummer" in texts[0] and "NAV-kontor" in texts[0]
    assert "Familiesituasjon: samboer, 2 barn" in texts[1] and texts[1].endswith("«2 barn»).")
    assert "\n\nStemmer dette?" in texts[1] and dispatcher.messages[1]["buttons"][0]["payload"] == "/affirm"
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, form_tracker(SLOTS, "nei", "deny", "digisos_bekreftet"), {})
    assert len(dispatcher.messages) == 1 and dispatcher.messages[0]["text"].startswith("Skriv det som skal rettes")
    # Adressebeskyttelse: no "filled in from the registers when you log in on nav.no"; the oppsummering alone.
    protected = ActionAskDigisosBekreftet()
    protected.client_factory = lambda: FakeRouter(may_apply_digitally=False)  # type: ignore[assignment,misc]
    dispatcher = CollectingDispatcher()
    await protected.run(dispatcher, form_tracker(SLOTS, "strøm", requested="digisos_utgifter"), {})
    assert len(dispatcher.messages) == 1 and "ID-porten" not in dispatcher.messages[0]["text"]


def test_the_oppsummering_is_confirmed_or_corrected_for_real() -> None:
    from actions.digisos_form import ValidateDigisosForm

    form = ValidateDigisosForm()
    ok = form.validate_digisos_bekreftet("ja", CollectingDispatcher(), form_tracker(SLOTS, "ja", "affirm",
                                                                                   "digisos_bekreftet"), DOMAIN)
    assert ok == {"digisos_bekreftet": "ja"}

    dispatcher = CollectingDispatcher()
    text = "nei, jeg er enslig og har 3 barn"
    fixed = form.validate_digisos_bekreftet(text, dispatcher, form_tracker(SLOTS, text, "deny", "digisos_bekreftet"),
                                            DOMAIN)
    assert fixed["digisos_sivilstatus"] == "enslig" and fixed["digisos_antall_barn"] == "3"
    assert fixed["digisos_bekreftet"] is None and "Sivilstatus: enslig" in fixed["digisos_oppsummering"]
    assert "rettet" in dispatcher.messages[0]["text"] and "enslig, 3 barn" in dispatcher.messages[1]["text"]

    text = "inntekten min er dagpenger og bostøtte"
    fixed = form.validate_digisos_bekreftet(text, CollectingDispatcher(), form_tracker(SLOTS, text, requested=
                                                                                       "digisos_bekreftet"), DOMAIN)
    assert fixed["digisos_inntekt"] == "nav_ytelse,bostotte"

    dispatcher = CollectingDispatcher()
    assert form.validate_digisos_bekreftet("nei", dispatcher, form_tracker(SLOTS, "nei", "deny", "digisos_bekreftet"),
                                           DOMAIN) == {"digisos_bekreftet": None}
    assert dispatcher.messages == []  # the short prompt asks what to correct

    dispatcher = CollectingDispatcher()
    text = "hvorfor må jeg sjekke dette?"
    assert form.validate_digisos_bekreftet(text, dispatcher, form_tracker(SLOTS, text, requested="digisos_bekreftet"),
                                           DOMAIN) == {"digisos_bekreftet": None}
    assert "det siste du ser før du sender" in dispatcher.messages[0]["text"]


def test_corrections_found_in_free_text() -> None:
    assert answers_in_text("jeg mener jeg har 2 barn og sparekonto") == {
        "digisos_barn": "ja", "digisos_formue": "sparepenger", "digisos_antall_barn": "2"}
    assert answers_in_text("utgifter: strøm og gjeld") == {"digisos_utgifter": "strom,gjeld"}
    assert answers_in_text("nei, vi er samboere, ikke gift") == {"digisos_sivilstatus": "samboer"}
    changed, slots = apply_answers({"digisos_barn": "ja", "digisos_antall_barn": "2", "digisos_barnehage": "sfo"},
                                   {"digisos_barn": "nei"})
    assert changed == {"digisos_barn": "nei", "digisos_antall_barn": None, "digisos_barnehage": None}


async def test_after_the_oppsummering_checklist_where_to_apply_and_what_happens_after_sending() -> None:
    from actions.digisos_form import send_checklist

    dispatcher = CollectingDispatcher()
    await send_checklist(dispatcher, {**SLOTS, "digisos_nylig_mottaker": True}, "nb", FakeRouter(kommune=DIGITAL),
                         "conv-1")
    texts = [m["text"] for m in dispatcher.messages]
    assert len(texts) == 3  # a turn never floods the chat
    assert texts[0].startswith("Dette bør du legge ved søknaden:") and "samboeren din" in texts[0]
    assert "ettersende" in texts[0]
    assert "tar imot digitale søknader" in texts[1] and "adressebeskyttelse" in texts[1] and "kort søknad" in texts[1]
    assert "sender du selv" in texts[2] and "NAV-kontoret i kommunen din" in texts[2]
    assert "saksbehandler" in texts[2] and dispatcher.messages[2]["buttons"]
    assert not any("Dette har jeg forstått" in t for t in texts)  # the oppsummering came before

    dispatcher = CollectingDispatcher()
    await send_checklist(dispatcher, SLOTS, "en", FakeRouter(), "conv-1")
    assert not any("kort søknad" in m["text"] for m in dispatcher.messages)


@pytest.mark.parametrize(("may", "lang", "said", "not_said"), [
    (False, "nb", "Fordi adressen din er beskyttet, kan du ikke søke digitalt", "tar imot digitale søknader"),
    (False, "en", "Because your address is protected, you cannot apply online", "accepts digital applications"),
    (True, "nb", "tar imot digitale søknader", "adressebeskyttelse"),
    (None, "nb", "Har du adressebeskyttelse", "adressen din er beskyttet"),
])
async def test_where_to_apply_is_what_holds_for_the_logged_in_person(may: bool | None, lang: str, said: str,
                                                                     not_said: str) -> None:
    """A logged-in kode 6 person was told "Oslo tar imot digitale søknader" and then the general caveat; people
    with adressebeskyttelse cannot apply digitally. A logged-in person without it needs no caveat."""
    from actions.digisos_form import send_checklist

    dispatcher = CollectingDispatcher()
    await send_checklist(dispatcher, SLOTS, lang, FakeRouter(kommune=DIGITAL, may_apply_digitally=may), "conv-1")
    where = dispatcher.messages[1]["text"]
    assert said in where and not_said not in where, where
    if may is False:
        assert "55 55 33 33" in where
        # Nothing of the digital way at the end either: no uploads into «Dine søknader», drafts, or a local office.
        said = " ".join(m["text"] for m in dispatcher.messages)
        assert "Dine søknader" not in said and "14 d" not in said, said
        assert [b["payload"] for b in dispatcher.messages[-1]["buttons"]] == ["/human_handoff"]


@pytest.mark.parametrize(("slots", "lang"), [({}, "nb"), ({"kommune": "Oslo", "language": "nn"}, "nn"),
                                            ({"language": "en"}, "en")])
async def test_a_protected_person_gets_the_phone_way_and_a_person_offered_not_the_guide(slots: dict[str, Any],
                                                                                     lang: str) -> None:
    """Kode 6: Sven heard "you cannot apply digitally" and then "I ask first which kommune you live in" and the
    kommune question: a guide to a digital application he cannot send, asking where he lives. The router forgets
    his place, so the bot knows no kommune; he hears the way in, and a person is offered instead of the guide."""
    from actions.digisos_form import PROTECTED_OFFER, ActionSosialhjelpApply
    from actions.digisos_steps import APPLY

    action = ActionSosialhjelpApply()
    router = FakeRouter(kommune=DIGITAL, may_apply_digitally=False)
    action.client_factory = lambda: router  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker(slots, ["sosialhjelp_apply"], text="jeg vil søke"), {})
    [said] = dispatcher.messages
    assert {"nb": "kan du ikke søke digitalt", "nn": "kan du ikkje søkje digitalt",
            "en": "you cannot apply online"}[lang] in said["text"] and "55 55 33 33" in said["text"]
    assert not any(APPLY[key][lang][:30] in said["text"] for key in APPLY), "no offer of the guide"
    assert not said.get("buttons"), "no yes/no to the guide"
    # the offer of a person comes as its own response, whose yes hands over (data/rules/digisos.yml)
    assert events == [{"event": "followup", "timestamp": None, "name": PROTECTED_OFFER}]
    assert [name for name, _ in router.calls] == ["may_apply_digitally", "local_office"]  # no kommune asked


def test_the_offer_of_a_person_to_a_protected_person_is_in_three_languages_and_a_yes_hands_over() -> None:
    from actions.conversation import OFFERS_HUMAN
    from actions.digisos_form import PROTECTED_OFFER

    domain = yaml.safe_load((ROOT / "bot" / "digisos.yml").read_text(encoding="utf-8"))
    variants = domain["responses"][PROTECTED_OFFER]
    languages = {next((c["value"] for c in v.get("condition", [])), "nb") for v in variants}
    assert languages == {"nb", "nn", "en"}
    assert all([b["payload"] for b in v["buttons"]] == ["/human_handoff", "/deny"] for v in variants)
    assert PROTECTED_OFFER in OFFERS_HUMAN  # a typed "nei" gets the way back and the phone
    rules = yaml.safe_load((ROOT / "data" / "rules" / "digisos.yml").read_text(encoding="utf-8"))["rules"]
    assert any(r["steps"] == [{"action": PROTECTED_OFFER}, {"intent": "affirm"}, {"action": "action_handoff"}]
               for r in rules)


def test_recent_recipient_said_in_a_guide_answer_is_remembered() -> None:
    from actions.digisos_form import validate_field

    text = "fikk sosialhjelp forrige måned, ellers ingenting"
    updates, _ = validate_field("inntekt", text, form_tracker({}, text, requested="digisos_inntekt"))
    assert updates["digisos_nylig_mottaker"] is True


def test_yes_or_no() -> None:
    assert yes_or_no("ja, det stemmer", None) == "ja" and yes_or_no("/affirm", "affirm") == "ja"
    assert yes_or_no("nei", None) == "nei" and yes_or_no("noe er feil", "digisos_answer") == "nei"
    assert yes_or_no("kanskje", "digisos_answer") is None


# --- 6. a tolk in a named language ---------------------------------------------------------------------------------

async def test_a_tolk_request_names_the_language_in_the_conversation_language() -> None:
    from actions.interpreter import ActionRecordInterpreterNeed, acknowledgement

    assert acknowledgement("pl", "nb") == "Jeg har notert at du trenger tolk på polsk."
    assert "tolk på arabisk" in (acknowledgement("ar", "nn") or "")
    assert "interpreter for Somali" in (acknowledgement("so", "en") or "")
    assert acknowledgement("und", "nb") is None

    class Router:
        async def record_interpreter(self, sender_id: str, language: str) -> None:
            return None

    action = ActionRecordInterpreterNeed()
    action.client_factory = Router  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker({"language": "en"}, ["request_interpreter"],
                                         text="I need a Polish interpreter"), {})
    assert dispatcher.messages[0]["text"] == "I have noted that you need an interpreter for Polish."
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker({"language": "nb"}, ["request_interpreter"], text="trenger tolk"), {})
    assert dispatcher.messages == []  # utter_request_interpreter asks which language


async def test_a_kommune_without_digital_applications_is_said_right_after_the_kommune_answer() -> None:
    """Værøy heard ten questions and the digital walkthrough before 'Værøy tar ikke imot digitale søknader'."""
    from actions.digisos_form import ValidateDigisosForm

    form = ValidateDigisosForm()
    paper_only = {"navn": "Værøy", "digisos": {"digital_soknad": False, "midlertidig_stengt": False}}
    form.client_factory = lambda: FakeRouter(kommune=paper_only)  # type: ignore[assignment,misc]
    dispatcher = CollectingDispatcher()
    slots = await form.validate_kommune("Værøy", dispatcher, form_tracker({}, "Værøy", requested="kommune"), {})
    assert slots["kommune"] == "Værøy"
    [said] = dispatcher.messages
    assert "Værøy" in said["text"] and "papir" in said["text"] and "legge ved" in said["text"]
    digital = {"navn": "Asker", "digisos": {"digital_soknad": True, "midlertidig_stengt": False}}
    form.client_factory = lambda: FakeRouter(kommune=digital)  # type: ignore[assignment,misc]
    dispatcher = CollectingDispatcher()
    await form.validate_kommune("Asker", dispatcher, form_tracker({}, "Asker", requested="kommune"), {})
    assert [m["text"] for m in dispatcher.messages] == [
        "Asker tar imot digitale søknader, så du kan søke på nav.no/sosialhjelp."], "the check promised, in a line"
    unknown = {"navn": "Asker", "digisos": {"digital_soknad": None, "midlertidig_stengt": None}}
    form.client_factory = lambda: FakeRouter(kommune=unknown)  # type: ignore[assignment,misc]
    dispatcher = CollectingDispatcher()
    await form.validate_kommune("Asker", dispatcher, form_tracker({}, "Asker", requested="kommune"), {})
    assert dispatcher.messages == [], "not known: the end of the guide says so"


async def test_a_kommune_named_with_the_yes_to_the_guide_is_checked_as_the_guide_starts() -> None:
    """Probe 163: "eg bur på Voss" as the answer to the guide's offer started it with the kommune known, and the
    check it had promised was skipped: the form validates the kommune before it has asked anything."""
    from actions.digisos_form import ValidateDigisosForm

    form = ValidateDigisosForm()
    paper_only = {"navn": "Engerdal", "digisos": {"digital_soknad": False, "midlertidig_stengt": False}}
    form.client_factory = lambda: FakeRouter(kommune=paper_only)  # type: ignore[assignment,misc]
    dispatcher = CollectingDispatcher()
    tracker = form_tracker({"language": "nn"}, "eg bur i Engerdal", intent="inform", requested=None)
    slots = await form.validate_kommune("Engerdal", dispatcher, tracker, {})
    assert slots["kommune"] == "Engerdal"
    [said] = dispatcher.messages
    assert "Engerdal" in said["text"] and "papir" in said["text"] and "leggje ved" in said["text"], said
    dispatcher = CollectingDispatcher()
    await form.validate_kommune("Engerdal", dispatcher, form_tracker({}, "Engerdal", requested="digisos_behov"), {})
    assert dispatcher.messages == [], "a place named at another question is no answer to the kommune question"


@pytest.mark.filterwarnings("ignore:No method 'extract_:UserWarning")  # rasa-sdk, of a DOMAIN without slots
@pytest.mark.parametrize("requested", ["kommune", "digisos_behov", "digisos_bekreftet"])
async def test_a_person_who_may_not_apply_digitally_stops_the_guide_with_the_phone_and_a_person_offered(
        requested: str) -> None:
    """Sven (kode 6) logged in during the guide heard "you cannot apply digitally" and the guide's next question:
    a digital application he cannot send. Whichever question the guide is at, it stops, with the way in by phone,
    and the person is offered as to one who asks to apply."""
    from actions.digisos_form import PROTECTED_OFFER, ValidateDigisosForm

    form = ValidateDigisosForm()
    router = FakeRouter(may_apply_digitally=False)
    form.client_factory = lambda: router  # type: ignore[assignment,misc]
    dispatcher = CollectingDispatcher()
    events = await form.run(dispatcher, form_tracker({"kommune": "Oslo"}, "mat", requested=requested), DOMAIN)
    [said] = dispatcher.messages
    assert "kan du ikke søke digitalt" in said["text"] and "55 55 33 33" in said["text"], said
    assert "stopper jeg" in said["text"], said
    assert any(e.get("event") == "active_loop" and e.get("name") is None for e in events), events
    assert any(e.get("event") == "followup" and e.get("name") == PROTECTED_OFFER for e in events), events

    # Anyone else (anonymous: the router cannot tell; or one who may) goes on with the guide.
    form.client_factory = lambda: FakeRouter(may_apply_digitally=None)  # type: ignore[assignment,misc]
    dispatcher = CollectingDispatcher()
    events = await form.run(dispatcher, form_tracker({"kommune": "Oslo"}, "mat", requested=requested), DOMAIN)
    assert not any(e.get("event") in ("active_loop", "followup") for e in events), events


def test_an_answer_that_answers_nothing_is_asked_again_once_and_other_answers_keep_the_bruker_s_words() -> None:
    """"bananer og fotball" to "what do you need money for?" was stored as "annet", and the oppsummering showed
    "Behov: annet". Asked again once; the answer after that, or one the model is sure of, kept in the bruker's words;
    "Annet" (the button) asks for the words."""
    from actions.digisos_form import TEXTS, ValidateDigisosForm
    from actions.vedlegg import build_checklist

    form = ValidateDigisosForm()

    def answer(text: str, intent: str = "nlu_fallback", confidence: float = 0.35,
               asked_before: str | None = None) -> tuple[dict[str, Any], list[str]]:
        t = form_tracker({}, text, intent=intent, requested="digisos_behov", confidence=confidence)
        if asked_before:
            t.events.insert(0, {"event": "user", "text": "før"})
            t.events.insert(1, {"event": "bot", "text": TEXTS[asked_before]["nb"]})
        dispatcher = CollectingDispatcher()
        slots = form.validate_digisos_behov(text, dispatcher, t, DOMAIN)
        return slots, [m["text"] for m in dispatcher.messages]

    slots, said = answer("bananer og fotball")
    assert slots == {"digisos_behov": None} and said == [TEXTS["unclear"]["nb"]]
    slots, said = answer("bananer og fotball", asked_before="unclear")
    assert slots["digisos_behov"] == "annet:bananer og fotball" and said == []
    slots, said = answer("annet", intent="digisos_answer", confidence=0.9)
    assert slots == {"digisos_behov": None} and said == [TEXTS["own_words"]["nb"]]
    slots, _ = answer("bursdagsgave, til sønnen", asked_before="own_words")
    assert slots["digisos_behov"] == "annet:bursdagsgave til sønnen"
    slots, _ = answer("annet", asked_before="own_words")  # never stuck: the second "annet" is taken
    assert slots["digisos_behov"] == "annet"
    slots, said = answer("trenger penger til bursdagsgave", intent="digisos_answer", confidence=0.8)
    assert slots["digisos_behov"] == "annet:trenger penger til bursdagsgave" and said == [], "sure: kept at once"
    slots, said = answer("mat", intent="nlu_fallback")
    assert slots["digisos_behov"] == "livsopphold" and said == [], "an answer the guide understands is no question"

    words = {"digisos_behov": "annet:bursdagsgave til sønnen", "digisos_arbeid": "annet:pensjonist"}
    summary = oppsummering(words, "nb")
    assert "• Behov: «bursdagsgave til sønnen»" in summary and "• Arbeid og utdanning: «pensjonist»" in summary
    assert "annet" not in summary, summary
    assert "annet_behov" in build_checklist({"behov": words["digisos_behov"]}), "documentation for the need asked"


async def test_after_the_lost_job_answer_the_apply_action_says_only_the_offer() -> None:
    """The lost-job answer (utter_dagpenger_sosialhjelp) already said where sosialhjelp is applied for: the action
    that now says the general answer itself says it only when asked how to apply."""
    from actions.digisos_form import ActionSosialhjelpApply

    action = ActionSosialhjelpApply()
    action.client_factory = lambda: FakeRouter()  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker({}, ["dagpenger"], text="mistet jobben og har ingen penger til husleia"), {})
    assert len(dispatcher.messages) == 1 and [b["payload"] for b in dispatcher.messages[0]["buttons"]] == [
        "/affirm", "/deny"]
