"""Login with ID-porten in the middle of a conversation: start, finish, logout, expiry, a veileder's request.

The conversation goes on, now tied to the person: the registers are read once at login (audited with who and why),
the conversation learns GT, adressebeskyttelse, skjermet and the own veileder (Conversation.tie_to_person), and
a waiting or assigned conversation moves where the registers say it belongs. The ident stays in the server-side
login session (router/ports/login.py); the conversation holds a keyed pseudonym; the browser an opaque id.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from router.domain.access import StaffUser, may_answer, required_permissions
from router.domain.asked_before_login import (
    ANSWER_AFTER_LOGIN,
    LOGIN_PAYLOAD,
    asks_about_own_case,
    login_offered_for_last_question,
)
from router.domain.conversation import CONTINUED_IN_EARLIER, Conversation, ConversationState
from router.domain.errors import InvalidTransition, NotAllowed
from router.domain.messages import Message, said_unbound_since
from router.domain.person import PersonFacts, audit_pseudonym, person_facts
from router.domain.person import pseudonym as pseudonym_of
from router.ports.login import LoginFailed, LoginSession, PendingLogin, VerifiedLogin
from router.ports.registers import RegisterUnavailable
from router.ports.store import AuditEntry, UnitOfWork
from router.services import assignment, handoff, safety_net, threats, turns, waiting
from router.services.conversations import (
    authenticated,
    create_conversation,
    fixed_message,
    hash_token,
    load,
    system_message,
    untranslated,
)
from router.services.deps import Deps, PersonDeps
from router.services.dispatch import load_visible
from router.services.errors import Conflict, ServiceError
from router.services.notify import publish_message, publish_state, publish_withdrawn
from router.services.routing import REGISTERED_ELSEWHERE, REGISTERED_PLACE, route_conversation
from router.services.staff import audit
from router.texts import fixed_text

log = logging.getLogger(__name__)

PENDING_MAX_AGE_S = 600


class LoginUnavailable(ServiceError):
    """Login is not configured on this router (or its provider cannot be reached)."""

    status = 404


class LoginProviderDown(ServiceError):
    """The identity provider cannot be reached: the chat goes on anonymously; try again later."""

    status = 503


class AnotherPersonsChat(Conflict):
    """A login as someone else than the person the chat is tied to (a shared PC after her Logg ut): refused every
    time, so the widget says whose it is and that a new chat is the way on, not "Innloggingen mislyktes. Du kan prøve
    igjen" (router/web/login_api.py callback)."""


def _refused(error: InvalidTransition | NotAllowed) -> Conflict:
    """The domain's refusal of a login: NotAllowed is only ever "another person's" (Conversation.check_may_tie_to,
    tie_again_to_read)."""
    return AnotherPersonsChat(str(error)) if isinstance(error, NotAllowed) else Conflict(str(error))


def person_deps(deps: Deps) -> PersonDeps:
    if deps.person is None:
        raise LoginUnavailable("login is not configured")
    return deps.person


def audit_person(deps: Deps, pseudonym: str | None) -> str | None:
    """Whom an audit row names: the audit log's own pseudonym of the person (person.audit_pseudonym), never the
    conversation's."""
    if not pseudonym or deps.person is None:
        return None
    return audit_pseudonym(deps.person.pseudonym_key, pseudonym)


def audit_lookup(uow: UnitOfWork, *, now: datetime, action: str, conversation_id: str | None, who: str, why: str,
                 registers: list[str], person: str | None = None, veileder_id: int | None = None,
                 refused: bool = False, reason: Mapping[str, object] | None = None) -> None:
    """Every register and case lookup leaves an audit row: who asked, why, which registers (never the ident), and
    the person as the audit log names her (``person``, from audit_person). ``reason``: a staff member's refusal
    named as every refused attempt is (access.why_refused: reason, needs)."""
    detail: dict[str, Any] = {"why": why, "registers": registers}
    if person:
        detail["person"] = person
    if refused:
        detail["refused"] = True
    if reason:
        detail.update(reason)
    uow.audit.add(AuditEntry(now, veileder_id, who, action, conversation_id, detail))


