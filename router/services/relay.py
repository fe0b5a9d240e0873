"""One inbound message: store it once, mask, translate, send to the bot or leave it for the veileder."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from router.domain.conversation import Conversation
from router.domain.errors import InvalidTransition
from router.domain.masking import mask_personal_numbers
from router.domain.messages import Message
from router.ports.bot import BotUnavailable
from router.ports.language import InboundText
from router.ports.store import DuplicateMessage
from router.services import handoff, views
from router.services.conversations import authenticate, load, system_message
from router.services.deps import Deps
from router.services.errors import Conflict, InvalidInput
from router.services.notify import publish_message, publish_message_updated
from router.texts import fixed_text

log = logging.getLogger(__name__)

LANGUAGE_PICKER = "router:language"
CLIENT_MSG_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# Button payloads a bruker may send to the bot: an intent, optionally with entities.
PAYLOAD = re.compile(r"^/[a-z_]{1,64}(\{.{0,200}\})?$")


def validate_user_text(text: Any, max_chars: int) -> str:
    """The one check of a chat text, for the bruker's and the veileder's messages alike."""
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
        async with deps.uow() as uow:
            conversation = await authenticate(uow, conversation_id, token)
            existing = await uow.messages.by_client_id(conversation_id, client_msg_id)
            if existing is not None:
                return views.message_for_user(existing), False
            try:
                conversation.receive_user_message(now)
            except InvalidTransition as error:
                raise Conflict(str(error)) from None
            message = await uow.messages.add(Message(conversation.id, "user", masked, conversation.language, now,
                                                     client_msg_id=client_msg_id))
    except DuplicateMessage:
        # A concurrent retry with the same client_msg_id won the insert: answer with its row.
        async with deps.uow() as uow:
            existing = await uow.messages.by_client_id(conversation_id, client_msg_id)
        if existing is None:
            raise
        return views.message_for_user(existing), False
    log.info("message.received conversation=%s chars=%d", conversation_id, len(masked))
    await publish_message(deps, conversation, message)
    assert message.id is not None
    deps.tasks.spawn(process_user_message(deps, conversation_id, message.id, payload))
    return views.message_for_user(message), True


async def process_user_message(deps: Deps, conversation_id: str, message_id: int, payload: str | None) -> None:
    """Language, translation and the bot turn for one stored message, in order per conversation."""
    async with deps.tasks.lock_for(conversation_id):
        async with deps.uow() as uow:
            conversation = await uow.conversations.get(conversation_id)
            message = await uow.messages.get(message_id)
        if conversation is None or message is None:
            return
        started = time.perf_counter()
        inbound = await deps.language.inbound(conversation, message.original_text)
        log.info("language.inbound conversation=%s ms=%.1f route=%s", conversation_id,
                 (time.perf_counter() - started) * 1000, "translated" if inbound.translated else "direct")
        changed = (
            inbound.translated or inbound.translation_failed or inbound.ask_language
            or (inbound.language, inbound.language_source) != (conversation.language, conversation.language_source)
            or message.original_language != inbound.language
        )
        # Most turns change nothing here: skip the write (each SQLite transaction costs a turn ~20 ms).
        notices: list[Message] = []
        if changed:
            conversation, message, notices = await _record_inbound(deps, conversation_id, message_id, inbound)
        if inbound.translated:
            await publish_message_updated(deps, conversation, message)
        for notice in notices:
            await publish_message(deps, conversation, notice)
        if inbound.translation_failed or not conversation.accepts_bot_messages:
            # Without a translation the bot cannot understand; the bruker was told how to get help.
            return
        bot_text = payload or inbound.text_for_bot
        if bot_text in handoff.HANDOFF_PAYLOADS:
            await handoff.hand_off(deps, conversation_id, reason="bruker ba om en veileder", actor="bruker")
            return
        await _bot_turn(deps, conversation, message_id, bot_text, inbound.bot_language)


async def _record_inbound(
    deps: Deps, conversation_id: str, message_id: int, inbound: InboundText
) -> tuple[Conversation, Message, list[Message]]:
    """Store what the language layer learned; post the tolk notice or the language picker when needed."""
    now = deps.clock.now()
    notices: list[Message] = []
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        message = await uow.messages.get(message_id)
        assert message is not None
        conversation.learn_language(inbound.language, inbound.language_source)
        message.original_language = inbound.language
        if inbound.translated:
            message.record_translation(inbound.text_for_bot, "nb")
        await uow.messages.update(message)
        if inbound.translation_failed and not conversation.needs_interpreter:
            conversation.record_interpreter_need(inbound.language, actor="router", now=now)
            notices.append(await uow.messages.add(
                system_message(conversation, "translation_unavailable", now, language=inbound.language)))
        if inbound.ask_language and not await uow.history.has(conversation_id, "language_asked"):
            # Too short to trust and no language known: ask once, with the picker, instead of guessing.
            conversation.note("language_asked", actor="router", reason="short text", now=now)
            notices.append(await uow.messages.add(system_message(
                conversation, "choose_language", now, language=inbound.language,
                buttons=[{"title": fixed_text("choose_language", "en"), "payload": LANGUAGE_PICKER}])))
    return conversation, message, notices


async def _bot_turn(deps: Deps, conversation: Conversation, message_id: int, text: str, bot_language: str) -> None:
    started = time.perf_counter()
    try:
        await _sync_slots(deps, conversation, bot_language)
        slots_done = time.perf_counter()
        # The message id travels with the text, so the intent Rasa predicts can be tied to this very message.
        replies = await deps.bot.send(conversation.id, text, {"message_id": message_id, "language": bot_language})
        log.info("bot.turn conversation=%s slots_ms=%.1f rasa_ms=%.1f replies=%d", conversation.id,
                 (slots_done - started) * 1000, (time.perf_counter() - slots_done) * 1000, len(replies))
    except BotUnavailable as error:
        log.warning("bot.unavailable conversation=%s reason=%s", conversation.id, error)
        await post_system_message(
            deps, conversation.id, "bot_unavailable",
            buttons=[{"title": fixed_text("offer_human", conversation.language), "payload": "/human_handoff"}],
        )
        return
    for reply in replies:
        outbound = await deps.language.outbound(conversation, reply.text) if reply.text else None
        message = Message(conversation.id, "bot", reply.text, bot_language, deps.clock.now(),
                          buttons=[dict(b) for b in reply.buttons])
        if outbound is not None:
            message.translated_text = outbound.text
            message.translated_language = outbound.language
            message.machine_translated = outbound.machine_translated
        async with deps.uow() as uow:
            current = await load(uow, conversation.id)
            await uow.messages.add(message)
        await publish_message(deps, current, message)


async def _sync_slots(deps: Deps, conversation: Conversation, bot_language: str) -> None:
    """Tell Rasa the answer language and the page's kommune, only when they changed."""
    wanted = {"language": bot_language}
    if conversation.kommune:
        wanted["kommune"] = conversation.kommune
    changed = {k: v for k, v in wanted.items() if conversation.bot_slots.get(k) != v}
    if not changed:
        return
    await deps.bot.set_slots(conversation.id, changed)
    async with deps.uow() as uow:
        current = await load(uow, conversation.id)
        current.remember_bot_slots(changed)
    conversation.remember_bot_slots(changed)


async def post_system_message(
    deps: Deps, conversation_id: str, key: str, buttons: list[dict[str, Any]] | None = None, **params: Any
) -> None:
    """A hand-written text in the conversation's language, never machine-translated."""
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        message = await uow.messages.add(system_message(conversation, key, deps.clock.now(), buttons=buttons,
                                                        **params))
    await publish_message(deps, conversation, message)
