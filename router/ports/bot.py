"""The bot port: one bruker message in, the bot's replies out (Rasa behind it, router/adapters/rasa_client.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class BotUnavailable(Exception):
    """Rasa did not answer in time, answered with an error, or could not be reached."""


@dataclass(frozen=True)
class BotReply:
    text: str
    buttons: tuple[dict[str, str], ...] = field(default_factory=tuple)


class BotClient(Protocol):
    turns_waiting: int  # turns waiting for a free slot at their Rasa now (the backpressure, for /metrics)

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[BotReply]:
        """The bot's replies to one message; BotUnavailable when it cannot answer."""
        ...

    async def tracker(self, conversation_id: str) -> dict[str, Any]:
        """Rasa's tracker: events (user events carry the metadata sent with them) and slots."""
        ...

    async def is_healthy(self) -> bool: ...


class BotMemory(Protocol):
    """What the bot keeps of a conversation (Rasa's tracker store), so retention can delete it too."""

    async def forget(self, conversation_ids: list[str]) -> int:
        """Delete the bot's record of these conversations; returns how many rows went."""
        ...
