"""A bare yes or no in the 20 languages (router/domain/short_answers.py)."""

from __future__ import annotations

import pytest

from router.domain.short_answers import NO, YES, yes_or_no


@pytest.mark.parametrize(("text", "answer"), [
    ("Ja!", "yes"), ("ja takk", "yes"), ("OK 👍", "yes"), ("tak", "yes"), ("так", "yes"), ("نعم.", "yes"),
    ("جی ہاں", "yes"), ("evet", "yes"), ("sí", "yes"), ("taip", "yes"), ("haa", "yes"), ("እወ", "yes"),
    ("ใช่", "yes"), ("có ạ", "yes"),
    ("nei", "no"), ("Nei takk.", "no"), ("ikke nå", "no"), ("nie", "no"), ("нет", "no"), ("لا", "no"),
    ("hayır", "no"), ("nein danke", "no"), ("ไม่ครับ", "no"), ("không", "no"),
    # Anything more is a message for the bot (or the veileder), not an answer to an offer.
    ("ja, men når kommer pengene?", None), ("jeg vil ta livet mitt", None), ("hei", None), ("", None),
    ("ja ja ja ja", None),
])
def test_a_short_yes_or_no_in_the_supported_languages(text: str, answer: str | None) -> None:
    assert yes_or_no(text) == answer


def test_no_phrase_is_both_yes_and_no() -> None:
    assert not YES & NO and len(YES) > 60 and len(NO) > 40
