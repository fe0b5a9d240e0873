"""Conversation.raise_to_emergency: acute need found after the conversation started, in any state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from router.domain.conversation import Conversation, ConversationState, Placement
from router.domain.errors import InvalidTransition
from router.domain.events import Noted
from router.domain.queue import Priority, order_queue

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def conversation(cid: str = "c1") -> Conversation:
    return Conversation(id=cid, token_hash="h", created_at=NOW, updated_at=NOW)


def queued(cid: str, at: datetime, *, deadline_minutes: int = 30) -> Conversation:
    c = conversation(cid)
    c.hand_off(Placement("0220", "Nav Asker", sla_deadline=at + timedelta(minutes=deadline_minutes)), tema="KOM",
               priority=Priority.NORMAL, reason="hjelp", actor="bot", now=at)
    c.take_events()
    return c


def test_a_waiting_bruker_becomes_emergency_keeps_the_place_and_gets_the_shorter_deadline() -> None:
    c = queued("c1", NOW)
    later = NOW + timedelta(minutes=5)
    assert c.raise_to_emergency("no_food", sla_deadline=later + timedelta(minutes=10), actor="router", now=later)
    assert c.priority == Priority.EMERGENCY.value
    assert c.queued_at == NOW, "the place in the queue is kept"
    assert c.sla_deadline == later + timedelta(minutes=10)
    [note] = c.take_events()
    assert isinstance(note, Noted) and note.kind == "acute_need_detected" and note.data == {"category": "no_food"}


def test_a_sooner_deadline_already_set_is_never_pushed_later() -> None:
    c = queued("c1", NOW, deadline_minutes=5)
    c.raise_to_emergency("violence", sla_deadline=NOW + timedelta(minutes=20), actor="router", now=NOW)
    assert c.sla_deadline == NOW + timedelta(minutes=5)


def test_the_raised_conversation_moves_ahead_of_normal_ones_queued_shortly_before() -> None:
    earlier = queued("earlier", NOW)
    acute = queued("acute", NOW + timedelta(minutes=3))
    acute.raise_to_emergency("nowhere_to_sleep", sla_deadline=None, actor="router", now=NOW + timedelta(minutes=4))
    order = order_queue([earlier.queue_entry(), acute.queue_entry()], NOW + timedelta(minutes=4))
    assert [e.conversation_id for e in order] == ["acute", "earlier"]


def test_with_the_bot_only_the_priority_changes_and_a_second_signal_adds_nothing() -> None:
    c = conversation()
    assert c.raise_to_emergency("self_harm", sla_deadline=NOW, actor="router", now=NOW, reason="selvmordstanker")
    assert (c.state, c.priority, c.sla_deadline) == (ConversationState.BOT, Priority.EMERGENCY.value, None)
    [note] = c.take_events()
    assert isinstance(note, Noted) and note.reason == "selvmordstanker"
    assert not c.raise_to_emergency("no_money", sla_deadline=NOW, actor="router", now=NOW)
    assert c.take_events() == []


def test_a_closed_conversation_is_not_raised() -> None:
    c = conversation()
    c.close("bruker_avsluttet", actor="bruker", now=NOW)
    with pytest.raises(InvalidTransition):
        c.raise_to_emergency("no_food", sla_deadline=None, actor="router", now=NOW)
