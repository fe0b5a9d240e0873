"""The conversation state machine: allowed transitions, refused ones, the event each records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from router.domain.conversation import (
    ALLOWED_TRANSITIONS,
    ConversationState,
    Transition,
    accepts_bot_messages,
    next_state,
    transition,
)
from router.domain.errors import InvalidTransition

S, T = ConversationState, Transition
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "kind", "end"),
    [
        (S.BOT, T.HANDOFF, S.QUEUED),
        (S.QUEUED, T.ASSIGN, S.ASSIGNED),
        (S.ASSIGNED, T.CLOSE, S.CLOSED),
        (S.ASSIGNED, T.BACK_TO_BOT, S.BOT),
        (S.QUEUED, T.BACK_TO_BOT, S.BOT),
        (S.ASSIGNED, T.TRANSFER, S.QUEUED),
        (S.ASSIGNED, T.VEILEDER_OFFLINE, S.QUEUED),
    ],
)
def test_the_drawn_transitions_are_allowed(start: S, kind: T, end: S) -> None:
    assert next_state(start, kind) is end


@pytest.mark.parametrize(
    ("start", "kind"),
    [(S.CLOSED, T.CLOSE), (S.CLOSED, T.HANDOFF), (S.BOT, T.ASSIGN), (S.QUEUED, T.HANDOFF), (S.BOT, T.TRANSFER)],
)
def test_other_transitions_are_refused(start: S, kind: T) -> None:
    with pytest.raises(InvalidTransition):
        next_state(start, kind)


@given(st.sampled_from(list(S)), st.sampled_from(list(T)))
def test_every_pair_is_either_allowed_or_refused(start: S, kind: T) -> None:
    if (start, kind) in ALLOWED_TRANSITIONS:
        assert next_state(start, kind) in S
    else:
        with pytest.raises(InvalidTransition):
            next_state(start, kind)


def test_closed_is_final() -> None:
    assert not any(start is S.CLOSED for start, _ in ALLOWED_TRANSITIONS)


def test_transition_records_who_when_why() -> None:
    event = transition("c1", S.BOT, T.HANDOFF, actor="bot", reason="bruker ba om veileder", now=NOW)
    assert (event.from_state, event.to_state, event.actor, event.reason, event.at) == (
        S.BOT, S.QUEUED, "bot", "bruker ba om veileder", NOW
    )


def test_only_the_bot_state_sends_messages_to_rasa() -> None:
    assert [s for s in S if accepts_bot_messages(s)] == [S.BOT]
