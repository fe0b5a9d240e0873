"""The idle time of a staff session is the configured one (Settings.staff_idle_minutes, in Deps) wherever a closed
console is judged: the wait a bruker is promised, the assignment and the kontaktsenter's dashboard agree at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from router.domain.conversation import ConversationState
from router.domain.wait_promise import WaitKind
from router.ports.store import StaffSession
from router.services import waiting
from router.services.queue_overview import overview
from router.texts import fixed_text
from tests.unit.services.conftest import World


def ola_with_a_closed_tab_and_a_quiet_second_browser(world: World) -> None:
    """Ola closed one console without a logout (its feed closed now); another browser of his still has its feed
    open (a beat now), but nothing was done in it for 10 minutes: at work with a 30-minute idle time, ended with a
    5-minute one."""
    ola = world.add_veileder("ola", "0220")
    now = world.clock.now()
    world.store.staff_sessions["closed"] = StaffSession("closed", ola.id, "c", now - timedelta(minutes=20),
                                                        now + timedelta(hours=9), last_seen_at=now,
                                                        feed_seen_at=now, feed_closed_at=now)
    world.store.staff_sessions["quiet"] = StaffSession("quiet", ola.id, "c", now - timedelta(minutes=20),
                                                       now + timedelta(hours=9),
                                                       last_seen_at=now - timedelta(minutes=10), feed_seen_at=now)


@pytest.mark.parametrize("idle_minutes", [5.0, 30.0])
async def test_the_configured_idle_time_decides_the_wait_the_assignment_and_the_dashboard_alike(
        world: World, idle_minutes: float) -> None:
    world.deps.settings = replace(world.deps.settings, staff_idle_minutes=idle_minutes)
    ola_with_a_closed_tab_and_a_quiet_second_browser(world)
    gone = idle_minutes < 10  # the quiet browser's session ran out: every console of his is closed

    conversation_id = await world.queued("Asker")
    conversation = world.conversation(conversation_id)
    figures = await overview(world.deps)
    (row,) = [g for g in figures["groups"] if g["enhetsnummer"] == "0220"]
    if gone:
        # Nobody to promise, nobody to give it to, nobody available on the dashboard (though still logged in).
        assert conversation.state is ConversationState.QUEUED and conversation.veileder_id is None
        notice = [m for _, m in sorted(world.store.messages.items())
                  if m.conversation_id == conversation_id and m.sender == "system"][-1]
        assert fixed_text("wait_nobody_online_phone_closed", "nb",
                          enhet=conversation.enhet_navn_for_bruker) in notice.text_for_user
        async with world.deps.uow() as uow:
            promise = await waiting.promise_for(world.deps, uow, conversation, world.clock.now())
        assert promise.kind is WaitKind.NOBODY_ONLINE
        assert (row["veiledere_online"], row["veiledere_logged_in"]) == (0, 1)
    else:
        assert conversation.state is ConversationState.ASSIGNED, "the quiet browser is still at work: he gets it"
        assert (row["veiledere_online"], row["veiledere_logged_in"]) == (1, 1)
