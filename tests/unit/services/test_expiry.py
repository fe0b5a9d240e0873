"""Probe 108 (#5): a chat waiting in a queue, or with a veileder, was never closed by the system, so its deletion
(2 days after the close) never began: Sven's kode 6 chat at 2103, "Brukeren har gått", stayed QUEUED as long as
nobody at 2103 acted. Now it expires (router/domain/expiry.py), closed by the retention job, and is then deleted."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from router.domain.conversation import ConversationState
from router.domain.expiry import EXPIRED, expires_at, expiry_reason
from router.domain.opening_hours import OpeningHours
from router.services import bruker_presence, replies, retention
from router.texts import fixed_text
from tests.unit.services.conftest import World
from tests.unit.services.test_bruker_presence import GRACE_S, staff

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # a Monday, 10:00 in Oslo
HOURS_6, HOURS_18 = timedelta(hours=6), timedelta(hours=18)
OFFICE = OpeningHours.default()  # weekdays 09-15 Oslo time, closed on public holidays


def test_the_rule() -> None:
    """The periods count the office's open hours: 6 from Monday 10:00 end Tuesday 10:00, 18 end Thursday 10:00."""
    S = ConversationState
    rule = {"gone_after": HOURS_6, "idle_after": HOURS_18, "hours": OFFICE}
    day = timedelta(days=1)
    assert expiry_reason(S.QUEUED, last_activity=T0, gone_since=T0, now=T0 + day, **rule)
    assert expiry_reason(S.QUEUED, last_activity=T0, gone_since=T0, now=T0 + day - timedelta(minutes=1), **rule) \
        is None
    assert expiry_reason(S.ASSIGNED, last_activity=T0 + timedelta(hours=20), gone_since=T0, now=T0 + day,
                         **rule) is None, "the veileder answered 4 hours ago: being handled"
    assert expiry_reason(S.QUEUED, last_activity=T0, gone_since=None, now=T0 + 3 * day - timedelta(minutes=1),
                         **rule) is None, "a bruker still there waits three office days"
    assert "18 timers åpningstid" in (expiry_reason(S.QUEUED, last_activity=T0, gone_since=None, now=T0 + 3 * day,
                                                    **rule) or "")
    assert expires_at(S.QUEUED, last_activity=T0, gone_since=None, **rule) == T0 + 3 * day
    assert expires_at(S.QUEUED, last_activity=T0, gone_since=T0 + timedelta(hours=1), **rule) == T0 + day + \
        timedelta(hours=1)
    assert expiry_reason(S.BOT, last_activity=T0, gone_since=T0, now=T0 + 10 * day, **rule) is None
    assert expiry_reason(S.CLOSED, last_activity=T0, gone_since=T0, now=T0 + 10 * day, **rule) is None
    assert expires_at(S.CLOSED, last_activity=T0, gone_since=T0, **rule) is None


def test_an_enhet_that_never_opens_still_closes_its_chats_on_calendar_time() -> None:
    never = OpeningHours({})
    rule = {"gone_after": HOURS_6, "idle_after": HOURS_18, "hours": never}
    assert expiry_reason(ConversationState.QUEUED, last_activity=T0, gone_since=None, now=T0 + HOURS_18, **rule)


async def test_a_kode_6_chat_whose_bruker_went_expires_and_is_then_deleted(world: World) -> None:
    sven = await world.queued("Asker", diskresjonskode="SPSF")
    world.conversation(sven).language = "en"
    assert await bruker_presence.bruker_left(world.deps, sven, grace_s=GRACE_S)
    world.clock.advance(hours=5)  # the test office is open around the clock: 6 open hours are 6 hours
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
    for _ in range(5):  # she answers the gone (logged-in) bruker every 5 open hours, for 25 hours
        world.clock.advance(hours=5)
        await replies.reply(world.deps, handled, staff(world, kari.id), "Her er svaret ditt.")
        await retention.run(world.deps)
        assert world.conversation(handled).state is ConversationState.ASSIGNED, "being handled"
    assert world.conversation(forgotten).state is ConversationState.CLOSED, "18 open hours untouched, bruker there"
    assert world.conversation(forgotten).close_outcome == EXPIRED
    assert world.store.open_chats(kari.id) == 1, "her place is free again"
    world.clock.advance(hours=6, minutes=1)
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


async def test_the_retention_job_counts_the_open_hours_of_the_queues_enhet(world: World) -> None:
    """Probe 119: five nødhjelp chats queued 23.12 15:50, told "svarer deg torsdag 24. desember kl. 09:00", were
    closed by the first retention round on 28.12 09:30."""
    world.routing.opening_hours = lambda enhetsnummer: OFFICE  # type: ignore[method-assign]
    world.clock.advance(seconds=(datetime(2026, 12, 23, 14, 50, tzinfo=UTC) - world.clock.now()).total_seconds())
    chats = [await world.queued("Asker", priority="emergency") for _ in range(5)]
    world.clock.advance(seconds=(datetime(2026, 12, 28, 8, 30, tzinfo=UTC) - world.clock.now()).total_seconds())

    assert await retention.close_expired(world.deps) == 0
    assert {world.conversation(c).state for c in chats} == {ConversationState.QUEUED}
    world.clock.advance(seconds=(datetime(2026, 12, 29, 14, 0, tzinfo=UTC) - world.clock.now()).total_seconds())
    assert await retention.close_expired(world.deps) == 5, "18 open hours later nobody had acted: they expire"


def test_the_old_idle_setting_in_days_is_refused_not_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    from router.config import Settings

    monkeypatch.setenv("NAVCHAT_EXPIRE_IDLE_DAYS", "3")
    with pytest.raises(ValueError, match="NAVCHAT_EXPIRE_IDLE_HOURS"):
        Settings.from_env()
