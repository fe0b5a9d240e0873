"""Use cases against in-memory fakes of every port: no database, no network, milliseconds per test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from router.adapters.clock import FixedClock
from router.adapters.language_layer import NorwegianOnlyLanguage
from router.config import Settings
from router.domain.access import Permission, Role
from router.domain.assignment import Presence
from router.domain.veileder import Veileder
from router.services import handoff
from router.services.conversations import create_conversation
from router.services.deps import Deps
from router.services.tasks import BackgroundTasks
from tests.fakes import FakeBot, FakeRouting, InMemoryStore, RecordingBus

# A Tuesday morning in Oslo: offices are open.
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
OFFICES = {"Asker": ("0220", "0219"), "Bærum": ("0219", "0220"), "Frogner": ("0312", "4106")}


@dataclass
class World:
    deps: Deps
    store: InMemoryStore
    bot: FakeBot
    bus: RecordingBus
    clock: FixedClock
    routing: FakeRouting

    def add_veileder(self, username: str, enhetsnummer: str, *, presence: Presence = Presence.ONLINE,
                     capacity: int = 3, permissions: frozenset[Permission] = frozenset(),
                     roles: frozenset[Role] = frozenset({Role.VEILEDER}), idle_minutes: int | None = None) -> Veileder:
        veileder = Veileder(id=len(self.store.veiledere) + 1, username=username, navn=f"{username.title()} Test",
                            enhetsnummer=enhetsnummer, roles=roles, permissions=permissions, capacity=capacity,
                            presence=presence)
        if idle_minutes is not None:
            from datetime import timedelta

            veileder.idle_since = self.clock.now() - timedelta(minutes=idle_minutes)
        self.store.veiledere[veileder.id] = veileder
        return veileder

    async def queued(self, kommune: str = "Asker", *, diskresjonskode: str | None = None, skjermet: bool = False,
                     priority: str = "normal") -> str:
        conversation, _ = await create_conversation(self.deps, kommune=kommune)
        if diskresjonskode or skjermet:  # as if the person register said so
            stored = self.store.conversations[conversation.id]
            stored.diskresjonskode, stored.skjermet = diskresjonskode, skjermet
        await handoff.hand_off(self.deps, conversation.id, reason="test", priority=priority)
        return conversation.id

    def conversation(self, conversation_id: str):  # type: ignore[no-untyped-def]
        return self.store.conversations[conversation_id]


@pytest.fixture
def world() -> World:
    store = InMemoryStore()
    bot, bus, clock = FakeBot(), RecordingBus(), FixedClock(NOW)
    routing = FakeRouting(OFFICES)
    deps = Deps(settings=Settings(internal_token="t", sla_sweep_s=0), uow=store.uow, bot=bot, bus=bus, clock=clock,
                language=NorwegianOnlyLanguage(), routing=routing, tasks=BackgroundTasks())
    return World(deps, store, bot, bus, clock, routing)
