"""One fake per port, for fast tests of the code around them (never the only test of a path)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from copy import deepcopy
from dataclasses import fields, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from router.domain import bruker_presence
from router.domain.access import answers_brukere
from router.domain.assignment import Presence, VeilederLoad
from router.domain.bot_turn import BotTurn
from router.domain.conversation import CONTINUED_IN_EARLIER, Conversation, ConversationState, Placement
from router.domain.events import DomainEvent, HistoryRecord, Noted, StateChanged
from router.domain.geografi import GeografiskTilknytning, GtType
from router.domain.messages import Message, bound_person
from router.domain.opening_hours import NAV_PHONE_HOURS, OpeningHours
from router.domain.places import Place
from router.domain.purge import purged_history
from router.domain.queue import Priority
from router.domain.routing import Diskresjonskode, RoutingMatch, Rule, Temagruppe
from router.domain.routing_policy import Resolution, RoutingQuery
from router.domain.veileder import Veileder
from router.domain.wait_promise import HandledChat
from router.ports.bot import BotReply, BotUnavailable
from router.ports.login import LoginFailed, LoginSession, PendingLogin, VerifiedLogin
from router.ports.store import AuditEntry, ConcurrentChange, DuplicateMessage, StaffSession


class FakeBot:
    """Answers 'Bot: <text>'; 'veileder' in a message makes it ask the router for a handoff like the real action."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []
        self.metadata: list[dict[str, Any]] = []
        self.slots: dict[str, dict[str, Any]] = {}
        self.down = False
        self.gone = False  # no Rasa listening: refused before it got there (BotUnavailable.rasa_gone)
        self.delay_s = 0.0
        self.tracker_delay_s = 0.0
        self.on_handoff: Any = None
        # The intent the fake tracker reports for every user event (Rasa's prediction).
        self.intent = "fake_intent"
        self.turns_waiting = 0

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[BotReply]:
        if self.gone:
            raise BotUnavailable("fake bot refuses connections", rasa_gone=True)
        if self.down:
            raise BotUnavailable("fake bot is down")
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        self.received.append((conversation_id, text))
        self.metadata.append(dict(metadata or {}))
        if "veileder" in text.lower() and self.on_handoff is not None:
            await self.on_handoff(conversation_id)
            return []
        if "søknaden min" in text.lower():  # as actions/innsyn.py answers a bruker who is not logged in
            return [BotReply(text="Logg inn, så kan jeg se saken din.",
                             buttons=({"title": "Logg inn", "payload": "router:login"},))]
        return [BotReply(text=f"Bot: {text}", buttons=({"title": "Snakk med en veileder", "payload": "/human_handoff"},))]

    async def tracker(self, conversation_id: str) -> dict[str, Any]:
        if self.down:
            raise BotUnavailable("fake bot is down")
        if self.tracker_delay_s:
            await asyncio.sleep(self.tracker_delay_s)
        # Like Rasa's tracker: each user event keeps the metadata the message was sent with.
        events = [
            {"event": "user", "text": text, "metadata": metadata,
             "parse_data": {"intent": {"name": self.intent, "confidence": 0.9}}}
            for (cid, text), metadata in zip(self.received, self.metadata, strict=True)
            if cid == conversation_id
        ]
        return {"events": events, "slots": self.slots.get(conversation_id, {})}

    async def is_healthy(self) -> bool:
        return not self.down


class FakeTranslator:
    """Translates the language pairs it is given by tagging the text; others have no model."""

    def __init__(self, pairs: set[tuple[str, str]]) -> None:
        self.pairs = pairs
        self.calls: list[tuple[str, str, str]] = []

    async def translate(self, text: str, source: str, target: str) -> Any:
        from router.adapters.translator import NoModelForPair, Translation

        self.calls.append((text, source, target))
        if (source, target) not in self.pairs:
            raise NoModelForPair(f"{source}->{target}")
        return Translation(text=f"[{source}>{target}] {text}", source=source, target=target)

    def available_pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset(self.pairs)

    def can_translate(self, source: str, target: str) -> bool:
        return (source, target) in self.pairs


# --- the store port in memory ------------------------------------------------------------------------------


class InMemoryStore:
    """What is committed: each FakeUnitOfWork copies what it loads and writes back at commit, like a database.

    The same concurrency rules as the SQL store: a conversation whose state changed since it was loaded is not
    overwritten (ConcurrentChange), and a claim counts the veileder's open chats at write time.
    """

    def __init__(self) -> None:
        self.conversations: dict[str, Conversation] = {}
        self.messages: dict[int, Message] = {}
        self.history: list[HistoryRecord] = []
        self.veiledere: dict[int, Veileder] = {}
        self.staff_sessions: dict[str, StaffSession] = {}
        self.audit: list[AuditEntry] = []
        self.turns: dict[int, dict[str, Any]] = {}
        # transactions that wrote something (a use case should be one)
        self.writes = 0

    def open_chats(self, veileder_id: int) -> int:
        return sum(1 for c in self.conversations.values()
                   if c.veileder_id == veileder_id and c.state is ConversationState.ASSIGNED)

    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


