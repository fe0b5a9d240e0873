"""Group-level read model for the kontaktsenter (lengths, waits, breaches); never a ranking of veiledere."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from router.domain import routing
from router.domain import staff_labels as words
from router.domain.access import Permission, StaffUser, has_needed_permissions, required_permissions
from router.domain.conversation import Conversation, ConversationState
from router.domain.events import HistoryRecord, Noted, Transition
from router.domain.opening_hours import next_opening
from router.domain.queue_figures import (
    ROUTED,
    Period,
    WaitEnd,
    WaitEpisode,
    hour_start,
    in_window,
    periods,
    transitions_at,
    wait_episodes,
    wait_figures,
)
from router.ports.routing import RoutingPolicy
from router.services.deps import Deps
from router.services.handoff import QUEUE_FULL_FROM_ADDRESS
from router.services.staff import closed_consoles

WINDOW = timedelta(hours=8)
HISTORY_STEP = timedelta(minutes=15)
HOUR = timedelta(hours=1)
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
    # How it ended: EXPIRED (router/domain/expiry.py) is a wait nobody acted on, closed by the system.
    close_outcome: str | None = None
    # Its history's transitions, the notes naming the queue a handoff went to, and refused handoffs, in the order
    # recorded: every count and wait is read from these, by when it happened (router/domain/queue_figures.py).
    history: tuple[HistoryRecord, ...] = ()
    # Whether the viewer may see the chat itself (kode 7, skjermet need a permission): counted either way (a count
    # holds no person data), listed only when shown, and the page says how many waiting it does not show.
    shown: bool = True

    def episodes(self) -> list[WaitEpisode]:
        return wait_episodes(self.id, self.history, self.enhetsnummer)


# "Språk" for a chat whose language is not known: said as unknown everywhere (it was "norsk bokmål" in the rows and
# "ukjent" in the waiting list).
UNKNOWN_LANGUAGE = "und"


def language_of(facts: ConversationFacts) -> str:
    return facts.language or UNKNOWN_LANGUAGE


def temagruppe_of(tema: str | None) -> str:
    return routing.temagruppe_of(tema).value


# The history the overview reads: transitions, the queue a handoff went to, and handoffs refused a place.
REFUSED = QUEUE_FULL_FROM_ADDRESS
HISTORY_KINDS = (*(transition.value for transition in Transition), ROUTED, REFUSED)


def refusals_at(history: Iterable[HistoryRecord], start: datetime) -> list[datetime]:
    """When a wish for a person was refused a place in the queue (too many waiting from the network, or for her)."""
    return [r.at for r in history if isinstance(r, Noted) and r.kind == REFUSED and r.at >= start]


def refused_queues(history: Iterable[HistoryRecord], start: datetime) -> list[tuple[str, str]]:
    """The queue (enhetsnummer, temagruppe) each refusal in the window would have waited in, as its note names it
    (services/handoff.py); a refusal noted before the note named one is counted in the totals only."""
    return [(str(r.data["enhetsnummer"]), temagruppe_of(r.data.get("tema"))) for r in history
            if isinstance(r, Noted) and r.kind == REFUSED and r.at >= start and r.data.get("enhetsnummer")]


def current_wait_began(episodes: list[WaitEpisode]) -> datetime | None:
    """When the bruker's current wait began: a move from queue to queue while waiting goes on being one wait (the
    list's "Ventet"); back from a veileder, it began there."""
    if not episodes or episodes[-1].ended_at is not None:
        return None
    began = episodes[-1].began_at
    for earlier in reversed(episodes[:-1]):
        if earlier.ended_by is WaitEnd.MOVED and earlier.ended_at == began:
            began = earlier.began_at
        else:
            break
    return began


