"""Operator command: purge transcripts past the retention period."""

from __future__ import annotations

import argparse
from types import SimpleNamespace

from router.adapters.clock import SystemClock
from router.adapters.db import create_engine
from router.adapters.rasa_tracker import RasaTrackerStore
from router.adapters.store import unit_of_work_factory
from router.config import Settings
from router.services.retention import purge_transcripts


async def _purge(args: argparse.Namespace) -> int:
    engine = create_engine(Settings.from_env().database_url)
    try:
        settings = Settings.from_env()
        memory = RasaTrackerStore(settings.rasa_tracker_url) if settings.rasa_tracker_url else None
        deps = SimpleNamespace(uow=unit_of_work_factory(engine), clock=SystemClock(), settings=settings,
                               bot_memory=memory)
        count = await purge_transcripts(deps, args.days)  # type: ignore[arg-type]
        if memory is not None:
            await memory.close()
    finally:
        await engine.dispose()
    print(f"removed the transcripts of {count} conversations past the retention period")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    purge = subparsers.add_parser("purge-transcripts", help="delete transcripts past the retention period")
    purge.add_argument("--days", type=float, default=None, help="default: NAVCHAT_RETENTION_DAYS (2)")
    purge.set_defaults(func=_purge)
