"""BOT→QUEUED: pick the enhet, set priority and SLA, tell the bruker the honest wait."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from router.domain import queue_figures, staff_labels
from router.domain.conversation import Conversation, ConversationState
from router.domain.errors import InvalidTransition
from router.domain.masking import mask_personal_numbers
from router.domain.messages import Message
from router.domain.opening_hours import OSLO
from router.domain.place_question import (
    NO_HOME_ASKED,
    PLACE_ANSWERED,
    PLACE_ASKED,
    PLACE_ASKED_IN_QUEUE,
    PlaceQuestions,
    place_questions,
)
from router.domain.places import (
    abroad_description,
    declines_to_say,
    names_only_as_not_home,
    names_place,
    reads_as_a_question,
    says_no_home,
)
from router.domain.queue import Priority, priority_for_intents
from router.domain.routing import KOMMUNALE_TEMAGRUPPER, UnknownTema, parse_tema, temagruppe_of
from router.ports.bot import BotUnavailable
from router.ports.routing import RoutingDecision, RoutingPolicy
from router.ports.store import UnitOfWork
from router.services import assignment, supervision, threats, waiting
from router.services.conversations import fixed_message, load, system_message, with_nav_phone
from router.services.deps import Deps
from router.services.errors import Conflict, InvalidInput
from router.services.notify import publish_message, publish_state
from router.services.routing import KnownPlace, place_from_facts, place_from_text, route_conversation
from router.texts import fixed_text
from router.texts.formatting import one_of

log = logging.getLogger(__name__)

# What a bruker's "talk to a human" button sends; the router acts on it even when the bot is down.
HANDOFF_PAYLOADS = frozenset({"/human_handoff", "router:handoff"})
# The "I don't want to say" button under the router's place question.
NO_PLACE = "/place_unknown"
# The bot's slots that say where the bruker lives (bot/office.yml), as its own handoff action sends them.
PLACE_SLOTS = ("kommune", "bydel", "postnummer")
# Slots Rasa keeps for itself, nothing the bot learned of the bruker (the veileder would read them as facts).
RASA_OWN_SLOTS = frozenset({"requested_slot", "session_started_metadata"})
# "Vil ikke oppgi" under the place question asked in the queue: the chat stays where it waits, so the button is the
# queue's "Nei, jeg venter" (relay.STAY_IN_QUEUE_PAYLOADS: pressable while it waits, answered "you keep your place").
# "/stay_in_queue" for clients that send only "/" payloads.
DECLINE_IN_QUEUE = "router:stay_in_queue"
# A handoff refused a place because Settings.limit_waiting_per_address anonymous chats from the same address wait
# already (probe 96: 30 chats from one browser took 27 places ahead of a real bruker), or the logged-in person has
# Settings.limit_waiting_per_person chats open. The history kind, for staff and stats.
QUEUE_FULL_FROM_ADDRESS = queue_figures.QUEUE_FULL_FROM_ADDRESS
# How long the handoff button waits for those slots before it goes on without them.
PLACE_FROM_BOT_S = 2.0
MAX_SUMMARY_ITEMS = 30
MAX_SUMMARY_CHARS = 500


def to_a_person(conversation: Conversation, language: str | None) -> list[dict[str, str]]:
    """The "talk to a person" button, titled in ``language``, while the bot has the conversation (one already
    waiting for a veileder, or with one, needs no way there)."""
    if conversation.state is not ConversationState.BOT:
        return []
    return [{"title": fixed_text("offer_human", language), "payload": "/human_handoff"}]


def clean_summary(summary: Any) -> dict[str, str]:
    """What the bot learned, as short strings with personal numbers masked (never the person's numbers)."""
    if summary is None:
        return {}
    if not isinstance(summary, dict):
        raise InvalidInput("summary must be an object of short texts")
    cleaned: dict[str, str] = {}
    for key, value in list(summary.items())[:MAX_SUMMARY_ITEMS]:
        if value is None:
            continue
        text = value if isinstance(value, str) else ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        cleaned[str(key)[:64]] = mask_personal_numbers(text)[:MAX_SUMMARY_CHARS]
    return cleaned


async def hand_off(
    deps: Deps,
    conversation_id: str,
    *,
    reason: str,
    tema: str = "KOM",
    priority: str = "normal",
    summary: Any = None,
    kommune: str | None = None,
    bydel: str | None = None,
    postnummer: str | None = None,
    intents: Sequence[tuple[int, str, float | None]] = (),
    actor: str = "bot",
    while_bot_answers: bool = False,
    ask_place: bool = True,
) -> dict[str, Any]:
    """Queue the conversation at the right enhet; idempotent while it is already with a human.

    ``kommune``, ``bydel`` and ``postnummer`` are what the bot learned of the place; with what the router already
    knows they become the geografisk tilknytning the handoff routes on. For a kommunal tjeneste with no place
    known, the router first asks the bruker once (``place_asked``; ``answer_place_question`` then hands off).
    ``intents`` are (message id, intent, confidence) for the router's messages, as the bot's tracker holds them
    at the moment of the handoff (the action sends them; the tracker is not saved before the turn ends).
    ``while_bot_answers``: the call comes from the bot's action server, so it must belong to a bot turn the router
    is running for this conversation right now; anything else is refused (a forged or replayed call).
    """
    try:
        parse_tema(tema)
    except UnknownTema as error:
        raise InvalidInput(str(error)) from None
    try:
        wanted_priority = Priority(priority)
    except ValueError:
        raise InvalidInput("priority must be normal or emergency") from None
    cleaned = clean_summary(summary)
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id, for_update=True)
        if while_bot_answers and not await uow.turns.is_running(conversation_id):
            raise Conflict("the bot is not answering this conversation now: a handoff from the bot is refused")
        if conversation.state in (ConversationState.QUEUED, ConversationState.ASSIGNED):
            return _status(conversation, "")
        if conversation.state is ConversationState.CLOSED:
            raise Conflict("this conversation has ended: start a new one to talk to a veileder")
        knows_place = bool(conversation.kommune or conversation.geografisk_tilknytning)
        her_latest = [] if knows_place and not kommune else (await uow.messages.latest_of_each(
            [conversation_id], "user", PLACE_LOOKBACK_MESSAGES)).get(conversation_id, [])
        named = next((said.text_for_bot for said in her_latest if kommune and names_place(said.text_for_bot, kommune)),
                     None)
        if kommune and named is not None and names_only_as_not_home(named, kommune):
            # The bot's kommune is a name it heard, not where she lives ("I used to live in Bergen but now I live
            # in Spain" was asked for her bydel in Bergen): her latest words about it decide. The veileder, who
            # reads the bot's "Sted: Bergen" beside the chat, is told it was not used, and why.
            conversation.set_aside_bot_place(mask_personal_numbers(kommune), why=staff_labels.BOT_PLACE_NOT_HOME,
                                             now=now)
            kommune = None
        place = place_from_facts(deps.routing, kommune=kommune, bydel=bydel, postnummer=postnummer,
                                 on=now.astimezone(OSLO).date()) if any((kommune, bydel, postnummer)) else None
        if place is None and not knows_place:
            # "Jeg bor i Sola og vil snakke med en veileder": the place in the message that asked for a person (a
            # probe was asked where they live right after saying it), or said to the bot before it.
            place = _place_in_her_words(deps, her_latest, now)
        if place is not None:
            conversation.learn_place(place.description, gt=place.gt)
        elif kommune:
            conversation.learn_place(mask_personal_numbers(kommune))
        # An acute need the router's safety net found outranks a normal handoff.
        if conversation.priority == Priority.EMERGENCY.value:
            wanted_priority = Priority.EMERGENCY
        decision = route_conversation(deps.routing, conversation, tema=tema, priority=wanted_priority, now=now)
        await _record_intents(uow, conversation.id, {i: (name, confidence) for i, name, confidence in intents})
        follow_up: Message | None = None
        queued = not (ask_place and await _should_ask_place(uow, deps, conversation, tema, wanted_priority,
                                                            decision))
        refused = await _too_many_waiting_from_address(deps, uow, conversation, now, queue={
            "enhetsnummer": decision.enhetsnummer, "tema": tema}) if queued else None
        if refused:
            # No place: the bruker reads why, with NAV's phone as it can be called now (and, for acute need, where
            # to get help today: on julaften legevakten first, not "ring NAV-kontoret ditt").
            why, phone = refused, deps.routing.nav_phone_hours()
            message = await uow.messages.add(fixed_message(conversation, lambda lang: " ".join(
                [with_nav_phone(why, lang, now, phone=phone)]
                + ([waiting.emergency_contacts(None, lang, now, phone=phone,
                                               local_office=not conversation.is_strengt_fortrolig)]
                   if wanted_priority is Priority.EMERGENCY else [])), now))
        elif queued:
            # Someone who threatened a veileder: their card says so, and that veileder does not get them at once.
            await threats.remember_earlier(deps, uow, conversation, now)
            try:
                conversation.hand_off(decision.placement, tema=tema, priority=wanted_priority, reason=reason,
                                      actor=actor, now=now, summary=cleaned)
            except InvalidTransition as error:
                raise Conflict(str(error)) from None
            # Acute need where nobody online may take it: at once where someone may, and the notice tells that wait.
            await supervision.move_unattended_emergency(deps, uow, conversation, now)
            message = await uow.messages.add(await waiting.queue_notice(deps, uow, conversation, now))
            if ask_place and _asks_place_once_queued(deps, conversation, tema, wanted_priority, decision):
                # Acute need is not kept waiting for an answer: in line at once, and the place asked in the same
                # answer (only the bydel when the kommune is known); the answer, in any language, moves the chat to
                # the office that serves it (rerouting.reroute_on_place).
                gt = decision.placement.geografisk_tilknytning
                conversation.note(PLACE_ASKED_IN_QUEUE, actor="router", reason="akutt behov: køen først", now=now)
                follow_up = await uow.messages.add(place_question_in_queue(
                    conversation, now, kommune=deps.routing.kommune_navn(gt) if gt else None,
                    bydeler=deps.routing.bydel_names(gt) if gt else (), first=True))
        else:
            # DESIGN: kommunale tjenester belong to the bruker's own NAV-kontor: ask once, briefly, where they live.
            conversation.note(PLACE_ASKED, actor="router", reason="stedet er ukjent", now=now, data={
                "reason": reason, "tema": tema, "priority": wanted_priority.value, "summary": cleaned,
                "actor": actor})
            # Only a kommune served per bydel known ("Oslo"): its bydel, by name; else where they live at all.
            gt = decision.placement.geografisk_tilknytning
            message = await uow.messages.add(
                _place_question(conversation, now, kommune=deps.routing.kommune_navn(gt) if gt else None,
                                bydeler=deps.routing.bydel_names(gt) if gt else ()))
    if refused or not queued:
        await publish_message(deps, conversation, message)
        return _status(conversation, message.text_for_user)
    log.info("handoff.routed conversation=%s enhet=%s priority=%s", conversation.id, decision.enhetsnummer,
             wanted_priority.value)
    # The state first: clients show the queue notice under the new state (docs/API.md).
    await publish_state(deps, conversation)
    await publish_message(deps, conversation, message)
    if follow_up is not None:
        await publish_message(deps, conversation, follow_up)
    deps.tasks.spawn(enrich_from_tracker(deps, conversation.id))
    await assignment.handle(deps, uow.committed_events)
    return _status(conversation, message.text_for_user)


