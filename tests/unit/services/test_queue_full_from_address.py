"""At most Settings.limit_waiting_per_address chats from one address wait in queues at once (probe 96: 30 chats
from one browser, each handed off, took 27 places ahead of a real bruker). The next handoff from that address is
told so in the bruker's language, with NAV's phone, and gets no place; counted in the store by origin_key."""

from __future__ import annotations

from dataclasses import replace

from router.domain.conversation import ConversationState
from router.services import handoff
from router.services.conversations import create_conversation
from router.texts import fixed_text
from tests.unit.services.conftest import World

SHELTER = "203.0.113.66"


async def handed_off(world: World, origin: str | None, **kwargs: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    conversation, _ = await create_conversation(world.deps, kommune="Asker", origin=origin,
                                                language=kwargs.pop("language", None))
    return conversation.id, await handoff.hand_off(world.deps, conversation.id, reason="hjelp", **kwargs)


def states(world: World, ids: list[str]) -> list[ConversationState]:
    return [world.conversation(i).state for i in ids]


async def test_the_sixth_chat_from_one_address_gets_words_not_a_place(world: World) -> None:
    assert world.deps.settings.limit_waiting_per_address == 5
    five = [(await handed_off(world, SHELTER))[0] for _ in range(5)]
    assert states(world, five) == [ConversationState.QUEUED] * 5
    sixth, result = await handed_off(world, SHELTER, language="en")
    assert result["state"] == "BOT" and result["stored"] is True
    assert result["message"] == fixed_text("queue_full_from_device", "en")
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
    five = [(await handed_off(world, SHELTER))[0] for _ in range(5)]
    sixth, result = await handed_off(world, SHELTER)
    assert result["state"] == "BOT"
    assert result["message"] == fixed_text("queue_full_from_device", "nb")
    world.conversation(five[0]).state = ConversationState.ASSIGNED  # a veileder took one: no longer waiting
    result = await handoff.hand_off(world.deps, sixth, reason="hjelp")
    assert result["state"] == "QUEUED"


async def test_acute_need_is_told_where_to_get_help_today(world: World) -> None:
    for _ in range(5):
        await handed_off(world, SHELTER)
    _, result = await handed_off(world, SHELTER, priority="emergency")
    assert result["state"] == "BOT"
    assert result["message"] == " ".join([fixed_text("queue_full_from_device", "nb"),
                                          fixed_text("emergency_contacts", "nb")])


async def test_zero_switches_it_off(world: World) -> None:
    world.deps = replace(world.deps, settings=replace(world.deps.settings, limit_waiting_per_address=0))
    results = [(await handed_off(world, SHELTER))[1]["state"] for _ in range(8)]
    assert results == ["QUEUED"] * 8
