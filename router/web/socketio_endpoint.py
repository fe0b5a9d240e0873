"""The Rasa widget's Socket.IO endpoint (``/socket.io/``), with python-socketio and the channel itself
(router/web/rasa_socketio.py) imported at its first request, not at start (#12).

Together they hold 1.5 MB resident, which a router whose brukere all use its own widget (over router/web/ws.py)
never needs. The routes are the ones python-engineio's ``attach`` adds (GET, POST and OPTIONS on the path); the
first request makes the channel, which then serves every request and gets the hub's events from then on (before
it, no Socket.IO page is open here, so none was missed). Making it takes a few hundredths of a second, once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from router.web.middleware import SOCKET_IO_PATH

if TYPE_CHECKING:
    from router.web.rasa_socketio import RasaSocketIO
    from router.web.ws import WsHub


class SocketIOEndpoint:
    def __init__(self, app: web.Application, cors_allowed_origins: list[str] | None) -> None:
        self._app, self._origins = app, cors_allowed_origins
        self._channel: RasaSocketIO | None = None
        self._hub: WsHub | None = None
        app.router.add_get(SOCKET_IO_PATH, self._handle)
        app.router.add_post(SOCKET_IO_PATH, self._handle)
        app.router.add_route("OPTIONS", SOCKET_IO_PATH, self._handle)
        app[SOCKET_IO] = self

    @property
    def channel(self) -> RasaSocketIO:
        if self._channel is None:
            from router.web.rasa_socketio import RasaSocketIO

            self._channel = RasaSocketIO(self._app, self._origins)
            if self._hub is not None:
                self._channel.listen_to(self._hub)
        return self._channel

    @property
    def server(self) -> Any:
        """The python-socketio server (its engine.io settings: how soon a dead connection is noticed)."""
        return self.channel.server

    def listen_to(self, hub: WsHub) -> None:
        self._hub = hub
        if self._channel is not None:
            self._channel.listen_to(hub)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        return await self.server.handle_request(request)


SOCKET_IO = web.AppKey("socket_io", SocketIOEndpoint)
