"""Logged in, follow-ups are answered from the bruker's own case, not with the general answer (probe 106: w01, w06,
w07)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.case_followup import ActionFollowupCase
from actions.conversation import ActionFrustration
from actions.innsyn import case_reply
from tests.unit.actions.bot_action_fakes import user_event

OLA = {"status": "UNDER_BEHANDLING", "mottatt": "2026-11-02", "nav_kontor": "0312", "forelopig_svar": False,
       "dokumenter": [{"dokumenttype": "Husleiekontrakt", "tilleggsinformasjon": None,
                       "innsendelsesfrist": "2026-12-01"},
                      {"dokumenttype": "Kontoutskrift", "tilleggsinformasjon": None,
                       "innsendelsesfrist": "2026-12-01"}],
       "vedtak": [], "utbetalinger": [], "dokumentasjonkrav": []}
NILS = {**OLA, "status": "BEHANDLES_IKKE", "mottatt": "2026-11-10", "dokumenter": []}
KARI = {**OLA, "status": "MOTTATT", "dokumenter": []}


class CaseRouter:
    def __init__(self, facts: list[dict[str, Any]] | None, logged_in: bool = True, today: str | None = None) -> None:
        self.facts, self.is_logged_in, self.today = facts, logged_in, today

    async def case_answer(self, sender_id: str, question: str) -> dict[str, Any] | None:
        if not self.is_logged_in:
            return {"logged_in": False, "login_available": True, "texts": ["…"]}
        return {"logged_in": True, "has_case": bool(self.facts), "facts": self.facts or [], "texts": ["…"],
                "question": "status", "lines": ["received"], **({"today": self.today} if self.today else {})}

    async def ways_to_nav(self, sender_id: str) -> dict[str, Any]:
        return {}


def turn(intent: str, text: str, lang: str = "nb", after: str = "action_case_answer",
         said: str = "Den blir ikke behandlet.") -> Tracker:
    events = [user_event("sosialhjelp_status", "hva er status?"), {"event": "action", "name": after},
              {"event": "bot", "text": said}, {"event": "action", "name": "action_listen"},
              user_event(intent, text)]
    latest = {"intent": {"name": intent, "confidence": 0.9}, "entities": [], "text": text}
    return Tracker("conv-1", {"language": lang}, latest, events, False, None, {}, "action_listen")


async def run(action: Any, router: CaseRouter, tracker: Tracker) -> list[dict[str, Any]]:
    action.client_factory = lambda: router
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, {})
    return dispatcher.messages


async def test_a_deadline_that_has_passed_is_not_answered_with_tell_the_office_before_it() -> None:
    """w01/w07: Ola was told both deadlines had passed; "hva skjer hvis jeg ikke rekker fristen?" got "si fra til
    NAV-kontoret før fristen går ut"."""
    for lang, said in (("nb", "Fristen har gått ut for: Husleiekontrakt, frist 1. desember 2026"),
                       ("nn", "Fristen har gått ut for: Husleiekontrakt"),
                       ("en", "The deadline has passed for: Husleiekontrakt, deadline 1 December 2026")):
        [message] = await run(ActionFollowupCase(), CaseRouter([OLA]),
                              turn("followup_late", "hva skjer hvis jeg ikke rekker fristen?", lang))
        assert message["text"].startswith(said) and "Kontoutskrift" in message["text"], message["text"]
        assert "før fristen går ut" not in message["text"] and "55 55 33 33" in message["text"]
        assert "passert" not in message["text"], "the deadline's passing said once"
        assert [b["payload"] for b in message["buttons"]] == ["/human_handoff"]
    # "hva gjør jeg nå?" right after it: briefly, not word for word again (seen live with Ola)
    [said] = await run(ActionFollowupCase(), CaseRouter([OLA]), turn("followup_late", "hva om jeg ikke rekker det?"))
    [message] = await run(ActionFollowupCase(), CaseRouter([OLA]), turn(
        "followup_what_now", "hva gjør jeg nå?", after="action_followup_case", said=said["text"]))
    assert message["text"].startswith("Som jeg skrev") and "55 55 33 33" in message["text"], message["text"]


