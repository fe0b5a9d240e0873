"""typing.Protocol per port: BotClient, EventBus, Clock (translator and detector live with their adapters)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


class BotUnavailable(Exception):
    """Rasa did not answer in time, answered with an error, or could not be reached."""


@dataclass(frozen=True)
class BotReply:
    text: str
    buttons: tuple[dict[str, str], ...] = field(default_factory=tuple)


class BotClient(Protocol):
    async def send(self, conversation_id: str, text: str) -> list[BotReply]: ...

    async def set_slots(self, conversation_id: str, slots: dict[str, Any]) -> None: ...

    async def tracker(self, conversation_id: str) -> dict[str, Any]: ...

    async def is_healthy(self) -> bool: ...


class EventBus(Protocol):
    """Fans router events out to every router process (and its WebSockets)."""

    async def publish(self, event: dict[str, Any]) -> None: ...

    def subscribe(self) -> AsyncIterator[dict[str, Any]]: ...


class Clock(Protocol):
    def now(self) -> datetime: ...
