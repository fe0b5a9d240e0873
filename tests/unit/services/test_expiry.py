"""Probe 108 (#5): a chat waiting in a queue, or with a veileder, was never closed by the system, so its deletion
(2 days after the close) never began: Sven's kode 6 chat at 2103, "Brukeren har gått", stayed QUEUED as long as
nobody at 2103 acted. Now it expires (router/domain/expiry.py), closed by the retention job, and is then deleted."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from router.domain.conversation import ConversationState
from router.domain.expiry import EXPIRED, expiry_reason
from router.services import bruker_presence, replies, retention
from router.texts import fixed_text
from tests.unit.services.conftest import World
from tests.unit.services.test_bruker_presence import GRACE_S, staff

T0 = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
DAY, HOURS_3 = timedelta(hours=24), timedelta(days=3)


def test_the_rule() -> None:
    S = ConversationState
    rule = {"gone_after": DAY, "idle_after": HOURS_3}
    assert expiry_reason(S.QUEUED, last_activity=T0, gone_since=T0, now=T0 + DAY, **rule)
    assert expiry_reason(S.QUEUED, last_activity=T0, gone_since=T0, now=T0 + DAY - timedelta(minutes=1), **rule) \
        is None
    assert expiry_reason(S.ASSIGNED, last_activity=T0 + timedelta(hours=20), gone_since=T0, now=T0 + DAY,
                         **rule) is None, "the veileder answered 4 hours ago: being handled"
    assert expiry_reason(S.QUEUED, last_activity=T0, gone_since=None, now=T0 + 2 * DAY, **rule) is None, \
        "a bruker still there waits out a weekend"
    assert "døgn" in (expiry_reason(S.QUEUED, last_activity=T0, gone_since=None, now=T0 + HOURS_3, **rule) or "")
    assert expiry_reason(S.BOT, last_activity=T0, gone_since=T0, now=T0 + 10 * DAY, **rule) is None
    assert expiry_reason(S.CLOSED, last_activity=T0, gone_since=T0, now=T0 + 10 * DAY, **rule) is None


async def test_a_kode_6_chat_whose_bruker_went_expires_and_is_then_deleted(world: World) -> None:
    sven = await world.queued("Asker", diskresjonskode="SPSF")
    world.conversation(sven).language = "en"
    assert await bruker_presence.bruker_left(world.deps, sven, grace_s=GRACE_S)
    world.clock.advance(hours=23)
    assert await retention.close_expired(world.deps) == 0
    world.clock.advance(hours=1)

    assert await retention.close_expired(world.deps) == 1

    closed = world.conversation(sven)
    assert closed.state is ConversationState.CLOSED and closed.close_outcome == EXPIRED
    rows = [r for r in world.store.history if r.conversation_id == sven]
    assert [r.kind for r in rows][-2:] == ["expired", "close"] and "brukeren har gått" in rows[-2].reason
    told = [m for m in world.store.messages.values() if m.conversation_id == sven and m.sender == "system"]
    assert told[-1].translated_text == fixed_text("expired_closed", "en"), "in her language, there when she comes back"
    assert any(e.get("type") == "state" and e.get("state") == "CLOSED" for e in world.bus.published)
    world.clock.advance(days=world.deps.settings.retention_days + 0.1)
    assert await retention.purge_transcripts(world.deps) == 1, "the normal deletion follows"
    assert not [m for m in world.store.messages.values() if m.conversation_id == sven]


async def test_a_chat_the_veileder_is_handling_is_not_closed_and_an_untouched_one_is(world: World) -> None:
    kari = world.add_veileder("kari", "0220")
    handled = await world.queued("Asker")
    assert world.conversation(handled).veileder_id == kari.id
    assert await bruker_presence.bruker_left(world.deps, handled, grace_s=GRACE_S)
    forgotten = await world.queued("Asker")
    assert world.conversation(forgotten).veileder_id == kari.id
    for _ in range(4):  # she answers the gone (logged-in) bruker every 20 hours, for 80 hours
        world.clock.advance(hours=20)
        await replies.reply(world.deps, handled, staff(world, kari.id), "Her er svaret ditt.")
        await retention.run(world.deps)
        assert world.conversation(handled).state is ConversationState.ASSIGNED, "being handled"
    assert world.conversation(forgotten).state is ConversationState.CLOSED, "3 days untouched, the bruker there"
    assert world.conversation(forgotten).close_outcome == EXPIRED
    assert world.store.open_chats(kari.id) == 1, "her place is free again"
    world.clock.advance(hours=24)
    await retention.run(world.deps)
    assert world.conversation(handled).state is ConversationState.CLOSED



def test_the_dashboard_counts_an_expired_wait_as_ended_unanswered_not_as_waiting() -> None:
    from router.services.queue_overview import summarize
    from tests.unit.services.overview_facts import NOW, chat

    expired = chat("a", enhet="2103", tema="SOS", queued=100, closed=1, outcome=EXPIRED, closed_by="router")
    answered = chat("b", enhet="2103", tema="SOS", queued=100, assigned=90, closed=1)
    totals = summarize([expired, answered], [], Counter(), NOW, {})["totals"]
    assert totals["expired"] == 1 and totals["waiting"] == 0
    assert totals["left_queue"] == 0 and totals["to_veileder"] == 1
