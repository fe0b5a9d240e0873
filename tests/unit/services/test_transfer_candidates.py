"""Transfer to a named veileder: who may be listed, to whom, and that the look-up is audited (need-to-know)."""

from __future__ import annotations

import pytest

from router.domain.access import Permission, Role
from router.domain.assignment import Presence
from router.services import dispatch
from router.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from tests.unit.services.conftest import World


def as_staff(world: World, veileder_id: int):  # type: ignore[no-untyped-def]
    return world.store.veiledere[veileder_id].as_staff_user()


async def test_the_enhets_veiledere_who_may_get_it_available_first_with_their_load(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    world.add_veileder("zara", "0312", presence=Presence.ONLINE, capacity=2)
    world.add_veileder("anne", "0312", presence=Presence.AWAY)
    world.add_veileder("ola", "0312", presence=Presence.ONLINE)
    world.add_veileder("per", "0220", presence=Presence.BUSY)  # Kari's own enhet
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))

    listed = await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, kari.id), "0312")
    assert (listed["enhetsnummer"], listed["navn"]) == ("0312", "Nav 0312")
    assert [(v["username"], v["presence"], v["presence_label"], v["open_chats"], v["capacity"], v["has_capacity"])
            for v in listed["veiledere"]] == [
        ("ola", "online", "Tilgjengelig", 0, 3, True),
        ("zara", "online", "Tilgjengelig", 0, 2, True),
        ("anne", "away", "Borte", 0, 3, True),
    ], "available first, then by name; only the enhet asked for"
    assert listed["veiledere"][0]["navn"] == "Ola Test"
    audit = [(e.username, e.action, e.detail) for e in world.store.audit if e.conversation_id == conversation_id]
    assert audit[-1] == ("kari", "transfer_candidates", {"enhet": "0312"})

    own = await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, kari.id), "0220")
    assert [v["username"] for v in own["veiledere"]] == ["per"], "the one asking is not listed"


async def test_only_veiledere_with_the_permission_the_conversation_needs_are_listed(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE, permissions=frozenset({Permission.FORTROLIG}))
    world.add_veileder("ola", "0312")
    world.add_veileder("aisha", "0312", permissions=frozenset({Permission.FORTROLIG}))
    conversation_id = await world.queued("Asker", diskresjonskode="SPFO")
    listed = await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, kari.id), "0312")
    assert [v["username"] for v in listed["veiledere"]] == ["aisha"]


async def test_only_someone_who_may_transfer_it_may_list_and_only_while_it_can_move(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    per = world.add_veileder("per", "0220", presence=Presence.OFFLINE)
    ola = world.add_veileder("ola", "0312", presence=Presence.OFFLINE)
    nks = world.add_veileder("nks", "4106", presence=Presence.OFFLINE, roles=frozenset({Role.KONTAKTSENTER}))
    conversation_id = await world.queued("Asker")
    audited = len(world.store.audit)
    with pytest.raises(Forbidden):  # another enhet's conversation
        await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, ola.id), "0312")
    with pytest.raises(NotFound):
        await dispatch.transfer_candidates(world.deps, "nope", as_staff(world, kari.id), "0312")
    with pytest.raises(InvalidInput):
        await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, kari.id), "9999")
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    with pytest.raises(Forbidden):  # Kari has it: hers to move, not Per's
        await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, per.id), "0312")
    assert (await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, nks.id), "0312"))[
        "veiledere"], "the kontaktsenter may step in"
    await dispatch.close(world.deps, conversation_id, as_staff(world, kari.id), "besvart")
    with pytest.raises(Conflict):
        await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, kari.id), "0312")
    refused = [e for e in world.store.audit[audited:] if e.action == "transfer_candidates" and e.username != "nks"]
    assert refused == [], "a refused look-up shows nothing and leaves no read behind"


async def test_the_transfer_names_the_veileder_in_its_history(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    world.add_veileder("ola", "0312", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_veileder="ola")
    moved = [r for r in world.store.history if r.conversation_id == conversation_id and r.kind == "transfer"]
    assert moved[-1].data["to_veileder"] == "ola" and moved[-1].data["to_veileder_navn"] == "Ola Test"


async def test_a_colleagues_count_is_not_told_where_it_could_tell_of_a_protected_chat(world: World) -> None:
    """Probe 165: veileder2's transfer list showed vikafossen1 with 1 chat open (every chat at Vikafossen is kode 6)
    and bergen1 with 1 (Nils, skjermet). A colleague holding a permission the caller lacks: room or not, no count."""
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    world.add_veileder("vern", "0220", permissions=frozenset({Permission.SKJERMET}), presence=Presence.OFFLINE)
    world.add_veileder("ola", "0220", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, kari.as_staff_user())
    listed = await dispatch.transfer_candidates(world.deps, conversation_id, kari.as_staff_user(), "0220")
    counts = {v["username"]: (v["open_chats"], v["capacity"], v["has_capacity"]) for v in listed["veiledere"]}
    assert counts["vern"] == (None, None, True) and counts["ola"] == (0, 3, True)
