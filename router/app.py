"""create_app(config): AppKeys, cleanup_ctx resources and loops, routes, middlewares; main()."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC
from email.utils import format_datetime
from functools import partial
from typing import Any

import aiohttp
from aiohttp import hdrs, web
from sqlalchemy.ext.asyncio import AsyncEngine

from router.adapters.clock import SystemClock
from router.adapters.db import PRIVATE_UMASK, create_engine, migrate
from router.adapters.idporten import IdPortenClient
from router.adapters.language_layer import PolicyLanguageLayer
from router.adapters.local_processes import gone_from_this_host
from router.adapters.login_sessions import SqlLoginSessions
from router.adapters.process_memory import one_heap_for_all_threads, return_large_blocks_to_the_os
from router.adapters.pubsub import InProcessEventBus, RedisEventBus
from router.adapters.rasa_client import RasaClient
from router.adapters.rasa_tracker import RasaTrackerStore, tracker_url
from router.adapters.redis_limits import RedisLimitStore
from router.adapters.registers_embedded import EmbeddedInnsyn, SyntheticRegisters
from router.adapters.registers_http import OppfolgingClient, PdlClient, SkjermingClient
from router.adapters.sealing import Sealer
from router.adapters.store import unit_of_work_factory
from router.config import Settings
from router.ports.bot import BotClient
from router.ports.clock import Clock
from router.ports.language import LanguageLayer
from router.services import closing_time, dispatch, login, retention, staff, turns
from router.services.deps import Deps, PersonDeps
from router.services.supervision import escalate_breaches, move_unattended_emergencies
from router.services.tasks import BackgroundTasks
from router.web import access_log, bad_requests
from router.web.access_log import PathOnlyAccessLogger
from router.web.appkeys import DEPS, HTTP, HUB, SETTINGS
from router.web.headers import privacy_headers
from router.web.language_api import LANGUAGE_DETECTOR, language_detector_ctx
from router.web.limits import limit_policy, limits_middleware
from router.web.middleware import (
    PUBLIC_ORIGIN,
    error_middleware,
    security_headers_middleware,
    socketio_post_size_middleware,
    uncompressed_websockets_middleware,
)
from router.web.routes import setup_routes
from router.web.routing_api import ROUTING, reference_data_ctx
from router.web.socketio_endpoint import SocketIOEndpoint
from router.web.translation import TRANSLATOR, translator_ctx
from router.web.ws import WsHub

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024


@dataclass
class Overrides:
    """Stand-ins for fast tests; anything left None is the real thing."""

    bot: BotClient | None = None
    clock: Clock | None = None
    language: LanguageLayer | None = None
    person: PersonDeps | None = None


async def turn_sweep(deps: Deps) -> None:
    """Take over bot turns nobody runs: at start (recovery after a crash) and then on a timer."""
    while True:
        try:
            await turns.sweep(deps)
        except Exception:
            log.exception("turns.sweep_failed")
        if deps.settings.turn_sweep_s <= 0:
            return
        await asyncio.sleep(deps.settings.turn_sweep_s)


async def retention_sweep(deps: Deps) -> None:
    """Close abandoned conversations and delete transcripts past the retention period, on a timer. Silent chats are
    looked at at least every retention.SILENCE_SWEEP_S, so their warning comes about the 5 minutes before it says."""
    period = deps.settings.retention_sweep_s
    step = min(period, retention.SILENCE_SWEEP_S)
    since_purge = period
    while True:
        try:
            closed = await retention.close_abandoned(deps)
            purged = 0
            if since_purge >= period:
                since_purge = 0.0
                closed += await retention.close_expired(deps)
                purged = await retention.purge_transcripts(deps)
                await retention.purge_audit(deps)
            if closed or purged:
                log.info("retention.ran closed=%d purged=%d", closed, purged)
        except Exception:
            log.exception("retention.failed")
        since_purge += step
        await asyncio.sleep(step)


async def every(seconds: float, work: Callable[[], Awaitable[object]], failure: str) -> None:
    """``work`` on a timer, after each wait; a failing round is logged (``failure``) and the next one runs, never
    fatal. Used for the SLA escalation, the presence of staff whose sessions all ended, and expired logins."""
    while True:
        await asyncio.sleep(seconds)
        try:
            await work()
        except Exception:
            log.exception(failure)


def build_person_deps(settings: Settings, http: aiohttp.ClientSession, engine: AsyncEngine) -> PersonDeps | None:
    """Login and its registers, when an issuer is configured: embedded (SYNTETISKE files) or HTTP registers."""
    if not settings.oidc_issuer:
        return None
    redirect = settings.oidc_redirect_uri or f"http://{settings.host}:{settings.port}/oauth2/callback"
    provider = IdPortenClient(http, settings.oidc_issuer, settings.oidc_client_id, settings.oidc_client_secret,
                              redirect, post_logout_redirect_uri=redirect.rsplit("/oauth2/", 1)[0] + "/oauth2/logged-out")
    persons_file = settings.synthetic_dir / "persons.json"
    innsyn = EmbeddedInnsyn(persons_file, settings.synthetic_dir / "innsyn",
                            settings.reference_dir / "digisos_soker_schema")
    if settings.registers == "http":
        registers: tuple[Any, Any, Any] = (
            PdlClient(http, settings.pdl_url, settings.register_token, name="pdl"),
            SkjermingClient(http, settings.skjerming_url, settings.register_token, name="skjermet"),
            OppfolgingClient(http, settings.oppfolging_url, settings.register_token, name="oppfolging"),
        )
    else:
        synthetic = SyntheticRegisters(persons_file)
        registers = (synthetic, synthetic, synthetic)
    return PersonDeps(provider=provider, sessions=SqlLoginSessions(engine, Sealer(settings.login_key)), persons=registers[0],
                      skjerming=registers[1], oppfolging=registers[2], innsyn=innsyn,
                      pseudonym_key=settings.pseudonym_key.encode(), own_chat_origin=redirect.rsplit("/oauth2/", 1)[0])


async def date_on_the_routers_clock(request: web.Request, response: web.StreamResponse) -> None:
    """Every answer's Date header is the router's time (deps.clock), not the host's: the staff pages take "now"
    from it (shared/dom.js serverNow), and with NAVCHAT_CLOCK_START every queued chat read "Venter 0 s". On the
    real clock it is the time aiohttp would have written."""
    deps = request.app.get(DEPS)
    if deps is not None:
        response.headers[hdrs.DATE] = format_datetime(deps.clock.now().astimezone(UTC), usegmt=True)


def create_app(settings: Settings, overrides: Overrides | None = None) -> web.Application:
    """The only way to build the router, for the entry point and every test."""
    overrides = overrides or Overrides()
    bad_requests.install()  # a request aiohttp cannot parse is neither logged nor answered with what was sent
    access_log.pseudonymise_addresses_with(settings.pseudonym_key)  # no client address in clear in any log line
    # The limits against abuse are counted where the events go: in Redis when routers share one (each router
    # counting alone would allow N times every limit), else in this router's memory (router/web/limits.py).
    limit_store = (RedisLimitStore(settings.redis_url, limit_policy(settings), settings.pseudonym_key,
                                   settings.limit_max_keys) if settings.redis_url else None)
    app = web.Application(
        middlewares=[error_middleware, security_headers_middleware, limits_middleware(settings, limit_store),
                     socketio_post_size_middleware, uncompressed_websockets_middleware],
        client_max_size=MAX_BODY_BYTES,
    )
    app[SETTINGS] = settings
    app[PUBLIC_ORIGIN] = settings.public_origin
    app.on_response_prepare.append(date_on_the_routers_clock)
    app.on_response_prepare.append(privacy_headers)
    socket_io = SocketIOEndpoint(app, list(settings.allowed_origins) or None)

    async def resources(app: web.Application) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        if settings.auto_migrate:
            await migrate(engine)
        if settings.profile == "scaled":
            # Only here, not at start of every profile: the command's module brings getpass and its terminal code.
            from router.commands.users import development_passwords

            published = await staff.users_with_known_passwords(unit_of_work_factory(engine), development_passwords())
            if published:
                await engine.dispose()
                raise RuntimeError("refusing to start the scaled profile: these staff users still have the published "
                                   f"development password: {', '.join(published)}")
        http = aiohttp.ClientSession()
        bus: InProcessEventBus | RedisEventBus
        if settings.redis_url:
            bus = RedisEventBus(settings.redis_url)
            await bus.start()
        else:
            bus = InProcessEventBus()
        tasks = BackgroundTasks()
        deps = Deps(
            settings=settings,
            uow=unit_of_work_factory(engine),
            bot=overrides.bot or RasaClient(http, settings.rasa_urls, settings.rasa_token, settings.bot_timeout_s,
                                            max_in_flight=settings.rasa_max_in_flight,
                                            queue_wait_s=settings.bot_queue_wait_s),
            bus=bus,
            clock=overrides.clock or SystemClock(settings.clock_start),
            language=overrides.language or PolicyLanguageLayer(app[LANGUAGE_DETECTOR], app[TRANSLATOR]),
            routing=app[ROUTING],
            tasks=tasks,
            bot_memory=RasaTrackerStore(memory_url) if (memory_url := tracker_url(settings.rasa_tracker_url,
                                                                                   settings.database_url)) else None,
            person=overrides.person or build_person_deps(settings, http, engine),
            worker_gone=gone_from_this_host,
        )
        app[HTTP] = http
        app[DEPS] = deps
        hub = WsHub(deps)
        socket_io.listen_to(hub)
        app[HUB] = hub
        hub_task = asyncio.create_task(hub.run())
        await hub.look_after_chats_at_start()
        sweep_task = (asyncio.create_task(every(settings.sla_sweep_s, partial(escalate_breaches, deps),
                                                "sla.sweep_failed")) if settings.sla_sweep_s > 0 else None)
        # Acute need waiting where nobody online may take it goes where someone may, on the SLA sweep's timer.
        unattended_task = (asyncio.create_task(every(settings.sla_sweep_s, partial(move_unattended_emergencies, deps),
                                                     "emergency.sweep_failed")) if settings.sla_sweep_s > 0 else None)
        # Staff whose sessions all ended go offline, on the SLA sweep's timer.
        presence_task = (asyncio.create_task(every(settings.sla_sweep_s, partial(dispatch.offline_when_gone, deps),
                                                   "presence.sweep_failed")) if settings.sla_sweep_s > 0 else None)
        # Brukere still waiting when their office closes are told, on the SLA sweep's timer.
        closing_task = (asyncio.create_task(every(settings.sla_sweep_s, partial(
            closing_time.tell_the_waiting_at_closing, deps), "closing.sweep_failed")) if settings.sla_sweep_s > 0 else None)
        turn_task = asyncio.create_task(turn_sweep(deps))
        retention_task = (asyncio.create_task(retention_sweep(deps)) if settings.retention_sweep_s > 0 else None)
        login_task = (asyncio.create_task(every(settings.login_sweep_s, partial(login.expire_sessions, deps),
                                                "login.sweep_failed"))
                      if deps.person is not None and settings.login_sweep_s > 0 else None)
        log.info("router.started profile=%s database=%s", settings.profile, engine.dialect.name)
        yield
        await hub.close_all()
        # Loops first (no new turns start), then the running turns get a moment to finish; a turn cut short
        # keeps its lease and is taken over after a restart or by another router.
        for task in (sweep_task, unattended_task, presence_task, closing_task, turn_task, retention_task, login_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await tasks.drain()
        hub_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await hub_task
        if isinstance(bus, RedisEventBus):
            await bus.close()
        await http.close()
        if isinstance(deps.bot_memory, RasaTrackerStore):
            await deps.bot_memory.close()
        await engine.dispose()

    app.cleanup_ctx.append(reference_data_ctx)
    app.cleanup_ctx.append(language_detector_ctx)
    app.cleanup_ctx.append(translator_ctx)
    app.cleanup_ctx.append(resources)
    if limit_store is not None:
        app.on_cleanup.append(lambda _: limit_store.close())
    setup_routes(app)
    return app


def main() -> None:
    # Before anything is written: the data files, logs and secrets of the embedded profile hold chats (0600).
    os.umask(PRIVATE_UMASK)
    settings = Settings.from_env()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return_large_blocks_to_the_os()
    one_heap_for_all_threads()
    # Never log query strings or bodies: they may hold personal data.
    web.run_app(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        access_log_class=PathOnlyAccessLogger,  # '%a "%r" %s %b %Tf' without the query string (%r has it)
        print=lambda *_: None,
    )


if __name__ == "__main__":
    main()