class _FakeConversations:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        # id -> (aggregate, a copy as loaded): only what changed is written back, like the SQL store
        self.seen: dict[str, tuple[Conversation, Conversation | None]] = {}
        self.claimed: set[str] = set()

    def _track(self, committed: Conversation) -> Conversation:
        if committed.id not in self.seen:
            copy = deepcopy(committed)
            copy.pending_events = []
            self.seen[copy.id] = (copy, deepcopy(copy))
        return self.seen[committed.id][0]

    async def get(self, conversation_id: str, *, for_update: bool = False,
                  skip_locked: bool = False) -> Conversation | None:
        committed = self._store.conversations.get(conversation_id)
        return self._track(committed) if committed else None

    async def add(self, conversation: Conversation) -> None:
        self.seen[conversation.id] = (conversation, None)

    async def by_external_session(self, session_id: str) -> Conversation | None:
        found = [c for c in self._store.conversations.values() if c.external_session_id == session_id]
        return self._track(found[0]) if found else None

    async def queued(self, enhetsnummer: str | None = None) -> list[Conversation]:
        return [self._track(c) for c in self._store.conversations.values()
                if c.state is ConversationState.QUEUED and enhetsnummer in (None, c.enhetsnummer)]

    async def search(self, words: str, *, temaer: Collection[str] = (), enhetsnummer: str | None, limit: int,
                     message_window: int = 0) -> list[Conversation]:
        in_scope = sorted((c for c in self._store.conversations.values()
                           if c.handed_off and enhetsnummer in (None, c.enhetsnummer)),
                          key=lambda c: c.created_at, reverse=True)
        said = {m.conversation_id for m in self._store.messages.values() if m.sender in ("user", "veileder")
                and words.lower() in f"{m.original_text} {m.translated_text or ''}".lower()}

        def matches(c: Conversation, newest: bool) -> bool:
            text = " ".join(str(v) for v in (c.enhet_navn, c.handoff_reason, c.bot_summary) if v).lower()
            return (c.id.startswith(words) or c.enhetsnummer == words or c.tema in temaer
                    or words.lower() in text or (newest and c.id in said))
        return [c for n, c in enumerate(in_scope) if matches(c, n < message_window)][:limit]

    async def assigned_to(self, veileder_id: int) -> list[Conversation]:
        return [self._track(c) for c in self._store.conversations.values()
                if c.state is ConversationState.ASSIGNED and c.veileder_id == veileder_id]

    async def last_veileder_of(self, person_pseudonym: str, *, excluding: str) -> int | None:
        theirs = sorted((c for c in self._store.conversations.values()
                         if c.person_pseudonym == person_pseudonym and c.id != excluding),
                        key=lambda c: c.created_at, reverse=True)
        for conversation in theirs:
            assigned = [r for r in self._store.history
                        if r.conversation_id == conversation.id and r.kind == "assign" and r.data.get("veileder_id")]
            if assigned:
                return int(assigned[-1].data["veileder_id"])
        return None

    async def breached_ids(self, now: datetime) -> list[str]:
        return [c.id for c in self._store.conversations.values()
                if c.state is ConversationState.QUEUED and c.sla_deadline is not None and c.sla_deadline <= now]

    async def queued_emergency_ids(self) -> list[str]:
        return [c.id for c in self._store.conversations.values()
                if c.state is ConversationState.QUEUED and c.priority == Priority.EMERGENCY.value]

    async def first_answer_waits(self, enhetsnummer: str, since: datetime) -> list[timedelta]:
        return [c.first_human_reply_at - c.queued_at for c in self._store.conversations.values()
                if c.enhetsnummer == enhetsnummer and c.first_human_reply_at and c.queued_at
                and c.first_human_reply_at >= since]

    async def recently_handled(self, enhetsnummer: str, since: datetime, limit: int) -> list[HandledChat]:
        closed = sorted((c for c in self._store.conversations.values()
                         if c.enhetsnummer == enhetsnummer and c.assigned_at and c.closed_at and c.closed_at >= since),
                        key=lambda c: c.closed_at or since, reverse=True)[:limit]
        return [HandledChat(c.assigned_at, c.first_human_reply_at, c.closed_at) for c in closed
                if c.assigned_at and c.closed_at]

    async def since(self, since: datetime) -> list[Conversation]:
        happened = {r.conversation_id for r in self._store.history if r.at >= since}
        return [deepcopy(c) for c in self._store.conversations.values()
                if c.created_at >= since or c.state is ConversationState.QUEUED or c.id in happened]

    async def purgeable(self, cutoff: datetime, *, kept: Mapping[str, datetime] | None = None) -> list[str]:
        kept = kept or {}
        return [c.id for c in self._store.conversations.values()
                if c.closed_at and c.closed_at < cutoff and c.purged_at is None
                and (c.close_outcome not in kept or c.closed_at < kept[c.close_outcome])]

    async def threats_from(self, *, person_pseudonym: str | None, origin_key: str | None, since: datetime,
                           excluding: str) -> list[tuple[datetime, int | None]]:
        theirs = [c for c in self._store.conversations.values()
                  if c.id != excluding and c.close_outcome == "trusler" and c.closed_at and c.closed_at >= since
                  and ((person_pseudonym and c.person_pseudonym == person_pseudonym)
                       or (origin_key and c.origin_key == origin_key))]
        return [(c.closed_at, c.threatened_veileder_id)
                for c in sorted(theirs, key=lambda c: c.closed_at or since, reverse=True)[:5] if c.closed_at]

    async def waiting_from(self, origin_key: str, *, excluding: str) -> int:
        return sum(1 for c in self._store.conversations.values()
                   if c.origin_key == origin_key and c.id != excluding and c.state is ConversationState.QUEUED
                   and c.person_pseudonym is None)

    async def open_of_person(self, person_pseudonym: str, *, excluding: str) -> list[str]:
        theirs = [c for c in self._store.conversations.values()
                  if c.person_pseudonym == person_pseudonym and c.id != excluding
                  and c.state in (ConversationState.QUEUED, ConversationState.ASSIGNED)]
        return [c.id for c in sorted(theirs, key=lambda c: c.created_at, reverse=True)]

    async def recently_closed_of_person(self, person_pseudonym: str, *, since: datetime, excluding: str) -> list[str]:
        theirs = [c for c in self._store.conversations.values()
                  if c.person_pseudonym == person_pseudonym and c.id != excluding
                  and c.state is ConversationState.CLOSED and c.closed_at is not None and c.closed_at >= since
                  and c.close_outcome != CONTINUED_IN_EARLIER]
        return [c.id for c in sorted(theirs, key=lambda c: c.closed_at or since, reverse=True)][:5]

    async def idle_with_bot(self, since: datetime) -> list[str]:
        return [c.id for c in self._store.conversations.values()
                if c.state is ConversationState.BOT and c.updated_at <= since]

    async def untouched_waiting(self, since: datetime) -> list[str]:
        return [c.id for c in self._store.conversations.values()
                if c.state in (ConversationState.QUEUED, ConversationState.ASSIGNED) and c.updated_at <= since]

    async def assigned_ids(self) -> list[str]:
        return [c.id for c in self._store.conversations.values() if c.state is ConversationState.ASSIGNED]

    async def bruker_gone(self, conversation_ids: Collection[str]) -> dict[str, datetime]:
        gone = {}
        for conversation_id in set(conversation_ids):
            marks = [(r.kind, r.at) for r in self._store.history if r.conversation_id == conversation_id]
            written = [m.created_at for m in self._store.messages.values()
                       if m.conversation_id == conversation_id and m.sender == "user"]
            if (at := bruker_presence.gone_since(marks, max(written, default=None))) is not None:
                gone[conversation_id] = at
        return gone

    async def claim(self, conversation: Conversation, veileder: VeilederLoad) -> None:
        committed = self._store.conversations.get(conversation.id)
        if committed is None or committed.state is not ConversationState.QUEUED \
                or self._store.open_chats(int(veileder.veileder_id)) >= veileder.capacity:
            raise ConcurrentChange(f"conversation {conversation.id} was taken, or the veileder filled up, first")
        self.claimed.add(conversation.id)

    def write_back(self) -> None:
        """Check every changed state against the committed one first, then merge the changed fields."""
        changes: dict[str, dict[str, Any]] = {}
        for conversation_id, (conversation, loaded) in self.seen.items():
            committed = self._store.conversations.get(conversation_id)
            if loaded is None or committed is None:
                changes[conversation_id] = {}
                continue
            changed = {f.name: getattr(conversation, f.name) for f in fields(Conversation)
                       if f.name != "pending_events" and getattr(conversation, f.name) != getattr(loaded, f.name)}
            if "state" in changed and committed.state is not loaded.state and conversation_id not in self.claimed:
                raise ConcurrentChange(f"conversation {conversation_id} changed state in another transaction")
            changes[conversation_id] = changed
        for conversation_id, changed in changes.items():
            conversation = self.seen[conversation_id][0]
            if conversation_id not in self._store.conversations:
                self._store.conversations[conversation_id] = deepcopy(conversation)
            for name, value in changed.items():
                setattr(self._store.conversations[conversation_id], name, deepcopy(value))
            self._store.conversations[conversation_id].pending_events = []


