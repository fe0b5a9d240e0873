"""Helpers shared by the actions: conversation language, the place slots, and positions in a tracker's events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Tracker

from router.texts import contact_text

LANGUAGES = ("nb", "nn", "en")
# The title of the button to a human (payload /human_handoff), one wording everywhere.
HUMAN_TITLE = {"nb": "Snakk med en veileder", "nn": "Snakk med ein rettleiar", "en": "Talk to an adviser"}
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
    """The text for a language, falling back to bokmål; NAV's contact details (``{phone}``) and its phone's hours in
    the text's language (``{phone_hours}``, the router's ``nav_phone_hours``) filled in."""
    chosen = lang if texts.get(lang) else "nb"
    return contact_text(texts[chosen], chosen)


def human_button(lang: str) -> dict[str, str]:
    """The button to a person ("Snakk med en veileder"), in ``lang``."""
    return {"title": pick(HUMAN_TITLE, lang), "payload": "/human_handoff"}


Events = Sequence[Mapping[str, Any]]


def user_indices(events: Events) -> list[int]:
    """The positions of the bruker's messages among a tracker's events."""
    return [i for i, e in enumerate(events) if e.get("event") == "user"]


def latest_user_index(events: Events) -> int:
    """The position of the bruker's latest message (the end of the events when there is none)."""
    users = user_indices(events)
    return users[-1] if users else len(events)


def previous_turn(events: Events) -> range:
    """The positions of the bot's turn the latest message answers: from the message before it (or the start) up to
    it."""
    users = user_indices(events)
    return range(users[-2] if len(users) > 1 else 0, users[-1] if users else len(events))


def slot_before(events: Events, end: int, slot: str) -> Any:
    """A slot's value as set before events[end]."""
    for event in reversed(events[:end]):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None
