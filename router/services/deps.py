"""Everything a use case needs, as ports: wired for real in router/app.py, with fakes in tests/fakes.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from router.config import Settings
from router.ports.bot import BotClient
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

    async def publish(self, event: dict[str, Any]) -> None:
        await self.bus.publish(event)
