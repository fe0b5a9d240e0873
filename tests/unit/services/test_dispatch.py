"""The veileder's use cases against fakes: take, reply, transfer, close, presence; each one unit of work."""

from __future__ import annotations

import pytest

from router.domain.access import Permission, Role
from router.domain.assignment import Presence
from router.domain.conversation import ConversationState
from router.services import assignment, dispatch, handoff, inbox, replies
from router.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from router.texts import fixed_text
from tests.unit.services.conftest import World


def texts(world: World, conversation_id: str) -> list[str]:
    """What the bruker was told by the router, in order."""
    return [m.original_text for m in world.store.messages.values()
            if m.conversation_id == conversation_id and m.sender == "system"]


def as_staff(world: World, veileder_id: int):  # type: ignore[no-untyped-def]
    return world.store.veiledere[veileder_id].as_staff_user()


async def test_take_reply_and_close_with_audit(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    kari_staff = as_staff(world, kari.id)
    taken = await dispatch.take(world.deps, conversation_id, kari_staff)
    assert taken["state"] == "ASSIGNED" and taken["veileder_id"] == kari.id
    assert world.store.veiledere[kari.id].presence is Presence.BUSY, "taking while offline is working, not offline"
    assert world.store.veiledere[kari.id].idle_since == world.clock.now()
    with pytest.raises(Conflict):
        await dispatch.take(world.deps, conversation_id, kari_staff)
    reply = await replies.reply(world.deps, conversation_id, kari_staff, " Hei, 01019012345 ")
    assert reply["sender"] == "veileder" and "01019012345" not in reply["text"] and reply["author_id"] == kari.id
    assert world.conversation(conversation_id).first_human_reply_at == world.clock.now()
    with pytest.raises(InvalidInput):
        await dispatch.close(world.deps, conversation_id, kari_staff, "ferdig")
    closed = await dispatch.close(world.deps, conversation_id, kari_staff, "besvart")
    assert (closed["state"], closed["close_outcome"]) == ("CLOSED", "besvart")
    actions = [(e.username, e.action, e.detail) for e in world.store.audit if e.conversation_id == conversation_id]
    assert actions == [("kari", "take", {}), ("kari", "reply", {}), ("kari", "close", {"outcome": "besvart"})]


async def test_nobody_takes_above_capacity_or_outside_their_enhet(world: World) -> None:
    kari = world.add_veileder("kari", "0220", capacity=1, presence=Presence.OFFLINE)
    first, second = await world.queued("Asker"), await world.queued("Asker")
    await dispatch.take(world.deps, first, as_staff(world, kari.id))
    with pytest.raises(Conflict, match="capacity"):
        await dispatch.take(world.deps, second, as_staff(world, kari.id))
    ola = world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    with pytest.raises(Forbidden):
        await dispatch.take(world.deps, second, as_staff(world, ola.id))
    with pytest.raises(NotFound):
        await dispatch.take(world.deps, "nope", as_staff(world, ola.id))


async def test_a_transfer_is_one_unit_of_work_and_reaches_the_named_veileder(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    ola = world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    writes = world.store.writes
    moved = await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_veileder="ola",
                                    note="kan mer om dette")
    assert world.store.writes == writes + 1, "the move, its history and its audit row: one transaction"
    assert (moved["state"], moved["enhetsnummer"]) == ("QUEUED", "0219")
    assert world.conversation(conversation_id).own_veileder_id == ola.id
    told = [m.original_text for m in world.store.messages.values()
            if m.conversation_id == conversation_id and m.sender == "system"]
    assert told[-1].startswith(fixed_text("conversation_sent_on", None, enhet="Nav 0219")), "the bruker is told of the move"
    assert fixed_text("wait_nobody_online", None, enhet="Nav 0219") in told[-1], "and what the new queue promises"
    await dispatch.set_presence(world.deps, as_staff(world, ola.id), "online")
    assert world.conversation(conversation_id).veileder_id == ola.id, "the reserved conversation comes to ola"
    assert world.store.open_chats(kari.id) == 0


async def test_a_transfer_is_not_handed_back_to_the_veileder_it_came_from(world: World) -> None:
    kari = world.add_veileder("kari", "0220")  # online, with room
    conversation_id = await world.queued("Asker")
    assert world.conversation(conversation_id).veileder_id == kari.id, "assigned to kari at once"
    await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_enhetsnummer="0220",
                            note="noen andre bør ta denne")
    assert world.conversation(conversation_id).state is ConversationState.QUEUED, "not straight back to kari"
    ola = world.add_veileder("ola", "0220", presence=Presence.OFFLINE)
    await dispatch.set_presence(world.deps, as_staff(world, ola.id), "online")
    assert world.conversation(conversation_id).veileder_id == ola.id, "the next veileder gets it"