def login_language(language: str | None) -> str:
    """ID-porten's page in the bruker's language where it has it (nb, nn, en, se), else English for one who may
    read no Norwegian (Polish, Arabic ...), bokmål when the language is not known."""
    if not language or language in ("nb", "da", "sv"):
        return "nb"
    return language if language in ("nn", "en", "se") else "en"


def _binding_hash(binding: str) -> str:
    return hashlib.sha256(binding.encode()).hexdigest()


async def start_login(deps: Deps, conversation_id: str, token: str | None, binding: str) -> str:
    """The bruker's "Logg inn": remember state, nonce and PKCE verifier server-side, bound to the starting browser
    (``binding``, a random value it keeps in a cookie); the provider's URL to go to."""
    person = person_deps(deps)
    conversation = await authenticated(deps, conversation_id, token)
    if conversation.state is ConversationState.CLOSED and not may_log_in_to_read(conversation):
        raise Conflict("the conversation is closed", nb="Samtalen er avsluttet.")
    if conversation.is_logged_in and await session_for(deps, conversation, deps.clock.now()) is not None:
        # A second login would only replace the first (or, as another person, fail at the end after the
        # provider's page): said now instead. A tie whose session is gone (expired, unreadable) may log in again.
        raise Conflict("the bruker is already logged in", nb="Brukeren er allerede logget inn.")
    pending = PendingLogin(state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
                           code_verifier=secrets.token_urlsafe(48),
                           conversation_id=conversation.id, started_at=deps.clock.now(),
                           browser_binding=_binding_hash(binding))
    await person.sessions.start(pending)
    log.info("login.started conversation=%s", conversation.id)
    return await person.provider.authorization_url(pending, ui_locales=login_language(conversation.language))


def may_log_in_to_read(conversation: Conversation) -> bool:
    """A closed chat is logged in to only to be read again by its person (Conversation.tie_again_to_read): one
    that holds what was said while she was logged in, not purged, and not read by her login now."""
    return (conversation.state is ConversationState.CLOSED and conversation.person_pseudonym is not None
            and conversation.purged_at is None and not conversation.is_logged_in)


async def look_up_person(deps: Deps, uow: UnitOfWork, ident: str, *, conversation_id: str, why: str) -> PersonFacts:
    """Read the person register, skjermet and oppfølging for the ident (audited); RegisterUnavailable when down."""
    person = person_deps(deps)
    found = await person.persons.hent_person(ident)
    gt = await person.persons.hent_geografisk_tilknytning(ident)
    skjermet = await person.skjerming.er_skjermet(ident)
    oppfolging = await person.oppfolging.hent_oppfolging(ident)
    facts = person_facts(person.pseudonym_key, ident, found, gt, skjermet, oppfolging)
    audit_lookup(uow, now=deps.clock.now(), action="register_lookup", conversation_id=conversation_id,
                 who="bruker", why=why, registers=["pdl.hentPerson", "pdl.hentGeografiskTilknytning", "skjermet",
                                                   "oppfolging"], person=audit_person(deps, facts.pseudonym))
    return facts


async def _own_veileder(uow: UnitOfWork, facts: PersonFacts, conversation_id: str) -> int | None:
    """The follow-up register's veileder (a staff user with that NAV ident), else whoever last had the person."""
    if facts.own_veileder_ident:
        veileder = await uow.veiledere.by_username(facts.own_veileder_ident)
        if veileder is not None:
            return veileder.id
    return await uow.conversations.last_veileder_of(facts.pseudonym, excluding=conversation_id)


def _expires_on_our_clock(verified: VerifiedLogin, now: datetime) -> datetime:
    """The login lasts as long as its ID token (exp − iat), counted from ``now`` on the router's clock: the sweeps and
    checks compare with that clock, and a clock started elsewhere (NAVCHAT_CLOCK_START) ended every login at once."""
    if verified.issued_at is None:
        return verified.expires_at
    return now + (verified.expires_at - verified.issued_at)


