"""The router's safety net for acute need: emergency contacts, priority and a human, whatever the bot can do.

The bot's intent ``sosialhjelp_emergency`` only hears Norwegian and English, and only while the bot has the
conversation. This runs first in every bruker message's turn, in every state and every supported language
(router/domain/acute_need.py), so a bruker whose language has no translation model, or who is already waiting
for a veileder, is still answered in their own words and put first in line.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from router.domain import acute_need
from router.domain.acute_need import CONTACTS_SHOWN, AcuteCategory, AcuteSignal
from router.domain.conversation import Conversation, ConversationState
from router.domain.messages import Message
from router.domain.queue import Priority
from router.ports.store import UnitOfWork
from router.services import handoff, waiting
from router.services.conversations import fixed_message, load
from router.services.deps import Deps
from router.services.notify import publish_message, publish_state

log = logging.getLogger(__name__)
# In every emergency text, the router's and the bot's: the legevakt, who reach the sosialvakt when NAV is closed.
EMERGENCY_NUMBER = "116 117"



def detect_in(message: Message) -> AcuteSignal | None:
    """The acute need a bruker's message states (pure: its 0.3 ms of patterns can run while the bot works)."""
    return acute_need.detect(message.original_text) if message.sender == "user" else None


async def check(deps: Deps, conversation_id: str, message: Message) -> bool:
    """Look for acute need in a bruker's message and act on it (``apply``); True when it was found."""
    return await apply(deps, conversation_id, message, detect_in(message))


def says_the_numbers(texts: Sequence[str]) -> bool:
    """Whether an answer already gives the emergency numbers (the bot's emergency answer does: 116 117 and 113)."""
    return any(EMERGENCY_NUMBER in text for text in texts)


async def apply(deps: Deps, conversation_id: str, message: Message, signal: AcuteSignal | None, *,
                numbers_said: bool = False) -> bool:
    """Act on the acute need found in a bruker's message; True when there was one (the turn then goes on).

    In one unit of work: the conversation becomes an emergency (a waiting one keeps its place and gets the
    emergency SLA deadline), and, once per conversation and category, the hand-written emergency contacts in the
    language the bruker wrote in, with the button to a veileder while the bot has the conversation.
    ``numbers_said``: the bot's answer to this message, in the bruker's own language, already gives the numbers
    for money, food and a place to sleep (its emergency answer): they are not posted a second time above it.
    """
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
        by_the_router = signal.category in acute_need.ANSWERED_BY_THE_ROUTER
        if by_the_router or not await _contacts_shown(uow, conversation_id, signal.category):
            said_by_the_bot = numbers_said and not by_the_router
            conversation.note(CONTACTS_SHOWN, actor="chatrobot" if said_by_the_bot else "router",
                              reason=signal.category.label_nb, now=now,
                              data={"category": signal.category.value, "language": language})
            if not said_by_the_bot:
                # Each need gets its own numbers: 113 and the 24-hour helplines for thoughts of suicide, 112, the
                # violence helpline and krisesentrene for violence, not the numbers for money and a place to sleep.
                # Strengt fortrolig adresse (kode 6) has no local office to call: NAV's phone instead.
                category, local_office = signal.category, not conversation.is_strengt_fortrolig

                def contacts_in(lang: str) -> str:
                    return waiting.emergency_contacts(category, lang, now, local_office=local_office)

                shown = fixed_message(conversation, contacts_in, now, language=language,
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
