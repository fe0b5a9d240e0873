"""A cry for help ("HJELP!!!") is no greeting: read as not understood (bot/components/cry_for_help.py), and the
fallback answers it with a caring word, help today and a person; a "ja" after it hands over."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionAnswerYesNo
from actions.fallback import ActionHandleFallback
from bot.components.cries import cries_for_help
from tests.unit.actions.bot_action_fakes import FakeRouter, tracker
from tests.unit.actions.test_bot_conversation import _after

SATURDAY = "2026-12-07T09:00:00+01:00"


@pytest.mark.parametrize("text", ["HJELP!!!", "HJELP", "Hjelp!", "hjelp!!", "HJELP MEG!!!", "help!!!", "HELP ME",
                                  "HJEEELP", "hjelp meg, noen!"])
def test_a_help_word_shouted_or_with_an_exclamation_mark_is_a_cry(text: str) -> None:
    assert cries_for_help(text)


@pytest.mark.parametrize("text", ["hjelp", "hjelp meg", "jeg trenger hjelp", "Hjelp meg å søke!", "hei!", "OK",
                                  "hjelp med søknaden!", "I need help", "HEI", ""])
def test_a_plain_request_for_help_or_other_words_are_no_cry(text: str) -> None:
    assert not cries_for_help(text)


def _fallback(text: str, lang: str = "nb", opens: str | None = None) -> dict[str, Any]:
    action = ActionHandleFallback()
    action.client_factory = lambda: FakeRouter(nav_phone_opens=opens)  # type: ignore[method-assign]
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker({"language": lang}, ["nlu_fallback"], text=text,
                                               ranking=[{"name": "nlu_fallback"}, {"name": "greet"}]), {}))
    [said] = dispatcher.messages
    return said


@pytest.mark.parametrize(("lang", "start"), [("nb", "Det ser ut som du har det tungt nå"),
                                             ("nn", "Det ser ut som du har det tungt no"),
                                             ("en", "It looks like things are hard right now")])
def test_a_cry_gets_a_caring_word_help_today_and_a_person_not_jeg_forstod_ikke(lang: str, start: str) -> None:
    """Probe 117: "HJELP!!!" got "Så bra at du tar kontakt, jeg hjelper deg gjerne!" and the console said
    "Intensjon: hilsen"."""
    said = _fallback("HJELP!!!", lang)
    assert said["text"].startswith(start) and "55 55 33 33" in said["text"], said
    assert [b["payload"] for b in said["buttons"]] == ["/sosialhjelp_emergency", "/human_handoff",
                                                       "/sosialhjelp_apply"]
    closed = _fallback("HJELP!!!", lang, SATURDAY)
    assert closed["text"].startswith(start) and "09" in closed["text"], closed


def test_yes_after_the_caring_word_hands_over() -> None:
    said = _fallback("HJELP!!!")["text"]
    action = ActionAnswerYesNo()
    action.client_factory = FakeRouter  # type: ignore[assignment]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, _after("action_handle_fallback", said, "affirm"), {}))
    assert events == [{"event": "followup", "name": "action_handoff", "timestamp": None}]
