"""Past-tense domain events: what happened to a conversation, recorded as history and acted on by the services.

Two kinds: history records (``StateChanged``, ``Noted``) become rows of the conversation's event log; signals
(``ConversationQueued``, ``VeilederFreed``) tell the services that assignment may have work to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


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


@dataclass(frozen=True)
class StateChanged:
    """One row of the conversation's history: a transition of the state machine, when, who, why."""

    conversation_id: str
    transition: Transition
    from_state: ConversationState
    to_state: ConversationState
    actor: str
    reason: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.transition.value


@dataclass(frozen=True)
class Noted:
    """One row of the conversation's history that is not a transition (routed, sla_breached, language_chosen ...)."""

    conversation_id: str
    kind: str
    actor: str
    reason: str
    at: datetime
    data: dict[str, Any] = field(default_factory=dict)


HistoryRecord = StateChanged | Noted

# A Noted kind: a staff member's internal note (Conversation.add_staff_note), for colleagues only.
STAFF_NOTE = "staff_note"


@dataclass(frozen=True)
class ConversationQueued:
    """A conversation now waits in an enhet's queue (after a handoff, transfer, escalation or a veileder leaving)."""

    conversation_id: str
    enhetsnummer: str


@dataclass(frozen=True)
class VeilederFreed:
    """A veileder has room for one more conversation (a chat of theirs closed, moved or went back to the bot)."""

    veileder_id: int


Signal = ConversationQueued | VeilederFreed
DomainEvent = StateChanged | Noted | ConversationQueued | VeilederFreed