async def _too_many_waiting_from_address(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime,
                                         queue: dict[str, str]) -> str | None:
    """The text key of the refusal when this conversation may not join a queue now, noted in the history; None when
    it may. A logged-in bruker is counted by person: Settings.limit_waiting_per_person chats of hers open already
    (``queue_full_for_person``). An anonymous one by address: Settings.limit_waiting_per_address anonymous chats from
    it waiting already (``queue_full_from_network``: a shared address, a mobile operator's or a shelter's, not her
    device). Counted in the store; a chat with no known address is not counted. ``queue``: the office and tema the
    chat would have waited in, kept in the note (the kontaktsenter counts refusals per queue; a kode 6 chat's note
    names 2103 as its ``routed`` note would, and the overview leaves the whole chat out for whoever may not see it)."""
    if conversation.person_pseudonym:
        most = deps.settings.limit_waiting_per_person
        if most <= 0:
            return None
        open_now = len(await uow.conversations.open_of_person(conversation.person_pseudonym, excluding=conversation.id))
        if open_now < most:
            return None
        log.warning("handoff.refused_queue_full_for_person conversation=%s open=%d", conversation.id, open_now)
        conversation.note(QUEUE_FULL_FROM_ADDRESS, actor="router", now=now,
                          reason=f"brukeren har allerede {open_now} åpne samtaler", data={"open": open_now, **queue})
        return "queue_full_for_person"
    most = deps.settings.limit_waiting_per_address
    if most <= 0 or not conversation.origin_key:
        return None
    waiting_now = await uow.conversations.waiting_from(conversation.origin_key, excluding=conversation.id)
    if waiting_now < most:
        return None
    log.warning("handoff.refused_queue_full_from_address conversation=%s waiting=%d", conversation.id, waiting_now)
    conversation.note(QUEUE_FULL_FROM_ADDRESS, actor="router", now=now,
                      reason=f"{waiting_now} samtaler fra samme adresse venter allerede i kø", data={"waiting": waiting_now, **queue})
    return "queue_full_from_network"


