"""Everything a use case needs, wired in one place (router/bootstrap.py builds the real one, tests a fake)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from router.adapters.models import ConversationRow
from router.config import Settings
from router.services.ports import BotClient, Clock, EventBus
from router.services.tasks import BackgroundTasks


@dataclass(frozen=True)
class InboundText:
    """What the language layer made of one user message."""

    language: str  # the conversation language after this message
    language_source: str | None
    text_for_bot: str  # Norwegian or English text for the bot and the veileder
    translated: bool  # text_for_bot is a machine translation
    bot_language: str  # nb | nn | en: the language the bot answers in
    ask_language: bool = False  # too short to trust: show the language picker
    language_changed: bool = False
    translation_failed: bool = False


@dataclass(frozen=True)
class OutboundText:
    text: str
    language: str
    machine_translated: bool


class LanguageLayer(Protocol):
    async def inbound(self, conversation: ConversationRow, text: str) -> InboundText: ...

    async def outbound(self, conversation: ConversationRow, text: str) -> OutboundText | None:
        """The text in the bruker's language, or None when it is already in it."""
        ...

    def has_translation(self, language: str) -> bool: ...


@dataclass(frozen=True)
class RoutingDecision:
    enhetsnummer: str
    navn: str
    reason: str
    alternate_enhetsnummer: str | None
    geografisk_tilknytning: str | None
    sla_minutes: int
    sla_deadline: datetime | None
    open_now: bool
    opens_at: datetime | None
    requires_permission: str | None = None


class RoutingLayer(Protocol):
    def route(
        self,
        *,
        tema: str,
        kommune: str | None,
        diskresjonskode: str | None,
        skjermet: bool,
        now: datetime,
        priority: str = "normal",
    ) -> RoutingDecision: ...

    def enhet_navn(self, enhetsnummer: str) -> str: ...

    def sla_deadline_at(self, enhetsnummer: str, tema: str | None, priority: str, now: datetime) -> datetime | None: ...

    def kontaktsenter_for(self, enhetsnummer: str) -> str: ...


@dataclass
class Deps:
    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    bot: BotClient
    bus: EventBus
    clock: Clock
    language: LanguageLayer
    routing: RoutingLayer
    tasks: BackgroundTasks
    is_postgres: bool = False

    async def publish(self, event: dict[str, Any]) -> None:
        await self.bus.publish(event)
