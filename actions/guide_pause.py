"""The Digisos guide taken up again where it stopped, after something else came in between.

Two things stop the guide in the middle: a person offered at once (acute need, frustration, "ring meg"; the rules
deactivate the guide so that a "ja" hands over), and an office question that needs the place first (the office
question's own form replaces the guide while it asks for the bydel). Afterwards the bruker expects the guide to go
on: a "nei takk" to the person, or the office named, brings back the question the guide was at. The form is
activated again and asks its first unanswered question; the answers given so far stay in their slots.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import language, latest_user_index, pick, previous_turn, user_indices

GUIDE = "digisos_form"
RESUMED = {
    "nb": "Da fortsetter vi med søknaden der vi slapp.",
    "nn": "Då held vi fram med søknaden der vi slapp.",
    "en": "Let's go on with the application where we left off.",
}
# "la oss fortsette" right after the guide asked its question again (a side question answered, then the question):
# the question is the message just above, not asked a third time.
RESUMED_ABOVE = {
    "nb": "Da fortsetter vi med søknaden der vi slapp: svar gjerne på spørsmålet over.",
    "nn": "Då held vi fram med søknaden der vi slapp: svar gjerne på spørsmålet over.",
    "en": "Let's go on with the application where we left off: just answer the question above.",
}
LISTEN = "action_listen"


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


def asked_at_stop(events: Iterable[Mapping[str, Any]]) -> str | None:
    """The slot the guide was asking for when the message before the latest one came, if the guide was active then
    (the message that stopped it: "vi har ikke mat i dag" at the family question)."""
    events = list(events)
    users = user_indices(events)
    if len(users) < 2 or _loop_before(events, users[-2]) != GUIDE:
        return None
    return next((e.get("value") for e in reversed(events[:users[-2]])
                 if e.get("event") == "slot" and e.get("name") == "requested_slot"), None)


def message_at_stop(events: Iterable[Mapping[str, Any]], slot: str | None = None) -> str | None:
    """The text of the message before the latest one if the guide was asking for `slot` (any question when None)
    when it came ("vi har ikke penger til mat" at the need question, answered with a person offered): what it said
    may answer that question."""
    events = list(events)
    asked = asked_at_stop(events)
    if asked is None or (slot is not None and asked != slot):
        return None
    return str(events[user_indices(events)[-2]].get("text") or "")


def acute_need_in_guide(events: Iterable[Mapping[str, Any]]) -> bool:
    """Whether an acute need stopped the guide in this conversation (action_emergency right after the guide was
    deactivated): the closing then says that nødhjelp can be had the same day (NODHJELP_TODAY)."""
    events = list(events)
    actions = [i for i, e in enumerate(events) if e.get("event") == "action" and e.get("name") != LISTEN]
    return any(events[i].get("name") == "action_emergency" and events[j].get("name") == "action_deactivate_loop"
               and _loop_before(events, j) == GUIDE for j, i in zip(actions, actions[1:], strict=False))


# The closing after an acute need said in the guide: the application takes days, nødhjelp does not.
NODHJELP_TODAY = {
    "nb": "Du fortalte at du trenger hjelp nå. Søknaden tar tid, men nødhjelp kan du få samme dag: ring "
    "NAV-kontoret ditt eller NAV på {phone} ({phone_hours}), eller legevakten på 116 117 når NAV er stengt.",
    "nn": "Du fortalde at du treng hjelp no. Søknaden tek tid, men naudhjelp kan du få same dag: ring "
    "NAV-kontoret ditt eller NAV på {phone} ({phone_hours}), eller legevakta på 116 117 når NAV er stengt.",
    "en": "You told me you need help now. The application takes time, but emergency help (nødhjelp) can be had the "
    "same day: call your NAV office or NAV on +47 {phone} ({phone_hours}), or the emergency medical service on "
    "116 117 when NAV is closed.",
}


def guide_asked_last(events: Iterable[Mapping[str, Any]]) -> bool:
    """Whether the bot's last message before the latest user message was said by the guide (its question, asked
    again after a side question was answered)."""
    events = list(events)
    said = False
    for event in reversed(events[:latest_user_index(events)]):
        if event.get("event") == "bot":
            said = True
        elif event.get("event") == "user":
            return False
        elif event.get("event") == "action" and event.get("name") != LISTEN:
            return said and event.get("name") == GUIDE
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


# "ok, la oss fortsette med søknaden" after a detour: a wish to go on with the guide, which the model takes for the
# question about saved drafts (sosialhjelp_draft: "fortsette der jeg slapp"). Words about drafts, saving or later
# keep the drafts answer ("kan jeg lagre søknaden og fortsette senere?").
GO_ON = re.compile(r"\b(fortsett\w*|gå videre|ga videre|videre med|tilbake til|halde fram|held fram|continue|go on|"
                   r"carry on|back to)\b")
ABOUT_DRAFTS = re.compile(r"\b(lagr\w*|utkast\w*|mellomlagr\w*|senere|seinare|later|i morgen|mobil\w*|nettleser\w*|"
                          r"påbegynt|påbyrja|slett\w*|borte|forsvant|finner|finn|logget|krasj\w*|draft\w*|save\w*|"
                          r"tomorrow|browser|phone|lost|nav\.no)\b")
DRAFTS_ANSWER = "utter_sosialhjelp_draft"


def wants_the_guide_back(text: str) -> bool:
    """Whether a message asks to go on with the guide rather than about a saved draft."""
    t = " ".join((text or "").lower().split())
    return bool(GO_ON.search(t)) and not ABOUT_DRAFTS.search(t)


def guide_unfinished(events: Iterable[Mapping[str, Any]], slots: Mapping[str, Any]) -> bool:
    """Whether the guide ran in this conversation and has not reached its checklist."""
    started = any(e.get("event") == "active_loop" and e.get("name") == GUIDE for e in events)
    return started and not slots.get("digisos_done")


class ActionSosialhjelpDraft(Action):
    """The drafts answer, unless the bruker in the middle of the guide asks to go on with it: then the guide goes on
    (its rule asks its question again when it is active, unless the guide asked it just before; paused, it is
    activated again)."""

    def name(self) -> str:
        return "action_sosialhjelp_draft"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        text = str((tracker.latest_message or {}).get("text") or "")
        if wants_the_guide_back(text) and guide_unfinished(tracker.events, tracker.slots):
            if (tracker.active_loop or {}).get("name") == GUIDE:
                if guide_asked_last(tracker.events):
                    # The side question's answer was followed by the guide's question: the rule would run the guide
                    # again and ask it a second time in a row. Listen instead; the guide, still active, takes the
                    # answer. The guide rejected this message (its slots do not take sosialhjelp_draft), and Rasa
                    # predicts a rejected loop again only after it ran: taken up here, it takes the next message.
                    dispatcher.utter_message(text=pick(RESUMED_ABOVE, language(tracker)))
                    return [ActiveLoop(GUIDE), FollowupAction(LISTEN)]
                dispatcher.utter_message(text=pick(RESUMED, language(tracker)))
                return []
            return resume_guide(dispatcher, language(tracker))
        dispatcher.utter_message(response=DRAFTS_ANSWER)
        return []
