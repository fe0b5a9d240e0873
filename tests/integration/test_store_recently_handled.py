"""The SQL store's read of an office's recently closed chats (ports/store.py recently_handled), the data of the
promised wait (domain/wait_promise.py office_pace), against a real SQLite file: one bounded query, cheap with
thousands of chats."""

from __future__ import annotations

import time
from datetime import timedelta
from statistics import median

from router.domain.conversation import Conversation, ConversationState
from router.domain.wait_promise import PACE_WINDOW, SAMPLE_CHATS, HandledChat
from router.ports.store import UnitOfWorkFactory
from tests.integration import test_store
from tests.integration.test_store import NOW

store = test_store.store  # the same SQLite store fixture


def chat(conversation_id: str, enhetsnummer: str, *, closed_minutes_ago: float | None, handling: float = 10,
         assigned: bool = True) -> Conversation:
    closed = NOW - timedelta(minutes=closed_minutes_ago) if closed_minutes_ago is not None else None
    assigned_at = (closed or NOW) - timedelta(minutes=handling) if assigned else None
    return Conversation(
        id=conversation_id, token_hash="x", created_at=NOW - timedelta(hours=6), updated_at=NOW,
        enhetsnummer=enhetsnummer, queued_at=(assigned_at or NOW) - timedelta(minutes=1), assigned_at=assigned_at,
        first_human_reply_at=assigned_at + timedelta(minutes=1) if assigned_at else None, closed_at=closed,
        state=ConversationState.CLOSED if closed else ConversationState.ASSIGNED if assigned else ConversationState.QUEUED)


async def add(store: UnitOfWorkFactory, chats: list[Conversation]) -> None:
    async with store() as uow:
        for conversation in chats:
            await uow.conversations.add(conversation)


async def test_the_last_closed_chats_a_veileder_had_at_the_office_within_the_window(store: UnitOfWorkFactory) -> None:
    await add(store, [
        chat("recent", "0220", closed_minutes_ago=5, handling=12),
        chat("earlier", "0220", closed_minutes_ago=50),
        chat("long_ago", "0220", closed_minutes_ago=4 * 60),
        chat("never_assigned", "0220", closed_minutes_ago=3, assigned=False),  # closed in the queue
        chat("still_open", "0220", closed_minutes_ago=None),
        chat("elsewhere", "0219", closed_minutes_ago=2),
    ])
    async with store() as uow:
        handled = await uow.conversations.recently_handled("0220", NOW - PACE_WINDOW, SAMPLE_CHATS)
        assert [h.closed_at for h in handled] == [NOW - timedelta(minutes=5), NOW - timedelta(minutes=50)]
        assert handled[0] == HandledChat(NOW - timedelta(minutes=17), NOW - timedelta(minutes=16),
                                         NOW - timedelta(minutes=5))
        assert len(await uow.conversations.recently_handled("0220", NOW - PACE_WINDOW, 1)) == 1


async def test_with_5000_chats_at_the_office_the_read_takes_milliseconds(store: UnitOfWorkFactory) -> None:
    """5,000 chats at the office (a busy office's weeks, closed over the last days and hours) and 5,000 at another:
    the read takes the newest 30 within the window (measured on this machine: about 2–3 ms)."""
    chats = [chat(f"a{n}", "0220", closed_minutes_ago=n * 1.5) for n in range(5_000)]
    chats += [chat(f"b{n}", "0219", closed_minutes_ago=n * 1.5) for n in range(5_000)]
    await add(store, chats)
    timings = []
    for _ in range(20):
        async with store() as uow:
            started = time.perf_counter()
            handled = await uow.conversations.recently_handled("0220", NOW - PACE_WINDOW, SAMPLE_CHATS)
            timings.append(time.perf_counter() - started)
    assert len(handled) == SAMPLE_CHATS and handled[0].closed_at == NOW
    assert median(timings) < 0.05, timings
