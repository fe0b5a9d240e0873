"""The store port on SQLAlchemy: rows ↔ domain objects, the unit of work, and the atomic claim.

The only module that builds queries. SQLite (embedded) and PostgreSQL (scaled) run the same statements; where
they differ (row locks) PostgreSQL gets ``FOR UPDATE`` / ``SKIP LOCKED`` and SQLite relies on its single writer
and the conditional UPDATEs below.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Mapping, Sequence
from copy import deepcopy
from dataclasses import fields
from datetime import datetime, timedelta
from functools import cache
from operator import itemgetter
from typing import Any, Self
from typing import cast as typed

from sqlalchemy import (
    Select,
    String,
    and_,
    bindparam,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.util.concurrency import greenlet_spawn

from router.adapters.db import CONNECT_ERRORS, store_error, unavailable
from router.adapters.models import (
    AuditRow,
    BotTurnRow,
    ConversationEventRow,
    ConversationRow,
    MessageRow,
    StaffSessionRow,
    UtcDateTime,
    VeilederRow,
)
from router.adapters.sqlite_statements import SqliteStatements
from router.domain import bruker_presence
from router.domain.access import Permission, Role, answers_brukere
from router.domain.assignment import Presence, VeilederLoad
from router.domain.bot_turn import BotTurn
from router.domain.conversation import CONTINUED_IN_EARLIER, THREATS, Conversation, ConversationState
from router.domain.events import DomainEvent, HistoryRecord, Noted, StateChanged, Transition
from router.domain.messages import Message, bound_person
from router.domain.purge import purged_history
from router.domain.queue import Priority
from router.domain.queue_figures import begins
from router.domain.veileder import Veileder
from router.domain.wait_promise import HandledChat
from router.ports import tallies
from router.ports.store import AuditEntry, ConcurrentChange, DuplicateMessage, StaffSession, StoreUnavailable

_CONVERSATION_FIELDS = tuple(f.name for f in fields(Conversation) if f.name != "pending_events")
_MESSAGE_FIELDS = tuple(f.name for f in fields(Message))
_ASSIGNED = ConversationState.ASSIGNED.value
# The messages a search reads: what people wrote, not the bot's answers or the router's notices (the same in every
# conversation).
_WRITTEN_BY_PEOPLE = ("user", "veileder")

# The tables under the mapped classes. A bot turn's statements go through SQLAlchemy Core on these, not the ORM:
# its loading, identity map and unit-of-work flush were half of the router's CPU per turn (py-spy under load),
# and the domain objects are built from plain rows anyway. The hot statements are built once and bound per call.
_conversation = ConversationRow.__table__
_message = MessageRow.__table__
_event = ConversationEventRow.__table__
_turn = BotTurnRow.__table__

_CONVERSATION_BY_ID = select(_conversation).where(_conversation.c.id == bindparam("id"))
_CONVERSATION_BY_ID_FOR_UPDATE = _CONVERSATION_BY_ID.with_for_update()
_CONVERSATION_BY_ID_SKIP_LOCKED = _CONVERSATION_BY_ID.with_for_update(skip_locked=True)
_MESSAGE_BY_ID = select(_message).where(_message.c.id == bindparam("id"))
# UPDATEs whose SET clause is the columns given at execution (only what changed); the row's key is bound as b_id.
_UPDATE_MESSAGE = update(_message).where(_message.c.id == bindparam("b_id"))
_UPDATE_CONVERSATION = update(_conversation).where(_conversation.c.id == bindparam("b_id"))
_UPDATE_CONVERSATION_IN_STATE = _UPDATE_CONVERSATION.where(_conversation.c.state == bindparam("b_state"))
# The STARTED counter's flag, set by one transaction only: the one whose UPDATE finds it unset (SqlConversations.begin).
_BEGIN_CONVERSATION = _UPDATE_CONVERSATION.where(_conversation.c.began.is_(False)).values(began=True)
_INSERT_CONVERSATION = insert(_conversation)
_INSERT_MESSAGE = insert(_message).returning(_message.c.id)
_INSERT_EVENT = insert(_event)
_INSERT_AUDIT = insert(AuditRow.__table__)
# Read on every staff request and with every group of replies (the session, then its veileder).
_VEILEDER_BY_ID = select(VeilederRow.__table__).where(VeilederRow.__table__.c.id == bindparam("id"))
_VEILEDER_BY_ID_FOR_UPDATE = _VEILEDER_BY_ID.with_for_update()
_STAFF_SESSION_BY_HASH = select(StaffSessionRow.__table__).where(
    StaffSessionRow.__table__.c.token_hash == bindparam("token_hash"))
_HISTORY_HAS = (select(_event.c.id).where(_event.c.conversation_id == bindparam("conversation_id"),
                                          _event.c.kind == bindparam("kind")).limit(1))


def _to_conversation(row: Any) -> Conversation:
    return _conversation_from(_fields_getter(row._fields)(row))


def _to_conversations(rows: Sequence[Any]) -> list[Conversation]:
    """The rows of one result, read with one lookup of their columns: for a queue of 5,000 waiting, a getattr per
    field and row was two thirds of a freed place's assignment (py-spy of bench/bench_claims.py)."""
    if not rows:
        return []
    values_of = _fields_getter(rows[0]._fields)
    return [_conversation_from(values_of(row)) for row in rows]


@cache
def _fields_getter(columns: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """Conversation's field values from a row with these columns (a SQLAlchemy row, or the driver path's named
    tuple), in the order of _CONVERSATION_FIELDS."""
    return itemgetter(*(columns.index(name) for name in _CONVERSATION_FIELDS))


def _conversation_from(field_values: tuple[Any, ...]) -> Conversation:
    values = dict(zip(_CONVERSATION_FIELDS, field_values, strict=True))
    values["bot_summary"] = dict(values["bot_summary"] or {})
    values["bot_slots"] = dict(values["bot_slots"] or {})
    return Conversation(**values)


def _conversation_values(conversation: Conversation) -> dict[str, Any]:
    values = {name: getattr(conversation, name) for name in _CONVERSATION_FIELDS}
    values["state"] = conversation.state.value
    return values


def _snapshot(values: dict[str, Any]) -> dict[str, Any]:
    """The values as loaded, to compare with at write-back: a change made inside a dict field (summary, slots)
    must still count as a change, so those are copied deeply; the rest are immutable."""
    return {name: deepcopy(value) if isinstance(value, dict | list) else value for name, value in values.items()}


def _to_message(row: Any) -> Message:
    message = Message(**{name: getattr(row, name) for name in _MESSAGE_FIELDS})
    message.buttons = list(message.buttons or [])
    return message


def _to_veileder(row: Any) -> Veileder:
    return Veileder(
        id=row.id, username=row.username, navn=row.navn, enhetsnummer=row.enhetsnummer,
        roles=frozenset(Role(r) for r in row.roles or []),
        permissions=frozenset(Permission(p) for p in row.permissions or []),
        languages=frozenset(row.languages or []), temaer=frozenset(row.temaer or []),
        capacity=row.capacity, presence=Presence(row.presence or Presence.OFFLINE.value), idle_since=row.idle_since,
        password_hash=row.password_hash,
    )


def _veileder_values(veileder: Veileder) -> dict[str, Any]:
    return {
        "username": veileder.username, "navn": veileder.navn, "enhetsnummer": veileder.enhetsnummer,
        "roles": sorted(r.value for r in veileder.roles), "permissions": sorted(p.value for p in veileder.permissions),
        "languages": sorted(veileder.languages), "temaer": sorted(veileder.temaer), "capacity": veileder.capacity,
        "presence": veileder.presence.value, "idle_since": veileder.idle_since, "password_hash": veileder.password_hash,
    }


# Ids per IN (...) list: far below SQLite's limit on bound parameters, and short statements for PostgreSQL's planner.
_IDS_PER_QUERY = 500


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[i:i + _IDS_PER_QUERY] for i in range(0, len(ids), _IDS_PER_QUERY)]


