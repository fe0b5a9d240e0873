"""One inbound message: store it once, mask, translate, send to the bot or leave it for the veileder."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from router.adapters.db import unit_of_work
from router.adapters.models import ConversationEventRow, ConversationRow, MessageRow
from router.domain.conversation import ConversationState, accepts_bot_messages
from router.domain.masking import mask_personal_numbers
from router.services import handoff, views
from router.services.conversations import (
    add_message,
    authenticate,
    event_scope,
    publish_message,
    record_event,
)
from router.services.deps import Deps, InboundText
from router.services.errors import Conflict, InvalidInput
from router.services.ports import BotUnavailable
from router.texts import fixed_text

log = logging.getLogger(__name__)

LANGUAGE_PICKER = "router:language"
CLIENT_MSG_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# Button payloads a bruker may send to the bot: an intent, optionally with entities.
PAYLOAD = re.compile(r"^/[a-z_]{1,64}(\{.{0,200}\})?$")


def validate_user_text(text: Any, max_chars: int) -> str:
    if not isinstance(text, str):
        raise InvalidInput("text must be a string")
    if not text.strip():
        raise InvalidInput("text is empty")
    if len(text) > max_chars:
        raise InvalidInput(f"text is longer than {max_chars} characters")
    return text.strip()


def validate_client_msg_id(client_msg_id: Any) -> str:
    if not isinstance(client_msg_id, str) or not CLIENT_MSG_ID.match(client_msg_id):
        raise InvalidInput("client_msg_id must be 1-64 characters of letters, digits and . _ : -")
    return client_msg_id


async def receive_user_message(
    deps: Deps,
    conversation_id: str,
    token: str | None,
    *,
    client_msg_id: Any,
    text: Any,
    payload: Any = None,
) -> tuple[dict[str, Any], bool]:
    """Store a bruker's message once (a retried client_msg_id returns the stored one) and start its turn."""
    text = validate_user_text(text, deps.settings.max_message_chars)
    client_msg_id = validate_client_msg_id(client_msg_id)
    if payload is not None and (not isinstance(payload, str) or not PAYLOAD.match(payload)):
        raise InvalidInput("payload must look like /intent_name")
    masked = mask_personal_numbers(text)
    now = deps.clock.now()
    try:
        async with unit_of_work(deps.sessions) as session:
            conversation = await authenticate(session, conversation_id, token)
            existing = await _find_by_client_id(session, conversation_id, client_msg_id)
            if existing is not None:
                return views.message_for_user(existing), False
            if conversation.state == ConversationState.CLOSED:
                raise Conflict("the conversation is closed; open a new one")
            conversation.updated_at = now
            message = add_message(
                session,
                conversation,
                sender="user",
                text=masked,
                language=conversation.language,
                client_msg_id=client_msg_id,
                now=now,
            )
            await session.flush()
    except IntegrityError:
        # A concurrent retry with the same client_msg_id won the insert: answer with its row.
        async with unit_of_work(deps.sessions) as session:
            existing = await _find_by_client_id(session, conversation_id, client_msg_id)
        if existing is None:
            raise
        return views.message_for_user(existing), False
    log.info("message.received conversation=%s chars=%d", conversation_id, len(masked))
    await publish_message(deps, conversation, message)
    deps.tasks.spawn(process_user_message(deps, conversation_id, message.id, payload))
    return views.message_for_user(message), True


async def _language_asked(session: Any, conversation_id: str) -> bool:
    query = select(ConversationEventRow.id).where(
        ConversationEventRow.conversation_id == conversation_id, ConversationEventRow.kind == "language_asked"
    )
    return (await session.scalar(query.limit(1))) is not None


async def _find_by_client_id(session: Any, conversation_id: str, client_msg_id: str) -> MessageRow | None:
    query = select(MessageRow).where(
        MessageRow.conversation_id == conversation_id, MessageRow.client_msg_id == client_msg_id
    )
    return (await session.scalars(query)).first()


async def process_user_message(deps: Deps, conversation_id: str, message_id: int, payload: str | None) -> None:
    """Language, translation and the bot turn for one stored message, in order per conversation."""
    async with deps.tasks.lock_for(conversation_id):
        async with unit_of_work(deps.sessions) as session:
            conversation = await session.get(ConversationRow, conversation_id)
            message = await session.get(MessageRow, message_id)
        if conversation is None or message is None:
            return
        started = time.perf_counter()
        inbound = await deps.language.inbound(conversation, message.original_text)
        log.info("language.inbound conversation=%s ms=%.1f route=%s", conversation_id,
                 (time.perf_counter() - started) * 1000, "translated" if inbound.translated else "direct")
        notice = picker = None
        changed = (
            inbound.translated or inbound.translation_failed or inbound.ask_language
            or (inbound.language, inbound.language_source) != (conversation.language, conversation.language_source)
            or message.original_language != inbound.language
        )
        # Most turns change nothing here: skip the write (each SQLite transaction costs a turn ~20 ms).
        if changed:
            notice, picker, conversation, message = await _record_inbound(deps, conversation_id, message_id, inbound)
        if inbound.translated:
            await deps.publish(
                {"type": "message_updated", **event_scope(conversation), "message_staff": views.message_for_staff(message)}
            )
        for extra in (notice, picker):
            if extra is not None:
                await publish_message(deps, conversation, extra)
        if inbound.translation_failed or not accepts_bot_messages(ConversationState(conversation.state)):
            # Without a translation the bot cannot understand; the bruker was told how to get help.
            return
        bot_text = payload or inbound.text_for_bot
        if bot_text in handoff.HANDOFF_PAYLOADS:
            await handoff.hand_off(deps, conversation_id, reason="bruker ba om en veileder", actor="bruker")
            return
        await _bot_turn(deps, conversation, bot_text, inbound.bot_language)


