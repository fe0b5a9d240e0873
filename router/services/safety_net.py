"""The router's safety net for acute need: emergency contacts, priority and a human, whatever the bot can do.

The bot's intent ``sosialhjelp_emergency`` only hears Norwegian and English, and only while the bot has the
conversation. This runs first in every bruker message's turn, in every state and every supported language
(router/domain/acute_need.py), so a bruker whose language has no translation model, or who is already waiting
for a veileder, is still answered in their own words and put first in line.
"""

from __future__ import annotations

import logging
from datetime import datetime

from router.domain import acute_need
from router.domain.acute_need import CONTACTS_SHOWN, AcuteCategory
from router.domain.conversation import Conversation, ConversationState
from router.domain.messages import Message
from router.domain.queue import Priority
from router.ports.store import UnitOfWork
from router.services import handoff, waiting
from router.services.conversations import load, system_message
from router.services.deps import Deps
from router.services.notify import publish_message, publish_state

log = logging.getLogger(__name__)



async def check(deps: Deps, conversation_id: str, message: Message) -> bool:
    """Look for acute need in a bruker's message; True when it was found (the turn then goes on as before).

    On a hit, in one unit of work: the conversation becomes an emergency (a waiting one keeps its place and gets
    the emergency SLA deadline), and, once per conversation and category, the hand-written emergency contacts in
    the language the bruker wrote in, with the button to a veileder while the bot has the conversation.
    """
    if message.sender != "user":
        return False
    signal = acute_need.detect(message.original_text)
    if signal is None:
        return False
    now = deps.clock.now()
    contacts: Message | None = None
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id, for_update=True)
        if conversation.state is ConversationState.CLOSED:
            return False
        # The conversation's language when its own patterns matched ("ingen mat" is nb and sv), else the match's.
        language = conversation.language if conversation.language in signal.languages else signal.language
        raised = conversation.raise_to_emergency(
            signal.category.value, sla_deadline=_emergency_deadline(deps, conversation, now), actor="router",
            now=now, reason=signal.category.label_nb)
        # Once per category, except thoughts of suicide and violence: the router answers those itself instead of
        # the bot (services/relay.py), so every such message gets the numbers again (never a silent turn).
        if signal.category in acute_need.ANSWERED_BY_THE_ROUTER or not await _contacts_shown(
                uow, conversation_id, signal.category):
            conversation.note(CONTACTS_SHOWN, actor="router", reason=signal.category.label_nb, now=now,
                              data={"category": signal.category.value, "language": language})
            # Each need gets its own numbers: 113 and the 24-hour helplines for thoughts of suicide, 112, the
            # violence helpline and krisesentrene for violence, not the numbers for money and a place to sleep.
            shown = system_message(conversation, acute_need.contacts_key(signal.category), now, language=language,
                                   buttons=handoff.to_a_person(conversation, language))
            shown.reply_to = message.id
            contacts = await uow.messages.add(shown)
    log.info("safety_net.acute_need conversation=%s category=%s language=%s raised=%s contacts=%s",
             conversation_id, signal.category.value, language, raised, contacts is not None)
    if raised:
        # The console and the dashboard show the new priority (and, while waiting, the new order and deadline).
        await publish_state(deps, conversation)
    if contacts is not None:
        await publish_message(deps, conversation, contacts)
    return True


def _emergency_deadline(deps: Deps, conversation: Conversation, now: datetime) -> datetime | None:
    """The emergency SLA deadline at the enhet where the conversation waits, counted from now as placements do."""
    if conversation.state is not ConversationState.QUEUED or not conversation.enhetsnummer:
        return None
    return deps.routing.placement_at(conversation.enhetsnummer, tema=conversation.tema,
                                     priority=Priority.EMERGENCY, now=now).sla_deadline


async def _contacts_shown(uow: UnitOfWork, conversation_id: str, category: AcuteCategory) -> bool:
    return any(record.data.get("category") == category.value
               for record in await waiting.contacts_shown(uow, conversation_id))