# Capacity counts open chats only (DESIGN): the one definition of an open chat, for every count below.
_IS_OPEN_CHAT = ConversationRow.state == _ASSIGNED


def _open_chats_of(veileder_id: int) -> Select[Any]:
    return select(func.count()).select_from(ConversationRow).where(ConversationRow.veileder_id == veileder_id,
                                                                   _IS_OPEN_CHAT)


def _open_chats_per_veileder() -> Select[Any]:
    return (select(ConversationRow.veileder_id, func.count().label("open_chats"))
            .where(_IS_OPEN_CHAT).group_by(ConversationRow.veileder_id))


class _Statements:
    """Runs a unit of work's prebuilt statements: on SQLite straight on the driver connection, in the unit of work's
    transaction (router/adapters/sqlite_statements.py says why); on PostgreSQL, and for anything built per call,
    through the session (on SQLite opened then, on the same connection). The session is not autoflushed before a
    statement run on the driver; none needs it: these write conversation, message, history, turn and audit rows and
    read veileder and staff-session rows, and the ORM adds only veileder and staff-session rows, which no unit of
    work reads back by key after adding them."""

    def __init__(self, session: AsyncSession, driver: SqliteStatements | None = None, connection: Any = None) -> None:
        self._session = session
        self._driver = driver
        self._connection = connection

    async def execute(self, statement: Any, params: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> Any:
        if self._driver is not None and params:
            keys = params if isinstance(params, Mapping) else params[0]
            compiled = self._driver.compile(statement, frozenset(keys))
            if compiled is not None:
                return await self._driver.execute(self._connection, compiled, params)
        return await self._session.execute(statement, params)

    async def scalar(self, statement: Any, params: Mapping[str, Any]) -> Any:
        return (await self.execute(statement, params)).scalar()


class SqlConversations:
    def __init__(self, session: AsyncSession, is_postgres: bool, db: _Statements, locked_veiledere: set[int]) -> None:
        self._session = session
        self._db = db
        self._is_postgres = is_postgres
        # Veiledere this transaction holds locked already (SqlVeiledere.get for update): a claim needs no second lock.
        self._locked_veiledere = locked_veiledere
        # id -> (aggregate, its values when loaded): only what changed is written back, and a changed state only
        # if the row is still in the state it was loaded in (optimistic concurrency)
        self.seen: dict[str, tuple[Conversation, dict[str, Any]]] = {}
        self.claimed: set[str] = set()

    def _track(self, row: Any) -> Conversation:
        if row.id in self.seen:
            return self.seen[row.id][0]
        conversation = _to_conversation(row)
        self.seen[conversation.id] = (conversation, _snapshot(_conversation_values(conversation)))
        return conversation

    async def _rows(self, query: Select[Any]) -> list[Any]:
        return list((await self._session.execute(query)).all())

    async def get(self, conversation_id: str, *, for_update: bool = False,
                  skip_locked: bool = False) -> Conversation | None:
        query = _CONVERSATION_BY_ID
        if for_update and self._is_postgres:
            query = _CONVERSATION_BY_ID_SKIP_LOCKED if skip_locked else _CONVERSATION_BY_ID_FOR_UPDATE
        row = (await self._db.execute(query, {"id": conversation_id})).first()
        return self._track(row) if row else None

    async def add(self, conversation: Conversation) -> None:
        # Inserted at once, so messages and history rows can refer to it in this transaction.
        values = _conversation_values(conversation)
        await self._db.execute(_INSERT_CONVERSATION, values)
        self.seen[conversation.id] = (conversation, _snapshot(values))

    async def by_external_session(self, session_id: str) -> Conversation | None:
        rows = await self._rows(select(_conversation).where(ConversationRow.external_session_id == session_id))
        return self._track(rows[0]) if rows else None

    async def queued(self, enhetsnummer: str | None = None) -> list[Conversation]:
        query = select(_conversation).where(ConversationRow.state == ConversationState.QUEUED.value)
        if enhetsnummer is not None:
            query = query.where(ConversationRow.enhetsnummer == enhetsnummer)
        # Read-only snapshots, not tracked for write-back: every caller only reads the queue (a claim loads its
        # row again, locked), and a snapshot of 5,000 waiting rows cost a freed slot's assignment most of a second.
        return _to_conversations(await self._rows(query))

    async def assigned_to(self, veileder_id: int) -> list[Conversation]:
        query = (select(_conversation)
                 .where(ConversationRow.veileder_id == veileder_id, _IS_OPEN_CHAT)
                 .order_by(ConversationRow.assigned_at))
        return [self._track(row) for row in await self._rows(query)]

    async def search(self, words: str, *, temaer: Collection[str] = (), enhetsnummer: str | None, limit: int,
                     message_window: int = 0) -> list[Conversation]:
        pattern = "%" + words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        in_scope = [ConversationRow.handed_off.is_(True)]  # nobody may see one before (domain/access.py may_see)
        if enhetsnummer is not None:
            in_scope.append(ConversationRow.enhetsnummer == enhetsnummer)
        found = [ConversationRow.id.startswith(words, autoescape=True),
                 ConversationRow.enhetsnummer == words,
                 func.lower(ConversationRow.enhet_navn).like(pattern, escape="\\"),
                 func.lower(ConversationRow.handoff_reason).like(pattern, escape="\\"),
                 func.lower(cast(ConversationRow.bot_summary, String)).like(pattern, escape="\\")]
        if temaer:
            found.append(ConversationRow.tema.in_(sorted(temaer)))
        if message_window > 0:
            # What brukere and veiledere wrote, as stored (masked) and in its translation: read in the newest
            # ``message_window`` conversations in scope only, each through ix_message_conversation_seq, so a search
            # reads at most their messages however many the store holds (not the bot's or the router's fixed texts).
            # A scalar subquery per conversation, because PostgreSQL turns an IN or EXISTS into a join and then
            # prefers to read every message of the table (EXPLAIN ANALYZE: a whole-table scan of 500,000 messages).
            newest = (select(ConversationRow.id).where(*in_scope)
                      .order_by(ConversationRow.created_at.desc()).limit(message_window).subquery("newest"))
            said_there = (select(MessageRow.id).where(
                MessageRow.conversation_id == newest.c.id, MessageRow.sender.in_(_WRITTEN_BY_PEOPLE),
                or_(func.lower(MessageRow.original_text).like(pattern, escape="\\"),
                    func.lower(MessageRow.translated_text).like(pattern, escape="\\"))).limit(1).scalar_subquery())
            found.append(ConversationRow.id.in_(select(newest.c.id).where(said_there.is_not(None))))
        query = (select(_conversation).where(*in_scope, or_(*found))
                 .order_by(ConversationRow.created_at.desc()).limit(limit))
        return _to_conversations(await self._rows(query))

    async def last_veileder_of(self, person_pseudonym: str, *, excluding: str) -> int | None:
        # A closed conversation keeps no veileder_id, so the last assignment is read from the history rows.
        query = (select(ConversationRow.veileder_id, ConversationRow.id)
                 .where(ConversationRow.person_pseudonym == person_pseudonym, ConversationRow.id != excluding)
                 .order_by(ConversationRow.created_at.desc()).limit(20))
        ids = [row.id for row in (await self._session.execute(query)).all()]
        for conversation_id in ids:
            events = (await self._session.execute(
                select(ConversationEventRow.data).where(ConversationEventRow.conversation_id == conversation_id,
                                                       ConversationEventRow.kind == "assign")
                .order_by(ConversationEventRow.id.desc()).limit(1))).scalars().all()
            if events and isinstance(events[0], dict) and events[0].get("veileder_id") is not None:
                return int(events[0]["veileder_id"])
        return None

    async def breached_ids(self, now: datetime) -> list[str]:
        query = select(ConversationRow.id).where(
            ConversationRow.state == ConversationState.QUEUED.value,
            ConversationRow.sla_deadline.is_not(None), ConversationRow.sla_deadline <= now)
        return list((await self._session.scalars(query)).all())

    async def queued_emergency_ids(self) -> list[str]:
        query = select(ConversationRow.id).where(ConversationRow.state == ConversationState.QUEUED.value,
                                                 ConversationRow.priority == Priority.EMERGENCY.value)
        return list((await self._session.scalars(query)).all())

    async def first_answer_waits(self, enhetsnummer: str, since: datetime) -> list[timedelta]:
        query = select(ConversationRow.queued_at, ConversationRow.first_human_reply_at).where(
            ConversationRow.enhetsnummer == enhetsnummer, ConversationRow.first_human_reply_at >= since,
            ConversationRow.queued_at.is_not(None))
        return [answered - queued for queued, answered in (await self._session.execute(query)).all()]

    async def recently_handled(self, enhetsnummer: str, since: datetime, limit: int) -> list[HandledChat]:
        query = (select(ConversationRow.assigned_at, ConversationRow.first_human_reply_at, ConversationRow.closed_at)
                 .where(ConversationRow.enhetsnummer == enhetsnummer, ConversationRow.closed_at >= since,
                        ConversationRow.assigned_at.is_not(None))
                 .order_by(ConversationRow.closed_at.desc()).limit(limit))
        return [HandledChat(assigned_at=assigned, first_reply_at=replied, closed_at=closed)
                for assigned, replied, closed in (await self._session.execute(query)).all()]

    async def since(self, since: datetime) -> list[Conversation]:
        # By when things happened too: a chat created yesterday and taken this morning is this morning's (probe 118).
        happened = select(ConversationEventRow.conversation_id).where(ConversationEventRow.at >= since)
        query = select(_conversation).where(or_(ConversationRow.created_at >= since,
                                                  ConversationRow.state == ConversationState.QUEUED.value,
                                                  ConversationRow.id.in_(happened)))
        return _to_conversations(await self._rows(query))

    async def purgeable(self, cutoff: datetime, *, kept: Mapping[str, datetime] | None = None) -> list[str]:
        row = ConversationRow
        query = select(row.id).where(row.closed_at.is_not(None), row.closed_at < cutoff, row.purged_at.is_(None))
        for outcome, kept_cutoff in (kept or {}).items():
            query = query.where(or_(row.close_outcome.is_(None), row.close_outcome != outcome,
                                    row.closed_at < kept_cutoff))
        return list((await self._session.scalars(query)).all())

    async def threats_from(self, *, person_pseudonym: str | None, origin_key: str | None, since: datetime,
                           excluding: str) -> list[tuple[datetime, int | None]]:
        row = ConversationRow
        whose = [column == value for column, value in ((row.person_pseudonym, person_pseudonym),
                                                        (row.origin_key, origin_key)) if value]
        if not whose:
            return []
        query = (select(row.closed_at, row.threatened_veileder_id)
                 .where(or_(*whose), row.id != excluding, row.close_outcome == THREATS, row.closed_at >= since)
                 .order_by(row.closed_at.desc()).limit(5))
        return [(closed_at, veileder_id) for closed_at, veileder_id in (await self._session.execute(query)).all()]

    async def waiting_from(self, origin_key: str, *, excluding: str) -> int:
        query = (select(func.count()).select_from(_conversation)
                 .where(ConversationRow.origin_key == origin_key, ConversationRow.id != excluding,
                        ConversationRow.person_pseudonym.is_(None),
                        ConversationRow.state == ConversationState.QUEUED.value))
        return int((await self._session.execute(query)).scalar_one())

    async def open_of_person(self, person_pseudonym: str, *, excluding: str) -> list[str]:
        query = (select(ConversationRow.id)
                 .where(ConversationRow.person_pseudonym == person_pseudonym, ConversationRow.id != excluding,
                        ConversationRow.state.in_((ConversationState.QUEUED.value,
                                                   ConversationState.ASSIGNED.value)))
                 .order_by(ConversationRow.created_at.desc()))
        return list((await self._session.scalars(query)).all())

    async def recently_closed_of_person(self, person_pseudonym: str, *, since: datetime, excluding: str) -> list[str]:
        query = (select(ConversationRow.id)
                 .where(ConversationRow.person_pseudonym == person_pseudonym, ConversationRow.id != excluding,
                        ConversationRow.state == ConversationState.CLOSED.value, ConversationRow.closed_at >= since,
                        or_(ConversationRow.close_outcome.is_(None),
                            ConversationRow.close_outcome != CONTINUED_IN_EARLIER))
                 .order_by(ConversationRow.closed_at.desc()).limit(5))
        return list((await self._session.scalars(query)).all())

    async def idle_with_bot(self, since: datetime) -> list[str]:
        query = select(ConversationRow.id).where(ConversationRow.state == ConversationState.BOT.value,
                                                 ConversationRow.updated_at <= since)
        return list((await self._session.scalars(query)).all())

    async def untouched_waiting(self, since: datetime) -> list[str]:
        query = select(ConversationRow.id).where(
            ConversationRow.state.in_((ConversationState.QUEUED.value, ConversationState.ASSIGNED.value)),
            ConversationRow.updated_at <= since)
        return list((await self._session.scalars(query)).all())

    async def assigned_ids(self) -> list[str]:
        query = select(ConversationRow.id).where(ConversationRow.state == ConversationState.ASSIGNED.value)
        return list((await self._session.scalars(query)).all())

    async def bruker_gone(self, conversation_ids: Collection[str]) -> dict[str, datetime]:
        ids = list(dict.fromkeys(conversation_ids))
        marks: dict[str, list[tuple[str, datetime]]] = {}
        for chunk in _chunks(ids):
            query = (select(_event.c.conversation_id, _event.c.kind, _event.c.at)
                     .where(_event.c.conversation_id.in_(chunk), _event.c.kind.in_(bruker_presence.KINDS))
                     .order_by(_event.c.id))
            for conversation_id, kind, at in (await self._session.execute(query)).all():
                marks.setdefault(conversation_id, []).append((kind, at))
        left = {cid: at for cid, rows in marks.items() if (at := bruker_presence.gone_since(rows)) is not None}
        # Only those whose last word is "left" are asked when the bruker last wrote: a few, not the whole queue.
        written: dict[str, datetime] = {}
        for chunk in _chunks(list(left)):
            query = (select(_message.c.conversation_id, func.max(_message.c.created_at))
                     .where(_message.c.conversation_id.in_(chunk), _message.c.sender == "user")
                     .group_by(_message.c.conversation_id))
            written.update({cid: at for cid, at in (await self._session.execute(query)).all() if at is not None})
        return {cid: at for cid, at in left.items()
                if bruker_presence.gone_since(marks[cid], written.get(cid)) is not None}

    async def claim(self, conversation: Conversation, veileder: VeilederLoad) -> None:
        veileder_id = int(veileder.veileder_id)
        if self._is_postgres and veileder_id not in self._locked_veiledere:
            # Lock the veileder: two routers cannot both fill the last place (READ COMMITTED would let both
            # counts pass). SQLite has one writer at a time, so the statement below is atomic there by itself.
            await self._session.execute(select(VeilederRow.id).where(VeilederRow.id == veileder_id).with_for_update())
            self._locked_veiledere.add(veileder_id)
        open_chats = _open_chats_of(veileder_id).scalar_subquery()
        values = _conversation_values(conversation)
        del values["id"]
        result = await self._session.execute(
            update(_conversation)
            .where(_conversation.c.id == conversation.id,
                   _conversation.c.state == ConversationState.QUEUED.value,
                   open_chats < veileder.capacity)
            .values(**values)
        )
        if result.rowcount != 1:
            raise ConcurrentChange(f"conversation {conversation.id} was taken, or the veileder filled up, first")
        self.claimed.add(conversation.id)

    async def begin(self, conversation: Conversation) -> bool:
        """Mark the tracked ``conversation`` begun for the STARTED counter (Conversation.began, queue_figures.begins):
        True when this transaction is the one that set the flag. Two that both loaded it unset (two first messages
        at once, a first message and the handoff button) both decide it begins; on PostgreSQL the second's UPDATE
        waits on the row, then finds it begun and changes nothing, so the chat is counted once (the flag written back
        as set in memory counted it twice). On SQLite, one writer at a time, the same statement holds."""
        result = await self._db.execute(_BEGIN_CONVERSATION, {"b_id": conversation.id})
        conversation.began = True
        self.seen[conversation.id][1]["began"] = True  # written: the write-back's UPDATE leaves it out
        return bool(result.rowcount == 1)

    async def flush(self) -> None:
        """Write back what changed in each tracked conversation; a changed state must still be the loaded one."""
        for conversation_id, (conversation, loaded) in self.seen.items():
            if conversation_id in self.claimed:
                continue
            values = _conversation_values(conversation)
            changed = {k: v for k, v in values.items() if v != loaded[k]}
            if not changed:
                continue
            if "state" in changed:
                statement, key = _UPDATE_CONVERSATION_IN_STATE, {"b_id": conversation_id, "b_state": loaded["state"]}
            else:
                statement, key = _UPDATE_CONVERSATION, {"b_id": conversation_id}
            result = await self._db.execute(statement, {**changed, **key})
            if result.rowcount != 1:
                raise ConcurrentChange(f"conversation {conversation_id} changed state in another transaction")


class SqlMessages:
    def __init__(self, session: AsyncSession, db: _Statements, conversations: SqlConversations) -> None:
        self._session = session
        self._db = db
        # The same transaction's conversations: a message is bound to whoever is logged in to its conversation as
        # this transaction sees it (a login or logout made in it, not yet written back, counts).
        self._conversations = conversations
        # The conversations the bruker wrote in during this unit of work (the tally's begins).
        self.bruker_wrote: set[str] = set()

    async def add(self, message: Message) -> Message:
        known = self._conversations.seen.get(message.conversation_id)
        conversation = known[0] if known else await self._conversations.get(message.conversation_id)
        person = conversation.logged_in_person if conversation is not None else None
        # Read only in a conversation someone was logged in to and is no longer: an answer to what she said then.
        answered = await self.get(message.reply_to) if (
            person is None and message.reply_to is not None and conversation is not None
            and conversation.person_pseudonym is not None) else None
        message.person_pseudonym = bound_person(person, answered)
        values = {name: getattr(message, name) for name in _MESSAGE_FIELDS if name != "id"}
        try:
            message.id = (await self._db.execute(_INSERT_MESSAGE, values)).scalar_one()
        except IntegrityError as error:
            raise DuplicateMessage(str(error.orig)) from error
        if message.sender == "user":
            self.bruker_wrote.add(message.conversation_id)
        return message

    async def get(self, message_id: int) -> Message | None:
        row = (await self._db.execute(_MESSAGE_BY_ID, {"id": message_id})).first()
        return _to_message(row) if row else None

    async def update(self, message: Message) -> None:
        values = {name: getattr(message, name) for name in _MESSAGE_FIELDS if name != "id"}
        await self._db.execute(_UPDATE_MESSAGE, {**values, "b_id": message.id})

    async def list(self, conversation_id: str, after: int = 0) -> list[Message]:
        query = (select(_message).where(_message.c.conversation_id == conversation_id, _message.c.id > after)
                 .order_by(_message.c.id))
        return [_to_message(row) for row in (await self._session.execute(query)).all()]

    async def by_client_id(self, conversation_id: str, client_msg_id: str) -> Message | None:
        query = select(_message).where(_message.c.conversation_id == conversation_id,
                                       _message.c.client_msg_id == client_msg_id)
        row = (await self._session.execute(query)).first()
        return _to_message(row) if row else None

    async def last_from(self, conversation_id: str, sender: str) -> Message | None:
        latest = (await self.latest_of_each([conversation_id], sender, 1)).get(conversation_id)
        return latest[0] if latest else None

    async def latest_of_each(self, conversation_ids: Sequence[str], sender: str,
                             limit: int) -> dict[str, list[Message]]:
        # One query for all of them (a veileder's list read two per chat), ranked within each conversation. A single
        # conversation (last_from, the handoff's look for a place) reads all its rows from ``sender``, not ``limit``
        # of them: a chat's few dozen, never measured as a cost.
        if not conversation_ids:
            return {}
        rank = func.row_number().over(partition_by=_message.c.conversation_id, order_by=_message.c.id.desc())
        ranked = (select(_message, rank.label("rank_in_conversation"))
                  .where(_message.c.conversation_id.in_(list(conversation_ids)), _message.c.sender == sender)
                  .subquery())
        query = (select(*(ranked.c[column.key] for column in _message.c))
                 .where(ranked.c.rank_in_conversation <= limit).order_by(ranked.c.id.desc()))
        latest: dict[str, list[Message]] = {}
        for row in (await self._session.execute(query)).all():
            latest.setdefault(row.conversation_id, []).append(_to_message(row))
        return latest

    async def delete_for(self, conversation_ids: Sequence[str]) -> None:
        ids = list(conversation_ids)
        await self._session.execute(delete(BotTurnRow).where(BotTurnRow.conversation_id.in_(ids)))
        await self._session.execute(delete(MessageRow).where(MessageRow.conversation_id.in_(ids)))


def _history_record(row: ConversationEventRow) -> HistoryRecord:
    if row.from_state and row.to_state and row.kind in Transition.__members__.values():
        return StateChanged(row.conversation_id, Transition(row.kind), ConversationState(row.from_state),
                            ConversationState(row.to_state), row.actor, row.reason, row.at, dict(row.data or {}))
    return Noted(row.conversation_id, row.kind, row.actor, row.reason, row.at, dict(row.data or {}))


class SqlHistory:
    def __init__(self, session: AsyncSession, db: _Statements) -> None:
        self._session = session
        self._db = db
        self._recorded: list[dict[str, Any]] = []

    def record(self, record: HistoryRecord) -> None:
        is_transition = isinstance(record, StateChanged)
        self._recorded.append({
            "conversation_id": record.conversation_id, "kind": record.kind,
            "from_state": record.from_state.value if is_transition else None,
            "to_state": record.to_state.value if is_transition else None,
            "actor": record.actor, "reason": record.reason, "data": record.data, "at": record.at,
        })

    async def flush(self) -> None:
        """Insert what was recorded, in one statement (the unit of work calls this before it commits)."""
        if self._recorded:
            recorded, self._recorded = self._recorded, []
            await self._db.execute(_INSERT_EVENT, recorded)

    async def has(self, conversation_id: str, kind: str) -> bool:
        found = await self._db.scalar(_HISTORY_HAS, {"conversation_id": conversation_id, "kind": kind})
        return found is not None

    async def list(self, conversation_id: str) -> list[HistoryRecord]:
        query = (select(ConversationEventRow).where(ConversationEventRow.conversation_id == conversation_id)
                 .order_by(ConversationEventRow.id))
        return [_history_record(row) for row in (await self._session.scalars(query)).all()]

    async def of_kinds(self, conversation_ids: Sequence[str], kinds: Collection[str]) -> dict[str, list[HistoryRecord]]:
        found: dict[str, list[HistoryRecord]] = {}
        for chunk in _chunks(list(dict.fromkeys(conversation_ids))):
            query = (select(ConversationEventRow)
                     .where(ConversationEventRow.conversation_id.in_(chunk), ConversationEventRow.kind.in_(sorted(kinds)))
                     .order_by(ConversationEventRow.id))
            for row in (await self._session.scalars(query)).all():
                found.setdefault(row.conversation_id, []).append(_history_record(row))
        return found

    async def breaches_since(self, since: datetime) -> list[tuple[str, str, str | None]]:
        rows = (await self._session.execute(
            select(ConversationEventRow.conversation_id, ConversationEventRow.data, ConversationRow.tema)
            .join(ConversationRow, ConversationRow.id == ConversationEventRow.conversation_id)
            .where(ConversationEventRow.kind == "sla_breached", ConversationEventRow.at >= since)
        )).all()
        return [(conversation_id, (data or {}).get("from_enhetsnummer") or "", tema)
                for conversation_id, data, tema in rows]

    async def forget_notes(self, conversation_ids: Sequence[str]) -> None:
        row = ConversationEventRow
        for chunk in _chunks(list(dict.fromkeys(conversation_ids))):
            found = await self._session.execute(select(row.id, row.kind, row.reason, row.data)
                                                .where(row.conversation_id.in_(chunk)))
            for event_id, kind, reason, data in found.all():
                kept_reason, kept_data = purged_history(kind, reason, data)
                if kept_reason != reason or kept_data != (data or {}):
                    await self._session.execute(update(row).where(row.id == event_id)
                                                .values(reason=kept_reason, data=kept_data))


class SqlVeiledere:
    def __init__(self, session: AsyncSession, is_postgres: bool, db: _Statements, locked: set[int]) -> None:
        self._session = session
        self._db = db
        self._is_postgres = is_postgres
        # Shared with SqlConversations (its claim): the rows this transaction has locked.
        self._locked = locked
        # Each veileder read, with its values as loaded: only what changed is written back, so reading a
        # veileder (a transfer's target, a login) never undoes a change another transaction made meanwhile.
        self.seen: dict[int, tuple[Veileder, dict[str, Any]]] = {}
        self.added: list[Veileder] = []

    def _track(self, row: Any) -> Veileder:
        if row.id not in self.seen:
            veileder = _to_veileder(row)
            self.seen[row.id] = (veileder, _snapshot(_veileder_values(veileder)))
        return self.seen[row.id][0]

    async def get(self, veileder_id: int, *, for_update: bool = False) -> Veileder | None:
        locking = for_update and self._is_postgres
        row = (await self._db.execute(_VEILEDER_BY_ID_FOR_UPDATE if locking else _VEILEDER_BY_ID,
                                      {"id": veileder_id})).first()
        if row is None:
            return None
        if locking:
            self._locked.add(veileder_id)
        return self._track(row)

    async def by_username(self, username: str) -> Veileder | None:
        """However it is typed: "VEILEDER1 " is veileder1 (the lockout counted it as one account, the login did not)."""
        wanted = username.strip().lower()
        row = (await self._session.scalars(select(VeilederRow).where(func.lower(VeilederRow.username) == wanted))).first()
        return self._track(row) if row else None

    def add(self, veileder: Veileder) -> None:
        self.added.append(veileder)

    async def open_chats(self, veileder_id: int) -> int:
        return int(await self._session.scalar(_open_chats_of(veileder_id)) or 0)

    async def loads(self, enhetsnummer: str | None = None, *, presence: Presence | None = None) -> list[VeilederLoad]:
        counts = _open_chats_per_veileder().subquery()
        query = (select(VeilederRow, func.coalesce(counts.c.open_chats, 0))
                 .outerjoin(counts, counts.c.veileder_id == VeilederRow.id))
        if enhetsnummer is not None:
            query = query.where(VeilederRow.enhetsnummer == enhetsnummer)
        if presence is not None:
            query = query.where(VeilederRow.presence == presence.value)
        rows = (await self._session.execute(query)).all()
        # Loads are of those who can be assigned: staff whose role is admin alone answer no bruker (an old row
        # may still say online).
        veiledere = [(_to_veileder(row), int(count)) for row, count in rows]
        return [v.load(count) for v, count in veiledere if answers_brukere(v.as_staff_user())]

    async def ids_with_presence(self, presence: Presence) -> set[int]:
        query = select(VeilederRow.id).where(VeilederRow.presence == presence.value)
        return set((await self._session.scalars(query)).all())

    async def team(self, enhetsnummer: str) -> list[tuple[Veileder, int]]:
        counts = _open_chats_per_veileder().subquery()
        query = (select(VeilederRow, func.coalesce(counts.c.open_chats, 0))
                 .outerjoin(counts, counts.c.veileder_id == VeilederRow.id)
                 .where(VeilederRow.enhetsnummer == enhetsnummer))
        return [(_to_veileder(row), int(count)) for row, count in (await self._session.execute(query)).all()]

    async def flush(self) -> None:
        for veileder in self.added:
            row = VeilederRow(**_veileder_values(veileder))
            self._session.add(row)
            await self._session.flush()
            veileder.id = row.id
        for veileder_id, (veileder, loaded) in self.seen.items():
            changed = {k: v for k, v in _veileder_values(veileder).items() if loaded.get(k) != v}
            if changed:
                await self._session.execute(update(VeilederRow).where(VeilederRow.id == veileder_id)
                                            .values(**changed).execution_options(synchronize_session=False))


class SqlStaffSessions:
    def __init__(self, session: AsyncSession, db: _Statements) -> None:
        self._session = session
        self._db = db

    def add(self, session: StaffSession) -> None:
        self._session.add(StaffSessionRow(token_hash=session.token_hash, veileder_id=session.veileder_id,
                                          csrf_token=session.csrf_token, created_at=session.created_at,
                                          expires_at=session.expires_at,
                                          last_seen_at=session.last_seen_at or session.created_at))

    async def get(self, token_hash: str) -> StaffSession | None:
        row = (await self._db.execute(_STAFF_SESSION_BY_HASH, {"token_hash": token_hash})).first()
        if row is None:
            return None
        return StaffSession(row.token_hash, row.veileder_id, row.csrf_token, row.created_at, row.expires_at,
                            row.last_seen_at or row.created_at, row.feed_seen_at, row.feed_closed_at,
                            row.dashboard_seen_at)

    async def touch(self, token_hash: str, now: datetime) -> None:
        await self._session.execute(update(StaffSessionRow).where(StaffSessionRow.token_hash == token_hash)
                                    .values(last_seen_at=now).execution_options(synchronize_session=False))

    async def feed_seen(self, token_hash: str, now: datetime) -> None:
        await self._session.execute(update(StaffSessionRow).where(StaffSessionRow.token_hash == token_hash)
                                    .values(feed_seen_at=now, feed_closed_at=None)
                                    .execution_options(synchronize_session=False))

    async def feed_closed(self, token_hash: str, now: datetime) -> None:
        await self._session.execute(update(StaffSessionRow).where(StaffSessionRow.token_hash == token_hash)
                                    .values(feed_closed_at=now).execution_options(synchronize_session=False))

    async def dashboard_seen(self, token_hash: str, now: datetime) -> None:
        await self._session.execute(update(StaffSessionRow).where(StaffSessionRow.token_hash == token_hash)
                                    .values(dashboard_seen_at=now).execution_options(synchronize_session=False))

    async def delete(self, token_hash: str) -> None:
        await self._session.execute(delete(StaffSessionRow).where(StaffSessionRow.token_hash == token_hash))

    async def of_veiledere(self, veileder_ids: Collection[int]) -> list[StaffSession]:
        if not veileder_ids:
            return []
        rows = (await self._session.execute(
            select(StaffSessionRow).where(StaffSessionRow.veileder_id.in_(list(veileder_ids))))).scalars().all()
        return [StaffSession(row.token_hash, row.veileder_id, row.csrf_token, row.created_at, row.expires_at,
                             row.last_seen_at or row.created_at, row.feed_seen_at, row.feed_closed_at,
                             row.dashboard_seen_at) for row in rows]


class SqlAudit:
    """Audit rows are written with the unit of work, all in one statement (a group of veileder replies writes one
    per reply; as ORM objects they were the largest share of a group's time)."""

    def __init__(self, session: AsyncSession, db: _Statements) -> None:
        self._session = session
        self._db = db
        self.pending: list[dict[str, Any]] = []

    async def delete_before(self, cutoff: datetime) -> int:
        await self.flush()
        result = await self._session.execute(delete(AuditRow).where(AuditRow.at < cutoff))
        return int(typed(Any, result).rowcount or 0)

    def add(self, entry: AuditEntry) -> None:
        self.pending.append({"at": entry.at, "veileder_id": entry.veileder_id, "username": entry.username,
                             "action": entry.action, "conversation_id": entry.conversation_id,
                             "detail": entry.detail or {}})

    async def flush(self) -> None:
        if self.pending:
            rows, self.pending = self.pending, []
            await self._db.execute(_INSERT_AUDIT, rows)

    async def query(self, *, conversation_id: str | None, username: str | None, limit: int,
                    action: str | None = None, since: datetime | None = None, until: datetime | None = None,
                    before_id: int | None = None, hidden_diskresjonskoder: Collection[str] = (),
                    hide_skjermet: bool = False) -> list[AuditEntry]:
        await self._session.flush()
        await self.flush()  # this unit's own rows too
        query = (select(AuditRow, ConversationRow.diskresjonskode, ConversationRow.skjermet)
                 .outerjoin(ConversationRow, ConversationRow.id == AuditRow.conversation_id)
                 .where(*_audit_filters(conversation_id, username, action, since, until))
                 .order_by(AuditRow.id.desc()).limit(limit))
        if before_id is not None:
            query = query.where(AuditRow.id < before_id)
        if hidden_diskresjonskoder:
            query = query.where(or_(ConversationRow.diskresjonskode.is_(None),
                                    ConversationRow.diskresjonskode.not_in(sorted(hidden_diskresjonskoder))))
        if hide_skjermet:
            query = query.where(or_(ConversationRow.skjermet.is_(None), ConversationRow.skjermet.is_(False)))
        return [AuditEntry(r.at, r.veileder_id, r.username, r.action, r.conversation_id, dict(r.detail or {}),
                           id=r.id, diskresjonskode=code, skjermet=bool(skjermet))
                for r, code, skjermet in (await self._session.execute(query)).all()]

    async def count_hidden_conversations(self, *, conversation_id: str | None, username: str | None,
                                         action: str | None, since: datetime | None, until: datetime | None,
                                         hidden_diskresjonskoder: Collection[str], hide_skjermet: bool) -> int:
        hidden = []
        if hidden_diskresjonskoder:
            hidden.append(ConversationRow.diskresjonskode.in_(sorted(hidden_diskresjonskoder)))
        if hide_skjermet:
            hidden.append(ConversationRow.skjermet.is_(True))
        if not hidden:
            return 0
        await self._session.flush()
        await self.flush()
        query = (select(func.count(func.distinct(AuditRow.conversation_id)))
                 .join(ConversationRow, ConversationRow.id == AuditRow.conversation_id)
                 .where(*_audit_filters(conversation_id, username, action, since, until), or_(*hidden)))
        return int((await self._session.execute(query)).scalar_one())


def _audit_filters(conversation_id: str | None, username: str | None, action: str | None, since: datetime | None,
                   until: datetime | None) -> list[Any]:
    """The audit log's filters that hold for every row asked for (query, count_hidden_conversations)."""
    found: list[Any] = []
    if conversation_id:
        found.append(AuditRow.conversation_id == conversation_id)
    if username:
        found.append(AuditRow.username == username)
    if action:
        found.append(AuditRow.action == action)
    if since is not None:
        found.append(AuditRow.at >= since)
    if until is not None:
        found.append(AuditRow.at < until)
    return found


_UNFINISHED = ("pending", "running")


def _unfinished(turns: Any) -> Any:
    """A turn of ``turns`` (the table or an alias) not done yet. Not IN (...): an IN list's parameters are
    expanded anew at every execution of a statement otherwise built once."""
    return or_(*(turns.c.state == state for state in _UNFINISHED))


# The claim's statements, built once: building them (an aliased subquery) cost a bot turn more Python time than
# running them (py-spy, bench/bench_bot_turn.py). Each call binds its values.
_earlier = _turn.alias("earlier")
_FIRST_UNFINISHED = (select(func.min(_earlier.c.id))
                     .where(_earlier.c.conversation_id == _turn.c.conversation_id, _unfinished(_earlier))
                     .scalar_subquery())
_TAKEABLE = or_(_turn.c.state == "pending",
                and_(_turn.c.state == "running", _turn.c.lease_until < bindparam("now", type_=UtcDateTime())))
_NEXT_ANY = (select(_turn.c.id).where(_TAKEABLE, _turn.c.id == _FIRST_UNFINISHED)
             .order_by(_turn.c.id).limit(1))
_NEXT_OF_CONVERSATION = _NEXT_ANY.where(_turn.c.conversation_id == bindparam("conversation_id"))
# The same condition again in the UPDATE: of two routers that picked the same turn, one takes it.
_TAKE = (update(_turn).where(_turn.c.id == bindparam("candidate_id"), _TAKEABLE)
         .values(state="running", worker=bindparam("worker"),
                 lease_until=bindparam("lease_until", type_=UtcDateTime()), attempts=_turn.c.attempts + 1)
         .returning(_turn.c.id, _turn.c.conversation_id, _turn.c.message_id, _turn.c.payload, _turn.c.attempts))
_ENQUEUE = insert(_turn).values(state="pending", attempts=0)
_ENQUEUE_TAKEN = insert(_turn).values(state="running", attempts=1).returning(_turn.c.id)
_UNFINISHED_OF_CONVERSATION = (select(_turn.c.id)
                               .where(_turn.c.conversation_id == bindparam("conversation_id"), _unfinished(_turn))
                               .limit(1))
# The action server's calls back to the router are accepted only while the bot answers the conversation.
_RUNNING_OF_CONVERSATION = (select(_turn.c.id).where(_turn.c.conversation_id == bindparam("conversation_id"),
                                                     _turn.c.state == "running").limit(1))
_COMPLETE = (update(_turn).where(_turn.c.id == bindparam("turn_id"), _turn.c.worker == bindparam("by"),
                                 _turn.c.state == "running")
             .values(state=bindparam("new_state"), done_at=bindparam("done_at", type_=UtcDateTime()), lease_until=None))


class SqlTurns:
    def __init__(self, session: AsyncSession, db: _Statements) -> None:
        self._session = session
        self._db = db

    async def enqueue(self, conversation_id: str, message_id: int, payload: str | None, now: datetime, *,
                      worker: str | None = None, lease: timedelta | None = None) -> BotTurn | None:
        values = {"conversation_id": conversation_id, "message_id": message_id, "payload": payload,
                  "created_at": now}
        if worker is not None and lease is not None and await self._db.scalar(
                _UNFINISHED_OF_CONVERSATION, {"conversation_id": conversation_id}) is None:
            taken = await self._db.execute(_ENQUEUE_TAKEN, {**values, "worker": worker, "lease_until": now + lease})
            return BotTurn(taken.scalar_one(), conversation_id, message_id, payload, 1)
        await self._db.execute(_ENQUEUE, values)
        return None

    async def claim_next(self, *, conversation_id: str | None, worker: str, now: datetime,
                         lease: timedelta) -> BotTurn | None:
        if conversation_id is None:
            candidate_id = await self._db.scalar(_NEXT_ANY, {"now": now})
        else:
            candidate_id = await self._db.scalar(_NEXT_OF_CONVERSATION,
                                                 {"now": now, "conversation_id": conversation_id})
        if candidate_id is None:
            return None
        taken = await self._db.execute(_TAKE, {"candidate_id": candidate_id, "now": now, "worker": worker,
                                               "lease_until": now + lease})
        row = taken.first()
        return BotTurn(*row) if row else None

    async def renew(self, turn_id: int, *, worker: str, until: datetime) -> bool:
        result = await self._session.execute(
            update(_turn).where(_turn.c.id == turn_id, _turn.c.worker == worker, _turn.c.state == "running")
            .values(lease_until=until))
        return result.rowcount == 1

    async def complete(self, turn_id: int, *, worker: str, now: datetime, failed: bool = False) -> bool:
        result = await self._db.execute(_COMPLETE, {"turn_id": turn_id, "by": worker, "done_at": now,
                                                    "new_state": "failed" if failed else "done"})
        return result.rowcount == 1

    async def unfinished(self) -> int:
        query = select(func.count()).select_from(_turn).where(_unfinished(_turn))
        return int(await self._session.scalar(query) or 0)

    async def is_running(self, conversation_id: str) -> bool:
        return await self._db.scalar(_RUNNING_OF_CONVERSATION, {"conversation_id": conversation_id}) is not None

    async def running_workers(self, now: datetime) -> set[str]:
        query = select(_turn.c.worker).distinct().where(_turn.c.state == "running", _turn.c.lease_until >= now)
        return {worker for worker in (await self._session.scalars(query)).all() if worker is not None}

    async def release(self, worker: str, now: datetime) -> int:
        result = await self._session.execute(
            update(_turn).where(_turn.c.worker == worker, _turn.c.state == "running", _turn.c.lease_until >= now)
            .values(lease_until=now - timedelta(seconds=1)))
        return int(result.rowcount or 0)

    async def waiting(self, conversation_id: str) -> list[tuple[int, str | None]]:
        query = select(_turn.c.message_id, _turn.c.payload).where(_turn.c.conversation_id == conversation_id,
                                                                  _turn.c.state == "pending").order_by(_turn.c.id)
        return [(message_id, payload) for message_id, payload in (await self._session.execute(query)).all()]


class _SessionOnFirstUse:
    """The unit of work's ORM session, opened when a repository first uses it (SQLite): a bot turn's units of
    work run only prebuilt statements on the driver and never need one. Opened on the unit's own pooled
    connection, so whatever it runs is in the same transaction as the driver's statements."""

    def __init__(self, open_session: Callable[[], AsyncSession]) -> None:
        self._open = open_session
        self.session: AsyncSession | None = None

    def __getattr__(self, name: str) -> Any:
        if self.session is None:
            self.session = self._open()
        return getattr(self.session, name)


class SqlUnitOfWork:
    """One transaction over one pooled connection; committed when the block ends without error.

    PostgreSQL: an AsyncSession from the start. SQLite: the pool's connection itself, its statements run on the
    driver (sqlite_statements.py), with an ORM session only if a repository asks for one. A session's own
    checkout, commit and release cost a unit of work about 140 µs here against about 35 µs this way (hot; several
    times both in a router between turns), and a bot turn opens two units of work on the path the bruker waits on.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession], *, is_postgres: bool,
                 driver: SqliteStatements | None = None, engine: AsyncEngine | None = None) -> None:
        if driver is not None and engine is None:
            raise ValueError("statements on the SQLite driver need the engine, whose pool gives the connection")
        self._sessions = sessions
        self._is_postgres = is_postgres
        self._driver = driver
        self._engine = engine
        self._lazy: _SessionOnFirstUse | None = None
        self._pooled: Any = None  # SQLite: the pool's connection (a PoolProxiedConnection)
        self._connection: AsyncConnection | None = None  # SQLite: the connection the ORM session was opened on
        self.committed_events: list[DomainEvent] = []
        # Each conversation's history records and whether it began (queue_figures.begins), to tally.
        self._written: list[tuple[Conversation, list[HistoryRecord], bool]] = []

    async def __aenter__(self) -> Self:
        if self._engine is not None:
            session, driver_connection = await self._enter_on_driver(self._engine)
        else:
            session, driver_connection = await self._enter_with_session(), None
        db = _Statements(session, self._driver, driver_connection)
        locked_veiledere: set[int] = set()
        self.conversations = SqlConversations(session, self._is_postgres, db, locked_veiledere)
        self.messages = SqlMessages(session, db, self.conversations)
        self.history = SqlHistory(session, db)
        self.veiledere = SqlVeiledere(session, self._is_postgres, db, locked_veiledere)
        self.staff_sessions = SqlStaffSessions(session, db)
        self.audit = SqlAudit(session, db)
        self.turns = SqlTurns(session, db)
        return self

    async def _enter_with_session(self) -> AsyncSession:
        self._session = self._sessions()
        try:
            # Connect now (which begins the transaction), so an unreachable database is one clear error here rather
            # than one mid-use-case.
            await self._session.connection()
        except CONNECT_ERRORS as error:
            await self._session.close()
            raise unavailable(error) from error
        return self._session

    async def _enter_on_driver(self, engine: AsyncEngine) -> tuple[AsyncSession, Any]:
        try:
            self._pooled = await greenlet_spawn(engine.sync_engine.raw_connection)
        except (*CONNECT_ERRORS, sqlite3.Error) as error:
            raise unavailable(error) from error
        pooled = self._pooled

        def open_session() -> AsyncSession:
            self._connection = AsyncConnection(engine, Connection(engine.sync_engine, connection=pooled))
            return self._sessions(bind=self._connection)

        self._lazy = _SessionOnFirstUse(open_session)
        return typed(AsyncSession, self._lazy), pooled.driver_connection

    @property
    def _orm_session(self) -> AsyncSession | None:
        """The ORM session, if this unit of work has one (always on PostgreSQL; on SQLite once a repository used it)."""
        return self._session if self._lazy is None else self._lazy.session

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, *_: object) -> None:
        if exc_type is not None:
            try:
                await self._rollback()
            except (OperationalError, InterfaceError, OSError, sqlite3.Error) as error:
                raise StoreUnavailable(f"the database went away: {type(error).__name__}") from error
            finally:
                await self._release()
            # SQLite locked by another process past the busy timeout, or full; PostgreSQL gone (probe 98: a bruker's
            # send was a 500): the store's unavailable error, so callers retry or answer 503 with Retry-After.
            if exc is not None and not isinstance(exc, StoreUnavailable) and (mapped := store_error(exc)):
                raise mapped from exc
            return
        try:
            events = await self._write_back()
            session = self._orm_session
            if session is not None:
                await session.commit()
            else:
                await self._pooled.driver_connection.commit()
            self.committed_events = events
        except (OperationalError, InterfaceError, OSError, sqlite3.Error) as error:
            await self._rollback()
            raise StoreUnavailable(f"the database went away: {type(error).__name__}") from error
        except BaseException:
            await self._rollback()
            raise
        finally:
            await self._release()
        self._tally()  # committed

    def _tally(self) -> None:
        """Count what was committed for /metrics (router/ports/tallies.py)."""
        for conversation, records, begun in self._written:
            tallies.count_committed(
                records, enhetsnummer=conversation.enhetsnummer, tema=conversation.tema,
                handed_off=conversation.handed_off, language=conversation.language,
                strengt_fortrolig=conversation.is_strengt_fortrolig, begun=begun)

    async def _rollback(self) -> None:
        session = self._orm_session
        if session is not None:
            await session.rollback()
        else:
            await self._pooled.driver_connection.rollback()

    async def _release(self) -> None:
        session = self._orm_session
        if session is not None:
            await session.close()
        if self._connection is not None:
            await self._connection.close()  # back to the pool
        elif self._pooled is not None:
            await greenlet_spawn(self._pooled.close)  # back to the pool, reset as the pool resets

    async def _write_back(self) -> list[DomainEvent]:
        events: list[DomainEvent] = []
        self._written = []
        for conversation, loaded in self.conversations.seen.values():
            taken = conversation.take_events()
            events.extend(taken)
            records = [event for event in taken if isinstance(event, StateChanged | Noted)]
            # The flag as loaded: no query per bruker message (an EXISTS over her messages was one per message while
            # the bot had it). Set in the commit that begins it by an UPDATE of its own, counted only where that
            # UPDATE set it: another transaction may have loaded it unset too (SqlConversations.begin).
            begun = begins(records, bruker_wrote=conversation.id in self.messages.bruker_wrote,
                           begun_before=bool(loaded["began"]))
            if begun:
                begun = await self.conversations.begin(conversation)
            if records or begun:
                self._written.append((conversation, records, begun))
        await self.conversations.flush()
        session = self._orm_session
        if session is not None and (session.new or session.dirty or session.deleted):
            # What was added through the ORM (staff sessions, new veiledere); a bot turn's units of work add
            # nothing there, and an empty flush still costs a trip through the async bridge.
            await session.flush()
        await self.audit.flush()  # after the ORM's rows: an audit row may name a veileder added in this unit
        for event in events:
            if isinstance(event, StateChanged | Noted):
                self.history.record(event)
        await self.history.flush()
        await self.veiledere.flush()
        return events

    async def ping(self) -> None:
        # On SQLite this opens the unit's ORM session (a ping needs no prebuilt statement).
        session = self._lazy if self._lazy is not None else self._session
        await session.execute(text("SELECT 1"))


def unit_of_work_factory(engine: AsyncEngine) -> Callable[[], SqlUnitOfWork]:
    """The store for an engine: each call opens a new unit of work (one transaction)."""
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    on_postgres = engine.dialect.name == "postgresql"
    driver = SqliteStatements(engine.dialect) if engine.dialect.name == "sqlite" else None
    return lambda: SqlUnitOfWork(sessions, is_postgres=on_postgres, driver=driver,
                                 engine=engine if driver is not None else None)
