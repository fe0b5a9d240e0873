"""Process-wide counts of what happened to conversations, for /metrics as Prometheus counters (router/web/metrics.py).

Counted when the store has committed it (router/adapters/store.py: the records each unit of work wrote), by the
rules of router/domain/queue_figures.py (happenings). Each router process counts its own commits from 0 at its start,
as Prometheus expects of a counter: rate() and increase() read a restart's drop to 0 as a reset, and the routers of
the scaled profile each count only their own (sum() adds them up). A counter read back from the store instead would
be counted once per router by sum(), and drop whenever retention deletes old history. Plain Python, no metrics
library, as router/ports/faults.py.

Need-to-know: a strengt fortrolig (kode 6) conversation is never counted, so no label or count tells that a kode 6
bruker is in the chat (the kontaktsenter overview leaves it out of /metrics the same way). Hence a chat counts as
started when the bruker first writes or asks for a person (queue_figures.begins), not when it is created: a chat is
tied to a person, who may be kode 6, only after it is created (a login before she writes, as after "Start ny
samtale", which starts anonymous).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from router.domain.events import HistoryRecord
from router.domain.queue_figures import Happened, happenings

_QUEUE = ("enhetsnummer", "temagruppe")
# What happened -> (metric name without _total, help text, label names).
TALLIES: dict[Happened, tuple[str, str, tuple[str, ...]]] = {
    Happened.STARTED: ("navchat_conversations_started", "Conversations started", ()),
    Happened.HANDED_OFF: ("navchat_handoffs", "Requests for a veileder given a place in the queue", _QUEUE),
    Happened.REFUSED: (
        "navchat_handoffs_refused", "Requests for a veileder refused a place in the queue: too many waiting from the "
        "same network or of the same person", _QUEUE),
    Happened.WAIT_ENDED: (
        "navchat_queue_waits_ended", "Waits in a queue that ended, by how: answered (a veileder took it), left (the "
        "bruker left), expired, closed_by_nav (closed while waiting), moved (to another queue)",
        (*_QUEUE, "ended_by")),
    Happened.SLA_BREACHED: ("navchat_sla_breaches", "Waits that passed their answer deadline in the queue", _QUEUE),
    Happened.CLOSED: (
        "navchat_conversations_closed", "Conversations ended, by whether they had asked for a veileder and language",
        ("handed_off", "language")),
}

_counts: Counter[tuple[Happened, tuple[str, ...]]] = Counter()


def count_committed(records: Iterable[HistoryRecord], *, enhetsnummer: str | None, tema: str | None,
                    handed_off: bool, language: str | None, strengt_fortrolig: bool, begun: bool = False) -> None:
    """Count one conversation's newly committed history ``records``, with its facts after them; ``begun``: it began
    in this commit (queue_figures.begins)."""
    if strengt_fortrolig:
        return
    for happened, labels in happenings(records, enhetsnummer=enhetsnummer, tema=tema, handed_off=handed_off,
                                       language=language or "und", begun=begun):
        _counts[(happened, labels)] += 1


def counted(happened: Happened) -> dict[tuple[str, ...], int]:
    """The counts of ``happened`` by their label values."""
    return {labels: number for (kind, labels), number in _counts.items() if kind is happened}