async def hand_off_on_brukers_request(deps: Deps, conversation_id: str) -> dict[str, Any]:
    """The bruker's own "talk to a human" (the button, the API), which the router answers even when the bot is
    down: routed on the place the bot has learned, as the bot's own handoff is, so the bruker is not asked again
    where they live."""
    place, intents = await _what_the_bot_learned(deps, conversation_id)
    priority = priority_for_intents(intents)
    # The button after the bot's emergency answer ("Saken din får prioritet") is the bruker's request too, but acute.
    reason = "akutt behov: brukeren trenger hjelp i dag (nødhjelp)" if priority is Priority.EMERGENCY \
        else "bruker ba om en veileder"
    return await hand_off(deps, conversation_id, reason=reason, actor="bruker", priority=priority.value, **place)


async def _what_the_bot_learned(deps: Deps, conversation_id: str) -> tuple[dict[str, str], list[str]]:
    """The bot's place slots that hold something, and the intents of the bruker's messages in order; nothing when
    the bot cannot be asked or is slow to answer (the button works without the bot: the router then asks the place
    itself, and the router's own acute-need check has marked what it found)."""
    try:
        async with asyncio.timeout(PLACE_FROM_BOT_S):
            tracker = await deps.bot.tracker(conversation_id)
    except (BotUnavailable, TimeoutError):
        return {}, []
    slots = tracker.get("slots") or {}
    place = {name: value for name in PLACE_SLOTS if isinstance(value := slots.get(name), str) and value.strip()}
    intents = [name for event in tracker.get("events") or () if event.get("event") == "user"
               and isinstance(name := ((event.get("parse_data") or {}).get("intent") or {}).get("name"), str)]
    return place, intents


