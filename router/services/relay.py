"""One bruker message's turn: language, translation, and the bot's answer (or the message waits for the veileder)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
import unicodedata
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from router.domain.acute_need import AcuteSignal, states_danger
from router.domain.asked_before_login import question_seq
from router.domain.bot_input import payload_for_bot, words_for_bot
from router.domain.bot_turn import LEASE, BotTurn
from router.domain.conversation import Conversation, ConversationState
from router.domain.events import Transition
from router.domain.language_policy import bot_language_for, normalize_language
from router.domain.masking import mask_personal_numbers
from router.domain.messages import Message
from router.domain.opening_hours import OpeningHours
from router.domain.place_question import PLACE_ASKED
from router.domain.queue_wishes import cancels_the_wait
from router.domain.short_answers import person_wish, wants_a_person, wants_the_bot, yes_or_no
from router.domain.wait_promise import WaitKind, WaitPromise
from router.ports import faults
from router.ports.bot import BotReply, BotUnavailable
from router.ports.language import InboundText
from router.ports.store import StoreUnavailable, UnitOfWork
from router.services import bot_outage, handoff, preferences, rerouting, safety_net, tasks, waiting
from router.services.conversations import fixed_message, load, system_message, tell_bruker, with_nav_phone
from router.services.deps import Deps
from router.services.errors import Conflict, InvalidInput
from router.services.notify import publish_message, publish_message_updated, publish_state
from router.texts import NORWEGIAN_LANGUAGE_NAMES, available_languages, fixed_text, language_name
from router.texts.formatting import day_and_time, number

log = logging.getLogger(__name__)

LANGUAGE_PICKER = "router:language"
# One language from the router's list: "router:language:pl".
LANGUAGE_CHOICE = LANGUAGE_PICKER + ":"
# Buttons the router answers itself, in every state, never the bot: the language picker, a language, a handoff,
# back to the bot from a queue, staying in it.
ROUTER_PAYLOAD = re.compile(r"^router:(language(:[a-z]{2,3})?|handoff|back_to_bot|stay_in_queue)$")
# "Nei, jeg venter" beside "back to the chatbot" when a waiting bruker seemed to take the wish for a person back: a
# router payload, pressable while the conversation waits (widget.js); "/stay_in_queue" for "/"-only clients.
STAY_IN_QUEUE = "router:stay_in_queue"
STAY_IN_QUEUE_PAYLOADS = frozenset({STAY_IN_QUEUE, "/stay_in_queue"})
# A waiting bruker whose last messages got no word back (this many in a row, or none for this long) is told again,
# briefly, where they stand: silence never lasts (a probe's bruker wrote three messages into a Saturday queue and
# heard nothing).
REMIND_AFTER_MESSAGES = 3
REMIND_AFTER = timedelta(minutes=10)
# The queue's "back to the chatbot" button counts as on screen while it is on one of the conversation's last this
# many messages: a short acknowledgement then does not show it again (the chat filled with the same button).
BUTTON_ON_SCREEN = 4
CLIENT_MSG_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
# Button payloads a bruker may send to the bot: an intent, optionally with entities.
PAYLOAD = re.compile(r"^/[a-z_]{1,64}(\{.{0,200}\})?$")
# Storing a turn's answers when the store is away or every connection busy: tries in all, and the wait before the
# second (it grows with each). With the pool's own 10 s wait for a connection, about half a minute in all.
FINISH_ATTEMPTS = 3
# The whole "we cannot translate, here is how to get help" notice is said again after this long; in between, a
# message the bot cannot read gets one line and the button to a person.
UNTRANSLATED_NOTICE_AGAIN = timedelta(minutes=30)
FINISH_RETRY_S = 1.0


_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")
# Combining marks kept on one letter. Real writing needs a few (Vietnamese typed decomposed: a vowel, its
# circumflex and its tone; Arabic shadda with a haraka; a Thai vowel with a tone mark; Hindi nukta, vowel sign and
# anusvara); "zalgo" stacks hundreds, which paint over the messages around them in the console and the widget.
MAX_MARKS_PER_LETTER = 4


def limit_combining_marks(text: str, most: int = MAX_MARKS_PER_LETTER) -> str:
    """``text`` with at most ``most`` combining marks (Unicode categories Mn, Mc, Me) after each letter; the rest
    go. Format characters (zero-width joiners and the like) between marks neither count nor start a new letter, so
    they cannot be used to stack more. Text within the limit comes back unchanged (the same string)."""
    kept: list[str] = []
    marks = 0
    dropped = False
    for char in text:
        category = unicodedata.category(char)
        if category[0] == "M":
            marks += 1
            if marks > most:
                dropped = True
                continue
        elif category != "Cf":
            marks = 0
        kept.append(char)
    return "".join(kept) if dropped else text


def validate_user_text(text: Any, max_chars: int) -> str:
    """The one check of a chat text, for the bruker's and the veileder's messages alike."""
    if not isinstance(text, str):
        raise InvalidInput("text must be a string", nb="Meldingen må sendes som vanlig tekst.")
    # Windows line ends, and the line and page breaks a paste from Word leaves (vertical tab, form feed, NEL, the
    # Unicode line and paragraph separators), as newlines; the bidi marks and overrides phones and copy-paste wrap
    # numbers in go (they would reorder what staff read, and hide a number from masking).
    text = _BIDI_MARKS.sub("", _LINE_BREAKS.sub("\n", text.replace("\r\n", "\n")))
    # Hundreds of combining marks on one letter ("zalgo") would paint over the other messages: a few stay.
    text = limit_combining_marks(text)
    if not text.strip():
        raise InvalidInput("text is empty", nb="Meldingen er tom.")
    if len(text) > max_chars:
        # The console shows the bokmål reason (probe 157: "noe av det du fylte inn, ble avvist" said nothing of
        # the length); the widget says it in the bruker's language itself.
        raise InvalidInput(f"text is longer than {max_chars} characters",
                           nb=f"Meldingen er for lang: {len(text)} tegn, og høyst {max_chars} kan sendes. "
                              "Del den opp i flere meldinger.")
    return text.strip()


def is_client_msg_id(value: Any) -> bool:
    return isinstance(value, str) and CLIENT_MSG_ID.match(value) is not None


def validate_client_msg_id(client_msg_id: Any) -> str:
    if not is_client_msg_id(client_msg_id):
        raise InvalidInput("client_msg_id must be 1-64 characters of letters, digits and . _ : -")
    return client_msg_id


@dataclass(frozen=True)
class Preloaded:
    """What the transaction that stored a message and took its turn knows (router/services/receive.py), for the
    turn started right after it commits. The conversation is taken as that transaction left it, not read again:
    a change made by another request could land in the moment between commit and start just as well as in the
    bot's own time after a re-read, and every write the turn makes is checked against the stored row anyway
    (finish() reads it locked; a changed state fails the optimistic write-back)."""

    conversation: Conversation
    message: Message
    place_asked: bool


async def process_user_message(deps: Deps, turn: BotTurn, preloaded: Preloaded | None = None) -> BotTurn | None:
    """Language, translation and the bot turn for one stored message; finishes the turn when done and returns the
    conversation's next turn, claimed in the same transaction (or None)."""
    conversation: Conversation | None
    if preloaded is not None and preloaded.message.id == turn.message_id:
        conversation, message, place_asked = preloaded.conversation, preloaded.message, preloaded.place_asked
    else:
        async with deps.uow() as uow:
            conversation = await uow.conversations.get(turn.conversation_id)
            message = await uow.messages.get(turn.message_id)
            # Most conversations were never asked: read here, so the turn needs no transaction of its own for it.
            place_asked = await uow.history.has(turn.conversation_id, PLACE_ASKED)
    if conversation is None or message is None:
        return await finish(deps, turn)
    # Acute need first: contacts, priority, a human, before anything else this turn shows (on the way to the bot, run
    # while the bot works).
    acute_need = AcuteNeedCheck(deps, conversation.id, message)
    if (asked := question_seq(turn.payload)) is not None:
        return await _answer_after_login(deps, conversation, turn, asked, acute_need)
    if turn.payload and turn.payload.startswith(LANGUAGE_PICKER):
        # The language picker is the router's: it works in every state and its payload never reaches the bot.
        await acute_need.now()
        return await _language_button(deps, turn)
    if turn.payload in waiting.LEAVE_QUEUE_PAYLOADS:
        # "Back to the chatbot" on a queue notice: the router's, in every language (no translation needed). Pressed
        # on an old notice once a veileder has the chat, it is not acted on: the bruker is told they are with one;
        # with the bot again, handoff.leave_queue says they are with the bot.
        await acute_need.now()
        if conversation.state is ConversationState.ASSIGNED:
            await tell_bruker(deps, conversation.id, "already_with_veileder", reply_to=turn.message_id)
        else:
            await handoff.leave_queue(deps, conversation.id, reply_to=turn.message_id)
        return await finish(deps, turn)
    if turn.payload in STAY_IN_QUEUE_PAYLOADS:
        # "Nei, jeg venter" on the offer to leave: still waiting, said briefly. Pressed on an old offer once the
        # conversation moved on, the bruker is told where it is.
        await acute_need.now()
        if conversation.state is ConversationState.QUEUED:
            stays = await _still_in_queue(deps, conversation.id, brief=True)
            return await finish(deps, turn, [stays] if stays else [])
        await tell_bruker(deps, conversation.id, "already_with_veileder" if conversation.state is
                          ConversationState.ASSIGNED else "already_with_bot", reply_to=turn.message_id)
        return await finish(deps, turn)
    started = time.perf_counter()
    # Masked in full: a phone number kept for the veileder (services/receive.py) reaches no bot and no translator.
    inbound = await deps.language.inbound(conversation, mask_personal_numbers(message.original_text))
    language = _LanguageNote(ms=(time.perf_counter() - started) * 1000,
                             route="translated" if inbound.translated else "direct")
    # "ja", "tak", "نعم" to the router's own offer of a person (the emergency contacts, the helplines): the
    # router's to answer, in every language; no "we cannot translate" or language picker first.
    offer_answer = await _answer_to_the_routers_offer(deps, conversation, message, turn.payload)
    # The handoff waiting for "where do you live?": the answer is the router's, in any language (no "we cannot
    # translate" or language picker before it).
    pending_handoff = await handoff.pending_place_question(deps, conversation.id) if place_asked else None
    # "Chcę rozmawiać z człowiekiem", "أريد التحدث مع موظف", or the button to a person, where no model reads the
    # language: the router hands off itself, with no "we cannot translate" first (the veileder books a tolk).
    asks_for_person = inbound.translation_failed and conversation.accepts_bot_messages and (
        turn.payload in handoff.HANDOFF_PAYLOADS or (turn.payload is None and wants_a_person(message.original_text)))
    changed = (
        inbound.translated or inbound.translation_failed or inbound.ask_language
        or (inbound.language, inbound.language_source) != (conversation.language, conversation.language_source)
        or message.original_language != inbound.language
    )
    if inbound.translated or inbound.translation_failed or inbound.ask_language:
        # Before what this turn shows about the language (a notice). A language changed on the bot's own path (a
        # Norwegian page, English words) shows nothing: the check runs behind the bot request, so the bot's
        # emergency answer, which gives the numbers, is not preceded by the router's own copy of them.
        await acute_need.now()
    # Most turns change nothing here: skip the write (each SQLite transaction costs a turn ~20 ms).
    notices: list[Message] = []
    # Stored in the conversation's language; the language layer may know better ("ikke oversatt (arabisk)" on an
    # English message stayed on the console until a reload: only a translation was pushed to it).
    relabelled = message.original_language != inbound.language
    if changed:
        language_before = conversation.language
        conversation, message, notices = await _record_inbound(deps, conversation, message.id, inbound,
                                                               quiet=offer_answer is not None or asks_for_person
                                                               or pending_handoff is not None)
        if conversation.language != language_before:
            # The bruker's words changed the conversation's language: the widget's own texts follow it.
            await publish_state(deps, conversation)
    if inbound.translated or relabelled:
        await publish_message_updated(deps, conversation, message)
    for notice in notices:
        await publish_message(deps, conversation, notice)
    # Words as words, and no button that would reset the bot (router/domain/bot_input.py).
    payload = payload_for_bot(turn.payload)
    bot_text = payload or words_for_bot(inbound.text_for_bot)
    danger = payload is None and states_danger(message.original_text)
    if pending_handoff is not None and payload is None and handoff.changes_mind(deps.routing, bot_text):
        # "nei glem det, når kommer pengene?" to "where do you live?": no person after all; the bot answers.
        await handoff.withdraw_place_question(deps, conversation.id)
        pending_handoff = None
    if offer_answer is not None:
        await acute_need.now()
        if offer_answer == "yes":
            await handoff.hand_off_on_brukers_request(deps, conversation.id)
            return await finish(deps, turn)
        declined = _answering(system_message(conversation, "offer_declined", deps.clock.now()), turn.message_id)
        return await finish(deps, turn, [declined])
    kept = "handoff" if asks_for_person and not danger else \
        _kept_from_the_bot(conversation, inbound, payload, bot_text, pending_handoff, danger)
    if kept is None:
        return await _bot_turn(deps, conversation, turn, bot_text, inbound.bot_language, acute_need, language,
                               written_at=message.created_at)
    log.info("language.inbound conversation=%s ms=%.1f route=%s", conversation.id, language.ms, language.route)
    await acute_need.now()
    if kept == "danger":
        # The safety net's words (113 and the helplines, or 112 and the violence helpline; a person) are the
        # answer: the bot's would be about money.
        return await finish(deps, turn)
    if kept == "language_asked":
        # The picker is shown (_record_inbound); the bot waits for words it can read.
        return await finish(deps, turn)
    if kept == "untranslated":
        # Without a translation the bot cannot understand; the bruker was told how to get help (a button to a
        # veileder still works: its title is in the bruker's language, its payload needs no translation).
        return await finish(deps, turn)
    if kept == "for_the_veileder":
        if conversation.state is ConversationState.QUEUED and await rerouting.reroute_on_place(
                deps, conversation.id, inbound.text_for_bot, reply_to=turn.message_id):
            # A place learned while waiting moved the conversation to the office that serves it: the move notice
            # says where and the wait there (or why it stays: the folkeregister, a named veileder). No "saved, you
            # are number N" after it, which said the same again and spent this wait's one acknowledgement, so the
            # next question ("når svarer dere?") got nothing.
            return await finish(deps, turn)
        if conversation.state is ConversationState.QUEUED and (
                wants_the_bot(message.original_text) or wants_the_bot(inbound.text_for_bot)):
            # "Kan jeg heller snakke med chatroboten?" got no answer: the way back, and what it costs, before it.
            offer = system_message(conversation, "back_to_bot_offer", deps.clock.now(),
                                   buttons=waiting.leave_queue_button(conversation, conversation.language))
            return await finish(deps, turn, [_answering(offer, turn.message_id)])
        said = (message.original_text, inbound.text_for_bot)
        if conversation.state is ConversationState.QUEUED and any(cancels_the_wait(text) for text in said):
            # "nei forresten", "glem det, jeg klarer meg" got "saved, you are number 1", then silence: the bruker
            # chooses, with the way out and the way to stay; the veileder reads the message either way.
            offer = system_message(conversation, "queue_leave_offer", deps.clock.now(),
                                   buttons=[*waiting.leave_queue_button(conversation, conversation.language),
                                            stay_in_queue_button(conversation, conversation.language)])
            return await finish(deps, turn, [_answering(offer, turn.message_id)])
        if conversation.state is ConversationState.QUEUED and any(wants_a_person(text) for text in said):
            # "jeg vil snakke med en veileder likevel" in the queue got nothing: still waiting, and the honest wait.
            stays = await _still_in_queue(deps, conversation.id, brief=False)
            return await finish(deps, turn, [stays] if stays else [])
        # The message waits for the veileder; while queued the bruker hears that it is saved, once per wait, and
        # again after a few messages or minutes without a word back.
        acknowledgement = await _acknowledge_in_queue(deps, conversation.id)
        return await finish(deps, turn, [acknowledgement] if acknowledgement else [])
    if kept == "place_answer":
        # The answer to "where do you live?" asked before a kommunal handoff: the router's, not the bot's.
        assert pending_handoff is not None
        await handoff.answer_place_question(deps, conversation.id, pending_handoff, bot_text,
                                            reply_to=turn.message_id)
        return await finish(deps, turn)
    await handoff.hand_off_on_brukers_request(deps, conversation.id)
    return await finish(deps, turn)


