"""Everything a use case needs, as ports: wired for real in router/app.py, with fakes in tests/fakes.py."""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass, field
from typing import Any

from router.config import Settings
from router.ports.bot import BotClient, BotMemory
from router.ports.clock import Clock
from router.ports.event_bus import EventBus
from router.ports.language import LanguageLayer
from router.ports.routing import RoutingPolicy
from router.ports.store import UnitOfWorkFactory
from router.services.tasks import BackgroundTasks


@dataclass
class Deps:
    settings: Settings
    uow: UnitOfWorkFactory
    bot: BotClient
    bus: EventBus
    clock: Clock
    language: LanguageLayer
    routing: RoutingPolicy
    tasks: BackgroundTasks
    # Rasa's tracker store, so retention deletes the bot's record too (None: not configured)
    bot_memory: BotMemory | None = None
    # Who holds a durable bot turn's lease: one id per router process.
    worker_id: str = field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}")

    async def publish(self, event: dict[str, Any]) -> None:
        await self.bus.publish(event)