async def _should_ask_place(uow: UnitOfWork, deps: Deps, conversation: Conversation, tema: str, priority: Priority,
                            decision: RoutingDecision) -> bool:
    """A normal kommunal handoff with no place known, or only a kommune NAV serves per bydel ("Oslo": its bydel
    decides the office), asked at most once per conversation (never when acute)."""
    return (
        priority is Priority.NORMAL
        and _a_place_would_route_it(deps, conversation, tema, decision)
        and not await uow.history.has(conversation.id, PLACE_ASKED)
    )


def _asks_place_once_queued(deps: Deps, conversation: Conversation, tema: str, priority: Priority,
                            decision: RoutingDecision) -> bool:
    """An acute kommunal handoff that knows no place (it waits in the general kontaktsenter queue), or only a
    kommune NAV serves per bydel ("jeg bor i Bergen": the region's kontaktsenter): the place would bring it to the
    bruker's own office (never for kode 6, nor when the folkeregister decides the place)."""
    return (
        priority is Priority.EMERGENCY
        and _a_place_would_route_it(deps, conversation, tema, decision)
        and not conversation.gt_from_register
    )


def _a_place_would_route_it(deps: Deps, conversation: Conversation, tema: str, decision: RoutingDecision) -> bool:
    """A kommunal tema with no place known, or only a kommune NAV serves per bydel: where the bruker lives would bring
    the chat to their own office (never asked of kode 6, whose place is never written down)."""
    gt = decision.placement.geografisk_tilknytning
    return (
        temagruppe_of(tema) in KOMMUNALE_TEMAGRUPPER
        and (gt is None or deps.routing.served_per_bydel(gt))
        and not conversation.is_strengt_fortrolig
    )