# Router notices whose button to a person is no offer but the way back: "you have left the queue; you can ask for a
# veileder again, but then at the back". The bruker just chose to leave; a typed "ok" or "ja" there is "understood"
# (a probe's "ok" queued the bruker again, at the back, and "takk" then got "you are number 3").
_NO_OFFER = ("left_queue",)


async def _answer_to_the_routers_offer(deps: Deps, conversation: Conversation, message: Message,
                                      payload: str | None) -> Literal["yes", "no"] | None:
    """A typed yes or no (short_answers.yes_or_no) while the bot has the conversation, when the last thing said to
    the bruker is a notice of the router's own that offers a person; None otherwise. "ok" (short_answers.OK) is a
    yes only where that notice asks a question ("Trenger du hjelp nå?" over the emergency contacts); after a
    statement (the helplines, "the bot cannot read your language") it is "understood" and goes on as any message.
    Only a short yes or no reads the transcript: other messages cost nothing here."""
    answer = yes_or_no(message.original_text) if payload is None and conversation.accepts_bot_messages else None
    if answer is None or message.id is None:
        return None
    async with deps.uow() as uow:
        said = await uow.messages.list(conversation.id)
    before = [m for m in said if m.id is not None and m.id < message.id and m.sender != "user"]
    notice = before[-1] if before and before[-1].sender == "system" else None
    if notice is None or not any(button.get("payload") in handoff.HANDOFF_PAYLOADS for button in notice.buttons):
        return None
    # Fixed notices are stored in bokmål first (conversations.fixed_message), whatever the bruker reads.
    if notice.original_text in {fixed_text(key, "nb") for key in _NO_OFFER}:
        return None
    return yes_or_no(message.original_text, ok_is_yes="?" in notice.original_text)


