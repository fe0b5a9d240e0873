"""The bruker's own Digisos case: factual answers from their digisos-soker documents, for them and their veileder.

Only the login session tied to the conversation names the person, so a bruker only ever sees their own case: no
request carries an ident. Every lookup is audited (who, why); a refused attempt too. An anonymous bruker is told
they can log in, beside the general answer the bot gives.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from router.domain.access import Role, StaffUser, may_see_case, why_case_refused
from router.domain.case_subject import about_another_persons_case, another_persons_number
from router.domain.closed_days import closed_days_ahead
from router.domain.conversation import Conversation
from router.domain.innsyn import CaseFacts, CaseLine, Question, answer, case_facts, classify_question
from router.domain.language_policy import bot_language_for
from router.domain.masking import FODSELSNUMMER_TOKEN
from router.domain.opening_hours import OSLO, nav_phone_opens, opens_again
from router.ports.login import LoginSession
from router.ports.registers import RegisterUnavailable
from router.services import inbox
from router.services.conversations import authenticated
from router.services.deps import Deps
from router.services.dispatch import visible_to
from router.services.errors import Conflict, NotFound, ServiceError
from router.services.login import audit_lookup, audit_person, session_for
from router.services.routing import office_from_data
from router.texts.case_answers import anonymous_hint, render, worded_language

log = logging.getLogger(__name__)

# History: the bruker's message held a fødselsnummer that is not the logged-in person's (data: its message id). The
# number is masked before the bot reads the message, so the router notes it where the message arrives, and the case
# answer to that message says it can only answer about the logged-in person's own case.
OTHER_PERSONS_NUMBER = "other_persons_number"
# What a role that answers no bruker (admin alone) is told when it asks for the case beside a chat (dispatch.visible_to).
ROLE_SEES_NO_CASE = ("your role answers no bruker, so it reads no bruker's case (need to know)",
                     "Rollen din svarer ikke brukere, så du ser ikke sakene deres (tjenstlig behov).")


class CaseUnavailable(ServiceError):
    """Innsyn could not be read now: nothing is known from it. The bot gives its general answer; staff are told."""

    status = 503


class CaseRefused(ServiceError):
    """Someone asked for a case that is not theirs to see (no login in this browser, or another conversation's)."""

    status = 403


async def _facts_for(deps: Deps, ident: str, *, conversation_id: str, who: str, why: str, pseudonym: str,
                     veileder_id: int | None = None) -> list[CaseFacts]:
    assert deps.person is not None
    try:
        documents = await deps.person.innsyn.soknader(ident)
    except RegisterUnavailable as error:
        log.warning("innsyn.unavailable conversation=%s reason=%s", conversation_id, error)
        raise CaseUnavailable("the case register (innsyn) cannot be read now: try again later",
                              nb="Saken kan ikke leses akkurat nå. Prøv igjen om litt.") from None
    async with deps.uow() as uow:
        audit_lookup(uow, now=deps.clock.now(), action="innsyn_lookup", conversation_id=conversation_id, who=who,
                     why=why, registers=["innsyn.digisos-soker"], person=audit_person(deps, pseudonym),
                     veileder_id=veileder_id)
    return [case_facts(document) for document in documents]


def _office_names(deps: Deps, cases: list[CaseFacts]) -> dict[str, str]:
    return {case.nav_kontor: deps.routing.enhet_navn(case.nav_kontor) for case in cases if case.nav_kontor}


async def answer_for_conversation(deps: Deps, conversation_id: str, question_text: str, *, who: str,
                                  why: str, language: str | None = None,
                                  while_bot_answers: bool = False) -> dict[str, Any]:
    """The answer to a case question in this conversation: from the tied person's case, or the login offer.

    Written in nb, nn or en (``language``, else the conversation's bot language); ``login_available`` says whether
    this router offers login at all, ``has_case`` whether the person has a digital application.
    ``while_bot_answers``: the bot asks (the action server), and only while it answers this conversation."""
    now = deps.clock.now()
    async with deps.uow() as uow:  # one transaction for both: it is on the path of the bot's answer
        if while_bot_answers and not await uow.turns.is_running(conversation_id):
            raise Conflict("the bot is not answering this conversation now")
        conversation = await uow.conversations.get(conversation_id)
    if language is None:
        language = bot_language_for(conversation.language if conversation else None)
    lang = worded_language(language)
    question = classify_question(question_text)
    # The conversation's tie decides: a login session exists only while it holds (finish_login ties the conversation
    # before it stores the session; logout and expiry remove the session first), so an anonymous conversation, most
    # of them, needs no read of the login store on the way to the bot's answer.
    session = (await session_for(deps, conversation, now)
               if conversation is not None and conversation.is_logged_in else None)
    if session is None:
        return {"logged_in": False, "login_available": deps.person is not None, "question": question.value,
                "language": lang, "texts": [anonymous_hint(lang)] if deps.person is not None else []}
    if await _about_another_person(deps, conversation_id, question_text, session.pseudonym):
        # Someone else's case (their fødselsnummer, "søknaden til min søster"): none of this person's facts, and
        # nothing looked up.
        log.info("innsyn.other_person conversation=%s", conversation_id)
        return {"logged_in": True, "login_available": True, "question": question.value, "language": lang,
                "about_another_person": True, "texts": render([CaseLine("other_person")], lang),
                "lines": ["other_person"]}
    cases = await _facts_for(deps, session.ident, conversation_id=conversation_id, who=who, why=why,
                             pseudonym=session.pseudonym)
    today = now.astimezone(OSLO).date()
    lines = answer(question, cases, office_names=_office_names(deps, cases), today=today)
    # "today": the day every deadline here was judged on (the router's clock), for the bot's own judging of them.
    return {"logged_in": True, "login_available": True, "question": question.value, "language": lang,
            "has_case": bool(cases), "texts": render(lines, lang), "lines": [line.key for line in lines],
            "facts": [case.as_dict() for case in cases], "today": today.isoformat()}


async def _about_another_person(deps: Deps, conversation_id: str, question_text: str, own_pseudonym: str) -> bool:
    """Whether the question asks about someone else's case: by its words, by a fødselsnummer in it that is not the
    logged-in person's (a question sent as written, GET /case), or, masked as the bot reads it, by the note made
    when the bruker's latest message arrived (``note_another_persons_number``)."""
    if about_another_persons_case(question_text):
        return True
    assert deps.person is not None
    if another_persons_number(question_text, own_pseudonym=own_pseudonym, key=deps.person.pseudonym_key):
        return True
    if FODSELSNUMMER_TOKEN not in question_text:
        return False
    async with deps.uow() as uow:
        latest = await uow.messages.last_from(conversation_id, "user")
        if latest is None:
            return False
        return any(record.kind == OTHER_PERSONS_NUMBER and record.data.get("message_id") == latest.id
                   for record in await uow.history.list(conversation_id))


def note_another_persons_number(deps: Deps, conversation: Conversation, message_id: int, text: str,
                                masked: str, now: datetime) -> bool:
    """Note (history ``other_persons_number``) that the bruker's message ``text``, as written, holds a fødselsnummer
    that is not the logged-in person's, for the case answer to it; the caller stores the message (services/receive.py).
    Cheap for most messages: only a logged-in conversation whose message had a fødselsnummer masked."""
    if deps.person is None or not conversation.is_logged_in:
        return False
    if masked.count(FODSELSNUMMER_TOKEN) <= text.count(FODSELSNUMMER_TOKEN):
        return False
    if not another_persons_number(text, own_pseudonym=conversation.person_pseudonym, key=deps.person.pseudonym_key):
        return False
    conversation.note(OTHER_PERSONS_NUMBER, actor="router", now=now, data={"message_id": message_id},
                      reason="brukeren skrev et fødselsnummer som ikke er den innloggede personens")
    return True


async def ways_to_nav_for_bot(deps: Deps, conversation_id: str) -> dict[str, bool | str | list[str] | None]:
    """How the person in this conversation reaches NAV, for the bot's answers: ``may_apply_digitally`` (false with
    adressebeskyttelse, true for a logged-in person without it, null when nobody has logged in: the bot then says
    the general caveat) and ``local_office`` (false for strengt fortrolig adresse, who is served by one office by
    phone and must never be sent to a local one; null otherwise) and ``registered_abroad`` (true when the person who
    logged in lives abroad by the folkeregister: sosialhjelp needs a stay in Norway; null otherwise) and ``logged_in``
    (whether a person is logged in to the conversation now: a protection, and so ``may_apply_digitally`` false,
    stays after logout, so that answer alone does not say it) and ``nav_phone_opens`` (null while NAV's phone is open
    now, else when it opens, ISO 8601 in Oslo time: the bot's emergency answer cannot send a bruker to a phone that
    is closed on a Saturday, and the router owns the opening hours) and ``registered_office`` (the enhetsnummer of
    the local office for the logged-in person's folkeregister address, so "hvor er NAV-kontoret mitt?" is answered
    without asking where they live; null when nobody is logged in, for strengt fortrolig adresse, abroad, or where
    the sources name no office) and ``closed_days_ahead`` (the dates, ISO 8601, in the next three weeks on which all
    of NAV is closed though its week works then: helligdager, julaften, nyttårsaften; the bot's payment answer says
    money may come on another day around them, by the router's clock) and ``chat_opens`` (null while the chat is
    staffed now, else when a veileder can answer at the earliest, ISO 8601 in Oslo time) with ``chat_closed_today``
    (the chat has no staffed hours at all today: a weekend, a helligdag, julaften, nyttårsaften): the bot's "når
    svarer dere?" says it from the same hours the queue notice promises by (routing port opening_hours). Only these
    answers, never the grading behind them; and only while the bot answers this conversation."""
    async with deps.uow() as uow:
        if not await uow.turns.is_running(conversation_id):
            raise Conflict("the bot is not answering this conversation now")
        conversation = await uow.conversations.get(conversation_id)
    if conversation is None:
        raise NotFound("unknown conversation")
    may = conversation.may_apply_digitally
    now = deps.clock.now()
    phone = deps.routing.nav_phone_hours()
    opens = nav_phone_opens(phone, now)
    chat = deps.routing.opening_hours(conversation.enhetsnummer or "")
    chat_opens = opens_again(chat, now)
    from_register = conversation.is_logged_in and conversation.gt_from_register and conversation.geografisk_tilknytning
    office = office_from_data(deps.routing, conversation.geografisk_tilknytning, on=now.astimezone(OSLO).date()) \
        if from_register and not conversation.is_strengt_fortrolig and not conversation.registered_abroad else None
    return {"may_apply_digitally": may if not may or conversation.is_logged_in else None,
            "local_office": False if conversation.is_strengt_fortrolig else None,
            "registered_abroad": True if conversation.registered_abroad and conversation.is_logged_in else None,
            "logged_in": conversation.is_logged_in,
            "nav_phone_opens": opens.astimezone(OSLO).isoformat() if opens else None,
            "registered_office": office,
            "closed_days_ahead": [day.isoformat() for day in closed_days_ahead(phone, now)],
            "chat_opens": chat_opens.astimezone(OSLO).isoformat() if chat_opens else None,
            "chat_closed_today": not chat.intervals_on(now.astimezone(OSLO).date())}


async def answer_for_bruker(deps: Deps, conversation_id: str, token: str | None, session_id: str | None,
                            question_text: str) -> dict[str, Any]:
    """The bruker's own request: the conversation's token and the login cookie must both belong to it."""
    conversation = await authenticated(deps, conversation_id, token)
    now = deps.clock.now()
    session = await deps.person.sessions.get(session_id) if deps.person is not None and session_id else None
    if session is None or session.conversation_id != conversation.id:
        # The token alone is not enough: it is in the page's storage, the login cookie is the person's proof
        # (HttpOnly, this browser). Without it, or with another conversation's, nothing of the case is shown.
        reason = "uten innloggingen" if session is None else "innloggingen hører til en annen samtale"
        async with deps.uow() as uow:
            audit_lookup(uow, now=now, action="innsyn_refused", conversation_id=conversation.id, who="bruker",
                         why=reason, registers=["innsyn.digisos-soker"],
                         person=audit_person(deps, session.pseudonym if session else None), refused=True)
        log.warning("innsyn.refused conversation=%s reason=%s", conversation.id,
                    "no_login_cookie" if session is None else "session_of_another_conversation")
        raise CaseRefused("log in in this browser to see the case (the login cookie of this conversation is missing)"
                          if session is None else "this login belongs to another conversation")
    return await answer_for_conversation(deps, conversation.id, question_text, who="bruker",
                                         why="brukeren spurte om egen sak")


async def facts_for_staff(deps: Deps, staff: StaffUser, conversation_id: str) -> dict[str, Any]:
    """The same facts beside the conversation in the console, for staff who may see it (audited)."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(conversation_id)
        # A refusal's row says why, in the words of every refused attempt (access.why_refused); an unknown id is not
        # written, as no other refusal is (staff.audit_refused): nothing was reached.
        refused = why_case_refused(staff, conversation.scope) if conversation is not None else None
        withheld: inbox.ContentWithheld | None = None
        if refused is None and conversation is not None and conversation.scope.closed and conversation.is_for_staff:
            # An ended chat's case is read by those who may read the chat (probe 165: a veileder of the enhet who
            # never had it was refused the chat and answered 200 here, unaudited).
            try:
                await inbox.load_readable(uow, staff, conversation_id)
            except inbox.ContentWithheld as error:
                withheld, refused = error, error.why
        if refused is not None:
            audit_lookup(uow, now=now, action="innsyn_refused", conversation_id=conversation_id,
                         who=staff.username, why="saksbehandling i chat", registers=["innsyn.digisos-soker"],
                         veileder_id=staff.id, refused=True, reason=refused)
    if withheld is not None:
        raise withheld
    # Refused as every action on one chat is: admin alone for her role, whatever the chat's protection.
    conversation = visible_to(staff, conversation, role_refusal=ROLE_SEES_NO_CASE)
    session = await session_for(deps, conversation, now)
    if session is None:
        return {"logged_in": False, "facts": []}
    why = ("veileder så saken ved siden av samtalen" if staff.has_role(Role.VEILEDER)
           else "kontaktsenteret så saken ved siden av samtalen (innsyn for kontaktsenteret)")
    cases = await _facts_for(deps, session.ident, conversation_id=conversation_id, who=staff.username,
                             why=why, pseudonym=session.pseudonym, veileder_id=staff.id)
    shown = [case for case in cases
             if may_see_case(staff, deps.routing.kontaktsenter_has_innsyn(case.nav_kontor or ""))]
    return {"logged_in": True, "person": await _who_for_staff(deps, staff, conversation_id, session),
            "facts": [case.as_dict() for case in shown], "offices": _office_names(deps, shown),
            "withheld": len(cases) - len(shown)}


async def _who_for_staff(deps: Deps, staff: StaffUser, conversation_id: str,
                         session: LoginSession) -> dict[str, str | None]:
    """Who the logged-in bruker is, for the staff member who may read the chat: the fødselsnummer she logged in with
    and her name from the person register (audited as a lookup of it). Probe 162: the console said "Innlogget: ja"
    and nothing of who, so the veileder could neither look her up in the case system nor call her back. The name is
    None when the register cannot be read now."""
    assert deps.person is not None
    try:
        person = await deps.person.persons.hent_person(session.ident)
    except RegisterUnavailable as error:
        log.warning("person.unavailable conversation=%s reason=%s", conversation_id, error)
        person = None
    async with deps.uow() as uow:
        audit_lookup(uow, now=deps.clock.now(), action="person_shown", conversation_id=conversation_id,
                     who=staff.username, why="veileder så hvem brukeren er ved siden av samtalen",
                     registers=["pdl.hentPerson"], person=audit_person(deps, session.pseudonym),
                     veileder_id=staff.id)
    return {"fodselsnummer": session.ident, "navn": person.navn if person else None}


__all__ = ["OTHER_PERSONS_NUMBER", "CaseRefused", "Question", "answer_for_bruker", "answer_for_conversation",
           "facts_for_staff", "note_another_persons_number"]
