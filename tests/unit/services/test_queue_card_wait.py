"""Queue cards say what the wait is (probe 118 #9, probe 119 #3): the same wait as the dashboard for a transferred
chat (not its place in line), whether the office is closed, and when the chat expires if nobody acts."""

from __future__ import annotations

from datetime import datetime

from router.domain.assignment import Presence
from router.domain.opening_hours import OSLO, OpeningHours
from router.services import dispatch, inbox, queue_overview
from tests.unit.services.conftest import World


def as_staff(world: World, veileder_id: int):  # type: ignore[no-untyped-def]
    return world.store.veiledere[veileder_id].as_staff_user()


async def test_a_transferred_chat_waits_from_its_transfer_as_the_dashboard_says(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    ola = world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    world.clock.advance(seconds=60)
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    world.clock.advance(seconds=30)
    await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_enhetsnummer="0219",
                            note="")
    moved_at = world.clock.now()
    world.clock.advance(seconds=11)

    [card] = await inbox.queue_for(world.deps, as_staff(world, ola.id))
    assert datetime.fromisoformat(card["waiting_since"]) == moved_at, "its wait here, not the 100 s since queued_at"
    assert datetime.fromisoformat(card["queued_at"]) < moved_at, "its place in line is kept"
    dashboard = await queue_overview.overview(world.deps)
    assert dashboard["waiting_since"][conversation_id] == card["waiting_since"]


async def test_a_card_says_the_office_is_closed_and_when_the_chat_expires(world: World) -> None:
    """Probe 119: veileder1 on 23 December at 15:52 saw five nødhjelp cards "Venter 41 s" and nothing else."""
    world.routing.opening_hours = lambda enhetsnummer: OpeningHours.default()  # type: ignore[method-assign]
    world.clock.advance(seconds=(datetime(2026, 12, 23, 15, 50, tzinfo=OSLO) - world.clock.now()).total_seconds())
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker", priority="emergency")
    world.clock.advance(minutes=2)

    [card] = await inbox.queue_for(world.deps, as_staff(world, kari.id))
    assert card["id"] == conversation_id and card["office_open"] is False
    # What her queue notice told her ("En veileder svarer deg torsdag 24. desember kl. 09:00"), for staff too.
    assert datetime.fromisoformat(card["answer_promised_at"]) == datetime(2026, 12, 24, 9, 0, tzinfo=OSLO)
    # 18 open hours: 24.12 09-15, then (25.-27. closed) 28.12 and 29.12 09-15.
    assert datetime.fromisoformat(card["expires_at"]) == datetime(2026, 12, 29, 15, 0, tzinfo=OSLO)
    world.clock.advance(seconds=(datetime(2026, 12, 24, 10, tzinfo=OSLO) - world.clock.now()).total_seconds())
    [card] = await inbox.queue_for(world.deps, as_staff(world, kari.id))
    assert card["office_open"] is True
    assert datetime.fromisoformat(card["expires_at"]) == datetime(2026, 12, 29, 15, 0, tzinfo=OSLO), "unchanged"