def _period(p: Period) -> dict[str, Any]:
    return {
        "at": p.start.isoformat(), "until": p.end.isoformat(),
        # The most waiting at once at any moment of the period (not a snapshot at its start or end).
        "waiting": p.peak_waiting,
        "asked": p.asked, "refused": p.refused, "to_veileder": p.to_veileder, "left_queue": p.left,
        "median_wait_s": round(p.median_wait_s) if p.median_wait_s is not None else None,
    }


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
    """Pure: per enhet and temagruppe, and hour by hour, from plain facts and their history (tests feed it directly).
    Every "(8 t)" figure counts what happened in the window by when it happened; every wait that happened in a
    queue counts for that queue, however it ended (router/domain/queue_figures.py).
    ``staffed_from``: queues answered by another enhet's staff (NKS-OVRG by 4100's), whose staff are shown.
    ``opens``: when each enhet's chat is next open (``now`` while open, None: never), so a closed office's queue
    reads as closed and when it opens, not as an office where nobody came to work."""
    staffed_from = staffed_from or {}
    opens = opens or {}
    start = now - WINDOW
    by_id = {f.id: f for f in facts}
    episodes = {f.id: f.episodes() for f in facts}
    groups: dict[tuple[str, str], list[WaitEpisode]] = defaultdict(list)
    for f in facts:
        for episode in episodes[f.id]:
            if episode.enhetsnummer and in_window(episode, start):
                groups[(episode.enhetsnummer, temagruppe_of(f.tema))].append(episode)
    staff: dict[str, dict[str, int]] = defaultdict(
        lambda: {"online": 0, "with_room": 0, "logged_in": 0, "open_chats": 0, "capacity": 0, "veiledere": 0})
    for enhetsnummer, presence, open_chats, capacity in veiledere:
        staff[enhetsnummer]["veiledere"] += 1  # every veileder of the enhet, at work or not
        if presence == "online":  # "Tilgjengelig": gets chats; its capacity is the queue's
            staff[enhetsnummer]["online"] += 1
            staff[enhetsnummer]["capacity"] += capacity
            # Tilgjengelig with a free place: who can take a chat now ("2 av 2 tilgjengelige" beside "6 / 6" full
            # read as room to a leader).
            staff[enhetsnummer]["with_room"] += int(open_chats < capacity)
        if presence != "offline":  # at work in any status (Tilgjengelig, Opptatt, Borte)
            staff[enhetsnummer]["logged_in"] += 1
        staff[enhetsnummer]["open_chats"] += open_chats
    # Refused a place, by the queue it would have waited in (each chat once per queue, as the totals count chats).
    refused_here: Counter[tuple[str, str]] = Counter(
        queue for f in facts for queue in dict.fromkeys(refused_queues(f.history, start)))
    rows = []
    # A breach stays in its enhet's row for the window, also after its conversation moved on (escalated away, its
    # row would otherwise be gone, and the breach with it).
    # An office whose only figure is refusals (a full queue from one network) gets its row too.
    for enhetsnummer, temagruppe in sorted(set(groups) | set(breaches) | set(refused_here)):
        items = groups.get((enhetsnummer, temagruppe), [])
        team = staff[staffed_from.get(enhetsnummer, enhetsnummer)]  # who answers this queue
        figures = wait_figures(items, start, now)
        waiting = [e for e in items if e.ended_at is None]
        opening = opens.get(enhetsnummer, now)
        rows.append({
            "enhetsnummer": enhetsnummer,
            "navn": names.get(enhetsnummer, enhetsnummer),
            "open_now": opening is not None and opening <= now,
            "opens_at": opening.isoformat() if opening is not None and opening > now else None,
            "temagruppe": temagruppe,
            "temagruppe_label": words.queue_label(temagruppe),  # the queue's one name, as in the console
            "waiting": figures.waiting,
            "emergencies_waiting": sum(1 for e in waiting if by_id[e.conversation_id].priority == "emergency"),
            # None when nobody waits ("–" on the page, not "0 s" beside a median of "–").
            "oldest_wait_s": _seconds(figures.oldest_wait_s),
            # Every wait in this queue in the window: answered, given up, closed, moved on, and those still waiting.
            "median_wait_s": _seconds(figures.median_wait_s),
            "p90_wait_s": _seconds(figures.p90_wait_s),
            "sla_breaches": breaches.get((enhetsnummer, temagruppe), 0),
            "veiledere_online": team["online"],
            "veiledere_with_room": team["with_room"],
            "veiledere_logged_in": team["logged_in"],
            # Whether anybody in the service answers this queue at all (a veileder of the enhet, or of the enhet
            # that staffs it: NKS-OVRG by 4100's), at work or not. None (a regional kontaktsenter, 4106 and 4112,
            # an escalation's alternate enhet or a GT the sources give no office): "ingen pålogget" read as nobody
            # at work yet, but nobody ever comes; its chats wait until the kontaktsenter moves them or a breach
            # moves them on (the page says so).
            "has_veiledere": team["veiledere"] > 0,
            "open_chats": team["open_chats"],
            "capacity": team["capacity"],
            # Waits that began here in the window: asked for a person here, or moved here, or back from a veileder.
            "came_to_queue": figures.came,
            "handed_off": figures.handed_off,  # the bruker asked for a person, and got a place in this queue
            # Chats that asked for a person and were refused a place in this queue (too many waiting from their
            # network, or of theirs): the totals' "refused", by the queue the chat would have waited in.
            "refused": refused_here.get((enhetsnummer, temagruppe), 0),
            "to_veileder": figures.answered,  # a veileder took it from this queue
            "left_queue": figures.left,  # the bruker gave up waiting (back to the bot, or closed the chat)
            "expired": figures.expired,
            "closed_in_queue": figures.closed_by_nav,  # the kontaktsenter ended it while it waited
            "moved_on": figures.moved_on,  # moved to another queue (a transfer, an escalation)
            # The languages of the chats that waited here in the window (not only those waiting now).
            "languages": dict(Counter(language_of(by_id[cid])
                                      for cid in dict.fromkeys(e.conversation_id for e in items))),
        })
    every = [e for f in facts for e in episodes[f.id]]
    # From the first period's start (the first hour begins before the window).
    first = min(hour_start(start), start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0))
    handoffs = [t for f in facts for t in transitions_at(f.history, Transition.HANDOFF, first)]
    refusals = [t for f in facts for t in refusals_at(f.history, first)]
    asked_ids = {f.id for f in facts if transitions_at(f.history, Transition.HANDOFF, start)}
    refused_ids = {f.id for f in facts if refusals_at(f.history, start)}
    whole = wait_figures(every, start, now)
    waiting_now = [(f, began) for f in facts if (began := current_wait_began(episodes[f.id])) is not None]
    shown_waiting = [(f, began) for f, began in waiting_now if f.shown]

    def nobody_to_answer(f: ConversationFacts) -> bool:
        """Nødhjelp waiting in an open queue where nobody who answers it is Tilgjengelig: stuck at once, not after
        30 minutes (probe 162: an acute chat at an office with nobody logged in was a plain row)."""
        enhetsnummer = f.enhetsnummer or ""
        opening = opens.get(enhetsnummer, now)
        return f.priority == "emergency" and opening is not None and opening <= now \
            and staff[staffed_from.get(enhetsnummer, enhetsnummer)]["online"] == 0

    stuck = [
        {"id": f.id, "enhetsnummer": f.enhetsnummer, "navn": names.get(f.enhetsnummer or "", f.enhetsnummer),
         "waited_s": round((now - began).total_seconds()), "priority": f.priority,
         "priority_label": words.priority_label(f.priority), "language": language_of(f),
         "sla_breached": bool(f.sla_deadline and f.sla_deadline <= now),
         "nobody_online": nobody,
         # The bruker's chat page is gone (ports/store.py bruker_gone): still counted, the row says it.
         "bruker_gone": f.id in gone}
        for f, began in sorted(shown_waiting, key=lambda pair: pair[1])
        if (nobody := nobody_to_answer(f)) or now - began >= STUCK_AFTER
        or (f.sla_deadline is not None and f.sla_deadline <= now)
    ]
    quarter = start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
    closed_with_bot = [f for f in facts if f.closed_at and f.closed_at >= start and not f.handed_off
                       and f.state == ConversationState.CLOSED.value]
    return {
        "generated_at": now.isoformat(),
        "window_hours": WINDOW.total_seconds() / 3600,
        "groups": rows,
        "totals": {
            # Chats with anything in the window (created, or something happened to them).
            "conversations": len(facts),
            "bot_only": sum(1 for f in facts if not f.handed_off),
            # With the bot now, whether or not they asked for a person before (one back from the queue too).
            "bot_open": sum(1 for f in facts if f.state == ConversationState.BOT.value),
            # Ended in the window with the bot, never having asked for a person (not "solved": the bruker may
            # have given up; the figure says what is known).
            "bot_closed": len(closed_with_bot),
            # Chats that asked for a person in the window: given a place in a queue (handed_off), or refused one
            # because the queue was full for them (refused: too many waiting from their network, or of theirs).
            "asked": len(asked_ids | refused_ids),
            "handed_off": len(asked_ids),
            "refused": len(refused_ids),
            # Chats a veileder took in the window (each chat once, also when taken again after a transfer).
            "to_veileder": len({e.conversation_id for e in every
                                if e.ended_by is WaitEnd.ANSWERED and e.ended_at and e.ended_at >= start}),
            # Waits that ended in the window without a veileder: the bruker gave up (left_queue), nobody acted on
            # it and the system closed it (expired), the kontaktsenter ended it (closed_in_queue, ikke en NAV-sak).
            "left_queue": whole.left,
            "expired": whole.expired,
            "closed_in_queue": whole.closed_by_nav,
            "waiting": whole.waiting,
            # The longest current wait of a bruker, across moves from queue to queue (the rows credit each queue
            # with its own part).
            "oldest_wait_s": (round(max((now - began).total_seconds() for _, began in waiting_now))
                              if waiting_now else None),
            # Of those waiting, whose chat page is gone (closed tab, lost phone): counted still, since they may come
            # back, but a headline of 7 waiting for 10 minutes read as stuck queues where one bruker was there
            # (probe 158); and the longest wait of those still there.
            "waiting_gone": sum(1 for f, _ in waiting_now if f.id in gone),
            "oldest_present_wait_s": (round(max(present)) if (present := [
                (now - began).total_seconds() for f, began in waiting_now if f.id not in gone]) else None),
            "median_wait_s": _seconds(whole.median_wait_s),
            # Waiting chats counted here that this viewer may not see listed (kode 7, skjermet).
            "waiting_not_shown": len(waiting_now) - len(shown_waiting),
            "languages": dict(Counter(language_of(f) for f in facts)),
            # Tilgjengelig, each veileder once, every office and the kontaktsenter's own staff: a row per
            # temagruppe repeats its enhet's staff, so the rows do not add up.
            "veiledere_online": sum(team["online"] for team in staff.values()),
            "veiledere_with_room": sum(team["with_room"] for team in staff.values()),
        },
        # Quarter by quarter (the chart) and hour by hour (its table), from the events: the most waiting at once,
        # how many asked, got a veileder, left, and the median of the waits that ended in the period.
        "history": [_period(p) for p in periods(every, handoffs, refusals, quarter, now, HISTORY_STEP)],
        "hours": [_period(p) for p in periods(every, handoffs, refusals, hour_start(start), now, HOUR)],
        "stuck": stuck,
        # When each waiting conversation's current wait began (the queue's queued_at is its place in line): the
        # dashboard's "Ventet" for the rows the queue gives.
        "waiting_since": {f.id: began.isoformat() for f, began in shown_waiting},
    }


