"""The case-status action: the router's facts for a logged-in bruker, the login offer and the general answer for
an anonymous one, the general answer alone when the router cannot be reached."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.innsyn import LOGIN_PAYLOAD, ActionCaseAnswer
from tests.unit.actions.bot_action_fakes import tracker, user_event


class CaseRouter:
    def __init__(self, result: dict[str, Any] | None, closed_days_ahead: list[str] | None = None) -> None:
        self.result = result
        self.asked: list[tuple[str, str]] = []
        self.closed_days_ahead = closed_days_ahead or []

    async def ways_to_nav(self, sender_id: str) -> dict[str, Any]:
        return {"closed_days_ahead": self.closed_days_ahead}

    async def case_answer(self, sender_id: str, question: str) -> dict[str, Any] | None:
        self.asked.append((sender_id, question))
        return self.result


def run(result: dict[str, Any] | None, intent: str = "sosialhjelp_status", language: str = "nb",
        text: str = "mangler det noe?", closed_days_ahead: list[str] | None = None,
        slots: dict[str, Any] | None = None) -> tuple[CaseRouter, list[dict[str, Any]]]:
    router = CaseRouter(result, closed_days_ahead)
    action = ActionCaseAnswer()
    action.client_factory = lambda: router  # type: ignore[assignment,return-value]
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker({"language": language, **(slots or {})}, [intent], text=text), {}))
    return router, dispatcher.messages


def test_a_logged_in_bruker_gets_the_facts_instead_of_the_general_answer() -> None:
    router, messages = run({"logged_in": True, "has_case": True, "texts": ["Kontoret har bedt deg sende: X.", "Y"]})
    assert router.asked == [("conv-1", "mangler det noe?")]
    assert [m["text"] for m in messages] == ["Kontoret har bedt deg sende: X.\n\nY"]
    assert messages[0]["buttons"][0]["payload"] == "/human_handoff"


@pytest.mark.parametrize(("intent", "general"), [("sosialhjelp_status", "utter_sosialhjelp_status"),
                                                 ("payment_dates", "utter_payment_dates")])
def test_an_anonymous_bruker_gets_the_general_answer_then_the_offer_to_log_in_last(intent: str, general: str) -> None:
    """Last, so a widget that shows only the last message's buttons (rasa-webchat) keeps the login link."""
    _, messages = run({"logged_in": False, "login_available": True, "texts": ["I am not logged in."]}, intent,
                      language="en")
    assert messages[0]["response"] == general
    assert messages[1]["text"] == "I am not logged in."
    assert [b["payload"] for b in messages[1]["buttons"]] == [LOGIN_PAYLOAD, "/human_handoff"]


def test_no_login_on_this_service_or_no_router_gives_the_general_answer_alone() -> None:
    for result in ({"logged_in": False, "login_available": False, "texts": []}, None):
        _, messages = run(result)
        assert [m.get("response") for m in messages] == ["utter_sosialhjelp_status"]


def test_logged_in_without_a_digital_application_gets_both() -> None:
    _, messages = run({"logged_in": True, "has_case": False, "texts": ["Jeg finner ingen digital søknad."]},
                      "payment_dates")
    assert messages[0]["text"] == "Jeg finner ingen digital søknad." and messages[1]["response"] == "utter_payment_dates"


def test_logged_in_without_a_digital_application_is_not_told_to_log_in() -> None:
    """The general status answer says 'log in and look under «Dine søknader»': wrong for a logged-in person."""
    _, messages = run({"logged_in": True, "has_case": False, "texts": ["Jeg finner ingen digital søknad."]},
                      "sosialhjelp_status")
    assert [m.get("text") or m.get("response") for m in messages] == ["Jeg finner ingen digital søknad."]


def test_a_documents_question_gets_the_own_case_when_logged_in_and_the_general_list_otherwise() -> None:
    """"Hvilke vedlegg mangler dere?" from a logged-in person: what the office asked them for. Most who ask about
    vedlegg have not applied yet: anonymous, they get the general list with its own "make me a list" button last,
    not an offer to log in."""
    _, messages = run({"logged_in": True, "has_case": True, "texts": ["Kontoret har bedt deg sende: X."]},
                      "sosialhjelp_documents")
    assert [m.get("text") or m.get("response") for m in messages] == ["Kontoret har bedt deg sende: X."]
    _, messages = run({"logged_in": False, "login_available": True, "texts": ["Jeg er ikke logget inn."]},
                      "sosialhjelp_documents")
    assert [m.get("response") for m in messages] == ["utter_sosialhjelp_documents"]
    _, messages = run({"logged_in": True, "has_case": False, "texts": ["Jeg finner ingen digital søknad."]},
                      "sosialhjelp_documents")
    assert [m.get("text") or m.get("response") for m in messages] == ["Jeg finner ingen digital søknad.",
                                                                      "utter_sosialhjelp_documents"]


