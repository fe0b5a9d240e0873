"""Automatic assignment from events, against the in-memory store: who gets which conversation, and who never."""

from __future__ import annotations

import pytest

from router.domain.access import Permission, Role, StaffUser
from router.domain.assignment import Presence
from router.domain.conversation import ConversationState
from router.services import assignment, dispatch
from tests.unit.services.conftest import World


def staff(world: World, veileder_id: int) -> StaffUser:
    return world.store.veiledere[veileder_id].as_staff_user()


async def test_a_handoff_is_assigned_at_once_to_an_online_veileder_of_the_enhet(world: World) -> None:
    kari = world.add_veileder("kari", "0220")
    world.add_veileder("ola", "0219")
    conversation_id = await world.queued("Asker")
    conversation = world.conversation(conversation_id)
    assert conversation.state is ConversationState.ASSIGNED and conversation.veileder_id == kari.id
    assert conversation.veileder_fornavn == "Kari"


async def test_strengt_fortrolig_goes_only_to_a_veileder_with_that_permission(world: World) -> None:
    # Bug: the assignment filter knew kode 7 and skjermet but not kode 6.
    world.add_veileder("plain", "2103")
    conversation_id = await world.queued("Asker", diskresjonskode="SPSF")
    assert world.conversation(conversation_id).enhetsnummer == "2103"
    assert world.conversation(conversation_id).state is ConversationState.QUEUED
    cleared = world.add_veileder("cleared", "2103", permissions=frozenset({Permission.STRENGT_FORTROLIG}))
    await assignment.veileder_available(world.deps, cleared.id)
    assert world.conversation(conversation_id).veileder_id == cleared.id


async def test_fortrolig_and_skjermet_need_their_permission(world: World) -> None:
    world.add_veileder("plain", "0220")
    kode7 = await world.queued("Asker", diskresjonskode="SPFO")
    employee = await world.queued("Asker", skjermet=True)
    assert world.conversation(kode7).state is ConversationState.QUEUED
    assert world.conversation(employee).state is ConversationState.QUEUED
    both = world.add_veileder("both", "0220", permissions=frozenset({Permission.FORTROLIG, Permission.SKJERMET}))
    await assignment.veileder_available(world.deps, both.id)
    assert world.conversation(kode7).veileder_id == both.id and world.conversation(employee).veileder_id == both.id


async def test_a_tie_goes_to_the_veileder_idle_longest_not_the_one_who_just_got_a_chat(world: World) -> None:
    # Bug: a claim set idle_since to None, which sorted as "idle longest", so the veileder who had just got a chat
    # won the next tie as well.
    anne = world.add_veileder("anne", "0220", idle_minutes=10)
    bodil = world.add_veileder("bodil", "0220", idle_minutes=5)
    first = await world.queued("Asker")
    assert world.conversation(first).veileder_id == anne.id
    await dispatch.close(world.deps, first, staff(world, anne.id), "besvart")
    world.clock.advance(minutes=1)
    second = await world.queued("Asker")
    assert world.conversation(second).veileder_id == bodil.id


async def test_nobody_above_capacity_and_freed_capacity_pulls_the_next(world: World) -> None:
    kari = world.add_veileder("kari", "0220", capacity=2)
    ids = [await world.queued("Asker") for _ in range(3)]
    assert [world.conversation(i).state for i in ids] == [ConversationState.ASSIGNED] * 2 + [ConversationState.QUEUED]
    await dispatch.close(world.deps, ids[0], staff(world, kari.id), "besvart")
    assert world.conversation(ids[2]).veileder_id == kari.id
    assert world.store.open_chats(kari.id) == 2


async def test_the_claim_refuses_a_full_veileder_even_when_the_plan_thought_there_was_room(world: World) -> None:
    kari = world.add_veileder("kari", "0220", capacity=1, presence=Presence.OFFLINE)
    first, second = await world.queued("Asker"), await world.queued("Asker")
    kari.presence = Presence.ONLINE  # online without the event that would pull work: the claims below race the plan
    assert await assignment.assign_to(world.deps, first, kari.id, actor="test", reason="test")
    assert not await assignment.assign_to(world.deps, second, kari.id, actor="test", reason="test")
    assert world.conversation(second).state is ConversationState.QUEUED


