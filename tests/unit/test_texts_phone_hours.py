"""A fixed text that offers NAV's phone says when it answers (weekdays 09–15), unless the router picks it by
whether the phone is open now (router/services/waiting.py, acute_need.contacts_key): no text sends a bruker to a
closed phone on a Saturday evening without saying so."""

from __future__ import annotations

import importlib

import pytest

from router.domain.language_policy import SUPPORTED_LANGUAGES
from router.texts import NAV_PHONE, fixed_text

# Shown only while NAV's phone is open, or saying itself when NAV answers again ({opens}) or what to do meanwhile.
CHOSEN_BY_THE_PHONES_HOURS = frozenset({
    "emergency_contacts", "emergency_contacts_call_nav", "emergency_contacts_closed", "wait_nobody_online",
    "wait_past_closing", "wait_nobody_before_closing", "bot_unavailable_phone_closed"})


@pytest.mark.parametrize("language", sorted(SUPPORTED_LANGUAGES))
def test_a_text_offering_the_phone_says_its_hours(language: str) -> None:
    texts = importlib.import_module(f"router.texts.{language}").TEXTS
    offering = [key for key, text in texts.items() if "{phone}" in text]
    assert "translation_unavailable" in offering and "widget_help" in offering
    # The hours are one text per language (nav_phone_hours), given as {phone_hours}.
    assert "09–15" in texts["nav_phone_hours"]
    without_hours = [key for key in offering
                     if key not in CHOSEN_BY_THE_PHONES_HOURS and "{phone_hours}" not in texts[key]]
    assert without_hours == [], without_hours


def test_the_phone_closed_variants_offer_no_phone() -> None:
    for language in sorted(SUPPORTED_LANGUAGES):
        for key in ("wait_nobody_online_phone_closed", "wait_past_closing_phone_closed",
                    "wait_nobody_before_closing_phone_closed"):
            assert NAV_PHONE not in fixed_text(key, language, enhet="x", closes="15:00", opens="§"), (language, key)