@pytest.mark.parametrize(("language", "question", "said"), [
    ("nb", "Har dere fått vedleggene mine?", "Hvilke vedlegg som har kommet fram, står ikke i saken"),
    ("nn", "Har de fått vedlegga mine?", "Kva vedlegg som har kome fram, står ikkje i saka"),
    ("en", "Have you received my documents?", "Which documents have arrived is not in the case information")])
def test_asked_whether_the_vedlegg_arrived_the_bot_says_the_case_does_not_tell_then_the_facts(
        language: str, question: str, said: str) -> None:
    """Kari asked "Har dere fått vedleggene mine?" and heard only "Kontoret har ikke bedt deg om flere dokumenter.":
    the case records what the office asked for, never which documents arrived. That is said, with where she sees
    what she sent; then the facts."""
    facts = "Kontoret har ikke bedt deg om flere dokumenter."
    _, messages = run({"logged_in": True, "has_case": True, "texts": [facts]}, language=language, text=question)
    (text,) = [m["text"] for m in messages]
    assert text.startswith(said) and "«Dine søknader»" in text and text.endswith(facts), text
    _, messages = run({"logged_in": True, "has_case": True, "texts": [facts]}, text="mangler det noe?")
    assert [m["text"] for m in messages] == [facts], "only where the question is whether they arrived"


@pytest.mark.parametrize("text", ["how long does it take to get an answer?", "hvor lenge må jeg vente på svar?",
                                  "kor lang tid tek det?"])
def test_a_status_question_that_asks_how_long_gets_the_timing_answer(text: str) -> None:
    """"how long does it take to get an answer?" (sosialhjelp_status to the model) got the status text, which says
    nothing of how long: it gets the timing answer the Norwegian follow-up gets; the person's own case still wins."""
    for result in (None, {"logged_in": False, "login_available": True, "texts": ["Log in to see your case."]},
                   {"logged_in": True, "has_case": False, "texts": []}):
        _, messages = run(result, text=text, language="en")
        assert messages[0].get("response") == "utter_followup_how_long_sosialhjelp", (result, messages)
        assert "utter_sosialhjelp_status" not in [m.get("response") for m in messages]
    _, messages = run({"logged_in": True, "has_case": True, "texts": ["Søknaden er under behandling."]}, text=text)
    assert [m["text"] for m in messages] == ["Søknaden er under behandling."]
    _, messages = run(None, text="has my application been received?")
    assert [m.get("response") for m in messages] == ["utter_sosialhjelp_status"]


def _from_the_router(document: str, question: str, lang: str = "nb") -> dict[str, Any]:
    """What the router answers for a synthetic person's digisos-soker.json (router/services/innsyn.py, no I/O)."""
    import json
    from datetime import date
    from pathlib import Path

    from router.domain.innsyn import answer, case_facts, classify_question
    from router.texts.case_answers import render

    path = Path(__file__).resolve().parents[3] / "reference" / "synthetic" / "innsyn" / document
    cases = [case_facts(json.loads(path.read_text(encoding="utf-8")))]
    asked = classify_question(question)
    lines = answer(asked, cases, office_names={"0312": "Nav Frogner"}, today=date(2026, 12, 5))
    return {"logged_in": True, "login_available": True, "question": asked.value, "language": lang, "has_case": True,
            "texts": render(lines, lang), "facts": [case.as_dict() for case in cases]}


def _said(document: str, question: str, lang: str = "nb") -> str:
    _, messages = run(_from_the_router(document, question, lang), language=lang, text=question)
    return " ".join(m.get("text") or m.get("response") for m in messages)


@pytest.mark.parametrize("question", ["har jeg fått vedtak?", "har jeg fått svar på søknaden?",
                                      "er søknaden min innvilget?"])