def _seconds(value: float | None) -> int | None:
    return round(value) if value is not None else None


@dataclass
class WindowRead:
    """What the overview reads of the store at one moment, the same for every reader (need-to-know comes after,
    per reader: figures_for): the window's conversations, kode 6 too, with their history, the staff's loads."""

    now: datetime
    conversations: list[Conversation]
    veiledere: list[tuple[str, str, int, int]]
    breach_rows: list[tuple[str, str, str | None]]
    histories: dict[str, list[HistoryRecord]]
    gone: frozenset[str]
    # The figures made from it so far, by what their readers may see (access_key): readers who may see the same
    # conversations share one summary; read only (the web answers serialise it, /metrics reads it).
    summaries: dict[object, dict[str, Any]] = field(default_factory=dict)

    @cached_property
    def needs(self) -> frozenset[frozenset[Permission]]:
        """The permission sets the window's conversations need (access.required_permissions), each once."""
        return frozenset(required_permissions(c.diskresjonskode, c.skjermet) for c in self.conversations)

    def access_key(self, staff: StaffUser | None) -> object:
        """What decides a reader's figures: which of the permission sets the window's conversations need they
        hold (the /metrics scrape, no reader, its own). Two readers with the same key get the same figures."""
        if staff is None:
            return None
        return frozenset(need for need in self.needs if need <= staff.permissions)


