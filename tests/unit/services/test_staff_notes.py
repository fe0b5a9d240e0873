"""The veileder's internal note (dispatch.add_note): in the chat's history for colleagues, never to the bruker,
masked, audited, refused where the chat may not be seen or has ended, and its words gone at the purge."""

from __future__ import annotations

import pytest

from router.domain.assignment import Presence
from router.domain.events import STAFF_NOTE
from router.domain.purge import STAFF_NOTE_PURGED
from router.services import dispatch, retention
from router.services.errors import Conflict, Forbidden, InvalidInput
from tests.unit.services.conftest import World


def _staff(world: World, username: str, enhet: str = "0220"):  # type: ignore[no-untyped-def]
    # Offline: the chats wait for the test's own take.
    return world.add_veileder(username, enhet, presence=Presence.OFFLINE).as_staff_user()


async def test_a_note_is_history_for_colleagues_masked_audited_and_pushed_to_staff_only(world: World) -> None:
    kari = _staff(world, "kari")
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, kari)
    messages_before = len(world.store.messages)
    world.bus.published.clear()

    added = await dispatch.add_note(world.deps, conversation_id, kari,
                                    "  Har søkt 1. des., fnr 01019012345. Ring tilbake i morgen.  ")

    event = added["event"]
    assert event["kind"] == STAFF_NOTE and event["actor"] == "veileder:kari"
    assert "01019012345" not in event["text"] and event["text"].startswith("Internt notat fra Kari Test: Har søkt")
    stored = [r for r in world.store.history if r.conversation_id == conversation_id and r.kind == STAFF_NOTE]
    assert [r.reason for r in stored] == [event["reason"]]
    assert len(world.store.messages) == messages_before, "no message: nothing reaches the bruker or the bot"
    assert [(e.action, e.detail) for e in world.store.audit if e.action == "note"] == \
        [("note", {"chars": len(event["reason"])})]
    assert [p["type"] for p in world.bus.published] == ["history"], "a push for staff, nothing else"
    assert world.bus.published[0]["event"] == event


async def test_a_note_needs_words_sight_of_the_chat_and_a_chat_not_ended(world: World) -> None:
    kari = _staff(world, "kari")
    conversation_id = await world.queued("Asker")
    with pytest.raises(InvalidInput):
        await dispatch.add_note(world.deps, conversation_id, kari, "   ")
    with pytest.raises(Forbidden):  # another enhet's chat
        await dispatch.add_note(world.deps, conversation_id, _staff(world, "ola", "0312"), "hei")
    # A colleague may note on a chat waiting in the queue, before anyone has taken it.
    await dispatch.add_note(world.deps, conversation_id, kari, "Kjent fra før, trenger tolk")
    await dispatch.take(world.deps, conversation_id, kari)
    await dispatch.close(world.deps, conversation_id, kari, "besvart")
    with pytest.raises(Conflict):
        await dispatch.add_note(world.deps, conversation_id, kari, "for sent")
    notes = [r.reason for r in world.store.history if r.kind == STAFF_NOTE]
    assert notes == ["Kjent fra før, trenger tolk"]


async def test_the_purge_keeps_that_a_note_was_written_not_its_words(world: World) -> None:
    kari = _staff(world, "kari")
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, kari)
    await dispatch.add_note(world.deps, conversation_id, kari, "Bor hos søsteren sin i Asker")
    await dispatch.close(world.deps, conversation_id, kari, "besvart")
    world.clock.advance(days=world.deps.settings.retention_days + 1)
    assert await retention.purge_transcripts(world.deps) == 1
    notes = [r for r in world.store.history if r.conversation_id == conversation_id and r.kind == STAFF_NOTE]
    assert [r.reason for r in notes] == [STAFF_NOTE_PURGED]
