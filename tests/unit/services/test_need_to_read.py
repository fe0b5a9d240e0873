"""Probe 108 (NAV's personvernombud): need-to-know for what a chat says. Admin alone, who answers no bruker, read
and downloaded every non-protected chat in every office; anyone who could read a chat downloaded it, in any state,
with no reason asked (a file escapes the deletion after 2 days); and every veileder of the enhet read an ended chat
for its 2 days, though they never had it."""

from __future__ import annotations

import pytest

from router.domain.access import Role
from router.domain.assignment import Presence
from router.domain.messages import Message
from router.services import dispatch, inbox, innsyn, staff
from router.services.errors import Forbidden, InvalidInput
from tests.unit.services.conftest import World

WORDS = "Jeg vet hvor du bor"


def as_staff(world: World, veileder_id: int):  # type: ignore[no-untyped-def]
    return world.store.veiledere[veileder_id].as_staff_user()


async def said(world: World, conversation_id: str, text: str = WORDS) -> None:
    async with world.deps.uow() as uow:
        await uow.messages.add(Message(conversation_id, "user", text, "nb", world.clock.now()))


def office(world: World):  # type: ignore[no-untyped-def]
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    per = world.add_veileder("per", "0220", presence=Presence.OFFLINE)
    nks = world.add_veileder("nks", "4100", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    admin = world.add_veileder("admin", "0220", roles=frozenset({Role.ADMIN}), presence=Presence.OFFLINE)
    return kari, per, nks, admin


async def test_admin_alone_sees_the_queue_but_reads_searches_and_downloads_no_chat(world: World) -> None:
    kari, _, _, admin = office(world)
    both = world.add_veileder("both", "0220", roles=frozenset({Role.ADMIN, Role.VEILEDER}),
                              presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    await said(world, conversation_id)
    card = next(c for c in await inbox.queue_for(world.deps, as_staff(world, admin.id)) if c["id"] == conversation_id)
    assert "bot_facts" not in card, "the queue card, as before, holds no content"
    for attempt in (inbox.conversation_detail(world.deps, as_staff(world, admin.id), conversation_id),
                    inbox.transcript(world.deps, as_staff(world, admin.id), conversation_id, "Til revisjon"),
                    inbox.search(world.deps, as_staff(world, admin.id), "hvor du bor")):
        with pytest.raises(Forbidden) as refused:
            await attempt
        assert "ikke hva som står i samtalene" in (refused.value.nb or "")
    assert not await inbox.may_watch(world.deps, as_staff(world, admin.id), conversation_id)
    # One who is admin and veileder keeps the veileder's access.
    detail = await inbox.conversation_detail(world.deps, as_staff(world, both.id), conversation_id)
    assert WORDS in [m["text"] for m in detail["messages"]]
    assert [c["id"] for c in await inbox.search(world.deps, as_staff(world, both.id), "hvor du bor")] \
        == [conversation_id]
    assert await inbox.may_watch(world.deps, as_staff(world, kari.id), conversation_id)


async def test_a_refused_read_by_admin_is_audited_with_why(world: World) -> None:
    _, _, _, admin = office(world)
    conversation_id = await world.queued("Asker")
    await staff.audit_refused(world.deps, as_staff(world, admin.id), "read", conversation_id, reading=True)
    entry = world.store.audit[-1]
    assert (entry.action, entry.detail) == ("refused", {"attempt": "read", "reason": "role_reads_no_content"})


async def test_an_ended_chat_is_read_by_who_had_it_and_the_kontaktsenter_only(world: World) -> None:
    kari, per, nks, admin = office(world)
    conversation_id = await world.queued("Asker")
    await said(world, conversation_id)
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    # While it is open, the enhet's colleagues read it (to take over, to help), as before.
    assert (await inbox.conversation_detail(world.deps, as_staff(world, per.id), conversation_id))["messages"]
    await dispatch.close(world.deps, conversation_id, as_staff(world, kari.id), "besvart")
    assert (await inbox.conversation_detail(world.deps, as_staff(world, kari.id), conversation_id))["messages"]
    assert (await inbox.conversation_detail(world.deps, as_staff(world, nks.id), conversation_id))["messages"]
    for reader in (per, admin):
        with pytest.raises(Forbidden):
            await inbox.conversation_detail(world.deps, as_staff(world, reader.id), conversation_id)
        assert not await inbox.may_watch(world.deps, as_staff(world, reader.id), conversation_id)
    with pytest.raises(Forbidden) as refused:
        await inbox.conversation_detail(world.deps, as_staff(world, per.id), conversation_id)
    told = refused.value.nb or ""
    assert "veilederen som hadde den" in told and "kontaktsenteret" in told
    # Every ground of access.may_read, the same-person one of 58ba83a too (Per may read it if he had Ola's chat now).
    assert "samme innloggede person" in told and "samme enhet" in told
    # Nor found by the words said in it; the one who had it finds it.
    assert await inbox.search(world.deps, as_staff(world, per.id), "hvor du bor") == []
    assert [c["id"] for c in await inbox.search(world.deps, as_staff(world, kari.id), "hvor du bor")] \
        == [conversation_id]
    await staff.audit_refused(world.deps, as_staff(world, per.id), "read", conversation_id, reading=True)
    assert world.store.audit[-1].detail == {"attempt": "read", "reason": "closed_not_theirs"}
    # Nor the case beside it (probe 165: 200 with no facts, unaudited); who had it still gets an answer.
    with pytest.raises(Forbidden):
        await innsyn.facts_for_staff(world.deps, as_staff(world, per.id), conversation_id)
    assert (world.store.audit[-1].action, world.store.audit[-1].detail.get("reason")) == \
        ("innsyn_refused", "closed_not_theirs")
    assert (await innsyn.facts_for_staff(world.deps, as_staff(world, kari.id), conversation_id))["facts"] == []


async def test_who_had_it_before_a_transfer_or_dismissed_it_from_the_queue_reads_it_ended(world: World) -> None:
    kari, per, _, _ = office(world)
    moved = await world.queued("Asker")
    await dispatch.take(world.deps, moved, as_staff(world, kari.id))
    await dispatch.transfer(world.deps, moved, as_staff(world, kari.id), to_veileder="per", note="")
    await dispatch.set_presence(world.deps, as_staff(world, per.id), "online")
    assert world.conversation(moved).veileder_id == per.id
    await dispatch.close(world.deps, moved, as_staff(world, per.id), "besvart")
    for reader in (kari, per):
        assert (await inbox.conversation_detail(world.deps, as_staff(world, reader.id), moved))["conversation"]
    await dispatch.set_presence(world.deps, as_staff(world, per.id), "offline")
    spam = await world.queued("Asker")
    await dispatch.close(world.deps, spam, as_staff(world, kari.id), "ikke_nav")
    assert (await inbox.conversation_detail(world.deps, as_staff(world, kari.id), spam))["conversation"]
    with pytest.raises(Forbidden):
        await inbox.conversation_detail(world.deps, as_staff(world, per.id), spam)


async def test_a_transcript_is_downloaded_only_for_a_threat_with_a_purpose_audited(world: World) -> None:
    kari, per, nks, _ = office(world)
    conversation_id = await world.queued("Asker")
    await said(world, conversation_id)
    kari_staff = as_staff(world, kari.id)
    # Waiting, nobody has it: no download for anyone (the console offered one to every queue screen).
    for reader in (kari, per, nks):
        with pytest.raises(Forbidden) as refused:
            await inbox.transcript(world.deps, as_staff(world, reader.id), conversation_id, "Anmeldelse")
        assert "Trusler eller sjikane" in (refused.value.nb or "")
    detail = await inbox.conversation_detail(world.deps, kari_staff, conversation_id)
    assert detail["may_download_transcript"] is False
    await dispatch.take(world.deps, conversation_id, kari_staff)
    # The veileder who has it may, to report a threat as it happens; a colleague or the kontaktsenter may not.
    assert (await inbox.conversation_detail(world.deps, kari_staff, conversation_id))["may_download_transcript"]
    for reader in (per, nks):
        with pytest.raises(Forbidden):
            await inbox.transcript(world.deps, as_staff(world, reader.id), conversation_id, "Anmeldelse")
    for purpose in (None, "", "   ", "ok"):
        with pytest.raises(InvalidInput) as missing:
            await inbox.transcript(world.deps, kari_staff, conversation_id, purpose)
        assert "Skriv kort hva utskriften skal brukes til" in (missing.value.nb or "")
    _, text = await inbox.transcript(world.deps, kari_staff, conversation_id, "Anmeldelse  til\npolitiet")
    assert WORDS in text
    entry = world.store.audit[-1]
    assert entry.action == "transcript_download"
    assert entry.detail["purpose"] == "Anmeldelse til politiet"


async def test_an_ended_chat_is_downloaded_only_when_closed_as_threats(world: World) -> None:
    kari, per, nks, _ = office(world)
    ordinary = await world.queued("Asker")
    await dispatch.take(world.deps, ordinary, as_staff(world, kari.id))
    await dispatch.close(world.deps, ordinary, as_staff(world, kari.id), "besvart")
    for reader in (kari, nks):
        with pytest.raises(Forbidden):
            await inbox.transcript(world.deps, as_staff(world, reader.id), ordinary, "Anmeldelse")
    threat = await world.queued("Asker")
    await dispatch.take(world.deps, threat, as_staff(world, kari.id))
    await dispatch.close(world.deps, threat, as_staff(world, kari.id), "trusler", "Truet med kniv.")
    for reader in (kari, nks):
        detail = await inbox.conversation_detail(world.deps, as_staff(world, reader.id), threat)
        assert detail["may_download_transcript"] is True
        await inbox.transcript(world.deps, as_staff(world, reader.id), threat, "HMS-avvik")
    with pytest.raises(Forbidden):  # a colleague who never had it reads it not, nor downloads it
        await inbox.transcript(world.deps, as_staff(world, per.id), threat, "HMS-avvik")
