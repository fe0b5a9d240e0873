"""Durable bot turns against the in-memory store: order per conversation, take-over after a dead router, give-up."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import timedelta
from typing import Any

from router.domain.bot_turn import LEASE, MAX_ATTEMPTS, BotTurn
from router.ports.bot import BotReply
from router.ports.store import StoreUnavailable
from router.services import relay, turns
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from tests.fakes import FakeBot, _FakeMessages, _FakeTurns
from tests.unit.services.conftest import World


async def said(world: World, *texts: str) -> str:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    for i, text in enumerate(texts):
        await receive_user_message(world.deps, conversation.id, token, client_msg_id=f"m{i}", text=text)
    return conversation.id


def bot_answers(world: World, conversation_id: str) -> list[str]:
    return [m.original_text for _, m in sorted(world.store.messages.items())
            if m.conversation_id == conversation_id and m.sender == "bot"][1:]  # [0] is the greeting


async def test_a_stored_message_is_answered_and_its_turn_done(world: World) -> None:
    conversation_id = await said(world, "hei")
    await world.deps.tasks.drain()
    assert bot_answers(world, conversation_id) == ["Bot: hei"]
    assert [t["state"] for t in world.store.turns.values()] == ["done"]
    assert world.bot.metadata[0]["message_id"] == world.store.turns[1]["message_id"]


async def test_a_dead_routers_turns_are_taken_over_in_order(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The router that stored the messages died before it ran their turns.
    monkeypatch.setattr(world.deps.tasks, "spawn", lambda coroutine: coroutine.close())
    conversation_id = await said(world, "første", "andre")
    monkeypatch.undo()
    # It had taken the first turn; its lease has not run out yet.
    world.store.turns[1].update(state="running", worker="dead-router", attempts=1,
                                lease_until=world.clock.now() + LEASE)
    assert await turns.sweep(world.deps) == 0, "the second turn waits for the first"
    world.clock.advance(seconds=LEASE.total_seconds() + 1)
    assert await turns.sweep(world.deps) == 1
    await world.deps.tasks.drain()
    assert bot_answers(world, conversation_id) == ["Bot: første", "Bot: andre"]
    assert [t["state"] for t in world.store.turns.values()] == ["done", "done"]
    assert world.store.turns[1]["attempts"] == 2


async def test_a_router_known_dead_hands_its_turns_over_at_once_not_when_the_lease_runs_out(  # type: ignore[no-untyped-def]
        world: World, monkeypatch) -> None:
    """Probe 164: 13 s of silence after a router was killed, while its turn's lease ran. Its launcher starts a new
    router on the same host, whose first sweep sees the old process is gone."""
    monkeypatch.setattr(world.deps.tasks, "spawn", lambda coroutine: coroutine.close())
    conversation_id = await said(world, "første", "andre")
    monkeypatch.undo()
    world.store.turns[1].update(state="running", worker="host:4242:dead", attempts=1,
                                lease_until=world.clock.now() + LEASE)
    world.deps.worker_gone = lambda worker: worker == "host:4242:dead"
    assert await turns.sweep(world.deps) == 1, "taken over with its lease still running"
    await world.deps.tasks.drain()
    assert bot_answers(world, conversation_id) == ["Bot: første", "Bot: andre"]
    assert world.store.turns[1]["attempts"] == 2


async def test_a_router_not_known_dead_keeps_its_turns_until_its_lease_runs_out(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(world.deps.tasks, "spawn", lambda coroutine: coroutine.close())
    await said(world, "hei")
    monkeypatch.undo()
    world.store.turns[1].update(state="running", worker="otherhost:4242:alive", attempts=1,
                                lease_until=world.clock.now() + LEASE)
    asked: list[str] = []
    world.deps.worker_gone = lambda worker: asked.append(worker) or False
    world.deps.worker_id = "thishost:1:me"
    assert await turns.sweep(world.deps) == 0
    assert asked == ["otherhost:4242:alive"] and world.store.turns[1]["state"] == "running"


async def test_a_turn_that_keeps_failing_is_given_up_with_a_way_to_a_human(world: World) -> None:
    conversation_id = await said(world, "hei")
    await world.deps.tasks.drain()
    world.store.turns[1].update(state="running", worker="x", attempts=MAX_ATTEMPTS,
                                lease_until=world.clock.now() - timedelta(seconds=1))
    await turns.sweep(world.deps)
    await world.deps.tasks.drain()
    assert world.store.turns[1]["state"] == "failed"
    notice = [m for m in world.store.messages.values() if m.conversation_id == conversation_id][-1]
    assert notice.sender == "system" and notice.buttons[0]["payload"] == "/human_handoff"


async def test_a_conversation_runs_one_turn_at_a_time(world: World) -> None:
    world.bot.delay_s = 0.01
    conversation_id = await said(world, "en", "to", "tre")
    await world.deps.tasks.drain()
    assert [text for _, text in world.bot.received] == ["en", "to", "tre"]
    assert bot_answers(world, conversation_id) == ["Bot: en", "Bot: to", "Bot: tre"]


class WireBot(FakeBot):
    """Makes its request as aiohttp does on Python 3.11: the body is written by a task of its own, queued behind
    whatever was ready; the answer comes when the test releases it."""

    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log
        self.answer = asyncio.Event()

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any] | None = None) -> list[BotReply]:
        async def write() -> None:
            self.log.append("bot request written")

        writing = asyncio.create_task(write())
        await self.answer.wait()
        await writing
        return await super().send(conversation_id, text, metadata)


async def test_the_bot_request_is_on_the_wire_before_the_message_is_acknowledged(world: World) -> None:
    log: list[str] = []
    world.deps.bot = WireBot(log)
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id="m1", text="når kommer pengene")
    log.append("acknowledged")
    assert log == ["bot request written", "acknowledged"], "the bruker waits for the bot, not for the receipt"
    world.deps.bot.answer.set()
    await world.deps.tasks.drain()
    assert bot_answers(world, conversation.id) == ["Bot: når kommer pengene"]


async def test_a_turn_taken_over_while_the_bot_answered_is_answered_once(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # This router took the turn, then stalled past its lease while the bot answered; another router took it over
    # (and runs it again, its answer the one shown).
    monkeypatch.setattr(world.deps.tasks, "spawn", lambda coroutine: coroutine.close())
    conversation_id = await said(world, "hei")
    monkeypatch.undo()
    row = world.store.turns[1]
    assert row["worker"] == world.deps.worker_id
    slow = BotTurn(1, conversation_id, row["message_id"], None, row["attempts"])
    row.update(worker="router-b", attempts=2, lease_until=world.clock.now() + LEASE)
    assert await relay.process_user_message(world.deps, slow) is None
    assert bot_answers(world, conversation_id) == [], "the slow router's answer is dropped, not stored beside"
    assert (row["state"], row["worker"]) == ("running", "router-b"), "the turn stays with the router that holds it"


async def test_a_failed_lease_renewal_is_tried_again(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(turns, "LEASE", timedelta(seconds=0.06))
    monkeypatch.setattr(turns, "RENEW_RETRY_S", 0.005)
    renewals: list[Any] = []
    renew = _FakeTurns.renew

    async def busy_once(self: _FakeTurns, turn_id: int, *, worker: str, until: Any) -> bool:
        renewals.append(until)
        if len(renewals) == 1:
            raise StoreUnavailable("every database connection is busy")
        return await renew(self, turn_id, worker=worker, until=until)

    monkeypatch.setattr(_FakeTurns, "renew", busy_once)
    monkeypatch.setattr(world.deps.tasks, "spawn", lambda coroutine: coroutine.close())
    conversation_id = await said(world, "hei")
    row = world.store.turns[1]
    renewing = asyncio.create_task(turns._keep_lease(world.deps, BotTurn(1, conversation_id, row["message_id"],
                                                                          None, 1)))
    await asyncio.sleep(0.05)  # one renewal at 0.02 s (it fails), the next 5 ms later
    renewing.cancel()
    assert len(renewals) >= 2, "the renewals go on after one failed"
    assert row["lease_until"] == renewals[-1]


async def test_answers_the_store_could_not_take_are_stored_on_a_retry_not_asked_again(world: World,
                                                                                      monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # An overloaded router: every database connection busy when the bot's answer is to be stored.
    monkeypatch.setattr(relay, "FINISH_RETRY_S", 0.0)
    complete = _FakeTurns.complete
    tries: list[int] = []

    async def busy_once(self: _FakeTurns, turn_id: int, **kwargs: Any) -> bool:
        tries.append(turn_id)
        if len(tries) == 1:
            raise StoreUnavailable("every database connection is busy")
        return await complete(self, turn_id, **kwargs)

    monkeypatch.setattr(_FakeTurns, "complete", busy_once)
    conversation_id = await said(world, "hei")
    await world.deps.tasks.drain()
    assert len(tries) == 2
    assert [text for _, text in world.bot.received] == ["hei"], "the bot is asked once"
    assert bot_answers(world, conversation_id) == ["Bot: hei"]
    assert [t["state"] for t in world.store.turns.values()] == ["done"]


async def test_a_busy_notice_the_store_cannot_take_is_a_warning_and_the_answer_still_comes(
        world: World, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    # Every connection busy while the bot is slow: the "bot is busy" notice cannot be stored.
    world.deps.settings = dataclasses.replace(world.deps.settings, bot_busy_notice_s=0.01)
    world.bot.delay_s = 0.05
    world.bot.turns_waiting = 2
    add = _FakeMessages.add

    async def no_room_for_notices(self: _FakeMessages, message: Any) -> Any:
        if message.sender == "system":
            raise StoreUnavailable("every database connection is busy")
        return await add(self, message)

    monkeypatch.setattr(_FakeMessages, "add", no_room_for_notices)
    with caplog.at_level(logging.INFO):
        conversation_id = await said(world, "hei")
        await world.deps.tasks.drain()
    assert bot_answers(world, conversation_id) == ["Bot: hei"]
    assert "bot.busy_not_stored" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "an expected degradation, not an error"


async def test_a_wish_for_a_person_beside_a_question_is_said_to_the_bot(world: World) -> None:
    """Probe 158: "… Kan jeg få snakke med noen?" after a question of money was answered as the question alone. The
    router says the wish in the message's metadata (bot/components/person_asked.py makes the intent human_handoff);
    a wish said not to be one, or none, says nothing."""
    for text in ("Hei. Jeg har mistet jobben og har ikke penger til husleie denne måneden. Kan jeg få snakke med noen?",
                 "Jeg vil ikke snakke med noen, bare vite hvordan jeg søker", "Hvordan søker jeg om sosialhjelp?"):
        await said(world, text)
    await world.deps.tasks.drain()
    assert [m.get("asks_for_person") for m in world.bot.metadata] == [True, False, None]
