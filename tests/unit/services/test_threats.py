"""Probe 96: a veileder threatened in a chat ("Jeg vet hvor du bor", a knife at the office tomorrow, slurs) had
nothing: no outcome for it, the transcript gone after two days, nothing to download for a report, and the same
person given to her again at once. And spam waiting in her office's queue could not be dismissed without taking it
("Ta samtalen før du avslutter den")."""

from __future__ import annotations

from datetime import timedelta

import pytest

from router.domain import staff_labels
from router.domain.access import Permission
from router.domain.assignment import Presence
from router.domain.conversation import ConversationState
from router.domain.messages import Message
from router.services import dispatch, handoff, inbox, retention, threats
from router.services.conversations import create_conversation
from router.services.errors import Forbidden, InvalidInput, NotFound
from tests.unit.services.conftest import World

THREAT = "Jeg vet hvor du bor. Jeg kommer til kontoret i morgen med kniv."
NOTE = "Truet med kniv og sa han vet hvor jeg bor."


def as_staff(world: World, veileder_id: int):  # type: ignore[no-untyped-def]
    return world.store.veiledere[veileder_id].as_staff_user()


async def history_of(world: World, conversation_id: str):  # type: ignore[no-untyped-def]
    async with world.deps.uow() as uow:
        return await uow.history.list(conversation_id)


async def queued_from(world: World, address: str | None, *, pseudonym: str | None = None,
                      diskresjonskode: str | None = None) -> str:
    conversation, _ = await create_conversation(world.deps, kommune="Asker", origin=address)
    stored = world.conversation(conversation.id)
    stored.person_pseudonym = pseudonym  # as a login had tied it
    stored.diskresjonskode = diskresjonskode
    async with world.deps.uow() as uow:
        await uow.messages.add(Message(conversation.id, "user", THREAT, "nb", world.clock.now()))
    await handoff.hand_off(world.deps, conversation.id, reason="test")
    return conversation.id


def test_threats_or_harassment_is_an_outcome_staff_can_choose() -> None:
    choices = staff_labels.staff_choices()["close_outcomes"]
    assert {"value": "trusler", "label": "Trusler eller sjikane"} in choices


async def test_closing_as_threats_asks_for_a_note_and_audits_how_long_it_is_kept(world: World) -> None:
    kari = world.add_veileder("kari", "0220")
    conversation_id = await queued_from(world, "10.1.2.3")
    assert world.conversation(conversation_id).veileder_id == kari.id
    with pytest.raises(InvalidInput) as refused:
        await dispatch.close(world.deps, conversation_id, as_staff(world, kari.id), "trusler", "  ")
    assert "Skriv kort hva som skjedde" in (refused.value.nb or "")
    closed = await dispatch.close(world.deps, conversation_id, as_staff(world, kari.id), "trusler", NOTE)
    assert closed["state"] == "CLOSED" and closed["close_outcome_label"] == "Trusler eller sjikane"
    stored = world.conversation(conversation_id)
    assert stored.threatened_veileder_id == kari.id
    rows = await history_of(world, conversation_id)
    assert rows[-1].data.get("note") == NOTE
    entry = next(e for e in reversed(world.store.audit) if e.action == "close")
    assert entry.detail["outcome"] == "trusler"
    assert entry.detail["kept_as_evidence_until"] == (world.clock.now() + timedelta(days=365)).isoformat()


async def test_the_threatened_veileder_may_download_the_transcript_audited(world: World) -> None:
    kari = world.add_veileder("kari", "0220")
    elsewhere = world.add_veileder("per", "0312", presence=Presence.OFFLINE)
    conversation_id = await queued_from(world, "10.1.2.3")
    await dispatch.close(world.deps, conversation_id, as_staff(world, kari.id), "trusler", NOTE)
    name, text = await inbox.transcript(world.deps, as_staff(world, kari.id), conversation_id, "Anmeldelse til politiet")
    assert name.startswith(f"chat-{conversation_id[:8]}-") and name.endswith(".txt")
    assert f"Bruker: {THREAT}" in text
    assert "Trusler eller sjikane" in text and NOTE in text
    assert "Kari Test (kari)" in text
    assert world.store.audit[-1].action == "transcript_download"
    assert world.store.audit[-1].conversation_id == conversation_id
    assert world.store.audit[-1].detail["purpose"] == "Anmeldelse til politiet"
    with pytest.raises(Forbidden):
        await inbox.transcript(world.deps, as_staff(world, elsewhere.id), conversation_id, "Anmeldelse til politiet")


