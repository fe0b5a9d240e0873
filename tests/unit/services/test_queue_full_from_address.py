"""At most Settings.limit_waiting_per_address anonymous chats from one address wait in queues at once (probe 96: 30
chats from one browser, each handed off, took 27 places ahead of a real bruker). The next handoff from that address is
told so in the bruker's language, with NAV's phone, and gets no place; counted in the store by origin_key. A shared
address (a mobile operator's carrier-grade NAT, probe 107 s10) is not her device, and a logged-in bruker is counted
by person, not by address."""

from __future__ import annotations

from dataclasses import replace

from router.domain.conversation import ConversationState
from router.services import handoff
from router.services.conversations import create_conversation
from router.texts import fixed_text
from tests.unit.services.conftest import World

SHELTER = "203.0.113.66"


async def handed_off(world: World, origin: str | None, person: str | None = None,
                     **kwargs: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    conversation, _ = await create_conversation(world.deps, kommune="Asker", origin=origin,
                                                language=kwargs.pop("language", None))
    world.conversation(conversation.id).person_pseudonym = person  # logged in as this person
    return conversation.id, await handoff.hand_off(world.deps, conversation.id, reason="hjelp", **kwargs)


def states(world: World, ids: list[str]) -> list[ConversationState]:
    return [world.conversation(i).state for i in ids]


async def test_the_eleventh_anonymous_chat_from_one_address_gets_words_not_a_place(world: World) -> None:
    assert world.deps.settings.limit_waiting_per_address == 10
    ten = [(await handed_off(world, SHELTER))[0] for _ in range(10)]
    assert states(world, ten) == [ConversationState.QUEUED] * 10
    sixth, result = await handed_off(world, SHELTER, language="en")
    assert result["state"] == "BOT" and result["stored"] is True
    assert result["message"] == fixed_text("queue_full_from_network", "en")
    assert "+47 55 55 33 33" in result["message"]
    assert world.conversation(sixth).state is ConversationState.BOT
    assert world.conversation(sixth).queued_at is None
    shown = [e["message_user"]["text"] for e in world.bus.published
             if e.get("type") == "message" and e.get("conversation_id") == sixth]
    assert shown[-1] == result["message"], "published: the widget shows it"
    kinds = [record.kind for record in world.store.history if record.conversation_id == sixth]
    assert handoff.QUEUE_FULL_FROM_ADDRESS in kinds
    # Another address, and a chat whose address is not known, still get their place.
    other, result = await handed_off(world, "198.51.100.10")
    assert result["state"] == "QUEUED"
    unknown, result = await handed_off(world, None)
    assert result["state"] == "QUEUED"


async def test_a_place_is_free_again_once_one_of_them_is_no_longer_waiting(world: World) -> None:
    five = [(await handed_off(world, SHELTER))[0] for _ in range(10)]
    sixth, result = await handed_off(world, SHELTER)
    assert result["state"] == "BOT"
    assert result["message"] == fixed_text("queue_full_from_network", "nb")
    world.conversation(five[0]).state = ConversationState.ASSIGNED  # a veileder took one: no longer waiting
    result = await handoff.hand_off(world.deps, sixth, reason="hjelp")
    assert result["state"] == "QUEUED"


async def test_acute_need_is_told_where_to_get_help_today(world: World) -> None:
    for _ in range(10):
        await handed_off(world, SHELTER)
    _, result = await handed_off(world, SHELTER, priority="emergency")
    assert result["state"] == "BOT"
    assert result["message"] == " ".join([fixed_text("queue_full_from_network", "nb"),
                                          fixed_text("emergency_contacts", "nb")])


async def test_zero_switches_it_off(world: World) -> None:
    world.deps = replace(world.deps, settings=replace(world.deps.settings, limit_waiting_per_address=0))
    results = [(await handed_off(world, SHELTER))[1]["state"] for _ in range(12)]
    assert results == ["QUEUED"] * 12


async def test_six_phones_behind_one_operator_address_all_get_a_place(world: World) -> None:
    """Probe 107 s10: six phones share a mobile operator's address; the 5th was refused and told her device had
    other chats waiting, though it had none."""
    results = [(await handed_off(world, SHELTER))[1]["state"] for _ in range(6)]
    assert results == ["QUEUED"] * 6


async def test_a_logged_in_bruker_is_counted_by_person_not_by_address(world: World) -> None:
    for _ in range(10):
        await handed_off(world, SHELTER)
    assert (await handed_off(world, SHELTER))[1]["state"] == "BOT", "the address is full for anonymous chats"
    # Kari, logged in, on the same address: her own chats count, not the strangers'.
    _, result = await handed_off(world, SHELTER, person="p-kari")
    assert result["state"] == "QUEUED"
    # Logged-in chats do not fill the address either: another anonymous one is still refused for the ten, no more.
    _, result = await handed_off(world, SHELTER, person="p-ola")
    assert result["state"] == "QUEUED"
    assert world.deps.settings.limit_waiting_per_person == 3
    await handed_off(world, "198.51.100.10", person="p-kari")
    await handed_off(world, "198.51.100.11", person="p-kari")
    fourth, result = await handed_off(world, "198.51.100.12", person="p-kari", language="en")
    assert result["state"] == "BOT"
    assert result["message"] == fixed_text("queue_full_for_person", "en")
    assert world.conversation(fourth).state is ConversationState.BOT


def test_the_words_do_not_blame_her_device_and_say_what_she_can_do() -> None:
    from router.texts import available_languages
    nb = fixed_text("queue_full_from_network", "nb")
    assert nb.startswith("Det står allerede mange samtaler i kø fra samme nettverk")
    assert "enhet" not in nb and "Logg inn" in nb and "55 55 33 33" in nb
    assert "eining" not in fixed_text("queue_full_from_network", "nn")
    assert "device" not in fixed_text("queue_full_from_network", "en")
    for lang in available_languages():
        for key in ("queue_full_from_network", "queue_full_for_person"):
            assert "55 55 33 33" in fixed_text(key, lang), (key, lang)
    assert len({fixed_text("queue_full_from_network", lang) for lang in available_languages()}) == 20
