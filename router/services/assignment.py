"""Automatic assignment inside an enhet, run from events: a conversation queued, a veileder freed or online.

The one place that decides who gets which waiting conversation: the store loads the queue and the veiledere's
loads, the domain orders the queue and picks (router/domain/queue.py, assignment.py), and each pick is claimed
atomically by the store (ConversationRepository.claim), so no conversation is ever assigned twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from router.domain.access import required_permissions
from router.domain.assignment import (
    Assignment,
    Needs,
    Presence,
    VeilederId,
    VeilederLoad,
    own_veileder_passed_over,
    plan_assignments,
)
from router.domain.conversation import Conversation, ConversationState
from router.domain.errors import NotAllowed
from router.domain.events import ConversationQueued, DomainEvent, VeilederFreed
from router.domain.language_policy import NORWEGIAN_PATH
from router.domain.messages import Message
from router.domain.queue import order_queue
from router.domain.routing import UnknownTema, parse_tema, temagruppe_of
from router.domain.veileder import Veileder
from router.ports.routing import RoutingPolicy
from router.ports.store import ConcurrentChange, UnitOfWork
from router.services.conversations import fixed_message
from router.services.deps import Deps
from router.services.notify import publish_message, publish_state
from router.services.staff import closed_consoles
from router.texts import fixed_text

log = logging.getLogger(__name__)


def needs_of(conversation: Conversation) -> Needs:
    """What a veileder must bring for this conversation: enhet, permissions, and the skills that help."""
    try:
        tema = parse_tema(conversation.tema)[0]
    except UnknownTema:
        tema = None
    language = conversation.interpreter_language or conversation.language
    return Needs(
        enhetsnummer=conversation.enhetsnummer or "",
        language=None if language in NORWEGIAN_PATH or language is None else language,
        tema=tema.value if tema else None,
        temagruppe=temagruppe_of(conversation.tema).value,
        own_veileder=VeilederId(str(conversation.own_veileder_id)) if conversation.own_veileder_id else None,
        requires_permissions=required_permissions(conversation.diskresjonskode, conversation.skjermet),
        # The veileder who just transferred it away; and one this person or address threatened lately
        # (services/threats.py): staff may still take it from the queue, it is only not given to them.
        excluded=frozenset(VeilederId(str(veileder_id)) for veileder_id in (
            conversation.transferred_from_veileder_id, conversation.earlier_threat_veileder_id) if veileder_id),
    )


async def claim(uow: UnitOfWork, conversation: Conversation, veileder: Veileder, load: VeilederLoad, *,
                actor: str, reason: str, now: datetime) -> Message:
    """Assign inside the caller's unit of work and claim the row atomically; returns the "X has taken over" notice,
    after a line saying her own veileder cannot take it now where that is so (own_veileder_passed_over).

    NotAllowed (capacity, permission) or ConcurrentChange (someone was first) when it may not happen.
    """
    # Not to a screen whose login ended (logged out, expired overnight): whoever reads it now is not known to be
    # her, and "Veilederen din" says she has a veileder of her own (probe 157).
    passed_over = conversation.logged_out_at is None and await _own_veileder_passed_over(uow, conversation, veileder)
    conversation.assign(load, fornavn=veileder.fornavn, navn=veileder.navn, actor=actor, reason=reason, now=now)
    await uow.conversations.claim(conversation, load)
    # Longest idle wins a tie: a veileder who just got a chat is the least idle.
    veileder.idle_since = now

    def joined(language: str) -> str:
        taken = fixed_text("veileder_joined", language, name=veileder.fornavn)
        return f"{fixed_text('own_veileder_not_available', language)} {taken}" if passed_over else taken

    return await uow.messages.add(fixed_message(conversation, joined, now))


async def _own_veileder_passed_over(uow: UnitOfWork, conversation: Conversation, taker: Veileder) -> bool:
    """own_veileder_passed_over for this chat, with her own veileder's load as it is now."""
    own_id = conversation.own_veileder_id
    if own_id is None or own_id == taker.id:
        return False
    own = await uow.veiledere.get(own_id)
    own_load = None if own is None else own.load(await uow.veiledere.open_chats(own_id))
    return own_veileder_passed_over(needs_of(conversation), VeilederId(str(taker.id)), own_load)


# The reason of an automatic assignment to the veileder the conversation was held for (staff_labels words it).
RESERVED = "tildelt den samtalen var holdt av til"


