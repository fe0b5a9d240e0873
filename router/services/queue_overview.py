"""Group-level read model for the kontaktsenter (lengths, waits, breaches); never a ranking of veiledere."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from router.domain import routing
from router.domain import staff_labels as words
from router.domain.access import StaffUser, has_needed_permissions
from router.domain.conversation import ConversationState
from router.domain.events import HistoryRecord, StateChanged, Transition
from router.domain.expiry import EXPIRED
from router.domain.opening_hours import next_opening
from router.services.deps import Deps
from router.services.staff import closed_consoles

WINDOW = timedelta(hours=8)
HISTORY_STEP = timedelta(minutes=15)
STUCK_AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class ConversationFacts:
    id: str
    state: str
    enhetsnummer: str | None
    tema: str | None
    language: str | None
    priority: str
    handed_off: bool
    created_at: datetime
    queued_at: datetime | None
    assigned_at: datetime | None
    closed_at: datetime | None
    sla_deadline: datetime | None
    # When the bruker last went back to the bot from the queue ("Tilbake til chatroboten"), from the history: the
    # wait ended there, though nothing on the conversation row says so (its place, queued_at, is kept).
    left_queue_at: datetime | None = None
    # When it came back to the queue from a veileder (a transfer, the veileder offline), from the history: its
    # current wait began there, not at its place in line (queued_at, kept).
    back_in_queue_at: datetime | None = None
    # How it ended: EXPIRED (router/domain/expiry.py) is a wait nobody acted on, closed by the system.
    close_outcome: str | None = None

    @property
    def reached_veileder(self) -> bool:
        """A veileder got it (assigned_at is kept when it moves on): "overført til veileder" counts these only."""
        return self.handed_off and self.assigned_at is not None

    @property
    def back_from_veileder(self) -> bool:
        """Waiting again after a veileder had it since its place: its current wait began when it came back."""
        return (self.state == ConversationState.QUEUED.value and self.queued_at is not None
                and self.assigned_at is not None and self.assigned_at >= self.queued_at)

    @property
    def wait_began_at(self) -> datetime | None:
        """When the current wait began: a probe's "lengste ventetid" of 9 min counted 2.5 min with a veileder.
        Back from a veileder with no known time it came back, its assignment is the earliest the wait can have
        begun (never more than the bruker waited)."""
        if self.back_from_veileder:
            return self.back_in_queue_at or self.assigned_at
        return self.queued_at

    @property
    def may_have_left_queue(self) -> bool:
        """Not waiting now and never answered since its place: it may have gone back to the bot, which only the
        history tells (read for these alone, not for every conversation)."""
        return (self.handed_off and self.queued_at is not None and self.state != ConversationState.QUEUED.value
                and (self.assigned_at is None or self.assigned_at < self.queued_at))


def temagruppe_of(tema: str | None) -> str:
    return routing.temagruppe_of(tema).value


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def waiting_at(facts: ConversationFacts, at: datetime) -> bool:
    """Waiting in a queue at ``at``. One back in the queue now (a transfer, its veileder gone offline) keeps its
    place, queued_at, and an assigned_at from before: it waited from its place until a veileder got it, and again
    since it came back (wait_began_at).
    Otherwise the wait ends when a veileder got it, it closed, or the bruker went back to the bot."""
    if facts.queued_at is None or facts.queued_at > at:
        return False
    if facts.back_from_veileder:
        # With a veileder from its assignment until it came back: not waiting then.
        assert facts.assigned_at is not None and facts.wait_began_at is not None
        return at < facts.assigned_at or at >= facts.wait_began_at
    if facts.state == ConversationState.QUEUED.value:
        return True
    # An assignment from before the latest handoff (a veileder gave it back to the bot) did not end this wait.
    assigned = facts.assigned_at if facts.assigned_at and facts.assigned_at >= facts.queued_at else None
    ended = min((t for t in (assigned, facts.closed_at, facts.left_queue_at) if t is not None), default=None)
    if ended is None:
        # With the bot now and no known time it left the queue: not waiting (never counted as waiting forever).
        return facts.state != ConversationState.BOT.value
    return ended > at


# The history kinds of state changes (what left_queue_at and back_in_queue_at read).
_TRANSITIONS = tuple(transition.value for transition in Transition)


def left_queue_at(history: list[HistoryRecord], queued_at: datetime) -> datetime | None:
    """The last time the conversation went from the queue back to the bot after its place ``queued_at``."""
    return max((r.at for r in history if isinstance(r, StateChanged) and r.transition is Transition.BACK_TO_BOT
                and r.from_state is ConversationState.QUEUED and r.at >= queued_at), default=None)


def back_in_queue_at(history: list[HistoryRecord], assigned_at: datetime) -> datetime | None:
    """The last time the conversation went from a veileder back to the queue after ``assigned_at``."""
    return max((r.at for r in history if isinstance(r, StateChanged) and r.from_state is ConversationState.ASSIGNED
                and r.to_state is ConversationState.QUEUED and r.at >= assigned_at), default=None)


def summarize(
    facts: list[ConversationFacts],
    veiledere: list[tuple[str, str, int, int]],
    breaches: Counter[tuple[str, str]],
    now: datetime,
    names: dict[str, str],
    staffed_from: dict[str, str] | None = None,
    opens: dict[str, datetime | None] | None = None,
    gone: Collection[str] = (),
) -> dict[str, Any]:
    """Pure: per enhet and temagruppe, and the history, from plain facts (tests feed it directly).
    ``staffed_from``: queues answered by another enhet's staff (NKS-OVRG by 4100's), whose staff are shown.
    ``opens``: when each enhet's chat is next open (``now`` while open, None: never), so a closed office's queue
    reads as closed and when it opens, not as an office where nobody came to work."""
    staffed_from = staffed_from or {}
    opens = opens or {}
    groups: dict[tuple[str, str], list[ConversationFacts]] = defaultdict(list)
    for f in facts:
        if f.handed_off and f.enhetsnummer:
            groups[(f.enhetsnummer, temagruppe_of(f.tema))].append(f)
    staff: dict[str, dict[str, int]] = defaultdict(
        lambda: {"online": 0, "with_room": 0, "logged_in": 0, "open_chats": 0, "capacity": 0})
    for enhetsnummer, presence, open_chats, capacity in veiledere:
        if presence == "online":  # "Tilgjengelig": gets chats; its capacity is the queue's
            staff[enhetsnummer]["online"] += 1
            staff[enhetsnummer]["capacity"] += capacity
            # Tilgjengelig with a free place: who can take a chat now ("2 av 2 tilgjengelige" beside "6 / 6" full
            # read as room to a leader).
            staff[enhetsnummer]["with_room"] += int(open_chats < capacity)
        if presence != "offline":  # at work in any status (Tilgjengelig, Opptatt, Borte)
            staff[enhetsnummer]["logged_in"] += 1
        staff[enhetsnummer]["open_chats"] += open_chats
    rows = []
    teams_shown: set[str] = set()
    # A breach stays in its enhet's row for the window, also after its conversation moved on (escalated away, its
    # row would otherwise be gone, and the breach with it).
    for enhetsnummer, temagruppe in sorted(set(groups) | set(breaches)):
        items = groups.get((enhetsnummer, temagruppe), [])
        team_enhet = staffed_from.get(enhetsnummer, enhetsnummer)  # who answers this queue
        teams_shown.add(team_enhet)
        team = staff[team_enhet]
        waiting = [f for f in items if f.state == ConversationState.QUEUED.value]
        # From when each one's current wait began, not its place in line (a veileder had some meanwhile).
        waits_now = [(now - f.wait_began_at).total_seconds() for f in waiting if f.wait_began_at]
        answered = [(f.assigned_at - f.queued_at).total_seconds() for f in items
                    if f.assigned_at and f.queued_at and f.state != ConversationState.QUEUED.value]
        all_waits = answered + waits_now
        opening = opens.get(enhetsnummer, now)
        rows.append({
            "enhetsnummer": enhetsnummer,
            "navn": names.get(enhetsnummer, enhetsnummer),
            "open_now": opening is not None and opening <= now,
            "opens_at": opening.isoformat() if opening is not None and opening > now else None,
            "temagruppe": temagruppe,
            "temagruppe_label": words.queue_label(temagruppe),  # the queue's one name, as in the console
            "waiting": len(waiting),
            "emergencies_waiting": sum(1 for f in waiting if f.priority == "emergency"),
            "oldest_wait_s": round(max(waits_now)) if waits_now else 0,
            "median_wait_s": round(statistics.median(all_waits)) if all_waits else None,
            "p90_wait_s": round(percentile(all_waits, 0.9) or 0) if all_waits else None,
            "sla_breaches": breaches.get((enhetsnummer, temagruppe), 0),
            "veiledere_online": team["online"],
            "veiledere_with_room": team["with_room"],
            "veiledere_logged_in": team["logged_in"],
            "open_chats": team["open_chats"],
            "capacity": team["capacity"],
            "handed_off": len(items),  # asked for a person
            # "Til veileder": those a veileder got (not those that went back to the bot before anyone took them).
            "to_veileder": sum(1 for f in items if f.reached_veileder),
            "languages": dict(Counter(f.language or "nb" for f in items)),
        })
    history = []
    start = now - WINDOW
    at = start
    while at <= now:
        history.append({
            "at": at.isoformat(),
            "waiting": sum(1 for f in facts if waiting_at(f, at)),
            # Handed to a veileder by then: one that went back to the bot before anyone took it was not.
            "to_veileder": sum(1 for f in facts if f.reached_veileder and f.assigned_at and f.assigned_at <= at),
        })
        at += HISTORY_STEP
    waiting_now = [f for f in facts if f.state == ConversationState.QUEUED.value and f.wait_began_at]
    stuck = [
        {"id": f.id, "enhetsnummer": f.enhetsnummer, "navn": names.get(f.enhetsnummer or "", f.enhetsnummer),
         "waited_s": round((now - f.wait_began_at).total_seconds()), "priority": f.priority,
         "priority_label": words.priority_label(f.priority), "language": f.language or "nb",
         "sla_breached": bool(f.sla_deadline and f.sla_deadline <= now),
         # The bruker's chat page is gone (ports/store.py bruker_gone): still counted, the row says it.
         "bruker_gone": f.id in gone}
        for f in sorted(waiting_now, key=lambda f: f.queued_at or now)
        if f.wait_began_at and (now - f.wait_began_at >= STUCK_AFTER
                                or (f.sla_deadline is not None and f.sla_deadline <= now))
    ]
    return {
        "generated_at": now.isoformat(),
        "groups": rows,
        "totals": {
            "conversations": len(facts),
            "bot_only": sum(1 for f in facts if not f.handed_off),
            # Of those: still talking to the bot, and ended without ever asking for a person (not "solved": the
            # bruker may have given up; the figure says what is known).
            "bot_open": sum(1 for f in facts if not f.handed_off and f.state == ConversationState.BOT.value),
            "bot_closed": sum(1 for f in facts if not f.handed_off and f.state == ConversationState.CLOSED.value),
            # Ended without a veileder ever having it: with the bot, or from the queue (the bruker left, or the
            # kontaktsenter closed it): the dashboard's "avsluttet uten veileder" (it showed bot_closed, and 11
            # chats the kontaktsenter closed in the queue were in no figure).
            "closed_without_veileder": sum(1 for f in facts
                                           if f.state == ConversationState.CLOSED.value and not f.reached_veileder),
            # Asked for a person (the /metrics outcome beside bot_only); "overført til veileder" is to_veileder:
            # only those a veileder got, not those that left the queue for the bot.
            "handed_off": sum(1 for f in facts if f.handed_off),
            "to_veileder": sum(1 for f in facts if f.reached_veileder),
            # Closed by the system because nobody acted on them (the bruker gone, nothing written): neither
            # waiting any more nor answered; among closed_without_veileder when no veileder had them.
            "expired": sum(1 for f in facts if f.close_outcome == EXPIRED),
            "waiting": sum(1 for f in facts if f.state == ConversationState.QUEUED.value),
            "languages": dict(Counter(f.language or "nb" for f in facts)),
            # Tilgjengelig among the staff who answer the queues shown, each veileder once: a row per temagruppe
            # repeats its enhet's staff (and 4100's answer the kontaktsenter's queues), so the rows do not add up.
            "veiledere_online": sum(staff[team]["online"] for team in teams_shown),
            "veiledere_with_room": sum(staff[team]["with_room"] for team in teams_shown),
        },
        "history": history,
        "stuck": stuck,
        # When each waiting conversation's current wait began (the queue's queued_at is its place in line): the
        # dashboard's "Ventet" for the rows the queue gives.
        "waiting_since": {f.id: f.wait_began_at.isoformat() for f in waiting_now if f.wait_began_at},
    }


async def overview(deps: Deps, staff: StaffUser | None = None) -> dict[str, Any]:
    """Load the last hours' conversations (and everything still waiting) and summarise them.

    Need-to-know holds for figures too: ``staff`` sees only what they may see (kode 6/7 and skjermet need their
    permission); without a staff member (the /metrics scrape) strengt fortrolig is left out, so no label or count
    tells that a kode 6 bruker is in the chat.
    """
    now = deps.clock.now()
    since = now - WINDOW
    async with deps.uow() as uow:
        conversations = await uow.conversations.since(since)
        loads = await uow.veiledere.loads()
        breach_rows = await uow.history.breaches_since(since)
        # "Tilgjengelig" with every console closed without a logout gets no chat (assignment) and is promised to no
        # bruker (waiting.live_queue): not available here either, though still logged in until the sweep.
        closed = await closed_consoles(deps, uow, [int(v.veileder_id) for v in loads if v.is_online], now)
    conversations = [c for c in conversations
                     if (has_needed_permissions(staff, c.scope) if staff else not c.is_strengt_fortrolig)]
    veiledere = [(v.enhetsnummer, "console_closed" if int(v.veileder_id) in closed else v.presence.value,
                  v.open_chats, v.capacity) for v in loads]
    # A breach counts only where its conversation is shown: a kode 6/7 breach must not show up as a number either.
    shown = {c.id for c in conversations}
    breaches: Counter[tuple[str, str]] = Counter(
        (enhetsnummer, temagruppe_of(tema)) for conversation_id, enhetsnummer, tema in breach_rows
        if conversation_id in shown)
    facts = [
        ConversationFacts(c.id, c.state.value, c.enhetsnummer, c.tema, c.language, c.priority, c.handed_off,
                          c.created_at, c.queued_at, c.assigned_at, c.closed_at, c.sla_deadline,
                          close_outcome=c.close_outcome)
        for c in conversations
    ]
    # When those that may have gone back to the bot left the queue (back with the bot, or closed unanswered), and
    # when those back in the queue from a veileder came back (their current wait began there): the transitions of
    # these few only, in one read, not every conversation's history.
    unsure = [f for f in facts if f.may_have_left_queue and f.queued_at]
    back = [f for f in facts if f.back_from_veileder and f.assigned_at]
    if unsure or back:
        async with deps.uow() as uow:
            moves = await uow.history.of_kinds([f.id for f in unsure + back], _TRANSITIONS)
        left = {f.id: left_queue_at(moves.get(f.id, []), f.queued_at) for f in unsure if f.queued_at}
        came_back = {f.id: back_in_queue_at(moves.get(f.id, []), f.assigned_at) for f in back if f.assigned_at}
        facts = [replace(f, left_queue_at=left.get(f.id), back_in_queue_at=came_back.get(f.id))
                 if f.id in left or f.id in came_back else f for f in facts]
    enheter = {f.enhetsnummer for f in facts if f.enhetsnummer} | {enhet for enhet, _ in breaches}
    names = {e: deps.routing.enhet_navn(e) for e in enheter}
    staffed_from = {e: parent for e in enheter if (parent := deps.routing.staffed_from(e))}
    opens = {e: next_opening(deps.routing.opening_hours(e), now) for e in enheter}
    queued = [f.id for f in facts if f.state == ConversationState.QUEUED.value]
    gone: Collection[str] = ()
    if queued:
        async with deps.uow() as uow:
            gone = set(await uow.conversations.bruker_gone(queued))
    return summarize(facts, veiledere, breaches, now, names, staffed_from, opens, gone)