async def read_window(deps: Deps) -> WindowRead:
    """Load the last hours' conversations (created, or anything happened to them, and everything still waiting),
    their history, and the staff's loads: one read, for any reader."""
    now = deps.clock.now()
    since = now - WINDOW
    async with deps.uow() as uow:
        conversations = await uow.conversations.since(since)
        loads = await uow.veiledere.loads()
        breach_rows = await uow.history.breaches_since(since)
        # "Tilgjengelig" with every console closed without a logout gets no chat (assignment) and is promised to no
        # bruker (waiting.live_queue): not available here either, though still logged in until the sweep.
        closed = await closed_consoles(deps, uow, [int(v.veileder_id) for v in loads if v.is_online], now)
    veiledere = [(v.enhetsnummer, "console_closed" if int(v.veileder_id) in closed else v.presence.value,
                  v.open_chats, v.capacity) for v in loads]
    ids = [c.id for c in conversations]
    # Their transitions, the queues handoffs went to and refused handoffs: one read by conversation (indexed).
    async with deps.uow() as uow:
        histories = await uow.history.of_kinds(ids, HISTORY_KINDS) if ids else {}
    queued = [c.id for c in conversations if c.state is ConversationState.QUEUED]
    gone: frozenset[str] = frozenset()
    if queued:
        async with deps.uow() as uow:
            gone = frozenset(await uow.conversations.bruker_gone(queued))
    return WindowRead(now, conversations, veiledere, breach_rows, histories, gone)


