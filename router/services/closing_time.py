"""At an office's closing time, the brukere still waiting in its queue are told it has closed, that they keep their
place, and when it answers (probe 87: from 15:00 the status still said "Venter på ledig veileder" and nothing was
said until the office opened again).

Told once per closing, and only while nobody who may take the chat is still online there: veiledere often work
through the queue after closing time, and "we answer on Monday" read seconds before one of them takes the chat is
worse than nothing. A bruker who entered the queue after the office closed was told so then (waiting.queue_notice).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from itertools import groupby

from router.domain.conversation import Conversation, ConversationState
from router.domain.events import HistoryRecord
from router.domain.opening_hours import OSLO, OpeningHours, is_open, last_closing, next_opening
from router.services import waiting
from router.services.deps import Deps
from router.services.notify import publish_message

log = logging.getLogger(__name__)

# The history kind; its data says which closing ({"closed_at": iso}).
CLOSING_TOLD = "closing_told"


async def tell_the_waiting_at_closing(deps: Deps) -> int:
    """The notice for every waiting conversation whose office has closed since it entered the queue, once per
    closing, when nobody who may take it is online. How many were told."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        waiting_now = await uow.conversations.queued()
    due: dict[str, str] = {}  # conversation id -> the closing it is told about
    for enhetsnummer, group in groupby(sorted(waiting_now, key=_enhet), key=_enhet):
        hours = deps.routing.opening_hours(enhetsnummer)
        for conversation in group:
            since = conversation.queued_at or conversation.created_at
            closed = last_closing(hours, since, now)
            # Only while it is still closed: a chat back in the queue with its old place (its veileder went
            # offline on Thursday morning) was told on an open office "er stengt for i dag" of Wednesday's closing.
            if closed is not None and not is_open(hours, now):
                due[conversation.id] = closed.isoformat()
    if not due:
        return 0
    async with deps.uow() as uow:
        told = await uow.history.of_kinds(list(due), (CLOSING_TOLD,))
    count = 0
    for conversation_id, closed_at in due.items():
        if _told_of(told.get(conversation_id, []), closed_at):
            continue
        if await _tell(deps, conversation_id, closed_at):
            count += 1
    return count


def _told_of(records: list[HistoryRecord], closed_at: str) -> bool:
    return any((record.data or {}).get("closed_at") == closed_at for record in records)


def _enhet(conversation: Conversation) -> str:
    return conversation.enhetsnummer or ""


async def _tell(deps: Deps, conversation_id: str, closed_at: str) -> bool:
    now = deps.clock.now()
    async with deps.uow() as uow:
        # Another router's sweep may hold it: it tells the bruker.
        conversation = await uow.conversations.get(conversation_id, for_update=True, skip_locked=True)
        if conversation is None or conversation.state is not ConversationState.QUEUED:
            return False
        told = await uow.history.of_kinds([conversation_id], (CLOSING_TOLD,))  # by a sweep that just committed
        if _told_of(told.get(conversation_id, []), closed_at):
            return False
        if await waiting.able_to_take(deps, uow, conversation, now):
            return False  # someone may still take it tonight: no "tomorrow" yet (the next sweep looks again)
        conversation.note(CLOSING_TOLD, actor="router", reason="kontoret stengte mens brukeren ventet", now=now,
                          data={"closed_at": closed_at})
        key = closing_notice_key(deps.routing.opening_hours(conversation.enhetsnummer or ""),
                                 datetime.fromisoformat(closed_at))
        notice = await uow.messages.add(await waiting.notice_with_wait(deps, uow, conversation, now, key))
    log.info("closing_time.told conversation=%s", conversation_id)
    await publish_message(deps, conversation, notice)
    return True


def closing_notice_key(hours: OpeningHours, closed_at: datetime) -> str:
    """"Has closed for the day" only when the office opens again the next day; else "has closed now ... until the
    office opens again" (probe 119: nyttårsaften read "har stengt for i dag ... svarer deg mandag 4. januar")."""
    opens = next_opening(hours, closed_at)
    tomorrow = closed_at.astimezone(OSLO).date() + timedelta(days=1)
    if opens is not None and opens.astimezone(OSLO).date() == tomorrow:
        return "office_closed_keep_place"
    return "office_closed_keep_place_reopens"
