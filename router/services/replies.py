"""A veileder's replies to the bruker: checked, stored, then pushed; written in groups.

A reply is one message row, one audit row and the conversation's first-answer time: one transaction. Written one
transaction each, every reply pays for a commit and a unit of work of its own; written as they arrive while the
group before them commits, the replies of a busy console (or of many) share one (group commit). Nothing changes
for a single reply: it is written at once.

A reply is pushed to the bruker and acknowledged only after its group committed: nothing is shown that is not
stored. A group that fails as a whole (a resent client_msg_id aborts the transaction on PostgreSQL; the database
went away) goes back into the queue reply by reply, so one bad reply never costs the others theirs.

Order: replies to one conversation are stored in the order they were submitted. A reply that needs a machine
translation (the bruker reads another language) is translated outside any transaction, and the later replies to its
conversation wait for it.

Replies come over the staff API (POST .../messages) and over the staff WebSocket (router/web/ws.py); both end here.
A reply over the socket names the session it came on, which is checked again in the transaction that stores it
(a logout or an idle timeout ends what the socket may send at once, not at the next connect).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from router.domain.access import StaffUser
from router.domain.conversation import Conversation
from router.domain.errors import NotAllowed
from router.domain.language_policy import (
    DIRECT_LANGUAGES,
    NORWEGIAN_PATH,
    Route,
    reads_as_english,
    reads_as_norwegian,
    route_for,
)
from router.domain.masking import mask_personal_numbers
from router.domain.messages import Message
from router.ports.store import DuplicateMessage, UnitOfWork
from router.services import templates, views
from router.services.conversations import fixed_message, with_nav_phone
from router.services.deps import Deps
from router.services.dispatch import visible_to
from router.services.errors import Conflict, ServiceError
from router.services.notify import publish_message
from router.services.relay import validate_client_msg_id, validate_user_text
from router.services.reply_queue import PendingReply, ReplyQueue
from router.services.staff import audit, session_in

log = logging.getLogger(__name__)

# The history note that the bruker was told the veileder's Norwegian could not be translated (once per conversation).
UNTRANSLATED_REPLY_TOLD = "veileder_reply_untranslated"
# Large enough that a full queue clears in few commits, small enough that one group's transaction stays short.
MAX_GROUP = 128


@dataclass
class _Outcome:
    written: list[tuple[PendingReply, Conversation, Message]] = field(default_factory=list)
    refused: list[tuple[PendingReply, ServiceError]] = field(default_factory=list)
    to_translate: list[tuple[PendingReply, Conversation]] = field(default_factory=list)
    put_back: list[PendingReply] = field(default_factory=list)
    # The bruker told, once per conversation, that the veileder's Norwegian could not be translated for them.
    notices: list[tuple[Conversation, Message]] = field(default_factory=list)


async def reply(deps: Deps, conversation_id: str, staff: StaffUser, text: Any, client_msg_id: Any = None, *,
                session_token: str | None = None) -> dict[str, Any]:
    """The assigned veileder writes to the bruker (translated into the bruker's language when needed); returns the
    stored message as staff see it. The same ``client_msg_id`` twice stores it once and answers the first."""
    # A veileder hands out phone numbers and addresses (the sosialvakt's, the office's, her own line): kept, as a
    # bruker's are kept for her (probe 164: "Ring sosialvakten på [tel]"). A fødselsnummer, an account or a card
    # number is masked in a reply too. Numbers never reach a translation model (the translator's placeholders).
    masked = mask_personal_numbers(validate_user_text(text, deps.settings.max_message_chars),
                                   keep_contact_details=True)
    if client_msg_id is not None:
        client_msg_id = validate_client_msg_id(client_msg_id)
    done: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
    # Retrieved even when nobody awaits it any more (the request went away): the reply is still stored and pushed.
    done.add_done_callback(lambda f: f.cancelled() or f.exception())
    deps.replies.pending.append(PendingReply(staff, conversation_id, masked, client_msg_id, session_token, done))
    _drain_soon(deps)
    return await asyncio.shield(done)


def _drain_soon(deps: Deps) -> None:
    if not deps.replies.draining:
        deps.replies.draining = True
        deps.tasks.spawn(_drain(deps))


async def _drain(deps: Deps) -> None:
    queue = deps.replies
    try:
        while group := _next_group(queue):
            await _write_group(deps, group)
    finally:
        queue.draining = False


def _next_group(queue: ReplyQueue) -> list[PendingReply]:
    """The next replies to write together, in submission order. A conversation skipped once (its reply is being
    translated, or does not fit) is skipped for the rest of the pass, so its replies keep their order."""
    group: list[PendingReply] = []
    kept: deque[PendingReply] = deque()
    skipped: set[str] = set(queue.translating)
    for item in queue.pending:
        fits = len(group) < MAX_GROUP and not (group and (group[0].alone or item.alone))
        if item.conversation_id in skipped or not fits:
            skipped.add(item.conversation_id)
            kept.append(item)
        else:
            group.append(item)
    queue.pending = kept
    return group


async def _write_group(deps: Deps, group: list[PendingReply]) -> None:
    try:
        outcome = await _store(deps, group)
    except Exception as error:
        if len(group) > 1:
            log.warning("replies.group_failed size=%d error=%s; writing them one by one", len(group),
                        type(error).__name__)
            for item in group:
                item.alone = True
            deps.replies.pending.extendleft(reversed(group))
        else:
            await _settle_alone(deps, group[0], error)
        return
    deps.replies.pending.extendleft(reversed(outcome.put_back))
    for item, conversation in outcome.to_translate:
        deps.replies.translating.add(conversation.id)
        deps.tasks.spawn(_translate(deps, item, conversation))
    for item, refusal in outcome.refused:
        _fail(item, refusal)
    for item, conversation, message in outcome.written:
        try:
            await publish_message(deps, conversation, message)
        except Exception:
            # Stored is what counts: the bruker's page reads what it missed when its socket is back.
            log.exception("replies.publish_failed conversation=%s", conversation.id)
        _resolve(item, views.message_for_staff(message))
    for conversation, notice in outcome.notices:
        await publish_message(deps, conversation, notice)


async def _store(deps: Deps, group: list[PendingReply]) -> _Outcome:
    outcome = _Outcome()
    now = deps.clock.now()
    held: set[str] = set()  # a conversation whose earlier reply in this group waits for translation
    told: set[str] = set()  # conversations whose untranslated reply was looked at in this group
    async with deps.uow() as uow:
        staff_of_session: dict[str, StaffUser | ServiceError] = {}
        loaded: dict[str, Conversation | None] = {}  # read once per group, however many replies it has
        for item in group:
            if item.conversation_id in held:
                outcome.put_back.append(item)
                continue
            try:
                staff = await _sender(deps, uow, item, now, staff_of_session)
                conversation = await _visible(uow, staff, item.conversation_id, loaded)
                language = conversation.language
                hand_translated = templates.hand_translation(item.text, language)
                needs_translation = bool(language) and route_for(language) is Route.TRANSLATE \
                    and hand_translated is None
                if needs_translation and item.translated_for != language:
                    held.add(conversation.id)
                    outcome.to_translate.append((item, conversation))
                    continue
                try:
                    conversation.accept_staff_reply(staff, now)
                except NotAllowed as error:
                    raise Conflict(str(error), nb="Bare veilederen som har samtalen, skriver til brukeren.") from None
            except ServiceError as refusal:
                outcome.refused.append((item, refusal))
                continue
            message = Message(conversation.id, "veileder", item.text, "nb", now, author_id=staff.id,
                              client_msg_id=item.client_msg_id)
            if needs_translation and item.outbound is not None:  # not if the bruker has since chosen Norwegian
                message.record_translation(item.outbound.text, item.outbound.language,
                                           machine_translated=item.outbound.machine_translated)
            elif hand_translated is not None and language is not None:
                message.record_translation(hand_translated, language, machine_translated=False)
            await uow.messages.add(message)
            audit(uow, staff, "reply", conversation.id, now)
            outcome.written.append((item, conversation, message))
            # Untranslated, a reply in Norwegian is told of; one in English is read as written (probe 162: the
            # veileder wrote English to a Polish bruker, who was told "the adviser writes in Norwegian").
            untranslated = needs_translation and item.outbound is None and not reads_as_english(item.text)
            # English is written to, not translated into (the console says "svar på engelsk"); a reply in Norwegian
            # reached an English bruker with no word at all, while a Polish one was told.
            norwegian_to_english = language in WRITTEN_TO and reads_as_norwegian(item.text) and hand_translated is None
            if (untranslated or norwegian_to_english) and await _first_untranslated(uow, conversation, told):
                # No silent Norwegian: the bruker reads, in their language, why and what they can do.
                why = "no translation model" if untranslated else "norsk svar, brukeren skriver engelsk"
                conversation.note(UNTRANSLATED_REPLY_TOLD, actor="router", reason=why, now=now)
                # To an English writer: that the veileder wrote Norwegian and can be asked for English, not "we
                # cannot translate into your language, write in Norwegian or English" (they already write English).
                # NAV's phone as it can be called now (on julaften when it opens, not its weekday hours).
                key = "veileder_reply_untranslated" if untranslated else "veileder_reply_norwegian"
                notice = fixed_message(conversation, lambda lang, key=key: with_nav_phone(
                    key, lang, now, phone=deps.routing.nav_phone_hours()), now)
                notice.reply_to = message.id
                outcome.notices.append((conversation, await uow.messages.add(notice)))
    return outcome


# Languages the bot reads and the veileder is asked to write in (language_policy.RepliesReach.WRITE_IN_IT: English):
# nothing translates the veileder's Norwegian into them.
WRITTEN_TO = DIRECT_LANGUAGES - NORWEGIAN_PATH


async def _first_untranslated(uow: UnitOfWork, conversation: Conversation, told: set[str]) -> bool:
    if conversation.id in told:
        return False
    told.add(conversation.id)
    return not await uow.history.has(conversation.id, UNTRANSLATED_REPLY_TOLD)


async def _sender(deps: Deps, uow: UnitOfWork, item: PendingReply, now: datetime,
                  checked: dict[str, StaffUser | ServiceError]) -> StaffUser:
    """Who writes: as the request found them, or (over the socket) as their session and roles are stored now."""
    token = item.session_token
    if token is None:
        return item.staff
    if token not in checked:
        try:
            _, veileder = await session_in(uow, token, now, deps.settings.staff_idle_minutes)
            checked[token] = veileder.as_staff_user()
        except ServiceError as refusal:
            checked[token] = refusal
    found = checked[token]
    if isinstance(found, ServiceError):
        raise found
    return found


async def _visible(uow: UnitOfWork, staff: StaffUser, conversation_id: str,
                   loaded: dict[str, Conversation | None]) -> Conversation:
    if conversation_id not in loaded:
        loaded[conversation_id] = await uow.conversations.get(conversation_id)
    return visible_to(staff, loaded[conversation_id])


async def _settle_alone(deps: Deps, item: PendingReply, error: Exception) -> None:
    """A reply that failed in a group of its own: a resent client_msg_id answers what was stored the first time."""
    if isinstance(error, DuplicateMessage) and item.client_msg_id is not None:
        async with deps.uow() as uow:
            stored = await uow.messages.by_client_id(item.conversation_id, item.client_msg_id)
        if stored is not None and stored.sender == "veileder" and stored.author_id == item.staff.id:
            _resolve(item, views.message_for_staff(stored))
        else:
            _fail(item, Conflict("this client_msg_id belongs to another message in the conversation"))
        return
    _fail(item, error)


async def _translate(deps: Deps, item: PendingReply, conversation: Conversation) -> None:
    """Outside any transaction (it may take seconds); the write checks the conversation's language again."""
    try:
        item.outbound = await deps.language.outbound(conversation, item.text)
    except Exception:
        log.exception("replies.translation_failed conversation=%s", conversation.id)
        item.outbound = None  # sent untranslated, as when no model is installed
    finally:
        item.translated_for = conversation.language
        deps.replies.translating.discard(conversation.id)
        deps.replies.pending.appendleft(item)
        _drain_soon(deps)


def _resolve(item: PendingReply, view: dict[str, Any]) -> None:
    if not item.done.done():
        item.done.set_result(view)


def _fail(item: PendingReply, error: Exception) -> None:
    if not item.done.done():
        item.done.set_exception(error)
