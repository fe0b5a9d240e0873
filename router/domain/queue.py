"""Priority with ageing, nødhjelp first, SLA deadlines, breach decisions.

Ordering policy (DESIGN "Queue"): every entry ages at the same rate from the moment the person entered the queue;
an emergency (nødhjelp) entry starts with a head start of `EMERGENCY_HEAD_START`. The order is therefore by
"virtual arrival" = queued_at - head start, which gives:

- FIFO within a priority (same head start, so earlier queued_at first);
- nødhjelp first, but bounded: a normal entry queued at t is only ever behind emergencies queued before
  t + EMERGENCY_HEAD_START (20 minutes). Once it has waited 20 minutes no new emergency can overtake it, so the
  set of entries ahead of it only shrinks and it cannot starve;
- ordering never looks at message counts or last activity, so the quiet bruker is not pushed back by an
  active one (DESIGN: "silence is not a reason to wait longer");
- a bruker whose chat page is gone (router/domain/bruker_presence.py: every page closed, none back within the
  grace period) is behind every bruker who is still there, and is given to nobody automatically
  (services/assignment.py); their place among the gone, and so their place when they come back, stays theirs,
  since the order is by queued_at, which their leaving does not change.

SLA deadlines count minutes only while the enhet is open (opening_hours); a breach escalates first to the
alternate enhet, then to the kontaktsenter, and always alerts a supervisor.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from router.domain.opening_hours import OpeningHours, open_intervals

EMERGENCY_HEAD_START = timedelta(minutes=20)

# Project defaults (no NAV source gives chat SLAs): minutes of opening time until a human should answer.
SLA_MINUTES_BY_TEMAGRUPPE: Mapping[str, int] = {
    "OKSOS": 30, "ANSOS": 30, "ARBD": 60, "FMLI": 60, "HELSE": 60, "UFRT": 60, "PENS": 60, "HJLPM": 60, "OVRG": 60,
}
SLA_MINUTES_EMERGENCY = 10
SLA_MINUTES_DEFAULT = 60


class Priority(StrEnum):
    NORMAL = "normal"
    EMERGENCY = "emergency"  # nødhjelp


# The bot's intent for acute need (nødhjelp: no money for food today, nowhere to sleep, a home at risk, power cut).
ACUTE_INTENT = "sosialhjelp_emergency"
# How far back an acute message still makes the handoff an emergency: "namsmannen kommer på torsdag", the bot's
# answer and its offer, then "ja" or the button.
ACUTE_RECENT_INTENTS = 3


def priority_for_intents(intents: Sequence[str]) -> Priority:
    """Acute need in one of the bruker's last few messages makes a handoff an emergency, whoever hands off: the bot's
    action or the router answering the button to a person (which said "Saken din får prioritet")."""
    return Priority.EMERGENCY if ACUTE_INTENT in intents[-ACUTE_RECENT_INTENTS:] else Priority.NORMAL


@dataclass(frozen=True)
class QueueEntry:
    conversation_id: str
    queued_at: datetime
    priority: Priority = Priority.NORMAL
    enhetsnummer: str = ""
    temagruppe: str = ""
    # the veileder this conversation is reserved for (own veileder), if any
    veileder_id: str | None = None
    escalation_level: int = 0


def head_start(priority: Priority) -> timedelta:
    return EMERGENCY_HEAD_START if priority is Priority.EMERGENCY else timedelta(0)


def priority_score(entry: QueueEntry, now: datetime) -> float:
    """Seconds of effective waiting: higher is served first. Ages linearly, same rate for every entry."""
    return (now - entry.queued_at + head_start(entry.priority)).total_seconds()


def queue_key(entry: QueueEntry) -> tuple[datetime, str]:
    """Sort key equivalent to priority_score at any `now` (virtual arrival time, then id for a total order)."""
    if entry.priority is Priority.EMERGENCY:
        return (entry.queued_at - EMERGENCY_HEAD_START, entry.conversation_id)
    return (entry.queued_at, entry.conversation_id)


def order_queue(entries: Iterable[QueueEntry], now: datetime, *,
                gone: Collection[str] = frozenset()) -> list[QueueEntry]:
    """Entries best first: those whose bruker is there, then those in ``gone`` (ids of conversations whose bruker's
    page is gone), each part in queue order. `now` is accepted for the contract; the order does not change as time
    passes."""
    del now  # linear ageing at one rate for all: the relative order is time-invariant
    return sorted(entries, key=lambda entry: (entry.conversation_id in gone, queue_key(entry)))


def sla_minutes_for(temagruppe: str, priority: Priority) -> int:
    if priority is Priority.EMERGENCY:
        return SLA_MINUTES_EMERGENCY
    return SLA_MINUTES_BY_TEMAGRUPPE.get(temagruppe, SLA_MINUTES_DEFAULT)


def sla_deadline(queued_at: datetime, sla_minutes: int, hours: OpeningHours) -> datetime:
    """The moment `sla_minutes` of opening time have passed since `queued_at` (clock paused while closed)."""
    return after_open_time(queued_at, timedelta(minutes=sla_minutes), hours)


def after_open_time(start: datetime, period: timedelta, hours: OpeningHours) -> datetime:
    """The moment ``period`` of opening time has passed since ``start``: a clock that runs only while the enhet is
    open (an SLA; a chat's expiry, router/domain/expiry.py). ValueError when it never opens within the horizon."""
    remaining = period
    for begin, end in open_intervals(hours, start):
        span = end - begin
        if remaining <= span:
            return begin + remaining
        remaining -= span
    raise ValueError("the enhet never opens within the horizon: no end to the period")


def is_breached(deadline: datetime, now: datetime) -> bool:
    return now >= deadline


# The SLA ladder's steps above the place a conversation was put: its alternate enhet, then the kontaktsenter
# (_next_step).
ESCALATION_STEPS = 2


class BreachAction(StrEnum):
    NONE = "none"
    MOVE_TO_ALTERNATE = "move_to_alternate"
    MOVE_TO_KONTAKTSENTER = "move_to_kontaktsenter"
    ALERT_ONLY = "alert_only"  # already at the last step: keep the place, alert again


@dataclass(frozen=True)
class BreachDecision:
    action: BreachAction
    target_enhetsnummer: str | None
    alert_supervisor: bool
    escalation_level: int
    reason: str
    # Steps not taken now: nobody on duty there who may take it (decide_breach's on_duty).
    nobody_on_duty_at: tuple[str, ...] = ()


def decide_breach(
    entry: QueueEntry,
    now: datetime,
    deadline: datetime,
    *,
    alternate_enhetsnummer: str | None,
    kontaktsenter_enhetsnummer: str | None,
    on_duty: Collection[str] | None = None,
) -> BreachDecision:
    """What to do with an entry at `now`: nothing, or escalate one step (and always alert a supervisor).

    DESIGN: a breach escalates (alternate enhet, kontaktsenter, supervisor alert). Steps that would not move the
    conversation (no alternate, or the alternate is where it already is) are skipped. The entry keeps its
    queued_at wherever it goes, so it keeps its place in the new queue.

    ``on_duty``: the enhetsnumre where a veileder who may take it is online now (None: not known, every step
    counts). A step to an enhet nobody there could take it at is not taken now: moved there, it only waited a
    whole SLA period more (a regional kontaktsenter with no chat staff, 4106, was the Oslo offices' alternate).
    It stays, the supervisor is alerted, and the next breach tries that step again.
    """
    if not is_breached(deadline, now):
        return BreachDecision(BreachAction.NONE, None, False, entry.escalation_level, "within SLA")
    late = f"SLA deadline {deadline.isoformat()} passed"
    step, nobody_at = _next_step(entry, alternate_enhetsnummer, kontaktsenter_enhetsnummer, on_duty)
    if step is not None:
        action, target, level = step
        return BreachDecision(action, target, True, level, f"{late}; escalate to {target}")
    if nobody_at:
        return BreachDecision(BreachAction.ALERT_ONLY, None, True, entry.escalation_level,
                              f"{late}; nobody on duty who may take it at {', '.join(nobody_at)}: stays",
                              nobody_at)
    return BreachDecision(BreachAction.ALERT_ONLY, None, True, ESCALATION_STEPS, f"{late}; no further enhet to try")


def decide_unattended_emergency(
    entry: QueueEntry,
    *,
    alternate_enhetsnummer: str | None,
    kontaktsenter_enhetsnummer: str | None,
    on_duty: Collection[str],
) -> BreachDecision:
    """An emergency (nødhjelp) that nobody online at its enhet may take: the SLA ladder's next step where someone on
    duty may take it (decide_breach's steps), taken now rather than after ten minutes of waiting for nobody (a
    bruker in acute need at an office with no chat veileder online was told nobody could answer, and waited out the
    SLA). ``on_duty`` as in decide_breach. NONE for a normal entry, or when no step has anyone on duty: the SLA
    deadline then alerts a supervisor as ever. It is not a breach and alerts nobody."""
    if entry.priority is not Priority.EMERGENCY:
        return BreachDecision(BreachAction.NONE, None, False, entry.escalation_level, "not an emergency")
    step, _ = _next_step(entry, alternate_enhetsnummer, kontaktsenter_enhetsnummer, on_duty)
    if step is None:
        return BreachDecision(BreachAction.NONE, None, False, entry.escalation_level,
                              "nobody on duty who may take it on the escalation steps either")
    action, target, level = step
    return BreachDecision(action, target, False, level,
                          f"emergency, nobody on duty at {entry.enhetsnummer} who may take it; moved to {target}")


def _next_step(entry: QueueEntry, alternate_enhetsnummer: str | None, kontaktsenter_enhetsnummer: str | None,
               on_duty: Collection[str] | None) -> tuple[tuple[BreachAction, str, int] | None, tuple[str, ...]]:
    """The first escalation step above the entry's level that moves it where someone on duty may take it (None:
    every step counts), and the steps passed over for want of anyone there. Steps that would not move it (no
    alternate, or the alternate is where it already is) are skipped."""
    steps = [
        (BreachAction.MOVE_TO_ALTERNATE, alternate_enhetsnummer),
        (BreachAction.MOVE_TO_KONTAKTSENTER, kontaktsenter_enhetsnummer),
    ]
    nobody_at: list[str] = []
    for level, (action, target) in enumerate(steps, start=1):
        if level <= entry.escalation_level or not target or target == entry.enhetsnummer:
            continue
        if on_duty is not None and target not in on_duty:
            nobody_at.append(target)
            continue
        return (action, target, level), tuple(nobody_at)
    return None, tuple(nobody_at)
