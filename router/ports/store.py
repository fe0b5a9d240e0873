"""The store port: a unit of work (one transaction) and the repositories inside it.

One use case is one unit of work: load the aggregate, call one method, let the unit of work save it. Leaving the
``async with`` block commits: every conversation loaded or added is written back, the history records its
methods produced are stored, and its signals are handed to ``committed_events`` for the services to act on.
An error inside the block rolls everything back.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, Self

from router.domain.assignment import Presence, VeilederLoad
from router.domain.bot_turn import BotTurn
from router.domain.conversation import Conversation
from router.domain.events import DomainEvent, HistoryRecord
from router.domain.messages import Message
from router.domain.veileder import Veileder
from router.domain.wait_promise import HandledChat


class StoreUnavailable(Exception):
    """The database cannot be reached (down, restarting, network); nothing was written."""


class ConcurrentChange(Exception):
    """Another transaction changed the conversation's state first (someone else took it, closed it ...)."""


class DuplicateMessage(Exception):
    """A message with the same client_msg_id was stored first (a retry raced the original)."""


class ConversationRepository(Protocol):
    async def get(self, conversation_id: str, *, for_update: bool = False,
                  skip_locked: bool = False) -> Conversation | None:
        """The conversation, tracked for saving at commit. ``for_update`` locks the row where the store can
        (PostgreSQL ``FOR UPDATE``, with ``SKIP LOCKED`` returning None when another transaction holds it)."""
        ...

    async def add(self, conversation: Conversation) -> None: ...

    async def by_external_session(self, session_id: str) -> Conversation | None: ...

    async def queued(self, enhetsnummer: str | None = None) -> list[Conversation]:
        """Waiting conversations, of one enhet or all of them: read-only snapshots (changes to them are not saved)."""
        ...

    async def assigned_to(self, veileder_id: int) -> list[Conversation]: ...

    async def search(self, words: str, *, temaer: Collection[str] = (), enhetsnummer: str | None, limit: int,
                     message_window: int = 0) -> list[Conversation]:
        """Handed-off conversations of one enhet, or all, newest first, at most ``limit``: an id starting with
        ``words``; the enhetsnummer ``words``; a tema in ``temaer`` (the caller reads the codes a word names);
        ``words`` (ignoring case) in the enhet's name, the handoff reason or the bot's summary; or in what the bruker
        or a veileder wrote, as stored (masked) or translated, read in the newest ``message_window`` conversations
        in scope only (0: not read), so a search costs at most their messages. Need-to-know beyond "handed off" is
        the caller's (services/inbox.py)."""
        ...

    async def last_veileder_of(self, person_pseudonym: str, *, excluding: str) -> int | None:
        """The veileder who last had a conversation of this person (by pseudonym), other than ``excluding``."""
        ...

    async def breached_ids(self, now: datetime) -> list[str]:
        """Waiting conversations whose SLA deadline has passed."""
        ...

    async def queued_emergency_ids(self) -> list[str]:
        """Waiting conversations of acute need."""
        ...

    async def since(self, since: datetime) -> list[Conversation]:
        """Created since ``since``, still waiting, or with something in its history since ``since`` (for the
        kontaktsenter overview, which counts by when things happened); not tracked."""
        ...

    async def first_answer_waits(self, enhetsnummer: str, since: datetime) -> list[timedelta]:
        """How long brukere at the enhet waited for a first human answer, for answers given since ``since``."""
        ...

    async def recently_handled(self, enhetsnummer: str, since: datetime, limit: int) -> list[HandledChat]:
        """The enhet's chats a veileder had that closed since ``since``, the last closed first, at most ``limit``
        (for its measured pace, domain/wait_promise.py office_pace). One bounded query."""
        ...

    async def purgeable(self, cutoff: datetime, *, kept: Mapping[str, datetime] | None = None) -> list[str]:
        """Closed before ``cutoff`` and not yet purged; one closed with an outcome in ``kept`` only when closed before
        that outcome's own cutoff (a chat closed as threats is kept longer, as evidence)."""
        ...

    async def threats_from(self, *, person_pseudonym: str | None, origin_key: str | None, since: datetime,
                           excluding: str) -> list[tuple[datetime, int | None]]:
        """Chats of this person (pseudonym) or from this address (origin_key) closed as threats since ``since``,
        last first (a few at most): when each closed, and the veileder it threatened."""
        ...

    async def waiting_from(self, origin_key: str, *, excluding: str) -> int:
        """How many anonymous chats (no person tied) from this address (origin_key) wait in a queue now (QUEUED),
        other than ``excluding``."""
        ...

    async def open_of_person(self, person_pseudonym: str, *, excluding: str) -> list[str]:
        """The person's conversations waiting for or with a veileder (QUEUED, ASSIGNED), newest first: one a
        bruker who logged in again gets back (services/login.py resume_open_conversation)."""
        ...

    async def recently_closed_of_person(self, person_pseudonym: str, *, since: datetime, excluding: str) -> list[str]:
        """The person's conversations closed since ``since``, last closed first (a few at most): one whose last
        word was the veileder's the bruker gets back to read after a new login (services/login.py), and the
        veileder's "Tidligere samtaler" (services/inbox.py). Not a duplicate closed because her login gave her
        back an earlier chat (conversation.CONTINUED_IN_EARLIER): that was no conversation she had; its words
        went on in the earlier one."""
        ...

    async def idle_with_bot(self, since: datetime) -> list[str]:
        """With the bot, and nobody wrote since ``since`` (candidates for closing as abandoned)."""
        ...

    async def untouched_waiting(self, since: datetime) -> list[str]:
        """The conversations waiting for or with a veileder whose last activity is at or before ``since`` (the
        candidates to expire, router/domain/expiry.py)."""
        ...

    async def assigned_ids(self) -> list[str]:
        """Every conversation a veileder has now."""
        ...

    async def bruker_gone(self, conversation_ids: Collection[str]) -> dict[str, datetime]:
        """Of these conversations, those whose bruker's chat page is gone now (router/domain/bruker_presence.py:
        the last of their ``bruker_left`` and ``bruker_back`` rows is ``bruker_left``, and the bruker wrote nothing
        since), each with when it was recorded. A few queries however many ids (the queue of an enhet)."""
        ...

    async def claim(self, conversation: Conversation, veileder: VeilederLoad) -> None:
        """Write an assignment atomically: only if the row is still QUEUED and the veileder still has room
        (counted inside the same statement). ConcurrentChange otherwise. The one home of the atomic claim."""
        ...


