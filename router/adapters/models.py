"""SQLAlchemy 2 Mapped[] tables (conversation, message, event, veileder, session, audit)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, TypeDecorator, UniqueConstraint, false
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """Stores naive UTC (SQLite has no time zones) and always hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(AsyncAttrs, DeclarativeBase):
    type_annotation_map = {
        dict[str, Any]: JSON,
        list[str]: JSON,
        list[dict[str, Any]]: JSON,
        datetime: UtcDateTime,
    }


class ConversationRow(Base):
    __tablename__ = "conversation"
    # Rows outlive their transcripts (kept for statistics), so the table grows by every chat NAV has: the periodic
    # and per-handoff reads each need an index that fits them, or they read the whole table
    # (bench/bench_store_growth.py).
    __table_args__ = (
        Index("ix_conversation_created_at", "created_at"),  # the dashboard's and /metrics' window (since)
        Index("ix_conversation_enhet_closed", "enhetsnummer", "closed_at"),  # the wait promise's pace
        Index("ix_conversation_enhet_first_reply", "enhetsnummer", "first_human_reply_at"),  # its recent waits
        Index("ix_conversation_purge", "purged_at", "closed_at"),  # the retention sweep
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    # explicit | page_locale | detected: where the sticky language came from
    language_source: Mapped[str | None] = mapped_column(String(16))
    page_locale: Mapped[str | None] = mapped_column(String(16))
    kommune: Mapped[str | None] = mapped_column(String(64))
    geografisk_tilknytning: Mapped[str | None] = mapped_column(String(6))
    tema: Mapped[str | None] = mapped_column(String(8))
    enhetsnummer: Mapped[str | None] = mapped_column(String(16), index=True)
    diskresjonskode: Mapped[str | None] = mapped_column(String(4))
    skjermet: Mapped[bool] = mapped_column(default=False)
    priority: Mapped[str] = mapped_column(String(16), default="normal")
    veileder_id: Mapped[int | None] = mapped_column(ForeignKey("veileder.id"), index=True)
    own_veileder_id: Mapped[int | None] = mapped_column(ForeignKey("veileder.id"))
    transferred_from_veileder_id: Mapped[int | None] = mapped_column(ForeignKey("veileder.id"))
    handoff_reason: Mapped[str | None] = mapped_column(Text)
    bot_summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    bot_slots: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The bot's kommune the handoff did not route on (Conversation.set_aside_bot_place)
    bot_place_set_aside: Mapped[str | None] = mapped_column(String(64))
    needs_interpreter: Mapped[bool] = mapped_column(default=False)
    interpreter_language: Mapped[str | None] = mapped_column(String(8))
    external_session_id: Mapped[str | None] = mapped_column(String(128), unique=True)
    channel: Mapped[str] = mapped_column(String(16), default="rest")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    queued_at: Mapped[datetime | None]
    assigned_at: Mapped[datetime | None]
    first_human_reply_at: Mapped[datetime | None]
    sla_deadline: Mapped[datetime | None]
    alternate_enhetsnummer: Mapped[str | None] = mapped_column(String(16))
    # Shown to people, kept with the row so views need no lookups.
    enhet_navn: Mapped[str | None] = mapped_column(String(128))
    veileder_fornavn: Mapped[str | None] = mapped_column(String(64))
    # How many SLA escalation steps the conversation has taken (alternate enhet, kontaktsenter).
    escalation_level: Mapped[int] = mapped_column(default=0, server_default="0")
    closed_at: Mapped[datetime | None]
    close_outcome: Mapped[str | None] = mapped_column(String(64))
    handed_off: Mapped[bool] = mapped_column(default=False)
    # It began for the STARTED counter (Conversation.began)
    began: Mapped[bool] = mapped_column(default=False, server_default=false())
    # when retention deleted the transcript (the row stays for statistics)
    purged_at: Mapped[datetime | None]
    # Login: a keyed pseudonym (HMAC) of the person while tied, never the ident itself
    person_pseudonym: Mapped[str | None] = mapped_column(String(64), index=True)
    logged_in_at: Mapped[datetime | None]
    logged_out_at: Mapped[datetime | None]
    gt_from_register: Mapped[bool] = mapped_column(default=False, server_default=false())
    registered_abroad: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Threats against staff (domain/conversation.py THREATS): a keyed hash of the address the chat came from (never
    # the address), the veileder threatened, and an earlier threat by the same person or address.
    origin_key: Mapped[str | None] = mapped_column(String(64), index=True)
    threatened_veileder_id: Mapped[int | None] = mapped_column(ForeignKey("veileder.id"))
    earlier_threat_at: Mapped[datetime | None]
    earlier_threat_veileder_id: Mapped[int | None] = mapped_column(ForeignKey("veileder.id"))


class MessageRow(Base):
    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("conversation_id", "client_msg_id", name="uq_message_client_msg_id"),
        Index("ix_message_conversation_seq", "conversation_id", "id"),
    )

    # The primary key doubles as the message's seq: it only grows, across all conversations.
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversation.id"))
    sender: Mapped[str] = mapped_column(String(16))
    # As written by its author, with personal numbers masked.
    original_text: Mapped[str] = mapped_column(Text)
    original_language: Mapped[str | None] = mapped_column(String(8))
    # Machine translation for the other side (user -> nb, bot/veileder -> user's language).
    translated_text: Mapped[str | None] = mapped_column(Text)
    translated_language: Mapped[str | None] = mapped_column(String(8))
    machine_translated: Mapped[bool] = mapped_column(default=False)
    client_msg_id: Mapped[str | None] = mapped_column(String(64))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("veileder.id"))
    intent: Mapped[str | None] = mapped_column(String(64))
    intent_confidence: Mapped[float | None]
    buttons: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    created_at: Mapped[datetime]
    # the bruker message (seq) a bot turn's answer belongs to
    reply_to: Mapped[int | None]
    # the person logged in to the conversation when it was stored (its pseudonym): only they, logged in, read it
    person_pseudonym: Mapped[str | None] = mapped_column(String(64))