# How far back the handoff looks for a place the bruker named: her latest messages, the latest place first.
PLACE_LOOKBACK_MESSAGES = 10


def _place_in_her_words(deps: Deps, her_latest: list[Message], now: datetime) -> KnownPlace | None:
    """A place named with a place cue ("bor i", "postnummer", "mieszkam w") in one of the bruker's latest messages,
    the latest first, or None. Her own words are read as well as their translation: a place's name needs none,
    and no model reads a language the project cannot translate (the bot took "Mieszkam w Tromsø" as unreadable)."""
    today = now.astimezone(OSLO).date()
    for said in her_latest:
        for text in dict.fromkeys((said.text_for_bot, said.original_text)):
            place = place_from_text(deps.routing, text, in_passing=True, on=today) if text else None
            if place is not None:
                return place
    return None


async def pending_place_question(deps: Deps, conversation_id: str) -> dict[str, Any] | None:
    """The handoff waiting for the bruker's answer to "where do you live?", or None.

    The turn calls it only when its first transaction found a place_asked record (relay.process_user_message);
    the whole history is read only in a conversation that was asked.
    """
    async with deps.uow() as uow:
        if not await uow.history.has(conversation_id, PLACE_ASKED):
            return None
        history = await uow.history.list(conversation_id)
    asked = next((record for record in reversed(history) if record.kind in (PLACE_ASKED, PLACE_ANSWERED)), None)
    return dict(asked.data) if asked is not None and asked.kind == PLACE_ASKED else None


# The bruker changed their mind about a person while asked where they live ("nei glem det, når kommer pengene?",
# "never mind"): the message is the bot's again. "nei" alone stays an answer (it goes to the kontaktsenter, as
# "Vil ikke oppgi" does): it may mean "I would rather not say".
_CHANGED_MIND = re.compile(
    r"^\W*(?:glem det|avbryt|ikke likevel|ikkje likevel|trenger ikke|treng ikkje|never ?mind|cancel|forget it"
    r"|nei\W+(?:glem|takk|trenger|treng|ikke|ikkje|det|jeg|eg|når|kor|hvor|kva|hva)\b)",
    re.IGNORECASE)


def changes_mind(routing: RoutingPolicy, text: str) -> bool:
    """Whether an answer to the place question takes the wish for a person back ("nei, jeg bor i Asker" does
    not: it names a place)."""
    return bool(_CHANGED_MIND.match(text)) and not routing.parse_place(text, in_passing=False).found


async def withdraw_place_question(deps: Deps, conversation_id: str) -> None:
    """The bruker took the wish for a person back: the question is answered, nothing is handed off."""
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        conversation.note(PLACE_ANSWERED, actor="bruker", reason="ombestemte seg: ingen veileder",
                          now=deps.clock.now())


