"""Every WebSocket the router serves is opened without compression, though the browser offers it (router/web/
middleware.py): the bruker's chat, the staff socket and Socket.IO, each still working. A chat frame is small, and a
socket that negotiated permessage-deflate holds zlib's state while it is open (bench/bench_memory.py)."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestClient

from tests.conftest import login, open_conversation

# What Chromium and Firefox send in the upgrade request; aiohttp's client sends it with compress=15.
BROWSERS_OFFER = 15


async def test_a_plain_aiohttp_socket_would_take_the_offer(aiohttp_client) -> None:  # type: ignore[no-untyped-def]
    """The control: the offer the tests below make is one aiohttp accepts by default."""

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.receive()
        return ws

    app = web.Application()
    app.router.add_get("/ws", handler)
    client = await aiohttp_client(app)
    ws = await client.ws_connect("/ws", compress=BROWSERS_OFFER)
    assert ws.compress == BROWSERS_OFFER
    await ws.close()


async def test_the_bruker_socket_is_opened_without_compression(client: TestClient) -> None:
    conversation_id, auth = await open_conversation(client)
    ws = await client.ws_connect(f"/api/conversations/{conversation_id}/ws", compress=BROWSERS_OFFER)
    assert ws.compress == 0
    await ws.send_json({"type": "auth", "token": auth["Authorization"].removeprefix("Bearer ")})
    assert (await ws.receive_json(timeout=5))["type"] == "ready"
    await ws.close()


async def test_the_staff_socket_is_opened_without_compression(client: TestClient) -> None:
    await login(client, "veileder1")
    ws = await client.ws_connect("/api/staff/ws", compress=BROWSERS_OFFER)
    assert ws.compress == 0
    assert (await ws.receive_json(timeout=5)) == {"type": "ready", "user": "veileder1"}
    await ws.close()


async def test_the_socket_io_socket_is_opened_without_compression(client: TestClient) -> None:
    ws = await client.ws_connect("/socket.io/?EIO=4&transport=websocket", compress=BROWSERS_OFFER)
    assert ws.compress == 0
    assert (await ws.receive_str(timeout=5)).startswith("0{")  # engine.io's open packet
    await ws.send_str("40")
    assert (await ws.receive_str(timeout=5)).startswith("40")  # Socket.IO connected
    await ws.close()