async def finish_login(deps: Deps, state: str, code: str, binding: str | None) -> LoginSession:
    """The provider's callback: verify, read the registers, tie the conversation, keep the session server-side."""
    person = person_deps(deps)
    now = deps.clock.now()
    if not binding:
        log.warning("login.refused reason=no_binding_cookie")
        raise LoginFailed("the login was started in another browser")
    # Matched on state and binding together: a callback from another browser leaves the login where it is, so
    # whoever gets hold of a bruker's callback link cannot spoil that bruker's login.
    pending = await person.sessions.take_pending(state, _binding_hash(binding))
    if pending is None or (now - pending.started_at).total_seconds() > PENDING_MAX_AGE_S:
        log.warning("login.refused reason=unknown_state_or_other_browser")
        raise LoginFailed("no login was started with this state in this browser (or it is too old)")
    verified = await person.provider.finish(pending, code)
    if await _tied_again_to_read(deps, pending.conversation_id, verified, now):
        session = LoginSession(session_id=secrets.token_urlsafe(32), conversation_id=pending.conversation_id,
                               ident=verified.ident, pseudonym=pseudonym_of(person.pseudonym_key, verified.ident),
                               expires_at=_expires_on_our_clock(verified, now), id_token=verified.id_token)
        await person.sessions.add(session)
        log.info("login.finished_to_read conversation=%s acr=%s", pending.conversation_id, verified.acr)
        return session
    moved = False
    async with deps.uow() as uow:
        # Refused before anything is read: another person's chat (a shared PC after a Logg ut) is not hers to log
        # in to, and her registers are not hers to read for it.
        try:
            (await load(uow, pending.conversation_id)).check_may_tie_to(
                pseudonym_of(person.pseudonym_key, verified.ident))
        except (InvalidTransition, NotAllowed) as error:
            log.warning("login.refused_before_lookup conversation=%s reason=%s", pending.conversation_id,
                        type(error).__name__)
            raise _refused(error) from None
    question = await _asked_before_login(deps, pending.conversation_id)
    async with deps.uow() as uow:
        # The lookup and its audit row in a transaction of their own: read is read, whatever happens after.
        try:
            facts = await look_up_person(deps, uow, verified.ident, conversation_id=pending.conversation_id,
                                         why="innlogging i chat")
        except RegisterUnavailable:
            log.warning("login.registers_unavailable conversation=%s", pending.conversation_id)
            raise
    async with deps.uow() as uow:
        conversation = await load(uow, pending.conversation_id, for_update=True)
        own = await _own_veileder(uow, facts, conversation.id)
        try:
            conversation.tie_to_person(facts, own_veileder_id=own, now=now)
        except (InvalidTransition, NotAllowed) as error:
            raise _refused(error) from None
        if conversation.state in (ConversationState.QUEUED, ConversationState.ASSIGNED):
            # Now known as the person who threatened a veileder earlier (services/threats.py).
            await threats.remember_earlier(deps, uow, conversation, now)
        if conversation.state is not ConversationState.BOT:
            question = None  # a veileder took it meanwhile: the veileder answers
        notice = await uow.messages.add(_login_done(deps, conversation, now, answers_next=question is not None))
        messages = [notice]
        previous_enhet, previous_veileder = conversation.enhetsnummer, conversation.veileder_id
        moved = await _place_after_login(deps, uow, conversation, now)
        if moved and conversation.enhetsnummer != previous_enhet:  # not "moved" to where it already was
            # Kode 6: the office is not named, and "moved to NAV" (where it was all along) is not said either.
            if conversation.is_strengt_fortrolig:
                moved_notice = await waiting.notice_with_wait(deps, uow, conversation, now,
                                                              "conversation_moved_strengt_fortrolig")
            else:
                moved_notice = await waiting.moved_notice_with_wait(deps, uow, conversation, now)
            messages.append(await uow.messages.add(moved_notice))
    session = LoginSession(session_id=secrets.token_urlsafe(32), conversation_id=conversation.id,
                           ident=verified.ident, pseudonym=facts.pseudonym,
                           expires_at=_expires_on_our_clock(verified, now), id_token=verified.id_token)
    await person.sessions.add(session)
    log.info("login.finished conversation=%s acr=%s moved=%s", conversation.id, verified.acr, moved)
    await publish_state(deps, conversation)
    for message in messages:
        await publish_message(deps, conversation, message)
    if moved and previous_veileder is not None:
        await publish_withdrawn(deps, conversation, previous_veileder, by=None,
                                why="etter at brukeren logget inn")
    await assignment.handle(deps, uow.committed_events)
    if question is not None:
        await _answer_after_login(deps, conversation.id, notice_id=notice.id, question_id=question.id)
    return session


