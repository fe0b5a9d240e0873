"""Rasa's REST channel, made idempotent: a bruker message Rasa has already answered is answered again from the
tracker, not run through the bot a second time.

Why: the router's bot turns are durable (router/services/turns.py). A turn is run again whenever the router cannot
know that it finished: its router died after Rasa answered but before the answer was stored, or, under overload,
its lease ran out while the renewal waited for a database connection and another router took it over. Without
this, Rasa took that message a second time: it stood twice in the tracker (twice in what the veileder reads of the
bot's understanding, twice in the policies' history) and the bot could answer differently the second time.

How: every message the router sends carries its own id in the metadata (``message_id``, docs/CONTRACTS.md). Under
the conversation's lock (Rasa's lock store), the stored tracker is read first; when it holds a user event with that
id, the bot events that followed it are sent back as they were, and nothing is written. Otherwise the message is
handled exactly as Rasa's ``Agent.handle_message`` would. A turn that failed midway wrote nothing (Rasa saves the
tracker once, at the end of the turn), so it is run again.

The lock keeps copies apart within one Rasa process (the embedded profile's lock store is in memory) and, in the
scaled profile, across processes too: there it is bot/redis_lock.py, because Rasa's own RedisLockStore issues a
ticket by reading the lock and writing it back, and two processes could both get the first.

Named in credentials.yml (``bot.turn_once.TurnOnceRestInput``); its name is still ``rest``, so the webhook stays
``/webhooks/rest/webhook``. Runs in Rasa's interpreter; lives in bot/ beside bot/tracker_cache.py for the reason
given there.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.events import BotUttered, Event, UserUttered
from sanic import Blueprint, Sanic

MESSAGE_ID = "message_id"
log = logging.getLogger(__name__)
# Rasa sets only its own "rasa" loggers to its log level; the root logger is at WARNING once the server runs.
log.setLevel(logging.INFO)


def earlier_answers(events: Iterable[Event], message_id: Any) -> list[BotUttered] | None:
    """The bot's answers to the user event carrying ``message_id``, in order; None when no user event carries it."""
    answers: list[BotUttered] = []
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            if (event.metadata or {}).get(MESSAGE_ID) == message_id:
                answers.reverse()
                return answers
            answers = []
        elif isinstance(event, BotUttered):
            answers.append(event)
    return None


def _checked_once(tracker_store: Any, sender_id: str) -> contextlib.AbstractContextManager[None]:
    """The kept tracker is counted against the store once in this lock hold, not again when the processor reads
    it (bot/tracker_cache.py); any other store reads as usual. Rasa wraps the configured store in a FailSafe one."""
    store = getattr(tracker_store, "_tracker_store", tracker_store)
    checked_once = getattr(store, "checked_once", None)
    return checked_once(sender_id) if checked_once is not None else contextlib.nullcontext()


class TurnOnceRestInput(RestInput):
    def __init__(self) -> None:
        self._app: Sanic | None = None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def once(message: UserMessage) -> None:
            await self._handle_once(message, on_new_message)

        blueprint = super().blueprint(once)

        async def remember_app(app: Sanic, _loop: object) -> None:
            self._app = app

        blueprint.listener("before_server_start")(remember_app)
        return blueprint

    async def _handle_once(self, message: UserMessage,
                           on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        message_id = (message.metadata or {}).get(MESSAGE_ID)
        agent = getattr(self._app.ctx, "agent", None) if self._app is not None else None
        if message_id is None or agent is None or not agent.is_ready():
            await on_new_message(message)  # Rasa's own way (and its own answer when no model is loaded)
            return
        async with agent.lock_store.lock(message.sender_id):
            with _checked_once(agent.tracker_store, message.sender_id):
                tracker = await agent.tracker_store.retrieve(message.sender_id)
                answers = earlier_answers(tracker.events, message_id) if tracker is not None else None
                if answers is None:
                    await agent.processor.handle_message(message)
                    return
        log.info("turn_once.answered_again sender=%s message_id=%s answers=%d", message.sender_id, message_id,
                 len(answers))
        for answer in answers:
            await message.output_channel.send_response(message.sender_id, answer.message())
