"""Rasa-compatible socket.io (python-socketio): user_uttered/bot_uttered, session handshake.

Existing Rasa web widgets point at the router instead of Rasa and get handoff (and translation) for free.
The contract is Rasa 3.6's own channel (rasa/core/channels/socketio.py): ``bot_uttered`` carries exactly the keys
its SocketIOOutput sends, split into paragraphs as it splits them, because published widgets (rasa-webchat) render
a message only when its keys are exactly those; tests/browser/test_rasa_webchat.py drives the real rasa-webchat.
Unlike Rasa 3.6's own channel, ``enter_room`` is awaited, so session persistence works with python-socketio 5.

Origins: a browser page may connect from this host or from an origin in ``NAVCHAT_ALLOWED_ORIGINS`` (the rule of
router/web/ws.py); Rasa's own channel accepts every origin for WebSocket and none for polling.

Every packet is decoded by ``GuardedPacket`` (the limits of router/web/input_guard.py) and every handler checks
its data; bad data gets an ``error`` event ``{"error": reason, "event": name}`` to that socket, never an
exception the client would wait on forever.

Limits: the REST limits of router/web/limits.py, counted in the same tables: a new conversation (a session_request
that does not continue one) against the address's new conversations, every user_uttered against the address's and
the conversation's messages. Over a limit the widget gets a ``bot_uttered`` in the bruker's language (a widget shows
nothing else) and an ``error`` event with ``retry_after_s``; nothing is stored. A socket refused a new conversation
tries again with its next user_uttered.

Sessions: the server issues the session id (``session_confirm <session_id>``, 256 random bits, to that socket only)
and sends the conversation's bearer token to that socket only (``session_token {"session_id", "session_token"}``).
A reconnect with the id continues the conversation (conversations.socketio_session): rasa-webchat 1.0.1 stores the
id and sends ``session_request {"session_id"}`` after every drop (a phone on a bus), and a chat with a veileder must
go on there, with what the widget missed replayed and the veileder's console told by the bruker's presence as for
the router's own widget (services/bruker_presence.py). An id the server never issued (a guess, a widget's own) or
released (closed, moved) gets a new conversation; a client that sends a token too must send the current one. Each
continuing socket gets a new bearer token; another socket of the same session (a second tab) whose token that
replaced proves the session again by its id when it next sends.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from router.domain.asked_before_login import LOGIN_PAYLOAD
from router.domain.conversation import ConversationState
from router.domain.language_policy import normalize_language
from router.services import conversations, handoff, handover, preferences, receive, relay
from router.services.deps import Deps
from router.services.errors import Conflict, InvalidInput, NotAuthenticated, ServiceError
from router.texts import fixed_text
from router.web import input_guard
from router.web.appkeys import DEPS
from router.web.limits import LIMITS, MESSAGES_REFUSED, NEW_CONVERSATIONS_REFUSED, Limits, retry_after_seconds
from router.web.middleware import SOCKET_IO_MAX_POST_BYTES
from router.web.socketio_delivery import DeliveryLedger, report_pongs
from router.web.socketio_lib import packet as sio_packet
from router.web.socketio_lib import socketio
from router.web.ws import WsHub, origin_allowed

log = logging.getLogger(__name__)


class _OneLineForBadPolls(logging.Filter):
    """python-engineio answers a long-polling POST that is not Engine.IO packets "OK" and logs it as an ERROR with a
    traceback (probe 164: garbage filled the log, and a client's bug read as a failure of ours). One WARNING line
    with the reason instead. The answer stays engineio's: the body is its to read (a check before it would take the
    body from it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == "post request handler error" and record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg, record.args = "socketio.bad_poll reason=%s", (f"{type(error).__name__}: {error}"[:200],)
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


logging.getLogger("engineio.server").addFilter(_OneLineForBadPolls())

# Largest engine.io message accepted: the same bound as an HTTP body (router.app.MAX_BODY_BYTES); a long-polling POST
# over it is refused before engineio sees it (middleware.socketio_post_size_middleware).
MAX_MESSAGE_BYTES = SOCKET_IO_MAX_POST_BYTES
# The name a malformed event is delivered under; its handler answers with an ``error`` event.
INVALID_EVENT = "\x00invalid"
UNEXPECTED = "something went wrong on our side; please try again"


class InvalidConnect:
    """The auth data of a CONNECT packet that could not be decoded: the connect handler refuses with ``reason``."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


class _GuardedJson:
    """The json module python-socketio's packets use, with the edge limits on every decode."""

    @staticmethod
    def loads(text: str | bytes, **_: Any) -> Any:
        return input_guard.loads(text, what="the event data", check=False)

    @staticmethod
    def dumps(data: Any, **kwargs: Any) -> str:
        return json.dumps(data, **kwargs)


class GuardedPacket(sio_packet.Packet):
    """Packets whose data went through ``input_guard``; an undecodable or misshapen event becomes INVALID_EVENT."""

    json = _GuardedJson

    def decode(self, encoded_packet: Any) -> int:
        try:
            count: int = super().decode(encoded_packet) or 0
        except (InvalidInput, ValueError, TypeError, RecursionError) as error:
            reason = str(error) if isinstance(error, InvalidInput) else "the socket.io packet is malformed"
            if self.packet_type == sio_packet.CONNECT:
                self.data = InvalidConnect(reason)
                return 0
            if self.packet_type in (sio_packet.EVENT, sio_packet.BINARY_EVENT):
                self.packet_type, self.data, self.id = sio_packet.EVENT, [INVALID_EVENT, reason], None
                return 0
            raise
        if self.packet_type in (sio_packet.EVENT, sio_packet.BINARY_EVENT):
            if not (isinstance(self.data, list) and self.data and isinstance(self.data[0], str)
                    and len(self.data[0]) <= 64):
                self.packet_type, self.id = sio_packet.EVENT, None
                self.data = [INVALID_EVENT, "an event is [name, data] with a short name"]
                return 0
            try:
                input_guard.check_strings(self.data, "data")
            except InvalidInput as error:
                name = self.data[0] if input_guard.is_clean(self.data[0]) else "event"
                self.packet_type, self.id, self.data = sio_packet.EVENT, None, [INVALID_EVENT, str(error), name]
                return 0
        elif self.packet_type == sio_packet.CONNECT:
            try:
                input_guard.check_strings(self.data, "auth")
            except InvalidInput as error:
                self.data = InvalidConnect(str(error))
        return count


# What a widget sends by itself when it opens, right after the router's greeting: its initPayload, an intent with or
# without entities whatever its name (rasa-webchat's "/get_started", "/greet", "/start", ...), or nothing at all
# (rasa-webchat without an initPayload sends no message). The router has greeted already: the bot is not asked to
# greet a second time.
START_PAYLOAD = re.compile(r"^/[A-Za-z0-9_.-]{1,64}(\{.*\})?$", re.DOTALL)
# The language picker: "router:language" asks for it (relay.LANGUAGE_PICKER), "router:language:<code>" chooses.
LANGUAGE_CHOICE = relay.LANGUAGE_CHOICE


def is_start_signal(message: Any) -> bool:
    """A widget's own opening, not the bruker's: nothing, or an intent payload other than a request for a human."""
    if message is None or (isinstance(message, str) and not message.strip()):
        return True
    return (isinstance(message, str) and bool(START_PAYLOAD.match(message))
            and message.split("{", 1)[0] not in handoff.HANDOFF_PAYLOADS)


def quick_replies(buttons: list[dict[str, Any]], login_url: str | None = None) -> list[dict[str, str]]:
    """Rasa's quick replies; the login button, when this router has login, a link (``type: web_url``, which
    rasa-webchat renders as a link opening a new tab) to the own chat page that takes the conversation over."""
    replies = []
    for b in buttons:
        reply = {"content_type": "text", "title": b["title"], "payload": b["payload"]}
        if b["payload"] == LOGIN_PAYLOAD and login_url:
            reply.update(type="web_url", url=login_url)
        replies.append(reply)
    return replies


def bot_uttered(message: dict[str, Any], login_url: str | None = None) -> list[dict[str, Any]]:
    """Exactly what Rasa 3.6's own socket.io channel (SocketIOOutput) emits for a text, one ``bot_uttered`` each.

    Rasa splits the text at blank lines: without buttons each part is ``{"text"}``; with buttons each part is
    ``{"text", "quick_replies"}``, the buttons on the last part and ``[]`` on the others. A quick reply is
    ``{"content_type": "text", "title", "payload"}``. Published widgets render a message only when its keys are
    those, so nothing is added: who wrote it is told in the conversation itself (the "a veileder has taken over"
    notice), and the machine-translation label, in the bruker's language, is part of the text.
    """
    text = message.get("text") or ""
    if message.get("machine_translated") and message.get("machine_translated_label"):
        text = f"{text}\n({message['machine_translated_label']})"
    parts = text.strip().split("\n\n")
    if not message.get("buttons"):
        return [{"text": part} for part in parts]
    utterances: list[dict[str, Any]] = [{"text": part, "quick_replies": []} for part in parts]
    utterances[-1]["quick_replies"] = quick_replies(message["buttons"], login_url)
    return utterances


def language_offer() -> dict[str, Any]:
    """The language picker as a Rasa message: the router's language buttons as quick replies."""
    text = f"{fixed_text('choose_language', 'nb')} / {fixed_text('choose_language', 'en')}"
    return {"text": text, "quick_replies": quick_replies(relay.language_buttons())}


def _one_object(event: str, args: tuple[Any, ...], *, optional: bool = False) -> dict[str, Any]:
    """The single data argument of an event, an object (or nothing at all when ``optional``)."""
    if not args or (len(args) == 1 and args[0] is None):
        if optional:
            return {}
        raise InvalidInput(f"{event} needs one object as its data")
    if len(args) != 1 or not isinstance(args[0], dict):
        raise InvalidInput(f"{event} takes exactly one object as its data")
    return args[0]


def _optional_str(data: dict[str, Any], key: str, event: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"{event}: {key} must be a string or null")
    return value


class RasaSocketIO:
    def __init__(self, app: web.Application, cors_allowed_origins: list[str] | None) -> None:
        self._app = app
        # what this router's sockets are proven to have received (for _replay)
        self._deliveries = DeliveryLedger()
        # conversation id -> {payload: title} of the latest buttons this router sent it: a widget sends back only the
        # payload of a quick reply, the message is stored with the title the bruker clicked (as over HTTP)
        self._buttons: dict[str, dict[str, str]] = {}
        # the hub that tells the veileder when the bruker's pages are gone (router/web/ws.py), once listened to
        self._hub: WsHub | None = None
        # socket id -> the limits of the app and the client address its handshake came from (router/web/limits.py)
        self._clients: dict[str, tuple[Limits, str]] = {}
        allowed = tuple(cors_allowed_origins or ())

        def browser_origin_allowed(origin: Any, environ: Any) -> bool:
            # This host or a configured origin, as for the router's WebSockets. (An empty list would switch
            # python-engineio's origin check off: any page could open a WebSocket, none could poll.)
            request = environ.get("aiohttp.request") if isinstance(environ, dict) else None
            return isinstance(origin, str) and request is not None and origin_allowed(request, allowed)

        self.server = socketio.AsyncServer(
            async_mode="aiohttp", cors_allowed_origins=browser_origin_allowed, cors_credentials=False, logger=False,
            engineio_logger=False, serializer=GuardedPacket, max_http_buffer_size=MAX_MESSAGE_BYTES,
            # One socket's events in the order sent: two quick messages are stored (and answered) in that order,
            # and a language chosen before a message counts for it. The handlers only store and return.
            async_handlers=False,
        )
        self.server.on("connect", self._connect)
        self.server.on("disconnect", self._disconnect)
        self.server.on("session_request", self._guarded("session_request", self._session_request))
        self.server.on("user_uttered", self._guarded("user_uttered", self._user_uttered_proven))
        self.server.on(INVALID_EVENT, self._invalid)
        self.server.on("*", self._unknown)
        # Served at /socket.io/ by router/web/socketio_endpoint.py, which makes this channel at the first request.

    @property
    def _deps(self) -> Deps:
        return self._app[DEPS]

    def listen_to(self, hub: WsHub) -> None:
        hub.add_listener(self._on_event)
        self._hub = hub

    async def _error(self, sid: str, event: str, reason: str) -> None:
        await self.server.emit("error", {"error": reason, "event": event}, room=sid)

    async def _utter(self, conversation_id: str, message: dict[str, Any], room: str) -> None:
        """A stored message as Rasa's ``bot_uttered`` events; its buttons are remembered for the bruker's click."""
        login_url = None
        if message.get("buttons"):
            self._buttons[conversation_id] = {b["payload"]: b["title"] for b in message["buttons"]}
            if any(b["payload"] == LOGIN_PAYLOAD for b in message["buttons"]):
                login_url = handover.link(self._deps, conversation_id)
        for utterance in bot_uttered(message, login_url):
            await self.server.emit("bot_uttered", utterance, room=room)

    def _guarded(
        self, event: str, handler: Callable[..., Awaitable[None]]
    ) -> Callable[..., Awaitable[None]]:
        """Run ``handler``; a refusal or a failure becomes an ``error`` event to the socket, never silence."""

        async def run(sid: str, *args: Any) -> None:
            try:
                await handler(sid, *args)
            except ServiceError as error:
                await self._error(sid, event, str(error))
            except Exception:
                log.exception("socketio.unhandled event=%s", event)
                await self._error(sid, event, UNEXPECTED)

        return run

    async def _connect(self, sid: str, environ: Any = None, auth: Any = None, *extra: Any) -> bool:
        """The handshake's auth is not used, but must be an object when sent; otherwise connect_error says why."""
        if extra or not isinstance(environ, dict) or "aiohttp.request" not in environ:
            # A client that emits an event named "connect" (reserved): answer it like any unknown event.
            await self._error(sid, "connect", "connect is reserved; use session_request or user_uttered")
            return True
        if isinstance(auth, InvalidConnect):
            raise socketio.exceptions.ConnectionRefusedError({"error": auth.reason})
        if auth is not None and not isinstance(auth, dict):
            raise socketio.exceptions.ConnectionRefusedError({"error": "the connect auth data must be an object"})
        request = environ["aiohttp.request"]
        if (limits := request.get(LIMITS)) is not None:
            self._clients[sid] = (limits, limits.address(request))
        engineio_socket = self.server.eio.sockets.get(self.server.manager.eio_sid_from_sid(sid, "/"))
        if engineio_socket is not None:
            report_pongs(engineio_socket, lambda ping_sent_at: self._deliveries.answered(sid, ping_sent_at))
        return True

    async def _disconnect(self, sid: str, reason: Any = None) -> None:
        self._deliveries.closed(sid, str(reason))
        self._clients.pop(sid, None)
        state = await self.server.get_session(sid)
        if self._hub is not None and state.get("conversation_id"):
            self._hub.bruker_page_closed(sid, state["conversation_id"])

    async def _invalid(self, sid: str, reason: Any = None, event: Any = "event", *_: Any) -> None:
        name = event if isinstance(event, str) else "event"
        await self._error(sid, name, reason if isinstance(reason, str) else "the event is malformed")

    async def _unknown(self, event: Any, sid: str, *_: Any) -> None:
        name = event if isinstance(event, str) else "?"
        await self._error(sid, name[:64], f"unknown event {name[:64]!r}; use session_request or user_uttered")

    async def _session_request(self, sid: str, *args: Any) -> None:
        data = _one_object("session_request", args, optional=True)
        session_id = _optional_str(data, "session_id", "session_request")
        session_token = _optional_str(data, "session_token", "session_request")
        custom = data.get("customData")
        if custom is None:
            custom = {}
        if not isinstance(custom, dict):
            raise InvalidInput("session_request: customData must be an object")
        if not input_guard.session_id_is_unguessable(session_id):
            session_id = None  # a short or patterned id is never looked up: a new session
        if session_token is not None and input_guard.bearer_value(session_token) is None:
            session_token = None
        if not await self._continues(session_id, session_token) and (wait := await self._over(
                sid, lambda limits, address: limits.take_new_conversation(address))):
            # No conversation: the widget reads why in words, in the language it asked for; its next message tries again.
            language = normalize_language(custom.get("language")) if isinstance(custom.get("language"), str) else None
            previous = await self.server.get_session(sid)
            if previous.get("session_id"):
                await self.server.leave_room(sid, conversations.session_key(previous["session_id"]))
            if self._hub is not None and previous.get("conversation_id"):
                self._hub.bruker_page_closed(sid, previous["conversation_id"])
            await self.server.save_session(sid, {"refused": data})
            # NAV's phone as it can be called now: on julaften when it opens, not its weekday hours.
            phone_now = conversations.with_nav_phone("too_many_new_chats", language or "nb", self._deps.clock.now(),
                                                     phone=self._deps.routing.nav_phone_hours())
            await self._refuse(sid, "session_request", phone_now,
                               NEW_CONVERSATIONS_REFUSED, wait)
            return
        client = self._clients.get(sid)
        conversation_id, session_id, token, is_new = await conversations.open_socketio_session(
            self._deps, session_id, session_token, custom, origin=client[1] if client is not None else None
        )
        previous = await self.server.get_session(sid)
        if previous.get("session_id") and previous["session_id"] != session_id:
            await self.server.leave_room(sid, conversations.session_key(previous["session_id"]))
        if self._hub is not None and previous.get("conversation_id") not in (None, conversation_id):
            self._hub.bruker_page_closed(sid, previous["conversation_id"])
        # "just_greeted" is set before the confirm goes out: a widget sends its start payload as soon as it has it.
        await self.server.save_session(sid, {"conversation_id": conversation_id, "token": token,
                                             "session_id": session_id, "just_greeted": is_new})
        # The room is the session's key, the conversation's external_session_id: events name it, never the id.
        await self.server.enter_room(sid, conversations.session_key(session_id))
        if self._hub is not None:  # a continued session may have a veileder waiting for the bruker's page
            state = "BOT" if is_new else (
                await conversations.authenticated(self._deps, conversation_id, token)).state.value
            await self._hub.bruker_page_opened(sid, conversation_id, state)
        await self.server.emit("session_confirm", session_id, room=sid)
        # To this socket only: the proof a reconnect needs ({"session_id", "session_token"}).
        await self.server.emit("session_token", {"session_id": session_id, "session_token": token}, room=sid)
        if is_new:
            # Sent here, after the room is joined, so the widget cannot miss it.
            greeting = await conversations.first_message(self._deps, conversation_id)
            if greeting is not None:
                await self._utter(conversation_id, greeting, sid)
                self._deliveries.sent(sid, conversation_id, greeting["seq"] or 0, time.time())
        else:
            await self._replay(sid, conversation_id, token)

    async def _continues(self, session_id: str | None, session_token: str | None) -> bool:
        """Whether ``open_socketio_session`` would continue a conversation rather than open one (the same test)."""
        if not session_id:
            return False
        async with self._deps.uow() as uow:
            return await conversations.socketio_session(uow, session_id, session_token) is not None

    async def _prove_again(self, sid: str, state: dict[str, Any]) -> bool:
        """This socket's token was replaced by another socket continuing the same session (a second tab, a
        reconnect): the session id this socket proved with earlier gets it a current token. Whether it did."""
        session_id = state.get("session_id")
        if not session_id or not state.get("conversation_id"):
            return False
        async with self._deps.uow() as uow:
            known = await conversations.socketio_session(uow, session_id, None)
            if known is None or known.id != state["conversation_id"]:
                return False
            token = secrets.token_urlsafe(32)
            known.renew_token(conversations.hash_token(token))
        await self.server.save_session(sid, {**state, "token": token})
        return True

    async def _over(self, sid: str, take: Callable[[Limits, str], Awaitable[float]]) -> float:
        """Seconds to wait when this socket's client is over the limit ``take`` counts against (0.0: go on)."""
        client = self._clients.get(sid)
        return await take(*client) if client is not None else 0.0

    async def _refuse(self, sid: str, event: str, text: str, reason: str, wait: float) -> None:
        """Over a limit: the words for the widget, and the reason with the wait for a client that reads errors."""
        await self.server.emit("bot_uttered", {"text": text}, room=sid)
        await self.server.emit("error", {"error": reason, "event": event, "retry_after_s": retry_after_seconds(wait)},
                               room=sid)

    async def _user_uttered_proven(self, sid: str, *args: Any) -> None:
        """``_user_uttered``; once more when the socket's token was replaced by another socket of its session."""
        try:
            await self._user_uttered(sid, *args)
        except NotAuthenticated:
            if not await self._prove_again(sid, await self.server.get_session(sid)):
                raise
            await self._user_uttered(sid, *args)

    async def _user_uttered(self, sid: str, *args: Any) -> None:
        state = await self.server.get_session(sid)
        if state.get("moved"):
            await self.server.emit("bot_uttered", state["moved"], room=sid)
            return
        reopened = "refused" in state
        if reopened:
            # Refused a new conversation earlier: asked again now; the message goes on when it opens.
            await self._session_request(sid, state["refused"])
            state = await self.server.get_session(sid)
            if not state.get("conversation_id"):
                return
            state = {**state, "just_greeted": False}
            await self.server.save_session(sid, state)
        if not state.get("conversation_id"):
            raise InvalidInput("send session_request first")
        data = _one_object("user_uttered", args)
        message = data.get("message")
        claimed = _optional_str(data, "session_id", "user_uttered")
        if claimed and claimed != state["session_id"] and not reopened:
            raise InvalidInput("user_uttered: session_id is not this socket's session")
        conversation_id = state["conversation_id"]
        buttons = self._buttons.get(conversation_id, {})
        if state.get("just_greeted"):
            await self.server.save_session(sid, {**state, "just_greeted": False})
            if is_start_signal(message) and message not in buttons:
                return  # the widget's own start right after the router's greeting: one greeting, not two
        if not isinstance(message, str):
            raise InvalidInput("user_uttered: message must be a string")
        input_guard.check_text(message, "message")
        if wait := await self._over(sid, lambda limits, address: limits.take_message(address, conversation_id)):
            conversation = await conversations.authenticated(self._deps, conversation_id, state["token"])
            await self._refuse(sid, "user_uttered", fixed_text("too_many_messages", conversation.language),
                               MESSAGES_REFUSED, wait)
            return
        message_id = data.get("message_id")
        if message_id is not None and not isinstance(message_id, str | int) or isinstance(message_id, bool):
            raise InvalidInput("user_uttered: message_id must be a string")
        # The language picker is the router's, never the bot's: a widget sends the button's payload as its message.
        if message == relay.LANGUAGE_PICKER:
            await self.server.emit("bot_uttered", language_offer(), room=sid)
            return
        if message.startswith(LANGUAGE_CHOICE):
            await preferences.choose_language(self._deps, conversation_id, state["token"],
                                              message.removeprefix(LANGUAGE_CHOICE))
            return
        if message == LOGIN_PAYLOAD:
            # A widget that shows the login link as a button sends its payload: the link, as a text it can follow.
            await self.server.emit("bot_uttered", await self._login_link(conversation_id, state["token"], buttons),
                                   room=sid)
            return
        if len(message) > self._deps.settings.max_message_chars:
            # A widget shows bot_uttered, not error events: the bruker reads, in their language, why it was not sent.
            conversation = await conversations.authenticated(self._deps, conversation_id, state["token"])
            await self.server.emit("bot_uttered", {"text": fixed_text("too_long", conversation.language)}, room=sid)
            return
        payload = message if relay.PAYLOAD.match(message) else None
        try:
            await receive.receive_user_message(
                self._deps,
                conversation_id,
                state["token"],
                client_msg_id=str(message_id or uuid.uuid4().hex)[:64],
                # A quick reply's payload is stored as the title the bruker clicked, as the HTTP API stores it.
                text=buttons.get(message, message) if payload else message,
                payload=payload,
            )
        except Conflict:
            conversation = await conversations.authenticated(self._deps, conversation_id, state["token"])
            if conversation.state is not ConversationState.CLOSED:
                raise
            # A widget shows bot_uttered, not error events: the bruker reads that the message went nowhere.
            await self.server.emit("bot_uttered", {"text": fixed_text("widget_not_sent_closed_reload", conversation.language)},
                                   room=sid)

    async def _on_event(self, event: dict[str, Any]) -> None:
        """Relay bot, veileder and system messages of socket.io conversations as bot_uttered."""
        if event.get("channel") != "socketio":
            return
        if event.get("type") == "moved_to_own_chat":
            await self._detach(event)
            return
        if event.get("type") == "state" and event.get("state") == "CLOSED":
            # A closed conversation takes no more messages: its delivery and button memory goes (bounded maps).
            self._deliveries.forget(event["conversation_id"])
            self._buttons.pop(event["conversation_id"], None)
            return
        if event.get("type") != "message":
            return
        message = event["message_user"]
        if message["sender"] == "user" or not event.get("external_session_id"):
            return
        room = event["external_session_id"]
        sockets = [sid for sid, _ in self.server.manager.get_participants("/", room)]
        if not sockets:
            return  # nobody connected: replayed when the session is continued (_replay)
        await self._utter(event["conversation_id"], message, room)
        for sid in sockets:
            self._deliveries.sent(sid, event["conversation_id"], message["seq"], time.time())

    async def _login_link(self, conversation_id: str, token: str, buttons: dict[str, str]) -> dict[str, Any]:
        url = handover.link(self._deps, conversation_id)
        if url is None:
            # Login is off here (rare): the notice in the conversation's language, read for it.
            conversation = await conversations.authenticated(self._deps, conversation_id, token)
            return {"text": fixed_text("widget_login_failed", conversation.language)}
        return {"text": f"[{buttons.get(LOGIN_PAYLOAD, fixed_text('login_button', 'nb'))}]({url})"}

    async def _detach(self, event: dict[str, Any]) -> None:
        """The conversation moved to the own chat page (services/handover.py): the widget is told where it went, and
        its sockets leave it; what they send later gets the same answer."""
        self._deliveries.forget(event["conversation_id"])
        self._buttons.pop(event["conversation_id"], None)
        room = event.get("external_session_id")
        if not room:
            return
        notice = {"text": fixed_text("chat_moved", event.get("language") or "nb")}
        await self.server.emit("bot_uttered", notice, room=room)
        for sid, _ in list(self.server.manager.get_participants("/", room)):
            if self._hub is not None:  # the chat goes on in the own chat page, whose socket the hub sees
                self._hub.bruker_page_closed(sid, event["conversation_id"])
            await self.server.save_session(sid, {"moved": notice})
            await self.server.leave_room(sid, room)

    async def _replay(self, sid: str, conversation_id: str, token: str) -> None:
        """A continued session gets what its widget may have missed: what was said while no socket of it was
        connected (a reload), and what was written to a connection that died unnoticed (a network change) before it
        was proven received (router/web/socketio_delivery.py).

        Known only to the router that delivered the earlier messages; elsewhere nothing is replayed, so a widget
        that kept its own history never shows a message twice (the project's widget reads the history itself).
        """
        after = self._deliveries.replay_after(conversation_id)
        if after is None:
            return
        history = await conversations.messages_for_user(self._deps, conversation_id, token, after)
        self._deliveries.replayed(conversation_id)
        for message in history["messages"]:
            if message["sender"] != "user":
                await self._utter(conversation_id, message, sid)
                self._deliveries.sent(sid, conversation_id, message["seq"], time.time())
