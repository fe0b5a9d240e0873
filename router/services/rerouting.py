"""A waiting bruker tells where they live: the conversation moves to the office that serves that place."""

from __future__ import annotations

import logging

from router.domain import acute_need
from router.domain.conversation import ConversationState
from router.domain.opening_hours import OSLO
from router.domain.place_question import (
    NO_HOME_ASKED,
    PLACE_ANSWERED,
    PLACE_ASKED_IN_QUEUE,
    PlaceQuestions,
    place_questions,
)
from router.domain.places import abroad_description, declines_to_say, says_no_home
from router.services import assignment, supervision, waiting
from router.services.conversations import fixed_message, load, system_message
from router.services.deps import Deps
from router.services.handoff import bydel_question, place_question_in_queue
from router.services.notify import publish_message, publish_state
from router.services.routing import place_from_text, route_conversation
from router.texts import fixed_text

log = logging.getLogger(__name__)


async def reroute_on_place(deps: Deps, conversation_id: str, text: str, *, reply_to: int | None = None) -> bool:
    """Re-route a queued conversation when the bruker's message names their place; True when the bruker was
    answered: the chat moved, or they were told why it stays.

    Only a message with a place cue counts ("jeg bor på Grünerløkka", "postnummer 0552", "flyttet til Bergen"), or
    one that is nothing but a place's name ("Sagene", "Trondheim"), so an amount or a word in a sentence that
    happens to be a kommune name does not move anyone. The bruker keeps their place in line and is told, in answer
    to ``reply_to`` (the message that named the place): read right after it and before what else answers it ("you
    are number 1"), in the widget as in the transcript. A kommune NAV serves per bydel ("flyttet til Bergen") moves
    the chat as far as the kommune says, and its bydel is asked for (the answer moves it on to the bydel's office).
    A place that cannot move it is answered with why: the logged-in person's folkeregister address decides, or staff
    sent the chat to one veileder (a probe's "flyttet til Bergen" was met with silence).
    """
    now = deps.clock.now()
    today = now.astimezone(OSLO).date()
    place = place_from_text(deps.routing, text, in_passing=True, on=today)
    asked = await _place_questions_in_queue(deps, conversation_id)
    answering = asked.waiting_in_queue
    if place is None and (answering or _only_a_name(text)):
        # The answer to the router's own question ("Mieszkam w Asker", "أسكن في Asker") is read as one, in any
        # language, as in the place question before a handoff; only the message right after the question.
        place = place_from_text(deps.routing, text, in_passing=False, on=today)
    if place is None:
        abroad = deps.routing.abroad_in_answer(text) if answering else None
        if abroad:
            # "I am in Spain": no office here serves it; she stays where she waits, and the veileder reads it.
            await _place_answered(deps, conversation_id, abroad_description(abroad))
            return False
        if answering and says_no_home(text) and not asked.no_home_asked:
            # "har ikke noe sted å bo" (probe 117): asked where she stays now, once; she keeps her place and her
            # priority in the queue meanwhile.
            return await _ask_again(deps, conversation_id, reply_to=reply_to, no_home=True)
        if answering and not declines_to_say(text) and not asked.no_home_asked and asked.in_queue < 2 \
                and not _her_own_words(text):
            # Words that name no place ("har ikke noe sted å bo": probe 117's homeless bruker, whose "bo" moved her
            # chat to Nav Bø): asked once more, plainly; the veileder reads what she wrote.
            return await _ask_again(deps, conversation_id, reply_to=reply_to)
        if answering:
            await _place_answered(deps, conversation_id, "ikke forstått")
        return False
    moved = ask_bydel_again = False
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id, for_update=True)
        if conversation.state is not ConversationState.QUEUED:
            return False
        if answering:
            conversation.note(PLACE_ANSWERED, actor="bruker", reason=place.description, now=now)
        if not conversation.learn_place(place.description, gt=place.gt):
            # "Oslo" again to the question of her bydel in Oslo: asked once more (she read only that her message
            # was stored, and nothing said the bydel was still missing).
            ask_bydel_again = answering and asked.in_queue < 2 and not conversation.gt_from_register \
                and deps.routing.served_per_bydel(place.gt)
            if ask_bydel_again:
                notices = []
            elif not conversation.gt_from_register or conversation.is_strengt_fortrolig \
                    or _same_place(place.gt, conversation.geografisk_tilknytning):
                return False  # known already (for kode 6 never written down), or where the register has them
            else:
                notices = [system_message(conversation, "place_from_register", now,
                                          enhet=conversation.enhet_navn_for_bruker)]
        elif conversation.own_veileder_id is not None:
            # Staff sent it to one veileder (a transfer by name, the bruker's own veileder): the place is kept for
            # them to see, and that choice stands.
            notices = [system_message(conversation, "place_kept_for_veileder", now,
                                      enhet=conversation.enhet_navn_for_bruker)]
        else:
            decision = route_conversation(deps.routing, conversation, now=now)
            if decision.enhetsnummer == conversation.enhetsnummer:
                return False
            previous = conversation.enhetsnummer
            conversation.reroute(decision.placement, reason=f"bruker oppga sted: {place.description}", now=now)
            moved, office = True, conversation.enhet_navn_for_bruker
            per_bydel = deps.routing.served_per_bydel(place.gt)
            if not per_bydel and await supervision.move_unattended_emergency(deps, uow, conversation, now) \
                    and conversation.enhetsnummer == previous:
                # Acute need, and nobody at her office can take it now: it stays where someone can, as the handoff
                # would have placed it; the place is known to them (moved there, it waited ten minutes for nobody).
                notices = [system_message(conversation, "place_kept_nobody_at_office", now, office=office,
                                          enhet=conversation.enhet_navn_for_bruker)]
            elif per_bydel:
                # A step on the way: the move and the bydel question in one short notice; the wait is told when the
                # bydel's answer moves it on (a probe read three long notices, each with the wait, in two turns).
                conversation.note(PLACE_ASKED_IN_QUEUE, actor="router", now=now,
                                  reason="bare kommunen, som har ett NAV-kontor per bydel")
                kommune, bydeler = deps.routing.kommune_navn(place.gt), deps.routing.bydel_names(place.gt)
                notices = [fixed_message(conversation, lambda language: " ".join([
                    fixed_text("conversation_moved", language, enhet=conversation.enhet_navn_for_bruker),
                    bydel_question(language, kommune, bydeler, no_home=asked.no_home_asked)]), now,
                    buttons=waiting.leave_queue_button(conversation, conversation.language or "nb"))]
            else:
                notices = [await waiting.moved_notice_with_wait(deps, uow, conversation, now)]
        for notice in notices:
            notice.reply_to = reply_to
        notices = [await uow.messages.add(notice) for notice in notices]
    if ask_bydel_again:
        return await _ask_again(deps, conversation_id, reply_to=reply_to, why="svaret var bare kommunen",
                                without_home=asked.no_home_asked)
    if moved:
        log.info("conversation.rerouted conversation=%s enhet=%s", conversation.id, conversation.enhetsnummer)
        await publish_state(deps, conversation)
    for notice in notices:
        await publish_message(deps, conversation, notice)
    if moved:
        await assignment.handle(deps, uow.committed_events)
    return True


