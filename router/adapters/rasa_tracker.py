"""Rasa's SQL tracker store, for one job only: deleting the trackers of conversations past their retention.

Rasa (3.6, SQLTrackerStore) keeps every event in the table `events`, keyed by `sender_id`, which is the router's
conversation id. Rasa has no API to delete a tracker, so retention deletes the rows in the store itself.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import MetaData, Table, delete, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

# The embedded profile's tracker file, beside router.db in the data dir (scripts/run_all.py, endpoints.yml).
EMBEDDED_TRACKER_FILE = "rasa_tracker.db"


def tracker_url(rasa_tracker_url: str, database_url: str) -> str | None:
    """Where Rasa keeps its trackers: NAVCHAT_RASA_TRACKER_URL, else (the embedded profile) the data dir's
    rasa_tracker.db beside the router's SQLite file when it is there; None when neither is known."""
    if rasa_tracker_url:
        return rasa_tracker_url
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    beside = Path(url.database).parent / EMBEDDED_TRACKER_FILE
    return f"sqlite+aiosqlite:///{beside}" if beside.is_file() else None


class RasaTrackerStore:
    def __init__(self, url: str) -> None:
        self._engine: AsyncEngine = create_async_engine(url, hide_parameters=True)

    async def forget(self, conversation_ids: list[str]) -> int:
        if not conversation_ids:
            return 0
        async with self._engine.begin() as connection:
            has_events = await connection.run_sync(lambda sync: inspect(sync).has_table("events"))
            if not has_events:
                return 0  # Rasa has not written anything yet
            events = await connection.run_sync(lambda sync: Table("events", MetaData(), autoload_with=sync))
            result = await connection.execute(delete(events).where(events.c.sender_id.in_(conversation_ids)))
            return int(result.rowcount or 0)

    async def close(self) -> None:
        await self._engine.dispose()