async def _answer_after_login(deps: Deps, conversation_id: str, *, notice_id: int | None, question_id: int | None) -> None:
    """The bot answers her question now, after the login's notice, from her case: a turn of its own, as a message's
    is, queued once her session is stored (the bot's case answer reads it)."""
    assert notice_id is not None and question_id is not None
    async with deps.uow() as uow:
        await load(uow, conversation_id, for_update=True)  # no other turn of it is queued in between
        await uow.turns.enqueue(conversation_id, notice_id, f"{ANSWER_AFTER_LOGIN}{question_id}", deps.clock.now())
    deps.tasks.spawn(turns.start(deps, conversation_id))


async def _asked_before_login(deps: Deps, conversation_id: str) -> Message | None:
    """Her question about her own case that the bot answered with the login offer, when she is with the bot and it
    reads her language: answered once she is logged in (router/domain/asked_before_login.py). Read before the login
    ties the chat (no lock held while the bot is asked what it read)."""
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id)
        if conversation.state is not ConversationState.BOT or untranslated(deps, conversation.language or "nb"):
            return None
        asked = login_offered_for_last_question(await uow.messages.list(conversation_id))
    if asked is not None and asked.intent is None:
        # The bot's reading of each message is copied to it at a handoff; this one is needed now.
        await handoff.enrich_from_tracker(deps, conversation_id)
        async with deps.uow() as uow:
            asked = await uow.messages.get(asked.id)
    return asked if asked is not None and asks_about_own_case(asked) else None


async def _tied_again_to_read(deps: Deps, conversation_id: str, verified: VerifiedLogin, now: datetime) -> bool:
    """A login on a closed chat's page (may_log_in_to_read): tied again to be read, as the person it was tied to
    only (another person's login is refused, a Conflict); no registers are read. The chat says she is logged in
    (_logged_in_again). False when the chat is not closed (an ordinary login)."""
    async with deps.uow() as uow:
        conversation = await load(uow, conversation_id, for_update=True)
        if conversation.state is not ConversationState.CLOSED:
            return False
        again = not conversation.is_logged_in
        try:
            conversation.tie_again_to_read(pseudonym_of(person_deps(deps).pseudonym_key, verified.ident), now=now)
        except (InvalidTransition, NotAllowed) as error:
            log.warning("login.refused_on_closed conversation=%s reason=%s", conversation_id, type(error).__name__)
            raise _refused(error) from None
        said = await uow.messages.add(_logged_in_again(deps, conversation, now)) if again else None
    await publish_state(deps, conversation)
    if said is not None:
        await publish_message(deps, conversation, said)
    return True


def _logged_in_again(deps: Deps, conversation: Conversation, now: datetime) -> Message:
    """What a chat says when a login ties it again after its login there ended (Logg ut, expiry), on its own page or
    given back after a login elsewhere (resume_open_conversation). Its last word on the login was "Du er logget
    ut." (or "Innloggingen din er utløpt."), under a header that now says "Innlogget": this line says what is true
    now, and the other reads as what happened before it. A closed chat: "Du er nå logget inn med ID-porten."; an
    open one what a login there says (_login_done)."""
    if conversation.state is ConversationState.CLOSED:
        return system_message(conversation, "logged_in", now)
    return _login_done(deps, conversation, now)


def _login_done(deps: Deps, conversation: Conversation, now: datetime, *, answers_next: bool = False) -> Message:
    """With the bot, what the login gives now (its own case); with a veileder, what the veileder sees. With the bot in
    a language it cannot read (no translation model: Polish here), no promise that it answers: what the bruker can do
    instead (write in Norwegian or English, or the button to a person). ``answers_next``: the bot answers the question
    she asked before the login right after this notice, which then only says she is logged in."""
    if conversation.state is not ConversationState.BOT:
        return system_message(conversation, "login_done", now)
    if answers_next:
        return system_message(conversation, "logged_in", now)
    language = conversation.language or "nb"
    if not untranslated(deps, language):
        return system_message(conversation, "login_done_with_bot", now)
    return fixed_message(conversation, lambda lang: f"{fixed_text('logged_in', lang)} "
                         f"{fixed_text('translation_unavailable_again', lang)}", now,
                         buttons=handoff.to_a_person(conversation, language))


