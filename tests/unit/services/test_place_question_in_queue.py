"""Probe 70, defect 6 (part): the place question asked once an acute need is queued has «Vil ikke oppgi», as the
ordinary place question has, and pressing it keeps the chat where it waits."""

from __future__ import annotations

from router.domain.conversation import ConversationState
from router.services import handoff
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from router.texts import fixed_text
from tests.expected_texts import first_in_queue
from tests.unit.services.conftest import World


def system_texts(world: World, conversation_id: str) -> list[str]:
    return [m.original_text for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation_id and m.sender == "system"]


async def test_the_place_question_after_an_acute_need_was_queued_can_be_declined_and_the_chat_stays(
        world: World) -> None:
    """Defect 6 (part): "For å finne NAV-kontoret ditt: Hvilken kommune …" in the queue had no «Vil ikke oppgi»."""
    created, token = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, created.id, reason="ingen mat", priority="emergency")
    question = next(m for _, m in sorted(world.store.messages.items())
                    if m.conversation_id == created.id
                    and m.original_text == first_in_queue(fixed_text("place_question", "nb"), "nb"))
    assert [b["title"] for b in question.buttons] == [fixed_text("place_decline", "nb")]
    queued_at = world.conversation(created.id).enhetsnummer
    await receive_user_message(world.deps, created.id, token, client_msg_id="d1", text="Vil ikke oppgi",
                               payload=question.buttons[0]["payload"])
    await world.deps.tasks.drain()
    stored = world.conversation(created.id)
    assert (stored.state, stored.enhetsnummer, stored.priority) == (ConversationState.QUEUED, queued_at, "emergency")
    assert system_texts(world, created.id)[-1].startswith(
        fixed_text("queue_stay_confirmed", "nb", enhet=stored.enhet_navn_for_bruker))
    assert world.bot.received == [], "the press is the router's, never the bot's"


async def test_the_bydel_question_in_the_queue_can_be_declined_too(world: World) -> None:
    world.routing.offices["Oslo"] = ("NKS-OSLO", None)
    world.routing.per_bydel.add("Oslo")
    created, token = await create_conversation(world.deps, kommune="Oslo")
    await handoff.hand_off(world.deps, created.id, reason="ingen mat", priority="emergency")
    question = [m for _, m in sorted(world.store.messages.items()) if m.conversation_id == created.id][-1]
    assert question.original_text == first_in_queue(fixed_text("bydel_question", "nb", kommune="Oslo"), "nb")
    assert [(b["title"], b["payload"]) for b in question.buttons] == [
        (fixed_text("place_decline", "nb"), handoff.DECLINE_IN_QUEUE)]
    await receive_user_message(world.deps, created.id, token, client_msg_id="d1", text="Vil ikke oppgi",
                               payload=handoff.DECLINE_IN_QUEUE)
    await world.deps.tasks.drain()
    stored = world.conversation(created.id)
    assert (stored.state, stored.enhetsnummer) == (ConversationState.QUEUED, "NKS-OSLO")


async def test_an_answer_from_abroad_in_the_queue_is_noted_and_not_asked_again(world: World) -> None:
    created, token = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, created.id, reason="ingen mat", priority="emergency")
    queued_at = world.conversation(created.id).enhetsnummer
    await receive_user_message(world.deps, created.id, token, client_msg_id="a1", text="jeg er i Spania")
    await world.deps.tasks.drain()
    stored = world.conversation(created.id)
    assert (stored.state, stored.enhetsnummer) == (ConversationState.QUEUED, queued_at)
    assert fixed_text("place_question_again", "nb") not in system_texts(world, created.id)
    answered = [r for r in world.store.history if r.conversation_id == created.id and r.kind == "place_answered"]
    assert [r.reason for r in answered] == ["i utlandet (Spania)"]


async def test_an_answer_naming_no_bydel_in_the_queue_is_told_the_bydel_was_not_found(world: World) -> None:
    """The bydel question asked again in the queue was the same paragraph word for word (found in Chromium)."""
    world.routing.offices["Oslo"] = ("NKS-OSLO", None)
    world.routing.per_bydel.add("Oslo")
    created, token = await create_conversation(world.deps, kommune="Oslo")
    await handoff.hand_off(world.deps, created.id, reason="ingen mat", priority="emergency")
    await receive_user_message(world.deps, created.id, token, client_msg_id="b1", text="Grunerlokka")
    await world.deps.tasks.drain()
    again = [m for _, m in sorted(world.store.messages.items()) if m.conversation_id == created.id][-1]
    assert again.original_text == fixed_text("bydel_question_again", "nb", kommune="Oslo")
    assert [(b["title"], b["payload"]) for b in again.buttons] == [
        (fixed_text("place_decline", "nb"), handoff.DECLINE_IN_QUEUE)]
    assert world.conversation(created.id).state is ConversationState.QUEUED


async def test_a_plea_or_question_while_waiting_is_no_failed_answer_and_the_question_stays_open(world: World) -> None:
    """Probe 158: queued at the kontaktsenter in acute need and asked where she lives, she wrote "Hallo? Er det
    noen der? Ungene har ikke spist middag i går." and read "Jeg forstod ikke hvor du bor … trykk «Vil ikke
    oppgi», så sender vi deg til NAV Kontaktsenter", where she already waited."""
    created, token = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, created.id, reason="ingen mat", priority="emergency")
    asked = len(system_texts(world, created.id))
    for n, text in enumerate(["Hallo? Er det noen der?", "Ungene har ikke spist middag i går."]):
        await receive_user_message(world.deps, created.id, token, client_msg_id=f"w{n}", text=text)
        await world.deps.tasks.drain()
    said = system_texts(world, created.id)[asked:]
    assert not any(t.startswith("Jeg forstod ikke hvor du bor") for t in said), said
    # The question is still open: a place named next moves the chat as an answer would.
    await receive_user_message(world.deps, created.id, token, client_msg_id="w3", text="Bærum")
    await world.deps.tasks.drain()
    assert world.conversation(created.id).enhetsnummer == "0219"


async def test_asked_again_in_the_queue_declining_keeps_her_where_she_waits(world: World) -> None:
    created, token = await create_conversation(world.deps)
    await handoff.hand_off(world.deps, created.id, reason="ingen mat", priority="emergency")
    await receive_user_message(world.deps, created.id, token, client_msg_id="a1", text="det vet jeg ikke helt")
    await world.deps.tasks.drain()
    again = system_texts(world, created.id)[-1]
    assert again == fixed_text("place_question_again_in_queue", "nb")
    assert "NAV Kontaktsenter" not in again and "blir du stående i køen" in again
