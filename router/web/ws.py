"""WebSocket hub for the bruker's chat, the console and the dashboard, fed by the EventBus in one task."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Hashable
from datetime import datetime
from typing import Any

from aiohttp import WSMsgType, web

from router.domain.access import ConversationScope, Role, StaffUser, answers_brukere, may_see
from router.services import assignment, bruker_presence, inbox, notify, receive, replies
from router.services.conversations import authenticated
from router.services.deps import Deps
from router.services.dispatch import offline_if_gone
from router.services.errors import Forbidden, InvalidInput, NotFound, ServiceError
from router.services.relay import is_client_msg_id
from router.services.staff import (
    AT_WORK_WITHIN,
    FEED_BEAT,
    audit_live_read,
    audit_refused,
    dashboard_seen,
    feed_closed,
    feed_seen,
    session_ends_at,
    session_key,
    why_session_ended,
)
from router.web.limits import LIMITS, MESSAGES_REFUSED, retry_after_seconds
from router.web.middleware import UNEXPECTED, is_own_origin, staff_text, status_of
from router.web.schemas import StaffReplyFrame, UserSendFrame, parse_json

log = logging.getLogger(__name__)

AUTH_TIMEOUT_S = 10.0
HEARTBEAT_S = 25.0
# A staff session's end is looked at again no sooner than the first (it moves on while the screen is used) and no
# later than the second (a clock set right, a session ended by other means).
SESSION_RECHECK_MIN_S = 5.0
SESSION_RECHECK_MAX_S = 300.0
HANDED_BACK_KEPT_S = 60.0
# After the grace period (Settings.bruker_gone_after_s) a router asks the others whether they hold a page of the
# bruker (a reload may have reached another router), and waits this long for the answer.
PRESENCE_PROBE_WAIT_S = 1.0
# The hub's own events between routers about the bruker's pages: never pushed to a client.
BRUKER_HERE = "bruker_here"
PRESENCE_PROBE = "bruker_presence_probe"
# A bruker who polled within this long has a page open (the widget polls every 3 s while its socket is down).
POLL_COUNTS_AS_A_PAGE_S = 10.0
# A chat taken while its bruker's page has been away at least this long (or since a time not known here) tells the
# veileder at once that she is not there; a page closed just before the take (a reload) keeps its grace period.
AWAY_AT_TAKE_S = 10.0
SESSION_ENDED = 4401
Listener = Callable[[dict[str, Any]], Awaitable[None]]
# Events that carry what a conversation says (a staff screen showing them has read it).
CONTENT_EVENTS = frozenset({"message", "message_updated", "typing", "history"})
# Replies one staff socket may have waiting for their commit; beyond it the console is told to slow down.
MAX_REPLIES_IN_FLIGHT = 256


class OwnCopies:
    """Per socket, the messages it sent (by client_msg_id) whose stored copy it gets in its answer (``sent``,
    ``reply_ack``): the hub then skips pushing the same message to that socket once, and sends it to the sender's
    other sockets (another tab) as before. A copy that never comes (a retry of a message already stored publishes
    nothing) leaves its mark behind; the oldest marks go beyond MAX_MARKS, and all of a socket's when it closes.
    Only ids the message rule accepts are marked, so a mark is small whatever a client sends.
    """

    MAX_MARKS = 64

    def __init__(self) -> None:
        self._marks: dict[web.WebSocketResponse, dict[str, None]] = {}

    def expect(self, ws: web.WebSocketResponse, client_msg_id: Any) -> None:
        if not is_client_msg_id(client_msg_id):
            return  # refused as the POST refuses it: nothing is published
        marks = self._marks.setdefault(ws, {})
        marks[client_msg_id] = None
        if len(marks) > self.MAX_MARKS:
            del marks[next(iter(marks))]

    def without_senders(self, sockets: Any, frame: dict[str, Any], sender: str) -> list[web.WebSocketResponse]:
        """``sockets`` less those that sent this frame's message (by ``sender``: "user" on the bruker's sockets,
        "veileder" on staff sockets) and have it already; each mark is used once."""
        message = frame.get("message") if frame.get("type") == "message" else None
        client_msg_id = message.get("client_msg_id") if message and message.get("sender") == sender else None
        if client_msg_id is None or not self._marks:
            return list(sockets)
        return [ws for ws in sockets if not self._take(ws, client_msg_id)]

    def _take(self, ws: web.WebSocketResponse, client_msg_id: str) -> bool:
        marks = self._marks.get(ws)
        if marks is None or client_msg_id not in marks:
            return False
        del marks[client_msg_id]
        return True

    def forget(self, ws: web.WebSocketResponse) -> None:
        self._marks.pop(ws, None)


def new_socket() -> web.WebSocketResponse:
    """A bruker's or staff screen's socket: without permessage-deflate, though browsers offer it (a chat frame is a
    few hundred bytes, and zlib's state would be held for as long as the socket is open: 200 open chats took the
    router from 87 MB to 125 MB with it); the handshake then agrees on plain frames. Socket.IO's sockets are made by
    python-engineio, which cannot be told: middleware.uncompressed_websockets_middleware takes the offer off."""
    return web.WebSocketResponse(heartbeat=HEARTBEAT_S, max_msg_size=16_384, compress=False)


def origin_allowed(request: web.Request, allowed: tuple[str, ...]) -> bool:
    """Browsers send Origin: it must be this site (NAVCHAT_PUBLIC_ORIGIN when set, else this host) or a configured
    one. Non-browser clients send none."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    if origin in allowed:
        return True
    return is_own_origin(request, origin)


