"""A Rasa widget's socket.io connection, as python-socketio's own client makes it (one home for the tests)."""

from __future__ import annotations

import asyncio
from typing import Any

import socketio

WIDGET_EVENTS = ("session_confirm", "session_token", "bot_uttered", "error")


async def widget_socket(url: str, headers: dict[str, str] | None = None
                        ) -> tuple[socketio.AsyncClient, asyncio.Queue[tuple[str, Any]]]:
    """Connected over a WebSocket, every event the widget listens for queued as (name, data).

    The namespace's connect is given 10 s: the client's default of 1 s failed now and then on a busy machine
    ("One or more namespaces failed to connect") while the router was only slow to answer."""
    sio = socketio.AsyncClient(reconnection=False)
    received: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
    for name in WIDGET_EVENTS:
        sio.on(name, lambda data, name=name: received.put_nowait((name, data)))
    await sio.connect(url, socketio_path="socket.io", transports=["websocket"], headers=headers or {},
                      wait_timeout=10)
    return sio, received