_KeptFromTheBot = Literal["untranslated", "language_asked", "for_the_veileder", "place_answer", "handoff",
                          "danger"]


def _kept_from_the_bot(conversation: Conversation, inbound: InboundText, payload: str | None, bot_text: str,
                       pending_handoff: dict[str, Any] | None, danger: bool) -> _KeptFromTheBot | None:
    """Why the router answers this message itself (or keeps it for the veileder); None when it goes to the bot."""
    if not conversation.accepts_bot_messages:
        return "for_the_veileder"  # translated or not, a veileder reads it (and books a tolk when needed)
    if danger:
        return "danger"
    if pending_handoff is not None:
        # The answer to the router's "where do you live?", in any language: a place's name needs no translation
        # ("Mieszkam w Asker" got "the chatbot cannot read your language", and the button then queued the bruker
        # at the general kontaktsenter).
        return "place_answer"
    if inbound.translation_failed and payload not in handoff.HANDOFF_PAYLOADS:
        return "untranslated"
    if not inbound.for_the_bot and payload is None:
        return "language_asked"
    if bot_text in handoff.HANDOFF_PAYLOADS:
        return "handoff"
    return None


@dataclass(frozen=True)
class _LanguageNote:
    """How the language layer took the message, for the turn's log line."""

    ms: float
    route: str


