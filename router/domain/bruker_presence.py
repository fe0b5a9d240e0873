"""Whether the bruker's chat page is still there: the history rows that say so, and the rule that reads them.

The router (router/web/ws.py) records ``bruker_left`` when every page of the bruker closed and none came back within
the grace period, and ``bruker_back`` when a page opens again; both while the conversation waits for or has a
veileder. A bruker is gone while the last of those rows is ``bruker_left`` and they have written nothing since (a
message is a bruker who is there, whatever way it came). A gone bruker's waiting chat keeps its place in the queue
but is given to nobody automatically (router/domain/queue.py, services/assignment.py); a bruker who comes back is
served from that same place.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

LEFT = "bruker_left"
BACK = "bruker_back"
KINDS = (LEFT, BACK)


def gone_since(marks: Iterable[tuple[str, datetime]], last_written: datetime | None = None) -> datetime | None:
    """When the bruker's pages went, if they are gone now, else None. ``marks``: the conversation's LEFT and BACK
    rows (kind, at) in the order recorded; ``last_written``: when the bruker last wrote, if ever."""
    last = None
    for kind, at in marks:
        if kind in KINDS:
            last = (kind, at)
    if last is None or last[0] != LEFT:
        return None
    if last_written is not None and last_written > last[1]:
        return None
    return last[1]