async def test_deadlines_are_judged_on_the_routers_day() -> None:
    """The router says the day it judged the case on (its clock, which a trial run starts elsewhere): the bot judges
    the same deadlines on it, not on the real date (an audit: the two could disagree about one deadline)."""
    [before] = await run(ActionFollowupCase(), CaseRouter([OLA], today="2026-11-25"),
                         turn("followup_late", "hva skjer hvis jeg ikke rekker fristen?"))
    assert not before["text"].startswith("Fristen har gått ut"), before["text"]
    [after] = await run(ActionFollowupCase(), CaseRouter([OLA], today="2026-12-02"),
                        turn("followup_late", "hva skjer hvis jeg ikke rekker fristen?"))
    assert after["text"].startswith("Fristen har gått ut for: Husleiekontrakt"), after["text"]


async def test_without_a_case_the_general_answers_stay() -> None:
    for router in (CaseRouter(None, logged_in=False), CaseRouter([])):
        for intent, response in (("followup_late", "utter_followup_late_sosialhjelp"),
                                 ("followup_what_now", "utter_followup_what_now_sosialhjelp")):
            [message] = await run(ActionFollowupCase(), router, turn(intent, "og nå?"))
            assert message["response"] == response
    # a case that asks for nothing: the general late answer holds
    [message] = await run(ActionFollowupCase(), CaseRouter([KARI]), turn("followup_late", "hvis jeg er sen?"))
    assert message["response"] == "utter_followup_late_sosialhjelp"


async def test_what_now_follows_the_case() -> None:
    """w06: Nils ("Den blir ikke behandlet.") asked "hva gjør jeg nå?" and got "Har du ikke søkt ennå …"."""
    [message] = await run(ActionFollowupCase(), CaseRouter([NILS]), turn("followup_what_now", "hva gjør jeg nå?"))
    text = message["text"]
    assert "ikke kommer til å gjøre et vedtak" in text and "Neste steg: spør kontoret hvorfor" in text, text
    assert "ny søknad" in text and "Har du ikke søkt ennå" not in text
    [message] = await run(ActionFollowupCase(), CaseRouter([KARI]), turn("followup_what_now", "hva gjør jeg nå?"))
    assert message["text"].startswith("Kontoret har ikke bedt deg om flere dokumenter, så nå er det kontoret sin tur")
    decided = {**KARI, "status": "FERDIGBEHANDLET", "vedtak": ["2026-10-10"]}
    [message] = await run(ActionFollowupCase(), CaseRouter([decided]), turn("followup_what_now", "hva nå?", "en"))
    assert message["text"].startswith("A decision has been made in your case (10 October 2026)") and \
        "appeal" in message["text"]


async def test_what_does_that_mean_after_the_case_answer_explains_behandles_ikke() -> None:
    """w06: "hva betyr det?" after "Den blir ikke behandlet." got "Beklager, det var kanskje uklart"."""
    [message] = await run(ActionFrustration(), CaseRouter([NILS]), turn("frustration", "hva betyr det?"))
    assert message["text"].startswith("At søknaden ikke blir behandlet, betyr at kontoret ikke kommer til å gjøre et "
                                      "vedtak om den"), message


def test_why_is_it_not_processed_is_answered_not_the_status_again() -> None:
    """w06: "hvorfor behandles den ikke?" got the whole status answer again."""
    result = {"logged_in": True, "has_case": True, "facts": [NILS], "question": "status",
              "texts": ["Ja, vi har fått søknaden din 10. november 2026. Den blir ikke behandlet."]}
    text, _, general = case_reply(result, "nb", "sosialhjelp_status", "hvorfor behandles den ikke?")
    assert text is not None and text.startswith("Hvorfor søknaden ikke blir behandlet, står ikke i saken jeg kan se")
    assert "Ja, vi har" not in text and "veileder" in text and "ny søknad" in text and not general
    text, _, _ = case_reply(result, "en", "sosialhjelp_status", "what does that mean?")
    assert text is not None and text.startswith("That your application will not be processed means"), text
