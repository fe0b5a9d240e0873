"""Probe 108 (#6): a purged chat could still be tied to the person. The audit rows named her by the first 16 hex of
the conversation's own pseudonym (the keyed hash of her fødselsnummer), the history's "bruker_resumed" row named her
other chat, the row kept the bydel of residence from the register, and the audit log had no retention at all."""

from __future__ import annotations

from datetime import timedelta

from router.domain.conversation import ConversationState
from router.domain.person import pseudonym
from router.services import login, retention
from tests.unit.services.conftest import World
from tests.unit.services.test_login import KARI, OLA, log_in, people  # noqa: F401 (the fixture)
from tests.unit.services.test_login_resume import queued_and_left


async def test_the_audit_log_names_a_person_by_a_pseudonym_of_its_own(world: World, people) -> None:  # noqa: F811
    first, _ = await queued_and_left(world, KARI)
    second, _ = await queued_and_left(world, KARI)
    ola, _ = await queued_and_left(world, OLA)
    conversation_pseudonym = pseudonym(people.pseudonym_key, KARI)
    lookups = {e.conversation_id: e.detail["person"] for e in world.store.audit if e.action == "register_lookup"}
    assert lookups[first] == lookups[second], "the same person is the same in the audit log (who looked her up)"
    assert lookups[ola] != lookups[first]
    assert len(lookups[first]) == 16
    assert lookups[first] != conversation_pseudonym[:16], "not the conversation's pseudonym (probe 108)"
    assert lookups[first] not in conversation_pseudonym
    assert conversation_pseudonym[:16] not in repr(world.store.audit)


async def test_a_purged_chat_keeps_no_tie_to_the_person_or_her_other_chat(world: World, people) -> None:  # noqa: F811
    old_id, _ = await queued_and_left(world, KARI)
    new_id, new_token, session_id = await log_in(world, KARI)
    assert (await login.resume_open_conversation(world.deps, new_id, new_token, session_id))["resumed"]
    kept = world.conversation(old_id)
    kept.geografisk_tilknytning = "030105"  # Frogner, as the register says for a bydel
    kept.kommune = "Bydel Frogner"
    world.store.conversations[old_id] = kept
    async with world.deps.uow() as uow:
        conversation = await uow.conversations.get(old_id, for_update=True)
        assert conversation is not None
        conversation.close("besvart", actor="router", now=world.clock.now())
    assert any((r.data or {}).get("from") == new_id for r in world.store.history if r.conversation_id == old_id)
    world.clock.advance(days=world.deps.settings.retention_days + 1)

    assert await retention.purge_transcripts(world.deps) >= 1

    purged = world.conversation(old_id)
    assert purged.state is ConversationState.CLOSED and purged.person_pseudonym is None
    assert purged.geografisk_tilknytning == "0301", "the kommune stays for statistics, not the bydel of residence"
    assert purged.kommune is None, "the place as the bruker typed it goes"
    history = [r for r in world.store.history if r.conversation_id in (old_id, new_id)]
    assert not [r for r in history if "from" in (r.data or {})], "no row names her other chat"
    assert [r.kind for r in history if r.conversation_id == old_id].count(login.RESUMED) == 1, "the row stays"
    routed = [r.data for r in history if r.kind == "routed" and r.conversation_id == old_id]
    assert routed and all(len(d.get("geografisk_tilknytning") or "") in (0, 4) for d in routed)


async def test_the_audit_log_is_deleted_after_its_own_period(world: World, people) -> None:  # noqa: F811
    await queued_and_left(world, KARI)
    assert world.store.audit
    days = world.deps.settings.audit_retention_days
    assert days == 365
    world.clock.advance(days=days - 1)
    await queued_and_left(world, OLA)
    before = len(world.store.audit)
    assert await retention.purge_audit(world.deps) == 0
    world.clock.advance(days=2)
    await retention.run(world.deps)
    assert 0 < len(world.store.audit) < before, "the rows older than the period went, the newer stay"
    assert all(world.clock.now() - e.at <= timedelta(days=days) for e in world.store.audit)
