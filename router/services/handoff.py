"""BOT→QUEUED: pick the enhet, set priority and SLA, tell the bruker the honest wait."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from router.domain.conversation import Conversation, ConversationState
from router.domain.errors import InvalidTransition
from router.domain.masking import mask_personal_numbers
from router.domain.messages import Message
from router.domain.opening_hours import PromiseKey
from router.domain.queue import Priority
from router.domain.routing import UnknownTema, parse_tema
from router.ports.bot import BotUnavailable
from router.ports.routing import RoutingDecision
from router.ports.store import UnitOfWork
from router.services import assignment
from router.services.conversations import load
from router.services.deps import Deps
from router.services.errors import Conflict, InvalidInput
from router.services.notify import publish_message, publish_state
from router.services.routing import route_handoff
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


def queue_notice(conversation: Conversation, decision: RoutingDecision) -> str:
    """The honest message a bruker gets on entering the queue, in their language, never machine-translated.

    What may be promised is the domain's (opening_hours.promise); this renders it.
    """
    language = conversation.language
    promise = decision.promise
    parts = [fixed_text("queued", language, enhet=decision.navn)]
    if promise.is_open:
        parts.append(fixed_text("queued_wait", language, minutes=decision.sla_minutes))
    else:
        when = promise.params.get("when")
        text_when = when.strftime("%d.%m. kl. %H:%M") if when else "neste virkedag"  # type: ignore[union-attr]
        parts.append(fixed_text("outside_hours", language, when=text_when))
    if conversation.priority == Priority.EMERGENCY or promise.key is PromiseKey.CLOSED_ACUTE or not promise.is_open:
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
    intents: Sequence[tuple[int, str, float | None]] = (),
    actor: str = "bot",
    while_bot_answers: bool = False,
) -> dict[str, Any]:
    """Queue the conversation at the right enhet; idempotent while it is already with a human.

    ``intents`` are (message id, intent, confidence) for the router's messages, as the bot's tracker holds them
    at the moment of the handoff (the action sends them; the tracker is not saved before the turn ends).
    ``while_bot_answers``: the call comes from the bot's action server, so it must belong to a bot turn the router
    is running for this conversation right now; anything else is refused (a forged or replayed call).
    """
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
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id, for_update=True)
        if while_bot_answers and not await uow.turns.is_running(conversation_id):
            raise Conflict("the bot is not answering this conversation now: a handoff from the bot is refused")
        if conversation.state in (ConversationState.QUEUED, ConversationState.ASSIGNED):
            return _status(conversation, "")
        if kommune:
            conversation.learn_place(mask_personal_numbers(kommune))
        decision = route_handoff(deps.routing, tema=tema, place_text=conversation.kommune,
                                 diskresjonskode=conversation.diskresjonskode, skjermet=conversation.skjermet,
                                 priority=wanted_priority, now=now)
        try:
            conversation.hand_off(decision.placement, tema=tema, priority=wanted_priority, reason=reason,
                                  actor=actor, now=now, summary=cleaned)
        except InvalidTransition as error:
            raise Conflict(str(error)) from None
        notice = queue_notice(conversation, decision)
        message = await uow.messages.add(Message(conversation.id, "system", notice, conversation.language, now))
        await _record_intents(uow, conversation.id, {i: (name, confidence) for i, name, confidence in intents})
    log.info("handoff.routed conversation=%s enhet=%s priority=%s", conversation.id, decision.enhetsnummer,
             wanted_priority.value)
    await publish_state(deps, conversation)
    await publish_message(deps, conversation, message)
    deps.tasks.spawn(enrich_from_tracker(deps, conversation.id))
    await assignment.handle(deps, uow.committed_events)
    return _status(conversation, notice)


def _status(conversation: Conversation, notice: str) -> dict[str, Any]:
    return {
        "state": conversation.state.value,
        "enhet": {"enhetsnummer": conversation.enhetsnummer, "navn": conversation.enhet_navn},
        "message": notice,
        "stored": True,
    }


async def enrich_from_tracker(deps: Deps, conversation_id: str) -> None:
    """Copy Rasa's predicted intents and filled slots onto the conversation, for the veileder.

    Each user event in the tracker carries the router's message id in its metadata (sent with the message), so
    an intent is stored with the message it belongs to, never matched by text.
    """
    try:
        tracker = await deps.bot.tracker(conversation_id)
    except BotUnavailable:
        return
    intents: dict[int, tuple[str | None, float | None]] = {}
    for event in tracker.get("events", []):
        message_id = (event.get("metadata") or {}).get("message_id") if event.get("event") == "user" else None
        if isinstance(message_id, int):
            intent = (event.get("parse_data") or {}).get("intent") or {}
            intents[message_id] = (intent.get("name"), intent.get("confidence"))
    slots = {k: v for k, v in (tracker.get("slots") or {}).items() if v not in (None, [], "") and k != "requested_slot"}
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        if conversation is None:
            return
        conversation.remember_bot_slots({k: _short(v) for k, v in slots.items()})
        await _record_intents(uow, conversation_id, intents)


async def _record_intents(uow: UnitOfWork, conversation_id: str,
                          intents: Mapping[int, tuple[str | None, float | None]]) -> None:
    """Store each intent with the bruker message it belongs to (by id, never by matching text)."""
    if not intents:
        return
    for message in await uow.messages.list(conversation_id):
        if message.sender == "user" and message.id in intents and message.intent is None:
            message.record_intent(*intents[message.id])
            await uow.messages.update(message)


def _short(value: Any) -> Any:
    return mask_personal_numbers(str(value))[:200] if not isinstance(value, bool | int | float) else value
