"""The bot port: one bruker message in, the bot's replies out (Rasa behind it, router/adapters/rasa_client.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class BotUnavailable(Exception):
    """Rasa did not answer in time, answered with an error, or could not be reached.

    ``rasa_gone``: no Rasa listens (every one refused a fresh connection: stopped, restarting), so the message can
    be sent again when one is back (router/services/bot_outage.py): one that never got there is taken then, and one
    its Rasa answered before it went is answered from the tracker, not taken twice (bot/turn_once.py)."""

    def __init__(self, reason: str, *, rasa_gone: bool = False) -> None:
        super().__init__(reason)
        self.rasa_gone = rasa_gone


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