async def test_going_offline_gives_the_wait_a_fresh_deadline(world: World) -> None:
    kari = world.add_veileder("kari", "0220")
    conversation_id = await world.queued("Asker")
    world.conversation(conversation_id).sla_deadline = world.clock.now().replace(year=2000)  # ran out meanwhile
    await dispatch.set_presence(world.deps, as_staff(world, kari.id), "offline")
    returned = world.conversation(conversation_id)
    assert returned.state is ConversationState.QUEUED
    assert returned.sla_deadline is not None and returned.sla_deadline > world.clock.now()


async def test_staff_whose_sessions_all_ended_go_offline_and_their_brukere_wait_again(world: World) -> None:
    from datetime import timedelta

    from router.ports.store import StaffSession

    ola = world.add_veileder("ola", "0220")
    conversation_id = await world.queued("Asker")
    assert world.conversation(conversation_id).veileder_id == ola.id
    kari = world.add_veileder("kari", "0220")
    now = world.clock.now()
    world.store.staff_sessions["kari"] = StaffSession("kari", kari.id, "c", now, now + timedelta(hours=10), now)
    world.store.staff_sessions["ola"] = StaffSession("ola", ola.id, "c", now, now + timedelta(hours=10), now)
    assert await dispatch.offline_when_gone(world.deps) == [], "both are at their screens"
    # Ola closed the browser: after the idle time his session has ended; Kari used hers ten seconds ago.
    world.clock.advance(minutes=world.deps.settings.staff_idle_minutes + 1)
    world.store.staff_sessions["kari"] = StaffSession("kari", kari.id, "c", now, now + timedelta(hours=10),
                                                      world.clock.now() - timedelta(seconds=10))
    assert await dispatch.offline_when_gone(world.deps) == [ola.id]
    assert world.store.veiledere[ola.id].presence is Presence.OFFLINE
    assert world.store.veiledere[kari.id].presence is Presence.ONLINE
    assert world.conversation(conversation_id).veileder_id == kari.id, "back in the queue, and on to kari"
    told = [m.original_text for m in world.store.messages.values()
            if m.conversation_id == conversation_id and m.sender == "system"]
    assert any(text.startswith(fixed_text("veileder_left_chat", None)) for text in told)


async def console_open(world: World, session: str) -> None:
    """The console's live feed on ``session`` says it is open (its FEED_BEAT)."""
    async with world.store.uow() as uow:
        await uow.staff_sessions.feed_seen(session, world.clock.now())


