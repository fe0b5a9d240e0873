"""Probe 108 (#6), the SQL store: the purge drops what ties a chat's history to the person (another chat's id in
``from``, the bydel in a ``routed`` row), and the audit log's rows older than its period are deleted."""

from __future__ import annotations

from datetime import timedelta

from router.domain.events import Noted
from router.ports.store import AuditEntry, UnitOfWorkFactory
from tests.integration import test_store
from tests.integration.test_store import NOW
from tests.integration.test_store_threats import closed

store = test_store.store  # the same SQLite store fixture


async def test_the_purge_drops_the_other_chat_and_the_bydel_from_the_history(store: UnitOfWorkFactory) -> None:
    async with store() as uow:
        for conversation_id in ("purged", "kept"):
            await uow.conversations.add(closed(conversation_id, "besvart", days_ago=3))
    async with store() as uow:
        for conversation_id in ("purged", "kept"):
            uow.history.record(Noted(conversation_id, "routed", "router", "rutet", NOW,
                                     {"enhetsnummer": "0314", "geografisk_tilknytning": "030105"}))
            uow.history.record(Noted(conversation_id, "bruker_resumed", "bruker", "innlogget på nytt", NOW,
                                     {"from": "her-other-chat", "closed": False}))
    async with store() as uow:
        await uow.history.forget_notes(["purged"])
    async with store() as uow:
        purged = await uow.history.list("purged")
        kept = await uow.history.list("kept")
    assert [(r.kind, r.data) for r in purged] == [
        ("routed", {"enhetsnummer": "0314", "geografisk_tilknytning": "0301"}),
        ("bruker_resumed", {"closed": False})]
    assert kept[0].data["geografisk_tilknytning"] == "030105" and kept[1].data["from"] == "her-other-chat"


async def test_audit_rows_older_than_the_period_are_deleted(store: UnitOfWorkFactory) -> None:
    async with store() as uow:
        for days_ago in (400, 366, 364, 1):
            uow.audit.add(AuditEntry(NOW - timedelta(days=days_ago), None, "router", f"a{days_ago}", None, {}))
    async with store() as uow:
        assert await uow.audit.delete_before(NOW - timedelta(days=365)) == 2
    async with store() as uow:
        rows = await uow.audit.query(conversation_id=None, username=None, limit=10)
    assert sorted(r.action for r in rows) == ["a1", "a364"]
