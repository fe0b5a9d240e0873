"""Conversation, ConversationState, allowed transitions and the event each one records.

The router, not Rasa, owns the conversation (DESIGN.md "The conversation owns the truth"):

    BOT ──handoff──▶ QUEUED ──assign──▶ ASSIGNED ──close──▶ CLOSED
     ▲                 │  ▲                │
     └───back to bot───┴──┴──transfer/veileder offline──┘
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from router.domain.errors import InvalidTransition


class ConversationState(StrEnum):
    BOT = "BOT"
    QUEUED = "QUEUED"
    ASSIGNED = "ASSIGNED"
    CLOSED = "CLOSED"


class Transition(StrEnum):
    HANDOFF = "handoff"
    ASSIGN = "assign"
    TRANSFER = "transfer"
    VEILEDER_OFFLINE = "veileder_offline"
    BACK_TO_BOT = "back_to_bot"
    CLOSE = "close"


S, T = ConversationState, Transition

# (from, transition) -> to. Anything not listed is refused.
ALLOWED_TRANSITIONS: dict[tuple[ConversationState, Transition], ConversationState] = {
    (S.BOT, T.HANDOFF): S.QUEUED,
    (S.BOT, T.CLOSE): S.CLOSED,
    (S.QUEUED, T.ASSIGN): S.ASSIGNED,
    # Kontaktsenter may move a waiting conversation to another enhet; it stays queued.
    (S.QUEUED, T.TRANSFER): S.QUEUED,
    (S.QUEUED, T.BACK_TO_BOT): S.BOT,
    (S.QUEUED, T.CLOSE): S.CLOSED,
    (S.ASSIGNED, T.TRANSFER): S.QUEUED,
    (S.ASSIGNED, T.VEILEDER_OFFLINE): S.QUEUED,
    (S.ASSIGNED, T.BACK_TO_BOT): S.BOT,
    (S.ASSIGNED, T.CLOSE): S.CLOSED,
}


def next_state(current: ConversationState, transition: Transition) -> ConversationState:
    """The state after ``transition``, or InvalidTransition when the state machine forbids it."""
    try:
        return ALLOWED_TRANSITIONS[(current, transition)]
    except KeyError:
        raise InvalidTransition(f"cannot {transition.value} a conversation in state {current.value}") from None


def accepts_bot_messages(state: ConversationState) -> bool:
    """Rasa only receives user messages while the bot owns the conversation."""
    return state is ConversationState.BOT


def accepts_user_messages(state: ConversationState) -> bool:
    return state is not ConversationState.CLOSED


@dataclass(frozen=True)
class StateChanged:
    """One row of the conversation's history: when, who, why."""

    conversation_id: str
    transition: Transition
    from_state: ConversationState
    to_state: ConversationState
    actor: str
    reason: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)


def transition(
    conversation_id: str,
    current: ConversationState,
    kind: Transition,
    *,
    actor: str,
    reason: str,
    now: datetime,
    data: dict[str, Any] | None = None,
) -> StateChanged:
    """Validate a transition and describe it as the event to record."""
    return StateChanged(
        conversation_id=conversation_id,
        transition=kind,
        from_state=current,
        to_state=next_state(current, kind),
        actor=actor,
        reason=reason,
        at=now,
        data=data or {},
    )
