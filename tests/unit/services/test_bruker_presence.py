"""A bruker who left while waiting (probe 71, defect 4 and nitpick 13): recorded whatever the state, never given to
a veileder automatically while live brukere wait, shown on the queue's card, kept with its place for a bruker who
comes back, and not counted in the wait promised to those behind it."""

from __future__ import annotations

from router.domain.access import StaffUser
from router.domain.assignment import Presence
from router.domain.bruker_presence import BACK, LEFT
from router.domain.conversation import ConversationState
from router.domain.messages import Message
from router.services import bruker_presence, dispatch, inbox, waiting
from tests.unit.services.conftest import World

GRACE_S = 60.0


def staff(world: World, veileder_id: int) -> StaffUser:
    return world.store.veiledere[veileder_id].as_staff_user()


async def left_while_waiting(world: World, kommune: str = "Asker", **kw: object) -> str:
    """A bruker who asked for a veileder, then closed the tab while nobody was free."""
    conversation_id = await world.queued(kommune, **kw)  # type: ignore[arg-type]
    world.clock.advance(minutes=1)
    assert await bruker_presence.bruker_left(world.deps, conversation_id, grace_s=GRACE_S)
    return conversation_id


def kinds(world: World, conversation_id: str) -> list[str]:
    return [r.kind for r in world.store.history if r.conversation_id == conversation_id and r.kind in (LEFT, BACK)]


async def test_a_bruker_who_left_while_waiting_is_recorded_and_the_console_told(world: World) -> None:
    """Only a chat a veileder had was marked: the probe's queue held dead chats nobody could tell apart."""
    conversation_id = await left_while_waiting(world)
    assert kinds(world, conversation_id) == [LEFT]
    [pushed] = [e for e in world.bus.published if e.get("type") == "bruker_presence"]
    assert (pushed["conversation_id"], pushed["present"], pushed["state"]) == (conversation_id, False, "QUEUED")
    assert not await bruker_presence.bruker_left(world.deps, conversation_id, grace_s=GRACE_S), "said once"


async def test_live_brukere_go_first_and_dead_chats_to_nobody(world: World) -> None:
    """The probe: veileder1 came online and all three places went to brukere who had left minutes before, while two
    live nødhjelp brukere waited."""
    dead = [await left_while_waiting(world) for _ in range(3)]
    live = [await world.queued("Asker", priority="emergency") for _ in range(2)]
    veileder1 = world.add_veileder("veileder1", "0220", presence=Presence.OFFLINE, capacity=3)
    await dispatch.set_presence(world.deps, staff(world, veileder1.id), "online")
    assert [world.conversation(c).veileder_id for c in live] == [veileder1.id] * 2
    assert [world.conversation(c).state for c in dead] == [ConversationState.QUEUED] * 3, \
        "a place left free stays free rather than go to a bruker who has gone"
    assert world.store.open_chats(veileder1.id) == 2


async def test_the_own_veileder_gets_the_live_bruker_kept_for_her_not_the_dead_chats_ahead(world: World) -> None:
    """The probe: veileder3 went online, got three dead chats and had to close six before reaching Ola (logged in,
    live, kept for veileder3 as her own veileder)."""
    veileder3 = world.add_veileder("veileder3", "0220", presence=Presence.OFFLINE, capacity=3)
    dead = [await left_while_waiting(world) for _ in range(3)]
    ola = await world.queued("Asker")
    world.conversation(ola).own_veileder_id = veileder3.id
    await dispatch.set_presence(world.deps, staff(world, veileder3.id), "online")
    assert world.conversation(ola).veileder_id == veileder3.id
    assert all(world.conversation(c).state is ConversationState.QUEUED for c in dead)


async def test_a_chat_marked_gone_that_returns_to_the_queue_is_not_handed_out_again(world: World) -> None:
    """The probe: a chat already tagged "Brukeren har gått" went back to the queue when its veileder dropped out,
    and was handed to veileder1 again."""
    kari = world.add_veileder("kari", "0220")
    conversation_id = await world.queued("Asker")
    assert world.conversation(conversation_id).veileder_id == kari.id
    assert await bruker_presence.bruker_left(world.deps, conversation_id, grace_s=GRACE_S)
    ola = world.add_veileder("ola", "0220", presence=Presence.OFFLINE)
    await dispatch.set_presence(world.deps, staff(world, kari.id), "offline")
    await dispatch.set_presence(world.deps, staff(world, ola.id), "online")
    assert world.conversation(conversation_id).state is ConversationState.QUEUED


