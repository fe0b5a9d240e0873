"""The access log names method and path, never the query string (it may hold personal data), and the client by a
keyed pseudonym of the day, never its address."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, timedelta

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from router.domain.person import address_pseudonym
from router.web import access_log as access_log_module
from router.web.access_log import PathOnlyAccessLogger, logged_address

SECRET = "12345678901"


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture(autouse=True)
def address_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """The key create_app installs from Settings.pseudonym_key."""
    monkeypatch.setattr(access_log_module, "_address_secret", b"test pseudonym key")


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
    # The client's address is personal data: not in the line, a pseudonym in its place.
    assert "127.0.0.1" not in lines.lines[0]
    assert lines.lines[0].startswith("a-")


@pytest.mark.parametrize("address", ["203.0.113.7", "2001:db8:1:2:3:4:5:6", "::ffff:203.0.113.7"])
def test_the_client_address_is_logged_as_a_pseudonym_of_the_day(access_log: tuple[logging.Logger, _Lines],
                                                                 address: str) -> None:
    logger, lines = access_log
    request = make_mocked_request("GET", "/health").clone(remote=address)
    PathOnlyAccessLogger(logger, "").log(request, web.Response(status=200), 0.001)
    (line,) = lines.lines
    client = line.split(" ", 1)[0]
    assert address not in line and "203.0.113" not in line and "2001:db8" not in line, line
    assert client.startswith("a-") and len(client) == 14, client
    # The same client is the same pseudonym all day (abuse can be followed in the log); another client is another.
    assert logged_address(make_mocked_request("GET", "/").clone(remote=address)) == client
    assert logged_address(make_mocked_request("GET", "/").clone(remote="198.51.100.9")) != client


def test_the_pseudonym_changes_with_the_day_and_the_key() -> None:
    day = date(2026, 12, 6)
    first = address_pseudonym(b"key", "203.0.113.7", day)
    assert first == address_pseudonym(b"key", "203.0.113.7", day)
    assert first != address_pseudonym(b"key", "203.0.113.7", day + timedelta(days=1))
    assert first != address_pseudonym(b"other key", "203.0.113.7", day)


def test_without_a_key_no_client_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access_log_module, "_address_secret", None)
    assert logged_address(make_mocked_request("GET", "/").clone(remote="203.0.113.7")) == "-"
