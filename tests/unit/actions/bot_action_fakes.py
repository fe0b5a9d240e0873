"""Test doubles for the action server: a fake router client and a tracker builder."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

ENHET = {
    "enhetsnummer": "0312",
    "navn": "NAV Grünerløkka",
    "type": "LOKAL",
    "adresse": "Storgata 1, 0182 Oslo",
    "telefon": "55 55 33 33",
    "aapningstider": {"mon": "09:00-15:00", "tue": "09:00-15:00", "wed": "09:00-15:00", "thu": "09:00-15:00",
                      "fri": "09:00-14:00", "sat": None, "sun": None},
}


class FakeRouter:
    """Answers like the router would; set an attribute to None to simulate a failure."""

    def __init__(self, kommune: dict[str, Any] | None = None, resolve: list[dict[str, Any]] | None = None,
                 enhet: dict[str, Any] | None = None, handoff: dict[str, Any] | None = None,
                 may_apply_digitally: bool | None = None, local_office: bool | None = None,
                 registered_abroad: bool = False, nav_phone_opens: str | None = None, logged_in: bool = False,
                 registered_office: str | None = None, chat_opens: str | None = None,
                 chat_closed_today: bool = False):
        self.kommune, self.resolved, self.enhet, self.handoff_result = kommune, resolve, enhet, handoff
        self.may_apply, self.local, self.abroad = may_apply_digitally, local_office, registered_abroad
        self.phone_opens = nav_phone_opens  # null while NAV's phone is open now, as the router says it
        self.is_logged_in, self.office = logged_in, registered_office
        self.chat_opens, self.chat_closed_today = chat_opens, chat_closed_today  # null chat_opens: staffed now
        self.calls: list[tuple[str, Any]] = []

    async def ways_to_nav(self, sender_id: str) -> dict[str, Any]:
        self.calls.append(("ways_to_nav", sender_id))
        return {"may_apply_digitally": self.may_apply, "local_office": self.local,
                "registered_abroad": True if self.abroad else None, "nav_phone_opens": self.phone_opens,
                "logged_in": self.is_logged_in, "registered_office": self.office, "chat_opens": self.chat_opens,
                "chat_closed_today": self.chat_closed_today}

    async def logged_in(self, sender_id: str) -> bool:
        self.calls.append(("logged_in", sender_id))
        return self.is_logged_in

    async def registered_office(self, sender_id: str) -> str | None:
        self.calls.append(("registered_office", sender_id))
        return self.office

    async def may_apply_digitally(self, sender_id: str) -> bool | None:
        self.calls.append(("may_apply_digitally", sender_id))
        return self.may_apply

    async def local_office(self, sender_id: str) -> bool | None:
        self.calls.append(("local_office", sender_id))
        return self.local

    async def registered_abroad(self, sender_id: str) -> bool:
        self.calls.append(("registered_abroad", sender_id))
        return self.abroad

    async def get_kommune(self, kommune: str) -> dict[str, Any] | None:
        self.calls.append(("kommune", kommune))
        return self.kommune

    async def resolve(self, **criteria: str | None) -> list[dict[str, Any]] | None:
        self.calls.append(("resolve", criteria))
        return self.resolved

    async def get_enhet(self, enhetsnummer: str) -> dict[str, Any] | None:
        self.calls.append(("enhet", enhetsnummer))
        return self.enhet

    async def handoff(self, sender_id: str, body: dict[str, Any]) -> dict[str, Any] | None:
        self.calls.append(("handoff", (sender_id, body)))
        return self.handoff_result


def user_event(intent: str, text: str = "") -> dict[str, Any]:
    return {"event": "user", "text": text or intent, "parse_data": {"intent": {"name": intent, "confidence": 0.9}}}


def tracker(slots: dict[str, Any] | None = None, intents: list[str] | None = None, text: str = "",
            entities: list[dict[str, Any]] | None = None, extra_events: list[dict[str, Any]] | None = None,
            ranking: list[dict[str, Any]] | None = None) -> Tracker:
    intents = intents or ["greet"]
    events = [user_event(i) for i in intents] + (extra_events or [])
    latest = {"intent": {"name": intents[-1], "confidence": 0.9}, "entities": entities or [],
              "text": text or intents[-1], "intent_ranking": ranking or []}
    return Tracker("conv-1", slots or {}, latest, events, False, None, {}, "action_listen")