async def open_next_chat(deps: Deps, previous_id: str, token: str | None, session_id: str | None,
                         **create: Any) -> tuple[Conversation, str, bool]:
    """The bruker's "Start ny samtale" on the page of a closed chat: a new conversation
    (conversations.create_conversation), always anonymous. A login is never handed on to it: on a shared PC the
    next person at the screen pressed the big button and chatted as Ola, his registers read again in his name and
    his case answered (probe after a1a288f). While this browser's login (``session_id``, its cookie) is still the
    closed chat's, it ends here (as the page that showed it leaves it; True: the web layer drops the cookie), and
    the new chat says he is not logged in to it and may log in again (ID-porten asks who logs in: prompt=login).
    Only from the page that holds the closed chat (its ``token``); another tab's login is left alone."""
    previous = await authenticated(deps, previous_id, token)
    conversation, fresh = await create_conversation(deps, **create)
    now = deps.clock.now()
    session = await deps.person.sessions.get(session_id) if deps.person is not None and session_id else None
    if (session is None or session.conversation_id != previous.id or session.expires_at <= now
            or previous.state is not ConversationState.CLOSED or previous.logged_in_person != session.pseudonym):
        return conversation, fresh, False
    await _end_tie(deps, session, "ny samtale startet", "logged_out")
    async with deps.uow() as uow:
        message = await uow.messages.add(system_message(conversation, "new_chat_not_logged_in", now))
        # Its page showed the closed chat with the login on, every answer in it read there: a later login is not
        # given it back "to read" (she, back at the screen, was moved from her new chat to the old one).
        shown = await uow.conversations.get(previous.id)
        if shown is not None:
            shown.note(ANSWER_SHOWN, actor="bruker", reason="ny samtale startet fra den avsluttede samtalen",
                       now=now, data={"next": conversation.id})
    log.info("login.ended_for_next_chat conversation=%s from=%s", conversation.id, previous.id)
    await publish_message(deps, conversation, message)
    return conversation, fresh, True


# History kind: a bruker who logged in again (a new tab, another browser) got back their open conversation.
RESUMED = "bruker_resumed"
# History kind: a closed chat's page, logged in, started the next chat; the answers in it were on that screen.
ANSWER_SHOWN = "answer_shown_at_close"
# A conversation NAV closed with a veileder's answer as its last word, which the bruker was not there to read, is
# given back (to read) after a new login for this long after it closed, once.
CLOSED_ANSWER_KEPT = timedelta(days=1)


async def _closed_with_an_answer_not_read(uow: UnitOfWork, pseudonym: str, current_id: str,
                                          now: datetime) -> Conversation | None:
    """The person's conversation closed within CLOSED_ANSWER_KEPT by NAV (not by the bruker, who was there then)
    whose last word is a veileder's, not given back since it closed. The router keeps no read receipts: "the
    veileder spoke last and NAV closed it" is the sign that the answer may not have been read."""
    for candidate in await uow.conversations.recently_closed_of_person(pseudonym, since=now - CLOSED_ANSWER_KEPT,
                                                                       excluding=current_id):
        found = await load(uow, candidate, for_update=True)
        if found.person_pseudonym != pseudonym:
            continue
        if found.logged_out_at is not None and found.closed_at is not None and found.logged_out_at < found.closed_at:
            # She logged out (or her login ended) while it was open: who wrote after that, and the answers to them,
            # may be another person at that screen (probe 139: Per's words and the veileder's answer to Per were
            # given to Ola on his next login). Not given back.
            continue
        history = await uow.history.list(found.id)
        closes = [r for r in history if r.kind == "close"]
        if not closes or closes[-1].actor == "bruker":
            continue
        if any(r.kind in (RESUMED, ANSWER_SHOWN) and r.at >= closes[-1].at for r in history):
            continue
        answer = await uow.messages.last_from(found.id, "veileder")
        asked = await uow.messages.last_from(found.id, "user")
        if answer is not None and answer.id is not None and (asked is None or (asked.id or 0) < answer.id):
            return found
    return None


