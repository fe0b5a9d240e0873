"""The bruker's own choices: conversation language, the need for a tolk, ending the chat."""

from __future__ import annotations

from router.domain.conversation import BRUKER_CLOSED, Conversation, ConversationState
from router.domain.errors import InvalidTransition
from router.domain.language_policy import ConversationLanguage, LanguageSource
from router.domain.language_policy import choose_language as policy_choose_language
from router.services import assignment
from router.services.conversations import authenticate, load, system_message
from router.services.deps import Deps
from router.services.errors import Conflict, InvalidInput
from router.services.notify import publish_message, publish_state
from router.texts import available_languages, is_known_language


async def choose_language(deps: Deps, conversation_id: str, token: str, language: str) -> Conversation:
    """An explicit choice beats the page locale and detection, and sticks (language_policy.choose_language)."""
    async with deps.uow() as uow:
        await authenticate(uow, conversation_id, token)
    return await apply_language_choice(deps, conversation_id, language)


async def apply_language_choice(deps: Deps, conversation_id: str, language: str) -> Conversation:
    """The bruker's choice (the widget's picker, POST .../language, a picker button of any client): stored, and
    confirmed in the chosen language by a hand-written notice, so a client that only shows messages sees it too."""
    try:
        chosen = policy_choose_language(ConversationLanguage(), language)
    except ValueError:
        raise InvalidInput(f"language {language!r} is not supported; use one of {available_languages()}") from None
    assert chosen.lang is not None
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        _refuse_when_ended(conversation)
        already = (conversation.language, conversation.language_source) == (chosen.lang, LanguageSource.EXPLICIT.value)
        conversation.choose_language(chosen.lang, source=LanguageSource.EXPLICIT.value, actor="bruker", now=now)
        notice = None if already else await uow.messages.add(system_message(conversation, "language_chosen", now))
    await publish_state(deps, conversation)
    if notice is not None:
        await publish_message(deps, conversation, notice)
    return conversation


async def request_interpreter(deps: Deps, conversation_id: str, token: str, language: str) -> Conversation:
    """The need for a tolk travels with the conversation to the queue and the console."""
    async with deps.uow() as uow:
        await authenticate(uow, conversation_id, token)
    return await record_interpreter_need(deps, conversation_id, language, actor="bruker")


async def record_interpreter_need(deps: Deps, conversation_id: str, language: str, actor: str = "bot",
                                  *, while_bot_answers: bool = False) -> Conversation:
    code = (language or "").strip().lower()
    if not code.isalpha() or not 2 <= len(code) <= 3 or not is_known_language(code):
        raise InvalidInput("language must be a known ISO 639 code such as 'ar', 'ti' or 'prs'")
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        _refuse_when_ended(conversation)
        if while_bot_answers and not await uow.turns.is_running(conversation_id):
            raise Conflict("the bot is not answering this conversation now")
        conversation.record_interpreter_need(code, actor=actor, now=deps.clock.now())
    await publish_state(deps, conversation)
    return conversation


def _refuse_when_ended(conversation: Conversation) -> None:
    """An ended conversation takes no more choices: a new one does (nothing is stored in a closed transcript)."""
    if conversation.state is ConversationState.CLOSED:
        raise Conflict("this conversation has ended: start a new one")


async def close_by_user(deps: Deps, conversation_id: str, token: str) -> Conversation:
    """The bruker ends the chat: stored with a notice, as the veileder's close is, so the transcript says who
    ended it (the veileder saw only the state change)."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await authenticate(uow, conversation_id, token)
        try:
            conversation.close(conversation.close_outcome or BRUKER_CLOSED, actor="bruker", now=now)
        except InvalidTransition as error:
            raise Conflict(str(error)) from None
        notice = await uow.messages.add(system_message(conversation, "closed_by_bruker", now))
    await publish_state(deps, conversation)
    await publish_message(deps, conversation, notice)
    await assignment.handle(deps, uow.committed_events)
    return conversation
