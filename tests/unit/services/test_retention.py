"""Retention as a job: abandoned bot conversations are closed; closed ones are deleted after the period, with the
bot's tracker."""

from __future__ import annotations

from datetime import timedelta

import pytest

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
    assert await retention.close_abandoned(world.deps) == 0, "warned first (WCAG 2.2.1)"
    world.clock.advance(minutes=5)
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
    await retention.close_abandoned(world.deps)  # the warning
    world.clock.advance(minutes=5)
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


class FailingBotMemory(FakeBotMemory):
    """Rasa's tracker store away (locked, disk full, database down): forget raises."""

    def __init__(self) -> None:
        super().__init__()
        self.failing = True

    async def forget(self, conversation_ids: list[str]) -> int:
        if self.failing:
            raise OSError("tracker store not reachable")
        return await super().forget(conversation_ids)


async def test_a_tracker_that_fails_leaves_the_chat_unpurged_and_the_next_round_forgets_it(world: World) -> None:
    """Probe 98: purged_at was set before Rasa's tracker was asked, so a tracker error left the bot's copy of the
    bruker's words for ever (the job never looked at that conversation again)."""
    world.deps.bot_memory = memory = FailingBotMemory()
    conversation, token = await create_conversation(world.deps)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="hei")
    await world.deps.tasks.drain()
    world.clock.advance(minutes=world.deps.settings.abandoned_after_minutes)
    await retention.close_abandoned(world.deps)
    world.clock.advance(minutes=5)
    await retention.close_abandoned(world.deps)
    world.clock.advance(days=world.deps.settings.retention_days + 1)
    with pytest.raises(OSError):
        await retention.purge_transcripts(world.deps)
    assert world.conversation(conversation.id).purged_at is None, "not purged while Rasa still has its copy"
    assert not [m for m in world.store.messages.values() if m.conversation_id == conversation.id], \
        "the router's own copy is gone already"
    memory.failing = False
    assert await retention.purge_transcripts(world.deps) == 1, "the next round tries again"
    assert memory.forgotten == [conversation.id]
    assert world.conversation(conversation.id).purged_at == world.clock.now()
    assert await retention.purge_transcripts(world.deps) == 0


# --- WCAG 2.2.1: a silent chat is warned before it is closed, and the bruker is told why it ended -------------------

def _said(world: World, conversation_id: str) -> list:
    return sorted((m for m in world.store.messages.values() if m.conversation_id == conversation_id),
                  key=lambda m: m.id or 0)


async def test_a_silent_chat_is_warned_five_minutes_before_it_is_closed_and_then_told_why(world: World) -> None:
    conversation, _ = await create_conversation(world.deps, language="en")
    idle = world.deps.settings.abandoned_after_minutes
    world.clock.advance(minutes=idle - 6)
    assert await retention.close_abandoned(world.deps) == 0
    assert len(_said(world, conversation.id)) == 1, "only the greeting yet"
    world.clock.advance(minutes=1)
    assert await retention.close_abandoned(world.deps) == 0
    warning = _said(world, conversation.id)[-1]
    assert warning.sender == "system" and warning.text_for_user.startswith("Are you still there?")
    assert "5 minutes" in warning.text_for_user
    assert warning.original_text.startswith("Er du der fortsatt?"), "bokmål first, as every fixed text"
    assert warning.buttons == [{"title": "I'm still here", "payload": "router:still_here"}]
    assert world.conversation(conversation.id).state is ConversationState.BOT
    assert await retention.close_abandoned(world.deps) == 0
    assert len(_said(world, conversation.id)) == 2, "warned once for one silence"
    world.clock.advance(minutes=5)
    assert await retention.close_abandoned(world.deps) == 1
    closed = world.conversation(conversation.id)
    assert closed.state is ConversationState.CLOSED and closed.close_outcome == "bruker_forlot"
    notice = _said(world, conversation.id)[-1]
    assert notice.text_for_user.startswith("The conversation was ended because it was quiet for a long time.")
    assert notice.original_text.startswith("Samtalen ble avsluttet fordi det var stille lenge.")


async def test_a_late_sweep_warns_first_and_closes_only_five_minutes_after_the_warning(world: World) -> None:
    conversation, _ = await create_conversation(world.deps)
    world.clock.advance(minutes=world.deps.settings.abandoned_after_minutes + 30)  # the router was down
    assert await retention.close_abandoned(world.deps) == 0
    assert world.conversation(conversation.id).state is ConversationState.BOT
    assert _said(world, conversation.id)[-1].buttons[0]["payload"] == "router:still_here"
    world.clock.advance(minutes=4)
    assert await retention.close_abandoned(world.deps) == 0
    world.clock.advance(minutes=1)
    assert await retention.close_abandoned(world.deps) == 1


async def test_jeg_er_her_fortsatt_keeps_the_chat_open_without_asking_the_bot(world: World) -> None:
    conversation, token = await create_conversation(world.deps)
    world.clock.advance(minutes=world.deps.settings.abandoned_after_minutes - 5)
    await retention.close_abandoned(world.deps)
    world.clock.advance(minutes=4)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="still", text="Jeg er her fortsatt",
                               payload="router:still_here")
    await world.deps.tasks.drain()
    assert not world.store.turns, "no bot turn for the button"
    said = _said(world, conversation.id)
    assert said[-1].sender == "system" and said[-1].original_text == "Så bra! Samtalen fortsetter her."
    assert said[-1].reply_to == said[-2].id and said[-2].sender == "user"
    world.clock.advance(minutes=10)
    assert await retention.close_abandoned(world.deps) == 0
    assert world.conversation(conversation.id).state is ConversationState.BOT, "the press was activity"
    # A new silence gets a warning of its own before it is closed.
    world.clock.advance(minutes=world.deps.settings.abandoned_after_minutes)
    assert await retention.close_abandoned(world.deps) == 0
    assert _said(world, conversation.id)[-1].buttons[0]["payload"] == "router:still_here"
    world.clock.advance(minutes=5)
    assert await retention.close_abandoned(world.deps) == 1


def test_staff_read_the_warning_in_the_history_in_words() -> None:
    from router.domain.staff_labels import HISTORY_LABELS

    assert HISTORY_LABELS[retention.INACTIVITY_WARNED].startswith("Brukeren fikk varsel om at samtalen snart avsluttes")