async def test_a_veileder_whose_console_closed_without_a_logout_is_not_at_work_within_a_minute(world: World) -> None:
    """A probe closed veileder2's browser without logging out: a minute later a bruker read "Ola fra NAV har tatt
    over samtalen", and the overview counted him at work, until his 30 idle minutes ran out. At work is a session
    with a sign of life: a request, or the console's live feed (which beats while the page is open, idle or not)."""
    from datetime import timedelta

    from router.ports.store import StaffSession
    from router.services import staff

    ola = world.add_veileder("ola", "0220")
    kari = world.add_veileder("kari", "0220")
    now = world.clock.now()
    for name, veileder in (("ola", ola), ("kari", kari)):
        world.store.staff_sessions[name] = StaffSession(name, veileder.id, "c", now, now + timedelta(hours=10), now)
    world.clock.advance(seconds=30)
    await console_open(world, "kari")
    assert await dispatch.offline_when_gone(world.deps) == [], "half a minute: nobody is gone yet"
    world.clock.advance(seconds=30)  # Ola's browser closed after his login; Kari idles with her console open
    await console_open(world, "kari")
    assert await dispatch.offline_when_gone(world.deps) == [ola.id]
    assert world.store.veiledere[kari.id].presence is Presence.ONLINE
    conversation_id = await world.queued("Asker")
    assert world.conversation(conversation_id).veileder_id == kari.id, "nobody is given to the closed browser"
    assert staff.AT_WORK_WITHIN > staff.FEED_BEAT + staff.FEED_BEAT and staff.AT_WORK_WITHIN > staff.TOUCH_EVERY, \
        "an open console or a client in use never falls out of work between two signs of life"


async def test_a_busy_veileder_whose_session_ended_hands_the_chats_back_too(world: World) -> None:
    """A probe: veileder2 took a chat while Frakoblet (so Opptatt), closed the browser, and the bruker waited with
    nobody there: only Tilgjengelig staff were swept."""
    from datetime import timedelta

    from router.ports.store import StaffSession

    per = world.add_veileder("per", "0220", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, as_staff(world, per.id))
    assert world.store.veiledere[per.id].presence is Presence.BUSY
    now = world.clock.now()
    world.store.staff_sessions["per"] = StaffSession("per", per.id, "c", now, now + timedelta(hours=10), now)
    assert await dispatch.offline_when_gone(world.deps) == []
    world.clock.advance(minutes=world.deps.settings.staff_idle_minutes + 1)
    assert await dispatch.offline_when_gone(world.deps) == [per.id]
    assert world.conversation(conversation_id).state is ConversationState.QUEUED


async def test_one_veileder_whose_session_ran_out_goes_offline_at_once_unless_logged_in_elsewhere(
        world: World) -> None:
    """What the staff feed does when a session ends by time (ws.py): the chats go back now, and it says how many."""
    from datetime import timedelta

    from router.ports.store import StaffSession

    ola = world.add_veileder("ola", "0220")
    conversation_id = await world.queued("Asker")
    now = world.clock.now()
    world.store.staff_sessions["pc1"] = StaffSession("pc1", ola.id, "c", now, now + timedelta(hours=10), now)
    world.store.staff_sessions["pc2"] = StaffSession("pc2", ola.id, "c", now, now + timedelta(hours=10), now)
    world.clock.advance(minutes=world.deps.settings.staff_idle_minutes + 1)
    world.store.staff_sessions["pc2"] = StaffSession("pc2", ola.id, "c", now, now + timedelta(hours=10),
                                                     world.clock.now())  # still at work on another PC
    assert await dispatch.offline_if_gone(world.deps, ola.id) == []
    assert world.conversation(conversation_id).veileder_id == ola.id
    del world.store.staff_sessions["pc2"]
    assert await dispatch.offline_if_gone(world.deps, ola.id) == [conversation_id]
    assert world.store.veiledere[ola.id].presence is Presence.OFFLINE
    assert world.conversation(conversation_id).state is ConversationState.QUEUED
    assert await dispatch.offline_if_gone(world.deps, ola.id) == [], "once: the next screen finds them offline"