async def test_the_same_address_is_not_given_to_the_threatened_veileder_again_for_a_day(world: World) -> None:
    kari = world.add_veileder("kari", "0220")
    first = await queued_from(world, "10.1.2.3")
    await dispatch.close(world.deps, first, as_staff(world, kari.id), "trusler", NOTE)
    again = await queued_from(world, "10.1.2.3")
    stored = world.conversation(again)
    assert stored.state is ConversationState.QUEUED, "kari is online with room, but this address threatened her"
    card = (await inbox.queue_for(world.deps, as_staff(world, kari.id)))[0]
    assert card["id"] == again and card["earlier_threat"] is True
    assert card["earlier_threat_label"] == "Tidligere samtale fra samme person eller nettverksadresse avsluttet som trusler/sjikane (en adresse kan deles av flere)"
    # She may still take it herself; another address goes to her as before.
    other = await queued_from(world, "10.9.9.9")
    assert world.conversation(other).veileder_id == kari.id
    card = next(c for c in await inbox.mine(world.deps, as_staff(world, kari.id)) if c["id"] == other)
    assert card["earlier_threat"] is False
    # A day later the address may go to her again; the card still says what happened (the evidence is kept).
    world.clock.advance(hours=25)
    later = await queued_from(world, "10.1.2.3")
    assert world.conversation(later).veileder_id == kari.id
    assert world.conversation(later).earlier_threat_at is not None


async def test_the_same_logged_in_person_from_another_address_is_kept_from_her_too(world: World) -> None:
    kari = world.add_veileder("kari", "0220")
    ola = world.add_veileder("ola", "0220", presence=Presence.OFFLINE)
    first = await queued_from(world, "10.1.2.3", pseudonym="p-123")
    await dispatch.close(world.deps, first, as_staff(world, kari.id), "trusler", NOTE)
    again = await queued_from(world, "192.0.2.7", pseudonym="p-123")
    assert world.conversation(again).state is ConversationState.QUEUED
    await dispatch.set_presence(world.deps, as_staff(world, ola.id), "online")
    assert world.conversation(again).veileder_id == ola.id, "a colleague gets it"


async def test_a_logged_in_bruker_is_matched_on_herself_not_on_an_address_she_shares(world: World) -> None:
    """Probe 165: an anonymous chat from an address was closed as threats; Kari, logged in at that address (a NAV
    office's PC, a shelter, a mobile network), was marked on her card for a year and kept from the veileder."""
    kari = world.add_veileder("kari", "0220")
    first = await queued_from(world, "10.1.2.3")
    await dispatch.close(world.deps, first, as_staff(world, kari.id), "trusler", NOTE)
    logged_in = await queued_from(world, "10.1.2.3", pseudonym="p-kari")
    stored = world.conversation(logged_in)
    assert stored.earlier_threat_at is None and stored.veileder_id == kari.id
    # Marked by the address while anonymous, then logged in as someone else: the mark goes, and the history says so.
    anonymous = await queued_from(world, "10.1.2.3")
    stored = world.conversation(anonymous)
    assert stored.earlier_threat_at is not None
    stored.person_pseudonym = "p-other"
    async with world.deps.uow() as uow:
        assert not await threats.remember_earlier(world.deps, uow, stored, world.clock.now())
    assert stored.earlier_threat_at is None
    assert [event.kind for event in stored.pending_events if getattr(event, "kind", None) == "earlier_threat_cleared"]


