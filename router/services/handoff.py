"""BOT→QUEUED: pick the enhet, set priority and SLA, tell the bruker the honest wait."""

from __future__ import annotations

import logging
from typing import Any

from router.adapters.db import unit_of_work
from router.adapters.models import ConversationRow, MessageRow
from router.domain.conversation import ConversationState, Transition, transition
from router.domain.errors import InvalidTransition
from router.domain.masking import mask_personal_numbers
from router.domain.queue import Priority
from router.domain.routing import UnknownTema, parse_tema
from router.services.conversations import (
    add_message,
    list_messages,
    publish_message,
    publish_state,
    record_event,
    record_state_change,
)
from router.services.deps import Deps, RoutingDecision
from router.services.errors import Conflict, InvalidInput, NotFound
from router.services.ports import BotUnavailable
from router.texts import fixed_text

log = logging.getLogger(__name__)

# What a bruker's "talk to a human" button sends; the router acts on it even when the bot is down.
HANDOFF_PAYLOADS = frozenset({"/human_handoff", "router:handoff"})
MAX_SUMMARY_ITEMS = 30
MAX_SUMMARY_CHARS = 500


def clean_summary(summary: Any) -> dict[str, str]:
    """What the bot learned, as short strings with personal numbers masked (never the person's numbers)."""
    if summary is None:
        return {}
    if not isinstance(summary, dict):
        raise InvalidInput("summary must be an object of short texts")
    cleaned: dict[str, str] = {}
    for key, value in list(summary.items())[:MAX_SUMMARY_ITEMS]:
        if value is None:
            continue
        text = value if isinstance(value, str) else ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        cleaned[str(key)[:64]] = mask_personal_numbers(text)[:MAX_SUMMARY_CHARS]
    return cleaned


def queue_notice(conversation: ConversationRow, decision: RoutingDecision) -> str:
    """The honest message a bruker gets on entering the queue, in their language, never machine-translated."""
    language = conversation.language
    parts = [fixed_text("queued", language, enhet=decision.navn)]
    if decision.open_now:
        parts.append(fixed_text("queued_wait", language, minutes=decision.sla_minutes))
    else:
        when = decision.opens_at.strftime("%d.%m. kl. %H:%M") if decision.opens_at else "neste virkedag"
        parts.append(fixed_text("outside_hours", language, when=when))
    if conversation.priority == Priority.EMERGENCY or not decision.open_now:
        parts.append(fixed_text("emergency_contacts", language))
    return " ".join(parts)


async def hand_off(
    deps: Deps,
    conversation_id: str,
    *,
    reason: str,
    tema: str = "KOM",
    priority: str = "normal",
    summary: Any = None,
    kommune: str | None = None,
    actor: str = "bot",
) -> dict[str, Any]:
    """Queue the conversation at the right enhet; idempotent while it is already with a human."""
    try:
        parse_tema(tema)
    except UnknownTema as error:
        raise InvalidInput(str(error)) from None
    try:
        wanted_priority = Priority(priority)
    except ValueError:
        raise InvalidInput("priority must be normal or emergency") from None
    cleaned = clean_summary(summary)
    now = deps.clock.now()
    async with unit_of_work(deps.sessions) as session:
        conversation = await session.get(ConversationRow, conversation_id)
        if conversation is None:
            raise NotFound("unknown conversation")
        if conversation.state in (ConversationState.QUEUED, ConversationState.ASSIGNED):
            return _status(conversation, deps.routing.enhet_navn(conversation.enhetsnummer or ""), "")
        try:
            change = transition(
                conversation.id,
                ConversationState(conversation.state),
                Transition.HANDOFF,
                actor=actor,
                reason=reason[:200],
                now=now,
            )
        except InvalidTransition as error:
            raise Conflict(str(error)) from None
        if kommune and not conversation.kommune:
            conversation.kommune = kommune[:64]
        decision = deps.routing.route(
            tema=tema,
            kommune=conversation.kommune,
            diskresjonskode=conversation.diskresjonskode,
            skjermet=conversation.skjermet,
            now=now,
            priority=wanted_priority.value,
        )
        conversation.priority = wanted_priority.value
        conversation.tema = tema
        conversation.enhetsnummer = decision.enhetsnummer
        conversation.geografisk_tilknytning = decision.geografisk_tilknytning
        conversation.queued_at = now
        conversation.sla_deadline = decision.sla_deadline
        conversation.alternate_enhetsnummer = decision.alternate_enhetsnummer
        conversation.enhet_navn = decision.navn
        conversation.handoff_reason = reason[:200]
        conversation.bot_summary = {**(conversation.bot_summary or {}), **cleaned}
        conversation.handed_off = True
        record_state_change(session, conversation, change)
        record_event(
            session,
            conversation.id,
            "routed",
            actor="router",
            reason=decision.reason,
            now=now,
            data={
                "enhetsnummer": decision.enhetsnummer,
                "alternate_enhetsnummer": decision.alternate_enhetsnummer,
                "geografisk_tilknytning": decision.geografisk_tilknytning,
                "tema": tema,
                "priority": wanted_priority.value,
            },
        )
        notice = queue_notice(conversation, decision)
        message = add_message(
            session, conversation, sender="system", text=notice, language=conversation.language, now=now
        )
    log.info("handoff.routed conversation=%s enhet=%s priority=%s", conversation.id, decision.enhetsnummer,
             wanted_priority.value)
    await publish_state(deps, conversation)
    await publish_message(deps, conversation, message)
    deps.tasks.spawn(enrich_from_tracker(deps, conversation.id))
    from router.services import dispatch

    deps.tasks.spawn(dispatch.assign_waiting(deps, decision.enhetsnummer))
    return _status(conversation, decision.navn, notice)


def _status(conversation: ConversationRow, navn: str, notice: str) -> dict[str, Any]:
    return {
        "state": conversation.state,
        "enhet": {"enhetsnummer": conversation.enhetsnummer, "navn": navn},
        "message": notice,
        "stored": True,
    }


async def enrich_from_tracker(deps: Deps, conversation_id: str) -> None:
    """Copy Rasa's predicted intents and filled slots onto the conversation, for the veileder."""
    try:
        tracker = await deps.bot.tracker(conversation_id)
    except BotUnavailable:
        return
    user_events = [e for e in tracker.get("events", []) if e.get("event") == "user"]
    slots = {k: v for k, v in (tracker.get("slots") or {}).items() if v not in (None, [], "") and k != "requested_slot"}
    async with unit_of_work(deps.sessions) as session:
        conversation = await session.get(ConversationRow, conversation_id)
        if conversation is None:
            return
        conversation.bot_slots = {**(conversation.bot_slots or {}), **{k: _short(v) for k, v in slots.items()}}
        messages: list[MessageRow] = [
            m for m in await list_messages(session, conversation_id) if m.sender == "user"
        ]
        # Rasa saw the Norwegian text (translation or original); match its user events in order.
        pending = list(reversed(user_events))
        for message in reversed(messages):
            if not pending:
                break
            seen = message.translated_text or message.original_text
            if pending[0].get("text") == seen:
                event = pending.pop(0)
                intent = event.get("parse_data", {}).get("intent", {})
                message.intent = intent.get("name")
                message.intent_confidence = intent.get("confidence")


def _short(value: Any) -> Any:
    return mask_personal_numbers(str(value))[:200] if not isinstance(value, bool | int | float) else value
