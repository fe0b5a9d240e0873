"""The bruker's login (ID-porten) and own case, and the staff side of both: parse, call one use case, answer.

The browser holds one opaque, HttpOnly cookie (``navchat_login``: a random session id); who the person is stays in
the router (router/ports/login.py). The provider's callback lands on ``/oauth2/callback`` (NAV's login proxy uses
the same path) and sends the browser back to the chat, which continues its conversation.
"""

from __future__ import annotations

import logging
import secrets

from aiohttp import web

from router.ports.login import LoginFailed, ProviderUnavailable
from router.ports.registers import RegisterUnavailable
from router.services import handover, innsyn, login
from router.services.errors import Conflict, InvalidInput, NotFound
from router.web import input_guard
from router.web.api import LOGIN_COOKIE, bearer_token, check_internal_token
from router.web.appkeys import DEPS
from router.web.auth import STAFF, is_local, staff_required
from router.web.schemas import TakeOverChat, parse_body
from router.web.staff_api import refusals_audited

log = logging.getLogger(__name__)

# The starting browser's binding to its pending login (services/login.py start_login), for the callback only.
BINDING_COOKIE = "navchat_login_start"
# A logout on its way to the provider: first the ticket to the ended login's ID token (kept server-side), then the
# state the provider must send back; for /oauth2/ only, HttpOnly.
LOGOUT_COOKIE = "navchat_logout"
LOGOUT_STATE_COOKIE = "navchat_logout_state"
# Where the widget sends the browser after "Logg ut"; the provider sends it back to LOGGED_OUT_PATH.
PROVIDER_LOGOUT_PATH = "/oauth2/logout"
LOGGED_OUT_PATH = "/oauth2/logged-out"
MAX_QUESTION_CHARS = 500


async def start(request: web.Request) -> web.Response:
    """POST /api/conversations/{id}/login: where to send the browser to log in."""
    binding = secrets.token_urlsafe(32)
    try:
        url = await login.start_login(request.app[DEPS], request.match_info["id"], bearer_token(request), binding)
    except ProviderUnavailable:
        raise login.LoginProviderDown("the login service cannot be reached right now") from None
    response = web.json_response({"url": url})
    response.set_cookie(BINDING_COOKIE, binding, httponly=True, samesite="Lax", path="/oauth2/",
                        secure=request.app[DEPS].settings.cookie_secure or not is_local(request),
                        max_age=login.PENDING_MAX_AGE_S)
    return response


async def callback(request: web.Request) -> web.StreamResponse:
    """GET /oauth2/callback?code&state: finish the login, keep the session server-side, back to the chat."""
    deps = request.app[DEPS]
    try:
        state = input_guard.query_text(request.query, "state", max_chars=200) or ""
        code = input_guard.query_text(request.query, "code", max_chars=2000) or ""
    except InvalidInput as error:
        # A page in the browser, not an API: a spoiled link goes back to the chat, which says the login failed in
        # the bruker's language, instead of showing a JSON error in English.
        log.warning("login.bad_callback reason=%s", str(error)[:80])
        raise web.HTTPSeeOther("/?login=failed") from None
    if not state or not code:
        # The provider said no (the bruker cancelled, or an error): the chat goes on anonymously.
        log.info("login.cancelled error=%s", (request.query.get("error") or "none")[:40])
        raise web.HTTPSeeOther("/?login=failed")
    try:
        session = await login.finish_login(deps, state, code, request.cookies.get(BINDING_COOKIE))
    except login.AnotherPersonsChat:
        # Refused every time (the chat is tied to the person who logged out here): trying again is no way on, a new
        # chat is; the widget says so.
        log.warning("login.failed reason=another_persons_chat")
        raise web.HTTPSeeOther("/?login=another_person") from None
    except (LoginFailed, ProviderUnavailable, RegisterUnavailable, Conflict, NotFound) as error:
        log.warning("login.failed reason=%s", type(error).__name__)
        raise web.HTTPSeeOther("/?login=failed") from None
    response = web.HTTPSeeOther("/?login=ok")
    response.del_cookie(BINDING_COOKIE, path="/oauth2/")
    max_age = max(60, int((session.expires_at - deps.clock.now()).total_seconds()))
    # Lax, not Strict: the browser arrives here from the provider's page (a cross-site top-level navigation).
    response.set_cookie(LOGIN_COOKIE, session.session_id, httponly=True, samesite="Lax", path="/",
                        secure=deps.settings.cookie_secure or not is_local(request), max_age=max_age)
    raise response


async def logout(request: web.Request) -> web.Response:
    """POST /api/conversations/{id}/logout: the tie ends at once. ``logout_url`` is the router's own
    ``/oauth2/logout`` (never the provider's URL, which holds the whole ID token): the widget sends the browser
    there to end the provider's session too; null when nobody was logged in."""
    deps = request.app[DEPS]
    ticket = await login.logout(deps, request.match_info["id"], bearer_token(request))
    response = web.json_response({"logged_in": False, "logout_url": PROVIDER_LOGOUT_PATH if ticket else None})
    response.del_cookie(LOGIN_COOKIE, path="/")
    if ticket:
        response.set_cookie(LOGOUT_COOKIE, ticket, httponly=True, samesite="Lax", path="/oauth2/",
                            secure=deps.settings.cookie_secure or not is_local(request),
                            max_age=login.PENDING_MAX_AGE_S)
    return response