async def test_a_veileder_dismisses_spam_waiting_in_her_queue(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    spam = await queued_from(world, "10.1.2.3")
    with pytest.raises(Forbidden, match="take the conversation"):
        await dispatch.close(world.deps, spam, as_staff(world, kari.id), "besvart")
    closed = await dispatch.close(world.deps, spam, as_staff(world, kari.id), "ikke_nav")
    assert closed["state"] == "CLOSED" and closed["close_outcome"] == "ikke_nav"
    told = [m for m in world.store.messages.values() if m.conversation_id == spam and m.sender == "system"][-1]
    assert told.original_text.startswith("NAV har avsluttet samtalen")
    entry = world.store.audit[-1]
    assert (entry.action, entry.detail) == ("close", {"outcome": "ikke_nav", "while_queued": True})
    rows = await history_of(world, spam)
    assert rows[-1].data.get("while_queued") is True


async def test_dismissing_from_the_queue_keeps_need_to_know(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    cleared = world.add_veileder("cleared", "0220", presence=Presence.OFFLINE,
                                 permissions=frozenset({Permission.FORTROLIG}))
    kode7 = await queued_from(world, "10.1.2.3", diskresjonskode="SPFO")
    with pytest.raises((Forbidden, NotFound)):
        await dispatch.close(world.deps, kode7, as_staff(world, kari.id), "ikke_nav")
    assert world.conversation(kode7).state is ConversationState.QUEUED
    await dispatch.close(world.deps, kode7, as_staff(world, cleared.id), "ikke_nav")
    assert world.conversation(kode7).state is ConversationState.CLOSED


async def test_a_threat_outlives_the_two_days_and_goes_after_a_year_audited(world: World) -> None:
    kari = world.add_veileder("kari", "0220", capacity=2)
    threat = await queued_from(world, "10.1.2.3")
    ordinary = await queued_from(world, "10.4.5.6")
    await dispatch.close(world.deps, threat, as_staff(world, kari.id), "trusler", NOTE)
    await dispatch.close(world.deps, ordinary, as_staff(world, kari.id), "besvart")
    world.clock.advance(days=3)
    assert await retention.purge_transcripts(world.deps) == 1
    assert world.conversation(ordinary).purged_at is not None
    assert world.conversation(threat).purged_at is None
    _, text = await inbox.transcript(world.deps, as_staff(world, kari.id), threat, "HMS-avvik")
    assert THREAT in text, "the evidence is there to download"
    world.clock.advance(days=363)
    assert await retention.purge_transcripts(world.deps) == 1
    assert world.conversation(threat).purged_at is not None
    assert world.conversation(threat).origin_key is None
    entry = world.store.audit[-1]
    assert (entry.action, entry.conversation_id) == ("evidence_deleted", threat)
    kept_note = [r for r in world.store.history if r.conversation_id == threat and NOTE in repr(r)]
    assert kept_note == [], "the veileder's note of what was said goes with the transcript"
    assert [r for r in world.store.history if r.conversation_id == threat and r.kind == "close"], "the row stays"


async def test_a_transfer_note_goes_with_the_transcript(world: World) -> None:
    """Staff write what the bruker told them in a transfer's note ("bor på Frogner, tre barn, utkastelse fredag"):
    kept in the history after the messages were deleted, it outlived the two days the transcript has."""
    kari = world.add_veileder("kari", "0220")
    conversation_id = await queued_from(world, "10.1.2.3")
    assert world.conversation(conversation_id).veileder_id == kari.id  # online: she got it at once
    await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_enhetsnummer="0312",
                            note="Bor på Frogner, tre barn, utkastelse fredag")
    world.conversation(conversation_id).close("besvart", actor="veileder", now=world.clock.now())
    world.clock.advance(days=3)
    assert await retention.purge_transcripts(world.deps) == 1
    moved = [r for r in world.store.history if r.conversation_id == conversation_id and r.kind == "transfer"]
    assert [r.reason for r in moved] == ["overført"]
    assert moved[0].data["to_enhetsnummer"] == "0312", "what the figures need stays"


async def test_the_note_is_in_the_history_staff_read(world: World) -> None:
    kari = world.add_veileder("kari", "0220")
    conversation_id = await queued_from(world, "10.1.2.3")
    await dispatch.close(world.deps, conversation_id, as_staff(world, kari.id), "trusler", NOTE)
    detail = await inbox.conversation_detail(world.deps, as_staff(world, kari.id), conversation_id)
    assert detail["events"][-1]["text"] == f"Avsluttet av Kari Test: Trusler eller sjikane. Notat: {NOTE}"
