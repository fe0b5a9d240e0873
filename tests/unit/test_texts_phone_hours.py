"""A fixed text that offers NAV's phone says when it answers (weekdays 09–15), unless the router picks it by
whether the phone is open now (router/services/waiting.py, acute_need.contacts_key): no text sends a bruker to a
closed phone on a Saturday evening without saying so."""

from __future__ import annotations

import importlib
from datetime import datetime

import pytest

from router.domain.language_policy import SUPPORTED_LANGUAGES
from router.domain.opening_hours import NAV_PHONE_HOURS, OSLO, NavDay
from router.services.conversations import with_nav_phone
from router.texts import NAV_PHONE, fixed_text, phone_hours
from router.texts.formatting import day_and_time

# Shown only while NAV's phone is open, or saying itself when NAV answers again ({opens}) or what to do meanwhile.
CHOSEN_BY_THE_PHONES_HOURS = frozenset({
    "emergency_contacts", "emergency_contacts_call_nav", "emergency_contacts_closed", "wait_nobody_online",
    "wait_past_closing", "wait_nobody_before_closing", "bot_unavailable_phone_closed",
    "translation_unavailable_phone_closed", "veileder_reply_untranslated_phone_closed",
    "veileder_reply_norwegian_phone_closed", "too_many_new_chats_phone_closed", "queue_full_from_network_phone_closed",
    "queue_full_for_person_phone_closed"})
# Sent by the router at a moment it knows, with NAV's phone as it can be called then (conversations.with_nav_phone):
# each has a "_phone_closed" variant that says when the phone opens. Not here: widget_call_or_retry (shown when the
# router cannot be reached) and widget_help (the page footer, no clock): the hours as a standing fact.
WITH_NAV_PHONE = ("bot_unavailable", "translation_unavailable", "veileder_reply_untranslated",
                  "veileder_reply_norwegian", "too_many_new_chats", "queue_full_from_network", "queue_full_for_person")


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


@pytest.mark.parametrize("language", sorted(SUPPORTED_LANGUAGES))
def test_each_text_chosen_by_the_phones_hours_has_its_closed_variant_in_the_language_itself(language: str) -> None:
    texts = importlib.import_module(f"router.texts.{language}").TEXTS
    for key in WITH_NAV_PHONE:
        closed = texts[f"{key}_phone_closed"]  # its own, not English's by fallback
        assert "{phone}" in closed and "{opens}" in closed and "{phone_hours}" not in closed, (language, key)
        assert "{phone_hours}" in texts[key], (language, key)


@pytest.mark.parametrize("language", ["nb", "pl", "ar"])
@pytest.mark.parametrize("key", WITH_NAV_PHONE)
def test_on_julaften_the_closed_variant_is_chosen_and_on_a_weekday_the_ordinary(key: str, language: str) -> None:
    phone = NAV_PHONE_HOURS.with_nav_days((NavDay(month=12, day=24, kilde="test"),))
    for julaften in (datetime(2026, 12, 24, 10, 0, tzinfo=OSLO), datetime(2026, 12, 24, 16, 0, tzinfo=OSLO)):
        said = with_nav_phone(key, language, julaften, phone=phone)
        assert said == fixed_text(f"{key}_phone_closed", language,
                                  opens=day_and_time(datetime(2026, 12, 28, 9, 0, tzinfo=OSLO), language))
        assert "28" in said and phone_hours(language) not in said
    wednesday = datetime(2026, 12, 2, 11, 0, tzinfo=OSLO)
    assert with_nav_phone(key, language, wednesday, phone=phone) == fixed_text(key, language)
