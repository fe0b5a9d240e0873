"""No Rasa listening (stopped, restarting): a bruker's message waits for the bot to come back, and she knows it.

Probe 164 asked a question while Rasa was down: "Chatroboten svarer ikke akkurat nå", and when the bot was back a
minute later the question stayed unanswered, with nothing to say so. Now the turn tells her once that the message
is saved and that we keep trying for the next few minutes, with the button to a person, and sends it again every
few seconds (router/domain/bot_turn.py) until ``bot_back_window_s`` after she wrote it. The bot's answer then comes
as any other; if the bot is not back by then, "not answering" with NAV's phone, as before.

Only when no Rasa listens (BotUnavailable.rasa_gone): then sending again is safe (bot/turn_once.py answers a
message Rasa already took from its tracker). A Rasa that is slow or answers with an error is answered at once, as
before: waiting on it would hold its slots from everyone else.

She is never kept waiting behind the retries for a person: when she asks for one (the button, or words, in a turn
of its own that waits behind this one; the router's "where do you live?" waiting for her answer) or the
conversation leaves the bot, the wait ends and her next turn runs. A message that itself asks for a person is handed
off by the router while the bot is away (relay._bot_turn).

Notices, by what stands after her message: the first message of an outage gets "saved, we keep trying";
a message written after that notice, while this one still waits, is covered by it (no second notice); once a
window is over the "not answering" notice stands after every message it covers.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from router.domain.bot_turn import BotTurn, pause_before_asking_again
from router.domain.conversation import Conversation
from router.domain.messages import Message
from router.domain.short_answers import wants_a_person
from router.ports.bot import BotReply, BotUnavailable
from router.services import handoff
from router.services.conversations import fixed_message, with_nav_phone
from router.services.deps import Deps
from router.services.notify import publish_message
from router.texts import fixed_text

log = logging.getLogger(__name__)


def unavailable_notice(deps: Deps, conversation: Conversation) -> Message:
    """"Chatroboten svarer ikke akkurat nå ..." with the way to a person, and NAV's phone as it can be called now:
    "(hverdager 09–15)" on julaften, when the phone is closed all day, sent the bruker to a phone nobody answers."""
    now, phone = deps.clock.now(), deps.routing.nav_phone_hours()
    return fixed_message(conversation, lambda lang: with_nav_phone("bot_unavailable", lang, now, phone=phone),
                         now, buttons=handoff.to_a_person(conversation, conversation.language))


async def wait_for_the_bot(deps: Deps, conversation: Conversation, turn: BotTurn, written_at: datetime,
                           ask: Callable[[], Awaitable[list[BotReply]]]) -> list[BotReply] | None:
    """The bot's replies once a Rasa takes the message (``ask`` sends it); None when none did within the window, or
    the bruker no longer waits for the bot: what there is to tell her is then posted here."""
    # Counted on this process's own clock from here: the wait's length is all that is taken from the message's time.
    started = time.monotonic()
    deadline = started + (written_at + timedelta(seconds=deps.settings.bot_back_window_s)
                          - deps.clock.now()).total_seconds()
    log.warning("bot.gone conversation=%s message=%s waiting_s=%.0f", conversation.id, turn.message_id,
                max(0.0, deadline - started))
    await _tell(deps, conversation.id, turn.message_id, "retrying")
    asked_again = 0
    while time.monotonic() + (pause := pause_before_asking_again(asked_again)) <= deadline:
        await asyncio.sleep(pause)
        asked_again += 1
        if reason := await _no_longer_waiting(deps, conversation.id):
            log.info("bot.gone_wait_ended conversation=%s reason=%s asked_again=%d", conversation.id, reason,
                     asked_again)
            return None
        try:
            replies = await ask()
        except BotUnavailable as error:
            if error.rasa_gone:
                continue
            raise
        log.info("bot.back conversation=%s after_s=%.0f asked_again=%d", conversation.id, time.monotonic() - started,
                 asked_again)
        return replies
    log.warning("bot.gone_gave_up conversation=%s message=%s asked_again=%d", conversation.id, turn.message_id,
                asked_again)
    await _tell(deps, conversation.id, turn.message_id, "unavailable")
    return None


async def _no_longer_waiting(deps: Deps, conversation_id: str) -> str | None:
    """Why the bruker no longer waits for the bot's answer: she asked for a person (the button, or typed words in a
    message waiting behind this one, or the router's "where do you live?" waits for her answer), or the conversation
    left the bot (a move by the kontaktsenter, closed); None while she waits."""
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        if conversation is None or not conversation.accepts_bot_messages:
            return "left_the_bot"
        for message_id, payload in await uow.turns.waiting(conversation_id):
            if payload in handoff.HANDOFF_PAYLOADS:
                return "asked_for_a_person"
            if payload is None and (message := await uow.messages.get(message_id)) is not None \
                    and wants_a_person(message.original_text):
                return "asked_for_a_person"
    if await handoff.pending_place_question(deps, conversation_id) is not None:
        return "asked_for_a_person"
    return None


async def _tell(deps: Deps, conversation_id: str, message_id: int, kind: str) -> None:
    """Post the outage notice of ``kind`` ("retrying", "unavailable") as the answer to message ``message_id``,
    unless what stands after that message already tells her (see the module's docstring)."""
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        if conversation is None:
            return
        told = _outage_notices(deps, await uow.messages.list(conversation_id, message_id))
        if kind in told or (kind == "retrying" and told):
            return
        notice = _retrying_notice(deps, conversation) if kind == "retrying" else unavailable_notice(deps, conversation)
        notice.reply_to = message_id
        notice = await uow.messages.add(notice)
    await publish_message(deps, conversation, notice)


def _retrying_notice(deps: Deps, conversation: Conversation) -> Message:
    return fixed_message(conversation, lambda lang: fixed_text("bot_retrying", lang), deps.clock.now(),
                         buttons=handoff.to_a_person(conversation, conversation.language))


def _outage_notices(deps: Deps, said: Sequence[Message]) -> set[str]:
    """The outage notices among ``said``, by kind. Fixed notices are stored in bokmål first (fixed_message); the
    "not answering" one as it read when it was said (with the phone's hours, or when it opens)."""
    retrying, phone = fixed_text("bot_retrying", "nb"), deps.routing.nav_phone_hours()
    kinds = set()
    for message in said:
        if message.sender != "system":
            continue
        if message.original_text == retrying:
            kinds.add("retrying")
        elif message.original_text == with_nav_phone("bot_unavailable", "nb", message.created_at, phone=phone):
            kinds.add("unavailable")
    return kinds
