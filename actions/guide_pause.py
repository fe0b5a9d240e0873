"""The Digisos guide taken up again where it stopped, after something else came in between.

Two things stop the guide in the middle: a person offered at once (acute need, frustration, "ring meg"; the rules
deactivate the guide so that a "ja" hands over), and an office question that needs the place first (the office
question's own form replaces the guide while it asks for the bydel). Afterwards the bruker expects the guide to go
on: a "nei takk" to the person, or the office named, brings back the question the guide was at. The form is
activated again and asks its first unanswered question; the answers given so far stay in their slots.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import pick, previous_turn, user_indices

GUIDE = "digisos_form"
RESUMED = {
    "nb": "Da fortsetter vi med søknaden der vi slapp.",
    "nn": "Då held vi fram med søknaden der vi slapp.",
    "en": "Let's go on with the application where we left off.",
}


def _loop_before(events: list[Mapping[str, Any]], end: int) -> str | None:
    """The active loop just before events[end] (None when none was active)."""
    for event in reversed(events[:end]):
        if event.get("event") == "active_loop":
            return event.get("name")
    return None


def guide_stopped_last_turn(events: Iterable[Mapping[str, Any]]) -> bool:
    """Whether the bot's turn before the latest user message stopped the guide (action_deactivate_loop while the
    guide was active): the person offered then was offered in the middle of the guide."""
    events = list(events)
    if len(user_indices(events)) < 2:
        return False
    for i in previous_turn(events):
        if events[i].get("event") == "action" and events[i].get("name") == "action_deactivate_loop":
            return _loop_before(events, i) == GUIDE
    return False


def guide_interrupted_by(events: Iterable[Mapping[str, Any]], intent: str) -> int | None:
    """The index of the latest user message with `intent` if the guide was active when it came, else None."""
    events = list(events)
    for i in reversed(user_indices(events)):
        if ((events[i].get("parse_data") or {}).get("intent") or {}).get("name") == intent:
            return i if _loop_before(events, i) == GUIDE else None
    return None


def resume_guide(dispatcher: CollectingDispatcher, lang: str, slots: Mapping[str, Any] | None = None) -> list[dict]:
    """Say that the guide goes on, and activate it again (it asks its first unanswered question)."""
    dispatcher.utter_message(text=pick(RESUMED, lang))
    return [*(SlotSet(k, v) for k, v in (slots or {}).items()), FollowupAction(GUIDE)]
