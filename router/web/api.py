"""JSON handlers for the bruker: open a conversation, send and read messages, ask for a human."""

from __future__ import annotations

import asyncio
import hmac

from aiohttp import web

from router.domain.language_policy import NORWEGIAN_PATH, normalize_language, replies_reach
from router.services import conversations, handoff, login, notify, receive
from router.services.errors import NotAuthenticated
from router.services.preferences import (
    choose_language,
    close_by_user,
    record_interpreter_need,
    request_interpreter,
)
from router.texts import (
    NORWEGIAN_LANGUAGE_NAMES,
    available_languages,
    fixed_text,
    language_name,
    widget_texts,
)
from router.web import input_guard
from router.web.appkeys import DEPS, HTTP, HUB
from router.web.limits import LIMITS, client_address
from router.web.schemas import (
    ChooseLanguage,
    CreateConversation,
    Handoff,
    PostMessage,
    ReadReceipt,
    Typing,
    parse_body,
)

# The browser's login: an opaque, HttpOnly session id (router/web/login_api.py sets it; the bruker's reads name the
# reader by it, services/conversations.py bruker_reader).
LOGIN_COOKIE = "navchat_login"


def bearer_token(request: web.Request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or input_guard.bearer_value(token.strip()) is None:
        raise NotAuthenticated("send the conversation token as 'Authorization: Bearer <token>'")
    return token.strip()


async def create_conversation(request: web.Request) -> web.Response:
    body = await parse_body(request, CreateConversation)
    create = {"language": body.language, "kommune": body.kommune, "page_locale": body.page_locale,
              "origin": _client_address(request)}
    ended_login = False
    if body.after:
        conversation, token, ended_login = await login.open_next_chat(
            request.app[DEPS], body.after, bearer_token(request), request.cookies.get(LOGIN_COOKIE), **create)
    else:
        conversation, token = await conversations.create_conversation(request.app[DEPS], **create)
    response = web.json_response({"id": conversation.id, "token": token, "state": conversation.state.value,
                                  "language": conversation.language, "logged_in": conversation.is_logged_in},
                                 status=201)
    if ended_login:
        # The closed chat's login ended with it leaving the page: the browser keeps no cookie of it.
        response.del_cookie(LOGIN_COOKIE, path="/")
    return response


def _client_address(request: web.Request) -> str:
    """The bruker's address as the abuse limits count it (behind the trusted proxies), for the chat's origin_key."""
    found = request.get(LIMITS)
    return found.address(request) if found is not None else client_address(request, ())


async def post_message(request: web.Request) -> web.Response:
    token = bearer_token(request)
    body = await parse_body(request, PostMessage)
    message, created = await receive.receive_user_message(
        request.app[DEPS],
        request.match_info["id"],
        token,
        client_msg_id=body.client_msg_id,
        text=body.text,
        payload=body.payload,
    )
    return web.json_response(message, status=201 if created else 200)


async def get_messages(request: web.Request) -> web.Response:
    token = bearer_token(request)
    after = input_guard.query_int(request.query, "after", 0)
    result = await conversations.messages_for_user(request.app[DEPS], request.match_info["id"], token, after,
                                                   login_session=request.cookies.get(LOGIN_COOKIE))
    await request.app[HUB].bruker_polled(request.match_info["id"], result["conversation"]["state"])
    return web.json_response(result)


async def request_handoff(request: web.Request) -> web.Response:
    """The always-visible 'talk to a human' button: works even when the bot is down."""
    deps = request.app[DEPS]
    token = bearer_token(request)
    await conversations.authenticated(deps, request.match_info["id"], token)
    result = await handoff.hand_off_on_brukers_request(deps, request.match_info["id"])
    return web.json_response(result)


async def set_language(request: web.Request) -> web.Response:
    body = await parse_body(request, ChooseLanguage)
    row = await choose_language(request.app[DEPS], request.match_info["id"], bearer_token(request), body.language)
    return web.json_response(notify.user_view(request.app[DEPS], row))


async def set_interpreter(request: web.Request) -> web.Response:
    body = await parse_body(request, ChooseLanguage)
    row = await request_interpreter(
        request.app[DEPS], request.match_info["id"], bearer_token(request), body.language
    )
    return web.json_response(notify.user_view(request.app[DEPS], row))


async def close_conversation(request: web.Request) -> web.Response:
    row = await close_by_user(request.app[DEPS], request.match_info["id"], bearer_token(request))
    return web.json_response(notify.user_view(request.app[DEPS], row))


async def _signal_from_bruker(request: web.Request, **event: object) -> web.Response:
    """Typing and read receipts: checked against the token, published, never stored."""
    await conversations.signal_from_bruker(request.app[DEPS], request.match_info["id"], bearer_token(request), **event)
    return web.Response(status=204)


async def user_typing(request: web.Request) -> web.Response:
    body = await parse_body(request, Typing)
    return await _signal_from_bruker(request, type="typing", sender="user", typing=body.typing)


async def user_read(request: web.Request) -> web.Response:
    body = await parse_body(request, ReadReceipt)
    return await _signal_from_bruker(request, type="read", reader="user", seq=body.seq)


async def list_languages(request: web.Request) -> web.Response:
    """The picker's languages: own name, name in bokmål, whether they take the Norwegian path, and how a veileder's
    reply reaches a bruker writing it.

    With ``?all=1`` also the languages the staff pages name but the picker does not offer (tolk languages),
    marked ``"picker": false``. Every page takes its language names from here (router/texts).
    """
    picker = available_languages()
    codes = picker + [c for c in NORWEGIAN_LANGUAGE_NAMES if c not in picker] if request.query.get("all") else picker
    return web.json_response(
        [
            {
                "code": code,
                "name": language_name(code),
                "name_nb": NORWEGIAN_LANGUAGE_NAMES.get(code, code),
                "norwegian_path": normalize_language(code) in NORWEGIAN_PATH,
                "picker": code in picker,
                # How a veileder's Norwegian reaches a bruker writing it (the console says so before they write).
                "veileder_replies": replies_reach(code, request.app[DEPS].language.has_translation).value,
            }
            for code in codes
        ]
    )


async def limits(request: web.Request) -> web.Response:
    """What the widget checks before sending: the longest message the router takes (``len`` of the text, as
    ``Settings.max_message_chars``), and the hand-written notice for a too long one in every language."""
    return web.json_response(
        {
            "max_message_chars": request.app[DEPS].settings.max_message_chars,
            "too_long": {code: fixed_text("too_long", code) for code in available_languages()},
        }
    )


async def widget_texts_for(request: web.Request) -> web.Response:
    """The widget's own texts (status line, buttons, errors, placeholder, footer) in ``?lang=``, hand-written in
    router/texts; bokmål for a language without texts. The widget fetches them when the conversation's language
    changes, so everything it shows is in one language."""
    language = normalize_language(request.query.get("lang"))
    return web.json_response(widget_texts(language), headers={"Cache-Control": "public, max-age=300"})


async def user_ws(request: web.Request) -> web.WebSocketResponse:
    return await request.app[HUB].serve_user(request)


# A part that does not answer within this is down, for /health and /health/ready alike: a load balancer's check
# must end well within its own timeout (HAProxy's `timeout check`, scripts/run_scaled.py).
PART_TIMEOUT_S = 2.0


async def _database_ok(request: web.Request) -> bool:
    try:
        async with asyncio.timeout(PART_TIMEOUT_S):
            async with request.app[DEPS].uow() as uow:
                await uow.ping()
        return True
    except Exception:
        return False


async def health(request: web.Request) -> web.Response:
    """The state of each part, so an operator (and the launcher) sees what is down. Each part is asked at the same
    time, each within ``PART_TIMEOUT_S`` (the Rasa processes all at once, their answer kept a second: RasaClient.
    processes_up), so one hung Rasa neither slows this answer nor hides the others."""
    deps = request.app[DEPS]

    async def action_server_ok() -> bool:
        session = request.app[HTTP]
        try:
            async with session.get(f"{deps.settings.action_server_url}/health", timeout=PART_TIMEOUT_S) as response:
                return response.status == 200
        except Exception:
            return False

    async def rasa_processes() -> list[bool]:
        each = getattr(deps.bot, "processes_up", None)
        return await each() if each is not None else [await deps.bot.is_healthy()]

    processes, actions, database = await asyncio.gather(rasa_processes(), action_server_ok(),
                                                        _database_ok(request))
    rasa = any(processes)
    bus = deps.bus.reachable
    status = "ok" if (rasa and actions and database and bus) else ("degraded" if database else "down")
    body = {
        "status": status,
        "rasa": "up" if rasa else "down",
        # each Rasa of NAVCHAT_RASA_URL in its order: one down is still "rasa": "up" (its chats go to another)
        "rasa_processes": ["up" if up else "down" for up in processes],
        "action_server": "up" if actions else "down",
        "database": "up" if database else "down",
        # Redis in the scaled profile: away, the routers do not hear each other and Rasa cannot lock a turn.
        "event_bus": "up" if bus else "down",
    }
    return web.json_response(body, status=200 if database else 503)


async def health_live(request: web.Request) -> web.Response:
    """Liveness: the router's event loop answers. Asks nothing else."""
    return web.json_response({"status": "live"})


async def health_ready(request: web.Request) -> web.Response:
    """Readiness, for a load balancer (HAProxy in the scaled profile): the router and its database answer. Rasa,
    the action server and Redis are left out on purpose: the router serves chats without them (a bruker reads that
    the bot is away and may ask for a veileder; the console works), and one hung Rasa behind every router used to
    take all routers out of HAProxy at once, console included (probe 98). /health reports them."""
    database = await _database_ok(request)
    return web.json_response({"status": "ready" if database else "not_ready", "database": "up" if database else "down"},
                             status=200 if database else 503)


def check_internal_token(request: web.Request) -> None:
    expected = request.app[DEPS].settings.internal_token
    if not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {expected}"):
        raise NotAuthenticated("internal endpoint: wrong or missing token")


async def internal_interpreter(request: web.Request) -> web.Response:
    """The bot learned that the bruker needs a tolk (and for which language)."""
    check_internal_token(request)
    body = await parse_body(request, ChooseLanguage)
    row = await record_interpreter_need(request.app[DEPS], request.match_info["id"], body.language,
                                        while_bot_answers=True)
    return web.json_response(notify.user_view(request.app[DEPS], row))


async def internal_handoff(request: web.Request) -> web.Response:
    """Called by the action server's action_handoff, with the shared internal token."""
    check_internal_token(request)
    deps = request.app[DEPS]
    body = await parse_body(request, Handoff)
    result = await handoff.hand_off(
        deps,
        request.match_info["id"],
        reason=body.reason,
        tema=body.tema,
        priority=body.priority,
        summary=body.summary,
        kommune=body.kommune,
        bydel=body.bydel,
        postnummer=body.postnummer,
        intents=[(i.message_id, i.intent, i.confidence) for i in body.intents],
        actor="bot",
        while_bot_answers=True,
    )
    return web.json_response(result)