async def answer_place_question(deps: Deps, conversation_id: str, pending: dict[str, Any], text: str, *,
                                reply_to: int | None = None) -> None:
    """The bruker's answer to the place question: learn the place if there is one, then hand off as asked.

    "I don't want to say" (the button, or in words: "vil ikke si det", "vet ikke") goes to the kontaktsenter: the
    bruker asked for a human. A question of their own instead ("Hva er AAP?"), or words that name no place ("har
    ikke noe sted å bo"), is no answer: they are asked once more, plainly, with the button to decline (a question
    was taken as the place, and they were queued at the kontaktsenter till Monday); the veileder reads it. After
    the second question any answer goes on.
    """
    now = deps.clock.now()
    declined = text.strip() == NO_PLACE
    place = None if declined else place_from_text(deps.routing, text, in_passing=False,
                                                  on=now.astimezone(OSLO).date())
    asked = await place_questions_asked(deps, conversation_id)
    # "I am in Spain", "i utlandet": no NAV office serves a place abroad, so she is not asked again; the
    # kontaktsenter's veileder reads where she is (before, "I did not understand where you live").
    abroad = deps.routing.abroad_in_answer(text) if place is None and not declined else None
    if place is None and not declined and not abroad and says_no_home(text) and not asked.no_home_asked:
        # "har ikke noe sted å bo" (probe 117): where she lives has no answer; where she stays now has, and that
        # kommune's NAV office helps her. Asked once, instead of the question again; the handoff waits as before.
        await _ask_place_again(deps, conversation_id, pending, reply_to=reply_to, no_home=True)
        return
    if place is None and not declined and not abroad and (reads_as_a_question(text) or not declines_to_say(text)) \
            and asked.before_queue < 2 and not asked.no_home_asked:
        # A question of their own, or words that name no place ("har ikke noe sted å bo": probe 117's homeless
        # bruker, whose "bo" was taken as Bø): asked once more; "vil ikke si det" goes on as the button does.
        await _ask_place_again(deps, conversation_id, pending, reply_to=reply_to,
                               question=reads_as_a_question(text))
        return
    if place is not None and deps.routing.served_per_bydel(place.gt) and asked.before_queue < 2:
        # "Oslo": NAV serves it per bydel, and the kommune alone queued the bruker at a kontaktsenter. Its bydel,
        # once (an answer that again names only the kommune goes on as before); where she stays, if she has no home.
        await _ask_place_again(deps, conversation_id, pending, reply_to=reply_to, kommune=place,
                               without_home=asked.no_home_asked)
        return
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        if place is not None:
            conversation.learn_place(place.description, gt=place.gt)
        answer = place.description if place else "ønsket ikke å oppgi" if declined else \
            abroad_description(abroad) if abroad else "ikke forstått"
        conversation.note(PLACE_ANSWERED, actor="bruker", reason=answer, now=now)
    await hand_off(deps, conversation_id, reason=str(pending.get("reason") or "bruker ba om en veileder"),
                   tema=str(pending.get("tema") or "KOM"), priority=str(pending.get("priority") or "normal"),
                   summary=pending.get("summary"), actor=str(pending.get("actor") or "bot"), ask_place=False)


