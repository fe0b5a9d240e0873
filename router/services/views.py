"""How conversations and messages look to each audience (bruker, staff); JSON-ready dicts."""

from __future__ import annotations

from typing import Any

from router.domain.conversation import Conversation, ConversationState
from router.domain.events import HistoryRecord, StateChanged
from router.domain.messages import Message
from router.texts import fixed_text


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def message_for_user(row: Message) -> dict[str, Any]:
    """The bruker reads everything in their own language; machine translations are labelled."""
    shows_translation = row.sender != "user" and row.translated_text is not None
    machine_translated = shows_translation and row.machine_translated
    language = row.translated_language if shows_translation else row.original_language
    return {
        "seq": row.id,
        "sender": row.sender,
        "text": row.translated_text if shows_translation else row.original_text,
        "language": language,
        "machine_translated": machine_translated,
        # The label in the bruker's own language, hand-written ("maskinoversatt", "machine translated" ...).
        "machine_translated_label": fixed_text("machine_translated", language) if machine_translated else None,
        "client_msg_id": row.client_msg_id,
        "buttons": list(row.buttons or []),
        "created_at": _iso(row.created_at),
    }


def message_for_staff(row: Message) -> dict[str, Any]:
    """Staff read Norwegian with the original beside every machine translation."""
    user_translated = row.sender == "user" and row.translated_text is not None
    return {
        "seq": row.id,
        "sender": row.sender,
        "text": row.translated_text if user_translated else row.original_text,
        "original_text": row.original_text if user_translated else None,
        "original_language": row.original_language,
        "user_text": row.translated_text if (row.sender != "user" and row.translated_text) else None,
        "user_language": row.translated_language,
        "machine_translated": row.machine_translated,
        "intent": row.intent,
        "intent_confidence": row.intent_confidence,
        "author_id": row.author_id,
        "buttons": list(row.buttons or []),
        "created_at": _iso(row.created_at),
    }


def conversation_for_user(row: Conversation) -> dict[str, Any]:
    return {
        "id": row.id,
        "state": row.state.value,
        "language": row.language,
        "needs_interpreter": row.needs_interpreter,
        "veileder_name": row.veileder_fornavn if row.state is ConversationState.ASSIGNED else None,
    }


def conversation_for_staff(row: Conversation) -> dict[str, Any]:
    return {
        "id": row.id,
        "state": row.state.value,
        "language": row.language,
        "language_source": row.language_source,
        "kommune": row.kommune,
        "geografisk_tilknytning": row.geografisk_tilknytning,
        "tema": row.tema,
        "enhetsnummer": row.enhetsnummer,
        "enhet_navn": row.enhet_navn,
        "alternate_enhetsnummer": row.alternate_enhetsnummer,
        "escalation_level": row.escalation_level,
        "diskresjonskode": row.diskresjonskode,
        "skjermet": row.skjermet,
        "priority": row.priority,
        "veileder_id": row.veileder_id,
        "handoff_reason": row.handoff_reason,
        "bot_summary": row.bot_summary or {},
        "bot_slots": row.bot_slots or {},
        "needs_interpreter": row.needs_interpreter,
        "interpreter_language": row.interpreter_language,
        "channel": row.channel,
        "created_at": _iso(row.created_at),
        "queued_at": _iso(row.queued_at),
        "assigned_at": _iso(row.assigned_at),
        "sla_deadline": _iso(row.sla_deadline),
        "closed_at": _iso(row.closed_at),
        "close_outcome": row.close_outcome,
    }


def event_for_staff(record: HistoryRecord) -> dict[str, Any]:
    is_transition = isinstance(record, StateChanged)
    return {
        "kind": record.kind,
        "from_state": record.from_state.value if is_transition else None,
        "to_state": record.to_state.value if is_transition else None,
        "actor": record.actor,
        "reason": record.reason,
        "data": record.data or {},
        "at": _iso(record.at),
    }
