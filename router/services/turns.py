"""Durable bot turns: take a stored message's turn, run it, and finish it; recover turns nobody finished.

A message's turn is stored with the message (router/services/relay.py). The router that stored it starts the
turn at once; a sweep on every router takes over what waits or was left by a router that died (its lease ran
out). Turns of one conversation run one at a time and in order, across all routers (TurnQueue.claim_next).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from router.domain.bot_turn import LEASE, BotTurn
from router.ports import faults
from router.services import relay
from router.services.deps import Deps

log = logging.getLogger(__name__)

# After a failed lease renewal: soon, while the lease (renewed every LEASE / 3) still runs.
RENEW_RETRY_S = 1.0


async def start(deps: Deps, conversation_id: str) -> None:
    """Run the conversation's waiting turns now (after a message was stored), unless another router has one."""
    turn = await _claim(deps, conversation_id)
    if turn is not None:
        await _run_from(deps, turn)


async def run_claimed(deps: Deps, turn: BotTurn, preloaded: relay.Preloaded) -> None:
    """Run a turn the receiving transaction already claimed, with what it read, then the conversation's next."""
    await _run_from(deps, turn, preloaded)


async def sweep(deps: Deps) -> int:
    """Take every runnable turn (waiting, or left by a dead router) and run each conversation's turns in order."""
    await _release_turns_of_dead_routers(deps)
    started = 0
    while (turn := await _claim(deps, None)) is not None:
        deps.tasks.spawn(_run_from(deps, turn))
        started += 1
        faults.count("navchat_bot_turns_recovered")
    if started:
        log.info("turns.recovered count=%d", started)
    return started


async def _release_turns_of_dead_routers(deps: Deps) -> None:
    """A router known to be dead (killed on this host; its launcher starts a new one, whose first sweep is this)
    leaves turns whose leases still run: a bruker waited up to LEASE (probe 164: 13 s) for an answer nobody was
    working on. Those leases end now, and the claim below takes the turns."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        for worker in await uow.turns.running_workers(now):
            if worker != deps.worker_id and deps.worker_gone(worker):
                released = await uow.turns.release(worker, now)
                log.warning("turns.released_dead_router worker=%s turns=%d", worker, released)


async def _claim(deps: Deps, conversation_id: str | None) -> BotTurn | None:
    async with deps.uow() as uow:
        return await uow.turns.claim_next(conversation_id=conversation_id, worker=deps.worker_id,
                                          now=deps.clock.now(), lease=LEASE)


async def _run_from(deps: Deps, turn: BotTurn | None, preloaded: relay.Preloaded | None = None) -> None:
    """Run ``turn``, then the same conversation's next turns (each claimed as the one before finishes), until none
    waits."""
    while turn is not None:
        turn = await _run(deps, turn, preloaded)
        preloaded = None


async def _run(deps: Deps, turn: BotTurn, preloaded: relay.Preloaded | None) -> BotTurn | None:
    """One turn; returns the conversation's next turn when this one finished and claimed it."""
    if turn.is_exhausted:
        log.error("turns.given_up conversation=%s message=%s attempts=%d", turn.conversation_id, turn.message_id,
                  turn.attempts - 1)
        faults.count("navchat_bot_turns_lost", "given_up")
        return await relay.give_up(deps, turn)
    renewing = asyncio.create_task(_keep_lease(deps, turn))
    try:
        return await relay.process_user_message(deps, turn, preloaded)
    except Exception:
        # Left running: the lease runs out and the turn is tried again (MAX_ATTEMPTS in all); the turns after it
        # wait, in order.
        log.exception("turns.failed conversation=%s message=%s attempt=%d", turn.conversation_id, turn.message_id,
                      turn.attempts)
        faults.count("navchat_bot_turns_failed")
        return None
    finally:
        renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewing


async def _keep_lease(deps: Deps, turn: BotTurn) -> None:
    """Renew the turn's lease while it runs. A renewal that fails (every database connection busy, the database
    away for a moment) is tried again soon rather than ending the renewals: a lease left to run out hands a turn
    still running here to another router, and the bot would be asked twice."""
    wait_s = LEASE.total_seconds() / 3
    while True:
        await asyncio.sleep(wait_s)
        try:
            async with deps.uow() as uow:
                if not await uow.turns.renew(turn.id, worker=deps.worker_id, until=deps.clock.now() + LEASE):
                    return
            wait_s = LEASE.total_seconds() / 3
        except Exception as error:
            log.warning("turns.renew_failed conversation=%s message=%s reason=%s", turn.conversation_id,
                        turn.message_id, type(error).__name__)
            wait_s = RENEW_RETRY_S