async def resume_open_conversation(deps: Deps, conversation_id: str, token: str | None,
                                   session_id: str | None) -> dict[str, Any]:
    """Back from a login in a new tab or browser: the person's open conversation (waiting for or with a veileder)
    instead of the new one, with a fresh token, so the answers a veileder gave (or gives on Monday) are read where
    the bruker is now. Only for the same person: the login session of *this* conversation (its cookie,
    ``session_id``) names them, and the other conversation must hold the same pseudonym, as the router stores
    it (kode 6 likewise). The login session moves to that conversation; the new one ends its tie and is closed
    (CONTINUED_IN_EARLIER: with the bot, or waiting with its words carried over), not left open for nobody. The old tab's token stops working (a conversation has one token). Audited. ``{"resumed": False}`` when
    there is nothing to resume.

    Without an open one: a conversation NAV closed in the last day with a veileder's answer as its last word
    (_closed_with_an_answer_not_read), once, to read. The login goes with her there too, as on a closed chat's page
    after a close (Conversation.tie_again_to_read): the page has its "Logg ut" and "Husk å logge ut ...", and "Start
    ny samtale" starts anonymous and ends the login (open_next_chat). It stayed with the new chat, and that page
    showed her words without either and went back to the logged-in chat."""
    person = person_deps(deps)
    now = deps.clock.now()
    current = await authenticated(deps, conversation_id, token)
    session = await person.sessions.get(session_id) if session_id else None
    if (session is None or session.conversation_id != current.id or session.expires_at <= now
            or not current.is_logged_in or current.person_pseudonym != session.pseudonym
            or current.state not in (ConversationState.BOT, ConversationState.QUEUED)):
        # Not logged in here, another conversation's cookie, or this chat is itself with a veileder: nothing moves.
        return {"resumed": False}
    carried: list[Message] = []
    said: Message | None = None
    async with deps.uow() as uow:
        # This chat waits for a veileder itself (asked for one in the new tab before logging in): it goes into the
        # open one, so the person does not wait twice; never to read an old answer, which would leave it unseen.
        mine = await load(uow, current.id, for_update=True)
        waiting_here = mine.state is ConversationState.QUEUED
        candidates = await uow.conversations.open_of_person(session.pseudonym, excluding=current.id)
        found = await load(uow, candidates[0], for_update=True) if candidates else None
        if found is not None and (found.person_pseudonym != session.pseudonym
                                  or found.state not in (ConversationState.QUEUED, ConversationState.ASSIGNED)):
            return {"resumed": False}
        if (found is not None and found.logged_out_at is not None
                and said_unbound_since(await uow.messages.list(found.id), found.logged_out_at)):
            # She logged out of it (or her login ended) and it went on: who wrote there may be the next person at
            # that screen, whose words and answers are not hers, nor his place in the queue.
            return {"resumed": False}
        to_read = found is None
        if found is None and not waiting_here:
            found = await _closed_with_an_answer_not_read(uow, session.pseudonym, current.id, now)
        if found is None:
            return {"resumed": False}
        if not to_read and not found.is_logged_in:
            # The first login there ended (expired, logged out): tied again, with the registers as they are now.
            facts = await look_up_person(deps, uow, session.ident, conversation_id=found.id,
                                         why="innlogget på nytt: fant igjen samtalen sin")
            if facts.pseudonym != found.person_pseudonym:
                return {"resumed": False}
            found.tie_to_person(facts, own_veileder_id=None, now=now)
            said = await uow.messages.add(_logged_in_again(deps, found, now))
        if to_read:
            # Her first login there ended (Logg ut, expiry) or is still on (a page closed without Logg ut).
            ended = not found.is_logged_in
            found.tie_again_to_read(session.pseudonym, now=now)
            said = await uow.messages.add(_logged_in_again(deps, found, now)) if ended else None
        fresh = secrets.token_urlsafe(32)
        found.renew_token(hash_token(fresh))
        found.note(RESUMED, actor="bruker", reason="innlogget på nytt i en ny fane eller nettleser", now=now,
                   data={"from": current.id, "closed": to_read})
        if waiting_here:
            carried = await _carry_over(deps, uow, mine, found, now)
        # The page leaves this chat for the one given back, and nobody holds it any more: closed at once, quietly,
        # as a duplicate. Left with the bot, it counted as a chat with the bot (the dashboard's bot_open) until the
        # silence sweep warned an empty page and closed it as abandoned, which she had not done.
        mine.close(CONTINUED_IN_EARLIER, actor="bruker", now=now)
        # The login goes with her: this one keeps no login of its own (a close ends none).
        mine.end_person_tie("samtalen fortsatte i en tidligere samtale", now=now)
        uow.audit.add(AuditEntry(now, None, "bruker", "bruker_resumed", found.id,
                                 {"from": current.id, "person": audit_person(deps, session.pseudonym),
                                  "closed": to_read}))
    await person.sessions.remove(current.id)
    await person.sessions.add(replace(session, conversation_id=found.id))
    log.info("login.resumed conversation=%s from=%s closed=%s carried=%d", found.id, current.id, to_read,
             len(carried))
    await publish_state(deps, found)
    if said is not None:
        await publish_message(deps, found, said)
    await publish_state(deps, mine)  # closed: out of the queue and the counts on every console
    if waiting_here:
        for message in carried:
            await publish_message(deps, found, message)
        await assignment.handle(deps, uow.committed_events)
    return {"resumed": True, "id": found.id, "token": fresh, "state": found.state.value,
            "language": found.language}


