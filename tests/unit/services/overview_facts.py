"""Facts for the kontaktsenter overview's pure part (queue_overview.summarize), with the history they read: a chat
told as what happened to it, minutes before NOW."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from router.domain.events import ConversationState as S
from router.domain.events import HistoryRecord, Noted, StateChanged, Transition
from router.services.queue_overview import ConversationFacts

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


def chat(id: str, *, enhet: str = "0220", tema: str = "KOM", queued: float | None = None,
         assigned: float | None = None, back: float | None = None, left: float | None = None,
         closed: float | None = None, outcome: str = "besvart", closed_by: str = "veileder:1",
         moved: tuple[float, str] | None = None, refused: float | None = None, language: str | None = "nb",
         priority: str = "normal", created: float = 60, shown: bool = True) -> ConversationFacts:
    """``queued``: asked for a person (minutes ago); ``assigned``: a veileder took it; ``back``: back in the queue
    from the veileder; ``moved``: (when, to which enhet) while waiting; ``left``: back to the bot from the queue;
    ``closed``: ended (by ``closed_by`` with ``outcome``)."""
    history: list[HistoryRecord] = []
    state = S.BOT
    where = enhet

    def step(minutes: float, kind: Transition, to: S, *, actor: str = "router", reason: str = "",
             **data: str) -> None:
        nonlocal state
        history.append(StateChanged(id, kind, state, to, actor, reason, ago(minutes), dict(data)))
        state = to

    events: list[tuple[float, str]] = [(m, name) for m, name in (
        (queued, "queued"), (assigned, "assigned"), (back, "back"), (left, "left"), (closed, "closed"),
        (moved[0] if moved else None, "moved")) if m is not None]
    if refused is not None:
        history.append(Noted(id, "queue_full_from_address", "router", "", ago(refused),
                             {"enhetsnummer": enhet, "tema": tema}))
    for minutes, name in sorted(events, key=lambda e: -e[0]):
        if name == "queued":
            step(minutes, Transition.HANDOFF, S.QUEUED, actor="bruker")
            history.append(Noted(id, "routed", "router", "", ago(minutes), {"enhetsnummer": enhet}))
        elif name == "assigned":
            step(minutes, Transition.ASSIGN, S.ASSIGNED)
        elif name == "back":
            step(minutes, Transition.VEILEDER_OFFLINE, S.QUEUED)
        elif name == "left":
            step(minutes, Transition.BACK_TO_BOT, S.BOT, actor="bruker")
        elif name == "moved" and moved:
            step(minutes, Transition.TRANSFER, S.QUEUED, from_enhetsnummer=where, to_enhetsnummer=moved[1])
            where = moved[1]
        elif name == "closed":
            step(minutes, Transition.CLOSE, S.CLOSED, actor=closed_by, reason=outcome)
    return ConversationFacts(
        id, state.value, where if queued is not None else None, tema if queued is not None else None, language,
        priority, queued is not None, ago(created), ago(queued) if queued is not None else None,
        ago(assigned) if assigned is not None else None, ago(closed) if closed is not None else None, None,
        close_outcome=outcome if closed is not None else None, history=tuple(history), shown=shown)
