"""The kontaktsenter's figures a probe (helper-88) misread on a busy morning: the longest wait counted time with a
veileder, and "tilgjengelige" said nothing of a free place."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from router.domain.access import StaffUser
from router.domain.assignment import Presence
from router.services import dispatch, queue_overview
from router.services.queue_overview import ConversationFacts, summarize, waiting_at
from tests.unit.services.conftest import World

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


def back_from_a_veileder(back_min_ago: float | None) -> ConversationFacts:
    """In line 9 min ago, a veileder had it from 8 min ago; back in the queue ``back_min_ago`` (None: not known)."""
    return ConversationFacts("back", "QUEUED", "0220", "KOM", "nb", "normal", True, ago(10), ago(9), ago(8), None,
                             None, back_in_queue_at=ago(back_min_ago) if back_min_ago is not None else None)


def test_the_longest_wait_counts_from_when_the_current_wait_began() -> None:
    """The probe's chat read 9 min "lengste ventetid nå" though it had been with a veileder for 2.5 min of it."""
    back = back_from_a_veileder(5.5)
    overview = summarize([back], [], Counter(), NOW, {"0220": "Nav Asker"})
    (group,) = overview["groups"]
    assert group["oldest_wait_s"] == 330, "5.5 min since it came back, not 9 min since its place"
    assert overview["waiting_since"] == {"back": ago(5.5).isoformat()}
    # The chart: waiting before the veileder got it and since it came back, not while the veileder had it.
    assert [waiting_at(back, ago(m)) for m in (8.5, 7, 6, 5)] == [True, False, False, True]


def test_a_chat_back_from_a_veileder_is_stuck_by_its_current_wait() -> None:
    """"Står fast" and its "Ventet" count the current wait too: 31 min in line, 25 of them with a veileder."""
    facts = ConversationFacts("back", "QUEUED", "0220", "KOM", "nb", "normal", True, ago(32), ago(31), ago(30),
                              None, None, back_in_queue_at=ago(5))
    assert summarize([facts], [], Counter(), NOW, {})["stuck"] == []
    long_ago = ConversationFacts("long", "QUEUED", "0220", "KOM", "nb", "normal", True, ago(50), ago(45), ago(44),
                                 None, None, back_in_queue_at=ago(35))
    (stuck,) = summarize([long_ago], [], Counter(), NOW, {})["stuck"]
    assert stuck["waited_s"] == 35 * 60


def test_available_veiledere_say_how_many_have_a_free_place() -> None:
    """"Veiledere tilgjengelige 2 av 2" beside "6 / 6": both were full, nobody could take a chat."""
    waiting = ConversationFacts("w", "QUEUED", "0220", "KOM", "nb", "normal", True, ago(5), ago(4), None, None, None)
    full = [("0220", "online", 3, 3), ("0220", "online", 3, 3), ("0220", "busy", 1, 3)]
    overview = summarize([waiting], full, Counter(), NOW, {})
    (group,) = overview["groups"]
    assert (group["veiledere_online"], group["veiledere_with_room"], group["veiledere_logged_in"]) == (2, 0, 3)
    assert overview["totals"]["veiledere_with_room"] == 0
    one_free = summarize([waiting], [*full[:1], ("0220", "online", 2, 3)], Counter(), NOW, {})
    assert one_free["groups"][0]["veiledere_with_room"] == one_free["totals"]["veiledere_with_room"] == 1


def staff(world: World, veileder_id: int) -> StaffUser:
    return world.store.veiledere[veileder_id].as_staff_user()


async def test_the_overview_reads_when_a_chat_came_back_from_its_veileder(world: World) -> None:
    """Through the use cases: 3 min in line, 2.5 min with Kari, who went offline; a minute later its wait is 1 min."""
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    world.clock.advance(minutes=3)
    await dispatch.set_presence(world.deps, staff(world, kari.id), "online")
    assert world.conversation(conversation_id).veileder_id == kari.id
    world.clock.advance(minutes=2.5)
    await dispatch.set_presence(world.deps, staff(world, kari.id), "offline")
    came_back = world.clock.now()
    world.clock.advance(minutes=1)
    overview = await queue_overview.overview(world.deps)
    (group,) = overview["groups"]
    assert group["waiting"] == 1
    assert group["oldest_wait_s"] == 60
    assert overview["waiting_since"] == {conversation_id: came_back.isoformat()}