class _FakeMessages:
    def __init__(self, store: InMemoryStore, conversations: _FakeConversations) -> None:
        self._store = store
        self._conversations = conversations
        self.added: list[Message] = []
        self.updated: list[Message] = []

    async def add(self, message: Message) -> Message:
        # Bound to whoever is logged in to the conversation as this unit of work sees it, like the SQL store.
        known = self._conversations.seen.get(message.conversation_id)
        conversation = known[0] if known else await self._conversations.get(message.conversation_id)
        answered = await self.get(message.reply_to) if message.reply_to is not None else None
        message.person_pseudonym = bound_person(conversation.logged_in_person if conversation else None, answered)
        if message.client_msg_id and any(
                m.conversation_id == message.conversation_id and m.client_msg_id == message.client_msg_id
                for m in [*self._store.messages.values(), *self.added]):
            raise DuplicateMessage(message.client_msg_id)
        message.id = max([0, *self._store.messages, *(m.id or 0 for m in self.added)]) + 1
        self.added.append(message)
        return message

    async def get(self, message_id: int) -> Message | None:
        found = self._store.messages.get(message_id)
        return deepcopy(found) if found else next((m for m in self.added if m.id == message_id), None)

    async def update(self, message: Message) -> None:
        self.updated.append(message)

    async def list(self, conversation_id: str, after: int = 0) -> list[Message]:
        everything = {**{k: deepcopy(m) for k, m in self._store.messages.items()},
                      **{m.id: m for m in self.added if m.id is not None}}
        return [m for k, m in sorted(everything.items()) if m.conversation_id == conversation_id and k > after]

    async def by_client_id(self, conversation_id: str, client_msg_id: str) -> Message | None:
        return next((deepcopy(m) for m in self._store.messages.values()
                     if m.conversation_id == conversation_id and m.client_msg_id == client_msg_id), None)

    async def last_from(self, conversation_id: str, sender: str) -> Message | None:
        latest = (await self.latest_of_each([conversation_id], sender, 1)).get(conversation_id)
        return latest[0] if latest else None

    async def latest_of_each(self, conversation_ids: Sequence[str], sender: str,
                             limit: int) -> dict[str, list[Message]]:
        everything = {**{k: deepcopy(m) for k, m in self._store.messages.items()},
                      **{m.id: m for m in self.added if m.id is not None}}
        latest: dict[str, list[Message]] = {}
        for _, m in sorted(everything.items(), reverse=True):
            if m.conversation_id in conversation_ids and m.sender == sender \
                    and len(latest.setdefault(m.conversation_id, [])) < limit:
                latest[m.conversation_id].append(m)
        return {cid: messages for cid, messages in latest.items() if messages}

    async def delete_for(self, conversation_ids: Sequence[str]) -> None:
        for key in [k for k, m in self._store.messages.items() if m.conversation_id in conversation_ids]:
            del self._store.messages[key]
        for key in [k for k, t in self._store.turns.items() if t["conversation_id"] in conversation_ids]:
            del self._store.turns[key]


