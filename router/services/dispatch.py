"""QUEUED→ASSIGNED, veileder replies, transfer, back to bot, close, presence."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from router.adapters.db import unit_of_work
from router.adapters.models import ConversationRow, VeilederRow
from router.domain.access import ConversationScope, Role, StaffUser, may_answer, may_see
from router.domain.conversation import ConversationState, StateChanged, Transition, transition
from router.domain.errors import InvalidTransition
from router.domain.masking import mask_personal_numbers
from router.services import views
from router.services.conversations import add_message, publish_message, publish_state, record_state_change
from router.services.deps import Deps
from router.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from router.services.relay import validate_user_text
from router.services.staff import audit, to_staff_user
from router.texts import fixed_text

log = logging.getLogger(__name__)

CLOSE_OUTCOMES = frozenset({"besvart", "henvist", "bruker_forlot", "ikke_nav", "annet"})
PRESENCES = frozenset({"online", "busy", "away", "offline"})


def scope_of(conversation: ConversationRow) -> ConversationScope:
    return ConversationScope(
        enhetsnummer=conversation.enhetsnummer,
        diskresjonskode=conversation.diskresjonskode,
        skjermet=conversation.skjermet,
        veileder_id=conversation.veileder_id,
    )


async def load_visible(session: AsyncSession, staff: StaffUser, conversation_id: str) -> ConversationRow:
    conversation = await session.get(ConversationRow, conversation_id)
    if conversation is None:
        raise NotFound("unknown conversation")
    if not may_see(staff, scope_of(conversation)):
        raise Forbidden("this conversation belongs to another enhet or needs a permission you do not have")
    return conversation


def _change(conversation: ConversationRow, kind: Transition, staff: StaffUser, reason: str, now: Any,
            **data: Any) -> StateChanged:
    try:
        return transition(
            conversation.id,
            ConversationState(conversation.state),
            kind,
            actor=f"veileder:{staff.username}",
            reason=reason,
            now=now,
            data=data,
        )
    except InvalidTransition as error:
        raise Conflict(str(error)) from None


async def open_chats(session: AsyncSession, veileder_id: int) -> int:
    query = select(func.count()).where(
        ConversationRow.veileder_id == veileder_id, ConversationRow.state == ConversationState.ASSIGNED.value
    )
    return int(await session.scalar(query) or 0)


async def _claim(session: AsyncSession, conversation_id: str, veileder: VeilederRow, now: Any, *,
                 is_postgres: bool, skip_locked: bool) -> ConversationRow | None:
    """Atomic QUEUED→ASSIGNED within capacity; exactly one claimant wins, in SQLite and in PostgreSQL.

    PostgreSQL: the veileder row is locked so two routers cannot both fill the last place, and the conversation
    row is locked too: automatic assignment skips a row another transaction holds (SKIP LOCKED: routers never
    wait on each other), a veileder's explicit take waits for it. SQLite serialises writers, and the
    conditional UPDATE (state still QUEUED) decides the race there.
    """
    if is_postgres:
        await session.execute(select(VeilederRow.id).where(VeilederRow.id == veileder.id).with_for_update())
        locked = await session.scalar(
            select(ConversationRow.id)
            .where(ConversationRow.id == conversation_id, ConversationRow.state == ConversationState.QUEUED.value)
            .with_for_update(skip_locked=skip_locked)
        )
        if locked is None:
            return None
    if await open_chats(session, veileder.id) >= veileder.capacity:
        return None
    result = await session.execute(
        update(ConversationRow)
        .where(ConversationRow.id == conversation_id, ConversationRow.state == ConversationState.QUEUED.value)
        .values(state=ConversationState.ASSIGNED.value, veileder_id=veileder.id, assigned_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    conversation = await session.get(ConversationRow, conversation_id, populate_existing=True)
    assert conversation is not None
    veileder.idle_since = None
    return conversation


def _first_name(navn: str) -> str:
    return navn.split()[0] if navn.strip() else "En veileder"


async def assign_to(deps: Deps, conversation_id: str, veileder_id: int, *, actor: str, reason: str,
                    skip_locked: bool = True) -> bool:
    """Assign a waiting conversation to a veileder, if still waiting and within capacity; publish it."""
    now = deps.clock.now()
    async with unit_of_work(deps.sessions) as session:
        veileder = await session.get(VeilederRow, veileder_id)
        before = await session.get(ConversationRow, conversation_id)
        if veileder is None or before is None or before.state != ConversationState.QUEUED.value:
            return False
        try:
            change = transition(conversation_id, ConversationState.QUEUED, Transition.ASSIGN, actor=actor,
                                reason=reason, now=now, data={"veileder_id": veileder_id})
        except InvalidTransition:
            return False
        conversation = await _claim(session, conversation_id, veileder, now, is_postgres=deps.is_postgres,
                                    skip_locked=skip_locked)
        if conversation is None:
            return False
        record_state_change(session, conversation, change)
        conversation.veileder_fornavn = _first_name(veileder.navn)
        message = add_message(
            session,
            conversation,
            sender="system",
            text=fixed_text("veileder_joined", conversation.language, name=conversation.veileder_fornavn),
            language=conversation.language,
            now=now,
        )
    log.info("dispatch.assigned conversation=%s veileder=%s by=%s", conversation_id, veileder_id, actor)
    await publish_state(deps, conversation)
    await publish_message(deps, conversation, message)
    return True


async def take(deps: Deps, conversation_id: str, staff: StaffUser) -> dict[str, Any]:
    """A veileder takes a waiting conversation; nobody is assigned above capacity."""
    async with unit_of_work(deps.sessions) as session:
        conversation = await load_visible(session, staff, conversation_id)
        if conversation.state != ConversationState.QUEUED.value:
            raise Conflict("this conversation is not waiting in the queue (someone may have taken it)")
        veileder = await session.get(VeilederRow, staff.id)
        assert veileder is not None
        if await open_chats(session, staff.id) >= veileder.capacity:
            raise Conflict(f"you already have {veileder.capacity} open chats (your capacity)")
    if not await assign_to(deps, conversation_id, staff.id, actor=f"veileder:{staff.username}",
                           reason="tatt fra køen", skip_locked=False):
        raise Conflict("someone else took this conversation first, or you reached your capacity")
    async with unit_of_work(deps.sessions) as session:
        audit(session, staff, "take", conversation_id, deps.clock.now())
        conversation = await session.get(ConversationRow, conversation_id)
        assert conversation is not None
    return views.conversation_for_staff(conversation)


async def reply(deps: Deps, conversation_id: str, staff: StaffUser, text: Any, client_msg_id: Any = None) -> dict:
    """The assigned veileder writes to the bruker; translated into the bruker's language when needed."""
    text = validate_user_text(text, deps.settings.max_message_chars)
    now = deps.clock.now()
    async with unit_of_work(deps.sessions) as session:
        conversation = await load_visible(session, staff, conversation_id)
        if conversation.state != ConversationState.ASSIGNED or not may_answer(staff, scope_of(conversation)):
            raise Conflict("only the veileder the conversation is assigned to can answer it")
    masked = mask_personal_numbers(text)
    outbound = await deps.language.outbound(conversation, masked)
    async with unit_of_work(deps.sessions) as session:
        conversation = await load_visible(session, staff, conversation_id)
        if conversation.first_human_reply_at is None:
            conversation.first_human_reply_at = now
        conversation.updated_at = now
        message = add_message(
            session,
            conversation,
            sender="veileder",
            text=masked,
            language="nb",
            translated_text=outbound.text if outbound else None,
            translated_language=outbound.language if outbound else None,
            machine_translated=bool(outbound and outbound.machine_translated),
            author_id=staff.id,
            now=now,
        )
        audit(session, staff, "reply", conversation.id, now)
    await publish_message(deps, conversation, message)
    return views.message_for_staff(message)


