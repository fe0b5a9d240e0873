"""Probe 134: a chat that went back to the queue with its old place (its veileder went offline on Thursday morning)
was told "Chatten ved … er stengt for i dag" at 09:41 on an open office: the notice spoke of Wednesday's closing,
because the sweep looked for a closing since the chat entered the queue and not at whether it is closed now."""

from __future__ import annotations

from router.domain.assignment import Presence
from router.services import closing_time
from router.texts import fixed_text
from tests.unit.services.conftest import World

# The test routing's offices are open 00:00–23:59 Oslo time: 13 h 29 min 30 s after the world's Tuesday 10:30 they
# have just closed; an hour later they are open again.
TO_CLOSING = {"hours": 13, "minutes": 29, "seconds": 30}


def closing_notices(world: World, conversation_id: str) -> list[str]:
    openings = [fixed_text(key, "nb", enhet="Nav 0220")
                for key in ("office_closed_keep_place", "office_closed_keep_place_reopens")]
    return [m.text_for_user for m in world.store.messages.values() if m.conversation_id == conversation_id
            and m.sender == "system" and any(m.text_for_user.startswith(o) for o in openings)]


async def test_a_chat_that_waited_over_a_closing_is_not_told_of_it_once_the_office_is_open_again(
        world: World) -> None:
    kari = world.add_veileder("kari", "0220", capacity=0)  # online through the closing: nobody is told then
    conversation_id = await world.queued("Asker")
    world.clock.advance(**TO_CLOSING)
    assert await closing_time.tell_the_waiting_at_closing(world.deps) == 0
    world.clock.advance(hours=1)  # the next morning, open
    kari.presence = Presence.OFFLINE
    assert await closing_time.tell_the_waiting_at_closing(world.deps) == 0, "open now: nothing is closed"
    assert closing_notices(world, conversation_id) == []
    world.clock.advance(hours=23)  # that evening's closing, with nobody online: told of it
    assert await closing_time.tell_the_waiting_at_closing(world.deps) == 1
    assert len(closing_notices(world, conversation_id)) == 1