async def test_a_bruker_who_comes_back_is_served_from_the_place_they_kept(world: World) -> None:
    """Never dropped: the chat waits with its place while the bruker is gone; back, it is given out at once, and
    before the brukere who came after it."""
    kari = world.add_veileder("kari", "0220", capacity=1, presence=Presence.OFFLINE)
    first = await left_while_waiting(world)
    later = await world.queued("Asker")
    kari.presence = Presence.ONLINE  # free, without the event that pulls work: the return below must pull it
    assert await bruker_presence.bruker_back(world.deps, first)
    assert kinds(world, first) == [LEFT, BACK]
    assert world.conversation(first).veileder_id == kari.id, "back, and given out from its old place"
    assert world.conversation(later).state is ConversationState.QUEUED


async def test_a_gone_chat_may_still_be_taken_by_hand(world: World) -> None:
    """A logged-in bruker reads the answer when they log in again: a veileder may take the chat and write."""
    conversation_id = await left_while_waiting(world)
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    await dispatch.take(world.deps, conversation_id, staff(world, kari.id))
    assert world.conversation(conversation_id).veileder_id == kari.id


async def test_a_bruker_who_writes_after_leaving_is_there(world: World) -> None:
    """A message is a bruker who is there, whatever way it came (a page that lost its socket polls and sends)."""
    conversation_id = await left_while_waiting(world)
    async with world.deps.uow() as uow:
        assert conversation_id in await uow.conversations.bruker_gone([conversation_id])
    world.clock.advance(seconds=5)
    seq = max(world.store.messages, default=0) + 1
    world.store.messages[seq] = Message(conversation_id, "user", "hallo?", "nb", world.clock.now(), id=seq)
    async with world.deps.uow() as uow:
        assert await uow.conversations.bruker_gone([conversation_id]) == {}


async def test_the_queue_shows_who_has_gone_and_puts_them_last(world: World) -> None:
    """Each card says whether the bruker has gone (the console's "Brukeren har gått"), and the queue lists those
    whose bruker is there first, as they are given out."""
    dead = await left_while_waiting(world)
    left_at = world.clock.now()
    world.clock.advance(minutes=1)
    live = await world.queued("Asker")
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    cards = await inbox.queue_for(world.deps, staff(world, kari.id))
    assert [(c["id"], c["bruker_gone"], c["bruker_gone_at"]) for c in cards] == [
        (live, False, None), (dead, True, left_at.isoformat())]
    await dispatch.take(world.deps, dead, staff(world, kari.id))
    [mine] = await inbox.mine(world.deps, staff(world, kari.id))
    assert (mine["id"], mine["bruker_gone"]) == (dead, True), "and the veileder's own list after a reload"


async def test_the_wait_counts_only_the_live_brukere_ahead(world: World) -> None:
    """Nitpick 13: with dead chats filling the queue, a new bruker was promised "omtrent 125 minutter"."""
    for _ in range(5):
        await left_while_waiting(world)
    await world.queued("Asker")  # a live bruker ahead
    world.clock.advance(minutes=1)
    newcomer = await world.queued("Asker")
    async with world.deps.uow() as uow:
        conversation = await uow.conversations.get(newcomer)
        assert conversation is not None
        assert await waiting.waiting_ahead(uow, conversation, world.clock.now()) == 1
        gone = await uow.conversations.get((await uow.conversations.queued("0220"))[0].id)
        assert gone is not None
        # A gone bruker's own count: every live one, wherever they wait, and the gone ones before it.
        assert await waiting.waiting_ahead(uow, gone, world.clock.now()) == 2


async def test_presence_is_not_watched_for_a_bruker_the_bot_has(world: World) -> None:
    from router.services.conversations import create_conversation

    conversation, _ = await create_conversation(world.deps, kommune="Asker")
    assert not await bruker_presence.bruker_left(world.deps, conversation.id, grace_s=GRACE_S)


async def test_a_router_that_starts_looks_after_waiting_chats_too_but_not_those_known_gone(world: World) -> None:
    gone = await left_while_waiting(world)
    waiting = await world.queued("Asker")
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    taken = await world.queued("Asker")
    await dispatch.take(world.deps, taken, staff(world, kari.id))
    assert set(await bruker_presence.chats_to_look_after(world.deps)) == {waiting, taken}
    assert gone not in await bruker_presence.chats_to_look_after(world.deps)
