"""The kontaktsenter page's figures at scale: one read of the window shared by every page and the /metrics scrape,
made at most once per NAVCHAT_OVERVIEW_MAX_AGE_S and once at a time, with need-to-know applied per reader after
it (each read cost about half a second of router CPU at a national day, per page, every 5 s)."""

from __future__ import annotations

import asyncio

import pytest

from router.domain.access import Permission, Role
from router.domain.assignment import Presence
from router.services import dispatch, queue_overview
from router.services.shared_read import SharedRead
from tests.unit.services.conftest import World


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks(world: World) -> Ticks:
    ticks = Ticks()
    world.deps.overview_reads = SharedRead(monotonic=ticks)
    return ticks


def kontaktsenter(world: World, username: str, *permissions: Permission):  # type: ignore[no-untyped-def]
    return world.add_veileder(username, "4106", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE,
                              permissions=frozenset(permissions)).as_staff_user()


async def test_concurrent_readers_wait_for_the_one_read(world: World, ticks: Ticks) -> None:
    world.add_veileder("kari", "0220", presence=Presence.BUSY)
    await world.queued("Asker")
    leads = [kontaktsenter(world, f"leder{n}") for n in range(10)]
    pages = await asyncio.gather(*(queue_overview.shared_overview(world.deps, lead) for lead in leads),
                                 queue_overview.shared_overview(world.deps))  # and the /metrics scrape
    assert world.deps.overview_reads.reads == 1, "ten pages and a scrape at once: one read of the window"
    assert all(page["totals"]["waiting"] == 1 for page in pages)
    # Readers who may see the same conversations share one summary (the same object), and it is what a read of
    # its own would have given each of them.
    assert all(page is pages[0] for page in pages[:10])
    assert pages[0] == await queue_overview.overview(world.deps, leads[0])


async def test_a_new_event_shows_once_the_read_is_older_than_its_max_age(world: World, ticks: Ticks) -> None:
    lead = kontaktsenter(world, "leder")
    max_age = world.deps.settings.overview_max_age_s
    assert 0 < max_age <= 5, "a few seconds: less than the page's 5 s refresh"
    await world.queued("Asker")
    assert (await queue_overview.shared_overview(world.deps, lead))["totals"]["waiting"] == 1
    await world.queued("Asker")
    ticks.now += max_age / 2
    assert (await queue_overview.shared_overview(world.deps, lead))["totals"]["waiting"] == 1, "served from the read"
    ticks.now += max_age / 2
    assert (await queue_overview.shared_overview(world.deps, lead))["totals"]["waiting"] == 2, "never older"
    assert world.deps.overview_reads.reads == 2


async def test_the_routers_clock_moving_on_makes_a_new_read(world: World, ticks: Ticks) -> None:
    """A fixed clock moved on (tests), or NAVCHAT_CLOCK_START's: the window moved, so the read is not served, even
    within its max age on the monotonic clock; a clock set back is not served the later read either."""
    lead = kontaktsenter(world, "leder")
    await world.queued("Asker")
    first = await queue_overview.shared_overview(world.deps, lead)
    world.clock.advance(minutes=10)
    later = await queue_overview.shared_overview(world.deps, lead)
    assert later["generated_at"] != first["generated_at"]
    assert later["totals"]["oldest_wait_s"] == first["totals"]["oldest_wait_s"] + 600
    world.clock.advance(minutes=-10)
    assert (await queue_overview.shared_overview(world.deps, lead))["generated_at"] == first["generated_at"]
    assert world.deps.overview_reads.reads == 3


async def test_two_readers_with_different_access_see_their_own_figures_from_one_read(
        world: World, ticks: Ticks) -> None:
    """Need-to-know after the shared read, exactly as before: kode 6 left out of every figure for whoever lacks its
    permission (and for /metrics); kode 7 counted for all but listed only to whoever holds its permission."""
    world.add_veileder("kari", "0220", presence=Presence.BUSY)
    plain = await world.queued("Asker")
    kode7 = await world.queued("Asker", diskresjonskode="SPFO")
    kode6 = await world.queued("Asker", diskresjonskode="SPSF")
    world.clock.advance(minutes=queue_overview.STUCK_AFTER.total_seconds() / 60 + 1)
    lead = kontaktsenter(world, "leder")
    cleared = kontaktsenter(world, "klarert", Permission.FORTROLIG, Permission.STRENGT_FORTROLIG)
    mine, theirs, scrape = await asyncio.gather(queue_overview.shared_overview(world.deps, lead),
                                                queue_overview.shared_overview(world.deps, cleared),
                                                queue_overview.shared_overview(world.deps))
    assert world.deps.overview_reads.reads == 1
    assert {row["id"] for row in mine["stuck"]} == {plain}
    assert (mine["totals"]["waiting"], mine["totals"]["waiting_not_shown"]) == (2, 1)
    assert "2103" not in {group["enhetsnummer"] for group in mine["groups"]}
    assert {row["id"] for row in theirs["stuck"]} == {plain, kode7, kode6}
    assert (theirs["totals"]["waiting"], theirs["totals"]["waiting_not_shown"]) == (3, 0)
    assert "2103" in {group["enhetsnummer"] for group in theirs["groups"]}
    assert scrape["totals"]["waiting"] == 2 and "2103" not in {group["enhetsnummer"] for group in scrape["groups"]}
    # Each exactly what a read of their own gives them.
    assert mine == await queue_overview.overview(world.deps, lead)
    assert theirs == await queue_overview.overview(world.deps, cleared)
    assert scrape == await queue_overview.overview(world.deps)


async def test_one_who_moved_a_chat_sees_it_moved_at_once(world: World, ticks: Ticks) -> None:
    """The team lead who moves a chat from the page gets a read begun after the move; the other pages keep the
    shared read until it is older than its max age."""
    waiting = await world.queued("Asker")
    lead, other = kontaktsenter(world, "leder"), kontaktsenter(world, "annen")
    before = await queue_overview.shared_overview(world.deps, lead)
    assert {row["enhetsnummer"] for row in before["groups"]} == {"0220"}
    await dispatch.transfer(world.deps, waiting, lead, to_enhetsnummer="0312")
    assert {row["enhetsnummer"] for row in (await queue_overview.shared_overview(world.deps, other))["groups"]} \
        == {"0220"}, "another page: the shared read, within its max age"
    moved = await queue_overview.shared_overview(world.deps, lead)
    assert "0312" in {row["enhetsnummer"] for row in moved["groups"] if row["waiting"]}
    assert world.deps.overview_reads.reads == 2


async def test_a_failed_read_fails_its_waiting_readers_and_the_next_reader_tries_again(ticks: Ticks) -> None:
    shared: SharedRead[int] = SharedRead(monotonic=ticks)
    from datetime import UTC, datetime

    now = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    calls = 0

    async def failing() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        raise RuntimeError("the store went away")

    results = await asyncio.gather(*(shared.get(failing, now, 4.0) for _ in range(3)), return_exceptions=True)
    assert calls == 1 and all(isinstance(result, RuntimeError) for result in results)

    async def working() -> int:
        return 7

    assert await shared.get(working, now, 4.0) == 7