async def back_to_bot(deps: Deps, conversation_id: str, staff: StaffUser) -> dict[str, Any]:
    return await _leave_human(deps, conversation_id, staff, Transition.BACK_TO_BOT, "back_to_bot", None)


async def close(deps: Deps, conversation_id: str, staff: StaffUser, outcome: Any) -> dict[str, Any]:
    if outcome not in CLOSE_OUTCOMES:
        raise InvalidInput(f"outcome must be one of {sorted(CLOSE_OUTCOMES)}")
    return await _leave_human(deps, conversation_id, staff, Transition.CLOSE, "closed", outcome)


async def _leave_human(
    deps: Deps, conversation_id: str, staff: StaffUser, kind: Transition, text_key: str, outcome: str | None
) -> dict[str, Any]:
    now = deps.clock.now()
    async with unit_of_work(deps.sessions) as session:
        conversation = await load_visible(session, staff, conversation_id)
        is_owner = conversation.veileder_id == staff.id
        if conversation.state == ConversationState.ASSIGNED and not (is_owner or staff.has_role(Role.KONTAKTSENTER)):
            raise Forbidden("another veileder has this conversation")
        change = _change(conversation, kind, staff, outcome or kind.value, now)
        record_state_change(session, conversation, change)
        conversation.veileder_id = None
        if kind is Transition.CLOSE:
            conversation.closed_at = now
            conversation.close_outcome = outcome
        audit(session, staff, kind.value, conversation.id, now, {"outcome": outcome} if outcome else None)
        message = add_message(
            session, conversation, sender="system", text=fixed_text(text_key, conversation.language),
            language=conversation.language, now=now,
        )
    await publish_state(deps, conversation)
    await publish_message(deps, conversation, message)
    # The veileder has room again: the next waiting conversation of their enhet may come to them.
    deps.tasks.spawn(assign_waiting(deps, staff.enhetsnummer))
    return views.conversation_for_staff(conversation)


