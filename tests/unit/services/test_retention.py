"""Retention as a job: abandoned bot conversations are closed; closed ones are deleted after the period, with the
bot's tracker."""

from __future__ import annotations

from datetime import timedelta

from router.domain.conversation import ConversationState
from router.services import retention
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from tests.unit.services.conftest import World


class FakeBotMemory:
    def __init__(self) -> None:
        self.forgotten: list[str] = []

    async def forget(self, conversation_ids: list[str]) -> int:
        self.forgotten.extend(conversation_ids)
        return len(conversation_ids)


async def test_abandoned_bot_conversations_close_but_a_wait_for_a_human_does_not(world: World) -> None:
    idle, _ = await create_conversation(world.deps)
    active, token = await create_conversation(world.deps)
    waiting = await world.queued("Asker")
    world.clock.advance(minutes=world.deps.settings.abandoned_after_minutes - 10)
    await receive_user_message(world.deps, active.id, token, client_msg_id="m1", text="hei")
    await world.deps.tasks.drain()
    world.clock.advance(minutes=11)
    assert await retention.close_abandoned(world.deps) == 1
    assert world.conversation(idle.id).state is ConversationState.CLOSED
    assert world.conversation(idle.id).close_outcome == "bruker_forlot"
    assert world.conversation(active.id).state is ConversationState.BOT
    assert world.conversation(waiting).state is ConversationState.QUEUED


async def test_closed_conversations_are_deleted_after_the_period_with_the_bots_tracker(world: World) -> None:
    world.deps.bot_memory = memory = FakeBotMemory()
    conversation, token = await create_conversation(world.deps)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="hei")
    await world.deps.tasks.drain()
    world.clock.advance(minutes=world.deps.settings.abandoned_after_minutes)
    await retention.close_abandoned(world.deps)
    world.clock.advance(days=world.deps.settings.retention_days - 0.5)
    assert await retention.purge_transcripts(world.deps) == 0, "not yet two days"
    world.clock.advance(hours=13)
    assert await retention.purge_transcripts(world.deps) == 1
    assert not [m for m in world.store.messages.values() if m.conversation_id == conversation.id]
    assert not world.store.turns and memory.forgotten == [conversation.id]
    kept = world.conversation(conversation.id)
    assert kept.purged_at == world.clock.now() and kept.state is ConversationState.CLOSED, "the row stays"
    assert await retention.purge_transcripts(world.deps) == 0, "once"
    assert timedelta(days=world.deps.settings.retention_days) == timedelta(days=2), "NAV: two days"