class _FakeHistory:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    def record(self, record: HistoryRecord) -> None:
        self._store.history.append(record)

    async def has(self, conversation_id: str, kind: str) -> bool:
        return any(r.conversation_id == conversation_id and r.kind == kind for r in self._store.history)

    async def list(self, conversation_id: str) -> list[HistoryRecord]:
        return [r for r in self._store.history if r.conversation_id == conversation_id]

    async def forget_notes(self, conversation_ids: Sequence[str]) -> None:
        ids = set(conversation_ids)
        for index, r in enumerate(self._store.history):
            if r.conversation_id in ids:
                reason, data = purged_history(r.kind, r.reason, r.data)
                self._store.history[index] = replace(r, reason=reason, data=data)

    async def of_kinds(self, conversation_ids: Sequence[str], kinds: Collection[str]) -> dict[str, list[HistoryRecord]]:
        found: dict[str, list[HistoryRecord]] = {}
        for r in self._store.history:
            if r.conversation_id in conversation_ids and r.kind in kinds:
                found.setdefault(r.conversation_id, []).append(r)
        return found

    async def breaches_since(self, since: datetime) -> list[tuple[str, str, str | None]]:
        return [(r.conversation_id, r.data.get("from_enhetsnummer") or "",
                 self._store.conversations[r.conversation_id].tema)
                for r in self._store.history if r.kind == "sla_breached" and r.at >= since]


