"""What of a chat stays once its transcript is deleted (retention): the rules, no I/O.

After the retention period the conversation row and its history stay for statistics (state, enhet, times, outcome),
but nothing that holds what the bruker said or ties the chat to a person: the staff's own words (a transfer's note
becomes "overført", an internal note "notat", a close's note is dropped), the id of the person's other chat a
history row names (``from``: "bruker_resumed", "messages_carried_over"), and the place finer than the kommune (a
bydel's 6-digit GT becomes its kommune's 4 digits; the place the bruker typed goes). docs/PRIVACY.md lists what stays.
"""

from __future__ import annotations

from typing import Any

from router.domain.events import STAFF_NOTE, Transition

TRANSFER_NOTE_PURGED = "overført"
STAFF_NOTE_PURGED = "notat"
# History data that names another conversation of the same person, or a fact of the person (whether the register
# names her follow-up veileder, on the login row): dropped at purge.
TIES = frozenset({"from", "own_veileder"})
GT_KEY = "geografisk_tilknytning"


def kommune_level(gt: str | None) -> str | None:
    """The kommune of a GT: a bydel's 6 digits (030105, Frogner) become its kommune's 4 (0301, Oslo); a kommune's 4
    digits and an abroad GT (a country code) stay as they are."""
    if gt and len(gt) == 6 and gt.isdigit():
        return gt[:4]
    return gt


def purged_history(kind: str, reason: str, data: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """A history row (its kind, reason and data) as it stays after the purge."""
    data = dict(data or {})
    if kind == Transition.TRANSFER.value:
        reason = TRANSFER_NOTE_PURGED
    if kind == STAFF_NOTE:
        reason = STAFF_NOTE_PURGED
    if kind == Transition.CLOSE.value:
        data.pop("note", None)
    for key in TIES:
        data.pop(key, None)
    if GT_KEY in data:
        data[GT_KEY] = kommune_level(data[GT_KEY])
    return reason, data
