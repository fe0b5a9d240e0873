"""A request aiohttp cannot parse is answered and logged without what was sent.

Found by a probe: a request line with a raw non-ASCII byte (a bruker's browser or a script sending "søknaden til
01019012480" unencoded) made aiohttp log its parser exception with a traceback holding the whole line, the
fødselsnummer in the query included, and answer 400 with the line in the body.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiohttp.test_utils import TestClient

OLA = "01019012480"  # SYNTETISK
KARI = "15028523472"  # SYNTETISK


async def raw_request(client: TestClient, line: str) -> bytes:
    reader, writer = await asyncio.open_connection(client.server.host, client.server.port)
    writer.write(f"{line}\r\nHost: 127.0.0.1\r\n\r\n".encode())
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), timeout=5)
    writer.close()
    return answer


@pytest.mark.parametrize("line", [
    f"GET /api/staff/conversations/search?q={KARI} Kari Syntetisk æ HTTP/1.1",
    f"GET /api/conversations/x/case?question=søknaden til {OLA} HTTP/1.1",
    f"GET /api/conversations/x/case?question=søknaden%20til%20{OLA}\x01 HTTP/1.1",
])
async def test_the_request_line_is_neither_logged_nor_echoed(client: TestClient, caplog: pytest.LogCaptureFixture,
                                                             line: str) -> None:
    with caplog.at_level(logging.DEBUG):
        answer = await raw_request(client, line)
    assert answer.split(b" ", 2)[1] == b"400", answer[:200]
    body = answer.split(b"\r\n\r\n", 1)[1].decode(errors="replace")
    assert OLA not in body and KARI not in body and "Syntetisk" not in body and "søknaden" not in body, body
    assert "could not be read" in body
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.exc_info or ''}" for r in caplog.records)
    assert OLA not in logged and KARI not in logged and "Syntetisk" not in logged, logged
    assert any(r.getMessage().startswith("http.bad_request status=400") for r in caplog.records)
    # The router's own lines (the test server's access log is aiohttp's default, not main()'s PathOnlyAccessLogger,
    # whose lines tests/integration/web/test_access_log.py checks).
    own = " ".join(r.getMessage() for r in caplog.records if r.name != "aiohttp.access")
    assert "127.0.0.1" not in own, "the client is named by a pseudonym, never its address"
    assert any("client=a-" in r.getMessage() for r in caplog.records if r.getMessage().startswith("http.bad_request"))
    assert not any(r.exc_info for r in caplog.records if r.name.startswith("aiohttp")), "no traceback with the line"
    # The router answers the next request as ever.
    assert (await client.get("/health/live")).status == 200