class _FakeVeiledere:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.seen: dict[int, Veileder] = {}

    async def get(self, veileder_id: int, *, for_update: bool = False) -> Veileder | None:
        if veileder_id not in self.seen and veileder_id in self._store.veiledere:
            self.seen[veileder_id] = deepcopy(self._store.veiledere[veileder_id])
        return self.seen.get(veileder_id)

    async def by_username(self, username: str) -> Veileder | None:
        wanted = username.strip().lower()
        found = next((v for v in self._store.veiledere.values() if v.username.lower() == wanted), None)
        return await self.get(found.id) if found else None

    def add(self, veileder: Veileder) -> None:
        veileder.id = max([0, *self._store.veiledere]) + 1
        self.seen[veileder.id] = veileder

    async def open_chats(self, veileder_id: int) -> int:
        return self._store.open_chats(veileder_id)

    async def loads(self, enhetsnummer: str | None = None, *, presence: Presence | None = None) -> list[VeilederLoad]:
        return [v.load(self._store.open_chats(v.id)) for v in self._store.veiledere.values()
                if enhetsnummer in (None, v.enhetsnummer) and presence in (None, v.presence)
                and answers_brukere(v.as_staff_user())]

    async def ids_with_presence(self, presence: Presence) -> set[int]:
        return {v.id for v in self._store.veiledere.values() if v.presence is presence}

    async def team(self, enhetsnummer: str) -> list[tuple[Veileder, int]]:
        return [(deepcopy(v), self._store.open_chats(v.id)) for v in self._store.veiledere.values()
                if v.enhetsnummer == enhetsnummer]


class _FakeStaffSessions:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    def add(self, session: StaffSession) -> None:
        self._store.staff_sessions[session.token_hash] = session

    async def get(self, token_hash: str) -> StaffSession | None:
        return self._store.staff_sessions.get(token_hash)

    async def touch(self, token_hash: str, now: datetime) -> None:
        if token_hash in self._store.staff_sessions:
            self._store.staff_sessions[token_hash] = replace(self._store.staff_sessions[token_hash], last_seen_at=now)

    async def feed_seen(self, token_hash: str, now: datetime) -> None:
        if token_hash in self._store.staff_sessions:
            self._store.staff_sessions[token_hash] = replace(self._store.staff_sessions[token_hash], feed_seen_at=now,
                                                             feed_closed_at=None)

    async def feed_closed(self, token_hash: str, now: datetime) -> None:
        if token_hash in self._store.staff_sessions:
            self._store.staff_sessions[token_hash] = replace(self._store.staff_sessions[token_hash],
                                                             feed_closed_at=now)

    async def dashboard_seen(self, token_hash: str, now: datetime) -> None:
        if token_hash in self._store.staff_sessions:
            self._store.staff_sessions[token_hash] = replace(self._store.staff_sessions[token_hash],
                                                             dashboard_seen_at=now)

    async def delete(self, token_hash: str) -> None:
        self._store.staff_sessions.pop(token_hash, None)

    async def of_veiledere(self, veileder_ids: Collection[int]) -> list[StaffSession]:
        return [s for s in self._store.staff_sessions.values() if s.veileder_id in veileder_ids]


class _FakeAudit:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.pending: list[AuditEntry] = []

    def add(self, entry: AuditEntry) -> None:
        self.pending.append(entry)

    async def delete_before(self, cutoff: datetime) -> int:
        kept = [e for e in self._store.audit if e.at >= cutoff]
        deleted, self._store.audit[:] = len(self._store.audit) - len(kept), kept
        return deleted

    async def query(self, *, conversation_id: str | None, username: str | None, limit: int,
                    action: str | None = None, since: datetime | None = None, until: datetime | None = None,
                    before_id: int | None = None, hidden_diskresjonskoder: Collection[str] = (),
                    hide_skjermet: bool = False) -> list[AuditEntry]:
        found = []
        for number, entry in reversed(list(enumerate(self._store.audit, start=1))):
            conversation = self._store.conversations.get(entry.conversation_id or "")
            code = conversation.diskresjonskode if conversation is not None else None
            skjermet = conversation.skjermet if conversation is not None else False
            if (conversation_id in (None, entry.conversation_id) and username in (None, entry.username)
                    and action in (None, entry.action) and (since is None or entry.at >= since)
                    and (until is None or entry.at < until) and (before_id is None or number < before_id)
                    and code not in hidden_diskresjonskoder and not (hide_skjermet and skjermet)):
                found.append(replace(entry, id=number, diskresjonskode=code, skjermet=skjermet))
        return found[:limit]

    async def count_hidden_conversations(self, *, conversation_id: str | None, username: str | None,
                                         action: str | None, since: datetime | None, until: datetime | None,
                                         hidden_diskresjonskoder: Collection[str], hide_skjermet: bool) -> int:
        hidden = set()
        for entry in self._store.audit:
            conversation = self._store.conversations.get(entry.conversation_id or "")
            if conversation is None or not (conversation.diskresjonskode in hidden_diskresjonskoder
                                            or (hide_skjermet and conversation.skjermet)):
                continue
            if (conversation_id in (None, entry.conversation_id) and username in (None, entry.username)
                    and action in (None, entry.action) and (since is None or entry.at >= since)
                    and (until is None or entry.at < until)):
                hidden.add(conversation.id)
        return len(hidden)