def _scope(event: dict[str, Any]) -> ConversationScope:
    return ConversationScope(
        enhetsnummer=event.get("enhetsnummer"),
        diskresjonskode=event.get("diskresjonskode"),
        skjermet=bool(event.get("skjermet")),
        veileder_id=event.get("veileder_id"),
        handed_off=bool(event.get("handed_off")),
    )


def _watch_frame(data: str) -> dict[str, Any] | None:
    """The staff screen's ``watch`` frame, or None (a reply frame, or nothing readable: the reply path answers)."""
    with contextlib.suppress(ValueError, RecursionError):
        frame = json.loads(data)
        if isinstance(frame, dict) and frame.get("type") == "watch":
            return frame
    return None


def _is_ping(data: str) -> bool:
    """``{"type": "ping"}`` from the bruker's page or a staff screen: answered ``{"type": "pong"}``, nothing else
    done."""
    if len(data) > 64 or '"ping"' not in data:
        return False
    with contextlib.suppress(ValueError):
        frame = json.loads(data)
        return isinstance(frame, dict) and frame.get("type") == "ping"
    return False


def frame_for_user(event: dict[str, Any]) -> dict[str, Any] | None:
    kind = event.get("type")
    if kind == "message":
        return {"type": "message", "message": event["message_user"]}
    if kind == "message_updated" and event.get("message_user"):
        return {"type": "message_updated", "message": event["message_user"]}
    if kind == "state":
        return {"type": "state", "conversation": event["conversation_user"]}
    if kind == "typing" and event.get("sender") == "veileder":
        return {"type": "typing", "sender": "veileder", "typing": event["typing"]}
    if kind == "read" and event.get("reader") == "veileder":
        return {"type": "read", "seq": event["seq"]}
    return None


def frame_for_staff(event: dict[str, Any]) -> dict[str, Any] | None:
    kind = event.get("type")
    conversation_id = event.get("conversation_id")
    if kind in ("message", "message_updated"):
        return {"type": "message", "conversation_id": conversation_id, "message": event["message_staff"]}
    if kind == "state":
        return {"type": "state", "conversation": event["conversation_staff"]}
    if kind == "typing" and event.get("sender") == "user":
        return {"type": "typing", "conversation_id": conversation_id, "typing": event["typing"]}
    if kind == "read" and event.get("reader") == "user":
        return {"type": "read", "conversation_id": conversation_id, "seq": event["seq"]}
    if kind == "presence":
        return {"type": "presence", "enhetsnummer": event.get("enhetsnummer")}
    if kind == "bruker_presence":
        return {"type": "bruker_presence", "conversation_id": conversation_id, "present": bool(event.get("present")),
                "event": event.get("event")}
    if kind == "history":  # a history row written by staff (an internal note): never in frame_for_user
        return {"type": "history", "conversation_id": conversation_id, "event": event.get("event")}
    if kind == "withdrawn":
        return {"type": "withdrawn", "conversation_id": conversation_id, "by": event.get("by"),
                "text_nb": event.get("text_nb")}
    if kind == "sla_breached":
        # The supervisor alert: the dashboard and the receiving enhet's console see it at once.
        return {"type": "sla_breached", "conversation_id": conversation_id, "enhetsnummer": event.get("enhetsnummer"),
                "action": event.get("action"), "reason": event.get("reason")}
    return None


def _refusal(kind: str, data: str, client_msg_id: Any, status: int, reason: str,
             nb: str | None = None) -> dict[str, Any]:
    """A refused frame's answer (``kind``: reply_error, send_error), naming its client_msg_id when the frame had a
    readable one (the console and the widget match answers to what they sent); ``error_nb`` as over HTTP."""
    if client_msg_id is None:
        with contextlib.suppress(ValueError, AttributeError, RecursionError):  # what parse_json refused
            found = json.loads(data).get("client_msg_id")
            client_msg_id = found if isinstance(found, str) and len(found) <= 64 else None
    answer = {"type": kind, "client_msg_id": client_msg_id, "status": status, "error": reason}
    return answer if nb is None else {**answer, "error_nb": nb}


# What a staff socket serves: only a console's feed says its veileder is at work (the kontaktsenter's dashboard, left
# open, kept someone whose console had closed available for chats).
STAFF_SCREENS = ("console", "dashboard")