class MessageRepository(Protocol):
    async def add(self, message: Message) -> Message:
        """Store a new message; its ``id`` (the seq) is set, and its ``person_pseudonym``: the person logged in to
        its conversation as this unit of work sees it, whoever wrote it, or the person of the message it answers
        (``reply_to``) when nobody is (router/domain/messages.py bound_person)."""
        ...

    async def get(self, message_id: int) -> Message | None: ...

    async def update(self, message: Message) -> None: ...

    async def list(self, conversation_id: str, after: int = 0) -> list[Message]: ...

    async def by_client_id(self, conversation_id: str, client_msg_id: str) -> Message | None: ...

    async def last_from(self, conversation_id: str, sender: str) -> Message | None:
        """The conversation's latest message from ``sender`` ("user", "bot" ...), read alone, or None."""
        ...

    async def latest_of_each(self, conversation_ids: Sequence[str], sender: str,
                             limit: int) -> dict[str, list[Message]]:
        """Each conversation's latest ``limit`` messages from ``sender``, the latest first (one with none is left
        out)."""
        ...

    async def delete_for(self, conversation_ids: Sequence[str]) -> None:
        """Delete the messages (and their bot turns) of these conversations."""
        ...


class HistoryLog(Protocol):
    """The conversation's event rows: every transition and decision with when, who, why."""

    def record(self, record: HistoryRecord) -> None: ...

    async def has(self, conversation_id: str, kind: str) -> bool: ...

    async def list(self, conversation_id: str) -> list[HistoryRecord]: ...

    async def of_kinds(self, conversation_ids: Sequence[str], kinds: Collection[str]) -> dict[str, list[HistoryRecord]]:
        """Per conversation, its rows of these kinds in the order recorded (one read for a whole queue)."""
        ...

    async def breaches_since(self, since: datetime) -> list[tuple[str, str, str | None]]:
        """(conversation id, from enhetsnummer, tema) for each SLA breach since ``since``."""
        ...

    async def forget_notes(self, conversation_ids: Sequence[str]) -> None:
        """What ties these conversations' history to what was said or to the person goes with their transcripts
        (router/domain/purge.py purged_history): a transfer's note (its reason) becomes "overført", a close's note
        (data["note"], a threat's) is dropped, the other chat a row names (``from``) is dropped, and a GT is cut to
        its kommune. The rows stay."""
        ...