class FakeUnitOfWork:
    """The UnitOfWork port over an InMemoryStore: nothing is visible to others before the block ends."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.committed_events: list[DomainEvent] = []

    async def __aenter__(self) -> FakeUnitOfWork:
        self.conversations = _FakeConversations(self._store)
        self.messages = _FakeMessages(self._store, self.conversations)
        self.history = _FakeHistory(self._store)
        self.veiledere = _FakeVeiledere(self._store)
        self.staff_sessions = _FakeStaffSessions(self._store)
        self.audit = _FakeAudit(self._store)
        self.turns = _FakeTurns(self._store)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if exc_type is not None:
            return
        events: list[DomainEvent] = []
        for conversation, _ in self.conversations.seen.values():
            events.extend(conversation.take_events())
        self.conversations.write_back()
        for event in events:
            if isinstance(event, StateChanged | Noted):
                self._store.history.append(event)
        for message in [*self.messages.added, *self.messages.updated]:
            assert message.id is not None
            self._store.messages[message.id] = deepcopy(message)
        self._store.veiledere.update({k: deepcopy(v) for k, v in self.veiledere.seen.items()})
        self._store.audit.extend(self.audit.pending)
        for turn in self.turns.pending:
            self._store.turns[turn.pop("id", None) or max(self._store.turns, default=0) + 1] = turn
        if events or self.messages.added or self.messages.updated or self.audit.pending:
            self._store.writes += 1
        self.committed_events = events

    async def ping(self) -> None:
        return None


class FakeRouting:
    """The routing port over a small table: place -> (enhet, alternate); kode 6 to 2103; else no rule matches."""

    def __init__(self, offices: dict[str, tuple[str, str | None]], *, sla_minutes: int = 30,
                 open_now: bool = True) -> None:
        self.offices = offices
        self.sla_minutes = sla_minutes
        self.open_now = open_now
        self.names = {e: f"Nav {e}" for e, _ in offices.values()} | {"2103": "Nav Vikafossen", "NKS": "Nav kontaktsenter"}
        self.alternates = {e: a for e, a in offices.values()}
        self.kontaktsenter_innsyn: dict[str, bool | None] = {}  # as reference/enheter.csv's digisos_innsyn_nks
        self.per_bydel: set[str] = set()  # places served per bydel, as Oslo
        self.part_of: dict[str, str] = {}  # queues staffed from another enhet, as NKS-OVRG from 4100
        self.phone_hours = NAV_PHONE_HOURS  # NAV's phone; a test gives it NAV-wide days (julaften) with_nav_days

    def resolve(self, query: RoutingQuery, *, on: date, strict: bool) -> Resolution:
        kode = Diskresjonskode(query.diskresjonskode) if query.diskresjonskode else Diskresjonskode.ANY
        skjermet = query.skjermet is True
        place = query.gt or query.place_text or query.kommune
        if kode is Diskresjonskode.SPSF:
            matches: tuple[RoutingMatch, ...] = (RoutingMatch("2103", "kode 6"),)
            return Resolution(None, matches, Temagruppe.OKSOS, kode, skjermet)
        if place not in self.offices:
            return Resolution(None, (), Temagruppe.OKSOS, kode, skjermet, f"unknown place {place!r}")
        enhetsnummer, alternate = self.offices[place]
        rule = Rule(place, "KOM", "*", "*", "*", date.min, None, enhetsnummer, alternate)
        matches = (RoutingMatch(enhetsnummer, f"rule on {place}", rule=rule),)
        if alternate:
            matches += (RoutingMatch(alternate, "alternate", is_alternate=True, rule=rule),)
        gt = GeografiskTilknytning(place, GtType.KOMMUNE, place, place, f"kommune {place}")
        return Resolution(gt, matches, Temagruppe.OKSOS, kode, skjermet)

    def placement_at(self, enhetsnummer: str, *, tema: str | None, priority: Priority, now: datetime,
                     reason: str = "", alternate_enhetsnummer: str | None = None,
                     geografisk_tilknytning: str | None = None) -> Placement:
        minutes = 10 if priority is Priority.EMERGENCY else self.sla_minutes
        return Placement(enhetsnummer, self.names.get(enhetsnummer, enhetsnummer), reason or f"placed at {enhetsnummer}",
                         alternate_enhetsnummer or self.alternates.get(enhetsnummer), now + timedelta(minutes=minutes),
                         geografisk_tilknytning)

    def opening_hours(self, enhetsnummer: str) -> OpeningHours:
        """Open around the clock every day, or (open_now=False) only 07:00-08:00 Oslo time."""
        hours = (time(0, 0), time(23, 59)) if self.open_now else (time(7, 0), time(8, 0))
        return OpeningHours({d: (hours,) for d in range(7)}, closed_on_public_holidays=False)

    def nav_phone_hours(self) -> OpeningHours:
        return self.phone_hours

    def kommune_navn(self, kommunenummer: str) -> str:
        return kommunenummer

    def served_per_bydel(self, geografisk_tilknytning: str) -> bool:
        return geografisk_tilknytning in self.per_bydel

    def bydel_names(self, kommunenummer: str) -> tuple[str, ...]:
        return ()

    def staffed_from(self, enhetsnummer: str) -> str | None:
        return self.part_of.get(enhetsnummer)

    def queues_answered_by(self, enhetsnummer: str) -> tuple[str, ...]:
        return (enhetsnummer, *sorted(q for q, parent in self.part_of.items() if parent == enhetsnummer))

    def parse_place(self, text: str, *, in_passing: bool) -> Place:
        """A place is one of the table's keys written as a word of the text."""
        if in_passing and "bor" not in text.split():
            return Place()
        words = text.replace(",", " ").split()
        hit = next((w for w in words if w in self.offices), None)
        return Place(kommune=hit, kommunenummer=hit) if hit else Place()

    def abroad_in_answer(self, text: str) -> str | None:
        return "Spania" if "Spania" in text.split() else None

    def kontaktsenter_for(self, enhetsnummer: str) -> str:
        return "NKS"

    def is_known_enhet(self, enhetsnummer: str) -> bool:
        return enhetsnummer in self.names

    def enhet_navn(self, enhetsnummer: str) -> str:
        return self.names.get(enhetsnummer, enhetsnummer)

    def kontaktsenter_has_innsyn(self, enhetsnummer: str) -> bool | None:
        return self.kontaktsenter_innsyn.get(enhetsnummer)