async def test_transfer_and_presence_refusals(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    nks = world.add_veileder("nks", "NKS", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker", diskresjonskode="SPFO")
    with pytest.raises(Forbidden):
        await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_enhetsnummer="0219")
    cleared = world.add_veileder("cleared", "0220", permissions=frozenset({Permission.FORTROLIG}),
                                 presence=Presence.OFFLINE)
    with pytest.raises(InvalidInput):
        await dispatch.transfer(world.deps, conversation_id, as_staff(world, cleared.id), to_enhetsnummer="9999")
    with pytest.raises(InvalidInput):
        await dispatch.transfer(world.deps, conversation_id, as_staff(world, cleared.id), to_veileder="nobody")
    with pytest.raises(InvalidInput, match="lacks a permission"):
        await dispatch.transfer(world.deps, conversation_id, as_staff(world, cleared.id), to_veileder="kari")
    with pytest.raises(InvalidInput):
        await dispatch.set_presence(world.deps, as_staff(world, nks.id), "sleeping")
    assert world.conversation(conversation_id).state is ConversationState.QUEUED


async def test_another_veileders_chat_is_theirs_to_move_but_the_kontaktsenter_may_step_in(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    ola = world.add_veileder("ola", "0220", presence=Presence.OFFLINE)
    nks = world.add_veileder("nks", "NKS", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    for move in (dispatch.back_to_bot(world.deps, conversation_id, as_staff(world, ola.id)),
                 dispatch.close(world.deps, conversation_id, as_staff(world, ola.id), "besvart")):
        with pytest.raises(Forbidden):
            await move
    back = await dispatch.back_to_bot(world.deps, conversation_id, as_staff(world, nks.id))
    assert back["state"] == "BOT" and world.store.open_chats(kari.id) == 0
    with pytest.raises(Conflict):
        await dispatch.back_to_bot(world.deps, conversation_id, as_staff(world, nks.id))


async def test_staff_lists_show_only_what_they_may_see_in_queue_order(world: World) -> None:
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    nks = world.add_veileder("nks", "NKS", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    normal = await world.queued("Asker")
    world.clock.advance(minutes=5)
    urgent = await world.queued("Asker", priority="emergency")
    elsewhere = await world.queued("Bærum")
    hidden = await world.queued("Asker", diskresjonskode="SPFO")
    assert [c["id"] for c in await inbox.queue_for(world.deps, as_staff(world, kari.id))] == [urgent, normal]
    assert {c["id"] for c in await inbox.queue_for(world.deps, as_staff(world, nks.id))} == {urgent, normal, elsewhere}
    assert hidden not in {c["id"] for c in await inbox.queue_for(world.deps, as_staff(world, nks.id))}
    await dispatch.take(world.deps, normal, as_staff(world, kari.id))
    assert [c["id"] for c in await inbox.mine(world.deps, as_staff(world, kari.id))] == [normal]
    detail = await inbox.conversation_detail(world.deps, as_staff(world, kari.id), normal)
    assert [e["kind"] for e in detail["events"]][:3] == ["created", "handoff", "routed"]
    assert world.store.audit[-1].action == "read"


async def test_needs_ask_for_a_speaker_of_the_bruker_or_tolk_language(world: World) -> None:
    conversation_id = await world.queued("Asker")
    conversation = world.conversation(conversation_id)
    assert assignment.needs_of(conversation).language is None, "Norwegian needs no speaker"
    conversation.language = "pl"
    needs = assignment.needs_of(conversation)
    assert (needs.language, needs.tema, needs.temagruppe, needs.enhetsnummer) == ("pl", "KOM", "OKSOS", "0220")
    conversation.interpreter_language = "ti"
    assert assignment.needs_of(conversation).language == "ti"
    conversation.own_veileder_id = 7
    assert assignment.needs_of(conversation).own_veileder == "7"


async def test_admin_alone_watches_but_answers_no_bruker(world: World) -> None:
    """An admin sees every queue (the cards), but reads no chat (need-to-know: the probe's admin1 read and
    downloaded every chat), and is never online, assigned, offered for a transfer or able to take a chat; a user
    who is admin and veileder answers and reads as a veileder."""
    admin = world.add_veileder("admin", "0220", roles=frozenset({Role.ADMIN}), presence=Presence.OFFLINE)
    both = world.add_veileder("both", "0220", roles=frozenset({Role.ADMIN, Role.VEILEDER}), presence=Presence.OFFLINE)
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    with pytest.raises(Forbidden, match="answer brukere"):
        await dispatch.set_presence(world.deps, as_staff(world, admin.id), "online")
    assert (await dispatch.set_presence(world.deps, as_staff(world, admin.id), "offline"))["presence"] == "offline"
    assert conversation_id in {c["id"] for c in await inbox.queue_for(world.deps, as_staff(world, admin.id))}
    with pytest.raises(Forbidden, match="reads no conversation") as refused:
        await inbox.conversation_detail(world.deps, as_staff(world, admin.id), conversation_id)
    assert "ikke hva som står i samtalene" in (refused.value.nb or "")
    assert (await inbox.conversation_detail(world.deps, as_staff(world, both.id), conversation_id))["messages"]
    with pytest.raises(Forbidden, match="answer brukere"):
        await dispatch.take(world.deps, conversation_id, as_staff(world, admin.id))
    # An admin row that still says online (from before the rule) is not assigned the next bruker either.
    world.store.veiledere[admin.id].presence = Presence.ONLINE
    await assignment.veileder_available(world.deps, admin.id)
    assert world.conversation(conversation_id).state is ConversationState.QUEUED
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    candidates = await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, kari.id), "0220")
    assert [c["username"] for c in candidates["veiledere"]] == ["both"]
    with pytest.raises(InvalidInput, match="does not answer brukere"):
        await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_veileder="admin")
    await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_veileder="both")
    assert world.conversation(conversation_id).state is ConversationState.QUEUED, "both is offline: it waits"
    await dispatch.set_presence(world.deps, as_staff(world, both.id), "online")
    assert world.conversation(conversation_id).veileder_id == both.id


