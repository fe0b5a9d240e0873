"""Turns every failure into a JSON answer with a reason; security headers on every response; WebSockets without
compression."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import hdrs, web
from aiohttp.web_protocol import RequestPayloadError
from pydantic import ValidationError

from router.adapters.db import store_error
from router.domain.contact import NAV_PHONE
from router.domain.errors import AlreadyAssigned, DomainError, InvalidTransition, NotAllowed
from router.ports import faults
from router.ports.store import StoreUnavailable
from router.services.errors import ServiceError
from router.web import input_guard

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

_DOMAIN_STATUS: dict[type[DomainError], int] = {InvalidTransition: 409, AlreadyAssigned: 409, NotAllowed: 403}

# Sent with every HTML page: by the page handlers (routes.py) and, for any other HTML, by the middleware below.
PAGE_SECURITY_HEADERS = {
    # connect-src 'self' covers the page's own WebSockets (ws: and wss: to this host): never any host's.
    "Content-Security-Policy": "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
}


def error_response(status: int, reason: str, headers: dict[str, str] | None = None,
                   nb: str | None = None) -> web.Response:
    """``{"error": reason}``, with ``"error_nb"``, the reason in bokmål for the staff pages, when the use case
    gave one (router/services/errors.py)."""
    body = {"error": reason} if nb is None else {"error": reason, "error_nb": nb}
    return web.json_response(body, status=status, headers=headers)


def staff_text(error: Exception) -> str | None:
    """The refusal's reason in bokmål, when its use case wrote one."""
    return error.nb if isinstance(error, ServiceError) else None