class AcuteNeedCheck:
    """The acute-need check of one bruker message (safety_net.check), run once: at once when the turn shows
    something of its own, or, on the way to the bot, while the bot works (its 0.3 ms of patterns in 20 languages
    off the path the bruker waits on), finished before the bot's answer is stored and shown."""

    def __init__(self, deps: Deps, conversation_id: str, message: Message) -> None:
        self._deps, self._conversation_id, self._message = deps, conversation_id, message
        self._running: asyncio.Task[AcuteSignal | None] | None = None
        self._started = False

    async def now(self) -> None:
        if not self._started:
            self._started = True
            await safety_net.check(self._deps, self._conversation_id, self._message)

    def start_behind_bot_request(self) -> None:
        """Look for acute need behind the bot request the turn is about to make (``finished`` acts on it)."""
        if not self._started:
            self._started = True
            self._running = self._deps.tasks.spawn(self._behind_request())

    async def _behind_request(self) -> AcuteSignal | None:
        await tasks.behind_started_requests()
        return safety_net.detect_in(self._message)

    async def finished(self, bot_said: Sequence[str] = ()) -> None:
        """Act on what was found, before the bot's answer is stored: ``bot_said``, that answer in the bruker's own
        language, may already give the emergency numbers (then they are not posted above it a second time)."""
        if self._running is not None:
            running, self._running = self._running, None
            signal = await running
            await safety_net.apply(self._deps, self._conversation_id, self._message, signal,
                                   numbers_said=safety_net.says_the_numbers(bot_said))
            if signal is None:
                await safety_net.note_numbers_the_bot_gave(self._deps, self._conversation_id, bot_said)


# The history kinds that put a conversation (back) in a queue: a new wait, a new acknowledgement.
_INTO_QUEUE = frozenset({Transition.HANDOFF.value, Transition.TRANSFER.value, Transition.VEILEDER_OFFLINE.value})


async def _acknowledge_in_queue(deps: Deps, conversation_id: str) -> Message | None:
    """'Your message is saved, you are number N in the queue': the first message of each wait gets it, and a message
    after REMIND_AFTER_MESSAGES without a word back (or REMIND_AFTER), so silence never lasts. When nobody answers
    soon (closed, nobody online), with when, in one short line: a probe's "når svarer dere?" at night got only
    "nummer 1 i køen", and the closed-office paragraph and the button under every acknowledgement cluttered the
    chat (the queue notice said it all first)."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        if (conversation := await _waiting(uow, conversation_id)) is None:
            return None
        history = await uow.history.list(conversation_id)
        queued_at = max((i for i, record in enumerate(history) if record.kind in _INTO_QUEUE), default=-1)
        said = await uow.messages.list(conversation_id)
        if any(record.kind == "queue_acknowledged" for record in history[queued_at + 1:]) \
                and not _unanswered_too_long(said, now):
            return None
        position = await waiting.waiting_ahead(uow, conversation, now) + 1
        promise = await waiting.promise_for(deps, uow, conversation, now)
        conversation.note("queue_acknowledged", actor="router", reason=f"number {position} in the queue", now=now)
        waiting.note_answer_promised(conversation, promise, now)  # "… tidligst mandag", on her queue card too
    login, phone = waiting.login_available(deps, conversation), deps.routing.nav_phone_hours()

    def render(language: str) -> str:
        saved = fixed_text("message_saved_in_queue", language, position=number(position, language))
        return " ".join([saved, *_wait_in_brief(conversation, promise, language, now, phone=phone,
                                                login_available=login)])

    return fixed_message(conversation, render, now, buttons=_leave_button_unless_on_screen(conversation, said))


async def _still_in_queue(deps: Deps, conversation_id: str, *, brief: bool) -> Message | None:
    """"You are still in the queue at <enhet>, no need to ask again": to a waiting bruker who asks for a person again,
    with the honest wait as on entering the queue (waiting.notice_with_wait: the emergency contacts too, unless shown
    minutes ago). To one who pressed "Nei, jeg venter" (``brief``) and asked for nothing, "fine, you keep your place
    at <enhet>" and the wait in one line. The way back to the bot unless it is on screen."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        if (conversation := await _waiting(uow, conversation_id)) is None:
            return None
        said = await uow.messages.list(conversation_id)
        if brief:
            promise = await waiting.promise_for(deps, uow, conversation, now)
            waiting.note_answer_promised(conversation, promise, now)
            notice = fixed_message(conversation, lambda language: " ".join([
                fixed_text("queue_stay_confirmed", language, enhet=conversation.enhet_navn_for_bruker),
                *_wait_in_brief(conversation, promise, language, now, phone=deps.routing.nav_phone_hours(),
                                login_available=waiting.login_available(deps, conversation))]), now)
        else:
            notice = await waiting.notice_with_wait(deps, uow, conversation, now, "queue_still_waiting")
    notice.buttons = _leave_button_unless_on_screen(conversation, said)
    return notice


