"""When is a Rasa gone (router/adapters/rasa_client._refuses_connections)? Only then is a broken turn sent to the
other Rasa; a live one may have taken the message already."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from router.adapters.rasa_client import _refuses_connections
from tests.processes import free_port


async def serving(handle: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
                  ) -> tuple[asyncio.Server, str]:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"


@pytest.fixture
async def servers() -> AsyncIterator[list[asyncio.Server]]:
    started: list[asyncio.Server] = []
    yield started
    for server in started:
        server.close()


async def test_nothing_listening_is_gone() -> None:
    assert await _refuses_connections(f"http://127.0.0.1:{free_port()}")


async def test_a_process_that_answers_even_401_is_not_gone(servers: list[asyncio.Server]) -> None:
    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    server, url = await serving(answer)
    servers.append(server)
    assert not await _refuses_connections(url)


async def test_a_connection_accepted_then_closed_without_an_answer_is_gone(servers: list[asyncio.Server]) -> None:
    """As a process killed a moment ago: the kernel accepts for its listening socket, then the connection ends."""
    async def die(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.transport.abort()

    server, url = await serving(die)
    servers.append(server)
    assert await _refuses_connections(url)


async def test_no_answer_in_time_is_not_known_to_be_gone() -> None:
    """A busy Rasa (or a full backlog) that does not answer within the wait: no failover."""
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(8)  # accepted by the kernel, never read
    try:
        assert not await _refuses_connections(f"http://127.0.0.1:{listening.getsockname()[1]}", timeout_s=0.3)
    finally:
        listening.close()
