"""The access log names method and path, never the query string (it may hold personal data)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from router.web.access_log import PathOnlyAccessLogger

SECRET = "12345678901"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def access_log() -> Iterator[tuple[logging.Logger, _Lines]]:
    logger = logging.getLogger("tests.access_log")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = _Lines()
    logger.addHandler(handler)
    yield logger, handler
    logger.removeHandler(handler)


def test_a_query_string_is_not_logged(access_log: tuple[logging.Logger, _Lines]) -> None:
    logger, lines = access_log
    request = make_mocked_request("GET", f"/api/routing/resolve?kommune={SECRET}&tema=KOM")
    PathOnlyAccessLogger(logger, "").log(request, web.Response(status=200, text="{}"), 0.0125)

    (line,) = lines.lines
    assert '"GET /api/routing/resolve HTTP/1.1" 200' in line
    assert line.endswith(" 0.012500")
    assert SECRET not in line and "kommune=" not in line and "?" not in line


@pytest.mark.parametrize(
    ("path", "hidden"),
    [
        (f"/api/kommuner/{SECRET}", SECRET),
        ("/api/kommuner/010190%2012345", "12345"),  # decoded before masking: "010190 12345"
        ("/api/kommuner/x%0A1.2.3.4%20%22GET%20/admin", "\n"),  # no forged second line
    ],
)
def test_personal_numbers_and_control_characters_in_the_path_are_not_logged(
    access_log: tuple[logging.Logger, _Lines], path: str, hidden: str
) -> None:
    logger, lines = access_log
    PathOnlyAccessLogger(logger, "").log(make_mocked_request("GET", path), web.Response(status=404), 0.001)
    (line,) = lines.lines
    assert hidden not in line
    assert line.count('"') == 2


async def test_a_served_request_is_logged_without_its_query(
    access_log: tuple[logging.Logger, _Lines], unused_tcp_port: int
) -> None:
    logger, lines = access_log

    async def ok(request: web.Request) -> web.Response:
        return web.json_response({})

    app = web.Application()
    app.router.add_get("/api/routing/resolve", ok)
    runner = web.AppRunner(app, access_log_class=PathOnlyAccessLogger, access_log=logger)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", unused_tcp_port)
    await site.start()
    try:
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{unused_tcp_port}/api/routing/resolve?kommune={SECRET}"
            async with session.get(url) as response:
                assert response.status == 200
    finally:
        await runner.cleanup()

    assert len(lines.lines) == 1
    assert '"GET /api/routing/resolve HTTP/1.1" 200' in lines.lines[0]
    assert SECRET not in lines.lines[0]