async def test_a_colleague_with_no_room_is_refused_by_name_and_the_dialog_says_so_before(world: World) -> None:
    """A tester's transfer dialog offered a full colleague: the router's one rule (_why_it_cannot_go) refuses them,
    and the candidates carry that refusal, so the dialog offers nobody the transfer would refuse."""
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    full = world.add_veileder("full", "0220", presence=Presence.OFFLINE, capacity=1)
    room = world.add_veileder("room", "0220", presence=Presence.OFFLINE)
    busy_id = await world.queued("Asker")
    await dispatch.take(world.deps, busy_id, as_staff(world, full.id))
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    candidates = await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, kari.id), "0220")
    refused = {c["username"]: c["refused_nb"] for c in candidates["veiledere"]}
    assert refused == {"full": "Full Test har ikke plass nå (alle plassene er i bruk).", "room": None}
    with pytest.raises(Conflict) as refusal:
        await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_veileder="full")
    assert refusal.value.nb == refused["full"]
    assert world.conversation(conversation_id).veileder_id == kari.id, "nothing moved"
    await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_veileder="room")
    assert world.conversation(conversation_id).own_veileder_id == room.id


async def test_a_waiting_bruker_is_ended_only_by_the_kontaktsenter_and_never_by_admin(world: World) -> None:
    """A veileder takes a waiting conversation before ending it (the bruker waits for a person); admin, who
    answers no bruker, neither ends nor moves one."""
    kari = as_staff(world, world.add_veileder("kari", "0220", presence=Presence.OFFLINE).id)
    admin = as_staff(world, world.add_veileder("anne", "0220", roles=frozenset({Role.ADMIN})).id)
    nks = as_staff(world, world.add_veileder("per", "4100", roles=frozenset({Role.KONTAKTSENTER})).id)
    conversation_id = await world.queued("Asker")
    for staff in (kari, admin):
        with pytest.raises(Forbidden):
            await dispatch.close(world.deps, conversation_id, staff, "besvart")
        with pytest.raises(Forbidden):
            await dispatch.back_to_bot(world.deps, conversation_id, staff)
    with pytest.raises(Forbidden):
        await dispatch.transfer(world.deps, conversation_id, admin, to_enhetsnummer="0219")
    assert world.conversation(conversation_id).state is ConversationState.QUEUED
    await dispatch.transfer(world.deps, conversation_id, kari, to_enhetsnummer="0219")  # triage stays open
    assert (await dispatch.close(world.deps, conversation_id, nks, "ikke_nav"))["state"] == "CLOSED"


