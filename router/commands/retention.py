"""Operator command: purge transcripts past the retention period."""

from __future__ import annotations

import argparse
import sys
from types import SimpleNamespace

from sqlalchemy.engine import make_url

from router.adapters.clock import SystemClock
from router.adapters.db import create_engine
from router.adapters.rasa_tracker import RasaTrackerStore, tracker_url
from router.adapters.store import unit_of_work_factory
from router.config import Settings
from router.services.retention import purge_audit, purge_transcripts


async def _purge(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    # The tracker the running service uses (router/app.py): NAVCHAT_RASA_TRACKER_URL, else the data dir's file.
    url = tracker_url(settings.rasa_tracker_url, settings.database_url)
    if url is None and not args.without_rasa_tracker:
        print("refusing to purge: Rasa's tracker store (its copy of every conversation) was not found, so the "
              "bruker's words would stay there. Set NAVCHAT_RASA_TRACKER_URL to the tracker_store of the "
              "endpoints file Rasa runs with (embedded: sqlite+aiosqlite:///<data-dir>/rasa_tracker.db), or pass "
              "--without-rasa-tracker if Rasa keeps no tracker.", file=sys.stderr)
        return 2
    engine = create_engine(settings.database_url)
    memory = RasaTrackerStore(url) if url else None
    try:
        deps = SimpleNamespace(uow=unit_of_work_factory(engine), clock=SystemClock(), settings=settings,
                               bot_memory=memory)
        count = await purge_transcripts(deps, args.days)  # type: ignore[arg-type]
        audit_rows = await purge_audit(deps)  # type: ignore[arg-type]
    except Exception as error:  # noqa: BLE001 - told, not a traceback; nothing marked purged is left in Rasa
        print(f"purge not finished: {type(error).__name__}: {error}. The router's messages of the conversations "
              "found are deleted; they are marked purged only once Rasa's tracker copy is deleted too, so run the "
              "command again (the scheduled job also retries).", file=sys.stderr)
        return 1
    finally:
        if memory is not None:
            await memory.close()
        await engine.dispose()
    print(f"removed the transcripts of {count} conversations past the retention period"
          + (f", with their Rasa trackers in {make_url(url).render_as_string(hide_password=True)}" if url
             else " (no Rasa tracker)")
          + f"; {audit_rows} audit rows older than {settings.audit_retention_days:g} days")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    purge = subparsers.add_parser("purge-transcripts", help="delete transcripts past the retention period")
    purge.add_argument("--days", type=float, default=None, help="default: NAVCHAT_RETENTION_DAYS (2)")
    purge.add_argument("--without-rasa-tracker", action="store_true",
                       help="purge even though no Rasa tracker store is known (only if Rasa keeps none)")
    purge.set_defaults(func=_purge)
