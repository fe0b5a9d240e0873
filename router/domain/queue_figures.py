"""The kontaktsenter's counting rules, from the conversation history (no I/O): every wait, counted where and when it
happened.

A probe (118) compared the page with a scripted day and found the figures read from the conversation rows alone:
the median left out everyone who gave up waiting (a queue looked better the more people left), a chat back in the
queue lost its first answered wait, a transferred chat was wholly credited to its last office, and the "(8 t)"
counts followed the chat's creation time, not when things happened. Here the history's transitions are replayed
into *wait episodes*: one stretch of waiting in one office's queue, from the moment it began there (a handoff, a
move to that queue, back from a veileder) until a veileder took it, the bruker left, NAV closed it, it expired, or
it moved on to another queue. Every office is credited with the waits that happened in its own queue.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from router.domain.events import ConversationState, HistoryRecord, Noted, StateChanged, Transition
from router.domain.expiry import EXPIRED
from router.domain.routing import temagruppe_of

# The history note that names the queue a handoff went to (Conversation.hand_off).
ROUTED = "routed"
# The history note of a wish for a person refused a place in the queue (services/handoff.py: too many waiting from
# the same network, or of the same person); its data names the queue it would have waited in.
QUEUE_FULL_FROM_ADDRESS = "queue_full_from_address"
# The note of each SLA breach (Conversation.escalate).
SLA_BREACHED = "sla_breached"
# Closes by the bruker that are not leaving the queue: a duplicate tab closed when the bruker went on in the chat
# they already had (conversation.CONTINUED_IN_EARLIER).
_NOT_LEAVING = frozenset({"fortsatt_i_tidligere_samtale"})
# The veileder's own word for a bruker who left (a close outcome of the console).
_BRUKER_LEFT = frozenset({"bruker_forlot"})


class WaitEnd(StrEnum):
    ANSWERED = "answered"  # a veileder took it
    LEFT = "left"  # the bruker left the queue (back to the bot, or closed the chat)
    EXPIRED = "expired"  # closed by the system: nobody acted on it (router/domain/expiry.py)
    CLOSED_BY_NAV = "closed_by_nav"  # closed while waiting by the kontaktsenter (ikke en NAV-sak, trusler ...)
    MOVED = "moved"  # moved on to another queue (a transfer, an escalation): its wait goes on there


class WaitBegin(StrEnum):
    HANDOFF = "handoff"  # the bruker asked for a person
    MOVED_HERE = "moved_here"  # moved here from another queue while waiting
    BACK = "back"  # back in a queue from a veileder (a transfer, the veileder went offline)


@dataclass(frozen=True)
class WaitEpisode:
    conversation_id: str
    enhetsnummer: str | None
    began_at: datetime
    began_by: WaitBegin
    ended_at: datetime | None = None  # None: still waiting
    ended_by: WaitEnd | None = None

    def seconds(self, now: datetime) -> float:
        """How long it waited in this queue (until now while it still waits)."""
        return ((self.ended_at or now) - self.began_at).total_seconds()


def wait_end_of(record: StateChanged) -> WaitEnd | None:
    """How a transition out of a queue ends the wait there (wait_episodes' rule for one record); None: it ends none."""
    if record.from_state is not ConversationState.QUEUED:
        return None
    match record.transition:
        case Transition.ASSIGN:
            return WaitEnd.ANSWERED
        case Transition.BACK_TO_BOT:
            return WaitEnd.LEFT
        case Transition.CLOSE:
            return _wait_end_of_close(record)
        case Transition.TRANSFER:
            return WaitEnd.MOVED
    return None


def _wait_end_of_close(record: StateChanged) -> WaitEnd:
    if record.reason == EXPIRED:
        return WaitEnd.EXPIRED
    if record.reason in _BRUKER_LEFT or (record.actor == "bruker" and record.reason not in _NOT_LEAVING):
        return WaitEnd.LEFT
    return WaitEnd.CLOSED_BY_NAV


def wait_episodes(conversation_id: str, history: Iterable[HistoryRecord],
                  enhetsnummer_now: str | None = None) -> list[WaitEpisode]:
    """Each stretch of waiting in one queue, oldest first, from the conversation's history in the order recorded.

    ``enhetsnummer_now``: the conversation's office now, for a wait whose queue the history does not name."""
    episodes: list[WaitEpisode] = []
    current: WaitEpisode | None = None
    enhet: str | None = None

    def end(at: datetime, how: WaitEnd) -> None:
        nonlocal current
        if current is not None:
            episodes.append(WaitEpisode(current.conversation_id, current.enhetsnummer or enhetsnummer_now,
                                        current.began_at, current.began_by, at, how))
            current = None

    def begin(at: datetime, where: str | None, how: WaitBegin) -> None:
        nonlocal current
        current = WaitEpisode(conversation_id, where, at, how)

    for record in history:
        if isinstance(record, Noted):
            if record.kind == ROUTED and (where := record.data.get("enhetsnummer")):
                enhet = str(where)
                if current is not None and current.enhetsnummer is None:
                    current = WaitEpisode(current.conversation_id, enhet, current.began_at, current.began_by)
            continue
        queued_before = record.from_state is ConversationState.QUEUED
        match record.transition:
            case Transition.HANDOFF:
                begin(record.at, None, WaitBegin.HANDOFF)
            case Transition.TRANSFER:
                to = record.data.get("to_enhetsnummer")
                if queued_before:
                    if current is not None and current.enhetsnummer is None:
                        current = WaitEpisode(current.conversation_id, record.data.get("from_enhetsnummer") or enhet,
                                              current.began_at, current.began_by)
                    end(record.at, WaitEnd.MOVED)
                enhet = str(to) if to else enhet
                begin(record.at, enhet, WaitBegin.MOVED_HERE if queued_before else WaitBegin.BACK)
            case Transition.VEILEDER_OFFLINE:
                begin(record.at, enhet, WaitBegin.BACK)
            case Transition.ASSIGN:
                end(record.at, WaitEnd.ANSWERED)
            case Transition.BACK_TO_BOT:
                if queued_before:
                    end(record.at, WaitEnd.LEFT)
            case Transition.CLOSE:
                if queued_before:
                    end(record.at, _wait_end_of_close(record))
    if current is not None:
        episodes.append(WaitEpisode(current.conversation_id, current.enhetsnummer or enhet or enhetsnummer_now,
                                    current.began_at, current.began_by))
    return episodes


def in_window(episode: WaitEpisode, start: datetime) -> bool:
    """It waited some time within the window: still waiting, or it ended after ``start``."""
    return episode.ended_at is None or episode.ended_at >= start


def percentile(values: Sequence[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


@dataclass(frozen=True)
class WaitFigures:
    """The waits of one queue (or of all) within the window."""

    waiting: int  # waiting now
    oldest_wait_s: float | None  # the longest current wait (None: nobody waits)
    median_wait_s: float | None  # of every wait in the window: answered, given up, closed, moved on, and ongoing
    p90_wait_s: float | None
    came: int  # waits that began in the window (asked here, moved here, back from a veileder)
    handed_off: int  # of those, the bruker asked for a person here
    answered: int  # ended with a veileder in the window
    left: int  # the bruker left the queue in the window
    expired: int
    closed_by_nav: int
    moved_on: int


def wait_figures(episodes: Iterable[WaitEpisode], start: datetime, now: datetime) -> WaitFigures:
    """Every wait that happened in the window counts, however it ended: one who gave up after 20 s waited 20 s."""
    shown = [e for e in episodes if in_window(e, start)]
    ongoing = [e.seconds(now) for e in shown if e.ended_at is None]
    waits = [e.seconds(now) for e in shown]
    ended = [e for e in shown if e.ended_at is not None]

    def ended_by(how: WaitEnd) -> int:
        return sum(1 for e in ended if e.ended_by is how)

    return WaitFigures(
        waiting=len(ongoing),
        oldest_wait_s=max(ongoing) if ongoing else None,
        median_wait_s=statistics.median(waits) if waits else None,
        p90_wait_s=percentile(waits, 0.9),
        came=sum(1 for e in shown if e.began_at >= start),
        handed_off=sum(1 for e in shown if e.began_at >= start and e.began_by is WaitBegin.HANDOFF),
        answered=ended_by(WaitEnd.ANSWERED),
        left=ended_by(WaitEnd.LEFT),
        expired=ended_by(WaitEnd.EXPIRED),
        closed_by_nav=ended_by(WaitEnd.CLOSED_BY_NAV),
        moved_on=ended_by(WaitEnd.MOVED),
    )


def transitions_at(history: Iterable[HistoryRecord], kind: Transition, start: datetime) -> list[datetime]:
    """When ``kind`` happened in the window (event time, not the chat's creation)."""
    return [r.at for r in history if isinstance(r, StateChanged) and r.transition is kind and r.at >= start]


@dataclass(frozen=True)
class Period:
    """What happened in one period (an hour, or a chart step) from the events, not a snapshot at its end."""

    start: datetime
    end: datetime
    asked: int  # handoffs (the bruker asked for a person and got a place in the queue)
    refused: int  # asked, but refused a place (the queue full from their network or for them)
    to_veileder: int  # a veileder took a waiting chat
    left: int  # the bruker left the queue
    peak_waiting: int  # the most waiting at once at any moment of the period
    median_wait_s: float | None  # of the waits that ended in the period


def periods(episodes: Sequence[WaitEpisode], handoffs: Iterable[datetime], refusals: Iterable[datetime],
            start: datetime, now: datetime, step: timedelta) -> list[Period]:
    """Periods of ``step`` from ``start`` (aligned by the caller) to ``now``, the last one cut at ``now``.

    The peak is exact: every moment a wait began or ended is looked at (a peak of 10 between two quarter-hour
    snapshots was never shown)."""
    bounds: list[datetime] = []
    at = start
    while at < now:
        bounds.append(at)
        at += step
    if not bounds:
        return []
    handoff_times = sorted(handoffs)
    refusal_times = sorted(refusals)
    # Waiting at any moment: +1 when a wait began, -1 when it ended (ends first at the same moment: a move from one
    # queue to another is one bruker waiting, not two).
    changes = sorted([(e.began_at, 1) for e in episodes]
                     + [(e.ended_at, -1) for e in episodes if e.ended_at is not None],
                     key=lambda change: (change[0], change[1]))
    result = []
    level = 0
    i = 0
    for begin in bounds:
        stop = min(begin + step, now)
        while i < len(changes) and changes[i][0] <= begin:
            level += changes[i][1]
            i += 1
        peak = level
        while i < len(changes) and changes[i][0] < stop:
            level += changes[i][1]
            peak = max(peak, level)
            i += 1
        ended = [e for e in episodes if e.ended_at is not None and begin <= e.ended_at < stop]
        result.append(Period(
            start=begin, end=stop,
            asked=sum(1 for t in handoff_times if begin <= t < stop),
            refused=sum(1 for t in refusal_times if begin <= t < stop),
            to_veileder=sum(1 for e in ended if e.ended_by is WaitEnd.ANSWERED),
            left=sum(1 for e in ended if e.ended_by is WaitEnd.LEFT),
            peak_waiting=peak,
            median_wait_s=statistics.median([e.seconds(now) for e in ended]) if ended else None,
        ))
    return result


def hour_start(at: datetime) -> datetime:
    """The start of ``at``'s clock hour (Norway's offsets are whole hours, so UTC hours are Oslo hours)."""
    return at.replace(minute=0, second=0, microsecond=0)


class Happened(StrEnum):
    """What /metrics counts as it happens (router/ports/tallies.py: Prometheus counters, each only growing)."""

    STARTED = "started"  # a conversation began (begins: the bruker's first word or wish for a person, else its end)
    HANDED_OFF = "handed_off"  # the bruker asked for a person and got a place in a queue
    REFUSED = "refused"  # asked for a person and was refused a place (the queue full from their network or for them)
    WAIT_ENDED = "wait_ended"  # a wait in a queue ended (WaitEnd: answered, left, expired, closed by NAV, moved)
    SLA_BREACHED = "sla_breached"  # a wait passed its deadline in a queue
    CLOSED = "closed"  # a conversation ended (with the bot alone, or after asking for a person)


def begins(records: Iterable[HistoryRecord], *, bruker_wrote: bool, begun_before: bool) -> bool:
    """Whether a commit begins the conversation for the STARTED counter: the bruker's first message
    (``bruker_wrote``: she wrote in this commit), her first wish for a person (the handoff button, before any word),
    or, for a chat she never used, its close; never again once ``begun_before`` (she wrote or was handed off before).

    Not its creation: a counter cannot be taken back, and a chat is tied to a person only after it was created, by
    a login in a commit of its own (services/login; "Start ny samtale" starts anonymous and offers Logg inn, and
    the "Start ny samtale" of a1a288f tied the new chat right after creating it). Counted at creation, every such
    kode 6 chat was counted (probe: 7 for the page's 5). A login before her first word or wish is in by then, so
    kode 6 is known and never counted. A chat
    that turns kode 6 only at a login after she wrote was counted as the anonymous chat it was then, as its handoffs
    were; nothing counted after the login says more (tallies.count_committed). Every other chat is counted once,
    an unused one at its end, so ``started`` never falls behind ``closed``."""
    if begun_before:
        return False
    return bruker_wrote or any(isinstance(record, StateChanged) and record.transition in _BEGINS
                               for record in records)


# What begins a chat the bruker has not written in (begins).
_BEGINS = frozenset({Transition.HANDOFF, Transition.CLOSE})


def happenings(records: Iterable[HistoryRecord], *, enhetsnummer: str | None, tema: str | None, handed_off: bool,
               language: str, begun: bool = False) -> list[tuple[Happened, tuple[str, ...]]]:
    """What the conversation's newly recorded ``records`` add to the counters, with their labels: ``begun``, it
    began in them (begins); a queue as (enhetsnummer, temagruppe), where it happened (the note's or the
    transition's own queue, else the conversation's, ``enhetsnummer``, after these records); a wait's end also how
    it ended; a close whether the conversation had asked for a person and its language. The same rules as the
    page's figures (wait_episodes)."""
    records = list(records)
    found: list[tuple[Happened, tuple[str, ...]]] = [(Happened.STARTED, ())] if begun else []
    here = enhetsnummer or ""
    temagruppe = temagruppe_of(tema).value
    for record in records:
        if isinstance(record, Noted):
            if record.kind == QUEUE_FULL_FROM_ADDRESS:
                queue = str(record.data.get("enhetsnummer") or here)
                found.append((Happened.REFUSED, (queue, temagruppe_of(record.data.get("tema", tema)).value)))
            elif record.kind == SLA_BREACHED:
                found.append((Happened.SLA_BREACHED, (str(record.data.get("from_enhetsnummer") or here), temagruppe)))
            continue
        if record.transition is Transition.HANDOFF:
            # The queue it was put in: an emergency nobody there could take moves on in the same commit
            # (supervision.move_unattended_emergency), and its wait there ends, moved.
            routed = next((str(r.data["enhetsnummer"]) for r in records if isinstance(r, Noted) and r.kind == ROUTED
                           and r.data.get("enhetsnummer")), here)
            found.append((Happened.HANDED_OFF, (routed, temagruppe)))
        if (ended := wait_end_of(record)) is not None:
            queue = str(record.data.get("from_enhetsnummer") or here)
            found.append((Happened.WAIT_ENDED, (queue, temagruppe, ended.value)))
        if record.transition is Transition.CLOSE:
            found.append((Happened.CLOSED, ("true" if handed_off else "false", language)))
    return found