class ConversationEventRow(Base):
    __tablename__ = "conversation_event"
    # The kontaktsenter's window by when things happened (ConversationRepository.since, HistoryLog.breaches_since).
    __table_args__ = (Index("ix_conversation_event_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str | None] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime]


class VeilederRow(Base):
    __tablename__ = "veileder"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    navn: Mapped[str] = mapped_column(String(128))
    enhetsnummer: Mapped[str] = mapped_column(String(8))
    # veileder | kontaktsenter | admin
    roles: Mapped[list[str]] = mapped_column(default=list)
    # fortrolig (SPFO), strengt_fortrolig (SPSF), skjermet
    permissions: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    temaer: Mapped[list[str]] = mapped_column(default=list)
    capacity: Mapped[int] = mapped_column(default=3)
    presence: Mapped[str] = mapped_column(String(16), default="offline")
    idle_since: Mapped[datetime | None]


class StaffSessionRow(Base):
    __tablename__ = "staff_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    veileder_id: Mapped[int] = mapped_column(ForeignKey("veileder.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    # the last request made with this session (idle sessions end)
    last_seen_at: Mapped[datetime | None]
    # the latest sign of life of a console's live feed on this session (a closed browser is not at work)
    feed_seen_at: Mapped[datetime | None]
    # when its console's last socket closed; NULL while one is open (nothing new is assigned to a closed console)
    feed_closed_at: Mapped[datetime | None]
    # when the kontaktsenter's page last opened its feed on this session (its requests keep nobody at work)
    dashboard_seen_at: Mapped[datetime | None]


class AuditRow(Base):
    __tablename__ = "audit_log"
    # The audit page's filters, each read newest first by id (services/staff.py query_audit, keyset paging): by
    # time (at), conversation, user and action.
    __table_args__ = (
        Index("ix_audit_log_username_id", "username", "id"),
        Index("ix_audit_log_action_id", "action", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    veileder_id: Mapped[int | None] = mapped_column(ForeignKey("veileder.id"))
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    conversation_id: Mapped[str | None] = mapped_column(String(36), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class BotTurnRow(Base):
    """A bruker message's turn (language, translation, the bot): a durable job, taken by one router at a time.

    Stored in the same transaction as the message, so an acknowledged message always has its turn; a router that
    dies leaves a lease that runs out, and another router (or the restarted one) takes the turn over.
    """

    __tablename__ = "bot_turn"
    __table_args__ = (Index("ix_bot_turn_conversation_state", "conversation_id", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversation.id"))
    message_id: Mapped[int] = mapped_column(ForeignKey("message.id"), unique=True)
    payload: Mapped[str | None] = mapped_column(String(300))
    # pending | running | done
    state: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    worker: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]


class LoginSessionRow(Base):
    """A bruker's login, shared by every router: the ident and ID token only sealed (AES-GCM, NAVCHAT_LOGIN_KEY)."""

    __tablename__ = "login_session"

    # sha256 of the opaque id the browser holds: the table alone opens no session
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(36), index=True)
    pseudonym: Mapped[str] = mapped_column(String(64))
    sealed: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class PendingLoginRow(Base):
    """A login started and not yet finished (ten minutes at most), so any router can take the provider's callback."""

    __tablename__ = "pending_login"

    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(36))
    browser_binding: Mapped[str] = mapped_column(String(64))
    sealed: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(index=True)
