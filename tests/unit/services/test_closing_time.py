"""Probe 87: a bruker waiting at 14:50 read "Venter på ledig veileder …" past 15:00 and was told nothing when the
office closed. The waiting are told at closing, once, while nobody who may take their chat is still online."""

from __future__ import annotations

from datetime import datetime

from router.domain.assignment import Presence
from router.domain.opening_hours import OSLO, OpeningHours
from router.services import closing_time
from router.texts import fixed_text
from tests.unit.services.conftest import World

# The test routing's offices are open 00:00–23:59 Oslo time: 13 h 29 min 30 s after the world's Tuesday 10:30 they
# have just closed.
TO_CLOSING = {"hours": 13, "minutes": 29, "seconds": 30}


def oslo(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


def closing_notices(world: World, conversation_id: str) -> list[str]:
    openings = [fixed_text(key, "nb", enhet="Nav 0220")
                for key in ("office_closed_keep_place", "office_closed_keep_place_reopens")]
    return [m.text_for_user for m in world.store.messages.values() if m.conversation_id == conversation_id
            and m.sender == "system" and any(m.text_for_user.startswith(o) for o in openings)]


async def test_the_waiting_are_told_once_when_their_office_closes(world: World) -> None:
    conversation_id = await world.queued("Asker")
    assert await closing_time.tell_the_waiting_at_closing(world.deps) == 0, "open: nothing to say"
    world.clock.advance(**TO_CLOSING)
    assert await closing_time.tell_the_waiting_at_closing(world.deps) == 1
    [told] = closing_notices(world, conversation_id)
    assert told.startswith("Chatten ved Nav 0220 er stengt for i dag, og du beholder plassen din i køen."), told
    # When a veileder may answer, at the earliest: the chat's staffed hours, not an office's (no source has those)
    assert "Chatten er ikke bemannet nå. En veileder kan svare deg tidligst" in told, "when it answers"
    assert await closing_time.tell_the_waiting_at_closing(world.deps) == 0, "once per closing"
    assert len(closing_notices(world, conversation_id)) == 1
    published = [e for e in world.bus.published if e.get("type") == "message"]
    assert any(e.get("conversation_id") == conversation_id for e in published)


async def test_nobody_is_told_while_a_veileder_who_may_take_it_is_still_online(world: World) -> None:
    kari = world.add_veileder("kari", "0220", capacity=0)  # online, full: the chat waits for her
    conversation_id = await world.queued("Asker")
    world.clock.advance(**TO_CLOSING)
    assert await closing_time.tell_the_waiting_at_closing(world.deps) == 0
    kari.presence = Presence.OFFLINE  # she logs off for the day: the next sweep tells the bruker
    assert await closing_time.tell_the_waiting_at_closing(world.deps) == 1
    assert len(closing_notices(world, conversation_id)) == 1


async def test_one_who_came_after_closing_was_told_at_the_door(world: World) -> None:
    world.clock.advance(**TO_CLOSING)
    conversation_id = await world.queued("Asker")
    assert await closing_time.tell_the_waiting_at_closing(world.deps) == 0
    assert closing_notices(world, conversation_id) == []


def test_the_notice_says_for_the_day_only_when_the_office_opens_the_next_day() -> None:
    """Probe 119: on nyttårsaften the 15:00 notice read "Nav Grünerløkka har stengt for i dag ... En veileder svarer
    deg mandag 4. januar"."""
    office = OpeningHours.default()
    assert closing_time.closing_notice_key(office, oslo(2026, 12, 2, 15)) == "office_closed_keep_place"
    for closed in (oslo(2026, 12, 31, 15), oslo(2026, 12, 4, 15), oslo(2027, 3, 24, 15), oslo(2027, 5, 14, 15)):
        assert closing_time.closing_notice_key(office, closed) == "office_closed_keep_place_reopens", closed


async def test_on_new_years_eve_the_office_has_closed_until_it_opens_again(world: World) -> None:
    world.routing.opening_hours = lambda enhetsnummer: OpeningHours.default()  # type: ignore[method-assign]
    world.clock.advance(seconds=(oslo(2026, 12, 31, 14, 51) - world.clock.now()).total_seconds())
    conversation_id = await world.queued("Asker")
    world.clock.advance(minutes=9, seconds=30)
    assert await closing_time.tell_the_waiting_at_closing(world.deps) == 1
    [told] = [m.text_for_user for m in world.store.messages.values() if m.conversation_id == conversation_id
              and m.text_for_user.startswith(fixed_text("office_closed_keep_place_reopens", "nb", enhet="Nav 0220"))]
    assert "for i dag" not in told and "mandag 4. januar kl. 09:00" in told, told
    assert told.startswith("Chatten ved Nav 0220 er stengt, og du beholder plassen din i køen til den åpner igjen.")
    assert told.count("bemannet nå") == 1 and "tidligst mandag 4. januar" in told, "not said twice over"
