"""Open a conversation, check its bearer token, read its messages, record events and system messages."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from router.adapters.db import unit_of_work
from router.adapters.models import ConversationEventRow, ConversationRow, MessageRow
from router.domain.conversation import ConversationState, StateChanged
from router.domain.language_policy import normalize_language
from router.services import views
from router.services.deps import Deps
from router.services.errors import InvalidInput, NotAuthenticated, NotFound
from router.texts import available_languages, fixed_text

MAX_CONTEXT_CHARS = 64


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_conversation(
    deps: Deps,
    *,
    language: str | None = None,
    kommune: str | None = None,
    page_locale: str | None = None,
    channel: str = "rest",
    external_session_id: str | None = None,
    publish_greeting: bool = True,
) -> tuple[ConversationRow, str]:
    """Open a conversation owned by the bot; returns the row and the bruker's bearer token."""
    chosen = normalize_language(language)
    if language and chosen is None:
        raise InvalidInput(f"language {language!r} is not supported; use one of {available_languages()}")
    from_page = normalize_language(page_locale)
    if kommune is not None and (not kommune.strip() or len(kommune) > MAX_CONTEXT_CHARS):
        raise InvalidInput("kommune must be a name or number of at most 64 characters")
    token = secrets.token_urlsafe(32)
    now = deps.clock.now()
    row = ConversationRow(
        id=str(uuid.uuid4()),
        token_hash=hash_token(token),
        state=ConversationState.BOT.value,
        language=chosen or from_page,
        language_source="explicit" if chosen else ("page_locale" if from_page else None),
        page_locale=page_locale,
        kommune=kommune.strip() if kommune else None,
        channel=channel,
        external_session_id=external_session_id,
        created_at=now,
        updated_at=now,
        bot_summary={},
        bot_slots={},
    )
    async with unit_of_work(deps.sessions) as session:
        session.add(row)
        await session.flush()
        record_event(session, row.id, "created", actor="bruker", reason=f"channel {channel}", now=now)
        greeting = add_message(
            session, row, sender="bot", text=fixed_text("greeting", row.language), language=row.language or "nb"
        )
    if publish_greeting:
        await publish_message(deps, row, greeting)
    return row, token


async def first_message(deps: Deps, conversation_id: str) -> MessageRow | None:
    async with unit_of_work(deps.sessions) as session:
        return (await session.scalars(
            select(MessageRow).where(MessageRow.conversation_id == conversation_id).order_by(MessageRow.id).limit(1)
        )).first()


async def authenticate(session: AsyncSession, conversation_id: str, token: str | None) -> ConversationRow:
    row = await session.get(ConversationRow, conversation_id)
    if row is None:
        raise NotFound("unknown conversation")
    if not token or not hmac.compare_digest(row.token_hash, hash_token(token)):
        raise NotAuthenticated("the token does not open this conversation")
    return row


async def get_conversation(session: AsyncSession, conversation_id: str) -> ConversationRow:
    row = await session.get(ConversationRow, conversation_id)
    if row is None:
        raise NotFound("unknown conversation")
    return row


async def list_messages(session: AsyncSession, conversation_id: str, after: int = 0) -> list[MessageRow]:
    query = (
        select(MessageRow)
        .where(MessageRow.conversation_id == conversation_id, MessageRow.id > after)
        .order_by(MessageRow.id)
    )
    return list((await session.scalars(query)).all())


async def messages_for_user(deps: Deps, conversation_id: str, token: str | None, after: int) -> dict[str, Any]:
    async with unit_of_work(deps.sessions) as session:
        row = await authenticate(session, conversation_id, token)
        messages = await list_messages(session, conversation_id, after)
        return {
            "conversation": views.conversation_for_user(row),
            "messages": [views.message_for_user(m) for m in messages],
        }


def add_message(
    session: AsyncSession,
    conversation: ConversationRow,
    *,
    sender: str,
    text: str,
    language: str | None,
    translated_text: str | None = None,
    translated_language: str | None = None,
    machine_translated: bool = False,
    client_msg_id: str | None = None,
    author_id: int | None = None,
    buttons: list[dict[str, Any]] | None = None,
    now: Any = None,
) -> MessageRow:
    message = MessageRow(
        conversation_id=conversation.id,
        sender=sender,
        original_text=text,
        original_language=language,
        translated_text=translated_text,
        translated_language=translated_language,
        machine_translated=machine_translated,
        client_msg_id=client_msg_id,
        author_id=author_id,
        buttons=buttons or [],
        created_at=now or conversation.updated_at,
    )
    session.add(message)
    return message


def record_event(
    session: AsyncSession,
    conversation_id: str,
    kind: str,
    *,
    actor: str,
    reason: str,
    now: Any,
    data: dict[str, Any] | None = None,
) -> None:
    session.add(
        ConversationEventRow(
            conversation_id=conversation_id, kind=kind, actor=actor, reason=reason, data=data or {}, at=now
        )
    )


def record_state_change(session: AsyncSession, conversation: ConversationRow, change: StateChanged) -> None:
    """Apply a validated transition to the row and write its event row."""
    conversation.state = change.to_state.value
    conversation.updated_at = change.at
    session.add(
        ConversationEventRow(
            conversation_id=change.conversation_id,
            kind=change.transition.value,
            from_state=change.from_state.value,
            to_state=change.to_state.value,
            actor=change.actor,
            reason=change.reason,
            data=change.data,
            at=change.at,
        )
    )


def event_scope(conversation: ConversationRow) -> dict[str, Any]:
    """Who may receive an event about this conversation (checked by each WebSocket hub)."""
    return {
        "conversation_id": conversation.id,
        "enhetsnummer": conversation.enhetsnummer,
        "diskresjonskode": conversation.diskresjonskode,
        "skjermet": conversation.skjermet,
        "veileder_id": conversation.veileder_id,
        "channel": conversation.channel,
        "external_session_id": conversation.external_session_id,
    }


async def publish_message(deps: Deps, conversation: ConversationRow, message: MessageRow) -> None:
    await deps.publish(
        {
            "type": "message",
            **event_scope(conversation),
            "state": conversation.state,
            "message_user": views.message_for_user(message),
            "message_staff": views.message_for_staff(message),
        }
    )


async def publish_state(deps: Deps, conversation: ConversationRow) -> None:
    await deps.publish(
        {
            "type": "state",
            **event_scope(conversation),
            "state": conversation.state,
            "conversation_user": views.conversation_for_user(conversation),
            "conversation_staff": views.conversation_for_staff(conversation),
        }
    )
