"""The bruker is told when her own veileder cannot take the chat (probe: Ola asked for Aisha, his own veileder,
offline that Tuesday; he read only "Kari fra NAV har tatt over samtalen")."""

from __future__ import annotations

from router.domain.access import Permission
from router.domain.assignment import Needs, Presence, VeilederId, VeilederLoad, own_veileder_passed_over
from router.domain.conversation import ConversationState
from router.services import dispatch, handoff
from router.services.conversations import create_conversation
from router.texts import available_languages, fixed_text
from tests.unit.services.conftest import World

AWAY_NB = fixed_text("own_veileder_not_available", "nb")


def load(veileder_id: str, enhet: str = "0315", *, presence: Presence = Presence.ONLINE, open_chats: int = 0,
         permissions: frozenset[Permission] = frozenset()) -> VeilederLoad:
    return VeilederLoad(VeilederId(veileder_id), enhet, presence, open_chats, 3, permissions=permissions)


async def queued_for(world: World, *, own_veileder_id: int | None) -> str:
    """A chat at Nav Asker (0220) of a person whose own veileder is ``own_veileder_id`` (as after her login), handed
    off: assignment runs at once."""
    conversation, _ = await create_conversation(world.deps, kommune="Asker")
    world.conversation(conversation.id).own_veileder_id = own_veileder_id
    await handoff.hand_off(world.deps, conversation.id, reason="test")
    return conversation.id


def system_texts(world: World, conversation_id: str) -> list[str]:
    return [m.original_text for m in world.store.messages.values()
            if m.conversation_id == conversation_id and m.sender == "system"]


OLA = Needs(enhetsnummer="0315", own_veileder=VeilederId("3"))


def test_told_when_the_own_veileder_is_offline_busy_or_full_and_another_takes_it() -> None:
    assert own_veileder_passed_over(OLA, VeilederId("1"), load("3", presence=Presence.OFFLINE))
    assert own_veileder_passed_over(OLA, VeilederId("1"), load("3", presence=Presence.AWAY))
    assert own_veileder_passed_over(OLA, VeilederId("1"), load("3", open_chats=3))


def test_not_told_without_an_own_veileder_when_she_takes_it_or_when_she_is_free() -> None:
    assert not own_veileder_passed_over(Needs(enhetsnummer="0315"), VeilederId("1"), None)
    assert not own_veileder_passed_over(OLA, VeilederId("3"), load("3", presence=Presence.OFFLINE))
    assert not own_veileder_passed_over(OLA, VeilederId("1"), load("3")), "a colleague took it by hand: no untruth"
    assert not own_veileder_passed_over(OLA, VeilederId("1"), None), "a deleted staff user"


def test_not_told_of_an_own_veileder_who_could_never_have_had_the_chat() -> None:
    """A kode 6 chat goes to 2103 whatever office the person had: her veileder there is no candidate, and a word
    about her speaks of a tie the routing leaves aside. Nor one without the permission the chat needs."""
    kode6 = Needs(enhetsnummer="2103", own_veileder=VeilederId("3"),
                  requires_permissions=frozenset({Permission.STRENGT_FORTROLIG}))
    assert not own_veileder_passed_over(kode6, VeilederId("9"), load("3", "0315", presence=Presence.OFFLINE))
    assert not own_veileder_passed_over(kode6, VeilederId("9"), load("3", "2103", presence=Presence.OFFLINE))
    cleared = load("3", "2103", presence=Presence.OFFLINE, permissions=frozenset({Permission.STRENGT_FORTROLIG}))
    assert own_veileder_passed_over(kode6, VeilederId("9"), cleared), "her veileder at 2103 is hers there"


def test_every_language_has_the_line_in_its_own_words() -> None:
    for language in available_languages():
        text = fixed_text("own_veileder_not_available", language)
        assert text and "{" not in text
        assert language == "en" or text != fixed_text("own_veileder_not_available", "en"), language


async def test_ola_reads_that_his_own_veileder_is_not_free_before_kari_takes_over(world: World) -> None:
    kari = world.add_veileder("kari", "0220")
    aisha = world.add_veileder("aisha", "0220", presence=Presence.OFFLINE)
    conversation_id = await queued_for(world, own_veileder_id=aisha.id)
    assert world.conversation(conversation_id).veileder_id == kari.id
    system = system_texts(world, conversation_id)
    assert system[-1] == f"{AWAY_NB} Kari fra NAV har tatt over samtalen.", system


async def test_nothing_is_said_to_a_screen_whose_login_ended(world: World) -> None:
    """Probe 157: her login expired overnight; at 09:00 the anonymous screen read "Veilederen din er ikke ledig"."""
    kari = world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    aisha = world.add_veileder("aisha", "0220", presence=Presence.OFFLINE)
    conversation_id = await queued_for(world, own_veileder_id=aisha.id)
    world.conversation(conversation_id).logged_out_at = world.deps.clock.now()
    world.store.veiledere[kari.id].presence = Presence.ONLINE
    await dispatch.take(world.deps, conversation_id, kari.as_staff_user())
    texts = system_texts(world, conversation_id)
    assert texts[-1] == "Kari fra NAV har tatt over samtalen.", texts


async def test_nothing_is_said_when_the_own_veileder_takes_it_or_there_is_none(world: World) -> None:
    aisha = world.add_veileder("aisha", "0220")
    mine = await queued_for(world, own_veileder_id=aisha.id)
    anyone = await queued_for(world, own_veileder_id=None)
    for conversation_id in (mine, anyone):
        assert world.conversation(conversation_id).state is ConversationState.ASSIGNED
        texts = system_texts(world, conversation_id)
        assert not any(AWAY_NB in t for t in texts) and any("har tatt over" in t for t in texts)


async def test_a_colleague_taking_it_by_hand_while_the_own_veileder_is_free_says_nothing_untrue(world: World) -> None:
    aisha = world.add_veileder("aisha", "0220", capacity=1)
    world.add_veileder("kari", "0220", presence=Presence.OFFLINE)
    await queued_for(world, own_veileder_id=None)  # aisha is full
    conversation_id = await queued_for(world, own_veileder_id=aisha.id)
    assert world.conversation(conversation_id).state is ConversationState.QUEUED
    kari = world.store.veiledere[2]
    world.store.veiledere[aisha.id].capacity = 3  # she has room again, and kari takes it by hand all the same
    await dispatch.take(world.deps, conversation_id, kari.as_staff_user())
    texts = system_texts(world, conversation_id)
    assert world.conversation(conversation_id).veileder_id == kari.id
    assert not any(AWAY_NB in t for t in texts)
