"""Helpers shared by the actions: conversation language and the place slots."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from router.texts import contact_text

LANGUAGES = ("nb", "nn", "en")
# The title of the button to a human (payload /human_handoff), one wording everywhere.
HUMAN_TITLE = {"nb": "Snakk med en veileder", "nn": "Snakk med ein rettleiar", "en": "Talk to a person"}
UNKNOWN_PLACE = "ukjent"  # kommune slot value when the person does not know or would not say


def language(tracker: Tracker) -> str:
    """The answer language chosen by the router (slot `language`); bokmål by default."""
    value = tracker.get_slot("language")
    return value if value in LANGUAGES else "nb"


def known(value: Any) -> str | None:
    """A place slot value, or None when empty or explicitly unknown."""
    if not value or not isinstance(value, str) or value == UNKNOWN_PLACE:
        return None
    return value


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message or {}).get("intent", {}).get("name")


def pick(texts: dict[str, str], lang: str) -> str:
    """The text for a language, falling back to bokmål; NAV's contact details (``{phone}``) filled in."""
    return contact_text(texts.get(lang) or texts["nb"])