def _her_own_words(text: str) -> bool:
    """A message of her own while waiting, not a failed answer to where she lives: a question ("Hallo? Er det noen
    der?") or a need told (probe 158: "Ungene har ikke spist middag i går." got "Jeg forstod ikke hvor du bor").
    It goes to the veileder as any message does, and the place question stays open for her next one."""
    return "?" in text or acute_need.detect(text) is not None


def _only_a_name(text: str) -> bool:
    """One or two words of letters (and hyphens), as a place's name is written alone: 'Sagene', 'Nord-Fron',
    'Indre Østfold'. No digits: a number alone may be an amount."""
    words = text.strip().rstrip(".!").split()
    return 0 < len(words) <= 2 and all(word.replace("-", "").isalpha() for word in words)


def _same_place(gt: str | None, known: str | None) -> bool:
    """The kommune and one of its bydeler are the same place ("jeg bor i Oslo" from a person registered in Sagene)."""
    return bool(gt and known and (gt.startswith(known) or known.startswith(gt)))


async def _place_questions_in_queue(deps: Deps, conversation_id: str) -> PlaceQuestions:
    """The place questions of a waiting bruker whom the router asked where they live in the queue (handoff asks
    acute need there), ``waiting_in_queue`` while the last one has no answer; the history is read only in a
    conversation that was asked, once (every message of a waiting bruker comes here)."""
    async with deps.uow() as uow:
        if not await uow.history.has(conversation_id, PLACE_ASKED_IN_QUEUE):
            return PlaceQuestions()
        return place_questions(await uow.history.list(conversation_id))


async def _ask_again(deps: Deps, conversation_id: str, *, reply_to: int | None, no_home: bool = False,
                     why: str = "svaret var ikke et sted", without_home: bool = False) -> bool:
    """The place question once more to a waiting bruker whose answer named no place, or only the kommune she was
    asked the bydel of (``why``, for the history): its bydel, where the kommune is known; ``no_home``: where a
    bruker without a home stays now (asked, not again: she answered); ``without_home``: she said so before, and
    the bydel is asked where she stays. True when asked."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        if conversation.state is not ConversationState.QUEUED:
            return False
        conversation.note(PLACE_ASKED_IN_QUEUE, actor="router",
                          reason=NO_HOME_ASKED if no_home else why, now=now)
        gt = conversation.geografisk_tilknytning
        kommune = deps.routing.kommune_navn(gt) if gt and deps.routing.served_per_bydel(gt) else None
        question = place_question_in_queue(conversation, now, kommune=kommune,
                                           bydeler=deps.routing.bydel_names(gt) if kommune and gt else (),
                                           again=not no_home, no_home=no_home or without_home)
        question.reply_to = reply_to
        question = await uow.messages.add(question)
    await publish_message(deps, conversation, question)
    return True


async def _place_answered(deps: Deps, conversation_id: str, answer: str) -> None:
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        conversation.note(PLACE_ANSWERED, actor="bruker", reason=answer, now=deps.clock.now())