def test_asked_whether_there_is_a_decision_before_there_is_one_the_answer_is_not_yet(question: str) -> None:
    """Kari (no vedtak) asked "har jeg fått vedtak?" and the router took it for "har dere fått søknaden?": "Ja, vi
    har fått søknaden din". A plain "Nei, ikke ennå", and no guess at the outcome."""
    said = _said("kari-mottatt.json", question)
    assert said.startswith("Nei, ikke ennå: det er ikke fattet vedtak i saken din."), said
    assert "Ja," not in said and "saksbehandler" in said, said
    assert "Du har fått et foreløpig svar: behandlingen tar lengre tid enn vanlig." in said, said


@pytest.mark.parametrize(("question", "lang", "letter"), [
    ("Ble søknaden min innvilget?", "nb", "Der står det om du har fått innvilget noe eller fått avslag, og hvorfor."),
    ("Er søknaden min avslått?", "nb", "Der står det om du har fått innvilget noe eller fått avslag, og hvorfor."),
    ("Vart søknaden min innvilga?", "nn", "Der står det om du har fått innvilga noko eller fått avslag, og kvifor."),
    ("Was my application rejected?", "en", "It says whether anything was granted or refused, and why.")])
def test_asked_whether_it_was_granted_the_answer_is_no_yes_but_the_decision_the_letter_and_the_payments(
        question: str, lang: str, letter: str) -> None:
    """Probe 157: "Ja. Det er fattet vedtak ..." to "ble søknaden min innvilget?" read as "yes, granted", and would
    have to one refused. The outcome is the letter's to say; the payments are facts."""
    said = _said("fatima-ferdigbehandlet.json", question, lang)
    assert not said.startswith(("Ja", "Yes")), said
    assert letter in said and "850" in said and "(Livsopphold): " in said, said  # 7 850 kroner, NOK 7,850


def test_asked_how_much_was_granted_the_case_says_the_decision_and_the_payments_or_that_there_is_none_yet() -> None:
    said = _said("fatima-ferdigbehandlet.json", "hvor mye fikk jeg innvilget?")
    assert said.startswith("Det er fattet vedtak i saken din (10. oktober 2026)."), said
    assert "hva du har fått innvilget, og hvor mye" in said and "7\xa0850 kroner (Livsopphold): utbetalt" in said, said
    # Kari (no vedtak): "Nei, ikke ennå" did not answer "hvor mye"; the answer says no amount is set yet
    said = _said("kari-mottatt.json", "hvor mye fikk jeg innvilget?")
    assert said.startswith("Det er ikke fattet vedtak i saken din ennå, så det er ikke bestemt noe beløp."), said
    assert "Nei" not in said and "kroner" not in said and "saksbehandler" in said, said
    said = _said("kari-mottatt.json", "kor mykje fekk eg innvilga?", "nn")
    assert said.startswith("Det er ikkje gjort vedtak i saka di enno, så det er ikkje bestemt noko beløp."), said
    said = _said("kari-mottatt.json", "how much did I get?", "en")
    assert said.startswith("No decision has been made in your case yet, so no amount has been set."), said
    # Ola: not decided, and the two documents the office waits for, past their deadline
    said = _said("ola-under-behandling.json", "har jeg fått vedtak?")
    assert said.startswith("Nei, ikke ennå") and "Husleiekontrakt" in said and "fristen er passert" in said, said
    said = _said("fatima-ferdigbehandlet.json", "have I had a decision?", "en")
    assert said.startswith("Yes. A decision has been made in your case (10 October 2026)."), said
    said = _said("kari-mottatt.json", "har eg fått vedtak?", "nn")
    assert said.startswith("Nei, ikkje enno"), said


def test_asked_whether_documents_are_missing_when_none_are_asked_for_the_answer_is_a_plain_no() -> None:
    said = _said("kari-mottatt.json", "mangler det noen dokumenter?")
    assert said.startswith("Nei, kontoret har ikke bedt deg om flere dokumenter."), said
    said = _said("ola-under-behandling.json", "mangler det noen dokumenter?")
    assert said.startswith("Kontoret har bedt deg sende: Husleiekontrakt") and "fristen er passert" in said, said
    # "har dere fått vedleggene?" is not answered "Nei": the case does not record what arrived
    said = _said("kari-mottatt.json", "har dere fått vedleggene mine?")
    assert said.startswith("Hvilke vedlegg som har kommet fram") and "Nei," not in said, said