async def leave_queue(deps: Deps, conversation_id: str, *, reply_to: int | None = None) -> None:
    """The bruker's "back to the chatbot" while waiting: out of the queue, the bot answers again; a later wish for a
    person queues them afresh (the button said so before, the notice says it again, with the button to a person).
    Pressed again on an old notice once the bot has the conversation (after a reload, say), it is not acted on and
    the bruker is told they are with the bot, not that they left a queue they were not in."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id, for_update=True)
        left = conversation.state is ConversationState.QUEUED
        if left:
            conversation.leave_queue(now=now)
            notice = system_message(conversation, "left_queue", now,
                                    buttons=to_a_person(conversation, conversation.language))
        else:
            notice = system_message(conversation, "already_with_bot", now)
        notice.reply_to = reply_to
        notice = await uow.messages.add(notice)
    if left:
        log.info("handoff.left_queue conversation=%s", conversation_id)
        # The state first, as on entering the queue: the widget shows the notice under the bot's state, the
        # console and the dashboard drop it from the queue.
        await publish_state(deps, conversation)
    await publish_message(deps, conversation, notice)


async def place_questions_asked(deps: Deps, conversation_id: str) -> PlaceQuestions:
    """The place questions this conversation has had (before the queue and in it), from one read of its history."""
    async with deps.uow() as uow:
        return place_questions(await uow.history.list(conversation_id))


async def _ask_place_again(deps: Deps, conversation_id: str, pending: dict[str, Any], *,
                           reply_to: int | None, kommune: KnownPlace | None = None, question: bool = True,
                           no_home: bool = False, without_home: bool = False) -> None:
    """The place question once more, plainly, with the button to decline; the handoff waits as before. After a
    ``kommune`` served per bydel, its bydel (the kommune is learned meanwhile); ``no_home``: where a bruker without
    a home stays now; ``without_home``: she said so before, and the bydel is asked where she stays. Where the
    question she answered asked for her bydel (the kommune was known), an answer that names the kommune again or no
    place ("Oslo", a bydel misspelt) is told the bydel was not found; a question of her own is asked where she
    lives, plainly, as elsewhere."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        # The question she answered asked for the bydel of the kommune known then (hand_off asks nothing else there).
        known = conversation.geografisk_tilknytning
        bydel_asked = known if known and deps.routing.served_per_bydel(known) and not no_home else None
        if kommune is not None:
            conversation.learn_place(kommune.description, gt=kommune.gt)
        conversation.note(PLACE_ASKED, actor="router", now=now, data=pending,
                          reason=NO_HOME_ASKED if no_home
                          else "bare kommunen, som har ett NAV-kontor per bydel" if kommune is not None
                          else "svaret var et spørsmål, ikke et sted" if question else "svaret var ikke et sted")
        if kommune is not None:
            # Its bydel: told it was not found when that very bydel was asked already ("Oslo" to Oslo's question).
            question = _place_question(conversation, now, kommune=kommune.description,
                                       bydeler=deps.routing.bydel_names(kommune.gt), again=kommune.gt == bydel_asked,
                                       no_home=without_home)
        elif bydel_asked and not question:
            # A bydel not found ("Grunerlokka"): the same kommune's bydel once more, not "which kommune?".
            question = _place_question(conversation, now, kommune=deps.routing.kommune_navn(bydel_asked),
                                       bydeler=deps.routing.bydel_names(bydel_asked), again=True,
                                       no_home=without_home)
        else:
            question = _place_question(conversation, now, kommune=None, again=True, no_home=no_home)
        question.reply_to = reply_to
        question = await uow.messages.add(question)
    await publish_message(deps, conversation, question)


# The bydeler are named where they are few (Trondheim 4, Bergen 8, Stavanger 9): a postnummer there seldom tells the
# bydel (reference/README.md; probe 87's "Lade, postnummer 7041" stayed at the kontaktsenter), and a name to pick
# beats a guess. Oslo's 15 are asked for without the list, and its postnumre do tell.
MAX_BYDELER_NAMED = 9


def bydel_question(language: str | None, kommune: str, bydeler: Sequence[str], *, again: bool = False,
                   no_home: bool = False) -> str:
    """Which bydel of ``kommune`` the bruker lives in: with its bydeler named when they are few. ``again``: her answer
    to this very question named no bydel ("Oslo" once more, a name not found): told so, and what to write, not the
    same paragraph twice (she read it as not heard). ``no_home``: she has no home, and is asked which bydel she
    stays in now (a homeless bruker read "Hvilken bydel bor du i?" right after saying she had nowhere to live)."""
    named = 1 < len(bydeler) <= MAX_BYDELER_NAMED
    key = ("bydel_question_named" if named else "bydel_question") + ("_again" if again else "") \
        + ("_no_home" if no_home else "")
    if named:
        return fixed_text(key, language, kommune=kommune, bydeler=one_of(bydeler, language))
    return fixed_text(key, language, kommune=kommune)


def _place_question(conversation: Conversation, now: datetime, *, kommune: str | None,
                    bydeler: Sequence[str] = (), again: bool = False, no_home: bool = False,
                    decline_payload: str = NO_PLACE, lead: str | None = None, in_queue: bool = False) -> Message:
    """The router's question where the bruker lives, with the button to decline (``decline_payload``): the bydel of
    ``kommune`` (one NAV serves per bydel) when it is known, else the kommune or bydel; ``again``: the same question
    asked once more, plainly (its answer named no place, or no bydel); ``no_home``: where a bruker without a home
    stays now (the bydel she stays in, where the kommune is known); ``lead``: a fixed text said before it;
    ``in_queue``: she waits in the queue already (declining keeps her there)."""
    decline = [{"title": fixed_text("place_decline", conversation.language), "payload": decline_payload}]

    def question(language: str) -> str:
        if kommune is not None:
            return bydel_question(language, kommune, bydeler, again=again, no_home=no_home)
        key = "place_question_no_home" if no_home else _place_question_key(conversation, again=again,
                                                                            in_queue=in_queue)
        return fixed_text(key, language)

    return fixed_message(conversation, lambda language: f"{fixed_text(lead, language)} {question(language)}"
                         if lead else question(language), now, buttons=decline)