def describe_validation_error(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "body"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


_REFUSALS = (ServiceError, DomainError, ValidationError)  # what a request is refused with, not what went wrong
UNEXPECTED = (500, "something went wrong on our side; please try again")


def _refusal_status(error: ServiceError | DomainError | ValidationError) -> tuple[int, str]:
    if isinstance(error, ServiceError):
        return error.status, str(error)
    if isinstance(error, DomainError):
        return next((_DOMAIN_STATUS[c] for c in type(error).__mro__ if c in _DOMAIN_STATUS), 400), str(error)
    return 400, describe_validation_error(error)


def status_of(error: Exception) -> tuple[int, str] | None:
    """The status and reason a request failing with ``error`` is answered with, for what answers without an HTTP
    response of its own (a WebSocket frame); None for anything unexpected (the caller logs it and answers
    ``UNEXPECTED``)."""
    if isinstance(error, _REFUSALS):
        return _refusal_status(error)
    if store_error(error) is not None:
        faults.count("navchat_store_unavailable", "socket")
        faults.count("navchat_http_responses_5xx", "503")  # a frame, but the same answer a request would get
        return 503, "the chat cannot store anything right now; please send it again in a moment"
    return None


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await _answer(request, handler)
    except web.HTTPException as error:
        if error.status >= 500:
            faults.count("navchat_http_responses_5xx", str(error.status))
        raise
    if response.status >= 500:
        faults.count("navchat_http_responses_5xx", str(response.status))
    return response


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


# Settings.public_origin (NAVCHAT_PUBLIC_ORIGIN), set by create_app: here, as router.web.appkeys imports the
# WebSockets, which import this module.
PUBLIC_ORIGIN = web.AppKey("public_origin", str)


def is_own_origin(request: web.Request, origin: str) -> bool:
    """Whether a browser's ``Origin`` is this site: NAVCHAT_PUBLIC_ORIGIN when set (exactly; the Host header is the
    proxy's to rewrite and a non-browser's to forge), else the Host the request names (development). The one rule
    of the API (cross_site_refusal) and the sockets (ws.origin_allowed)."""
    if public_origin := request.app.get(PUBLIC_ORIGIN, ""):
        return origin.lower() == public_origin
    return urlsplit(origin).netloc.lower() == request.host.lower()


def cross_site_refusal(request: web.Request) -> web.Response | None:
    """A state-changing API request a foreign page could have made in the visitor's browser: refused with the reason.

    An ``Origin`` (browsers send it with every POST) must be this site's own: a form on another site posting to
    /api/staff/login logged the visitor's browser in as a staff user of its choosing (login CSRF; the Strict cookie
    is kept from a cross-site response). And a body must be declared JSON: a form can send text/plain (which the
    JSON parser read all the same) without asking, never application/json, which a browser only sends cross-site
    after a CORS preflight the router never grants. Clients without a browser send no Origin; every caller of the
    API sends JSON (staff.js, bruker_api.js, the action server). "This site" is NAVCHAT_PUBLIC_ORIGIN when set
    (is_own_origin); NAVCHAT_ALLOWED_ORIGINS are not: a page there embeds the chat over /socket.io/ and posts nothing
    to /api/ (no CORS is granted it)."""
    if request.method not in UNSAFE_METHODS or not request.path.startswith("/api/"):
        return None
    origin = request.headers.get(hdrs.ORIGIN)
    if origin is not None and not is_own_origin(request, origin):
        log.warning("http.cross_origin_refused path=%s", request.path)
        return error_response(403, "cross-origin request refused: the Origin header is not this site")
    if request.can_read_body and request.content_type != "application/json":
        return error_response(415, "the body must be JSON, sent with Content-Type: application/json")
    return None


async def _answer(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        if (refused := cross_site_refusal(request)) is not None:
            return refused
        if request.can_read_body and request.path.startswith("/api/"):
            # Every JSON body meets the edge limits (router/web/input_guard.py) before any handler parses it.
            input_guard.screen(await request.read())
        return await handler(request)
    except _REFUSALS as error:
        return error_response(*_refusal_status(error), nb=staff_text(error))
    except StoreUnavailable as error:
        return _store_unavailable(request, error)
    except json.JSONDecodeError:
        return error_response(400, "the body is not valid JSON")
    except RequestPayloadError:
        # A body that does not match its Content-Encoding (probe 164: "gzip" over plain JSON was a 500, with two
        # tracebacks in the log for each request). Nothing more of it can be read: the connection ends with the
        # answer, and aiohttp is told not to read the rest (it would log the same error as unhandled).
        refused = error_response(400, "the body could not be read: it does not match its Content-Encoding")
        refused.force_close()
        request.content.feed_eof()
        return refused
    except web.HTTPRequestEntityTooLarge:
        return error_response(413, "the body is too large")
    except web.HTTPException as error:
        if request.path.startswith("/api/") and error.status >= 400 and error.content_type != "application/json":
            return error_response(error.status, error.reason)
        raise
    except Exception as error:
        # The database locked by another process past the busy timeout, or full (probe 98: a bruker's send while an
        # operator's sqlite3 held the write lock was a 500): the store's unavailable answer, not a bug's.
        if (unavailable := store_error(error)) is not None:
            return _store_unavailable(request, unavailable)
        log.exception("http.unhandled path=%s", request.path)
        return error_response(*UNEXPECTED)


def _store_unavailable(request: web.Request, error: StoreUnavailable) -> web.Response:
    # Nothing was stored: the client may retry (a message keeps its client_msg_id, so a retry never doubles).
    log.warning("store.unavailable path=%s reason=%s", request.path, error)
    faults.count("navchat_store_unavailable", "http")
    return error_response(503, "the chat cannot store anything right now; please try again in a moment, or "
                               f"call NAV on {NAV_PHONE}", headers={"Retry-After": "5"})


@web.middleware
async def security_headers_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-cache")  # revalidate by ETag: no stale JS after a deploy
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if not isinstance(response, web.WebSocketResponse) and response.content_type == "text/html":
        for name, value in PAGE_SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
    return response


# Where python-socketio is attached (router/web/rasa_socketio.py).
SOCKET_IO_PATH = "/socket.io/"


# The largest Socket.IO long-polling POST python-engineio takes (its max_http_buffer_size, rasa_socketio.py): the
# same bound as an HTTP body.
SOCKET_IO_MAX_POST_BYTES = 64 * 1024


@web.middleware
async def socketio_post_size_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A Socket.IO long-polling POST larger than python-engineio takes is refused here with a 413: engineio's own
    refusal closes the session and waits for a poll to carry the close, which never comes, so the request hung
    unanswered until the client gave up (probe 164)."""
    if request.method == "POST" and request.path.startswith(SOCKET_IO_PATH) \
            and (request.content_length or 0) > SOCKET_IO_MAX_POST_BYTES:
        return web.Response(status=413, text="packet too large")
    return await handler(request)


@web.middleware
async def uncompressed_websockets_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Socket.IO's WebSockets are opened without permessage-deflate, which browsers offer and python-engineio
    accepts by default (the router's own sockets refuse it themselves: ws.new_socket, which says why).

    python-engineio makes its socket itself, so its upgrade request is cloned without the offer. Only its: the clone
    is a second request with its own headers, held beside the first for as long as the socket is open (about 3 KB
    per open chat when every socket was cloned).
    """
    if hdrs.SEC_WEBSOCKET_EXTENSIONS in request.headers and request.path.startswith(SOCKET_IO_PATH):
        headers = request.headers.copy()
        del headers[hdrs.SEC_WEBSOCKET_EXTENSIONS]
        request = request.clone(headers=headers)
    return await handler(request)