def test_a_general_question_about_what_happens_after_applying_gets_no_you_are_not_logged_in() -> None:
    """"Hva skjer etter at jeg har søkt?" asked generally got "Jeg kan ikke se saken din fordi du ikke er logget
    inn" after the general answer."""
    anonymous = {"logged_in": False, "login_available": True, "texts": ["Jeg kan ikke se saken din fordi du ikke er "
                                                                         "logget inn."]}
    for question in ("hva skjer etter at jeg har søkt", "Hva skjer når man har søkt om sosialhjelp?",
                     "what happens after I apply?"):
        _, messages = run(anonymous, text=question)
        assert [m.get("response") for m in messages] == ["utter_sosialhjelp_status"], (question, messages)
    for question in ("hva skjer med søknaden min?", "har dere fått søknaden?", "hvor står saken?"):
        _, messages = run(anonymous, text=question)
        assert messages[-1]["text"].startswith("Jeg kan ikke se saken din"), question


def run_events(result: dict[str, Any], intent: str) -> list[dict[str, Any]]:
    action = ActionCaseAnswer()
    action.client_factory = lambda: CaseRouter(result)  # type: ignore[assignment,return-value]
    return asyncio.run(action.run(CollectingDispatcher(), tracker({"language": "nb"}, [intent]), {}))


def test_an_answer_that_asks_for_documents_makes_them_the_topic_of_what_follows() -> None:
    """A probe: Ola's payments answer ended "Kontoret venter også på dokumenter fra deg … (fristen er passert)", and
    "fristen var jo 1. desember, hva skjer nå?" got "Hva gjelder det?": the topic was still «utbetaling»."""
    asked = {"logged_in": True, "has_case": True, "texts": ["Ingen utbetalinger.", "Kontoret venter også på …"],
             "lines": ["no_payments", "also_missing"]}
    assert run_events(asked, "payment_dates") == [{"event": "slot", "timestamp": None, "name": "topic",
                                                   "value": "vedlegg"}]
    nothing_asked = {**asked, "lines": ["no_payments"]}
    assert run_events(nothing_asked, "payment_dates") == []


@pytest.mark.parametrize("question", ["kontoutskrift hvordan får jeg det", "hvor finner jeg kontoutskriften?",
                                      "hvordan får jeg tak i kontoutskrift fra banken", "korleis får eg kontoutskrift",
                                      "how do I get a bank statement?", "hvor henter jeg kontoutskrift i nettbanken",
                                      "finner ikke kontoutskriften i nettbanken",
                                      # English and nynorsk as the NLU now knows them (helper-145)
                                      "how do I download my account statement", "where can I get a bank statement?",
                                      "kor finn eg kontoutskrifta?"])
def test_how_to_get_a_kontoutskrift_is_answered_from_the_bank_not_with_the_list_of_vedlegg(question: str) -> None:
    """Probe 117: "kontoutskrift hvordan får jeg det" got the general list of vedlegg, nothing of how to get one:
    from the nettbank or the bank, the same whether logged in or not (the router is not asked)."""
    for result in ({"logged_in": False, "login_available": True, "texts": ["Jeg er ikke logget inn."]},
                   {"logged_in": True, "has_case": True, "texts": ["Kontoret har bedt deg sende: X."]}):
        router, messages = run(result, "sosialhjelp_documents", text=question)
        assert [m.get("response") for m in messages] == ["utter_kontoutskrift_how"], (question, messages)
        assert router.asked == []


@pytest.mark.parametrize("question", ["må jeg sende kontoutskrift", "hvordan sender jeg kontoutskriften", "kontoutskrift"])
def test_which_kontoutskrift_or_how_to_send_it_keeps_the_documents_answer(question: str) -> None:
    _, messages = run({"logged_in": False, "login_available": True, "texts": ["Jeg er ikke logget inn."]},
                      "sosialhjelp_documents", text=question)
    assert [m.get("response") for m in messages] == ["utter_sosialhjelp_documents"], question


def test_the_kontoutskrift_answer_says_where_it_comes_from_in_each_language() -> None:
    bot = Path(__file__).resolve().parents[3] / "bot" / "vedlegg.yml"
    variants = yaml.safe_load(bot.read_text(encoding="utf-8"))["responses"]["utter_kontoutskrift_how"]
    said = {(v.get("condition") or [{"value": "nb"}])[0]["value"]: v["text"] for v in variants}
    for lang, words in (("nb", ["nettbanken", "banken om å sende", "ettersende"]),
                        ("nn", ["nettbanken", "banken om å sende", "ettersende"]),
                        ("en", ["online bank", "ask your bank", "send the statement later"])):
        assert all(w in said[lang] for w in words), (lang, said[lang])


