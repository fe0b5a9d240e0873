"""Operator command: purge transcripts past the retention period."""

from __future__ import annotations

import argparse
from types import SimpleNamespace

from router.adapters.clock import SystemClock
from router.adapters.db import create_engine
from router.adapters.store import unit_of_work_factory
from router.config import Settings
from router.services.retention import DEFAULT_RETENTION_DAYS, purge_transcripts


async def _purge(args: argparse.Namespace) -> int:
    engine = create_engine(Settings.from_env().database_url)
    try:
        deps = SimpleNamespace(uow=unit_of_work_factory(engine), clock=SystemClock())
        count = await purge_transcripts(deps, args.days)  # type: ignore[arg-type]
    finally:
        await engine.dispose()
    print(f"removed the transcripts of {count} conversations closed more than {args.days} days ago")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    purge = subparsers.add_parser("purge-transcripts", help="delete transcripts past the retention period")
    purge.add_argument("--days", type=int, default=DEFAULT_RETENTION_DAYS)
    purge.set_defaults(func=_purge)