class VeilederRepository(Protocol):
    async def get(self, veileder_id: int, *, for_update: bool = False) -> Veileder | None:
        """The veileder, tracked for saving at commit; ``for_update`` locks the row (PostgreSQL), so two
        routers cannot both fill the last place."""
        ...

    async def by_username(self, username: str) -> Veileder | None: ...

    def add(self, veileder: Veileder) -> None: ...

    async def open_chats(self, veileder_id: int) -> int:
        """How many conversations the veileder has now (capacity counts open chats only)."""
        ...

    async def loads(self, enhetsnummer: str | None = None, *, presence: Presence | None = None) -> list[VeilederLoad]:
        """Each veileder who answers brukere, with their open chats counted, in one query: of one enhet, or all."""
        ...

    async def ids_with_presence(self, presence: Presence) -> set[int]:
        """The ids of all staff with this presence, whatever their role."""
        ...

    async def team(self, enhetsnummer: str) -> list[tuple[Veileder, int]]:
        """The enhet's staff, each with their open chats counted, in one query; for reading only (not tracked,
        so never written back)."""
        ...


@dataclass(frozen=True)
class StaffSession:
    token_hash: str
    veileder_id: int
    csrf_token: str
    created_at: datetime
    expires_at: datetime
    last_seen_at: datetime | None = None
    feed_seen_at: datetime | None = None
    # when the last console socket on this session closed; None while one is open (or none ever was)
    feed_closed_at: datetime | None = None
    # when the kontaktsenter's page last opened its feed on this session: its refreshes then say nothing of a console
    dashboard_seen_at: datetime | None = None


class StaffSessionRepository(Protocol):
    def add(self, session: StaffSession) -> None: ...

    async def get(self, token_hash: str) -> StaffSession | None: ...

    async def touch(self, token_hash: str, now: datetime) -> None:
        """Record activity on the session (it ends when idle too long)."""
        ...

    async def feed_seen(self, token_hash: str, now: datetime) -> None:
        """A console's live feed on the session is open (it says so every FEED_BEAT_S while it is); it is no longer
        closed (feed_closed_at cleared)."""
        ...

    async def feed_closed(self, token_hash: str, now: datetime) -> None:
        """The last console socket on the session (on one router) closed."""
        ...

    async def dashboard_seen(self, token_hash: str, now: datetime) -> None:
        """The kontaktsenter's page opened its live feed on the session."""
        ...

    async def delete(self, token_hash: str) -> None: ...

    async def of_veiledere(self, veileder_ids: Collection[int]) -> list[StaffSession]:
        """Every stored session of these staff users."""
        ...


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    veileder_id: int | None
    username: str
    action: str
    conversation_id: str | None = None
    detail: dict[str, Any] | None = None
    # Set on the rows a query reads back: the row's id (the paging cursor) and its conversation's protection.
    id: int | None = None
    diskresjonskode: str | None = None
    skjermet: bool = False