@pytest.mark.parametrize(("language", "said"), [("nb", "I jula og rundt nyttår"), ("nn", "I jula og rundt nyttår"),
                                                ("en", "Over Christmas and New Year")])
def test_when_the_money_comes_says_the_christmas_bank_days_may_move_it_before_the_login_offer(
        language: str, said: str) -> None:
    """"Når kommer pengene?" on 7 December said nothing of Christmas. With julaften and 1. juledag ahead (the router's
    closed_days_ahead), the answer says fewer bank days can move the day, names no date, and says how to ask; the
    offer to log in stays last."""
    anonymous = {"logged_in": False, "login_available": True, "texts": ["Not logged in."]}
    _, messages = run(anonymous, "payment_dates", language, "når kommer pengene?", ["2026-12-24", "2026-12-25"])
    assert messages[0]["response"] == "utter_payment_dates"
    assert messages[1]["text"].startswith(said) and "nav.no" in messages[1]["text"], messages[1]
    assert not any(ch.isdigit() for ch in messages[1]["text"]), "no date is promised"
    assert [b["payload"] for b in messages[2]["buttons"]] == [LOGIN_PAYLOAD, "/human_handoff"]
    logged_in = {"logged_in": True, "has_case": True, "texts": ["Utbetalt 1. desember: 5 000 kr."]}
    _, messages = run(logged_in, "payment_dates", language, "når kommer pengene?", ["2026-12-24"])
    [answer] = messages  # one answer, as without the holidays: her payments, then the holidays
    assert answer["text"].startswith("Utbetalt 1. desember: 5 000 kr.\n\n" + said), answer


def test_the_christmas_note_is_not_said_again_right_after_it_was() -> None:
    """Probe 161: asked before the login, answered again after it (router/domain/asked_before_login.py), the same
    Christmas paragraph came twice in a row."""
    logged_in = {"logged_in": True, "has_case": True, "texts": ["Utbetalt 1. desember: 5 000 kr."]}
    _, first = run(logged_in, "payment_dates", "nb", "når kommer pengene?", ["2026-12-24"])
    said = first[0]["text"]
    router = CaseRouter(logged_in, ["2026-12-24"])
    action = ActionCaseAnswer()
    action.client_factory = lambda: router  # type: ignore[assignment,return-value]
    dispatcher = CollectingDispatcher()
    events = [user_event("payment_dates", "når kommer pengene?"), {"event": "bot", "text": said},
              user_event("payment_dates", "når kommer pengene?")]
    latest = {"intent": {"name": "payment_dates", "confidence": 0.9}, "entities": [], "text": "når kommer pengene?"}
    asyncio.run(action.run(dispatcher, Tracker("conv-1", {"language": "nb"}, latest, events, False, None, {},
                                               "action_listen"), {}))
    [again] = dispatcher.messages
    assert again["text"] == "Utbetalt 1. desember: 5 000 kr.", again


def test_other_holidays_get_the_general_note_and_none_ahead_or_other_questions_get_none() -> None:
    anonymous = {"logged_in": False, "login_available": False, "texts": []}
    _, messages = run(anonymous, "payment_dates", "nb", "når kommer pengene?", ["2027-03-25", "2027-03-26"])
    assert messages[1]["text"].startswith("Det er helligdager de nærmeste ukene"), messages
    _, messages = run(anonymous, "payment_dates", "nb", "når kommer pengene?", [])
    assert [m.get("response") for m in messages] == ["utter_payment_dates"]
    _, messages = run(anonymous, "sosialhjelp_status", "nb", "har jeg fått svar?", ["2026-12-24"])
    assert [m.get("response") for m in messages] == ["utter_sosialhjelp_status"]


@pytest.mark.parametrize(("language", "question", "said"), [
    ("nb", "Får jeg penger neste måned også?", "Vedtaket ditt sier hvilken periode hjelpen gjelder for."),
    ("en", "Will I get money next month too?", "Your decision says which period the help covers."),
])
def test_money_next_month_is_told_the_decision_covers_a_period_after_her_payments(
        language: str, question: str, said: str) -> None:
    """Probe 157: a granted bruker asking about next month heard only her past payments or how to apply."""
    logged_in = {"logged_in": True, "has_case": True, "texts": ["Utbetalt 1. desember: 5 000 kr."]}
    _, messages = run(logged_in, "payment_dates", language, question)
    [answer] = messages
    assert answer["text"].startswith("Utbetalt 1. desember: 5 000 kr.\n\n" + said), answer
    _, messages = run(logged_in, "payment_dates", language, "når kommer pengene?")
    assert said not in messages[0]["text"]


