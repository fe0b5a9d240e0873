"""Every notice that tells a waiting bruker when a veileder may answer notes that time for staff (helper-129).

Probe 119 found "Meldingen din er lagret … trolig svarer vi deg først mandag …" said to a bruker while her queue card
said nothing of it: the acknowledgement of a message written while she waits named a time, and only the queue notice
noted one (answer_promised, which the queue card shows as "lovet svar tidligst …"). A bruker queued while a veileder
was still there got no time at all in her queue notice; the acknowledgement minutes later was the only promise she
read, and nobody at NAV could see it."""

from __future__ import annotations

from datetime import datetime

from router.domain.assignment import Presence
from router.domain.opening_hours import OSLO
from router.domain.wait_promise import ANSWER_PROMISED
from router.services import handoff, inbox
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.unit.services.conftest import World
from tests.unit.services.test_wait_probe70 import MONDAY_OPENS as MONDAY_0900
from tests.unit.services.test_wait_probe70 import at

FRIDAY_1435 = datetime(2026, 12, 4, 14, 35, tzinfo=OSLO)


def promised(world: World, conversation_id: str) -> list[datetime]:
    return [datetime.fromisoformat(str((r.data or {})["at"])) for r in world.store.history
            if r.conversation_id == conversation_id and r.kind == ANSWER_PROMISED]


async def test_the_acknowledgement_that_names_a_time_notes_it_for_the_queue_card(world: World) -> None:
    at(world, FRIDAY_1435)
    kari = world.add_veileder("kari", "0220", capacity=1)
    busy, _ = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, busy.id, reason="hjelp")  # Kari's one place is taken
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    notice = (await handoff.hand_off(world.deps, conversation.id, reason="hjelp"))["message"]
    assert "tidligst" not in notice, "someone is there: minutes, no time named"
    assert promised(world, conversation.id) == []

    kari.presence = Presence.OFFLINE  # she leaves early; at 14:50 nobody will answer before 15:00
    world.clock.advance(minutes=15)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="Hallo? Når svarer dere?")
    await world.deps.tasks.drain()
    [ack] = [m.text_for_user for _, m in sorted(world.store.messages.items())
             if m.conversation_id == conversation.id and m.sender == "system"][-1:]
    assert ack.startswith(fixed_text("message_saved_in_queue", "nb", position="1")), ack
    assert promised(world, conversation.id) == [MONDAY_0900], "what she read is on record"
    assert "tidligst mandag 7. desember kl. 09:00" in ack, ack

    staff = world.store.veiledere[kari.id].as_staff_user()
    card = next(c for c in await inbox.queue_for(world.deps, staff) if c["id"] == conversation.id)
    assert datetime.fromisoformat(card["answer_promised_at"]) == MONDAY_0900


async def test_you_keep_your_place_with_a_time_notes_it_too(world: World) -> None:
    """"Nei, jeg venter" after the offer to leave the queue: "Greit, du beholder plassen din … En veileder kan svare
    deg tidligst mandag …"."""
    at(world, datetime(2026, 12, 4, 16, 0, tzinfo=OSLO))  # Friday after closing
    world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await handoff.hand_off(world.deps, conversation.id, reason="hjelp")
    before = len(promised(world, conversation.id))
    world.clock.advance(minutes=5)
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="Nei, jeg venter",
                               payload="router:stay_in_queue")
    await world.deps.tasks.drain()
    said = [m.text_for_user for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation.id and m.sender == "system"]
    [stays] = [text for text in said if text.startswith(fixed_text("queue_stay_confirmed", "nb", enhet="Nav 0220"))]
    assert promised(world, conversation.id)[before:] == [MONDAY_0900]
    assert "tidligst mandag 7. desember kl. 09:00" in stays, stays
