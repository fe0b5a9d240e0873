"""JSON handlers for staff: login, queue, take, reply, transfer, back to bot, close, presence, audit."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping

from aiohttp import web

from router.domain import staff_labels
from router.domain.access import Role
from router.services import dispatch, inbox, queue_overview, replies, staff, templates
from router.services.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound, ServiceError
from router.web import input_guard, limits, routing_api
from router.web.appkeys import DEPS, HUB
from router.web.auth import (
    BACKGROUND_HEADER,
    COOKIE,
    CSRF,
    STAFF,
    Handler,
    set_session_cookie,
    staff_required,
)
from router.web.schemas import (
    Close,
    Login,
    Note,
    Presence,
    StaffMessage,
    TranscriptRequest,
    Transfer,
    Typing,
    parse_body,
)


def refusals_audited(attempt: str, *, reading: bool = False) -> Callable[[Handler], Handler]:
    """Under staff_required, on a handler of /api/staff/conversations/{id}/...: a 403 or 404 from the use case is
    audited as a refused ``attempt`` (staff.audit_refused decides whether it was one of access) and answered as
    before, so the caller learns nothing more; so is any other refusal the use case marked with ``why`` (a
    protected chat's transfer). Refusals by staff_required itself (CSRF, role) never reach here.
    ``reading``: the attempt reads what the conversation says (access.may_read)."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def wrapper(request: web.Request) -> web.StreamResponse:
            try:
                return await handler(request)
            except ServiceError as error:
                if isinstance(error, Forbidden | NotFound) or error.why is not None:
                    await staff.audit_refused(request.app[DEPS], request[STAFF], attempt, request.match_info["id"],
                                              reading=reading, why=error.why)
                raise

        return wrapper

    return decorate


def login_locked_nb(retry_after_s: float) -> str:
    """Why a login is refused after too many wrong passwords, and for how long, in bokmål."""
    seconds = limits.retry_after_seconds(retry_after_s)
    minutes = math.ceil(seconds / 60)
    wait = f"{seconds} sekunder" if seconds < 60 else ("1 minutt" if minutes == 1 else f"{minutes} minutter")
    return (f"For mange mislykkede innlogginger. Innloggingen er sperret i {wait}; prøv igjen etter det. "
            "Har du glemt passordet, kontakt den som administrerer tilgangen din.")


async def login(request: web.Request) -> web.Response:
    body = await parse_body(request, Login)
    # Failures per account and per address (router/web/limits.py Limits): a locked account or address gets
    # 429 before the password is looked at, the right password too.
    attempt = await limits.login_attempt(request, body.username)
    if attempt.retry_after_s:
        # Said as what it is: "Mange forespørsler på kort tid" was shown to a veileder typing the right password.
        return limits.too_many_requests(limits.LOGIN_REFUSED, attempt.retry_after_s,
                                        nb=login_locked_nb(attempt.retry_after_s))
    try:
        token, csrf, row = await staff.login(
            request.app[DEPS], body.username, body.password, request.cookies.get(COOKIE)
        )
    except NotAuthenticated:
        raise  # a wrong username or password: the failure stays counted
    except Exception:
        await attempt.cancel()  # bad input or an error on our side: not a failure
        raise
    await attempt.succeeded()
    response = web.json_response({"user": staff.staff_view(row), "csrf_token": csrf})
    set_session_cookie(response, request, token)
    return response


@staff_required()  # logged in, with the CSRF token: a foreign page cannot log staff out
async def logout(request: web.Request) -> web.Response:
    await dispatch.log_out(request.app[DEPS], request[STAFF], request.cookies.get(COOKIE))
    response = web.Response(status=204)
    response.del_cookie(COOKIE, path="/")
    return response


@staff_required()
async def me(request: web.Request) -> web.Response:
    """The user, the CSRF token, and in how many seconds the session ends unless used (``session_ends_in_s``): the
    staff pages warn before it does (staff.js IdleWarning). Their own look at it (X-Navchat-Background) puts nothing
    off; the person's own read ("Fortsett å være pålogget") does."""
    deps, token = request.app[DEPS], request.cookies.get(COOKIE)
    _, _, row = await staff.session_user(deps, token, activity=request.headers.get(BACKGROUND_HEADER) != "1")
    ends = await staff.session_ends_at(deps, token or "")
    left = max(0, math.floor((ends - deps.clock.now()).total_seconds())) if ends is not None else 0
    return web.json_response({"user": staff.staff_view(row), "csrf_token": request[CSRF], "session_ends_in_s": left})


@staff_required()
async def presence(request: web.Request) -> web.Response:
    body = await parse_body(request, Presence)
    return web.json_response(await dispatch.set_presence(request.app[DEPS], request[STAFF], body.presence))


@staff_required()
async def queue(request: web.Request) -> web.Response:
    return web.json_response({"conversations": await inbox.queue_for(request.app[DEPS], request[STAFF]),
                              "hidden_note_nb": inbox.queue_hidden_note(request[STAFF])})


@staff_required()
async def search(request: web.Request) -> web.Response:
    """GET /api/staff/conversations/search?q=: the conversations the user may see that match (audited)."""
    words = input_guard.query_text(request.query, "q", max_chars=100)
    if words is None or len(words.strip()) < 2:
        raise InvalidInput("q: write at least two characters to search for", nb="Skriv minst to tegn for å søke.")
    return web.json_response({"conversations": await inbox.search(request.app[DEPS], request[STAFF], words.strip())})


@staff_required()
async def mine(request: web.Request) -> web.Response:
    return web.json_response({"conversations": await inbox.mine(request.app[DEPS], request[STAFF])})


@staff_required()
@refusals_audited("read", reading=True)
async def conversation(request: web.Request) -> web.Response:
    detail = await inbox.conversation_detail(request.app[DEPS], request[STAFF], request.match_info["id"])
    return web.json_response(detail)


@staff_required()
@refusals_audited("transcript_download", reading=True)
async def transcript(request: web.Request) -> web.Response:
    """POST {"purpose"}: the conversation as a text file to download, for a police report or an HMS-avvik (a chat
    closed as threats, or the caller's own before it is closed: inbox.transcript), with the purpose stated;
    audited."""
    body = await parse_body(request, TranscriptRequest)
    name, text = await inbox.transcript(request.app[DEPS], request[STAFF], request.match_info["id"], body.purpose)
    return web.Response(text=text, content_type="text/plain", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@staff_required()
@refusals_audited("take")
async def take(request: web.Request) -> web.Response:
    return web.json_response(await dispatch.take(request.app[DEPS], request.match_info["id"], request[STAFF]))


@staff_required()
@refusals_audited("reply")
async def reply(request: web.Request) -> web.Response:
    body = await parse_body(request, StaffMessage)
    message = await replies.reply(request.app[DEPS], request.match_info["id"], request[STAFF], body.text,
                                  body.client_msg_id)
    return web.json_response(message, status=201)


@staff_required()
@refusals_audited("back_to_bot")
async def back_to_bot(request: web.Request) -> web.Response:
    return web.json_response(await dispatch.back_to_bot(request.app[DEPS], request.match_info["id"], request[STAFF]))


@staff_required()
@refusals_audited("close")
async def close(request: web.Request) -> web.Response:
    body = await parse_body(request, Close)
    result = await dispatch.close(request.app[DEPS], request.match_info["id"], request[STAFF], body.outcome,
                                  body.note)
    return web.json_response(result)


@staff_required()
@refusals_audited("note")
async def add_note(request: web.Request) -> web.Response:
    body = await parse_body(request, Note)
    result = await dispatch.add_note(request.app[DEPS], request.match_info["id"], request[STAFF], body.text)
    return web.json_response(result, status=201)


@staff_required()
@refusals_audited("transfer")
async def transfer(request: web.Request) -> web.Response:
    body = await parse_body(request, Transfer)
    result = await dispatch.transfer(
        request.app[DEPS], request.match_info["id"], request[STAFF], to_enhetsnummer=body.to_enhetsnummer,
        to_veileder=body.to_veileder, note=body.note,
    )
    return web.json_response(result)


@staff_required()
@refusals_audited("transfer_candidates")
async def transfer_candidates(request: web.Request) -> web.Response:
    """The veiledere of one enhet this conversation may be transferred to by name (audited like a read)."""
    enhet = input_guard.query_text(request.query, "enhet", max_chars=16)
    if enhet is None:
        raise InvalidInput("give enhet, the enhetsnummer whose veiledere you want to see")
    result = await dispatch.transfer_candidates(request.app[DEPS], request.match_info["id"], request[STAFF], enhet)
    return web.json_response(result)


@staff_required()
async def enheter(request: web.Request) -> web.Response:
    """Every enhet a conversation can be transferred to, for the console's choice (public reference data)."""
    rows = [
        {"enhetsnummer": e.enhetsnummer, "navn": e.navn, "type": e.type.value,
         "type_label": staff_labels.enhet_type_label(e.type.value)}
        for e in sorted(request.app[routing_api.REFERENCE_DATA].enheter.values(), key=lambda e: e.enhetsnummer)
    ]
    return web.json_response(rows)


@staff_required()
async def labels(request: web.Request) -> web.Response:
    """The staff pages' fixed choices with their words: one home for them, router/domain/staff_labels.py."""
    return web.json_response(staff_labels.staff_choices())


@staff_required()
@refusals_audited("typing")
async def staff_typing(request: web.Request) -> web.Response:
    body = await parse_body(request, Typing)
    await dispatch.signal_from_staff(request.app[DEPS], request[STAFF], request.match_info["id"],
                                     type="typing", sender="veileder", typing=body.typing)
    return web.Response(status=204)


@staff_required()
async def list_templates(request: web.Request) -> web.Response:
    return web.json_response(templates.REPLY_TEMPLATES)


_AUDIT_ACTION = re.compile(r"[a-z_]{1,64}")


@staff_required(Role.ADMIN, Role.REVISOR)
async def audit_log(request: web.Request) -> web.Response:
    """GET /api/admin/audit: a page of the audit log, newest first (staff.query_audit), filtered by time (``from``,
    ``to``), user, conversation and action; ``before_id`` (the previous page's ``next_before_id``) pages back."""
    query = request.query
    since = input_guard.query_time(query, "from", "Fra og med")
    until = input_guard.query_time(query, "to", "Til og med")
    if since is not None and until is not None and since >= until:
        raise InvalidInput("from must be before to", nb="«Fra og med» må være før «Til og med».")
    action = input_guard.query_text(query, "action", max_chars=64)
    if action is not None and not _AUDIT_ACTION.fullmatch(action):
        raise InvalidInput("action must be an action code such as read or refused (a-z and _)",
                           nb="Handlingen må være en handlingskode, for eksempel read eller refused.")
    before_id = input_guard.query_int(query, "before_id", 0)
    page = await staff.query_audit(request.app[DEPS], reader=request[STAFF], query=staff.AuditQuery(
        conversation_id=input_guard.query_text(query, "conversation_id", max_chars=64),
        username=input_guard.query_text(query, "username", max_chars=64),
        action=action, since=since, until=until, before_id=before_id or None,
        limit=_audit_page_rows(query),
    ))
    return web.json_response(page)


@staff_required()
async def staff_ws(request: web.Request) -> web.WebSocketResponse:
    return await request.app[HUB].serve_staff(request, request[STAFF], request.cookies.get(COOKIE, ""))


@staff_required(Role.KONTAKTSENTER, Role.ADMIN)
async def overview(request: web.Request) -> web.Response:
    """Group-level queue figures for the kontaktsenter dashboard (no individual veileder figures)."""
    return web.json_response(await queue_overview.shared_overview(request.app[DEPS], request[STAFF]))


def _audit_page_rows(query: Mapping[str, str]) -> int:
    """``limit``, 1 to AUDIT_MAX_PAGE_ROWS (docs/API.md): 0 was taken and answered with one row (probe 165)."""
    rows = input_guard.query_int(query, "limit", staff.AUDIT_PAGE_ROWS, maximum=staff.AUDIT_MAX_PAGE_ROWS)
    if rows < 1:
        raise InvalidInput(f"limit must be from 1 to {staff.AUDIT_MAX_PAGE_ROWS}",
                           nb=f"Antall rader må være fra 1 til {staff.AUDIT_MAX_PAGE_ROWS}.")
    return rows
