"""The access log without query strings: aiohttp's %r is the request line with its query; no atom drops it.

A line reads ``remote "METHOD /path HTTP/1.1" status bytes seconds``, as the format '%a "%r" %s %b %Tf' did,
with the query string left out and personal numbers in the path masked (``/api/kommuner/{kommune}`` holds what
the caller typed).
"""

from __future__ import annotations

import logging
import re

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web_request import BaseRequest
from aiohttp.web_response import StreamResponse

from router.domain.masking import mask_personal_numbers

# Control characters and quotes in a decoded path would forge or break log lines.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\]')


def request_line(request: BaseRequest) -> str:
    """The request line without its query string: ``GET /api/routing/resolve HTTP/1.1``."""
    # The decoded path, so that "010190%2012345" is masked as the fødselsnummer it is.
    path = _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}", mask_personal_numbers(request.path))
    return f"{request.method} {path} HTTP/{request.version.major}.{request.version.minor}"


class PathOnlyAccessLogger(AbstractAccessLogger):
    """aiohttp's access log, naming the method and path but never the query string."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info(
            '%s "%s" %s %s %.6f',
            request.remote or "-",
            request_line(request),
            response.status,
            response.body_length,
            time,
        )

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)