async def transfer(
    deps: Deps, conversation_id: str, staff: StaffUser, *, to_enhetsnummer: Any = None, to_veileder: Any = None,
    note: Any = "",
) -> dict[str, Any]:
    """Move a conversation to another enhet's queue, the kontaktsenter, or one veileder, with a note.

    The bruker keeps their place (queued_at). A named veileder gets it at once when online with room;
    otherwise it waits in their enhet's queue reserved for them (assignment prefers the own veileder).
    """
    note_text = mask_personal_numbers(str(note or ""))[:500]
    now = deps.clock.now()
    async with unit_of_work(deps.sessions) as session:
        target: VeilederRow | None = None
        if to_veileder:
            target = (await session.scalars(select(VeilederRow).where(VeilederRow.username == to_veileder))).first()
            if target is None:
                raise InvalidInput(f"unknown veileder {to_veileder}")
            to_enhetsnummer = target.enhetsnummer
        if not isinstance(to_enhetsnummer, str) or deps.routing.enhet_navn(to_enhetsnummer) == to_enhetsnummer:
            raise InvalidInput(f"unknown enhet {to_enhetsnummer}: give to_enhetsnummer or to_veileder")
        conversation = await load_visible(session, staff, conversation_id)
        if conversation.state == ConversationState.ASSIGNED and conversation.veileder_id != staff.id and not (
            staff.has_role(Role.KONTAKTSENTER)
        ):
            raise Forbidden("another veileder has this conversation")
        if target is not None and not may_see(to_staff_user(target), scope_of(conversation)):
            raise InvalidInput(f"{target.username} may not see this conversation (enhet or permission)")
        change = _change(conversation, Transition.TRANSFER, staff, note_text or "overført", now,
                         from_enhetsnummer=conversation.enhetsnummer, to_enhetsnummer=to_enhetsnummer,
                         to_veileder=target.username if target else None)
        record_state_change(session, conversation, change)
        conversation.enhetsnummer = to_enhetsnummer
        conversation.enhet_navn = deps.routing.enhet_navn(to_enhetsnummer)
        conversation.veileder_id = None
        conversation.own_veileder_id = target.id if target else None
        audit(session, staff, "transfer", conversation.id, now, {"to": to_enhetsnummer, "veileder": to_veileder})
    await publish_state(deps, conversation)
    if target is not None and target.presence == "online":
        await assign_to(deps, conversation_id, target.id, actor=f"veileder:{staff.username}",
                        reason=f"overført til {target.username}", skip_locked=False)
    deps.tasks.spawn(assign_waiting(deps, to_enhetsnummer))
    async with unit_of_work(deps.sessions) as session:
        current = await session.get(ConversationRow, conversation_id)
        assert current is not None
    return views.conversation_for_staff(current)


async def set_presence(deps: Deps, staff: StaffUser, presence: Any) -> dict[str, Any]:
    """Going offline returns the veileder's conversations to the queue with their place (queued_at) kept."""
    if presence not in PRESENCES:
        raise InvalidInput(f"presence must be one of {sorted(PRESENCES)}")
    now = deps.clock.now()
    returned: list[ConversationRow] = []
    async with unit_of_work(deps.sessions) as session:
        veileder = await session.get(VeilederRow, staff.id)
        assert veileder is not None
        veileder.presence = presence
        if presence == "online" and veileder.idle_since is None:
            veileder.idle_since = now
        if presence == "offline":
            query = select(ConversationRow).where(
                ConversationRow.veileder_id == staff.id, ConversationRow.state == ConversationState.ASSIGNED.value
            )
            for conversation in (await session.scalars(query)).all():
                change = _change(conversation, Transition.VEILEDER_OFFLINE, staff, "veileder gikk offline", now)
                record_state_change(session, conversation, change)
                conversation.veileder_id = None
                returned.append(conversation)
    for conversation in returned:
        await publish_state(deps, conversation)
    if presence in ("online", "offline"):
        deps.tasks.spawn(assign_waiting(deps, staff.enhetsnummer))
    await deps.publish({"type": "presence", "veileder_id": staff.id, "enhetsnummer": staff.enhetsnummer,
                        "presence": presence})
    return {"presence": presence, "returned_to_queue": [c.id for c in returned]}


async def assign_waiting(deps: Deps, enhetsnummer: str | None) -> None:
    """Automatic assignment inside the enhet (router/services/assignment_service.py)."""
    from router.services import assignment_service

    if enhetsnummer:
        await assignment_service.assign_waiting(deps, enhetsnummer)