async def provider_logout(request: web.Request) -> web.StreamResponse:
    """GET /oauth2/logout: after the chat's logout, on to the provider's end-session endpoint (front-channel, with
    the ID token looked up server-side by the browser's logout cookie, once) and back to ``/oauth2/logged-out``
    with a state kept in a cookie. Nothing to end, or the provider cannot be reached: back to the chat with
    ?logout=incomplete (the widget tells her she may still be logged in at ID-porten)."""
    deps = request.app[DEPS]
    secure = deps.settings.cookie_secure or not is_local(request)
    state = secrets.token_urlsafe(32)
    url = await login.provider_logout_url(deps, request.cookies.get(LOGOUT_COOKIE), state)
    if url is None:
        response: web.HTTPException = web.HTTPSeeOther("/?logout=incomplete")
    else:
        response = web.HTTPFound(url)
        response.set_cookie(LOGOUT_STATE_COOKIE, state, httponly=True, samesite="Lax", path="/oauth2/",
                            secure=secure, max_age=login.PENDING_MAX_AGE_S)
    response.del_cookie(LOGOUT_COOKIE, path="/oauth2/")
    raise response


async def logged_out(request: web.Request) -> web.StreamResponse:
    """GET /oauth2/logged-out?state: the provider's post_logout_redirect_uri. Only the state this browser was sent
    off with says the provider's session ended (?logout=ok, the widget says so); anything else goes back to the
    chat claiming nothing."""
    expected = request.cookies.get(LOGOUT_STATE_COOKIE) or ""
    given = request.query.get("state") or ""
    matched = bool(expected) and secrets.compare_digest(given.encode(), expected.encode())
    if not matched:
        log.warning("login.provider_logout_unmatched_state")
    response = web.HTTPSeeOther("/?logout=ok" if matched else "/")
    response.del_cookie(LOGOUT_STATE_COOKIE, path="/oauth2/")
    raise response


async def resume(request: web.Request) -> web.Response:
    """POST /api/conversations/{id}/resume: back from a login, this person's open conversation (waiting for or with
    a veileder) with a fresh token instead of this new one, or {"resumed": false}. Needs this conversation's token
    and the login cookie of this same conversation."""
    result = await login.resume_open_conversation(request.app[DEPS], request.match_info["id"], bearer_token(request),
                                                  request.cookies.get(LOGIN_COOKIE))
    return web.json_response(result)


async def take_over_chat(request: web.Request) -> web.Response:
    """POST /api/handover {"ticket", "claim"}: a chat in a Rasa widget moves to this site (the page of
    router/web/handover_page.py), with a new token; the widget is detached. The same claim again gets the same
    answer."""
    body = await parse_body(request, TakeOverChat)
    conversation, token = await handover.take_over(request.app[DEPS], body.ticket, body.claim)
    return web.json_response({"id": conversation.id, "token": token, "state": conversation.state.value,
                              "language": conversation.language})


def _question(value: object) -> str:
    if not isinstance(value, str) or len(value) > MAX_QUESTION_CHARS:
        raise InvalidInput(f"question must be a text of at most {MAX_QUESTION_CHARS} characters")
    return value


async def case(request: web.Request) -> web.Response:
    """GET /api/conversations/{id}/case?question=: the bruker's own case, with the conversation's token and the
    login cookie of that same conversation (another one's is refused and audited)."""
    question = input_guard.query_text(request.query, "question", max_chars=MAX_QUESTION_CHARS) or ""
    result = await innsyn.answer_for_bruker(request.app[DEPS], request.match_info["id"], bearer_token(request),
                                            request.cookies.get(LOGIN_COOKIE), question)
    return web.json_response(result)


async def internal_case(request: web.Request) -> web.Response:
    """POST /api/internal/conversations/{id}/case {"question"}: the action server asks for facts, never identifiers,
    and only while it answers this conversation."""
    check_internal_token(request)
    deps = request.app[DEPS]
    body = await request.json()
    question = _question(body.get("question", "") if isinstance(body, dict) else None)
    result = await innsyn.answer_for_conversation(deps, request.match_info["id"], question, who="chatrobot",
                                                  why="brukeren spurte om egen sak", while_bot_answers=True)
    return web.json_response(result)


async def internal_ways_to_nav(request: web.Request) -> web.Response:
    """GET /api/internal/conversations/{id}/ways-to-nav: may this person apply digitally, may the bot name a
    local office (services/innsyn.py); only while the bot answers this conversation."""
    check_internal_token(request)
    return web.json_response(await innsyn.ways_to_nav_for_bot(request.app[DEPS], request.match_info["id"]))


@staff_required()
@refusals_audited("request_login")
async def request_login(request: web.Request) -> web.Response:
    """POST /api/staff/conversations/{id}/request-login: a "Logg inn" button in the bruker's chat; a refusal of
    access is audited as every per-chat action's is."""
    return web.json_response(await login.request_login(request.app[DEPS], request[STAFF], request.match_info["id"]))


@staff_required()
async def staff_case(request: web.Request) -> web.Response:
    """GET /api/staff/conversations/{id}/case: the facts beside the conversation (need-to-know, audited)."""
    return web.json_response(await innsyn.facts_for_staff(request.app[DEPS], request[STAFF],
                                                           request.match_info["id"]))