def figures_for(read: WindowRead, routing: RoutingPolicy, staff: StaffUser | None) -> dict[str, Any]:
    """The overview as ``staff`` may see it (None: the /metrics scrape), from a read shared by every reader; made
    once per kind of reader (WindowRead.access_key).

    Need-to-know holds for figures too: strengt fortrolig (kode 6) is left out for whoever may not see it (and for
    the /metrics scrape), so no label or count tells that a kode 6 bruker is in the chat. Kode 7 and skjermet are
    counted (a count holds no person data; NAV's own statistics count them) but listed only to staff who may see
    them; the page says how many waiting it does not show.
    """
    key = read.access_key(staff)
    if (made := read.summaries.get(key)) is not None:
        return made
    now, since = read.now, read.now - WINDOW
    conversations = [c for c in read.conversations if not c.is_strengt_fortrolig
                     or (staff is not None and has_needed_permissions(staff, c.scope))]
    # A breach counts only where its conversation is counted: a kode 6 breach must not show up as a number either.
    counted_ids = {c.id for c in conversations}
    breaches: Counter[tuple[str, str]] = Counter(
        (enhetsnummer, temagruppe_of(tema)) for conversation_id, enhetsnummer, tema in read.breach_rows
        if conversation_id in counted_ids)
    facts = [
        ConversationFacts(c.id, c.state.value, c.enhetsnummer, c.tema, c.language, c.priority, c.handed_off,
                          c.created_at, c.queued_at, c.assigned_at, c.closed_at, c.sla_deadline,
                          close_outcome=c.close_outcome, history=tuple(read.histories.get(c.id, ())),
                          shown=staff is None or has_needed_permissions(staff, c.scope))
        for c in conversations
    ]
    enheter = {e.enhetsnummer for f in facts for e in f.episodes() if e.enhetsnummer} | {
        f.enhetsnummer for f in facts if f.enhetsnummer} | {enhet for enhet, _ in breaches} | {
        enhet for f in facts for enhet, _ in refused_queues(f.history, since)}
    names = {e: routing.enhet_navn(e) for e in enheter}
    staffed_from = {e: parent for e in enheter if (parent := routing.staffed_from(e))}
    opens = {e: next_opening(routing.opening_hours(e), now) for e in enheter}
    made = read.summaries[key] = summarize(facts, read.veiledere, breaches, now, names, staffed_from, opens,
                                           read.gone)
    return made


async def overview(deps: Deps, staff: StaffUser | None = None) -> dict[str, Any]:
    """The overview from a read of its own (the use cases' tests; readers on the web take shared_overview)."""
    return figures_for(await read_window(deps), deps.routing, staff)


async def shared_overview(deps: Deps, staff: StaffUser | None = None) -> dict[str, Any]:
    """The overview for the kontaktsenter page and /metrics: from the read every reader shares, made at most once
    per NAVCHAT_OVERVIEW_MAX_AGE_S and once at a time (services/shared_read.py), then as ``staff`` may see it. One
    who just moved or ended a chat (dispatch) gets a read begun after it."""
    read = await deps.overview_reads.get(lambda: read_window(deps), deps.clock.now(),
                                         deps.settings.overview_max_age_s, staff.id if staff is not None else None)
    return figures_for(read, deps.routing, staff)
