"""The router's safety net for acute need: emergency contacts, priority and a human, whatever the bot can do.

The bot's intent ``sosialhjelp_emergency`` only hears Norwegian and English, and only while the bot has the
conversation. This runs first in every bruker message's turn, in every state and every supported language
(router/domain/acute_need.py), so a bruker whose language has no translation model, or who is already waiting
for a veileder, is still answered in their own words and put first in line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from router.domain import acute_need
from router.domain.acute_need import CONTACTS_SHOWN, AcuteSignal
from router.domain.conversation import Conversation, ConversationState
from router.domain.messages import Message
from router.domain.opening_hours import OpeningHours
from router.domain.queue import Priority
from router.ports.bot import BotReply
from router.ports.store import UnitOfWork
from router.services import assignment, handoff, supervision, waiting
from router.services.conversations import fixed_message, load
from router.services.deps import Deps
from router.services.notify import publish_message, publish_state
from router.texts import fixed_text

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


async def without_numbers_said_lately(deps: Deps, conversation: Conversation, replies: list[BotReply],
                                      language: str) -> list[BotReply]:
    """The bot's answer (in the bruker's ``language``) without the emergency numbers it, or the router, showed in
    the last minutes (acute_need.CONTACTS_FRESH_FOR): the bot's emergency answer to «Jeg trenger hjelp i dag», then
    to "jeg har ikke penger til mat", gave the probe the same six lines twice in a minute. What is left says what
    happens now ("Vil du at jeg setter deg i kø …? Saken din får prioritet …"). Reads the conversation's messages
    only when the answer gives the numbers."""
    if not says_the_numbers([reply.text for reply in replies]):
        return replies
    now = deps.clock.now()
    numbers = _numbers_as_they_read(language, now, deps.routing.nav_phone_hours())
    if not any(text in reply.text for reply in replies for text in numbers):
        return replies
    async with deps.uow() as uow:
        lately = await _said_lately(uow, conversation.id, now)
    repeated = [text for text in numbers if any(text in said for said in lately)]
    if not repeated:
        return replies
    log.info("safety_net.numbers_not_repeated conversation=%s", conversation.id)
    return [replace(reply, text=_without(reply.text, repeated)) for reply in replies]


async def _said_lately(uow: UnitOfWork, conversation_id: str, now: datetime) -> list[str]:
    """What the bot and the router showed the bruker within acute_need.CONTACTS_FRESH_FOR, as the bruker read it."""
    return [m.text_for_user for m in await uow.messages.list(conversation_id)
            if m.sender in ("bot", "system") and acute_need.contacts_fresh([m.created_at], now)]


async def note_numbers_the_bot_gave(deps: Deps, conversation_id: str, bot_said: Sequence[str]) -> bool:
    """The bot's emergency answer (``bot_said``, in the bruker's own language) to a message the router's patterns did
    not read as acute, noted as the numbers shown: its NLU heard «Eg har ingen pengar og ikkje mat til borna i dag»
    and gave them, and the queue notice seconds later ("Ja, set meg i kø") gave all of them again, because only the
    router's own finds were noted. True when noted."""
    if not says_the_numbers(bot_said):
        return False
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id, for_update=True)
        if conversation.state is ConversationState.CLOSED:
            return False
        language = conversation.language or "nb"
        numbers = _numbers_as_they_read(language, now, deps.routing.nav_phone_hours())
        if not any(text in said for text in numbers for said in bot_said):
            return False
        # No category: the numbers for a need the router finds later are still shown (unless just said, apply).
        conversation.note(CONTACTS_SHOWN, actor="chatrobot", reason="i chatrobotens svar", now=now,
                          data={"category": None, "language": language})
    return True


def _numbers_as_they_read(language: str, now: datetime, phone: OpeningHours) -> list[str]:
    """The emergency numbers for money, food and a place to sleep as the bot's answer says them ``now``, with and
    without a local office (actions/emergency.py composes them from these fixed texts)."""
    return list(dict.fromkeys(waiting.emergency_contacts(None, language, now, phone=phone, local_office=local_office)
                              for local_office in (True, False)))


def _without(text: str, numbers: Sequence[str]) -> str:
    for said in numbers:
        text = text.replace(said, "")
    return re.sub(r" {2,}", " ", text).strip()