async def test_a_fortrolig_conversation_is_not_moved_where_nobody_may_see_it(world: World) -> None:
    """Kode 7 at 0220, moved to 0219 where nobody has the fortrolig permission: nobody could see or take it."""
    fortrolig = frozenset({Permission.FORTROLIG})
    kari = world.add_veileder("kari", "0220", permissions=fortrolig)
    world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker", diskresjonskode="SPFO")
    assert world.conversation(conversation_id).veileder_id == kari.id
    with pytest.raises(Conflict, match="nobody at Nav 0219 may see"):
        await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_enhetsnummer="0219")
    assert world.conversation(conversation_id).enhetsnummer == "0220"
    world.add_veileder("liv", "0219", presence=Presence.OFFLINE, permissions=fortrolig)
    moved = await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_enhetsnummer="0219")
    assert (moved["state"], moved["enhetsnummer"]) == ("QUEUED", "0219")


async def test_passing_a_chat_to_a_colleague_tells_the_bruker_and_the_queue_says_whom_it_is_kept_for(
        world: World) -> None:
    """A probe: the transfer to a named colleague was silent to the bruker (only "Venter på ledig veileder"), and
    the queue did not show that it was kept for someone, so another veileder could take it by mistake."""
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    world.add_veileder("aisha", "0220", presence=Presence.OFFLINE)  # on her way in
    per = world.add_veileder("per", "0220", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    told = len(texts(world, conversation_id))
    await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_veileder="aisha")
    [passed_on] = texts(world, conversation_id)[told:]
    # With the wait as it is: nobody at the enhet is available now (probe 161 was told only "passed on").
    assert passed_on.startswith(fixed_text("conversation_passed_on", "nb")), passed_on
    assert fixed_text("wait_nobody_online", "nb", enhet="Nav 0220") in passed_on, passed_on
    [item] = await inbox.queue_for(world.deps, as_staff(world, per.id))
    assert item["id"] == conversation_id and item["reserved_for_navn"] == "Aisha Test"


async def test_passing_a_chat_on_to_an_enhet_with_a_colleague_available_says_no_nobody(world: World) -> None:
    """The wait on passing a chat on (above: nobody available) is the queue's: with a colleague there available, the
    chat goes to her and the bruker is not told that nobody is."""
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    aisha = world.add_veileder("aisha", "0220")
    told = len(texts(world, conversation_id))
    await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_enhetsnummer="0220")
    passed_on = next(t for t in texts(world, conversation_id)[told:]
                     if t.startswith(fixed_text("conversation_passed_on", "nb")))
    assert fixed_text("wait_nobody_online", "nb", enhet="Nav 0220") not in passed_on, passed_on
    assert world.conversation(conversation_id).veileder_id == aisha.id


async def test_a_transfer_by_one_who_may_not_see_the_chat_tells_nothing_of_usernames(world: World) -> None:
    """A probe: 'unknown veileder nosuch' (400) against 404 for an existing one told anyone which usernames exist."""
    world.add_veileder("kari", "0220")
    stranger = world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    for name in ("nosuch", "kari"):
        with pytest.raises(Forbidden):
            await dispatch.transfer(world.deps, conversation_id, as_staff(world, stranger.id), to_veileder=name)