async def _record_inbound(
    deps: Deps, conversation_id: str, message_id: int, inbound: InboundText
) -> tuple[MessageRow | None, MessageRow | None, ConversationRow, MessageRow]:
    """Store what the language layer learned; post the tolk notice or the language picker when needed."""
    async with unit_of_work(deps.sessions) as session:
        conversation = await session.get(ConversationRow, conversation_id)
        message = await session.get(MessageRow, message_id)
        assert conversation is not None and message is not None
        conversation.language = inbound.language
        conversation.language_source = inbound.language_source
        message.original_language = inbound.language
        if inbound.translated:
            message.translated_text = inbound.text_for_bot
            message.translated_language = "nb"
            message.machine_translated = True
        if inbound.translation_failed and not conversation.needs_interpreter:
            conversation.needs_interpreter = True
            conversation.interpreter_language = inbound.language
            notice = add_message(
                session,
                conversation,
                sender="system",
                text=fixed_text("translation_unavailable", inbound.language),
                language=inbound.language,
                now=deps.clock.now(),
            )
        else:
            notice = None
        picker = None
        if inbound.ask_language and not await _language_asked(session, conversation_id):
            # Too short to trust and no language known: ask once, with the picker, instead of guessing.
            record_event(session, conversation_id, "language_asked", actor="router", reason="short text",
                         now=deps.clock.now())
            picker = add_message(
                session,
                conversation,
                sender="system",
                text=fixed_text("choose_language", inbound.language),
                language=inbound.language,
                buttons=[{"title": fixed_text("choose_language", "en"), "payload": LANGUAGE_PICKER}],
                now=deps.clock.now(),
            )
    return notice, picker, conversation, message


async def _bot_turn(deps: Deps, conversation: ConversationRow, text: str, bot_language: str) -> None:
    started = time.perf_counter()
    try:
        await _sync_slots(deps, conversation, bot_language)
        slots_done = time.perf_counter()
        replies = await deps.bot.send(conversation.id, text)
        log.info("bot.turn conversation=%s slots_ms=%.1f rasa_ms=%.1f replies=%d", conversation.id,
                 (slots_done - started) * 1000, (time.perf_counter() - slots_done) * 1000, len(replies))
    except BotUnavailable as error:
        log.warning("bot.unavailable conversation=%s reason=%s", conversation.id, error)
        await post_system_message(
            deps,
            conversation.id,
            "bot_unavailable",
            buttons=[{"title": fixed_text("offer_human", conversation.language), "payload": "/human_handoff"}],
        )
        return
    for reply in replies:
        outbound = await deps.language.outbound(conversation, reply.text) if reply.text else None
        buttons = [dict(b) for b in reply.buttons]
        async with unit_of_work(deps.sessions) as session:
            current = await session.get(ConversationRow, conversation.id)
            assert current is not None
            message = add_message(
                session,
                current,
                sender="bot",
                text=reply.text,
                language=bot_language,
                translated_text=outbound.text if outbound else None,
                translated_language=outbound.language if outbound else None,
                machine_translated=bool(outbound and outbound.machine_translated),
                buttons=buttons,
                now=deps.clock.now(),
            )
        await publish_message(deps, current, message)


async def _sync_slots(deps: Deps, conversation: ConversationRow, bot_language: str) -> None:
    """Tell Rasa the answer language and the page's kommune, only when they changed."""
    wanted = {"language": bot_language}
    if conversation.kommune:
        wanted["kommune"] = conversation.kommune
    sent = dict(conversation.bot_slots or {})
    changed = {k: v for k, v in wanted.items() if sent.get(k) != v}
    if not changed:
        return
    await deps.bot.set_slots(conversation.id, changed)
    async with unit_of_work(deps.sessions) as session:
        row = await session.get(ConversationRow, conversation.id)
        assert row is not None
        row.bot_slots = {**sent, **changed}
    conversation.bot_slots = {**sent, **changed}


async def post_system_message(
    deps: Deps, conversation_id: str, key: str, buttons: list[dict[str, Any]] | None = None, **params: Any
) -> None:
    """A hand-written text in the conversation's language, never machine-translated."""
    async with unit_of_work(deps.sessions) as session:
        conversation = await session.get(ConversationRow, conversation_id)
        assert conversation is not None
        message = add_message(
            session,
            conversation,
            sender="system",
            text=fixed_text(key, conversation.language, **params),
            language=conversation.language,
            buttons=buttons,
            now=deps.clock.now(),
        )
    await publish_message(deps, conversation, message)