class AuditLog(Protocol):
    def add(self, entry: AuditEntry) -> None: ...

    async def delete_before(self, cutoff: datetime) -> int:
        """Retention of the audit log: delete the rows older than ``cutoff``; how many."""
        ...

    async def query(self, *, conversation_id: str | None, username: str | None, limit: int,
                    action: str | None = None, since: datetime | None = None, until: datetime | None = None,
                    before_id: int | None = None, hidden_diskresjonskoder: Collection[str] = (),
                    hide_skjermet: bool = False) -> list[AuditEntry]:
        """The newest rows first (by id) matching every filter given: ``since`` <= at < ``until``, id <
        ``before_id`` (keyset paging); without the rows about conversations with one of ``hidden_diskresjonskoder``
        or, with ``hide_skjermet``, skjermet ones (the reader's need-to-know, in the query so a page is full).
        Each row read back carries its id and its conversation's diskresjonskode and skjermet."""
        ...

    async def count_hidden_conversations(self, *, conversation_id: str | None, username: str | None,
                                         action: str | None, since: datetime | None, until: datetime | None,
                                         hidden_diskresjonskoder: Collection[str], hide_skjermet: bool) -> int:
        """How many conversations have rows matching the filters (as ``query``'s) that ``query`` leaves out for
        ``hidden_diskresjonskoder`` and ``hide_skjermet``: the number a reader is told is withheld, never which."""
        ...


class TurnQueue(Protocol):
    """The durable bot turns (router/domain/bot_turn.py)."""

    async def enqueue(self, conversation_id: str, message_id: int, payload: str | None, now: datetime, *,
                      worker: str | None = None, lease: timedelta | None = None) -> BotTurn | None:
        """Add the turn of a message being stored in this same unit of work. Given a worker and a lease, the turn
        is added already taken by that worker and returned when no earlier turn of its conversation is unfinished
        (most messages: no claim needed); else it waits, and None is returned. The caller holds the conversation
        (receive.py locks its row), so no other turn of it can be added in between."""
        ...

    async def claim_next(self, *, conversation_id: str | None, worker: str, now: datetime,
                         lease: timedelta) -> BotTurn | None:
        """Take the next runnable turn (of one conversation, or of any): the oldest unfinished turn of its
        conversation, when it waits or its lease ran out. Atomic: two routers never hold one turn, and a
        conversation's later turn never starts before an earlier one is done."""
        ...

    async def renew(self, turn_id: int, *, worker: str, until: datetime) -> bool:
        """Extend the lease; False when the turn is no longer this worker's."""
        ...

    async def complete(self, turn_id: int, *, worker: str, now: datetime, failed: bool = False) -> bool:
        """Mark the turn done (or failed); False, and nothing changed, when it is no longer this worker's running
        turn (another router took it over after this one's lease ran out)."""
        ...

    async def unfinished(self) -> int:
        """How many turns wait or run (for health, metrics and tests)."""
        ...

    async def is_running(self, conversation_id: str) -> bool:
        """Whether a turn of the conversation is being run now (so the bot may act for it)."""
        ...

    async def running_workers(self, now: datetime) -> set[str]:
        """The routers holding a running turn whose lease still runs."""
        ...

    async def release(self, worker: str, now: datetime) -> int:
        """End the leases of ``worker``'s running turns now (a router known to be dead), so any router may take
        them over at once; returns how many."""
        ...

    async def waiting(self, conversation_id: str) -> list[tuple[int, str | None]]:
        """The conversation's turns waiting to be run, oldest first: each one's message id and payload (None: typed
        words)."""
        ...


class UnitOfWork(Protocol):
    conversations: ConversationRepository
    messages: MessageRepository
    history: HistoryLog
    veiledere: VeilederRepository
    staff_sessions: StaffSessionRepository
    audit: AuditLog
    turns: TurnQueue
    committed_events: list[DomainEvent]

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def ping(self) -> None:
        """Raises when the store cannot be reached."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
