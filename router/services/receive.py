"""A bruker's message arrives: validate, mask, store it once with its durable turn, and start the turn."""

from __future__ import annotations

import logging
from typing import Any

from router.domain.bot_turn import LEASE
from router.domain.conversation import ConversationState
from router.domain.errors import InvalidTransition
from router.domain.masking import mask_personal_numbers
from router.domain.messages import Message
from router.domain.place_question import PLACE_ASKED
from router.ports.store import DuplicateMessage
from router.services import innsyn, tasks, turns, views
from router.services.conversations import authenticate, hidden_data_notice, system_message
from router.services.deps import Deps
from router.services.errors import Conflict, InvalidInput
from router.services.notify import publish_message
from router.services.relay import (
    PAYLOAD,
    ROUTER_PAYLOAD,
    Preloaded,
    validate_client_msg_id,
    validate_user_text,
)
from router.services.retention import STILL_HERE_PAYLOADS

log = logging.getLogger(__name__)

FOR_A_VEILEDER = (ConversationState.QUEUED, ConversationState.ASSIGNED)


async def receive_user_message(
    deps: Deps,
    conversation_id: str,
    token: str | None,
    *,
    client_msg_id: Any,
    text: Any,
    payload: Any = None,
) -> tuple[dict[str, Any], bool]:
    """Store a bruker's message once (a retried client_msg_id returns the stored one) and start its turn."""
    text = validate_user_text(text, deps.settings.max_message_chars)
    client_msg_id = validate_client_msg_id(client_msg_id)
    if payload is not None and (not isinstance(payload, str) or not (
            PAYLOAD.match(payload) or ROUTER_PAYLOAD.match(payload) or payload in STILL_HERE_PAYLOADS)):
        raise InvalidInput("payload must look like /intent_name, or be one of the router's buttons (router:language, "
                           "router:language:<code>, router:handoff, router:back_to_bot, router:stay_in_queue, "
                           "router:still_here); router:login is not sent: the client opens the login (docs/API.md)")
    # "Jeg er her fortsatt" on the warning before a silent chat is closed (services/retention.py): the message is
    # the activity that keeps it open; no bot reads it (it would answer "I did not understand"), the router answers.
    still_here = payload in STILL_HERE_PAYLOADS
    now = deps.clock.now()
    try:
        async with deps.uow() as uow:
            # Locked (PostgreSQL) like the finishing turn locks it (relay.finish): of a message arriving and the
            # conversation's running turn finishing, one sees the other.
            conversation = await authenticate(uow, conversation_id, token, for_update=True)
            # Waiting for or talking with a veileder, a phone number or e-mail address is for them (to call the
            # bruker back: two probes' veiledere promised calls to a "[tel]"); the bot and the translator never get
            # it (relay: the language layer reads the message masked in full). Identity and account numbers go always.
            masked = mask_personal_numbers(text, keep_contact_details=conversation.state in FOR_A_VEILEDER)
            try:
                conversation.receive_user_message(now)
            except InvalidTransition as error:
                # A retry of a message stored before the conversation closed still gets its stored row.
                if (existing := await uow.messages.by_client_id(conversation_id, client_msg_id)) is not None:
                    return views.message_for_user(existing, conversation), False
                raise Conflict(str(error)) from None
            # A retried client_msg_id is refused here by the unique constraint (uq_message_client_msg_id), not
            # looked for first: that read cost every message a statement, for the rare retry.
            message = await uow.messages.add(Message(conversation.id, "user", masked, conversation.language, now,
                                                     client_msg_id=client_msg_id))
            assert message.id is not None
            # Logged in as one person, a fødselsnummer of another: the case answer to this message must not be theirs.
            innsyn.note_another_persons_number(deps, conversation, message.id, text, masked, now)
            # In the same transaction: an acknowledged message always has its turn (router/domain/bot_turn.py).
            # Taken by this router at once when no earlier turn of the conversation is unfinished (most messages):
            # the turn then needs no write transaction of its own to begin.
            if still_here:
                turn, place_asked = None, False
                notice = system_message(conversation, "inactivity_kept", now)
            else:
                turn = await uow.turns.enqueue(conversation.id, message.id, payload, now, worker=deps.worker_id,
                                               lease=LEASE)
                place_asked = turn is not None and await uow.history.has(conversation.id, PLACE_ASKED)
                # A fødselsnummer or kontonummer, a phone number or e-mail address: each kind said once, after it.
                notice = await hidden_data_notice(uow, conversation, text, masked, now)
            if notice is not None:
                notice.reply_to = message.id
                notice = await uow.messages.add(notice)
    except DuplicateMessage:
        # A retry, or a concurrent retry that won the insert: answer with the stored row.
        async with deps.uow() as uow:
            existing = await uow.messages.by_client_id(conversation_id, client_msg_id)
            conversation = await authenticate(uow, conversation_id, token)
        if existing is None:
            raise
        return views.message_for_user(existing, conversation), False
    stored = views.message_for_user(message, conversation)  # as this request stored it, before its turn works on it
    await publish_message(deps, conversation, message)  # before anything its turn publishes
    if notice is not None:
        await publish_message(deps, conversation, notice)
    if turn is not None:
        deps.tasks.spawn(turns.run_claimed(deps, turn, Preloaded(conversation, message, place_asked)))
    elif not still_here:  # "Jeg er her fortsatt" has no turn: the router answered it above
        # An earlier turn is running here or on another router: it takes this one when it finishes; start()
        # covers the case that it finished in between.
        deps.tasks.spawn(turns.start(deps, conversation_id))
    # The turn's request to the bot goes out before this request's answer and log line: what the bruker waits for
    # is the bot's answer, not the acknowledgement.
    await tasks.behind_started_requests()
    log.info("message.received conversation=%s chars=%d", conversation_id, len(masked))
    return stored, True