async def assign_to(deps: Deps, conversation_id: str, veileder_id: int, *, actor: str, reason: str,
                    skip_locked: bool = True) -> bool:
    """Assign a waiting conversation automatically to a veileder if it still waits and they are still online in its
    enhet, may see it and have room."""
    now = deps.clock.now()
    try:
        async with deps.uow() as uow:
            conversation = await uow.conversations.get(conversation_id, for_update=True, skip_locked=skip_locked)
            veileder = await uow.veiledere.get(veileder_id, for_update=True)
            if conversation is None or veileder is None or conversation.state is not ConversationState.QUEUED:
                return False
            load = veileder.load(await uow.veiledere.open_chats(veileder_id))
            answering = (conversation.enhetsnummer, deps.routing.staffed_from(conversation.enhetsnummer or ""))
            if not load.is_online or load.enhetsnummer not in answering \
                    or await closed_consoles(deps, uow, [veileder_id], now):
                # The plan was made from a snapshot: who went offline, busy or away since, or moved to another
                # enhet, gets nothing automatically (a veileder may still take one by hand, dispatch.take).
                log.info("assignment.refused conversation=%s veileder=%s reason=no longer online in enhet %s",
                         conversation_id, veileder_id, conversation.enhetsnummer)
                return False
            if conversation.own_veileder_id == veileder_id:
                # Held for them (sent to them by name, or the register's own veileder): the history says so, not
                # only "automatisk" (probe 162 read a transfer by name as an automatic assignment).
                reason = RESERVED
            joined = await claim(uow, conversation, veileder, load, actor=actor, reason=reason, now=now)
    except (NotAllowed, ConcurrentChange) as refused:
        log.info("assignment.refused conversation=%s veileder=%s reason=%s", conversation_id, veileder_id, refused)
        return False
    log.info("assignment.assigned conversation=%s veileder=%s by=%s", conversation_id, veileder_id, actor)
    await publish_state(deps, conversation)
    await publish_message(deps, conversation, joined)
    return True


async def answering_loads(uow: UnitOfWork, routing: RoutingPolicy, enhetsnummer: str, *,
                          presence: Presence | None = Presence.ONLINE) -> list[VeilederLoad]:
    """The staff who answer the queue of ``enhetsnummer``: its own, or, for a queue staffed from another enhet (the
    kontaktsenter's queues of 4100), that enhet's, counted as this queue's team."""
    loads = await uow.veiledere.loads(enhetsnummer, presence=presence)
    parent = routing.staffed_from(enhetsnummer)
    if parent:
        loads += [replace(v, enhetsnummer=enhetsnummer) for v in await uow.veiledere.loads(parent, presence=presence)]
    return loads


# Waiting conversations planned per page of the queue, each page's brukere asked after at once (whether their page
# is gone): a freed place in a queue of 5,000 asks after the first few hundred, not all.
PAGE = 500


async def assign_waiting(deps: Deps, enhetsnummer: str) -> int:
    """Give the enhet's waiting conversations to its online veiledere, best first; returns how many.

    A conversation whose bruker has gone (services/bruker_presence.py) is given to nobody automatically: it would
    take a veileder's place while brukere who are there wait (a probe's veileder got three dead chats while two
    nødhjelp brukere waited, another had to close six before reaching a live one). It keeps its place; when the
    bruker comes back it is given out from there, and meanwhile a veileder may take it by hand or close it."""
    now = deps.clock.now()
    picks: list[Assignment] = []
    async with deps.uow() as uow:
        loads: list[VeilederLoad] = await answering_loads(uow, deps.routing, enhetsnummer)
        if not any(v.has_capacity for v in loads):
            return 0
        # A veileder whose consoles all closed without a logout gets nothing new (they would "take over" and leave
        # the bruker again when the absence check hands it back); a reload's reopened feed runs assignment again.
        closed = await closed_consoles(deps, uow, [int(v.veileder_id) for v in loads if v.has_capacity], now)
        loads = [v for v in loads if int(v.veileder_id) not in closed]
        waiting = {c.id: c for c in await uow.conversations.queued(enhetsnummer)}
        entries = order_queue([c.queue_entry() for c in waiting.values()], now)
        for start in range(0, len(entries), PAGE):
            page = [entry.conversation_id for entry in entries[start:start + PAGE]]
            gone = await uow.conversations.bruker_gone(page)
            # Each conversation's needs as the plan reaches it: the plan stops when nobody has room left.
            plan = plan_assignments(((conversation_id, needs_of(waiting[conversation_id]))
                                     for conversation_id in page if conversation_id not in gone), loads, now)
            picks += plan.assignments
            loads = list(plan.loads)
            if not any(v.is_online and v.has_capacity for v in loads):
                break
    assigned = 0
    for pick in picks:
        if await assign_to(deps, pick.conversation_id, int(pick.veileder_id), actor="router",
                           reason="automatisk tildelt"):
            assigned += 1
    return assigned


async def handle(deps: Deps, events: Iterable[DomainEvent]) -> None:
    """After a commit: run assignment where the events say there may be work (one place, every path)."""
    enheter: list[str] = []
    for event in events:
        served: tuple[str, ...] = ()
        if isinstance(event, ConversationQueued):
            served = (event.enhetsnummer,)
        elif isinstance(event, VeilederFreed):
            enhetsnummer = await _enhet_of(deps, event.veileder_id)
            # A veileder of 4100 answers the kontaktsenter's queues too.
            served = deps.routing.queues_answered_by(enhetsnummer) if enhetsnummer else ()
        enheter += [nr for nr in served if nr and nr not in enheter]
    for enhetsnummer in enheter:
        await assign_waiting(deps, enhetsnummer)


async def veileder_available(deps: Deps, veileder_id: int) -> None:
    """A veileder came online or got room: the waiting conversations of their enhet may come to them."""
    await handle(deps, [VeilederFreed(veileder_id)])


async def _enhet_of(deps: Deps, veileder_id: int) -> str | None:
    async with deps.uow() as uow:
        veileder = await uow.veiledere.get(veileder_id)
    return veileder.enhetsnummer if veileder else None
