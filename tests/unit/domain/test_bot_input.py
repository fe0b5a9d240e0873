"""What of a bruker's message the bot reads (router/domain/bot_input.py)."""

from __future__ import annotations

import pytest

from router.domain.bot_input import NO_WORDS, payload_for_bot, words_for_bot


@pytest.mark.parametrize(("typed", "read"), [
    ("/restart", "restart"),
    ('/greet{"language": "nn"}', 'greet{"language": "nn"}'),
    ("  / /session_start", "session_start"),
    ("//", NO_WORDS),
    ("/", NO_WORDS),
])
def test_typed_text_that_starts_with_a_slash_reaches_the_bot_as_words(typed: str, read: str) -> None:
    assert words_for_bot(typed) == read
    assert not words_for_bot(typed).startswith("/")


@pytest.mark.parametrize("typed", ["hei", "hva er 1/2 av 100", "søknad 12/3", " hei /restart"])
def test_other_text_is_left_as_typed(typed: str) -> None:
    assert words_for_bot(typed) == typed


@pytest.mark.parametrize("payload", ["/restart", "/back", "/session_start", '/restart{"a": 1}',
                                     '/greet{"language": "nn"}', '/digisos_answer{"answer": "x", "language": "en"}'])
def test_buttons_naming_rasas_control_intents_or_setting_the_language_are_not_passed_on(payload: str) -> None:
    assert payload_for_bot(payload) is None


@pytest.mark.parametrize("payload", [None, "/human_handoff", '/inform{"kommune": "Asker"}', "/place_unknown",
                                     "router:handoff", "/restarting", '/digisos_answer{"answer": "husleie"}',
                                     '/greet{not json}'])
def test_the_bots_own_buttons_and_the_routers_pass_unchanged(payload: str | None) -> None:
    assert payload_for_bot(payload) == payload
