"""The store binds each message to the person logged in to its conversation when it is stored (message.
person_pseudonym), and the migration that added it binds the messages already stored during a login, from the
conversation's logged_in/logged_out history (migrations/versions/c4e6a8b0d2f4). SQLite here; PostgreSQL in
tests/integration/scaled/test_postgres_messages_of_a_login.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, text

from router.adapters.db import create_engine, migrate
from router.adapters.store import unit_of_work_factory
from router.domain.conversation import Conversation
from router.domain.messages import Message
from router.domain.person import PersonFacts
from tests.integration.migrating import rows_after_migrating

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
BEFORE = "b2d4f6a8c0e3"  # the revision before message.person_pseudonym


def _at(minutes: int) -> datetime:
    return (NOW + timedelta(minutes=minutes)).replace(tzinfo=None)  # as the store keeps it: naive UTC


def _chat_before_the_migration(sync: Connection) -> None:
    """Kari's chat: a message before her login, two during it, the logout notice, one after; then a second login
    still going on (its message is hers too). An anonymous chat beside it."""
    sync.execute(text("INSERT INTO conversation (id, token_hash, state, created_at, updated_at, priority, channel, "
                      "escalation_level, handed_off, gt_from_register, registered_abroad, skjermet, "
                      "needs_interpreter, bot_summary, bot_slots, person_pseudonym) VALUES "
                      "(:id, 'x', 'BOT', :at, :at, 'normal', 'rest', 0, false, false, false, false, false, '{}', '{}', "
                      ":person)"), [{"id": "kari", "at": _at(0), "person": "pseudo-kari"},
                                    {"id": "anon", "at": _at(0), "person": None}])
    events = [("kari", "logged_in", 1), ("kari", "logged_out", 4), ("kari", "logged_in", 6)]
    sync.execute(text("INSERT INTO conversation_event (conversation_id, kind, actor, reason, data, at) VALUES "
                      "(:c, :kind, 'bruker', '', '{}', :at)"),
                 [{"c": c, "kind": kind, "at": _at(minute)} for c, kind, minute in events])
    said = [("kari", "før innlogging", 0), ("kari", "Du er logget inn", 1), ("kari", "Jeg skylder 4000 kroner", 2),
            ("kari", "Du er logget ut", 4), ("kari", "anonymt igjen", 5), ("kari", "innlogget igjen", 7),
            ("anon", "hei", 3)]
    sync.execute(text("INSERT INTO message (conversation_id, sender, original_text, machine_translated, buttons, "
                      "created_at) VALUES (:c, 'user', :t, false, '[]', :at)"),
                 [{"c": c, "t": t, "at": _at(minute)} for c, t, minute in said])


async def bound_after_the_migration(url: str) -> dict[str, str | None]:
    rows = await rows_after_migrating(url, BEFORE, _chat_before_the_migration,
                                      "SELECT original_text, person_pseudonym FROM message")
    return {t: p for t, p in rows}


EXPECTED = {"før innlogging": None, "Du er logget inn": "pseudo-kari", "Jeg skylder 4000 kroner": "pseudo-kari",
            "Du er logget ut": None, "anonymt igjen": None, "innlogget igjen": "pseudo-kari", "hei": None}


async def test_the_migration_binds_what_was_said_during_each_login(tmp_path: Path) -> None:
    assert await bound_after_the_migration(f"sqlite+aiosqlite:///{tmp_path / 'router.db'}") == EXPECTED


async def messages_bound_by_the_store(url: str) -> list[tuple[str, str | None]]:
    engine = create_engine(url)
    try:
        await migrate(engine)
        store = unit_of_work_factory(engine)
        kari = PersonFacts(pseudonym="pseudo-kari", gt="030102", diskresjonskode=None, skjermet=False)
        async with store() as uow:
            await uow.conversations.add(Conversation(id="c1", token_hash="x", created_at=NOW, updated_at=NOW))
            await uow.messages.add(Message("c1", "user", "før innlogging", "nb", NOW))
        async with store() as uow:
            conversation = await uow.conversations.get("c1", for_update=True)
            assert conversation is not None
            conversation.tie_to_person(kari, own_veileder_id=None, now=NOW)
            # In the same unit of work as the login, before the conversation is written back: hers already.
            await uow.messages.add(Message("c1", "system", "Du er logget inn", "nb", NOW))
        async with store() as uow:  # a later transaction that did not load the conversation first
            await uow.messages.add(Message("c1", "bot", "Søknaden din er mottatt", "nb", NOW))
        async with store() as uow:
            conversation = await uow.conversations.get("c1", for_update=True)
            assert conversation is not None
            conversation.end_person_tie("utlogget", now=NOW)
            await uow.messages.add(Message("c1", "system", "Du er logget ut", "nb", NOW))
        async with store() as uow:  # a bot turn that finished after the logout: its answers go with their questions
            asked = {m.original_text: m.id for m in await uow.messages.list("c1")}
            await uow.messages.add(Message("c1", "bot", "Vi mangler husleiekontrakten", "nb", NOW,
                                           reply_to=asked["Du er logget inn"]))
            await uow.messages.add(Message("c1", "bot", "Hei!", "nb", NOW, reply_to=asked["før innlogging"]))
        async with store() as uow:
            return [(m.original_text, m.person_pseudonym) for m in await uow.messages.list("c1")]
    finally:
        await engine.dispose()


STORED = [("før innlogging", None), ("Du er logget inn", "pseudo-kari"), ("Søknaden din er mottatt", "pseudo-kari"),
          ("Du er logget ut", None), ("Vi mangler husleiekontrakten", "pseudo-kari"), ("Hei!", None)]


async def test_the_store_binds_a_message_to_whoever_is_logged_in_as_its_transaction_sees_it(tmp_path: Path) -> None:
    assert await messages_bound_by_the_store(f"sqlite+aiosqlite:///{tmp_path / 'router.db'}") == STORED