def place_question_in_queue(conversation: Conversation, now: datetime, *, kommune: str | None,
                            bydeler: Sequence[str] = (), again: bool = False, no_home: bool = False,
                            first: bool = False) -> Message:
    """The place question of a bruker already in the queue (acute need), with «Vil ikke oppgi» as the ordinary
    question has it (a probe's had none); pressed, the chat stays where it waits (DECLINE_IN_QUEUE). ``first``: asked
    with the queue notice, it says why now: her answer sends the chat to the office that should help her, and her
    wait counts there (probe 156: right after "nobody here can answer now", the question read as unrelated).
    ``again``: the same question asked once more, plainly (rerouting: an answer that named no place, or no bydel);
    ``no_home``: where a bruker without a home stays now."""
    return _place_question(conversation, now, kommune=kommune, bydeler=bydeler, again=again, no_home=no_home,
                           decline_payload="/stay_in_queue" if conversation.channel == "socketio" else DECLINE_IN_QUEUE,
                           lead="place_question_in_queue_lead" if first else None, in_queue=True)


def _place_question_key(conversation: Conversation, *, again: bool, in_queue: bool = False) -> str:
    """Which place question: asked once more, plainly (in the queue, declining keeps her there); or, to a person
    logged in who lives abroad by the folkeregister, where in Norway she stays now ("which municipality do you live
    in?" fits nobody whose home is abroad); else where she lives."""
    if again:
        return "place_question_again_in_queue" if in_queue else "place_question_again"
    return "place_question_abroad" if conversation.registered_abroad and conversation.is_logged_in \
        else "place_question"


def _status(conversation: Conversation, notice: str) -> dict[str, Any]:
    return {
        "state": conversation.state.value,
        "enhet": {"enhetsnummer": conversation.enhetsnummer if conversation.names_enhet_to(
            conversation.logged_in_person) else None, "navn": conversation.enhet_navn_for_bruker},
        "message": notice,
        "stored": True,
    }


async def enrich_from_tracker(deps: Deps, conversation_id: str) -> None:
    """Copy Rasa's predicted intents and filled slots onto the conversation, for the veileder.

    Each user event in the tracker carries the router's message id in its metadata (sent with the message), so
    an intent is stored with the message it belongs to, never matched by text.
    """
    try:
        tracker = await deps.bot.tracker(conversation_id)
    except BotUnavailable:
        return
    intents: dict[int, tuple[str | None, float | None]] = {}
    for event in tracker.get("events", []):
        message_id = (event.get("metadata") or {}).get("message_id") if event.get("event") == "user" else None
        if isinstance(message_id, int):
            intent = (event.get("parse_data") or {}).get("intent") or {}
            intents[message_id] = (intent.get("name"), intent.get("confidence"))
    slots = {k: v for k, v in (tracker.get("slots") or {}).items()
             if v not in (None, [], "") and k not in RASA_OWN_SLOTS}
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        if conversation is None:
            return
        conversation.remember_bot_slots({k: _short(v) for k, v in slots.items()})
        await _record_intents(uow, conversation_id, intents)


async def _record_intents(uow: UnitOfWork, conversation_id: str,
                          intents: Mapping[int, tuple[str | None, float | None]]) -> None:
    """Store each intent with the bruker message it belongs to (by id, never by matching text)."""
    if not intents:
        return
    for message in await uow.messages.list(conversation_id):
        if message.sender == "user" and message.id in intents and message.intent is None:
            message.record_intent(*intents[message.id])
            await uow.messages.update(message)


def _short(value: Any) -> Any:
    return mask_personal_numbers(str(value))[:200] if not isinstance(value, bool | int | float) else value
