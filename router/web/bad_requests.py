"""Requests aiohttp cannot parse are logged and answered without repeating what was sent.

aiohttp answers a request it cannot read (a raw non-ASCII byte in the request line, a line too long, a bad method)
before any handler or middleware sees it: it logged the parser's exception with a traceback, whose message holds
the whole request line (the query string, with a fødselsnummer a bruker typed), and sent that message back as the
400 body. The access log (router/web/access_log.py) never held a query string; this log and answer did.

``install()`` puts ``QuietParseErrors`` in the place aiohttp's server builds its request handler from
(aiohttp.web_server names ``RequestHandler`` when a connection opens; no setting chooses it): a failure to parse is
logged as one line with its status and kind, and answered with a fixed text. Errors of the handlers themselves
(status 500) are aiohttp's as before; the router's error middleware answers them first anyway.
"""

from __future__ import annotations

import logging
from http import HTTPStatus

from aiohttp import web_server
from aiohttp.http_exceptions import BadHttpMethod
from aiohttp.web_protocol import RequestHandler
from aiohttp.web_request import BaseRequest
from aiohttp.web_response import Response, StreamResponse

from router.web.access_log import logged_address

log = logging.getLogger(__name__)

UNREADABLE = ("The request could not be read as HTTP (a URL must be percent-encoded, e.g. æ as %C3%A6). "
              "What was sent is not repeated here or logged.")


class QuietParseErrors(RequestHandler):
    def handle_error(self, request: BaseRequest, status: int = 500, exc: BaseException | None = None,
                     message: str | None = None) -> StreamResponse:
        if status >= 500:
            return super().handle_error(request, status, exc, message)
        # Never the exception (its message is the request line) nor a traceback: its kind and the status.
        kind = type(exc).__name__ if exc is not None else "unknown"
        level = logging.DEBUG if isinstance(exc, BadHttpMethod) else logging.WARNING  # port scans, TLS on HTTP
        log.log(level, "http.bad_request status=%s kind=%s client=%s", status, kind, logged_address(request))
        if request.writer.output_size > 0:
            raise ConnectionError("Response is sent already, cannot send another response with the error message")
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Bad Request"
        response = Response(status=status, text=f"{status} {phrase}\n\n{UNREADABLE}\n", content_type="text/plain",
                            headers={"Server": "navchat"})  # no app here: as router/web/headers.py says it
        response.force_close()
        return response


def install() -> None:
    """aiohttp's server builds QuietParseErrors for every connection from now on (idempotent)."""
    web_server.RequestHandler = QuietParseErrors  # type: ignore[misc]
