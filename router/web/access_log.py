"""The access log without query strings and client addresses: aiohttp's %r is the request line with its query,
and its %a the address in clear (personal data); no atom drops either.

A line reads ``client "METHOD /path HTTP/1.1" status bytes seconds``, as the format '%a "%r" %s %b %Tf' did,
with the query string left out, personal numbers in the path masked (``/api/kommuner/{kommune}`` holds what
the caller typed), and the client named by a keyed pseudonym of its address that changes every day
(person.address_pseudonym: the address the abuse limits count, behind the trusted proxies; ``-`` before
``create_app`` gave the key). The limits themselves count the addresses in memory and write none.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web_request import BaseRequest
from aiohttp.web_response import StreamResponse

from router.domain.masking import mask_personal_numbers
from router.domain.person import address_pseudonym
from router.web.limits import LIMITS, address_key

# Control characters and quotes in a decoded path would forge or break log lines.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\]')


# The secret the logs' address pseudonyms are keyed with (Settings.pseudonym_key; set by create_app). aiohttp builds
# the access logger itself and the parse-error handler before any app sees the request, so it is kept here.
_address_secret: bytes | None = None


def pseudonymise_addresses_with(secret: str) -> None:
    """Name clients in the logs by a pseudonym keyed with ``secret`` from now on (create_app)."""
    global _address_secret
    _address_secret = secret.encode()


def logged_address(request: BaseRequest) -> str:
    """The client of ``request`` as a log line may name it: a pseudonym of the day, ``-`` without a key or address."""
    if _address_secret is None:
        return "-"
    limits = request.get(LIMITS)
    remote = request.remote
    address = limits.address(request) if limits is not None else address_key(remote) if isinstance(remote, str) else ""
    if not address or address == "unknown":
        return "-"
    return address_pseudonym(_address_secret, address, datetime.now(UTC).date())


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
            logged_address(request),
            request_line(request),
            response.status,
            response.body_length,
            time,
        )

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.INFO)
