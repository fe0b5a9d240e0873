"""Rasa-compatible socket.io (python-socketio): user_uttered/bot_uttered, session handshake.

Existing Rasa web widgets point at the router instead of Rasa and get handoff (and translation) for free.
Unlike Rasa 3.6's own channel, ``enter_room`` is awaited, so session persistence works with python-socketio 5.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

import socketio
from aiohttp import web

from router.services import conversations, receive, relay, views
from router.services.deps import Deps
from router.services.errors import ServiceError
from router.web.appkeys import DEPS
from router.web.ws import WsHub

log = logging.getLogger(__name__)

# A client-chosen session id is reused only when it is long enough not to be guessed.
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


def quick_replies(buttons: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons]


def bot_uttered(message: dict[str, Any]) -> dict[str, Any]:
    payload: dict[str, Any] = {"text": message["text"], "sender": message["sender"]}
    if message.get("buttons"):
        payload["quick_replies"] = quick_replies(message["buttons"])
    if message.get("machine_translated"):
        payload["machine_translated"] = True
    return payload


class RasaSocketIO:
    def __init__(self, app: web.Application, cors_allowed_origins: list[str] | None) -> None:
        self._app = app
        self.server = socketio.AsyncServer(
            async_mode="aiohttp", cors_allowed_origins=cors_allowed_origins or [], logger=False, engineio_logger=False
        )
        self.server.on("connect", self._connect)
        self.server.on("session_request", self._session_request)
        self.server.on("user_uttered", self._user_uttered)
        self.server.attach(app, socketio_path="socket.io")

    @property
    def _deps(self) -> Deps:
        return self._app[DEPS]

    def listen_to(self, hub: WsHub) -> None:
        hub.add_listener(self._on_event)

    async def _connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        return True

    async def _session_request(self, sid: str, data: Any) -> None:
        data = data if isinstance(data, dict) else {}
        session_id = data.get("session_id")
        if not isinstance(session_id, str) or not SESSION_ID.match(session_id):
            session_id = uuid.uuid4().hex
        custom = data.get("customData") if isinstance(data.get("customData"), dict) else {}
        conversation_id, token, is_new = await conversations.open_socketio_session(self._deps, session_id, custom)
        await self.server.save_session(sid, {"conversation_id": conversation_id, "token": token,
                                             "session_id": session_id})
        await self.server.enter_room(sid, session_id)
        await self.server.emit("session_confirm", session_id, room=sid)
        if is_new:
            # Sent here, after the room is joined, so the widget cannot miss it.
            greeting = await conversations.first_message(self._deps, conversation_id)
            if greeting is not None:
                await self.server.emit("bot_uttered", bot_uttered(views.message_for_user(greeting)), room=sid)

    async def _user_uttered(self, sid: str, data: Any) -> None:
        state = await self.server.get_session(sid)
        if not state.get("conversation_id"):
            await self.server.emit("error", {"error": "send session_request first"}, room=sid)
            return
        data = data if isinstance(data, dict) else {}
        message = data.get("message")
        payload = message if isinstance(message, str) and relay.PAYLOAD.match(message) else None
        try:
            await receive.receive_user_message(
                self._deps,
                state["conversation_id"],
                state["token"],
                client_msg_id=str(data.get("message_id") or uuid.uuid4().hex)[:64],
                text=message,
                payload=payload,
            )
        except ServiceError as error:
            await self.server.emit("error", {"error": str(error)}, room=sid)

    async def _on_event(self, event: dict[str, Any]) -> None:
        """Relay bot, veileder and system messages of socket.io conversations as bot_uttered."""
        if event.get("channel") != "socketio" or event.get("type") != "message":
            return
        message = event["message_user"]
        if message["sender"] == "user" or not event.get("external_session_id"):
            return
        await self.server.emit("bot_uttered", bot_uttered(message), room=event["external_session_id"])
