"""Nitpick 13 (probe 71): with dead chats filling the queue, a new bruker was promised "omtrent 125 minutter"."""

from __future__ import annotations

from router.domain.assignment import Presence
from router.services import bruker_presence, waiting
from tests.unit.services.conftest import World


async def test_the_wait_promised_counts_only_brukere_who_are_there(world: World) -> None:
    world.add_veileder("kari", "0220", presence=Presence.BUSY)
    for _ in range(5):
        dead = await world.queued("Asker")
        world.clock.advance(minutes=1)
        assert await bruker_presence.bruker_left(world.deps, dead, grace_s=60)
    newcomer = await world.queued("Asker")
    async with world.deps.uow() as uow:
        conversation = await uow.conversations.get(newcomer)
        assert conversation is not None
        assert await waiting.waiting_ahead(uow, conversation, world.clock.now()) == 0
        assert (await waiting.live_queue(world.deps, uow, conversation, world.clock.now())).ahead == 0
