"""The event bus port: fans router events out to every router process (and its WebSockets and socket.io)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol


class EventBus(Protocol):
    # False while the shared bus (Redis) is away: this router's clients still get its own events; /health says so.
    reachable: bool

    async def publish(self, event: dict[str, Any]) -> None: ...

    def subscribe(self) -> AsyncIterator[dict[str, Any]]: ...
