"""Login questions answered for this conversation's login: a logged-in bruker is told so (no login button, no name
or fødselsnummer); an anonymous one gets how to log in with the button; without the router, the general help."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.login import ActionLoginHelp
from tests.unit.actions.bot_action_fakes import tracker


class WaysRouter:
    def __init__(self, ways: dict[str, Any]) -> None:
        self.ways = ways

    async def ways_to_nav(self, sender_id: str) -> dict[str, Any]:
        return self.ways


def run(ways: dict[str, Any], text: str, language: str = "nb") -> list[dict[str, Any]]:
    action = ActionLoginHelp()
    action.client_factory = lambda: WaysRouter(ways)  # type: ignore[assignment,return-value]
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker({"language": language}, ["login_help"], text=text), {}))
    return dispatcher.messages


def payloads(messages: list[dict[str, Any]]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons") or []]


def test_a_logged_in_bruker_asking_who_they_are_is_told_they_are_logged_in_without_a_login_button() -> None:
    for lang, text, said in (("nb", "hvem er jeg logget inn som?", "Du er logget inn med ID-porten"),
                             ("nn", "kven er eg logga inn som?", "Du er logga inn med ID-porten"),
                             ("en", "who am I logged in as?", "You are logged in with ID-porten")):
        messages = run({"may_apply_digitally": True, "local_office": None}, text, lang)
        assert len(messages) == 1 and messages[0]["text"].startswith(said), messages
        assert "router:login" not in payloads(messages) and payloads(messages) == ["/human_handoff"]
        assert not any(m.get("response") == "utter_login_help" for m in messages)


def test_adressebeskyttelse_says_someone_logged_in_not_that_they_still_are() -> None:
    """The protection stays after a logout, so false only tells that a login happened in this conversation."""
    messages = run({"may_apply_digitally": False, "local_office": False}, "er jeg logget inn?")
    assert messages[0]["text"].startswith("Du har logget inn med ID-porten") and "«Logg ut»" in messages[0]["text"]
    assert "router:login" not in payloads(messages)


def test_an_anonymous_bruker_is_told_so_when_asking_and_gets_the_login_help_with_its_button() -> None:
    messages = run({"may_apply_digitally": None, "local_office": None}, "er jeg logget inn?")
    assert messages[0]["text"] == "Du er ikke logget inn her i chatten nå."
    assert messages[-1]["response"] == "utter_login_help" and len(messages) == 2
    # a how-to question gets the login help alone
    messages = run({"may_apply_digitally": None, "local_office": None}, "bankid virker ikke")
    assert [m.get("response") for m in messages] == ["utter_login_help"]


def test_without_the_router_the_general_login_help() -> None:
    messages = run({}, "hvem er jeg logget inn som?")
    assert [m.get("response") for m in messages] == ["utter_login_help"]


def test_no_bankid_at_all_gets_how_to_apply_and_reach_nav_without_it() -> None:
    """"Jeg har ikke BankID i det hele tatt, er 19 år" got the login answer again (log in with BankID; BankID that
    fails is the bank's): paper and the NAV office, NAV's phone with its hours, and where BankID comes from; no login
    button. BankID that fails still gets the login help."""
    for lang, text, said in (("nb", "Jeg har ikke BankID i det hele tatt, er 19 år", "søke om på papir"),
                             ("nn", "eg har ikkje bankid", "søkje om på papir"),
                             ("en", "I don't have BankID", "apply for financial assistance on paper")):
        messages = run({"may_apply_digitally": None, "local_office": None}, text, lang)
        assert len(messages) == 1 and said in messages[0]["text"], messages
        assert "55 55 33 33" in messages[0]["text"] and "09–15" in messages[0]["text"]
        assert payloads(messages) == ["/human_handoff", "/office_contact"]
    assert [m.get("response") for m in run({}, "BankID virker ikke")] == ["utter_login_help"]
    # kode 6 has no local office: never sent to one
    assert "NAV-kontoret" not in str(run({"may_apply_digitally": False, "local_office": False}, "har ikke bankid"))