@pytest.mark.parametrize("presence", [Presence.OFFLINE, Presence.BUSY, Presence.AWAY])
async def test_the_claim_refuses_a_veileder_who_went_offline_busy_or_away_since_the_plan(
        world: World, presence: Presence) -> None:
    kari = world.add_veileder("kari", "0220", presence=presence)
    waiting = await world.queued("Asker")
    assert not await assignment.assign_to(world.deps, waiting, kari.id, actor="router", reason="automatisk tildelt")
    assert world.conversation(waiting).state is ConversationState.QUEUED


async def test_the_claim_refuses_a_veileder_of_another_enhet(world: World) -> None:
    bergen = world.add_veileder("bergen", "1203", presence=Presence.OFFLINE)
    waiting = await world.queued("Asker")  # NAV Asker, 0220
    bergen.presence = Presence.ONLINE
    assert not await assignment.assign_to(world.deps, waiting, bergen.id, actor="router", reason="automatisk tildelt")
    assert world.conversation(waiting).state is ConversationState.QUEUED


async def test_a_veileder_going_offline_returns_chats_and_releases_reservations(world: World) -> None:
    kari = world.add_veileder("kari", "0220")
    conversation_id = await world.queued("Asker")
    world.conversation(conversation_id).own_veileder_id = kari.id
    ola = world.add_veileder("ola", "0220", presence=Presence.OFFLINE)
    result = await dispatch.set_presence(world.deps, staff(world, kari.id), "offline")
    assert result["returned_to_queue"] == [conversation_id]
    conversation = world.conversation(conversation_id)
    assert conversation.state is ConversationState.QUEUED and conversation.own_veileder_id is None
    await dispatch.set_presence(world.deps, staff(world, ola.id), "online")
    assert world.conversation(conversation_id).veileder_id == ola.id


async def test_kontaktsenter_staff_are_not_assigned_outside_their_enhet(world: World) -> None:
    world.add_veileder("nks", "4106", roles=frozenset({Role.KONTAKTSENTER}))
    conversation_id = await world.queued("Asker")
    assert world.conversation(conversation_id).state is ConversationState.QUEUED


async def test_the_kontaktsenter_s_queues_are_answered_by_the_staff_of_the_enhet_they_belong_to(
        world: World) -> None:
    """NKS-OVRG is a queue of 4100 (reference/enheter.csv del_av) with no staff of its own: a kontaktsenter
    veileder of 4100 online with room got nothing, and a bruker there was told nobody was logged in."""
    world.routing.offices["Ukjent"] = ("NKS-OVRG", None)
    world.routing.part_of["NKS-OVRG"] = "4100"
    waiting = await world.queued("Ukjent")
    assert world.conversation(waiting).state is ConversationState.QUEUED
    nks = world.add_veileder("per", "4100", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    await dispatch.set_presence(world.deps, staff(world, nks.id), "online")
    assert world.conversation(waiting).veileder_id == nks.id, "coming online, they get the waiting one"
    second = await world.queued("Ukjent")
    assert world.conversation(second).veileder_id == nks.id, "and a new one at once"
    assert world.conversation(await world.queued("Asker")).state is ConversationState.QUEUED, "not 0220's"


async def test_needs_carry_every_permission_the_conversation_requires(world: World) -> None:
    for kode, skjermet, expected in [
        (None, False, set()),
        ("SPFO", False, {Permission.FORTROLIG}),
        ("SPSF", False, {Permission.STRENGT_FORTROLIG}),
        (None, True, {Permission.SKJERMET}),
    ]:
        conversation_id = await world.queued("Asker", diskresjonskode=kode, skjermet=skjermet)
        assert set(assignment.needs_of(world.conversation(conversation_id)).requires_permissions) == expected
