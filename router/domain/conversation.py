"""Conversation, ConversationState, allowed transitions and the event each one records.

The router, not Rasa, owns the conversation (DESIGN.md "The conversation owns the truth"):

    BOT ──handoff──▶ QUEUED ──assign──▶ ASSIGNED ──close──▶ CLOSED
     ▲                 │  ▲                │
     └───back to bot───┴──┴──transfer/veileder offline──┘

``Conversation`` owns its state and every transition and enforces the invariants itself, whichever path asks:
strengt fortrolig never leaves 2103; nobody is assigned above capacity or without the permissions the
conversation needs; only the assigned veileder answers; a move to another enhet takes that enhet's SLA deadline
and alternate (a staff transfer also starts the escalation ladder again). Each method appends the domain
events it caused to ``pending_events``; the services store and publish them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from router.domain.access import ConversationScope, StaffUser, may_answer, required_permissions
from router.domain.assignment import VeilederLoad
from router.domain.errors import InvalidTransition, NotAllowed, StrengtFortroligMoved
from router.domain.events import (
    STAFF_NOTE,
    ConversationQueued,
    ConversationState,
    DomainEvent,
    Noted,
    StateChanged,
    Transition,
    VeilederFreed,
)
from router.domain.messages import readable_by
from router.domain.person import PersonFacts
from router.domain.purge import kommune_level
from router.domain.queue import (
    BreachAction,
    BreachDecision,
    Priority,
    QueueEntry,
    decide_breach,
    decide_unattended_emergency,
)
from router.domain.routing import (
    KONTAKTSENTER_FOR_BRUKER,
    KONTAKTSENTER_QUEUE_PREFIX,
    VIKAFOSSEN,
    temagruppe_of,
)

__all__ = ["ConversationState", "Transition", "StateChanged", "Conversation", "Placement", "transition"]

S, T = ConversationState, Transition

# (from, transition) -> to. Anything not listed is refused.
ALLOWED_TRANSITIONS: dict[tuple[ConversationState, Transition], ConversationState] = {
    (S.BOT, T.HANDOFF): S.QUEUED,
    (S.BOT, T.CLOSE): S.CLOSED,
    (S.QUEUED, T.ASSIGN): S.ASSIGNED,
    # Kontaktsenter may move a waiting conversation to another enhet; it stays queued.
    (S.QUEUED, T.TRANSFER): S.QUEUED,
    (S.QUEUED, T.BACK_TO_BOT): S.BOT,
    (S.QUEUED, T.CLOSE): S.CLOSED,
    (S.ASSIGNED, T.TRANSFER): S.QUEUED,
    (S.ASSIGNED, T.VEILEDER_OFFLINE): S.QUEUED,
    (S.ASSIGNED, T.BACK_TO_BOT): S.BOT,
    (S.ASSIGNED, T.CLOSE): S.CLOSED,
}

# How a veileder may close a conversation (the console's choices); the bruker's own close is BRUKER_CLOSED.
STAFF_CLOSE_OUTCOMES = frozenset({"besvart", "henvist", "bruker_forlot", "ikke_nav", "trusler", "annet"})
# Threats or harassment against staff ("Jeg vet hvor du bor", a knife at the office tomorrow, slurs): the chat is
# kept past the ordinary retention as evidence (Settings.threat_retention_days), with the veileder's short note; the
# same person or address is not given to that veileder again automatically for a while, and their next chat's
# queue card says so to staff.
THREATS = "trusler"
# What a veileder may close a chat with while it still waits in the queue, nobody having taken it: spam or abuse
# ("Ikke en NAV-sak", "Trusler eller sjikane"), dismissed from the queue card. Anything else is taken first.
QUEUE_DISMISS_OUTCOMES = frozenset({"ikke_nav", THREATS})
BRUKER_CLOSED = "bruker_avsluttet"
# A waiting chat whose bruker logged in and went on in the open chat they already had (a new tab): closed, its
# words carried over, so nobody waits in the queue twice (services/login.py resume_open_conversation).
CONTINUED_IN_EARLIER = "fortsatt_i_tidligere_samtale"
MAX_REASON_CHARS = 200
# What the bot learned that says where the person lives (its slots and the handoff summary), dropped for kode 6.
PLACE_FACTS = frozenset({"kommune", "bydel", "postnummer"})


def next_state(current: ConversationState, kind: Transition) -> ConversationState:
    """The state after ``kind``, or InvalidTransition when the state machine forbids it."""
    try:
        return ALLOWED_TRANSITIONS[(current, kind)]
    except KeyError:
        raise InvalidTransition(f"cannot {kind.value} a conversation in state {current.value}") from None


def accepts_bot_messages(state: ConversationState) -> bool:
    """Rasa only receives user messages while the bot owns the conversation."""
    return state is ConversationState.BOT


def accepts_user_messages(state: ConversationState) -> bool:
    return state is not ConversationState.CLOSED


def transition(
    conversation_id: str,
    current: ConversationState,
    kind: Transition,
    *,
    actor: str,
    reason: str,
    now: datetime,
    data: dict[str, Any] | None = None,
) -> StateChanged:
    """Validate a transition and describe it as the event to record."""
    return StateChanged(
        conversation_id=conversation_id,
        transition=kind,
        from_state=current,
        to_state=next_state(current, kind),
        actor=actor,
        reason=reason,
        at=now,
        data=data or {},
    )


@dataclass(frozen=True)
class Placement:
    """Where a conversation waits, as the routing rules for that enhet say: its SLA deadline and alternate."""

    enhetsnummer: str
    navn: str
    reason: str = ""
    alternate_enhetsnummer: str | None = None
    sla_deadline: datetime | None = None
    geografisk_tilknytning: str | None = None


@dataclass
class Conversation:
    """One chat, from the bot's greeting to its close. Change it only through its methods."""

    id: str
    token_hash: str
    created_at: datetime
    updated_at: datetime
    state: ConversationState = ConversationState.BOT
    channel: str = "rest"
    language: str | None = None
    # explicit | page_locale | detected: where the sticky language came from
    language_source: str | None = None
    page_locale: str | None = None
    kommune: str | None = None
    geografisk_tilknytning: str | None = None
    tema: str | None = None
    enhetsnummer: str | None = None
    enhet_navn: str | None = None
    alternate_enhetsnummer: str | None = None
    diskresjonskode: str | None = None
    skjermet: bool = False
    priority: str = Priority.NORMAL.value
    veileder_id: int | None = None
    veileder_fornavn: str | None = None
    own_veileder_id: int | None = None
    # The veileder a transfer last took it from: the assignment does not hand it back to them (they can still take it).
    transferred_from_veileder_id: int | None = None
    handoff_reason: str | None = None
    bot_summary: dict[str, Any] = field(default_factory=dict)
    bot_slots: dict[str, Any] = field(default_factory=dict)
    # The kommune the bot heard that the handoff did not route on: her own later words said she does not live there
    # (set_aside_bot_place). What the bot learned still names it; staff are told it was not used (staff_labels).
    bot_place_set_aside: str | None = None
    needs_interpreter: bool = False
    interpreter_language: str | None = None
    external_session_id: str | None = None
    queued_at: datetime | None = None
    assigned_at: datetime | None = None
    first_human_reply_at: datetime | None = None
    sla_deadline: datetime | None = None
    # How many SLA escalation steps the conversation has taken at its current place (alternate, kontaktsenter).
    escalation_level: int = 0
    closed_at: datetime | None = None
    close_outcome: str | None = None
    handed_off: bool = False
    # It began for the STARTED counter (queue_figures.begins: her first word or wish for a person, or the close of
    # an unused chat). Set once, by the store, in the commit that begins it, and loaded with the conversation, so
    # no bruker message has to ask the messages whether she wrote before (one query per message while the bot had
    # the chat).
    began: bool = False
    purged_at: datetime | None = None
    # Login (ID-porten): a keyed pseudonym of the person while tied, never the ident; since when; and whether
    # the GT came from the person register (then it outranks what the bruker types).
    person_pseudonym: str | None = None
    logged_in_at: datetime | None = None
    logged_out_at: datetime | None = None
    gt_from_register: bool = False
    # The person who logged in lives abroad by the folkeregister: sosialhjelp needs a stay in Norway (the bot says so).
    registered_abroad: bool = False
    # A keyed hash (HMAC with the pseudonym key) of the address the chat was opened from, never the address: it
    # ties an anonymous bruker's chats together only to protect staff from someone who threatened them (THREATS).
    origin_key: str | None = None
    # Closed as THREATS: the veileder who had the chat (whom it threatened).
    threatened_veileder_id: int | None = None
    # The same person (pseudonym) or address closed an earlier chat as THREATS: when, and the veileder threatened,
    # kept here only while that was recent (Settings.threat_avoid_hours): assignment does not give it to them.
    earlier_threat_at: datetime | None = None
    earlier_threat_veileder_id: int | None = None
    pending_events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.state = ConversationState(self.state)

    # --- reads ---------------------------------------------------------------------------------------------

    @property
    def scope(self) -> ConversationScope:
        """The facts that decide which staff may see it."""
        return ConversationScope(self.enhetsnummer, self.diskresjonskode, self.skjermet, self.veileder_id,
                                 self.is_for_staff, closed=self.state is ConversationState.CLOSED)

    @property
    def is_for_staff(self) -> bool:
        """Whether staff see it at all (need to know): a human was asked for, and the bot has not got it back. What
        she tells the bot after leaving the queue (or after a veileder gave the chat back to the bot) is hers and the
        bot's, as before her first handoff (probe 165: «mannen min slår meg», said to the bot after she left the
        queue, was read by the office's veileder). Asking for a person again shows it all again, the bot part
        included, as the first handoff does."""
        return self.handed_off and self.state is not ConversationState.BOT

    @property
    def is_strengt_fortrolig(self) -> bool:
        return self.diskresjonskode == "SPSF"

    @property
    def enhet_navn_for_bruker(self) -> str:
        """The office as the bruker's own texts name it: never the office that serves only people with strengt
        fortrolig adresse (kode 6), whose name on a screen tells anyone looking on that the person has it, nor the
        office her folkeregister address chose once she has logged out (names_enhet_to); and a kontaktsenter queue
        by the name brukere know, not NAV's internal one ("Nav kontaktsenter generelt")."""
        if not self.names_enhet_to(self.logged_in_person):
            return "NAV"
        if (self.enhetsnummer or "").startswith(KONTAKTSENTER_QUEUE_PREFIX):
            return KONTAKTSENTER_FOR_BRUKER
        return self.enhet_navn or ""

    @property
    def placed_by_register_of(self) -> str | None:
        """The person whose folkeregister address placed the conversation (her GT, taken at login, not replaced by a
        place typed since: a typed place is kept as ``kommune``, the register's never is), None otherwise."""
        if self.person_pseudonym and self.geografisk_tilknytning and not self.kommune:
            return self.person_pseudonym
        return None

    def names_enhet_to(self, reader: str | None) -> bool:
        """Whether a bruker reader (the person logged in now, None when nobody is) may read which office serves the
        conversation. Never for strengt fortrolig adresse (kode 6). The office her folkeregister address chose tells
        where she is registered: hers to read, as what she said while logged in (messages.readable_by); after "Logg
        ut" the next person holding the page and its token reads "NAV" (probe: the handoff's answer named her
        office after her logout)."""
        return not self.is_strengt_fortrolig and readable_by(self.placed_by_register_of, reader)

    @property
    def may_apply_digitally(self) -> bool:
        """People with adressebeskyttelse (kode 6 or 7, from the person register at login) cannot apply for
        økonomisk sosialhjelp digitally: they get help to apply by phone or at the office (DESIGN, Digisos facts)."""
        return self.diskresjonskode is None

    @property
    def accepts_bot_messages(self) -> bool:
        return accepts_bot_messages(self.state)

    def queue_entry(self) -> QueueEntry:
        """The conversation as the queue orders it (router/domain/queue.py)."""
        if self.queued_at is None:
            raise InvalidTransition("the conversation has never been queued")
        return QueueEntry(
            conversation_id=self.id,
            queued_at=self.queued_at,
            priority=Priority(self.priority),
            enhetsnummer=self.enhetsnummer or "",
            temagruppe=temagruppe_of(self.tema).value,
            veileder_id=str(self.own_veileder_id) if self.own_veileder_id else None,
            escalation_level=self.escalation_level,
        )

    def breach_decision(self, now: datetime, *, kontaktsenter_enhetsnummer: str | None,
                        on_duty: Collection[str] | None = None) -> BreachDecision:
        """The next SLA step (queue.decide_breach, ``on_duty`` as there); strengt fortrolig stays at 2103 and only
        alerts."""
        if self.state is not S.QUEUED or self.sla_deadline is None:
            return BreachDecision(BreachAction.NONE, None, False, self.escalation_level, "not waiting on an SLA")
        may_move = not self.is_strengt_fortrolig
        return decide_breach(
            self.queue_entry(), now, self.sla_deadline,
            alternate_enhetsnummer=self.alternate_enhetsnummer if may_move else None,
            kontaktsenter_enhetsnummer=kontaktsenter_enhetsnummer if may_move else None,
            on_duty=on_duty,
        )

    def unattended_emergency_decision(self, *, kontaktsenter_enhetsnummer: str | None,
                                      on_duty: Collection[str]) -> BreachDecision:
        """For a waiting emergency nobody online at its enhet may take: where to move it now
        (queue.decide_unattended_emergency). Strengt fortrolig stays at 2103."""
        if self.state is not S.QUEUED or self.is_strengt_fortrolig:
            return BreachDecision(BreachAction.NONE, None, False, self.escalation_level, "not a waiting move")
        return decide_unattended_emergency(
            self.queue_entry(), alternate_enhetsnummer=self.alternate_enhetsnummer,
            kontaktsenter_enhetsnummer=kontaktsenter_enhetsnummer, on_duty=on_duty)

    def take_events(self) -> list[DomainEvent]:
        """The events since the last call, oldest first (the unit of work stores and publishes them)."""
        events, self.pending_events = self.pending_events, []
        return events

    # --- transitions ---------------------------------------------------------------------------------------

    def hand_off(self, placement: Placement, *, tema: str, priority: Priority, reason: str, actor: str,
                 now: datetime, summary: Mapping[str, str] | None = None) -> None:
        """BOT→QUEUED at the enhet the routing chose; the bruker's place in the queue starts now."""
        self._transition(T.HANDOFF, actor=actor, reason=reason[:MAX_REASON_CHARS], now=now)
        self.priority = priority.value
        self.tema = tema
        self.queued_at = now
        self.handoff_reason = reason[:MAX_REASON_CHARS]
        self.bot_summary = self._without_place_if_hidden({**self.bot_summary, **(summary or {})})
        self.handed_off = True
        self._place(placement, now=now, restart_escalation=True)
        self._note("routed", actor="router", reason=placement.reason, now=now, data={
            "enhetsnummer": placement.enhetsnummer,
            "alternate_enhetsnummer": placement.alternate_enhetsnummer,
            "geografisk_tilknytning": self.geografisk_tilknytning,
            "tema": tema,
            "priority": priority.value,
        })
        self.pending_events.append(ConversationQueued(self.id, placement.enhetsnummer))

    def assign(self, veileder: VeilederLoad, *, fornavn: str, actor: str, reason: str, now: datetime,
               navn: str | None = None) -> None:
        """QUEUED→ASSIGNED to a veileder who may see it and has room; never above capacity. ``navn`` (the whole
        name) goes into the history for staff, who read who had the conversation."""
        if self.state is not S.QUEUED:
            raise InvalidTransition(f"cannot assign a conversation in state {self.state.value}")
        if not veileder.has_capacity:
            raise NotAllowed(f"veileder {veileder.veileder_id} has {veileder.open_chats} of {veileder.capacity} "
                             "open chats (capacity)")
        if not required_permissions(self.diskresjonskode, self.skjermet) <= veileder.permissions:
            raise NotAllowed(f"veileder {veileder.veileder_id} lacks a permission this conversation needs")
        veileder_id = int(veileder.veileder_id)
        data: dict[str, Any] = {"veileder_id": veileder_id} | ({"veileder_navn": navn} if navn else {})
        self._transition(T.ASSIGN, actor=actor, reason=reason, now=now, data=data)
        self.veileder_id = veileder_id
        self.veileder_fornavn = fornavn
        self.assigned_at = now

    def is_answered_by(self, staff: StaffUser) -> bool:
        """Whether ``staff`` is who writes to the bruker now (and may show them a veileder typing)."""
        return self.state is S.ASSIGNED and may_answer(staff, self.scope)

    def accept_staff_reply(self, staff: StaffUser, now: datetime) -> None:
        """Only the assigned veileder answers the bruker; the first answer is the time to first human reply."""
        if not self.is_answered_by(staff):
            raise NotAllowed("only the veileder the conversation is assigned to can answer it")
        if self.first_human_reply_at is None:
            self.first_human_reply_at = now
        self.updated_at = now

    def transfer(self, placement: Placement, *, actor: str, note: str, now: datetime,
                 reserved_for: int | None = None, data: Mapping[str, Any] | None = None) -> None:
        """A person moves it to another enhet's queue (or one veileder's); the bruker keeps their place in line.

        A deliberate move starts afresh at the new place: its SLA deadline, its alternate, escalation level 0.
        """
        previous = self.veileder_id
        self._transition(T.TRANSFER, actor=actor, reason=note or "overført", now=now, data={
            "from_enhetsnummer": self.enhetsnummer, "to_enhetsnummer": placement.enhetsnummer, **(data or {})})
        self._place(placement, now=now, restart_escalation=True)
        self.own_veileder_id = reserved_for
        if previous is not None:
            self.transferred_from_veileder_id = previous
        self._free(previous)
        self.pending_events.append(ConversationQueued(self.id, placement.enhetsnummer))

    def escalate(self, decision: BreachDecision, placement: Placement, *, now: datetime,
                 unattended: bool = False) -> None:
        """One step up the SLA ladder (queue.decide_breach): move to ``placement``, or alert and wait again there.
        ``unattended``: the step taken before the deadline, for an emergency nobody at its enhet could take
        (queue.decide_unattended_emergency); its history says so, and it is not counted as a breach.

        ``placement`` is the decision's target enhet, or the current one for an alert-only step (a fresh SLA
        period before the next alert). Unlike a transfer, the level is kept, so the next breach takes the next
        step instead of moving the conversation back.
        """
        if self.state is not S.QUEUED or decision.action is BreachAction.NONE:
            raise InvalidTransition("only a waiting conversation past its SLA deadline escalates")
        if unattended and decision.target_enhetsnummer is None:
            raise InvalidTransition("an unattended emergency only moves")
        data = {"from_enhetsnummer": self.enhetsnummer, "to_enhetsnummer": decision.target_enhetsnummer,
                "escalation_level": decision.escalation_level, "action": decision.action.value}
        if unattended:
            data["unattended"] = True
        if decision.nobody_on_duty_at:
            data["nobody_on_duty_at"] = list(decision.nobody_on_duty_at)
        if unattended:
            self._note("emergency_moved_unattended", actor="router", reason=decision.reason, now=now, data=data)
        else:
            self._note("sla_breached", actor="router", reason=decision.reason, now=now, data=data)
        if decision.target_enhetsnummer is not None:
            self._transition(T.TRANSFER, actor="router", reason=decision.reason, now=now, data=data)
            self._place(placement, now=now, restart_escalation=False)
            self.pending_events.append(ConversationQueued(self.id, placement.enhetsnummer))
        else:
            self.sla_deadline = placement.sla_deadline
        self.escalation_level = decision.escalation_level

    def reroute(self, placement: Placement, *, reason: str, now: datetime) -> None:
        """The bruker's place became known while waiting: move to the office that serves it, place in line kept."""
        if self.state is not S.QUEUED:
            raise InvalidTransition("only a waiting conversation is re-routed")
        if placement.enhetsnummer == self.enhetsnummer:
            return
        self.transfer(placement, actor="router", note=reason, now=now)

    def veileder_went_offline(self, *, actor: str, now: datetime, sla_deadline: datetime | None) -> None:
        """ASSIGNED→QUEUED with the place kept; a reservation for that veileder is released (queue.release). The
        wait for the next veileder gets its own SLA period (``sla_deadline``), not the one that ran out while the
        bruker was being helped."""
        previous = self.veileder_id
        self._transition(T.VEILEDER_OFFLINE, actor=actor, reason="veileder gikk offline", now=now)
        self.sla_deadline = sla_deadline
        if self.own_veileder_id == previous:
            self.own_veileder_id = None
        self.veileder_id = None
        assert self.enhetsnummer is not None
        self.pending_events.append(ConversationQueued(self.id, self.enhetsnummer))

    def leave_queue(self, *, now: datetime) -> None:
        """The bruker goes back to the bot while waiting (QUEUED→BOT): they leave the queue, and a later wish for a
        person queues them afresh, at the back (they were told so before: the button says it)."""
        if self.state is not S.QUEUED:
            raise InvalidTransition(f"only a waiting conversation leaves the queue, not one in {self.state.value}")
        self._transition(T.BACK_TO_BOT, actor="bruker", reason="bruker gikk tilbake til chatroboten", now=now,
                         data={"queued_at": self.queued_at.isoformat() if self.queued_at else None,
                               "enhetsnummer": self.enhetsnummer})

    def back_to_bot(self, *, actor: str, now: datetime) -> None:
        previous = self.veileder_id
        self._transition(T.BACK_TO_BOT, actor=actor, reason=T.BACK_TO_BOT.value, now=now)
        self._free(previous)

    def close(self, outcome: str, *, actor: str, now: datetime, by_navn: str | None = None,
              note: str | None = None, by_veileder_id: int | None = None) -> None:
        """``by_navn``: the name of the staff member who ended it, kept in the history row (who ended the chat), with
        whether it still waited in the queue (nobody had taken it) and the staff's ``note`` (a threat's). Closed as
        THREATS, the veileder who had it, else ``by_veileder_id`` (who dismissed it from the queue), is the one
        threatened.

        A login is not ended by the close: a login ends as logins end, at "Logg ut" or the login's expiry
        (end_person_tie), whoever closed the chat. Until then the page that holds it reads and downloads it, read-only
        (accepts_user_messages). A path that takes the login elsewhere ends the tie itself (services/login.py)."""
        previous = self.veileder_id
        data = ({"by_navn": by_navn} if by_navn else {}) | (
            {"while_queued": True} if self.state is ConversationState.QUEUED else {}) | (
            {"note": note} if note else {})
        self._transition(T.CLOSE, actor=actor, reason=outcome, now=now, data=data or None)
        self.closed_at = now
        self.close_outcome = outcome
        if outcome == THREATS:
            self.threatened_veileder_id = previous if previous is not None else by_veileder_id
        self._free(previous)
        # The login outlives the chat (keeps_login_after_close): she reads what she was just told until Logg ut or
        # the login's expiry; ending it here turned her own words and the answer into placeholders on her page.

    # --- facts learned on the way ----------------------------------------------------------------------------

    def receive_user_message(self, now: datetime) -> None:
        """The bruker wrote; a closed conversation takes no more messages."""
        if not accepts_user_messages(self.state):
            raise InvalidTransition("the conversation is closed; open a new one")
        self.updated_at = now

    def learn_language(self, language: str, source: str | None) -> None:
        """What the language policy decided from the bruker's own words (language_policy.decide_language)."""
        self.language = language
        self.language_source = source

    def choose_language(self, language: str, *, source: str, actor: str, now: datetime) -> None:
        self.language = language
        self.language_source = source
        self._note("language_chosen", actor=actor, reason=language, now=now)

    def record_interpreter_need(self, language: str, *, actor: str, now: datetime) -> None:
        """The need for a tolk travels with the conversation to the queue and the console."""
        self.needs_interpreter = True
        self.interpreter_language = language
        self._note("interpreter_requested", actor=actor, reason=language, now=now)

    def raise_to_emergency(self, category: str, *, sla_deadline: datetime | None, actor: str, now: datetime,
                           reason: str = "") -> bool:
        """Acute need (nødhjelp) found in the bruker's words: priority emergency from now on, whatever the state.

        While waiting, the bruker keeps their place (``queued_at``) and the queue's emergency head start applies;
        the emergency SLA deadline (``sla_deadline``, counted from now) replaces the current one when it is
        sooner. Idempotent: an emergency already stays as it is, with no second note. Returns whether it rose.
        """
        if self.state is S.CLOSED:
            raise InvalidTransition("a closed conversation is not raised to emergency")
        if self.priority == Priority.EMERGENCY.value:
            return False
        self.priority = Priority.EMERGENCY.value
        if self.state is S.QUEUED and sla_deadline is not None:
            self.sla_deadline = min(self.sla_deadline, sla_deadline) if self.sla_deadline else sla_deadline
        self.updated_at = now
        self._note("acute_need_detected", actor=actor, reason=reason or category, now=now,
                   data={"category": category})
        return True

    def learn_place(self, description: str, *, gt: str | None = None) -> bool:
        """Where the bruker lives, as the bruker, the bot or the page told it, and its GT where it resolved.

        A place that resolved replaces what was known, unless it is vaguer in the same kommune (the kommune after
        its bydel was given); a later, different place is the bruker's correction. Text that did not resolve is
        kept only when nothing is known. Strengt fortrolig keeps no trace of where the person lives. Returns
        whether anything changed.
        """
        if self.is_strengt_fortrolig or not description or self.gt_from_register:
            return False
        current = self.geografisk_tilknytning
        if gt is None:
            if self.kommune or current:
                return False
        elif current and (gt == current or current.startswith(gt)):
            return False
        self.kommune = description[:64]
        self.geografisk_tilknytning = gt
        return True

    def set_aside_bot_place(self, kommune: str, *, why: str, now: datetime) -> None:
        """The bot's kommune is a name it heard, not where she lives ("I used to live in Bergen but now I live in
        Spain"): not routed on, and remembered so staff reading the bot's facts are told so; ``why`` in the history
        (staff words). Strengt fortrolig keeps no place in what the bot learned (_without_place_if_hidden)."""
        if not self.is_strengt_fortrolig:
            self.bot_place_set_aside = kommune[:64]
        self._note("bot_place_set_aside", actor="router", reason=f"«{kommune}» – {why}", now=now)

    @property
    def is_logged_in(self) -> bool:
        return self.person_pseudonym is not None and self.logged_out_at is None

    @property
    def logged_in_person(self) -> str | None:
        """The person logged in now (their pseudonym), None when nobody is: after a logout or an expiry the
        pseudonym stays as the record of whose conversation it was, but nobody is logged in. A message stored now
        is bound to them, and a bruker reads a bound message only as them (router/domain/messages.py shown_to)."""
        return self.person_pseudonym if self.is_logged_in else None

    def check_may_tie_to(self, pseudonym: str) -> None:
        """Whether a login of the person ``pseudonym`` may tie this conversation to her (tie_to_person): asked before
        her registers are read, so a login that would be refused reads nothing (probe 139: a login as another person
        on a chat tied to Kari read Nils's registers, and the refusal rolled their audit row back)."""
        if self.state is S.CLOSED:
            raise InvalidTransition("a closed conversation is not tied to anyone")
        if self.person_pseudonym is not None and self.person_pseudonym != pseudonym:
            raise NotAllowed("the conversation is already tied to another person")

    def tie_to_person(self, facts: PersonFacts, *, own_veileder_id: int | None, now: datetime) -> None:
        """The bruker logged in: the conversation goes on, now the person's, placed and protected as the registers say.

        What was said before is marked by the history note's time (``logged_in_at``). Adressebeskyttelse and
        skjermet only ever tighten a conversation (a protection stays after logout); strengt fortrolig keeps no
        trace of where the person lives. The registered GT replaces a typed place. The own veileder is preferred
        by assignment (router/domain/assignment.py) when online and with room.
        """
        self.check_may_tie_to(facts.pseudonym)
        if facts.diskresjonskode == "SPSF" or (facts.diskresjonskode == "SPFO" and not self.is_strengt_fortrolig):
            self.diskresjonskode = facts.diskresjonskode
        self.skjermet = self.skjermet or facts.skjermet
        if self.is_strengt_fortrolig:
            self.kommune = None
            self.geografisk_tilknytning = None
            self.gt_from_register = False
            # What the bot heard of the place too: the summary beside a kode 6 chat showed "Bydel Grünerløkka".
            self.bot_slots = self._without_place_if_hidden(self.bot_slots)
            self.bot_summary = self._without_place_if_hidden(self.bot_summary)
            self.bot_place_set_aside = None
        elif facts.gt is not None:
            self.kommune = None
            self.geografisk_tilknytning = facts.gt
            self.gt_from_register = True
        self.registered_abroad = facts.registered_abroad and not self.is_strengt_fortrolig
        if own_veileder_id is not None and self.state is not S.ASSIGNED:
            self.own_veileder_id = own_veileder_id
        self.person_pseudonym = facts.pseudonym
        self.logged_in_at = now
        self.logged_out_at = None
        self.updated_at = now
        self._note("logged_in", actor="bruker", reason="innlogget med ID-porten", now=now, data={
            "gt_from_register": self.gt_from_register, "own_veileder": own_veileder_id is not None})

    def tie_again_to_read(self, pseudonym: str, *, now: datetime) -> None:
        """A closed chat's person logged in again on its page (after "Logg ut" or an expired login): she reads it
        again, read-only, until this login ends too. Only as the person it was tied to; nothing else changes (no
        registers are read: nothing is routed or answered any more)."""
        if self.state is not S.CLOSED:
            raise InvalidTransition("only a closed conversation is logged in again to be read")
        if self.person_pseudonym is None or self.purged_at is not None:
            raise InvalidTransition("nothing of a logged-in person is kept in this conversation")
        if self.person_pseudonym != pseudonym:
            raise NotAllowed("the conversation is another person's")
        if self.is_logged_in:
            return
        self.logged_out_at = None
        self.updated_at = now
        self._note("logged_in", actor="bruker", reason="innlogget igjen for å lese en avsluttet samtale", now=now,
                   data={"closed": True})

    def end_person_tie(self, reason: str, *, now: datetime) -> None:
        """Logout or an expired login: the conversation goes on anonymously; protections stay, and the pseudonym
        stays as the record of whose conversation it was (own-veileder continuity) until retention purges it."""
        if not self.is_logged_in:
            return
        self.logged_out_at = now
        self.gt_from_register = False
        self.updated_at = now
        self._note("logged_out", actor="bruker" if reason == "utlogget" else "router", reason=reason, now=now)

    def remember_bot_slots(self, slots: Mapping[str, Any]) -> None:
        """What the bot filled (or was told), kept for the veileder and so the router tells Rasa only changes."""
        self.bot_slots = self._without_place_if_hidden({**self.bot_slots, **slots})

    def _without_place_if_hidden(self, facts: Mapping[str, Any]) -> dict[str, Any]:
        """Strengt fortrolig keeps no trace of where the person lives, in what the bot learned either."""
        if not self.is_strengt_fortrolig:
            return dict(facts)
        return {key: value for key, value in facts.items() if key not in PLACE_FACTS}

    def renew_token(self, token_hash: str) -> None:
        """A reconnecting socket.io client gets a new bearer token; the old one stops working."""
        self.token_hash = token_hash

    def move_to_own_chat(self, token_hash: str, now: datetime) -> None:
        """A chat in a third-party Rasa widget moves to the router's own chat page, where the bruker can log in
        (router/services/handover.py): the widget's session id is released and its token replaced, so the page
        that took it over is the only one that can read it from now on."""
        if self.channel != "socketio":
            raise InvalidTransition("only a chat in a Rasa widget moves to the own chat page")
        if self.state is S.CLOSED:
            raise InvalidTransition("the conversation is closed; open a new one")
        self.channel = "rest"
        self.external_session_id = None
        self.token_hash = token_hash
        self.updated_at = now
        self._note("moved_to_own_chat", actor="bruker", reason="innlogging", now=now)

    def release_session_id(self) -> None:
        """A closed chat gives its socket.io session id to the next conversation."""
        self.external_session_id = None

    def forget_transcript(self, now: datetime) -> None:
        """Retention: what the bot learned goes with the messages; state, enhet and times stay for statistics. Where
        the person lives stays only as the kommune (a bydel of residence from the register, with the times, tied the
        row to the person); the place the bruker typed goes (router/domain/purge.py)."""
        self.bot_summary = {}
        self.bot_slots = {}
        self.bot_place_set_aside = None
        self.kommune = None
        self.geografisk_tilknytning = kommune_level(self.geografisk_tilknytning)
        self.person_pseudonym = None
        self.origin_key = None
        self.registered_abroad = False
        # The register's follow-up veileder (oppfølging) and an earlier threat of the same person are facts about
        # the person and her other chats: they go with her (probe 134 found own_veileder_id kept).
        self.own_veileder_id = None
        self.earlier_threat_at = None
        self.earlier_threat_veileder_id = None
        self.purged_at = now

    def remember_earlier_threat(self, closed_at: datetime, veileder_id: int | None, *, avoid: bool,
                                now: datetime) -> None:
        """An earlier chat of the same person or address was closed as THREATS at ``closed_at``: staff see it on
        the queue card; while ``avoid`` (recent), the veileder threatened is not given this one automatically."""
        self.earlier_threat_at = closed_at
        self.earlier_threat_veileder_id = veileder_id if avoid else None
        self._note("earlier_threat", actor="router", reason="tidligere samtale avsluttet som trusler/sjikane",
                   now=now, data={"closed_at": closed_at.isoformat(), "veileder_avoided": avoid and bool(veileder_id)})

    def forget_earlier_threat(self, *, now: datetime) -> None:
        """The mark came from the address only, and the bruker has since logged in as someone the threat was not
        from: a shared address (a NAV office's PC, a shelter, a mobile network) is no tie to her."""
        if self.earlier_threat_at is None:
            return
        self.earlier_threat_at = None
        self.earlier_threat_veileder_id = None
        self._note("earlier_threat_cleared", actor="router",
                   reason="innlogget: ikke samme person som den tidligere samtalen avsluttet som trusler/sjikane",
                   now=now)

    def is_abandoned(self, now: datetime, idle: timedelta) -> bool:
        """Nobody wrote for ``idle`` while only the bot had it: the bruker left (a wait for a human is no idling)."""
        return self.state is S.BOT and now - self.updated_at >= idle

    def add_staff_note(self, text: str, *, actor: str, by_navn: str, now: datetime) -> Noted:
        """A staff member's internal note in the chat's history, for colleagues who help the bruker now or after a
        transfer; never shown to the bruker nor sent to the bot, and its words go at the purge as a transfer note's
        do (purge.purged_history). Not on an ended chat: nobody would act on it."""
        if self.state is S.CLOSED:
            raise NotAllowed("the conversation has ended: a note now reaches nobody who helps the bruker")
        return self._note(STAFF_NOTE, actor=actor, reason=text, now=now, data={"by_navn": by_navn})

    def note(self, kind: str, *, actor: str, reason: str, now: datetime, data: dict[str, Any] | None = None) -> None:
        """A history row that is not a transition."""
        self._note(kind, actor=actor, reason=reason, now=now, data=data)

    # --- invariants ------------------------------------------------------------------------------------------

    def _transition(self, kind: Transition, *, actor: str, reason: str, now: datetime,
                    data: dict[str, Any] | None = None) -> None:
        change = transition(self.id, self.state, kind, actor=actor, reason=reason, now=now, data=data)
        self.state = change.to_state
        self.updated_at = now
        self.pending_events.append(change)

    def _place(self, placement: Placement, *, now: datetime, restart_escalation: bool) -> None:
        # DESIGN/NAV: strengt fortrolig adresse is served by NAV Vikafossen only, on every path.
        if self.is_strengt_fortrolig and placement.enhetsnummer != VIKAFOSSEN:
            raise StrengtFortroligMoved(f"a strengt fortrolig conversation stays at {VIKAFOSSEN}, "
                                        f"not {placement.enhetsnummer}")
        self.enhetsnummer = placement.enhetsnummer
        self.enhet_navn = placement.navn
        self.alternate_enhetsnummer = placement.alternate_enhetsnummer
        self.sla_deadline = placement.sla_deadline
        if placement.geografisk_tilknytning is not None:
            self.geografisk_tilknytning = placement.geografisk_tilknytning
        if restart_escalation:
            self.escalation_level = 0
        self.veileder_id = None
        self.updated_at = now

    def _free(self, veileder_id: int | None) -> None:
        self.veileder_id = None
        if veileder_id is not None:
            self.pending_events.append(VeilederFreed(veileder_id))

    def _note(self, kind: str, *, actor: str, reason: str, now: datetime, data: dict[str, Any] | None = None) -> Noted:
        record = Noted(self.id, kind, actor, reason, now, data or {})
        self.pending_events.append(record)
        return record

