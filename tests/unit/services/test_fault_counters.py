"""The fault counters behind /metrics (probe 98: no counter told of the bot's errors): counted where they happen."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from router.domain.bot_turn import LEASE, MAX_ATTEMPTS, BotTurn
from router.ports import faults
from router.ports.bot import BotUnavailable
from router.services import relay, turns
from router.services.conversations import create_conversation
from router.services.receive import receive_user_message
from tests.unit.services.conftest import World


async def said(world: World, text: str, n: int = 0) -> str:
    conversation, token = await create_conversation(world.deps, kommune="Asker")
    await receive_user_message(world.deps, conversation.id, token, client_msg_id=f"m{n}", text=text)
    return conversation.id


def rise(before: dict[str, int], name: str) -> dict[str, int]:
    return {k: v - before.get(k, 0) for k, v in faults.counted(name).items() if v != before.get(k, 0)}


async def test_the_bot_unreachable_or_late_is_counted_by_reason(world: World, monkeypatch: Any) -> None:
    before = faults.counted("navchat_rasa_unavailable")
    world.bot.down = True
    await said(world, "hei")
    await world.deps.tasks.drain()
    world.bot.down = False

    async def late(*_: Any, **__: Any) -> Any:
        raise BotUnavailable("rasa unreachable on /webhooks/rest/webhook: TimeoutError")

    monkeypatch.setattr(world.bot, "send", late)
    await said(world, "hallo", 1)
    await world.deps.tasks.drain()
    assert rise(before, "navchat_rasa_unavailable") == {"unreachable": 1, "timeout": 1}


async def test_turns_recovered_given_up_and_taken_over_are_counted(world: World, monkeypatch: Any) -> None:
    recovered = faults.counted("navchat_bot_turns_recovered")
    lost = faults.counted("navchat_bot_turns_lost")
    # A turn left by a router that died is recovered by the sweep.
    monkeypatch.setattr(world.deps.tasks, "spawn", lambda coroutine: coroutine.close())
    first = await said(world, "første")
    monkeypatch.undo()
    world.store.turns[1].update(state="running", worker="dead-router", attempts=1,
                                lease_until=world.clock.now() - timedelta(seconds=1))
    assert await turns.sweep(world.deps) == 1
    await world.deps.tasks.drain()
    assert rise(recovered, "navchat_bot_turns_recovered") == {"": 1}
    # A turn that failed every attempt is given up.
    world.store.turns[1].update(state="running", worker="x", attempts=MAX_ATTEMPTS,
                                lease_until=world.clock.now() - timedelta(seconds=1))
    await turns.sweep(world.deps)
    await world.deps.tasks.drain()
    # A turn another router took over: this router's answer is dropped.
    monkeypatch.setattr(world.deps.tasks, "spawn", lambda coroutine: coroutine.close())
    second = await said(world, "hei", 1)
    monkeypatch.undo()
    row = world.store.turns[2]
    slow = BotTurn(2, second, row["message_id"], None, row["attempts"])
    row.update(worker="router-b", attempts=2, lease_until=world.clock.now() + LEASE)
    assert await relay.process_user_message(world.deps, slow) is None
    assert rise(lost, "navchat_bot_turns_lost") == {"given_up": 1, "lease_lost": 1}
    assert first != second