async def test_the_transfer_dialog_is_told_before_a_move_the_router_would_refuse(world: World) -> None:
    """A probe's form said "it can still be put in the enhet's queue" for kode 7 to an enhet where nobody may see
    it, and kode 6 away from Vikafossen; the router then refused (in English, or as a bare 403)."""
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE, permissions=frozenset({Permission.FORTROLIG}))
    world.add_veileder("ola", "0219", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    world.store.conversations[conversation_id].diskresjonskode = "SPFO"
    await dispatch.take(world.deps, conversation_id, as_staff(world, kari.id))
    answer = await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, kari.id), "0219")
    assert answer["veiledere"] == [] and answer["refused_nb"].startswith("Ingen ved")
    with pytest.raises(Conflict) as refused:
        await dispatch.transfer(world.deps, conversation_id, as_staff(world, kari.id), to_enhetsnummer="0219")
    assert refused.value.nb == answer["refused_nb"], "the dialog says what the router would answer"
    world.store.conversations[conversation_id].diskresjonskode = None
    assert (await dispatch.transfer_candidates(world.deps, conversation_id, as_staff(world, kari.id),
                                               "0219"))["refused_nb"] is None


async def test_a_chat_back_with_the_bot_is_not_ended_by_staff(world: World) -> None:
    """A probe: a bruker left the queue for the chatbot; a veileder who never had the chat closed it through the API,
    and the bruker read "Veilederen har avsluttet samtalen" in their bot chat and could write no more."""
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    await handoff.leave_queue(world.deps, conversation_id)
    assert world.conversation(conversation_id).state is ConversationState.BOT
    for end in (dispatch.close(world.deps, conversation_id, as_staff(world, kari.id), "besvart"),
                dispatch.back_to_bot(world.deps, conversation_id, as_staff(world, kari.id))):
        with pytest.raises(Conflict, match="chatbot"):
            await end
    assert world.conversation(conversation_id).state is ConversationState.BOT


async def test_nothing_new_goes_to_a_veileder_whose_every_console_closed_and_a_reload_takes_it(world: World) -> None:
    """Closed without a logout, a console still counted as at work for AT_WORK_WITHIN, and chats went to it ("Ola fra
    NAV har tatt over samtalen", back in the queue 22 s later). Nothing new goes to a veileder whose every console
    closed; another session of theirs at work (a second browser) or the feed reopening (a reload) does get it."""
    from datetime import timedelta

    from router.ports.store import StaffSession
    from router.services import staff

    ola = world.add_veileder("ola", "0220")
    now = world.clock.now()
    world.store.staff_sessions["ola"] = StaffSession("ola", ola.id, "c", now, now + timedelta(hours=10), now)
    await console_open(world, "ola")
    async with world.store.uow() as uow:
        await uow.staff_sessions.feed_closed("ola", world.clock.now())
    first = await world.queued("Asker")
    assert world.conversation(first).state is ConversationState.QUEUED, "not to the closed console"
    world.store.staff_sessions["ola-2"] = StaffSession("ola-2", ola.id, "c", now, now + timedelta(hours=10), now)
    assert not staff.console_closed(list(world.store.staff_sessions.values()), world.clock.now(), 30), \
        "a second browser just logged in is at work"
    del world.store.staff_sessions["ola-2"]
    await console_open(world, "ola")  # the reload
    await assignment.veileder_available(world.deps, ola.id)
    assert world.conversation(first).veileder_id == ola.id


async def test_a_waiting_chat_nobody_answered_is_not_closed_as_answered(world: World) -> None:
    """Probe 165: the kontaktsenter closed a waiting chat nobody had answered as «Besvart» (200), and the figures
    counted it as answered; another outcome is chosen for it."""
    nks = world.add_veileder("nks", "NKS", roles=frozenset({Role.KONTAKTSENTER}), presence=Presence.OFFLINE)
    conversation_id = await world.queued("Asker")
    with pytest.raises(Conflict) as refused:
        await dispatch.close(world.deps, conversation_id, as_staff(world, nks.id), "besvart")
    assert "«Besvart»" in (refused.value.nb or "")
    closed = await dispatch.close(world.deps, conversation_id, as_staff(world, nks.id), "bruker_forlot")
    assert closed["state"] == "CLOSED" and closed["close_outcome"] == "bruker_forlot"
