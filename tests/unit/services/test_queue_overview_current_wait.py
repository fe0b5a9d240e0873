"""The kontaktsenter's figures a probe (helper-88) misread on a busy morning: the longest wait counted time with a
veileder, and "tilgjengelige" said nothing of a free place."""

from __future__ import annotations

from collections import Counter

from router.domain.access import StaffUser
from router.domain.assignment import Presence
from router.services import dispatch, queue_overview
from router.services.queue_overview import ConversationFacts, summarize
from tests.unit.services.conftest import World
from tests.unit.services.overview_facts import NOW, ago, chat


def back_from_a_veileder(back_min_ago: float) -> ConversationFacts:
    """In line 9 min ago, a veileder had it from 8 min ago; back in the queue ``back_min_ago``."""
    return chat("back", queued=9, assigned=8, back=back_min_ago)


def test_the_longest_wait_counts_from_when_the_current_wait_began() -> None:
    """The probe's chat read 9 min "lengste ventetid nå" though it had been with a veileder for 2.5 min of it."""
    overview = summarize([back_from_a_veileder(5.5)], [], Counter(), NOW, {"0220": "Nav Asker"})
    (group,) = overview["groups"]
    assert group["oldest_wait_s"] == 330, "5.5 min since it came back, not 9 min since its place"
    assert overview["waiting_since"] == {"back": ago(5.5).isoformat()}
    assert group["median_wait_s"] == (60 + 330) / 2, "its first wait (1 min, answered) and its current one"


def test_a_chat_back_from_a_veileder_is_stuck_by_its_current_wait() -> None:
    """"Står fast" and its "Ventet" count the current wait too: 31 min in line, 25 of them with a veileder."""
    assert summarize([chat("back", queued=31, assigned=30, back=5)], [], Counter(), NOW, {})["stuck"] == []
    (stuck,) = summarize([chat("long", queued=45, assigned=44, back=35)], [], Counter(), NOW, {})["stuck"]
    assert stuck["waited_s"] == 35 * 60


def test_available_veiledere_say_how_many_have_a_free_place() -> None:
    """"Veiledere tilgjengelige 2 av 2" beside "6 / 6": both were full, nobody could take a chat."""
    waiting = chat("w", queued=4)
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
