"""The bruker's own choices: conversation language, the need for a tolk, ending the chat."""

from __future__ import annotations

from router.adapters.db import unit_of_work
from router.adapters.models import ConversationRow
from router.domain.conversation import ConversationState, Transition, transition
from router.domain.errors import InvalidTransition
from router.domain.language_policy import normalize_language
from router.services.conversations import (
    authenticate,
    get_conversation,
    publish_state,
    record_event,
    record_state_change,
)
from router.services.deps import Deps
from router.services.errors import Conflict, InvalidInput
from router.texts import available_languages


async def choose_language(deps: Deps, conversation_id: str, token: str, language: str) -> ConversationRow:
    """An explicit choice beats the page locale and detection, and sticks."""
    chosen = normalize_language(language)
    if chosen is None:
        raise InvalidInput(f"language {language!r} is not supported; use one of {available_languages()}")
    async with unit_of_work(deps.sessions) as session:
        row = await authenticate(session, conversation_id, token)
        row.language = chosen
        row.language_source = "explicit"
        record_event(session, row.id, "language_chosen", actor="bruker", reason=chosen, now=deps.clock.now())
    await publish_state(deps, row)
    return row


async def request_interpreter(deps: Deps, conversation_id: str, token: str, language: str) -> ConversationRow:
    """The need for a tolk travels with the conversation to the queue and the console."""
    async with unit_of_work(deps.sessions) as session:
        await authenticate(session, conversation_id, token)
    return await record_interpreter_need(deps, conversation_id, language, actor="bruker")


async def record_interpreter_need(
    deps: Deps, conversation_id: str, language: str, actor: str = "bot"
) -> ConversationRow:
    code = (language or "").strip().lower()
    if not code.isalpha() or not 2 <= len(code) <= 3:
        raise InvalidInput("language must be an ISO 639-1 code such as 'ar' or 'ti'")
    async with unit_of_work(deps.sessions) as session:
        row = await get_conversation(session, conversation_id)
        row.needs_interpreter = True
        row.interpreter_language = code
        record_event(session, row.id, "interpreter_requested", actor=actor, reason=code, now=deps.clock.now())
    await publish_state(deps, row)
    return row


async def close_by_user(deps: Deps, conversation_id: str, token: str) -> ConversationRow:
    now = deps.clock.now()
    async with unit_of_work(deps.sessions) as session:
        row = await authenticate(session, conversation_id, token)
        try:
            change = transition(
                row.id, ConversationState(row.state), Transition.CLOSE, actor="bruker", reason="bruker avsluttet",
                now=now,
            )
        except InvalidTransition as error:
            raise Conflict(str(error)) from None
        record_state_change(session, row, change)
        row.closed_at = now
        row.close_outcome = row.close_outcome or "bruker_avsluttet"
        row.veileder_id = None
    await publish_state(deps, row)
    return row
