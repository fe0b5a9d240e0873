"""The SQL store's reads for threats against staff (probe 96), against a real SQLite file: a chat closed as threats
outlives the ordinary retention (purgeable's ``kept``), and the chats of one person or address closed as threats are
found again (threats_from), with the veileder threatened."""

from __future__ import annotations

from datetime import timedelta

from router.domain.conversation import Conversation, ConversationState
from router.ports.store import UnitOfWorkFactory
from tests.integration import test_store
from tests.integration.test_store import NOW

store = test_store.store  # the same SQLite store fixture


def closed(conversation_id: str, outcome: str, *, days_ago: float, pseudonym: str | None = None,
           origin: str | None = None, veileder_id: int | None = None) -> Conversation:
    at = NOW - timedelta(days=days_ago)
    return Conversation(id=conversation_id, token_hash="x", created_at=at, updated_at=at, state=ConversationState.CLOSED,
                        closed_at=at, close_outcome=outcome, person_pseudonym=pseudonym, origin_key=origin,
                        threatened_veileder_id=veileder_id)


async def test_a_threat_is_kept_past_the_ordinary_retention(store: UnitOfWorkFactory) -> None:
    async with store() as uow:
        for conversation in (closed("ordinary", "besvart", days_ago=3), closed("threat", "trusler", days_ago=3),
                             closed("old_threat", "trusler", days_ago=400), closed("fresh", "besvart", days_ago=1)):
            await uow.conversations.add(conversation)
    async with store() as uow:
        cutoff = NOW - timedelta(days=2)
        assert sorted(await uow.conversations.purgeable(cutoff)) == ["old_threat", "ordinary", "threat"]
        kept = {"trusler": NOW - timedelta(days=365)}
        assert sorted(await uow.conversations.purgeable(cutoff, kept=kept)) == ["old_threat", "ordinary"]


async def test_threats_of_a_person_or_an_address_are_found_with_the_veileder(store: UnitOfWorkFactory) -> None:
    kari = await test_store.veileder(store)
    async with store() as uow:
        for conversation in (
                closed("by_person", "trusler", days_ago=0.5, pseudonym="p1", veileder_id=kari.id),
                closed("by_address", "trusler", days_ago=2, origin="o1"),
                closed("answered", "besvart", days_ago=0.1, pseudonym="p1", origin="o1"),
                closed("someone_else", "trusler", days_ago=0.1, pseudonym="p2", origin="o2")):
            await uow.conversations.add(conversation)
    async with store() as uow:
        found = await uow.conversations.threats_from(person_pseudonym="p1", origin_key="o1",
                                                     since=NOW - timedelta(days=365), excluding="new")
        assert found == [(NOW - timedelta(days=0.5), kari.id), (NOW - timedelta(days=2), None)]
        assert await uow.conversations.threats_from(person_pseudonym=None, origin_key="o1", since=NOW - timedelta(days=1),
                                                    excluding="new") == []
        assert await uow.conversations.threats_from(person_pseudonym=None, origin_key=None, since=NOW,
                                                    excluding="new") == []


async def test_the_staff_notes_of_purged_conversations_go_from_the_history(store: UnitOfWorkFactory) -> None:
    """A transfer's note (its reason) and a close's note (a threat's) held what the bruker said: they go with the
    transcript; the rows, and what the figures read from them, stay. Another conversation's notes stay."""
    from router.domain.events import Noted, StateChanged, Transition

    def moved(conversation_id: str) -> StateChanged:
        return StateChanged(conversation_id, Transition.TRANSFER, ConversationState.ASSIGNED, ConversationState.QUEUED,
                            "kari", "Bor på Frogner, tre barn", NOW, {"to_enhetsnummer": "0312"})

    def ended(conversation_id: str) -> StateChanged:
        return StateChanged(conversation_id, Transition.CLOSE, ConversationState.QUEUED, ConversationState.CLOSED,
                            "kari", "trusler", NOW, {"note": "Sa han vet hvor jeg bor", "by_navn": "Kari"})

    async with store() as uow:
        for conversation_id in ("purged", "kept"):
            await uow.conversations.add(closed(conversation_id, "trusler", days_ago=1))
    async with store() as uow:
        for conversation_id in ("purged", "kept"):
            uow.history.record(moved(conversation_id))
            uow.history.record(ended(conversation_id))
            uow.history.record(Noted(conversation_id, "routed", "router", "rutet", NOW, {}))
    async with store() as uow:
        await uow.history.forget_notes(["purged"])
    async with store() as uow:
        purged = await uow.history.list("purged")
        kept = await uow.history.list("kept")
    assert [(r.kind, r.reason, r.data) for r in purged] == [
        ("transfer", "overført", {"to_enhetsnummer": "0312"}), ("close", "trusler", {"by_navn": "Kari"}),
        ("routed", "rutet", {})]
    assert [r.reason for r in kept][0] == "Bor på Frogner, tre barn" and kept[1].data["note"]
