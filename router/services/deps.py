"""Everything a use case needs, as ports: wired for real in router/app.py, with fakes in tests/fakes.py."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from router.config import Settings
from router.domain.bot_turn import worker_id
from router.ports.bot import BotClient, BotMemory
from router.ports.clock import Clock
from router.ports.event_bus import EventBus
from router.ports.language import LanguageLayer
from router.ports.login import IdentityProvider, LoginSessions
from router.ports.registers import Innsyn, OppfolgingRegister, PersonRegister, SkjermingRegister
from router.ports.routing import RoutingPolicy
from router.ports.store import UnitOfWorkFactory
from router.services.reply_queue import ReplyQueue
from router.services.shared_read import SharedRead
from router.services.tasks import BackgroundTasks


@dataclass
class PersonDeps:
    """Login and the registers behind it (router/services/login.py, innsyn.py); None in Deps: login is off."""

    provider: IdentityProvider
    sessions: LoginSessions
    persons: PersonRegister
    skjerming: SkjermingRegister
    oppfolging: OppfolgingRegister
    innsyn: Innsyn
    # The key of the person pseudonym (HMAC): shared by every router, never shown.
    pseudonym_key: bytes
    # The router's own chat page as the browser reaches it (scheme://host[:port]): where a Rasa widget's login
    # continues (services/handover.py); beside the login callback, whose cookies it needs.
    own_chat_origin: str = ""


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
    person: PersonDeps | None = None
    # The veileder replies waiting for their group's commit (router/services/replies.py).
    replies: ReplyQueue = field(default_factory=ReplyQueue)
    # The kontaktsenter's read of the window (services/queue_overview.py shared_overview): one for every page
    # open and the /metrics scrape, made at most once per settings.overview_max_age_s.
    overview_reads: SharedRead[Any] = field(default_factory=SharedRead)
    # Who holds a durable bot turn's lease: one id per router process.
    worker_id: str = field(default_factory=lambda: worker_id(socket.gethostname(), os.getpid(), uuid.uuid4().hex[:8]))
    # Whether the router process with that id is known to be dead (services/turns.py sweep: its turns are taken over
    # at once, not when their leases run out). Never known here; router/app.py asks this host's processes.
    worker_gone: Callable[[str], bool] = field(default=lambda _worker: False)

    async def publish(self, event: dict[str, Any]) -> None:
        await self.bus.publish(event)