ANONYMOUS = {"logged_in": False, "login_available": True, "texts": ["Jeg er ikke logget inn."]}


@pytest.mark.parametrize(("question", "language", "words"), [
    ("Kva er ein kontoutskrift, og kor lang periode må han dekkje?", "nn", "Kor lang periode kontoutskrifta"),
    ("hvor mange måneder kontoutskrift", "nb", "Hvor lang periode kontoutskriften"),
    ("how many months of bank statements do you need?", "en", "How long a period"),
    ("Eg har ikkje husleigekontrakt, berre ein munnleg avtale med utleigaren", "nn", "munnleg avtale"),
    ("jeg har ingen leiekontrakt", "nb", "Har du ikke skriftlig husleiekontrakt"),
    ("Må eg leggje ved husleigekontrakten?", "nn", "Leiger du, treng NAV som regel husleigekontrakten"),
    ("Kva om eg ikkje har alle vedlegga?", "nn", "Du kan sende søknaden sjølv om du manglar vedlegg"),
    ("what if I don't have all the documents?", "en", "even if some documents are missing"),
])
def test_a_particular_documents_question_is_answered_as_asked(question: str, language: str, words: str) -> None:
    """Probe 159: a period of kontoutskrift, no written contract, something missing: each got the general list of
    vedlegg, and with it the offer of the personal list she had just been given."""
    for result in (ANONYMOUS, {"logged_in": True, "has_case": True, "texts": ["Kontoret har bedt deg sende: X."]}):
        router, messages = run(result, "sosialhjelp_documents", language=language, text=question)
        assert len(messages) == 1 and words in messages[0]["text"], (question, messages)
        assert [b["payload"] for b in messages[0]["buttons"]] == ["/human_handoff"]
        assert router.asked == [], "the same for everyone: the router is not asked"


def test_the_personal_list_is_pointed_to_not_offered_again_once_given() -> None:
    _, before = run(ANONYMOUS, "sosialhjelp_documents", text="hvilke vedlegg trenger jeg?")
    assert [m.get("response") for m in before] == ["utter_sosialhjelp_documents"], "the offer of a list, before it"
    _, after = run(ANONYMOUS, "sosialhjelp_documents", language="nn", text="kva vedlegg treng eg?",
                   slots={"digisos_done": True})
    assert [m.get("text") for m in after] == [
        "Vedlegga du treng, står i lista du fekk då vi gjekk gjennom søknaden. Nesten alle treng kontoutskrift for "
        "alle kontoane sine. Manglar du noko, kan du sende søknaden likevel og ettersende vedlegga under «Dine "
        "søknader» på nav.no."]
    assert not any(m.get("buttons") for m in after), "no button to make the list again"


def test_whether_the_office_wants_more_is_still_the_persons_own_case() -> None:
    router, messages = run({"logged_in": True, "has_case": True, "texts": ["Kontoret har bedt deg sende: X."]},
                           "sosialhjelp_documents", text="Mangler det noen dokumenter?")
    assert router.asked == [("conv-1", "Mangler det noen dokumenter?")]
    assert messages[0]["text"].startswith("Kontoret har bedt deg sende")


def test_inside_the_guide_a_particular_question_is_answered_and_a_general_one_waits_for_the_list() -> None:
    from actions.documents import ActionDocumentsInGuide

    def said(text: str) -> list[dict[str, Any]]:
        dispatcher = CollectingDispatcher()
        asyncio.run(ActionDocumentsInGuide().run(dispatcher, tracker({"language": "nn"}, ["sosialhjelp_documents"],
                                                                      text=text), {}))
        return dispatcher.messages

    [particular] = said("Eg har ikkje husleigekontrakt, berre ein munnleg avtale med utleigaren")
    assert "munnleg avtale" in particular["text"] and not particular.get("buttons"), "the guide's question follows"
    [general] = said("Kva dokument må eg leggje ved?")
    assert general["response"] == "utter_sosialhjelp_documents_in_guide"