async def apply(deps: Deps, conversation_id: str, message: Message, signal: AcuteSignal | None, *,
                numbers_said: bool = False) -> bool:
    """Act on the acute need found in a bruker's message; True when there was one (the turn then goes on).

    In one unit of work: the conversation becomes an emergency (a waiting one keeps its place and gets the
    emergency SLA deadline), and, once per conversation and category, the hand-written emergency contacts in the
    language the bruker wrote in, with the button to a veileder while the bot has the conversation; not when the
    same numbers were shown minutes ago (for another need, or in the queue notice). A waiting bruker whose chat
    rises is told it now has priority (``queue_priority_raised``), after the numbers or on its own.
    ``numbers_said``: the bot's answer to this message, in the bruker's own language, already gives the numbers
    for money, food and a place to sleep (its emergency answer): they are not posted a second time above it.
    While a veileder has the conversation (ASSIGNED), only thoughts of suicide and violence get their numbers; the
    other needs raise the priority alone (the veileder is the help the contacts point to).
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
        # A bruker already waiting goes first from now on, and is told so (probe 70: the numbers and "Du er nummer
        # 1 i køen", but no word that the case now had priority): with the numbers, or on its own.
        priority_told = raised and conversation.state is ConversationState.QUEUED
        # Once per category, except thoughts of suicide and violence: the router answers those itself instead of
        # the bot (services/relay.py), so every such message gets the numbers again (never a silent turn).
        by_the_router = signal.category in acute_need.ANSWERED_BY_THE_ROUTER
        # While a veileder has the chat, the bruker is talking to the office: money, food, a home or the power
        # raise the priority (the console shows it) and nothing is posted ("Do you need help now? Call your NAV
        # office …" in the middle of the conversation with that office confused the probe); thoughts of suicide and
        # violence still get their numbers (113, 112 and the helplines), which no answer of the office replaces.
        office_answers = conversation.state is ConversationState.ASSIGNED and not by_the_router
        category, local_office = signal.category, not conversation.is_strengt_fortrolig
        phone = deps.routing.nav_phone_hours()
        parts: list[str] = []
        if by_the_router or not office_answers and not await _shown_before(uow, conversation_id, category):
            said_by_the_bot = numbers_said and not by_the_router
            # The same numbers shown minutes ago for another need, or in the queue notice ("jeg trenger hjelp i dag",
            # then "jeg har ikke penger til mat": the probe read the same six lines twice in a minute), are not
            # repeated: what the office can do about this need, and the priority, are what is new.
            # The same text in the same language: numbers shown in bokmål before the bruker wrote Ukrainian are
            # shown again, in Ukrainian.
            repeated = not by_the_router and not said_by_the_bot and any(
                waiting.emergency_contacts(None, language, now, phone=phone, local_office=local_office) in said
                for said in await _said_lately(uow, conversation_id, now))
            if not said_by_the_bot and not repeated:
                conversation.note(CONTACTS_SHOWN, actor="router", reason=category.label_nb, now=now,
                                  data={"category": category.value, "language": language})
                parts.append("contacts")
            elif said_by_the_bot:
                conversation.note(CONTACTS_SHOWN, actor="chatrobot", reason=category.label_nb, now=now,
                                  data={"category": category.value, "language": language})
            elif acute_need.help_key(category) is not None:
                parts.append("help")
        if priority_told:
            parts.append("priority")
        if parts:
            # Each need gets its own numbers: 113 and the 24-hour helplines for thoughts of suicide, 112, the
            # violence helpline and krisesentrene for violence, not the numbers for money and a place to sleep.
            # Strengt fortrolig adresse (kode 6) has no local office to call: NAV's phone instead.
            def contacts_in(lang: str) -> str:
                said = {"contacts": lambda: waiting.emergency_contacts(category, lang, now, phone=phone,
                                                                       local_office=local_office),
                        "help": lambda: fixed_text(acute_need.help_key(category) or "", lang),
                        "priority": lambda: fixed_text("queue_priority_raised", lang)}
                return " ".join(said[part]() for part in parts)

            buttons = handoff.to_a_person(conversation, language) if "contacts" in parts else []
            shown = fixed_message(conversation, contacts_in, now, language=language, buttons=buttons)
            shown.reply_to = message.id
            contacts = await uow.messages.add(shown)
        # Raised where nobody online may take it now (her office's only veileder is gone): at once where someone
        # may, told where she waits now, not after ten minutes for nobody.
        moved = await supervision.move_unattended_and_tell(deps, uow, conversation, now, reply_to=message.id) \
            if priority_told else None
    log.info("safety_net.acute_need conversation=%s category=%s language=%s raised=%s contacts=%s",
             conversation_id, signal.category.value, language, raised, contacts is not None)
    if raised:
        # The console and the dashboard show the new priority (and, while waiting, the new order and deadline).
        await publish_state(deps, conversation)
    if contacts is not None:
        await publish_message(deps, conversation, contacts)
    if moved is not None:
        await publish_message(deps, conversation, moved)
        await assignment.handle(deps, uow.committed_events)
    return True


async def _shown_before(uow: UnitOfWork, conversation_id: str, category: acute_need.AcuteCategory) -> bool:
    """Whether this conversation was given the contacts for this need before."""
    return any(r.data.get("category") == category.value for r in await waiting.contacts_shown(uow, conversation_id))


async def carry_emergency(deps: Deps, uow: UnitOfWork, source: Conversation, target: Conversation,
                          now: datetime) -> bool:
    """A waiting chat merged into the bruker's earlier one (services/login.py): an emergency found there goes with
    its words, with the need it stated (none when the bot handed it off as acute). True when the target rose."""
    if source.priority != Priority.EMERGENCY.value or target.state is ConversationState.CLOSED:
        return False
    stated = [(r.data or {}).get("category") for r in await uow.history.list(source.id)
              if r.kind == waiting.ACUTE_NEED_DETECTED]
    category = next((c for c in reversed(stated) if c), "carried")
    return target.raise_to_emergency(category, sla_deadline=_emergency_deadline(deps, target, now), actor="router",
                                     now=now, reason="akutt behov skrevet i en ny fane før innloggingen")


def _emergency_deadline(deps: Deps, conversation: Conversation, now: datetime) -> datetime | None:
    """The emergency SLA deadline at the enhet where the conversation waits, counted from now as placements do."""
    if conversation.state is not ConversationState.QUEUED or not conversation.enhetsnummer:
        return None
    return deps.routing.placement_at(conversation.enhetsnummer, tema=conversation.tema,
                                     priority=Priority.EMERGENCY, now=now).sla_deadline