async def _waiting(uow: UnitOfWork, conversation_id: str) -> Conversation | None:
    """The conversation while it waits in a queue; None once it left it (a veileder took it, the bruker left)."""
    conversation = await load(uow, conversation_id)
    return conversation if conversation.state is ConversationState.QUEUED and conversation.enhetsnummer else None


def _wait_in_brief(conversation: Conversation, promise: WaitPromise, language: str, now: datetime, *,
                   phone: OpeningHours, login_available: bool) -> list[str]:
    """The wait in one short line for a bruker already told it in full (the queue notice): when a veileder answers,
    or that nobody is online; nothing when someone answers soon. The emergency contacts only where the rule keeps
    them in every notice (waiting.contacts_in_wait: a nødhjelp chat waiting for the office to open); otherwise the
    queue notice had them. Past closing, the queue notice's words, with where the answer comes as everywhere (a
    login keeps it)."""
    if promise.answers_soon:
        return []
    if promise.kind is WaitKind.CLOSED and promise.opens is not None:
        brief = [fixed_text("wait_short_when", language, when=day_and_time(promise.opens, language))]
    elif promise.kind is WaitKind.NOBODY_ONLINE or promise.opens is None:
        brief = [fixed_text("wait_short_nobody_online", language, enhet=conversation.enhet_navn_for_bruker)]
    else:  # the numbers, when due, come with these words (wait_texts asks the same rule)
        return waiting.wait_texts(conversation, promise, language, now, phone=phone, contacts_just_shown=True,
                                  login_available=login_available)
    contacts = waiting.contacts_in_wait(conversation, promise, contacts_just_shown=True)
    return brief + waiting.numbers_text(conversation, contacts, language, now, phone=phone)


def _unanswered_too_long(said: Sequence[Message], now: datetime) -> bool:
    """The bruker's last REMIND_AFTER_MESSAGES messages (this one among them) got no word back, or the last word was
    REMIND_AFTER ago."""
    answered = [m for m in said if m.sender != "user"]
    since = [m for m in said if m.sender == "user" and (not answered or (m.id or 0) > (answered[-1].id or 0))]
    return len(since) >= REMIND_AFTER_MESSAGES or (bool(answered) and answered[-1].created_at <= now - REMIND_AFTER)


def _leave_button_unless_on_screen(conversation: Conversation, said: Sequence[Message]) -> list[dict[str, str]]:
    """The queue's "back to the chatbot" button, unless one of the last BUTTON_ON_SCREEN messages shows it (while the
    conversation waits the widget keeps it pressable there)."""
    if any(button.get("payload") in waiting.LEAVE_QUEUE_PAYLOADS
           for m in said[-BUTTON_ON_SCREEN:] for button in m.buttons):
        return []
    return waiting.leave_queue_button(conversation, conversation.language)


def stay_in_queue_button(conversation: Conversation, language: str | None) -> dict[str, str]:
    """ "Nei, jeg venter" beside the way out of the queue."""
    payload = "/stay_in_queue" if conversation.channel == "socketio" else STAY_IN_QUEUE
    return {"title": fixed_text("queue_stay_button", language), "payload": payload}