class RecordingBus:
    """The event bus port: keeps what was published."""

    reachable = True

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    async def publish(self, event: dict[str, Any]) -> None:
        self.published.append(event)

    async def subscribe(self) -> AsyncIterator[dict[str, Any]]:  # pragma: no cover - not used by use cases
        for event in self.published:
            yield event


class _FakeTurns:
    """The turn queue in memory, with the same rules: a conversation's oldest unfinished turn first."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.pending: list[dict[str, Any]] = []

    async def enqueue(self, conversation_id: str, message_id: int, payload: str | None, now: datetime, *,
                      worker: str | None = None, lease: timedelta | None = None) -> BotTurn | None:
        turn: dict[str, Any] = {"conversation_id": conversation_id, "message_id": message_id, "payload": payload,
                                "state": "pending", "attempts": 0, "worker": None, "lease_until": None}
        unfinished = any(t["conversation_id"] == conversation_id and t["state"] in ("pending", "running")
                         for t in [*self._store.turns.values(), *self.pending])
        self.pending.append(turn)
        if worker is None or lease is None or unfinished:
            return None
        turn.update(state="running", worker=worker, lease_until=now + lease, attempts=1,
                    id=max(self._store.turns, default=0) + len(self.pending))
        return BotTurn(turn["id"], conversation_id, message_id, payload, 1)

    async def claim_next(self, *, conversation_id: str | None, worker: str, now: datetime,
                         lease: timedelta) -> BotTurn | None:
        for turn_id, turn in sorted(self._store.turns.items()):
            unfinished = [i for i, t in sorted(self._store.turns.items())
                          if t["conversation_id"] == turn["conversation_id"] and t["state"] in ("pending", "running")]
            takeable = turn["state"] == "pending" or (turn["state"] == "running" and turn["lease_until"] < now)
            if takeable and unfinished and unfinished[0] == turn_id and conversation_id in (None, turn["conversation_id"]):
                turn.update(state="running", worker=worker, lease_until=now + lease, attempts=turn["attempts"] + 1)
                return BotTurn(turn_id, turn["conversation_id"], turn["message_id"], turn["payload"], turn["attempts"])
        return None

    async def renew(self, turn_id: int, *, worker: str, until: datetime) -> bool:
        turn = self._store.turns[turn_id]
        if turn["worker"] != worker or turn["state"] != "running":
            return False
        turn["lease_until"] = until
        return True

    async def complete(self, turn_id: int, *, worker: str, now: datetime, failed: bool = False) -> bool:
        turn = self._store.turns[turn_id]
        if turn["worker"] != worker or turn["state"] != "running":
            return False
        turn.update(state="failed" if failed else "done", lease_until=None)
        return True

    async def unfinished(self) -> int:
        return sum(1 for t in self._store.turns.values() if t["state"] in ("pending", "running"))

    async def is_running(self, conversation_id: str) -> bool:
        return any(t["conversation_id"] == conversation_id and t["state"] == "running"
                   for t in self._store.turns.values())

    async def running_workers(self, now: datetime) -> set[str]:
        return {t["worker"] for t in self._store.turns.values()
                if t["state"] == "running" and t["lease_until"] is not None and t["lease_until"] >= now}

    async def release(self, worker: str, now: datetime) -> int:
        released = [t for t in self._store.turns.values() if t["worker"] == worker and t["state"] == "running"
                    and t["lease_until"] is not None and t["lease_until"] >= now]
        for turn in released:
            turn["lease_until"] = now - timedelta(seconds=1)
        return len(released)

    async def waiting(self, conversation_id: str) -> list[tuple[int, str | None]]:
        return [(t["message_id"], t["payload"]) for _, t in sorted(self._store.turns.items())
                if t["conversation_id"] == conversation_id and t["state"] == "pending"]


class FakeIdentityProvider:
    """The IdentityProvider port without a provider: the callback's ``code`` is the ident that logged in (a code
    the test did not give, or a login not started here, fails like a real verification would)."""

    def __init__(self, *, lifetime: timedelta = timedelta(hours=1), clock: Any = None) -> None:
        self.lifetime = lifetime
        self.clock = clock
        self.started: list[PendingLogin] = []
        self.ui_locales: list[str] = []
        self.refuse = False

    async def authorization_url(self, pending: PendingLogin, ui_locales: str = "nb") -> str:
        self.started.append(pending)
        self.ui_locales.append(ui_locales)
        return f"https://idporten.test/authorize?state={pending.state}&code_challenge_method=S256"

    async def finish(self, pending: PendingLogin, code: str) -> VerifiedLogin:
        if self.refuse or pending not in self.started or not code.isdigit():
            raise LoginFailed("fake provider refused")
        now = self.clock.now() if self.clock else pending.started_at
        return VerifiedLogin(ident=code, acr="idporten-loa-substantial", sid="sid", expires_at=now + self.lifetime,
                             id_token="fake.id.token")

    async def logout_url(self, id_token: str, state: str) -> str | None:
        return f"https://idporten.test/logout?id_token_hint={id_token}&state={state}"


class InMemoryLoginSessions:
    """The LoginSessions port in a dict (the real one is router/adapters/login_sessions.SqlLoginSessions)."""

    def __init__(self) -> None:
        self.pending: dict[str, PendingLogin] = {}
        self.sessions: dict[str, LoginSession] = {}
        self.logouts: dict[str, tuple[str, datetime]] = {}

    async def start(self, pending: PendingLogin) -> None:
        self.pending[pending.state] = pending

    async def take_pending(self, state: str, browser_binding: str) -> PendingLogin | None:
        pending = self.pending.get(state)
        if pending is None or pending.browser_binding != browser_binding:
            return None
        return self.pending.pop(state)

    async def add(self, session: LoginSession) -> None:
        await self.remove(session.conversation_id)
        self.sessions[session.session_id] = session

    async def get(self, session_id: str) -> LoginSession | None:
        return self.sessions.get(session_id)

    async def for_conversation(self, conversation_id: str) -> LoginSession | None:
        return next((s for s in self.sessions.values() if s.conversation_id == conversation_id), None)

    async def remove(self, conversation_id: str) -> None:
        self.sessions = {k: s for k, s in self.sessions.items() if s.conversation_id != conversation_id}

    async def expired(self, now: datetime) -> list[LoginSession]:
        return [s for s in self.sessions.values() if s.expires_at <= now]

    async def start_logout(self, ticket: str, conversation_id: str, id_token: str, at: datetime) -> None:
        self.logouts[ticket] = (id_token, at)

    async def take_logout(self, ticket: str, now: datetime) -> str | None:
        id_token, at = self.logouts.pop(ticket, (None, now))
        return id_token if id_token is not None and now - at <= timedelta(minutes=10) else None
