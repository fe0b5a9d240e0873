"""One fake per port, for fast tests of the code around them (never the only test of a path)."""

from __future__ import annotations

import asyncio
from typing import Any

from router.services.ports import BotReply, BotUnavailable


class FakeBot:
    """Answers 'Bot: <text>'; 'veileder' in a message makes it ask the router for a handoff like the real action."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []
        self.slots: dict[str, dict[str, Any]] = {}
        self.down = False
        self.delay_s = 0.0
        self.on_handoff: Any = None

    async def send(self, conversation_id: str, text: str) -> list[BotReply]:
        if self.down:
            raise BotUnavailable("fake bot is down")
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        self.received.append((conversation_id, text))
        if "veileder" in text.lower() and self.on_handoff is not None:
            await self.on_handoff(conversation_id)
            return []
        return [BotReply(text=f"Bot: {text}", buttons=({"title": "Snakk med en veileder", "payload": "/human_handoff"},))]

    async def set_slots(self, conversation_id: str, slots: dict[str, Any]) -> None:
        if self.down:
            raise BotUnavailable("fake bot is down")
        self.slots.setdefault(conversation_id, {}).update(slots)

    async def tracker(self, conversation_id: str) -> dict[str, Any]:
        events = [
            {"event": "user", "text": text, "parse_data": {"intent": {"name": "fake_intent", "confidence": 0.9}}}
            for cid, text in self.received
            if cid == conversation_id
        ]
        return {"events": events, "slots": self.slots.get(conversation_id, {})}

    async def is_healthy(self) -> bool:
        return not self.down


class FakeTranslator:
    """Translates the language pairs it is given by tagging the text; others have no model."""

    def __init__(self, pairs: set[tuple[str, str]]) -> None:
        self.pairs = pairs
        self.calls: list[tuple[str, str, str]] = []

    async def translate(self, text: str, source: str, target: str) -> Any:
        from router.adapters.translator import NoModelForPair, Translation

        self.calls.append((text, source, target))
        if (source, target) not in self.pairs:
            raise NoModelForPair(f"{source}->{target}")
        return Translation(text=f"[{source}>{target}] {text}", source=source, target=target)

    def available_pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset(self.pairs)

    def can_translate(self, source: str, target: str) -> bool:
        return (source, target) in self.pairs