async def finish(deps: Deps, turn: BotTurn, messages: Sequence[Message] = (), *, failed: bool = False,
                 told_bot: dict[str, str] | None = None) -> BotTurn | None:
    """Store what the turn produced and mark it done, in one transaction: a turn done has its answers stored, each
    tied to the bruker message it answers (and what the bot was told with it remembered). The conversation's next
    turn is claimed in the same transaction and returned.

    The store away or every connection busy (an overloaded router): tried again, FINISH_ATTEMPTS in all, while the
    turn's lease is renewed. The answers are in hand; failing the turn would run it again and ask the bot a second
    time, just when it is busiest. A try whose commit went through after all finds the turn done on the next and
    stores nothing twice (``_finish_once``).
    """
    for attempt in range(1, FINISH_ATTEMPTS + 1):
        try:
            return await _finish_once(deps, turn, messages, failed=failed, told_bot=told_bot)
        except StoreUnavailable as error:
            if attempt == FINISH_ATTEMPTS:
                raise
            log.warning("turns.finish_retry conversation=%s message=%s attempt=%d reason=%s", turn.conversation_id,
                        turn.message_id, attempt, error)
            await asyncio.sleep(FINISH_RETRY_S * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


async def _finish_once(deps: Deps, turn: BotTurn, messages: Sequence[Message], *, failed: bool,
                       told_bot: dict[str, str] | None) -> BotTurn | None:
    """One try of ``finish``.

    The conversation row is locked first, as the receiving transaction locks it (receive.py): a message stored
    while this turn finishes is either seen here or sees this turn done and claims its own turn.

    A turn no longer this router's (its lease ran out and another router took it over: this one was too slow to
    renew it) stores nothing: the router that holds it runs it again and its answer is the one shown, so the
    message is not answered twice.
    """
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(turn.conversation_id, for_update=True)
        if not await uow.turns.complete(turn.id, worker=deps.worker_id, now=now, failed=failed):
            log.warning("turns.lost conversation=%s message=%s attempt=%d answers_dropped=%d",
                        turn.conversation_id, turn.message_id, turn.attempts, len(messages))
            faults.count("navchat_bot_turns_lost", "lease_lost")
            return None
        if conversation is not None and told_bot:
            conversation.remember_bot_slots(told_bot)
        for message in messages:
            await uow.messages.add(_answering(message, turn.message_id))
        following = await uow.turns.claim_next(conversation_id=turn.conversation_id, worker=deps.worker_id, now=now,
                                               lease=LEASE)
    if conversation is not None:
        for message in messages:
            await publish_message(deps, conversation, message)
    return following


async def give_up(deps: Deps, turn: BotTurn) -> BotTurn | None:
    """A turn that failed every try: tell the bruker the bot cannot answer, with the way to a human."""
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(turn.conversation_id)
    notice = [] if conversation is None else [bot_outage.unavailable_notice(deps, conversation)]
    return await finish(deps, turn, notice, failed=True)


def _answering(message: Message, message_id: int) -> Message:
    if message.reply_to is None:
        message.reply_to = message_id
    return message


async def _record_inbound(
    deps: Deps, basis: Conversation, message_id: int, inbound: InboundText, *, quiet: bool = False
) -> tuple[Conversation, Message, list[Message]]:
    """Store what the language layer learned from ``basis`` (the conversation as the turn read it); post the tolk
    notice or the language picker when needed (not when ``quiet``: the router answers the message itself)."""
    now = deps.clock.now()
    notices: list[Message] = []
    conversation_id = basis.id
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        message = await uow.messages.get(message_id)
        assert message is not None
        if (conversation.language, conversation.language_source) == (basis.language, basis.language_source) \
                and normalize_language(inbound.language) == inbound.language:
            conversation.learn_language(inbound.language, inbound.language_source)
        # else the bruker chose a language while this turn ran: their choice stands; or the message is in a language
        # we do not support (French): the conversation keeps its own (the widget's texts, the bot's answers).
        message.original_language = inbound.language
        if inbound.translated:
            message.record_translation(inbound.text_for_bot, "nb")
        await uow.messages.update(message)
        if inbound.translation_failed and not conversation.needs_interpreter:
            conversation.record_interpreter_need(inbound.language, actor="router", now=now)
        said = await uow.messages.list(conversation_id) \
            if inbound.translation_failed and conversation.accepts_bot_messages and not quiet else None
        if said is not None and not _answered_with_a_person(said, message_id):
            # Every message the bot cannot read gets an answer, not only the first: no silent turn. With the bot
            # the bruker can still reach a person (who books a tolk): the button's title is in their language.
            # The whole notice once (again after a while); in between, one line and the button (the tester read
            # the same paragraph under every message). Waiting for or talking with a veileder, the message is
            # theirs: no notice, the veileder reads it.
            phone = deps.routing.nav_phone_hours()
            again = _told_untranslated_lately(said, inbound.language, now, phone=phone)
            notices.append(await uow.messages.add(_answering(
                _untranslated_notice(conversation, now, inbound.language, again=again, phone=phone), message_id)))
        if not quiet and inbound.ask_language and (not inbound.for_the_bot
                                     or not await uow.history.has(conversation_id, "language_asked")):
            # Too short to trust and no language known: ask once, with the picker, instead of guessing; and each
            # time the bot could not read the message either, so no message goes unanswered.
            conversation.note("language_asked", actor="router", reason="short text", now=now)
            notices.append(await uow.messages.add(_answering(
                language_question(conversation, now, inbound.ask_in or (inbound.language,)), message_id)))
    return conversation, message, notices


def language_question(conversation: Conversation, now: datetime, languages: Sequence[str]) -> Message:
    """"Which language do you write in?" with the picker's button, in each of ``languages`` (most likely first; the
    conversation's among them), one line each; the button in the first and the last. Staff read it in bokmål."""
    asked_in = list(dict.fromkeys(languages))

    def render(lang: str) -> str:
        return "\n".join(fixed_text("choose_language", each) for each in (asked_in if lang != "nb" else ["nb"]))

    return fixed_message(conversation, render, now, language=asked_in[0],
                         buttons=[picker_button(asked_in[0], asked_in[-1])])


def _untranslated_notice(conversation: Conversation, now: datetime, language: str, *, again: bool,
                         phone: OpeningHours) -> Message:
    """The "we cannot translate your language" notice, with the button to a person: in ``language``; for a language
    we have no texts in (French, Chinese), in English and Norwegian, the languages the bruker is asked to write in.
    The whole notice offers NAV's phone for a tolk as it can be called ``now`` (with_nav_phone: on julaften when it
    opens, not its weekday hours); ``again``: the short one, which names no phone."""
    def text(lang: str) -> str:
        if again:
            return fixed_text("translation_unavailable_again", lang)
        return with_nav_phone("translation_unavailable", lang, now, phone=phone)

    if normalize_language(language) is not None:
        return fixed_message(conversation, text, now, language=language,
                             buttons=handoff.to_a_person(conversation, language))
    buttons = [{**button, "title": f"{button['title']} / {fixed_text('offer_human', 'nb')}"}
               for button in handoff.to_a_person(conversation, "en")]
    return fixed_message(conversation, lambda lang: text("nb") if lang == "nb" else f"{text('en')}\n\n{text('nb')}",
                         now, language="en", buttons=buttons)


def _answered_with_a_person(said: Sequence[Message], message_id: int) -> bool:
    """Whether the router already answered the message ``message_id`` with the button to a person: the safety net's
    emergency contacts, which run first in the turn. For someone in acute need they stand alone: "the chatbot cannot
    read your language" under them, with the same button, was a second message saying less (the next message the
    bot cannot read gets the whole notice, which was not said)."""
    return any(m.sender == "system" and m.reply_to == message_id
               and any(button.get("payload") in handoff.HANDOFF_PAYLOADS for button in m.buttons or [])
               for m in said)


def _told_untranslated_lately(said: Sequence[Message], language: str, now: datetime, *,
                              phone: OpeningHours) -> bool:
    """Whether the whole "we cannot translate" notice (on its own, or in the greeting) was said in ``language``
    within UNTRANSLATED_NOTICE_AGAIN: as it read when it was said (with the phone's hours, or when it opened)."""
    return any(m.sender != "user" and m.created_at >= now - UNTRANSLATED_NOTICE_AGAIN
               and with_nav_phone("translation_unavailable", language, m.created_at, phone=phone) in m.text_for_user
               for m in said)


def picker_button(*languages: str | None) -> dict[str, str]:
    """The button that opens the language picker: in each of ``languages`` (the conversation's, or the message's and
    then the conversation's), and in English after them for one who reads none of those (the picker itself names
    every language in its own words)."""
    titles = dict.fromkeys(fixed_text("widget_choose_language", lang) for lang in (*languages, "en"))
    return {"title": " / ".join(titles), "payload": LANGUAGE_PICKER}


def language_buttons() -> list[dict[str, str]]:
    """The router's language picker as buttons (for clients without their own, REST and socket.io alike): each
    language in its own name, with the bokmål name beside it where they differ."""
    buttons = []
    for code in available_languages():
        if normalize_language(code) != code:
            continue
        title, norwegian = language_name(code), NORWEGIAN_LANGUAGE_NAMES.get(code, code)
        if code not in ("nb", "nn") and norwegian.lower() != title.lower():
            title = f"{title} ({norwegian})"
        buttons.append({"title": title, "payload": LANGUAGE_CHOICE + code})
    return buttons


async def _language_button(deps: Deps, turn: BotTurn) -> BotTurn | None:
    """A picker button sent back as a message (REST clients): ``router:language`` gets the list of languages as
    buttons, ``router:language:<code>`` chooses one, confirmed in that language (preferences)."""
    assert turn.payload is not None
    code = normalize_language(turn.payload.removeprefix(LANGUAGE_CHOICE)) \
        if turn.payload.startswith(LANGUAGE_CHOICE) else None
    if code is not None:
        await preferences.apply_language_choice(deps, turn.conversation_id, code)
        return await finish(deps, turn)
    async with deps.uow() as uow:
        conversation = await load(uow, turn.conversation_id)
    return await finish(deps, turn, [system_message(conversation, "choose_language", deps.clock.now(),
                                                    buttons=language_buttons())])


async def _answer_after_login(deps: Deps, conversation: Conversation, turn: BotTurn, asked: int,
                              acute_need: AcuteNeedCheck) -> BotTurn | None:
    """The question about her own case she asked before the login (login.finish_login put this turn on the login's
    notice): the bot answers it now, as it would have had she been logged in, in words read as they were then (masked
    in full; the Norwegian translation of another language). Not once she has left the bot meanwhile."""
    async with deps.uow() as uow:
        question = await uow.messages.get(asked)
    if question is None or question.conversation_id != conversation.id or not conversation.accepts_bot_messages:
        return await finish(deps, turn)
    text = words_for_bot(question.translated_text or mask_personal_numbers(question.original_text))
    # Sent as the turn's own (the notice's id): the bot answers a message id once (bot/turn_once.py), and
    # the question's was answered with the login offer.
    return await _bot_turn(deps, conversation, turn, text, bot_language_for(conversation.language), acute_need,
                           _LanguageNote(ms=0.0, route="asked_before_login"), written_at=deps.clock.now())


async def _bot_turn(deps: Deps, conversation: Conversation, turn: BotTurn, text: str, bot_language: str,
                    acute_need: AcuteNeedCheck, language: _LanguageNote, *, written_at: datetime) -> BotTurn | None:
    """The bot's answer to ``text``; ``written_at``: when the bruker wrote it (how long it may wait for a Rasa that
    is gone, bot_outage)."""
    started = time.perf_counter()
    place = _place_news(conversation)
    # One request a turn: the message id (to tie the predicted intent to this message), the answer language and,
    # when it changed, the place travel as metadata (docs/CONTRACTS.md; bot/components/metadata_language.py).
    # A wish for a person in a message about something else ("… Kan jeg få snakke med noen?", probe 158) is
    # said too: the bot hands off instead of answering the rest; and one said not to be a wish ("jeg vil ikke
    # snakke med noen, bare vite …"), which the model reads as one (bot/components/person_asked.py).
    wish = person_wish(text) if turn.payload is None else None
    asked = {"asks_for_person": wish} if wish is not None else {}
    metadata = {"message_id": turn.message_id, "language": bot_language, **place, **asked}
    acute_need.start_behind_bot_request()
    try:
        try:
            replies = await _answer_or_say_busy(deps, conversation, turn, deps.bot.send(conversation.id, text,
                                                                                       metadata))
        except BotUnavailable as error:
            if wish is True or not (error.rasa_gone and deps.settings.bot_back_window_s > 0):
                raise  # (a person asked for: handed off below, not kept waiting for the bot)
            # No Rasa listening: saved, answered when the bot is back (or the bruker is told it is not).
            faults.count("navchat_rasa_unavailable", _unavailable_reason(error))
            await acute_need.finished()
            waited = await bot_outage.wait_for_the_bot(deps, conversation, turn, written_at,
                                                       lambda: deps.bot.send(conversation.id, text, metadata))
            if waited is None:
                return await finish(deps, turn)
            replies = waited
        rasa_ms = (time.perf_counter() - started) * 1000
    except BotUnavailable as error:
        log.warning("bot.unavailable conversation=%s reason=%s", conversation.id, error)
        faults.count("navchat_rasa_unavailable", _unavailable_reason(error))
        await acute_need.finished()
        if wish is True:
            # "Kan jeg få snakke med en veileder?" while the bot is away: what she asked for, by the router (as
            # the button does), not "the bot is not answering; you can ask for a veileder". Already waiting for or
            # with one meanwhile (the button pressed too): nothing more to do.
            with contextlib.suppress(Conflict):
                await handoff.hand_off_on_brukers_request(deps, conversation.id)
            return await finish(deps, turn)
        return await finish(deps, turn, [bot_outage.unavailable_notice(deps, conversation)])
    # Its contacts, if any, before the answer; not when the answer, in the bruker's own language, gives them.
    in_own_language = bot_language == (conversation.language or "nb")
    await acute_need.finished([r.text for r in replies if r.text] if in_own_language else [])
    if in_own_language:
        replies = await safety_net.without_numbers_said_lately(deps, conversation, replies, bot_language)
    if not replies and await _nothing_said_since(deps, conversation.id, turn.message_id):
        # Rasa answers 200 with nothing when its action server or lock store failed (the action's events are
        # lost): to the bruker that is silence. Every message of theirs gets an answer, so this one gets the
        # notice that the bot cannot answer, with the way to a person. (A handoff's empty answer is not silence:
        # the router posted its own notice meanwhile.)
        log.warning("bot.empty_answer conversation=%s rasa_ms=%.1f", conversation.id, rasa_ms)
        faults.count("navchat_rasa_unavailable", "empty_answer")
        return await finish(deps, turn, [bot_outage.unavailable_notice(deps, conversation)])
    answers: list[Message] = []
    for reply in replies:
        outbound = await deps.language.outbound(conversation, reply.text) if reply.text else None
        answer = Message(conversation.id, "bot", reply.text, bot_language, deps.clock.now(),
                         buttons=await _buttons_for_bruker(deps, conversation, reply.buttons))
        if outbound is not None:
            answer.record_translation(outbound.text, outbound.language, machine_translated=outbound.machine_translated)
        answers.append(answer)
    following = await finish(deps, turn, answers, told_bot=place)
    # One line a turn, logged once the answer is on its way (the socket hub goes first), off the bruker's wait.
    await asyncio.sleep(0)
    log.info("bot.turn conversation=%s rasa_ms=%.1f replies=%d language_ms=%.1f route=%s", conversation.id, rasa_ms,
             len(replies), language.ms, language.route)
    return following


def _unavailable_reason(error: BotUnavailable) -> str:
    """The reason label of navchat_rasa_unavailable for the client's error (router/adapters/rasa_client.py)."""
    said = str(error)
    if "busy" in said:
        return "busy"  # every slot at Rasa taken for the whole queue wait
    if "Timeout" in said:
        return "timeout"
    if "answered" in said:
        return "error"  # Rasa answered 4xx/5xx
    return "unreachable"


async def _nothing_said_since(deps: Deps, conversation_id: str, message_id: int) -> bool:
    """Nothing posted since the bruker's message but this turn's own notices (busy, emergency contacts: tied to
    it by reply_to), as the router's handoff notice or place question would be."""
    async with deps.uow() as uow:
        since = await uow.messages.list(conversation_id, message_id)
    return not [m for m in since if m.sender != "user" and m.reply_to != message_id]


async def _answer_or_say_busy(deps: Deps, conversation: Conversation, turn: BotTurn,
                              sending: Coroutine[Any, Any, list[BotReply]]) -> list[BotReply]:
    """The bot's answer; when it takes longer than bot_busy_notice_s while turns wait for a free place at Rasa
    (rasa_client.py: every slot taken), the bruker is told once that the message is saved and the bot is busy, not
    broken. A turn that is only slow (a Rasa that hangs) gets no such promise: probe 164 read "du får svar så snart
    det er din tur" and, eight seconds later, that the bot was not answering, and no answer came.

    The request is awaited in this task, not in one of its own: a task would start only on the loop's next round,
    after whatever else is ready, and the bot's time is what the bruker waits for. A timer starts the notice."""

    async def say_busy() -> None:
        if deps.bot.turns_waiting <= 0:
            return  # slow, not queued: the bot's own timeout says what there is to say
        busy = _answering(system_message(conversation, "bot_busy", deps.clock.now()), turn.message_id)
        try:
            async with deps.uow() as uow:
                await uow.messages.add(busy)
        except StoreUnavailable as error:
            # Every connection busy (an overloaded router): the notice is a courtesy, the answer still comes.
            log.warning("bot.busy_not_stored conversation=%s reason=%s", conversation.id, error)
            return
        await publish_message(deps, conversation, busy)
        log.info("bot.busy conversation=%s", conversation.id)

    notice: list[asyncio.Task[None]] = []
    timer = asyncio.get_running_loop().call_later(deps.settings.bot_busy_notice_s,
                                                  lambda: notice.append(deps.tasks.spawn(say_busy())))
    try:
        return await sending
    finally:
        timer.cancel()
        if notice:
            # Stored and shown before the answer it announces (or the notice that the bot cannot answer); a notice
            # that failed was logged by the task set and must not stop the answer.
            with contextlib.suppress(Exception):
                await notice[0]


async def _buttons_for_bruker(deps: Deps, conversation: Conversation, buttons: Sequence[Any]) -> list[dict[str, Any]]:
    """The bot's buttons with their titles machine-translated like its text (``user_title``, labelled for the
    bruker by views.message_for_user); the bot's own title stays for the veileder, the payload goes back unchanged."""
    result: list[dict[str, Any]] = []
    for button in buttons:
        stored = dict(button)
        title = stored.get("title")
        outbound = await deps.language.outbound(conversation, title) if isinstance(title, str) and title.strip() \
            else None
        if outbound is not None:
            stored.update(user_title=outbound.text, user_language=outbound.language,
                          machine_translated=outbound.machine_translated)
        result.append(stored)
    return result


def _place_news(conversation: Conversation) -> dict[str, str]:
    """The place the router knows, when the bot has not been told it yet (the page's kommune, a place learned):
    sent once with the next message, not on every turn, so a place the bruker names later is not overwritten."""
    if conversation.kommune and conversation.bot_slots.get("kommune") != conversation.kommune:
        return {"kommune": conversation.kommune}
    return {}


async def post_system_message(
    deps: Deps, conversation_id: str, key: str, buttons: list[dict[str, Any]] | None = None, **params: Any
) -> None:
    """A hand-written text in the conversation's language, never machine-translated."""
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        message = await uow.messages.add(system_message(conversation, key, deps.clock.now(), buttons=buttons,
                                                        **params))
    await publish_message(deps, conversation, message)
