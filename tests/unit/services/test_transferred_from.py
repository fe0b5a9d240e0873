"""Probe 71 defect 5: the veileder who got a transfer saw "Årsak: bruker ba om en veileder" on the card and in the
facts; where it came from, who sent it and the note were only a small grey line in the transcript."""

from __future__ import annotations

from router.domain.access import Role
from router.domain.assignment import Presence
from router.services import dispatch, inbox, rerouting
from tests.unit.services.conftest import World


def as_staff(world: World, veileder_id: int):  # type: ignore[no-untyped-def]
    return world.store.veiledere[veileder_id].as_staff_user()


async def test_the_receiver_reads_where_from_by_whom_and_the_note(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    kari.navn = "Kari Nordmann"
    ola = world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    untouched = await inbox.mine(world.deps, as_staff(world, kari.id))
    assert untouched[0]["transferred_from"] is None, "not moved since its handoff"
    await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_enhetsnummer="0219",
                            note="Bruker har flyttet, trenger nødhjelp til mat")
    queued = await inbox.queue_for(world.deps, as_staff(world, ola.id))
    card = queued[0]["transferred_from"]
    assert card["enhetsnummer"] == "0220"
    assert card["text"].startswith("Overført fra ") and "0220" in card["text"]
    # The note holds what the bruker said: on the card (every queue screen, no audited read) only that there is one.
    assert card["text"].endswith("av Kari Nordmann, med notat (åpne samtalen for å lese det)")
    assert card["note"] is None and card["has_note"] is True
    await dispatch.take(world.deps, conversation_id, as_staff(world, ola.id))
    detail = await inbox.conversation_detail(world.deps, as_staff(world, ola.id), conversation_id)
    moved = detail["conversation"]["transferred_from"]
    assert moved["text"].endswith("av Kari Nordmann: Bruker har flyttet, trenger nødhjelp til mat")
    assert moved["note"] == "Bruker har flyttet, trenger nødhjelp til mat"
    assert (await inbox.mine(world.deps, as_staff(world, ola.id)))[0]["transferred_from"]["text"] == moved["text"]


async def test_a_move_by_the_kontaktsenter_says_so(world: World) -> None:
    world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    nks = world.add_veileder("nks", "NKS", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    nks.navn = "Nks1 Testesen"
    conversation_id = await world.queued("Asker")
    await dispatch.transfer(world.deps, conversation_id, as_staff(world, nks.id), to_enhetsnummer="0219",
                            note="Ingen på kontoret i dag")
    detail = await inbox.conversation_detail(world.deps, as_staff(world, nks.id), conversation_id)
    assert detail["conversation"]["transferred_from"]["text"].endswith(
        "av kontaktsenteret (Nks1 Testesen): Ingen på kontoret i dag")


async def test_every_card_of_a_long_queue_says_where_it_came_from(world: World) -> None:
    """Only the queue's first 50 cards had their transfer read (one history read each); a transfer behind them had
    an unmarked card. Now one read for the whole queue."""
    ola = world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    nks = world.add_veileder("nks", "NKS", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    for _ in range(60):
        await world.queued("Bærum")  # 0219's own queue
    moved = await world.queued("Asker")
    await dispatch.transfer(world.deps, moved, as_staff(world, nks.id), to_enhetsnummer="0219", note="Flyttet")
    queue = await inbox.queue_for(world.deps, as_staff(world, ola.id))
    cards = {card["id"]: card["transferred_from"] for card in queue}
    assert len(cards) == 61
    assert cards.pop(moved)["text"].endswith("av kontaktsenteret (Nks Test), med notat (åpne samtalen for å lese det)")
    assert list(cards.values()) == [None] * 60


async def test_the_queue_shows_no_transfer_note_to_any_screen(world: World) -> None:
    """Probe 108 defect 9: a transfer's note ("Bor egentlig på Frogner, sier han. Fnr ...") went to every queue
    screen that lists the chat (the kontaktsenter's, admin's), with no audited read; now only the opened chat has it."""
    world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    nks = world.add_veileder("nks", "NKS", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    admin = world.add_veileder("admin", "0220", roles=frozenset({Role.ADMIN}), presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    note = "Bor egentlig på Frogner, sier han"
    await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_enhetsnummer="0219", note=note)
    for reader in (nks, admin):
        queue = await inbox.queue_for(world.deps, as_staff(world, reader.id))
        card = next(c for c in queue if c["id"] == conversation_id)
        assert note not in repr(card), reader.username
        assert card["transferred_from"]["has_note"] is True
    detail = await inbox.conversation_detail(world.deps, as_staff(world, nks.id), conversation_id)
    assert detail["conversation"]["transferred_from"]["note"] == note
    assert world.store.audit[-1].action == "read", "the note is read in an audited read"


async def test_a_move_by_the_router_on_the_brukers_place_says_why_and_not_what_she_wrote(world: World) -> None:
    """Probe 162: "Overført fra Nav kontaktsenter generelt (NKS-OVRG)" read as a colleague's transfer; the router had
    moved it when the bruker said where she lives."""
    ola = world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    assert await rerouting.reroute_on_place(world.deps, conversation_id, "jeg bor i Bærum")
    assert world.conversation(conversation_id).enhetsnummer == "0219"
    (card,) = [c for c in await inbox.queue_for(world.deps, as_staff(world, ola.id)) if c["id"] == conversation_id]
    assert card["transferred_from"]["text"].endswith("(0220) automatisk fordi brukeren oppga hvor hen bor"), card
    assert "Bærum" not in card["transferred_from"]["text"]