async def _carry_over(deps: Deps, uow: UnitOfWork, source: Conversation, target: Conversation,
                      now: datetime) -> list[Message]:
    """What the bruker wrote in the waiting chat of a new tab, into the open chat it joins: a notice that says so,
    then their words as stored (masked, translated for the veileder), each at its own time; and its emergency."""
    notice = await uow.messages.add(system_message(target, "continued_in_earlier_chat", now))
    carried = [notice]
    for message in await uow.messages.list(source.id):
        if message.sender != "user":
            continue
        copy = Message(target.id, "user", message.original_text, message.original_language, message.created_at,
                       translated_text=message.translated_text, translated_language=message.translated_language,
                       machine_translated=message.machine_translated, intent=message.intent,
                       intent_confidence=message.intent_confidence)
        carried.append(await uow.messages.add(copy))
    await safety_net.carry_emergency(deps, uow, source, target, now)
    target.note("messages_carried_over", actor="router", reason="fra en ny fane der brukeren ba om veileder før "
                "innloggingen", now=now, data={"from": source.id, "messages": len(carried) - 1})
    return carried


async def _place_after_login(deps: Deps, uow: UnitOfWork, conversation: Conversation, now: datetime) -> bool:
    """A waiting conversation goes where the registers say (kode 6 to 2103 on every path). An assigned one stays with
    its veileder, who may well have asked for the login, unless she lacks a permission it now needs or it is kode 6;
    where the registers place it is noted for her (REGISTERED_ELSEWHERE). True when it moved."""
    if conversation.state not in (ConversationState.QUEUED, ConversationState.ASSIGNED):
        return False
    decision = route_conversation(deps.routing, conversation, now=now)
    lacks_permission = False
    if conversation.state is ConversationState.ASSIGNED and conversation.veileder_id is not None:
        veileder = await uow.veiledere.get(conversation.veileder_id)
        needed = required_permissions(conversation.diskresjonskode, conversation.skjermet)
        lacks_permission = veileder is None or not needed <= veileder.permissions
    if decision.enhetsnummer == conversation.enhetsnummer and not lacks_permission:
        return False
    if conversation.state is ConversationState.ASSIGNED and not lacks_permission \
            and not conversation.is_strengt_fortrolig:
        # Probe 162: a veileder asked a bruker in acute need to log in, the login moved the chat to the office of
        # her registered address, where nobody was logged in, and the veileder lost it mid-conversation. She keeps
        # it; the office the registers name is hers to pass it on to, if that office is to follow up.
        conversation.note(REGISTERED_ELSEWHERE, actor="router", reason=REGISTERED_PLACE, now=now,
                          data={"enhetsnummer": decision.enhetsnummer})
        return False
    conversation.transfer(decision.placement, actor="router", note=REGISTERED_PLACE, now=now,
                          reserved_for=conversation.own_veileder_id)
    return True


