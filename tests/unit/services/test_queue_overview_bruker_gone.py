"""helper-80's note (probe 71 defect 4): the dashboard's "Ventende samtaler" rows say when the bruker has gone."""

from __future__ import annotations

from router.domain.access import Role
from router.domain.assignment import Presence
from router.services import bruker_presence, queue_overview
from tests.unit.services.conftest import World


async def test_a_stuck_row_says_its_bruker_has_gone_and_still_counts(world: World) -> None:
    world.add_veileder("kari", "0220", presence=Presence.BUSY)
    nks = world.add_veileder("nks", "NKS", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    gone = await world.queued("Asker")
    here = await world.queued("Asker")
    world.clock.advance(minutes=1)
    assert await bruker_presence.bruker_left(world.deps, gone, grace_s=60)
    world.clock.advance(minutes=queue_overview.STUCK_AFTER.total_seconds() / 60 + 1)
    shown = await queue_overview.overview(world.deps, nks.as_staff_user())
    rows = {row["id"]: row for row in shown["stuck"]}
    assert rows[gone]["bruker_gone"] is True
    assert rows[here]["bruker_gone"] is False
    assert shown["totals"]["waiting"] == 2, "the figures are as they were"