class WsHub:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps
        self._users: dict[str, set[web.WebSocketResponse]] = {}
        # A bruker's socket between joining and its ``ready`` frame: what is published meanwhile waits here, so
        # ``ready`` is always the first frame and nothing published after the join is lost.
        self._before_ready: dict[web.WebSocketResponse, list[str]] = {}
        # A message sent over a socket comes back to that socket in its answer, not pushed a second time.
        self._own_copies = OwnCopies()
        self._staff: dict[web.WebSocketResponse, StaffUser] = {}
        # each staff screen's session (session_key): its feed closes when the session ends, on any router
        self._staff_sessions: dict[web.WebSocketResponse, str] = {}
        # the screens that are a veileder's console (?screen=console): only their feed says the veileder is at work
        # (the kontaktsenter's page, left open, kept someone whose console closed available for chats)
        self._consoles: set[web.WebSocketResponse] = set()
        self._closing: set[asyncio.Task[None]] = set()
        # which conversations' content each staff screen has been shown (audited once each)
        self._live_reads: dict[web.WebSocketResponse, set[str]] = {}
        # the conversation each staff screen has open ({"type": "watch"}): its content goes there live
        self._watching: dict[web.WebSocketResponse, str] = {}
        self._listeners: list[Listener] = []
        # per session that ended by time: the conversations that went back to the queue (_hand_back_once)
        self._handed_back: dict[str, asyncio.Future[list[str]]] = {}
        # a closed console's veileder, looked at once the time to be counted at work has passed (_when_absent)
        self._absence_checks: set[asyncio.Task[None]] = set()
        # The bruker's side (bruker_presence): each conversation's state as its pages here last heard it; per
        # conversation whose last page here closed with a veileder on it, the check that it comes back; and when a
        # page of it was last seen open on any router (BRUKER_HERE) while that check runs.
        self._user_states: dict[str, str] = {}
        # the bruker's pages here on other transports (socket.io sessions), beside the sockets in _users
        self._pages: dict[str, set[Hashable]] = {}
        self._gone_checks: dict[str, asyncio.Task[None]] = {}
        self._here_at: dict[str, float] = {}
        # since when no page of the bruker has been open here (the clock's time), while its check runs
        self._away_since: dict[str, datetime] = {}
        # a bruker whose widget reads the chat by polling (its socket down): when it last polled here
        self._polled_at: dict[str, float] = {}
        self._shutting_down = False

    def add_listener(self, listener: Listener) -> None:
        """Other transports (socket.io) get every event too."""
        self._listeners.append(listener)

    async def run(self) -> None:
        """Consume the bus for the life of the app (started in a cleanup_ctx)."""
        async for event in self._deps.bus.subscribe():
            try:
                await self._dispatch(event)
            except Exception:
                log.exception("ws.dispatch_failed type=%s", event.get("type"))

    async def _dispatch(self, event: dict[str, Any]) -> None:
        if event.get("type") == "staff_session_ended":
            self._close_session(event.get("session"))
            return
        conversation_id = event.get("conversation_id")
        if event.get("type") in (BRUKER_HERE, PRESENCE_PROBE):
            await self._bruker_signal(event)
            return
        if conversation_id in self._user_states and event.get("type") in ("state", "message"):
            state = (event.get("conversation_user") or {}).get("state") if event["type"] == "state" \
                else event.get("state")
            if state:
                self._user_states[conversation_id] = state
        elif event.get("type") == "state" and (event.get("conversation_user") or {}).get("state") == "ASSIGNED" \
                and isinstance(conversation_id, str) and not self._has_page(conversation_id):
            # Taken while no page of the bruker is open here (they left while waiting, perhaps days ago).
            self._check_at_take(conversation_id)
        user_frame = frame_for_user(event)
        if user_frame and conversation_id in self._users:
            await self._send_all(self._own_copies.without_senders(self._users[conversation_id], user_frame, "user"),
                                 user_frame)
        staff_frame = frame_for_staff(event)
        if staff_frame and self._staff:
            receivers = await self._staff_receivers(event)
            await self._send_all(self._own_copies.without_senders(receivers, staff_frame, "veileder"), staff_frame)
        for listener in self._listeners:
            await listener(event)

    async def _staff_receivers(self, event: dict[str, Any]) -> list[web.WebSocketResponse]:
        """Need to know: nothing of a conversation before a human was asked for; then only to staff who may see
        it; and what it says (messages, typing) is a read, audited once per screen and conversation."""
        if event.get("type") == "presence":
            # To the enhet's own screens and those that watch every queue (a waiting chat's wait depends on who is
            # online); not every office's (probe 165: a Vikafossen veileder going online, which hints at a kode 6
            # chat, reached every staff socket, the revisor's too).
            return [ws for ws, user in self._staff.items()
                    if (answers_brukere(user) and user.enhetsnummer == event.get("enhetsnummer"))
                    or user.id == event.get("veileder_id") or user.has_role(Role.KONTAKTSENTER)
                    or user.has_role(Role.ADMIN)]
        if event.get("type") == "withdrawn":  # to the veileder who had it, whatever they may see now
            return [ws for ws, user in self._staff.items() if user.id == event.get("veileder_id")]
        conversation_id = event.get("conversation_id")
        scope = _scope(event)
        receivers = [ws for ws, user in self._staff.items() if may_see(user, scope)]
        if event.get("type") == "bruker_presence":  # to whoever has the conversation or has it open (no content)
            if event.get("state") == "QUEUED":  # a waiting chat's card in every queue that shows it
                return receivers
            return [ws for ws in receivers
                    if self._staff[ws].id == scope.veileder_id or self._watching.get(ws) == conversation_id]
        if event.get("type") in CONTENT_EVENTS and conversation_id:
            if not event.get("for_staff"):
                return []  # said to the bot after she left the queue: hers and the bot's (Conversation.is_for_staff)
            # What is said goes to the veileder who has the conversation and to screens that have it open, not to
            # every screen that may see it (a probe's kontaktsenter and admin screens got every message, and the
            # audit logged reads by people who never opened the chat).
            receivers = [ws for ws in receivers
                         if self._staff[ws].id == scope.veileder_id or self._watching.get(ws) == conversation_id]
            for ws in receivers:
                seen = self._live_reads.setdefault(ws, set())
                if conversation_id not in seen:
                    seen.add(conversation_id)
                    await audit_live_read(self._deps, self._staff[ws], conversation_id)
        return receivers

    async def _send_all(self, sockets: Any, frame: dict[str, Any]) -> None:
        data = json.dumps(frame)
        for ws in list(sockets):
            if (waiting := self._before_ready.get(ws)) is not None:
                waiting.append(data)
            elif not ws.closed:
                with contextlib.suppress(ConnectionError, RuntimeError):
                    await ws.send_str(data)

    async def serve_user(self, request: web.Request) -> web.WebSocketResponse:
        if not origin_allowed(request, self._deps.settings.allowed_origins):
            raise web.HTTPForbidden(reason="foreign origin")
        conversation_id = request.match_info["id"]
        ws = new_socket()
        await ws.prepare(request)
        try:
            first = await asyncio.wait_for(ws.receive(), AUTH_TIMEOUT_S)
            token = json.loads(first.data).get("token") if first.type == WSMsgType.TEXT else None
            row = await authenticated(self._deps, conversation_id, token if isinstance(token, str) else None)
        except (TimeoutError, ValueError, AttributeError, ServiceError) as error:
            reason = str(error) if isinstance(error, ServiceError) else "send {'type': 'auth', 'token'} first"
            await ws.send_json({"type": "error", "error": reason})
            await ws.close(code=4401, message=b"unauthorized")
            return ws
        waiting = self._before_ready[ws] = []
        self._users.setdefault(conversation_id, set()).add(ws)
        try:
            # Read again now that this socket receives what is published: a change committed since the check above
            # (the language the first message set, in a turn that ran meanwhile) is in this frame, not lost between.
            with contextlib.suppress(ServiceError):
                row = await authenticated(self._deps, conversation_id, token)
            await ws.send_json({"type": "ready", "conversation": notify.user_view(self._deps, row)})
            while waiting:  # what was published meanwhile, in order; no await between the last check and the del
                await ws.send_str(waiting.pop(0))
            del self._before_ready[ws]
            await self._bruker_opened(row.id, row.state.value)
            del row, first  # not held while the socket is open (#12: every open chat's bytes count)
            async for frame in ws:
                # One at a time, in the order sent: the order the bruker wrote them in.
                if frame.type == WSMsgType.TEXT and _is_ping(frame.data):
                    # The widget's own ping (a browser answers the server's WebSocket pings itself, unseen by the
                    # page): a socket gone silently dead is noticed by the page only by a pong that does not come.
                    answer = {"type": "pong"}
                elif frame.type == WSMsgType.TEXT:
                    answer = await self._user_send(request, ws, conversation_id, token, frame.data)
                elif frame.type == WSMsgType.BINARY:
                    answer = _refusal("send_error", "{}", None, 400, "frames are JSON text")
                else:
                    continue
                if not ws.closed:
                    with contextlib.suppress(ConnectionError, RuntimeError):
                        await ws.send_json(answer)
        finally:
            self._before_ready.pop(ws, None)
            self._own_copies.forget(ws)
            sockets = self._users.get(conversation_id)
            if sockets is not None:
                sockets.discard(ws)
                if not sockets:
                    del self._users[conversation_id]
                    if conversation_id not in self._pages:
                        self._bruker_closed(conversation_id)
        return ws

    # --- the bruker's pages (services/bruker_presence.py) ----------------------------------------------------

    async def bruker_page_opened(self, page: Hashable, conversation_id: str, state: str) -> None:
        """A page of the bruker on another transport (a socket.io session) shows this conversation, in ``state``."""
        self._pages.setdefault(conversation_id, set()).add(page)
        await self._bruker_opened(conversation_id, state)

    def bruker_page_closed(self, page: Hashable, conversation_id: str) -> None:
        pages = self._pages.get(conversation_id)
        if pages is None or page not in pages:
            return
        pages.discard(page)
        if not pages:
            del self._pages[conversation_id]
            if conversation_id not in self._users:
                self._bruker_closed(conversation_id)

    async def _bruker_opened(self, conversation_id: str, state: str) -> None:
        """A page of the bruker is open here: other routers waiting to see whether it comes back hear it, and the
        veileder is told it is back when it had gone."""
        self._user_states[conversation_id] = state
        if state not in ("QUEUED", "ASSIGNED"):
            return  # nobody waits for a bruker the bot has; the check is never started for one
        try:
            await self._deps.publish({"type": BRUKER_HERE, "conversation_id": conversation_id})
            await bruker_presence.bruker_back(self._deps, conversation_id)
        except Exception as error:  # the store or the bus away for a moment: presence is not worth a failed chat
            log.warning("ws.bruker_back_failed reason=%s", type(error).__name__)

    async def look_after_chats_at_start(self) -> None:
        """A router that starts (after a crash or a deploy) lost the pages it held, and a bruker who closed theirs
        while it was down was told to nobody: every chat waiting for or with a veileder (not already known gone) gets
        the check a closed page gets. A page that reconnects within the grace period, here or on another router,
        ends it with nothing said."""
        try:
            conversation_ids = await bruker_presence.chats_to_look_after(self._deps)
        except Exception as error:  # the store away at start: the chats' next close or take starts their checks
            log.warning("ws.start_presence_failed reason=%s", type(error).__name__)
            return
        for conversation_id in conversation_ids:
            if not self._has_page(conversation_id):
                self._start_gone_check(conversation_id)

    async def bruker_polled(self, conversation_id: str, state: str) -> None:
        """The bruker's page read the chat by HTTP polling, as the widget does while its socket is down: each poll is
        a page that opened and closed at once. A poll after a gap says the bruker is back; the grace period counts
        from the last poll, so a bruker who only polls is never taken for gone."""
        if state not in ("QUEUED", "ASSIGNED") or conversation_id in self._users or conversation_id in self._pages:
            return
        polled_lately = self._polled_lately(conversation_id)
        self._polled_at[conversation_id] = asyncio.get_running_loop().time()
        if not polled_lately and conversation_id not in self._gone_checks:
            await self._bruker_opened(conversation_id, state)
        self._start_gone_check(conversation_id)
        self._away_since[conversation_id] = self._deps.clock.now()  # seen by this poll

    def _polled_lately(self, conversation_id: str) -> bool:
        lease = min(POLL_COUNTS_AS_A_PAGE_S, self._deps.settings.bruker_gone_after_s)
        return asyncio.get_running_loop().time() - self._polled_at.get(conversation_id, float("-inf")) < lease

    def _bruker_closed(self, conversation_id: str) -> None:
        """The last page of the bruker here closed: waiting for or with a veileder, look again after the grace
        period (a reload or a blip comes back within it)."""
        if self._user_states.pop(conversation_id, None) in ("QUEUED", "ASSIGNED"):
            self._start_gone_check(conversation_id)
            self._away_since[conversation_id] = self._deps.clock.now()

    def _check_at_take(self, conversation_id: str) -> None:
        """A veileder took the chat while no page of the bruker is open here. Her absence from before the take counts
        (probe 107 s4: offline 64 s in the queue, the grace period began again at the take and the veileder wrote for
        70-100 s to nobody): away at least AWAY_AT_TAKE_S, or since a time this router does not know (she left
        while waiting, or her page was on another router), the other routers are asked and the veileder is told at
        once, with since when when known; a page that closed a moment ago keeps the check of its close."""
        away = self._away_since.get(conversation_id)
        if conversation_id in self._gone_checks and away is not None \
                and (self._deps.clock.now() - away).total_seconds() < AWAY_AT_TAKE_S:
            return
        self._start_gone_check(conversation_id, grace_s=0.0)

    def _start_gone_check(self, conversation_id: str, *, grace_s: float | None = None) -> None:
        if self._shutting_down:
            return
        if (earlier := self._gone_checks.get(conversation_id)) is not None:
            earlier.cancel()  # the page came back and closed again: the grace period counts from this close
        wait_s = self._deps.settings.bruker_gone_after_s if grace_s is None else grace_s
        check = asyncio.create_task(self._when_bruker_gone(conversation_id, wait_s))
        self._gone_checks[conversation_id] = check
        check.add_done_callback(lambda done: self._forget_gone_check(conversation_id, done))

    def _forget_gone_check(self, conversation_id: str, check: asyncio.Task[None]) -> None:
        if self._gone_checks.get(conversation_id) is check:
            del self._gone_checks[conversation_id]
            self._here_at.pop(conversation_id, None)
            self._polled_at.pop(conversation_id, None)
            self._away_since.pop(conversation_id, None)

    async def _when_bruker_gone(self, conversation_id: str, wait_s: float) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.sleep(wait_s)
        try:
            if not self._bruker_seen_since(conversation_id, started):
                # Another router may hold a page that opened before this one closed: ask, and wait for the answer.
                await self._deps.publish({"type": PRESENCE_PROBE, "conversation_id": conversation_id})
                await asyncio.sleep(PRESENCE_PROBE_WAIT_S)
            if not self._bruker_seen_since(conversation_id, started):
                await bruker_presence.bruker_left(self._deps, conversation_id,
                                                  grace_s=self._deps.settings.bruker_gone_after_s,
                                                  since=self._away_since.get(conversation_id))
        except Exception as error:
            log.warning("ws.bruker_gone_check_failed reason=%s", type(error).__name__)

    def _bruker_seen_since(self, conversation_id: str, since: float) -> bool:
        return self._has_page(conversation_id) or self._here_at.get(conversation_id, float("-inf")) >= since

    def _has_page(self, conversation_id: str) -> bool:
        return conversation_id in self._users or conversation_id in self._pages or self._polled_lately(conversation_id)

    async def _bruker_signal(self, event: dict[str, Any]) -> None:
        """BRUKER_HERE: noted while a check waits for it. PRESENCE_PROBE: answered when a page is open here."""
        conversation_id = event.get("conversation_id")
        if not isinstance(conversation_id, str):
            return
        if event["type"] == BRUKER_HERE:
            if conversation_id in self._gone_checks:
                self._here_at[conversation_id] = asyncio.get_running_loop().time()
        elif self._has_page(conversation_id):
            await self._deps.publish({"type": BRUKER_HERE, "conversation_id": conversation_id})

    async def _user_send(self, request: web.Request, ws: web.WebSocketResponse, conversation_id: str, token: str,
                         data: str) -> dict[str, Any]:
        """A send frame, handled as a POST of the same message (limits, validation, stored once per client_msg_id,
        its turn started): ``sent`` with the stored message, or ``send_error`` with the status the POST would get
        (and ``retry_after_s`` over a limit). Without the HTTP request around it, the turn starts sooner."""
        client_msg_id: Any = None
        try:
            frame = parse_json(data, UserSendFrame, "the frame")
            client_msg_id = frame.client_msg_id
            limits = request[LIMITS]
            if wait := await limits.take_message(limits.address(request), conversation_id):
                return {**_refusal("send_error", data, client_msg_id, 429, MESSAGES_REFUSED),
                        "retry_after_s": retry_after_seconds(wait)}
            # Before it is stored and published: the hub may push it before this returns.
            self._own_copies.expect(ws, frame.client_msg_id)
            message, _ = await receive.receive_user_message(self._deps, conversation_id, token,
                                                           client_msg_id=frame.client_msg_id, text=frame.text,
                                                           payload=frame.payload)
            return {"type": "sent", "client_msg_id": client_msg_id, "message": message}
        except Exception as error:
            if (known := status_of(error)) is None:
                log.exception("ws.user_send_failed conversation=%s", conversation_id)
            return _refusal("send_error", data, client_msg_id, *(known or UNEXPECTED))

    async def serve_staff(self, request: web.Request, user: StaffUser, session_token: str) -> web.WebSocketResponse:
        if not origin_allowed(request, self._deps.settings.allowed_origins):
            raise web.HTTPForbidden(reason="foreign origin")
        screen = request.query.get("screen", "console")
        if screen not in STAFF_SCREENS:
            raise InvalidInput(f"screen must be one of {', '.join(STAFF_SCREENS)}")
        console = screen == "console"
        ws = new_socket()
        await ws.prepare(request)
        self._staff[ws] = user
        self._staff_sessions[ws] = session_key(session_token)
        if console:
            self._consoles.add(ws)
        in_flight: set[asyncio.Task[None]] = set()
        watching = asyncio.create_task(self._close_when_session_ends(ws, session_token))
        beating = asyncio.create_task(self._say_the_feed_is_open(session_token, user.id)) if console else None
        try:
            if not console:
                await dashboard_seen(self._deps, session_token)  # its refreshes say nothing of a console (at_work)
            await ws.send_json({"type": "ready", "user": user.username})
            async for frame in ws:
                if frame.type != WSMsgType.TEXT:
                    continue
                if _is_ping(frame.data):
                    # The page's own ping, as the widget's: a feed gone silently dead (the network cut) is noticed by
                    # the pong that does not come (probe 164: "Direkte oppdatering" shown while offline).
                    await ws.send_json({"type": "pong"})
                    continue
                if '"watch"' in frame.data and (watch := _watch_frame(frame.data)) is not None:
                    await self._watch(ws, user, watch)
                    continue
                if len(in_flight) >= MAX_REPLIES_IN_FLIGHT:
                    await ws.send_json(_refusal("reply_error", frame.data, None, 429,
                                                "too many replies waiting; wait for their answers"))
                    continue
                # Not awaited here: the socket keeps reading, so a console's replies can share a commit.
                task = asyncio.create_task(self._staff_reply(ws, user, session_token, frame.data))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
        finally:
            watching.cancel()
            if beating is not None:
                beating.cancel()
            self._staff.pop(ws, None)
            key = self._staff_sessions.pop(ws, None)
            self._consoles.discard(ws)
            self._live_reads.pop(ws, None)
            self._watching.pop(ws, None)
            if not self._shutting_down and beating is not None and not self._console_of(key):
                # A task of its own: a socket the browser dropped may cancel this handler at its next await.
                said = asyncio.create_task(self._say_the_feed_closed(session_token, beating))
                self._absence_checks.add(said)
                said.add_done_callback(self._absence_checks.discard)
            # What was sent is stored and pushed to the bruker even when this socket has gone.
            if in_flight:
                await asyncio.wait(in_flight)
            self._own_copies.forget(ws)  # after the replies: each marks its message first
            if not self._shutting_down and console and not self._console_open_for(user.id):
                check = asyncio.create_task(self._when_absent(user.id))
                self._absence_checks.add(check)
                check.add_done_callback(self._absence_checks.discard)
        return ws

    async def _say_the_feed_is_open(self, session_token: str, veileder_id: int) -> None:
        """Every FEED_BEAT while the console is open: its veileder is at work, though idle (staff.at_work). When
        its feed had closed (a reload; another router's socket closed), the waiting chats may come to them again."""
        while True:
            try:
                if await feed_seen(self._deps, session_token):
                    await assignment.veileder_available(self._deps, veileder_id)
            except Exception as error:  # the store away for a moment: the next beat says it
                log.warning("ws.feed_beat_failed reason=%s", type(error).__name__)
            await asyncio.sleep(FEED_BEAT.total_seconds())

    async def _say_the_feed_closed(self, session_token: str, beat: asyncio.Task[None]) -> None:
        """The last socket of this session on this router closed: nothing new is assigned to its veileder unless
        another of their consoles is open (staff.console_closed); a reload reopens it within seconds."""
        await asyncio.gather(beat, return_exceptions=True)  # its last "open" must not land after this
        if self._console_of(session_key(session_token)):
            return  # reloaded meanwhile on this router: its feed is open again (a later "closed" would hide it)
        try:
            await feed_closed(self._deps, session_token)
        except Exception as error:  # the absence check and the sweep still find them gone
            log.warning("ws.feed_close_failed reason=%s", type(error).__name__)

    def _console_of(self, key: str | None) -> bool:
        """A console of this session is open on this router."""
        return any(self._staff_sessions.get(ws) == key for ws in self._consoles)

    def _console_open_for(self, veileder_id: int) -> bool:
        """A console of this veileder is open on this router."""
        return any(user.id == veileder_id for ws in self._consoles if (user := self._staff.get(ws)) is not None)

    async def _when_absent(self, veileder_id: int) -> None:
        """The last console of a veileder closed (on this router): once they can no longer count as at work, they
        go offline unless they came back (a reload, another tab or router beats meanwhile), without waiting for
        the sweep (dispatch.offline_when_gone, which also covers a router that died)."""
        await asyncio.sleep(AT_WORK_WITHIN.total_seconds() + 1)
        try:
            await offline_if_gone(self._deps, veileder_id)
        except Exception as error:
            log.warning("ws.absence_check_failed reason=%s", type(error).__name__)

    async def _watch(self, ws: web.WebSocketResponse, user: StaffUser, frame: dict[str, Any]) -> None:
        """``{"type": "watch", "conversation_id": id | null}``: the conversation this screen has open (null: none),
        answered ``watching``; refused (``watch_error``) for one it may not see."""
        conversation_id = frame.get("conversation_id")
        answer: dict[str, Any] = {"type": "watching", "conversation_id": None}
        if conversation_id is None:
            self._watching.pop(ws, None)
        elif isinstance(conversation_id, str) and len(conversation_id) <= 64 \
                and await inbox.may_watch(self._deps, user, conversation_id):
            self._watching[ws] = conversation_id
            answer["conversation_id"] = conversation_id
        else:
            self._watching.pop(ws, None)
            answer = {"type": "watch_error", "status": 404, "error": "no such conversation to watch"}
            if isinstance(conversation_id, str) and len(conversation_id) <= 64:
                # Audited as an HTTP read's refusal is (staff.audit_refused: only one of access, on one that exists).
                await audit_refused(self._deps, user, "watch", conversation_id, reading=True)
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_json(answer)

    async def _staff_reply(self, ws: web.WebSocketResponse, user: StaffUser, session_token: str, data: str) -> None:
        """A reply frame: answered with reply_ack once stored and pushed, or reply_error with the status a POST of
        it would get; a session that has ended closes the socket (the console logs in again)."""
        client_msg_id: Any = None
        frame: StaffReplyFrame | None = None
        try:
            frame = parse_json(data, StaffReplyFrame, "the frame")
            client_msg_id = frame.client_msg_id
            # Before it is stored and published: the hub may push it before this returns.
            self._own_copies.expect(ws, frame.client_msg_id)
            message = await replies.reply(self._deps, frame.conversation_id, user, frame.text, frame.client_msg_id,
                                          session_token=session_token)
            answer: dict[str, Any] = {"type": "reply_ack", "client_msg_id": client_msg_id, "message": message}
        except Exception as error:
            if isinstance(error, (Forbidden, NotFound)) and frame is not None:
                # Audited as a refused POST .../messages is (staff_api.refusals_audited).
                await audit_refused(self._deps, user, "reply", frame.conversation_id)
            if (known := status_of(error)) is None:
                log.exception("ws.staff_reply_failed")
            answer = _refusal("reply_error", data, client_msg_id, *(known or UNEXPECTED), nb=staff_text(error))
        if ws.closed:
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_json(answer)
            if answer.get("status") == 401:
                await ws.close(code=SESSION_ENDED, message=b"session ended")

    async def _close_when_session_ends(self, ws: web.WebSocketResponse, session_token: str) -> None:
        """Nothing more reaches a screen whose session ended by time (idle or expired): woken when the session
        would end unless used, it looks again, and closes the feed once it has. A logout closes it at once
        (_close_session)."""
        while True:
            try:
                ends = await session_ends_at(self._deps, session_token)
            except Exception as error:  # the store away for a moment: looked at again soon
                log.warning("ws.session_check_failed reason=%s", type(error).__name__)
                await asyncio.sleep(SESSION_RECHECK_MIN_S)
                continue
            if ends is None:
                break
            wait_s = (ends - self._deps.clock.now()).total_seconds()
            await asyncio.sleep(min(max(wait_s, SESSION_RECHECK_MIN_S), SESSION_RECHECK_MAX_S))
        await self._say_why_it_ended(ws, session_token)
        self._end_feed(ws)

    async def _say_why_it_ended(self, ws: web.WebSocketResponse, session_token: str) -> None:
        """Before the feed closes: the veileder's chats go back to the queue now (not at the next sweep), and the
        screen is told why the session ended and how many went back, to say on the login form (a tester's veileder
        was only told "Du er logget ut")."""
        user = self._staff.get(ws)
        if user is None:  # ended by a logout meanwhile: _close_session closes it
            return
        try:
            reason_nb = await why_session_ended(self._deps, session_token)
            returned = await self._hand_back_once(session_key(session_token), user.id)
        except Exception as error:  # the store away: the sweep hands them back; the screen says less
            log.warning("ws.session_end_failed reason=%s", type(error).__name__)
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.send_json({"type": "session_ended", "reason_nb": reason_nb, "returned_to_queue": len(returned)})

    async def _hand_back_once(self, key: str, veileder_id: int) -> list[str]:
        """Once per session, however many screens it has open: each screen is told the same."""
        task = self._handed_back.get(key)
        if task is None:
            task = self._handed_back[key] = asyncio.ensure_future(offline_if_gone(self._deps, veileder_id))
            asyncio.get_running_loop().call_later(HANDED_BACK_KEPT_S, self._handed_back.pop, key, None)
        return await asyncio.shield(task)

    def _close_session(self, key: Any) -> None:
        for ws in [ws for ws, session in self._staff_sessions.items() if session == key]:
            self._end_feed(ws)

    def _end_feed(self, ws: web.WebSocketResponse) -> None:
        """Out of the receivers at once (nothing more is pushed to it); the close handshake runs on its own, so a
        slow client never holds up the hub."""
        self._staff.pop(ws, None)
        self._staff_sessions.pop(ws, None)
        self._consoles.discard(ws)
        closing = asyncio.create_task(self._close_ended(ws))
        self._closing.add(closing)
        closing.add_done_callback(self._closing.discard)

    @staticmethod
    async def _close_ended(ws: web.WebSocketResponse) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            await ws.close(code=SESSION_ENDED, message=b"session ended")

    async def close_all(self) -> None:
        self._shutting_down = True  # consoles closed by a shutdown are not absences: they come back elsewhere
        for check in [*self._absence_checks, *self._gone_checks.values()]:
            check.cancel()
        for ws in [*self._staff, *(w for s in self._users.values() for w in s)]:
            with contextlib.suppress(Exception):
                await ws.close(code=1001, message=b"server shutdown")