async def session_for(deps: Deps, conversation: Conversation, now: datetime) -> LoginSession | None:
    """The live login session of an open conversation (as its caller read it), for what a login lets it do: look up
    the case, for the bruker or for staff. None when it expired; when the conversation no longer holds the login
    (logged out: the session left behind is removed); and for a closed chat, which keeps its login only to be read
    until Logg ut or expiry (Conversation.close) and looks nothing up any more."""
    if deps.person is None:
        return None
    session = await deps.person.sessions.for_conversation(conversation.id)
    if session is None or session.expires_at <= now:
        return None
    if conversation.state is ConversationState.CLOSED and conversation.is_logged_in:
        return None
    if not conversation.is_logged_in:
        await deps.person.sessions.remove(conversation.id)
        log.info("login.session_without_tie_removed conversation=%s", conversation.id)
        return None
    return session


async def _end_tie(deps: Deps, session: LoginSession, reason: str, text_key: str) -> None:
    now = deps.clock.now()
    await person_deps(deps).sessions.remove(session.conversation_id)
    async with deps.uow() as uow:
        conversation = await uow.conversations.get(session.conversation_id)
        if conversation is None:
            return
        was_tied = conversation.is_logged_in
        conversation.end_person_tie(reason, now=now)
        if conversation.state is ConversationState.CLOSED:
            # An ended chat does not go on: "Du er logget ut.", not "... Samtalen fortsetter uten innlogging."
            text_key = f"{text_key}_closed"
        message = await uow.messages.add(system_message(conversation, text_key, now)) if was_tied else None
    if message is not None:
        await publish_state(deps, conversation)
        await publish_message(deps, conversation, message)


async def logout(deps: Deps, conversation_id: str, token: str | None) -> str | None:
    """The bruker logs out: the tie ends, the session goes. The provider's single sign-on session is still alive
    (a shared computer would let the next person in as her), so the login's ID token is kept server-side for the
    provider's logout; the ticket to it (for the browser's HttpOnly cookie), or None when nobody was logged in."""
    person = person_deps(deps)
    await authenticated(deps, conversation_id, token)
    session = await person.sessions.for_conversation(conversation_id)
    if session is None:
        return None
    await _end_tie(deps, session, "utlogget", "logged_out")
    log.info("login.logged_out conversation=%s", conversation_id)
    ticket = secrets.token_urlsafe(32)
    await person.sessions.start_logout(ticket, conversation_id, session.id_token, deps.clock.now())
    return ticket


async def provider_logout_url(deps: Deps, ticket: str | None, state: str) -> str | None:
    """Where to send the browser to end the provider's session for the logout under ``ticket`` (once), coming
    back with ``state``; None when there is nothing to end (no ticket, taken, expired) or the provider has no
    end-session endpoint or cannot be reached."""
    person = person_deps(deps)
    if not ticket:
        return None
    id_token = await person.sessions.take_logout(ticket, deps.clock.now())
    if id_token is None:
        log.info("login.provider_logout_without_ticket")
        return None
    return await person.provider.logout_url(id_token, state)


async def expire_sessions(deps: Deps) -> int:
    """Logins past their token's expiry end the tie (the bruker is told and may log in again)."""
    if deps.person is None:
        return 0
    expired = await deps.person.sessions.expired(deps.clock.now())
    for session in expired:
        await _end_tie(deps, session, "innloggingen utløp", "login_expired")
    return len(expired)


async def request_login(deps: Deps, staff: StaffUser, conversation_id: str) -> dict[str, Any]:
    """A veileder asks the bruker to log in: a system message with a "Logg inn" button, audited. Who may not see
    the chat is refused first, whether login is on or not (the web edge audits that refusal)."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        conversation = await load_visible(uow, staff, conversation_id)  # admin: her role's refusal, protected or not
        person_deps(deps)
        if not may_answer(staff, conversation.scope):
            raise NotAllowed("only the veileder the conversation is assigned to can ask the bruker to log in")
        if conversation.is_logged_in:
            raise Conflict("the bruker is already logged in", nb="Brukeren er allerede logget inn.")
        audit(uow, staff, "request_login", conversation_id, now)
        message = await uow.messages.add(system_message(
            conversation, "login_requested", now,
            buttons=[{"title": fixed_text("login_button", conversation.language), "payload": LOGIN_PAYLOAD}]))
    await publish_message(deps, conversation, message)
    return {"requested": True}
